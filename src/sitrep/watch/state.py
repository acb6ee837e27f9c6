"""Feed state kept in the store file (tables `watch_feeds` and `watch_entries`, store migration 4): validators
for conditional GET, when each feed is next due, its failures, and the entries already taken in, so a restart
neither refetches nor re-ingests."""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from sitrep.records import Record
from sitrep.store import Store


@dataclass(frozen=True)
class FeedState(Record):
    """What is remembered of one feed between polls and runs."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    next_poll: float = 0.0
    failures: int = 0
    last_status: str | None = None
    last_error: str | None = None
    last_poll: str | None = None
    last_ok: str | None = None
    entries: int = 0
    stored: int = 0


_FIELDS = ("url", "etag", "last_modified", "next_poll", "failures", "last_status", "last_error", "last_poll",
           "last_ok", "entries", "stored")


def now_iso() -> str:
    """The time now, UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class WatchState:
    """The watch tables of one store file (its own connection; the store must exist)."""

    def __init__(self, db: Path) -> None:
        with Store.open(db):  # creates the store, or brings an older one up to date (the watch tables included)
            pass
        self.conn = sqlite3.connect(str(db), timeout=30)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def get(self, url: str) -> FeedState:
        """The feed's state (a fresh one when never polled)."""
        row = self.conn.execute(f"SELECT {', '.join(_FIELDS)} FROM watch_feeds WHERE url = ?", (url,)).fetchone()
        return FeedState(**dict(zip(_FIELDS, row))) if row else FeedState(url)

    def put(self, state: FeedState) -> None:
        """Save the feed's state."""
        values = [getattr(state, f) for f in _FIELDS]
        with self.conn:
            self.conn.execute(f"INSERT OR REPLACE INTO watch_feeds({', '.join(_FIELDS)}) VALUES "
                              f"({', '.join('?' for _ in _FIELDS)})", values)

    def seen(self, feed: str, key: str) -> bool:
        """Whether the entry was taken in before."""
        return self.conn.execute("SELECT 1 FROM watch_entries WHERE feed = ? AND key = ?", (feed, key)).fetchone() is not None

    def mark_seen(self, feed: str, keys: Iterable[str]) -> None:
        """Remember entries as taken in."""
        stamp = now_iso()
        with self.conn:
            self.conn.executemany("INSERT OR IGNORE INTO watch_entries(feed, key, seen) VALUES (?, ?, ?)",
                                  [(feed, k, stamp) for k in keys])


def feed_health(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each watched feed's state as a dict (for `sitrep stats`), read through an open store connection (the
    store's own, so a read-only store opens as it always does); [] when the store was never watched into."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "watch_feeds" not in tables:
        return []
    rows = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM watch_feeds ORDER BY url").fetchall()
    return [dict(zip(_FIELDS, row)) for row in rows]
