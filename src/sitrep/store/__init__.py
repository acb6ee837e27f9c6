"""The embedded event store (one SQLite file): `Store` writes batches and clusters (store.py), reads through
the queries of queries.py, and keeps its schema by the migrations of migrations.py."""
from __future__ import annotations

from sitrep.store.common import _chunked, _explain, _now, certainty_rank
from sitrep.store.migrations import MIGRATIONS, SCHEMA_VERSION, _statements, log
from sitrep.store.queries import Filters, StoreQueries, _date_window, _filter_sql
from sitrep.store.store import BUSY_TIMEOUT_MS, Store, WriteBatch, default_db_path

__all__ = [
    "BUSY_TIMEOUT_MS", "MIGRATIONS", "SCHEMA_VERSION", "Filters", "Store", "StoreQueries", "WriteBatch",
    "certainty_rank", "default_db_path",
]
