"""Small helpers shared by the write side, the read side and the migrations of the store."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from sitrep.errors import StoreError
from sitrep.records import CERTAINTY_ORDER


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
    elif "not a database" in text or "malformed" in text:
        why = f"not a sitrep database or it is damaged ({exc})"
    elif "locked" in text or "busy" in text:
        why = f"another process holds a lock on it ({exc})"
    elif "unable to open" in text:
        why = f"cannot open it: missing folder or no permission ({exc})"
    else:
        why = str(exc)
    return StoreError(f"store {path}: cannot {doing}: {why}")


def _chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
