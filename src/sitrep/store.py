"""The embedded event store: one SQLite file in WAL mode with articles, events, sources, evidence,
clusters and quarantine, versioned migrations, FTS5 over article text and an R*Tree over coordinates."""
from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sitrep.errors import StoreError
from sitrep.records import CERTAINTY_ORDER, Article, Event

log = logging.getLogger(__name__)

# Each entry moves the schema one version up; PRAGMA user_version says how many have been applied.
# Never edit an applied entry: append a new one.
MIGRATIONS: tuple[str, ...] = (
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
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 30_000  # a reader or a second writer waits this long for a lock before giving up


def default_db_path() -> Path:
    """The store file: $SITREP_DB, else sitrep.db in the working directory."""
    return Path(os.environ.get("SITREP_DB") or "sitrep.db")


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


@dataclass(frozen=True)
class Filters:
    """Export and stats filters; every field optional."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    type: str | None = None
    min_certainty: str | None = None
    include_historical: bool = False
    min_articles: int = 1  # merged records only: reported by at least this many articles


@dataclass(frozen=True)
class WriteBatch:
    """What one transaction stores: articles with their events, and quarantined inputs."""

    articles: Sequence[tuple[Article, Sequence[Event], str | None]]  # (article, events, origin)
    quarantined: Sequence[tuple[str, int | None, str]] = ()  # (path, line, reason)


class Store:
    """An open sitrep store; one instance per thread (SQLite connections are not shared)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> "Store":
        """Open (creating and migrating unless `readonly`) the store at `path`."""
        path = Path(path)
        if readonly and not path.exists():
            raise StoreError(f"store {path}: no such file (run `sitrep ingest` first)")
        uri = f"file:{path.resolve()}?mode={'ro' if readonly else 'rwc'}"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise _explain(exc, path, "open it") from exc
        store = cls(conn, path, readonly)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if readonly:
                store._check_version()
            else:
                # WAL: readers never block the writer and see the last committed batch
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                store.migrate()
        except sqlite3.Error as exc:
            conn.close()
            raise _explain(exc, path, "read its schema" if readonly else "set it up") from exc
        except StoreError:
            conn.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def version(self) -> int:
        """The schema version of the file (PRAGMA user_version)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self) -> None:
        version = self.version()
        if version == 0 and not self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise StoreError(f"store {self.path}: empty file, not a sitrep store (run `sitrep ingest` first)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path}: schema version {version} is newer than this sitrep "
                             f"({SCHEMA_VERSION}); upgrade sitrep")
        if version < SCHEMA_VERSION:
            raise StoreError(f"store {self.path}: schema version {version} is older than this sitrep "
                             f"({SCHEMA_VERSION}); open it once for writing (sitrep ingest) to migrate it")

    def migrate(self) -> int:
        """Apply the migrations the file lacks, each in its own transaction; the new version."""
        version = self.version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path}: schema version {version} is newer than this sitrep "
                             f"({SCHEMA_VERSION}); upgrade sitrep")
        for number in range(version, SCHEMA_VERSION):
            log.info("store %s: migrating schema to version %d", self.path, number + 1)
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return SCHEMA_VERSION

    # ---------------------------------------------------------------- writing
    def _write(self, doing: str, fn: Any, *args: Any) -> Any:
        """Run `fn(*args)` in one IMMEDIATE transaction; any SQLite error rolls back and becomes a StoreError."""
        if self.readonly:
            raise StoreError(f"store {self.path}: cannot {doing}: opened read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(*args)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _explain(exc, self.path, doing) from exc
        return result

    def has_article(self, article: Article) -> bool:
        """True when this article, with this content, is already stored."""
        row = self.conn.execute("SELECT hash FROM articles WHERE id = ?", (article.id,)).fetchone()
        # the content hash is only worth computing when the id is already there
        return row is not None and row[0] == article.hash

    def write_batch(self, batch: WriteBatch) -> tuple[int, int]:
        """Store a batch in one transaction; (articles stored, events stored). Stored ones are skipped."""
        return self._write("write a batch", self._write_batch, batch)  # type: ignore[no-any-return]

    def _write_batch(self, batch: WriteBatch) -> tuple[int, int]:
        n_articles = n_events = 0
        now = _now()
        for path, line, reason in batch.quarantined:
            self.conn.execute(
                "INSERT INTO quarantine(path, line, reason, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(path, line) DO UPDATE SET reason = excluded.reason, seen = seen + 1, "
                "last_seen = excluded.last_seen", (path, line or 0, reason, now, now))
        for article, events, origin in batch.articles:
            row = self.conn.execute("SELECT rowid, hash FROM articles WHERE id = ?", (article.id,)).fetchone()
            content_hash = article.hash
            if row is not None:
                if row[1] == content_hash:
                    continue  # the same article again: a no-op
                # a new version of the article under the same id replaces the old one and its events
                self.conn.execute("DELETE FROM articles WHERE rowid = ?", (row[0],))
            cur = self.conn.execute(
                "INSERT INTO articles(id, hash, title, text, published, published_from, source, url, language, "
                "origin, n_events, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, content_hash, article.title or "", article.text, article.published,
                 article.published_from, article.source, article.url, article.language, origin, len(events), now))
            article_rowid = cur.lastrowid
            for event in events:
                self._insert_event(article_rowid, event)
            n_articles += 1
            n_events += len(events)
        return n_articles, n_events

    def _insert_event(self, article_rowid: int | None, event: Event) -> None:
        where, when = event.where, event.when
        cur = self.conn.execute(
            "INSERT INTO events(id, article_rowid, article, type, subtype, date_start, date_end, country, admin1, "
            "lat, lon, geo_precision, certainty, certainty_rank, historical, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.id, article_rowid, event.article, event.type, event.subtype, when.start, when.end,
             where.country if where else None, where.admin1 if where else None,
             where.lat if where else None, where.lon if where else None, where.precision if where else None,
             event.certainty, certainty_rank(event.certainty), int(event.historical),
             json.dumps(event.as_dict(), ensure_ascii=False, separators=(",", ":"))))
        rowid = cur.lastrowid
        self.conn.executemany("INSERT INTO sources(event_rowid, name, text, kind) VALUES (?, ?, ?, ?)",
                              [(rowid, s.name, s.text, s.kind) for s in event.sources])
        self.conn.executemany('INSERT INTO evidence(event_rowid, start, "end", text) VALUES (?, ?, ?, ?)',
                              [(rowid, e.start, e.end, e.text) for e in event.evidence])

    def replace_clusters(self, event_rowids: Sequence[int], clusters: Sequence[tuple[str, dict[str, Any], list[int]]]) -> None:
        """In one transaction: drop the clusters of `event_rowids`, store `clusters` (id, merged record, members)."""
        self._write("store clusters", self._replace_clusters, event_rowids, clusters)

    def _replace_clusters(self, event_rowids: Sequence[int], clusters: Sequence[tuple[str, dict[str, Any], list[int]]]) -> None:
        old: set[str] = set()
        for chunk in _chunked(event_rowids, 500):
            marks = ",".join("?" * len(chunk))
            old.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT cluster FROM events WHERE rowid IN ({marks}) AND cluster IS NOT NULL", chunk))
        self.conn.executemany("DELETE FROM clusters WHERE id = ?", [(c,) for c in old])
        for cid, record, members in clusters:
            where, when = record.get("where") or {}, record.get("when") or {}
            self.conn.execute(
                "INSERT OR REPLACE INTO clusters(id, type, subtype, date_start, date_end, country, admin1, lat, lon, "
                "certainty, certainty_rank, historical, n_events, n_articles, agreement, record) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cid, record["type"], record["subtype"], when.get("start"), when.get("end"), where.get("country"),
                 where.get("admin1"), where.get("lat"), where.get("lon"), record["certainty"],
                 certainty_rank(record["certainty"]), int(bool(record.get("historical"))), len(members),
                 len(record.get("articles") or ()), int(record.get("agreement") or 1),
                 json.dumps(record, ensure_ascii=False, separators=(",", ":"))))
            self.conn.executemany("UPDATE events SET cluster = ? WHERE rowid = ?", [(cid, r) for r in members])

    # ---------------------------------------------------------------- reading
    def counts(self) -> dict[str, int]:
        """How many articles, events, clusters and quarantined inputs the store holds."""
        out: dict[str, int] = {}
        for table in ("articles", "events", "clusters", "quarantine"):
            out[table] = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    def quarantine(self) -> list[dict[str, Any]]:
        """Every quarantined input, oldest first."""
        rows = self.conn.execute("SELECT path, line, reason, seen, first_seen, last_seen FROM quarantine "
                                 "ORDER BY first_seen, path, line")
        return [{"path": p, "line": line or None, "reason": r, "seen": s, "first_seen": f, "last_seen": la}
                for p, line, r, s, f, la in rows]

    def dedup_rows(self, since: str | None = None, until: str | None = None) -> Iterator[tuple[Any, ...]]:
        """(event rowid, record JSON, article id, article source, cluster) of events dated in [since, until]."""
        sql = ("SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
               "ON a.rowid = e.article_rowid")
        cond, args = _date_window(since, until, "e")
        yield from self.conn.execute(f"{sql} WHERE {cond} ORDER BY e.rowid" if cond else f"{sql} ORDER BY e.rowid", args)

    def undated_unclustered_rows(self) -> Iterator[tuple[Any, ...]]:
        """(rowid, record JSON, article id, article source, cluster) of new events with no date."""
        yield from self.conn.execute(
            "SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
            "ON a.rowid = e.article_rowid WHERE e.cluster IS NULL AND e.date_start IS NULL ORDER BY e.rowid")

    def cluster_members(self, cluster_ids: Iterable[str]) -> list[int]:
        """Event rowids of the given clusters."""
        ids = list(cluster_ids)
        out: list[int] = []
        for chunk in _chunked(ids, 500):
            marks = ",".join("?" * len(chunk))
            out.extend(r[0] for r in self.conn.execute(f"SELECT rowid FROM events WHERE cluster IN ({marks})", chunk))
        return out

    def event_rows(self, rowids: Sequence[int]) -> list[tuple[Any, ...]]:
        """(rowid, record JSON, article id, article source, cluster) of the given events."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunked(list(rowids), 500):
            marks = ",".join("?" * len(chunk))
            out.extend(self.conn.execute(
                "SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
                f"ON a.rowid = e.article_rowid WHERE e.rowid IN ({marks})", chunk))
        return out

    def unclustered_dates(self) -> tuple[str | None, str | None, int]:
        """(earliest start, latest end, how many) of events not yet in a cluster."""
        row = self.conn.execute("SELECT min(date_start), max(coalesce(date_end, date_start)), count(*) "
                                "FROM events WHERE cluster IS NULL").fetchone()
        return row[0], row[1], int(row[2])

    def events(self, filters: Filters = Filters(), merged: bool = True) -> Iterator[Event]:
        """Stored records, oldest first: merged cluster records (default) or per-article events."""
        table = "clusters" if merged else "events"
        cond, args = _filter_sql(filters, merged)
        cluster = "id" if merged else "cluster"
        sql = (f"SELECT record, {cluster} FROM {table}{' WHERE ' + cond if cond else ''} "
               "ORDER BY date_start IS NULL, date_start, id")
        try:
            for record, cid in self.conn.execute(sql, args):
                event = Event.from_dict(json.loads(record))
                yield event if merged else event.replace(cluster=cid)
        except sqlite3.Error as exc:
            raise _explain(exc, self.path, "read events") from exc

    def stats(self, filters: Filters = Filters(), merged: bool = True) -> dict[str, list[tuple[str, int]]]:
        """Counts by type, country and month (YYYY-MM) of merged (default) or per-article records."""
        table = "clusters" if merged else "events"
        cond, args = _filter_sql(filters, merged)
        where = f" WHERE {cond}" if cond else ""
        out: dict[str, list[tuple[str, int]]] = {}
        for name, expr in (("type", "type"), ("country", "coalesce(country, '?')"),
                           ("month", "coalesce(substr(date_start, 1, 7), 'unknown')")):
            rows = self.conn.execute(f"SELECT {expr} AS k, count(*) AS n FROM {table}{where} GROUP BY k "
                                     f"ORDER BY {'k' if name == 'month' else 'n DESC, k'}", args)
            out[name] = [(str(k), int(n)) for k, n in rows]
        return out

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """(article id, title) of articles matching an FTS5 query, best first."""
        try:
            rows = self.conn.execute(
                "SELECT a.id, a.title FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit))
            return [(r[0], r[1]) for r in rows]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc

    def in_box(self, south: float, west: float, north: float, east: float) -> list[str]:
        """Ids of events whose coordinates fall in a lat/lon box (R*Tree lookup)."""
        rows = self.conn.execute(
            "SELECT e.id FROM events_geo g JOIN events e ON e.rowid = g.rowid "
            "WHERE g.min_lat >= ? AND g.max_lat <= ? AND g.min_lon >= ? AND g.max_lon <= ?",
            (south, north, west, east))
        return [r[0] for r in rows]


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


def _chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _date_window(since: str | None, until: str | None, alias: str) -> tuple[str, list[Any]]:
    """SQL condition for events whose span touches [since, until]."""
    conds: list[str] = []
    args: list[Any] = []
    if since:
        conds.append(f"coalesce({alias}.date_end, {alias}.date_start) >= ?")
        args.append(since)
    if until:
        conds.append(f"{alias}.date_start <= ?")
        args.append(until)
    return " AND ".join(conds), args


def _filter_sql(f: Filters, merged: bool = True) -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if merged and f.min_articles > 1:
        conds.append("n_articles >= ?")
        args.append(f.min_articles)
    if f.since:
        conds.append("date_start >= ?")
        args.append(f.since)
    if f.until:
        conds.append("date_start <= ?")
        args.append(f.until)
    if f.country:
        conds.append("country = ?")
        args.append(f.country.upper())
    if f.type:
        conds.append("(lower(type) = lower(?) OR lower(subtype) = lower(?))")
        args.extend([f.type, f.type])
    if f.min_certainty:
        conds.append("certainty_rank <= ?")
        args.append(certainty_rank(f.min_certainty))
    if not f.include_historical:
        conds.append("historical = 0")
    return " AND ".join(conds), args
