"""Output writers: each renders a stream of Events to a text stream (JSON, JSONL, ACLED CSV, GeoJSON, table,
Parquet). One module per format registers itself with `@writer(name, suffix=, media_type=, binary=)`
(registry.py); importing this package imports them all, so the registry is complete."""
from __future__ import annotations

# the format modules, in the order they register
from sitrep.writers import json_array, json_lines, csv_acled, geojson, table, parquet  # noqa: F401  isort: skip
from sitrep.writers.acled import CSV_COUNTS, INTER_CODES, TIME_PRECISION, _inter, fatalities
from sitrep.writers.csv_acled import CSV_COLUMNS, _FORMULA_START, _actor_name, _safe_cell, csv_row, write_csv
from sitrep.writers.geojson import geojson_feature, write_geojson
from sitrep.writers.json_array import _dumps, _write_items, write_json
from sitrep.writers.json_lines import write_jsonl
from sitrep.writers.parquet import PARQUET_ROW_GROUP, _iso_day, parquet_row, parquet_schema, write_parquet
from sitrep.writers.registry import (_WRITERS, UnknownWriterError, WriterFn, WriterSpec, get_writer, writer,
                                     writer_for_suffix, writer_names, writer_spec, writers)
from sitrep.writers.table import _date_cell, _shorten, format_count, write_table

__all__ = [
    "CSV_COLUMNS", "CSV_COUNTS", "INTER_CODES", "PARQUET_ROW_GROUP", "TIME_PRECISION", "UnknownWriterError",
    "WriterFn", "WriterSpec", "csv_row", "fatalities", "format_count", "geojson_feature", "get_writer",
    "parquet_row", "parquet_schema", "writer", "writer_for_suffix", "writer_names", "writer_spec", "writers",
    "write_csv", "write_geojson", "write_json", "write_jsonl", "write_parquet", "write_table",
]
