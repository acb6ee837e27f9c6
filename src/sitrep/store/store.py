"""The embedded event store: one SQLite file in WAL mode with articles, events, sources, evidence,
clusters and quarantine, versioned migrations, FTS5 over article text and an R*Tree over coordinates.

This module is the write side (opening, batches, clusters); reading is in queries.py, the schema in migrations.py."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from sitrep.errors import StoreError
from sitrep.records import Article, Event
from sitrep.store import migrations
from sitrep.store.common import (_chunked, _explain, _now, certainty_rank, damaged, dissolve_clusters_of,
                                 singleton_cluster_id)
from sitrep.store.queries import StoreQueries

BUSY_TIMEOUT_MS = 30_000  # a reader or a second writer waits this long for a lock before giving up
# a file up to this size gets `PRAGMA quick_check` on every open (a fraction of a second); a larger one is
# only found damaged when a read or write meets a bad page (which raises StoreDamagedError too)
QUICK_CHECK_MAX_BYTES = 128 * 1024 * 1024  # about 0.25 s on the 2-core dev machine


def default_db_path() -> Path:
    """The store file: $SITREP_DB, else sitrep.db in the working directory."""
    return Path(os.environ.get("SITREP_DB") or "sitrep.db")


def _uri(path: Path, mode: str) -> str:
    """The SQLite `file:` URI of `path`: the path percent-quoted, so a `?`, `#` or `%` in a file name stays part of
    the name (unquoted, `week#12.db` opens a file `week` and drops the mode).

    Read-only in a folder this process cannot write (a read-only mount, another user's folder) and with no
    `-wal` file beside it, the store is opened `immutable`: SQLite then needs no `-shm` file, which it could not
    create there. That is safe: no writer can change the file either, as a writer must create its `-wal` (or
    journal) in that folder."""
    resolved = path.resolve()
    uri = f"file:{urllib.parse.quote(str(resolved))}?mode={mode}"
    if mode == "ro" and not os.access(resolved.parent, os.W_OK) and not Path(f"{resolved}-wal").exists():
        uri += "&immutable=1"
    return uri


@dataclass(frozen=True)
class WriteBatch:
    """What one transaction stores: articles with their events, and quarantined inputs."""

    articles: Sequence[tuple[Article, Sequence[Event], str | None]]  # (article, events, origin)
    quarantined: Sequence[tuple[str, int | None, str]] = ()  # (path, line, reason)
    # article id -> the relevance gate's score, for the articles of `articles` it held back (stored unparsed)
    gated: Mapping[str, float] = dataclasses.field(default_factory=dict)
    # article id -> the gate's score, for the articles of `articles` it let through
    gate_scores: Mapping[str, float] = dataclasses.field(default_factory=dict)


class Store(StoreQueries):
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
        if path.is_dir():
            raise StoreError(f"store {path}: is a folder, not a store file (give a file, e.g. {path / 'sitrep.db'})")
        if readonly and not path.exists():
            raise StoreError(f"store {path}: no such file (run `sitrep ingest` first)")
        uri = _uri(path, "ro" if readonly else "rwc")
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise _explain(exc, path, "open it") from exc
        store = cls(conn, path, readonly)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # the id a not-yet-clustered event will have as its own happening (readers list it as one)
            conn.create_function("sitrep_cluster_id", 1, singleton_cluster_id, deterministic=True)
            store._check_integrity()
            if readonly:
                store._check_version()
            else:
                migrations.check_foreign(conn, path)  # before WAL: switching it on rewrites the file's header
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
        """Close the connection. From another thread than the one that opened it (ingest's reader generator,
        finalised by the main thread after Ctrl-C) SQLite refuses to close it; it is then dropped with the
        object instead of printing a ProgrammingError."""
        try:
            self.conn.close()
        except sqlite3.ProgrammingError:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def version(self) -> int:
        """The schema version of the file (PRAGMA user_version)."""
        return migrations.schema_version(self.conn)

    def _check_integrity(self) -> None:
        """StoreDamagedError when a small enough file fails `PRAGMA quick_check` (garbage in its pages)."""
        try:
            size = self.path.stat().st_size
        except OSError:
            return
        if size == 0 or size > QUICK_CHECK_MAX_BYTES:
            return
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc).lower():
                raise  # not a store at all: said as such by the caller
            raise damaged(self.path, str(exc), "open it") from exc
        if rows != ["ok"]:
            raise damaged(self.path, "; ".join(str(r) for r in rows), "open it")

    def _check_version(self) -> None:
        migrations.check_version(self.conn, self.path)

    def migrate(self) -> int:
        """Apply the migrations the file lacks, each in its own transaction; the new version."""
        return migrations.migrate(self.conn, self.path)

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

    def has_article(self, article: Article, parsed: bool = False) -> bool:
        """True when this article, with this content, is already stored (with `parsed`: and was not held back
        by the relevance gate, so an ungated run extracts it again)."""
        with self._reading("look up an article"):
            row = self.conn.execute("SELECT hash, gated FROM articles WHERE id = ?", (article.id,)).fetchone()
        # the content hash is only worth computing when the id is already there
        return row is not None and row[0] == article.hash and not (parsed and row[1])

    def _clear_quarantine(self, origin: str) -> None:
        """An input read well now ("path" or "path:line") is no longer quarantined: its entry, and the whole-file
        entry of its file, go (a fixed file re-ingested is not listed as quarantined any more)."""
        self.conn.execute("DELETE FROM quarantine WHERE path = ? AND line = 0", (origin,))
        path, sep, line = origin.rpartition(":")
        if sep and line.isdigit():
            self.conn.execute("DELETE FROM quarantine WHERE path = ? AND line IN (0, ?)", (path, int(line)))

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
            if origin is not None:
                self._clear_quarantine(origin)
            row = self.conn.execute("SELECT rowid, hash, gated FROM articles WHERE id = ?", (article.id,)).fetchone()
            content_hash = article.hash
            gated = article.id in batch.gated
            if row is not None:
                if row[1] == content_hash and (gated or not row[2]):
                    continue  # the same article again: a no-op (a parsed one is never turned back into a gated one)
                # a new version of the article under the same id replaces the old one and its events;
                # the happenings those events were in are dissolved in the same transaction: their other
                # members become unclustered (readers list them on their own) until dedup merges them again
                self._dissolve_clusters_of(row[0])
                self.conn.execute("DELETE FROM articles WHERE rowid = ?", (row[0],))
            cur = self.conn.execute(
                "INSERT INTO articles(id, hash, title, text, published, published_from, source, url, language, "
                "origin, n_events, ingested_at, gated, gate_score, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, content_hash, article.title or "", article.text, article.published,
                 article.published_from, article.source, article.url, article.language, origin, len(events), now,
                 int(gated), batch.gated[article.id] if gated else batch.gate_scores.get(article.id), article.country))
            article_rowid = cur.lastrowid
            for event in events:
                self._insert_event(article_rowid, event)
            n_articles += 1
            n_events += len(events)
        return n_articles, n_events

    def _dissolve_clusters_of(self, article_rowid: int) -> None:
        """Drop the clusters an article's events are in and unlink their members (inside a write transaction)."""
        dissolve_clusters_of(self.conn, article_rowid)

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
            self.conn.execute(
                "INSERT OR REPLACE INTO clusters(id, type, subtype, date_start, date_end, country, admin1, lat, lon, "
                "certainty, certainty_rank, historical, n_events, n_articles, agreement, record) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _cluster_columns(cid, record, members))
            self.conn.executemany("UPDATE events SET cluster = ? WHERE rowid = ?", [(cid, r) for r in members])


    # ------------------------------------------------- windowed reclustering
    # dedup reads its events as a stream (window_rows), stages the clusters it finds in a temporary table
    # (on disk, so memory stays flat however many events are redone) and applies them in one transaction.
    def window_rows(self, since: str | None, until: str | None, dated: bool = True) -> Iterator[tuple[Any, ...]]:
        """(rowid, record JSON, article id, article source, cluster) of the events dedup redoes, in order of
        date (undated first): those dated in [since, until] (when `dated`), every member of a cluster one of
        them is in, and the undated events not yet in a cluster."""
        from sitrep.store.queries import _date_window

        cond, args = _date_window(since, until, "e") if dated else ("0", [])
        inner, inner_args = _date_window(since, until, "x") if dated else ("0", [])
        cond, inner = cond or "1", inner or "1"
        sql = ("SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
               f"ON a.rowid = e.article_rowid WHERE ({cond}) OR (e.cluster IS NULL AND e.date_start IS NULL) "
               f"OR e.cluster IN (SELECT x.cluster FROM events x WHERE ({inner}) AND x.cluster IS NOT NULL) "
               "ORDER BY e.date_start, e.rowid")
        with self._reading("read events for dedup"):
            yield from self.conn.execute(sql, [*args, *inner_args])

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same committed state (temporary tables may be written)."""
        with self._reading("read a snapshot"):
            self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                with self._reading("end a snapshot"):
                    self.conn.execute("COMMIT")

    def stage_clusters(self, clusters: Iterable[tuple[str, dict[str, Any], list[int]]], chunk: int = 500) -> int:
        """Keep (id, merged record, member rowids) clusters in a temporary table until `apply_staged`; how many."""
        n = 0
        with self._reading("stage clusters"):
            self.conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS staged_clusters(id TEXT PRIMARY KEY, type TEXT, subtype TEXT, "
                "date_start TEXT, date_end TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL, certainty TEXT, "
                "certainty_rank INTEGER, historical INTEGER, n_events INTEGER, n_articles INTEGER, "
                "agreement INTEGER, record TEXT, members TEXT)")
            rows: list[tuple[Any, ...]] = []
            for cid, record, members in clusters:
                rows.append((*_cluster_columns(cid, record, members), json.dumps(members)))
                n += 1
                if len(rows) >= chunk:
                    self.conn.executemany(f"INSERT OR REPLACE INTO temp.staged_clusters VALUES ({_MARKS17})", rows)
                    rows = []
            self.conn.executemany(f"INSERT OR REPLACE INTO temp.staged_clusters VALUES ({_MARKS17})", rows)
        return n

    def drop_staged(self) -> None:
        """Forget staged clusters."""
        with self._reading("drop staged clusters"):
            self.conn.execute("DROP TABLE IF EXISTS temp.staged_clusters")

    def apply_staged(self) -> None:
        """In one transaction: drop every cluster a staged member is in and store the staged clusters.

        A staged cluster with a member that is gone meanwhile (its article replaced by another process) is
        not stored: its other members are left unclustered for the next dedup, never merged with a ghost."""
        self._write("store clusters", self._apply_staged)
        self.drop_staged()

    def _apply_staged(self) -> None:
        members = "SELECT s.id AS cid, j.value AS rid FROM temp.staged_clusters s, json_each(s.members) j"
        self.conn.execute(f"DELETE FROM temp.staged_clusters WHERE id IN (SELECT m.cid FROM ({members}) m "
                          "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.rowid = m.rid))")
        old = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT e.cluster FROM ({members}) m JOIN events e ON e.rowid = m.rid WHERE e.cluster IS NOT NULL")]
        for chunk in _chunked(old, 500):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(f"UPDATE events SET cluster = NULL WHERE cluster IN ({marks})", chunk)
            self.conn.execute(f"DELETE FROM clusters WHERE id IN ({marks})", chunk)
        self.conn.execute("INSERT OR REPLACE INTO clusters(id, type, subtype, date_start, date_end, country, admin1, "
                          "lat, lon, certainty, certainty_rank, historical, n_events, n_articles, agreement, record) "
                          "SELECT id, type, subtype, date_start, date_end, country, admin1, lat, lon, certainty, "
                          "certainty_rank, historical, n_events, n_articles, agreement, record FROM temp.staged_clusters")
        self.conn.execute(f"UPDATE events SET cluster = m.cid FROM ({members}) m WHERE events.rowid = m.rid")


_MARKS17 = ",".join("?" * 17)


def _cluster_columns(cid: str, record: dict[str, Any], members: Sequence[int]) -> tuple[Any, ...]:
    """The clusters table's columns of a merged record."""
    where, when = record.get("where") or {}, record.get("when") or {}
    return (cid, record["type"], record["subtype"], when.get("start"), when.get("end"), where.get("country"),
            where.get("admin1"), where.get("lat"), where.get("lon"), record["certainty"],
            certainty_rank(record["certainty"]), int(bool(record.get("historical"))), len(members),
            len(record.get("articles") or ()), int(record.get("agreement") or 1),
            json.dumps(record, ensure_ascii=False, separators=(",", ":")))
