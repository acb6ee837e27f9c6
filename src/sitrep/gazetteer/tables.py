"""The shipped tables the gazetteer is built from and the place finder reads: countries, provinces, demonyms,
province abbreviations and the place keyword lists (data/*.tsv, data/place_words.yaml)."""
from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

from sitrep.resources import read_text, read_yaml

GEONAMES_CREDIT = "# Derived from GeoNames (www.geonames.org), licensed CC-BY 4.0."


@functools.lru_cache(maxsize=1)
def place_words() -> dict[str, Any]:
    """The keyword lists of place_words.yaml (lists become frozensets, aliases a dict)."""
    raw = read_yaml("place_words.yaml")
    out: dict[str, Any] = {}
    for key, val in raw.items():
        out[key] = frozenset(str(v).lower() for v in val) if isinstance(val, list) else val
    return out


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = read_text(name)
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
def country_modifiers() -> dict[str, str]:
    """A country's short name or abbreviation as written before a noun ("U.S. troops") -> ISO2, exact spelling."""
    return {row["word"].strip(): row["country"].strip() for row in _read_tsv("country_modifiers.tsv")}


@functools.lru_cache(maxsize=1)
def admin2_table() -> dict[str, tuple[str, ...]]:
    """Name key of a second-level division ("maguindanao", "sultan kudarat", "lohit") -> the GeoNames admin1
    codes of the provinces that hold a division so named (admin2.tsv, derived by scripts/derive_admin2.py)."""
    from sitrep.gazetteer.names import normalise

    out: dict[str, list[str]] = {}
    for row in _read_tsv("admin2.tsv"):
        key = normalise(row["name"])
        if key and row["admin1"] not in out.setdefault(key, []):
            out[key].append(row["admin1"])
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def admin2_points() -> dict[str, tuple[tuple[str, float, float, int], ...]]:
    """Name key of a second-level division ("douglas") -> (admin1 code, lat, lon, towns listed) of each division
    so named: the mean point of its towns (admin2.tsv), where a county is to within its own size."""
    from sitrep.gazetteer.names import normalise

    out: dict[str, list[tuple[str, float, float, int]]] = {}
    for row in _read_tsv("admin2.tsv"):
        key = normalise(row["name"])
        if key and row.get("lat") and row.get("lon"):
            out.setdefault(key, []).append((row["admin1"], float(row["lat"]), float(row["lon"]), int(row["towns"])))
    return {k: tuple(v) for k, v in out.items()}


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
def admin1_ids() -> dict[str, int]:
    """GeoNames admin1 code ("US.GA") -> the province's geonameid."""
    return {r["code"]: int(r["geonameid"]) for r in admin1_table()}
