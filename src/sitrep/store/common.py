"""Small helpers shared by the write side, the read side and the migrations of the store."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from sitrep.errors import StoreDamagedError, StoreError
from sitrep.records import CERTAINTY_ORDER, stable_hash


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def singleton_cluster_id(event_id: str) -> str:
    """The id of the cluster an event forms on its own (sitrep.dedup.cluster_id of one event)."""
    return "c" + stable_hash(event_id, length=15)


def certainty_rank(certainty: str) -> int:
    """0 for confirmed .. 3 for unconfirmed (unknown values rank as least certain)."""
    return CERTAINTY_ORDER.index(certainty) if certainty in CERTAINTY_ORDER else len(CERTAINTY_ORDER)


def _explain(exc: sqlite3.Error, path: Path, doing: str) -> StoreError:
    """A StoreError whose message says what went wrong in words a user can act on."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        why = "the database is read-only (file permissions, a read-only mount or mode=ro)"
    elif "full" in text or "disk i/o" in text or "no space" in text:
        why = f"the disk is full or failing ({exc})"
    elif "malformed" in text:
        return damaged(path, str(exc), doing)
    elif "not a database" in text:
        why = f"not a sitrep database or it is damaged ({exc})"
    elif "locked" in text or "busy" in text:
        why = f"another process holds a lock on it ({exc})"
    elif "unable to open" in text:
        why = f"cannot open it: missing folder or no permission ({exc})"
    else:
        why = str(exc)
    return StoreError(f"store {path}: cannot {doing}: {why}")


def damaged(path: Path, detail: str, doing: str = "read it") -> StoreDamagedError:
    """The typed error for a store whose pages are damaged, saying what to do about it."""
    return StoreDamagedError(
        f"store {path}: cannot {doing}: the file is damaged ({detail}). Restore it from a backup, or save what "
        f"can be read with `sqlite3 {path} .recover | sqlite3 recovered.db`, or ingest the inputs again into a "
        "new store (--db new.db); retrying on this file will fail again")


def _chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def dissolve_clusters_of(conn: sqlite3.Connection, article_rowid: int) -> None:
    """Drop the clusters an article's events are in and unlink all their members (inside a write transaction):
    they are unclustered until dedup merges them again (readers list each on its own meanwhile)."""
    ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT cluster FROM events WHERE article_rowid = ? AND cluster IS NOT NULL", (article_rowid,))]
    for chunk in _chunked(ids, 500):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"UPDATE events SET cluster = NULL WHERE cluster IN ({marks})", chunk)
        conn.execute(f"DELETE FROM clusters WHERE id IN ({marks})", chunk)
