"""The store's schema: versioned migrations (PRAGMA user_version says how many are applied) and the checks
that a file's version fits this sitrep."""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, Union

from sitrep.errors import StoreError
from sitrep.store.rekey import rekey_legacy_ids

# the store's one logger keeps its name (log lines under --verbose show it)
log = logging.getLogger("sitrep.store")

# Each entry moves the schema one version up; PRAGMA user_version says how many have been applied.
# An entry is an SQL script or, for data that SQL cannot rewrite, a function of the connection; each runs in
# its own transaction. Never edit an applied entry: append a new one.
Migration = Union[str, Callable[[sqlite3.Connection], None]]
MIGRATIONS: tuple[Migration, ...] = (
    # 1: the tables of DESIGN.md
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,          -- the id the input gave
        hash TEXT NOT NULL,               -- content hash: same id and hash = already ingested
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        published TEXT,
        published_from TEXT,
        source TEXT,
        url TEXT,
        language TEXT,
        origin TEXT,                      -- file[:line] it was read from
        n_events INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE clusters (
        id TEXT PRIMARY KEY,              -- 'c' + hash of the first member's event id
        type TEXT NOT NULL,
        subtype TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        country TEXT,
        admin1 TEXT,
        lat REAL,
        lon REAL,
        certainty TEXT NOT NULL,
        certainty_rank INTEGER NOT NULL,  -- 0 confirmed .. 3 unconfirmed, for --min-certainty
        historical INTEGER NOT NULL,
        n_events INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        agreement INTEGER NOT NULL,       -- independent outlets that report it
        record TEXT NOT NULL              -- the merged Event as JSON
    );
    CREATE INDEX clusters_date ON clusters(date_start);
    CREATE INDEX clusters_country ON clusters(country, date_start);
    CREATE TABLE events (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        article TEXT NOT NULL,
        type TEXT NOT NULL,
        subtype TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        country TEXT,
        admin1 TEXT,
        lat REAL,
        lon REAL,
        geo_precision INTEGER,
        certainty TEXT NOT NULL,
        certainty_rank INTEGER NOT NULL,
        historical INTEGER NOT NULL,
        cluster TEXT REFERENCES clusters(id) ON DELETE SET NULL,
        record TEXT NOT NULL              -- the Event as JSON (Event.as_dict)
    );
    CREATE INDEX events_id ON events(id);
    CREATE INDEX events_article ON events(article_rowid);
    CREATE INDEX events_date ON events(date_start);
    CREATE INDEX events_country ON events(country, date_start);
    CREATE INDEX events_cluster ON events(cluster);
    CREATE TABLE sources (
        event_rowid INTEGER NOT NULL REFERENCES events(rowid) ON DELETE CASCADE,
        name TEXT,
        text TEXT NOT NULL,
        kind TEXT NOT NULL
    );
    CREATE INDEX sources_event ON sources(event_rowid);
    CREATE INDEX sources_name ON sources(name);
    CREATE TABLE evidence (
        event_rowid INTEGER NOT NULL REFERENCES events(rowid) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX evidence_event ON evidence(event_rowid);
    CREATE TABLE quarantine (
        path TEXT NOT NULL,
        line INTEGER NOT NULL DEFAULT 0,  -- 0: the whole file
        reason TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (path, line)
    );
    -- full-text search over articles, kept in step by triggers (external content: no second copy of the text)
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    -- map queries: a bounding box over event coordinates
    CREATE VIRTUAL TABLE events_geo USING rtree(rowid, min_lat, max_lat, min_lon, max_lon);
    CREATE TRIGGER events_geo_insert AFTER INSERT ON events WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
        INSERT INTO events_geo VALUES (new.rowid, new.lat, new.lat, new.lon, new.lon);
    END;
    CREATE TRIGGER events_geo_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_geo WHERE rowid = old.rowid;
    END;
    """,
    # 2: articles stored under the old line-number and "stdin" ids get today's content-hash ids (store/rekey.py)
    rekey_legacy_ids,
    # 3: articles the relevance gate held back (stored, not parsed; re-extracted by `sitrep ingest --no-gate`)
    """
    ALTER TABLE articles ADD COLUMN gated INTEGER NOT NULL DEFAULT 0;  -- 1: held back by the gate, not parsed
    ALTER TABLE articles ADD COLUMN gate_score REAL;                   -- the gate's score when it ran
    CREATE INDEX articles_gated ON articles(gated) WHERE gated = 1;
    """,
    # 4: what `sitrep watch` remembers of each feed between polls and runs (watch/state.py), and the entries it took in
    """
    CREATE TABLE IF NOT EXISTS watch_feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        next_poll REAL NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        last_status TEXT,
        last_error TEXT,
        last_poll TEXT,
        last_ok TEXT,
        entries INTEGER NOT NULL DEFAULT 0,
        stored INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS watch_entries (
        feed TEXT NOT NULL,
        key TEXT NOT NULL,
        seen TEXT NOT NULL,
        PRIMARY KEY (feed, key)
    );
    """,
    # 5: the article's country hint (Article.country), kept so that an article read back from the store (`sitrep gated
    # -f jsonl`, then `ingest --no-gate`) is resolved with the same prior it was first read with
    """
    ALTER TABLE articles ADD COLUMN country TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open store file (PRAGMA user_version)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """StoreError if the file is some other SQLite database: it has tables, but not sitrep's. Such a file is
    never extended with sitrep's tables (a mistyped --db must not change somebody's database)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and not {"articles", "events"} <= tables:
        raise StoreError(f"store {path}: an SQLite database that is not a sitrep store (it has other tables); "
                         "give another --db")


def check_version(conn: sqlite3.Connection, path: Path) -> None:
    """StoreError unless the file's schema is exactly this sitrep's (for opening read-only)."""
    check_foreign(conn, path)
    version = schema_version(conn)
    if version == 0 and not conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
        raise StoreError(f"store {path}: empty file, not a sitrep store (run `sitrep ingest` first)")
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {path}: schema version {version} is newer than this sitrep "
                         f"({SCHEMA_VERSION}); upgrade sitrep")
    if version < SCHEMA_VERSION:
        raise StoreError(f"store {path}: schema version {version} is older than this sitrep "
                         f"({SCHEMA_VERSION}); open it once for writing (sitrep ingest) to migrate it")


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Apply the migrations the file lacks, each in its own transaction; the new version."""
    check_foreign(conn, path)
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {path}: schema version {version} is newer than this sitrep "
                         f"({SCHEMA_VERSION}); upgrade sitrep")
    for number in range(version, SCHEMA_VERSION):
        log.info("store %s: migrating schema to version %d", path, number + 1)
        conn.execute("BEGIN IMMEDIATE")
        try:
            step = MIGRATIONS[number]
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script (CREATE TRIGGER bodies kept whole)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip() and not buf.strip().startswith("--"):
        yield buf.strip()
