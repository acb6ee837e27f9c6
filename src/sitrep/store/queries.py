"""The read side of the store: filters, counts, the rows dedup works on, records for export, search and boxes."""
from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sitrep.errors import StoreError
from sitrep.records import Event
from sitrep.store.common import _chunked, _explain, certainty_rank

# The merged view readers see: every cluster's merged record, and every event not yet in a cluster (stored
# by a batch that dedup has not run over yet: during an ingest, after a crash, or after its cluster was
# dissolved) as a happening of its own, with the id it would get as one. So the last committed batch is
# always visible, merged or not.
_HAPPENINGS = (
    "SELECT id, record, 0 AS single, type, subtype, date_start, country, certainty_rank, historical, n_articles "
    "FROM clusters UNION ALL "
    "SELECT sitrep_cluster_id(id), record, 1, type, subtype, date_start, country, certainty_rank, historical, 1 "
    "FROM events WHERE cluster IS NULL")
QUARANTINE_PAGE = 1000  # quarantine rows read per query


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


class StoreQueries:
    """The reading methods of `Store` (a mixin: `Store` supplies the open connection)."""

    conn: sqlite3.Connection
    path: Path

    @contextlib.contextmanager
    def _reading(self, doing: str) -> Iterator[None]:
        """SQLite errors inside become StoreErrors (StoreDamagedError for a damaged file)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _explain(exc, self.path, doing) from exc

    def counts(self) -> dict[str, int]:
        """How many articles, events, clusters and quarantined inputs the store holds, and `happenings`:
        what the merged view lists (the clusters, and the events dedup has not put in one yet)."""
        out: dict[str, int] = {}
        with self._reading("count its rows"):
            for table in ("articles", "events", "clusters", "quarantine"):
                out[table] = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            out["happenings"] = out["clusters"] + int(self.conn.execute(
                "SELECT count(*) FROM events WHERE cluster IS NULL").fetchone()[0])
            out["gated"] = int(self.conn.execute("SELECT count(*) FROM articles WHERE gated = 1").fetchone()[0])
        return out

    def quarantine_reasons(self, prefix: str = "") -> list[tuple[str, int]]:
        """(reason, how many inputs) of the quarantined inputs whose reason starts with `prefix`, most first."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._reading("count the quarantine's reasons"):
            rows = self.conn.execute("SELECT reason, count(*) FROM quarantine WHERE reason LIKE ? ESCAPE '\\' "
                                     "GROUP BY reason ORDER BY count(*) DESC, reason", (escaped + "%",)).fetchall()
        return [(str(r), int(n)) for r, n in rows]
    def iter_gated(self, page: int = QUARANTINE_PAGE) -> Iterator[dict[str, Any]]:
        """The articles the relevance gate held back (stored, not parsed), in the order they were stored, as
        records the JSONL reader reads back (id, title, text, published, source, url, and country when the article
        carried that hint) plus origin and gate_score; read a page at a time."""
        last = 0
        cols = "rowid, id, title, text, published, source, url, country, origin, gate_score"
        while True:
            with self._reading("list gated articles"):
                rows = self.conn.execute(f"SELECT {cols} FROM articles WHERE gated = 1 AND rowid > ? "
                                         "ORDER BY rowid LIMIT ?", (last, page)).fetchall()
            if not rows:
                return
            for rowid, *values in rows:
                last = rowid
                record = dict(zip(cols.split(", ")[1:], values))
                if record["country"] is None:
                    del record["country"]  # as Article.as_dict: the hint only where the input gave one
                yield record

    def quarantine(self) -> list[dict[str, Any]]:
        """Every quarantined input, oldest first (a list: `iter_quarantine` for a long one)."""
        return list(self.iter_quarantine())

    def iter_quarantine(self, page: int = QUARANTINE_PAGE) -> Iterator[dict[str, Any]]:
        """Every quarantined input, oldest first, read a page at a time (memory stays flat for millions)."""
        last = 0
        while True:
            with self._reading("read the quarantine"):
                rows = self.conn.execute("SELECT rowid, path, line, reason, seen, first_seen, last_seen FROM quarantine "
                                         "WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, page)).fetchall()
            for rowid, p, line, r, s, f, la in rows:
                last = rowid
                yield {"path": p, "line": line or None, "reason": r, "seen": s, "first_seen": f, "last_seen": la}
            if len(rows) < page:
                return

    def dedup_rows(self, since: str | None = None, until: str | None = None) -> Iterator[tuple[Any, ...]]:
        """(event rowid, record JSON, article id, article source, cluster) of events dated in [since, until]."""
        sql = ("SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
               "ON a.rowid = e.article_rowid")
        cond, args = _date_window(since, until, "e")
        with self._reading("read events for dedup"):
            yield from self.conn.execute(f"{sql} WHERE {cond} ORDER BY e.rowid" if cond else f"{sql} ORDER BY e.rowid", args)

    def undated_unclustered_rows(self) -> Iterator[tuple[Any, ...]]:
        """(rowid, record JSON, article id, article source, cluster) of new events with no date."""
        with self._reading("read events for dedup"):
            yield from self.conn.execute(
                "SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
                "ON a.rowid = e.article_rowid WHERE e.cluster IS NULL AND e.date_start IS NULL ORDER BY e.rowid")

    def cluster_members(self, cluster_ids: Iterable[str]) -> list[int]:
        """Event rowids of the given clusters."""
        ids = list(cluster_ids)
        out: list[int] = []
        with self._reading("read clusters"):
            for chunk in _chunked(ids, 500):
                marks = ",".join("?" * len(chunk))
                out.extend(r[0] for r in self.conn.execute(f"SELECT rowid FROM events WHERE cluster IN ({marks})", chunk))
        return out

    def event_rows(self, rowids: Sequence[int]) -> list[tuple[Any, ...]]:
        """(rowid, record JSON, article id, article source, cluster) of the given events."""
        out: list[tuple[Any, ...]] = []
        with self._reading("read events"):
            for chunk in _chunked(list(rowids), 500):
                marks = ",".join("?" * len(chunk))
                out.extend(self.conn.execute(
                    "SELECT e.rowid, e.record, a.id, a.source, e.cluster FROM events e JOIN articles a "
                    f"ON a.rowid = e.article_rowid WHERE e.rowid IN ({marks})", chunk))
        return out

    def unclustered_dates(self) -> tuple[str | None, str | None, int]:
        """(earliest start, latest end, how many) of events not yet in a cluster."""
        with self._reading("read events"):
            row = self.conn.execute("SELECT min(date_start), max(coalesce(date_end, date_start)), count(*) "
                                    "FROM events WHERE cluster IS NULL").fetchone()
        return row[0], row[1], int(row[2])

    def events(self, filters: Filters = Filters(), merged: bool = True) -> Iterator[Event]:
        """Stored records, oldest first: merged records (default: one per happening, see _HAPPENINGS) or
        per-article events."""
        cond, args = _filter_sql(filters, merged)
        where = f" WHERE {cond}" if cond else ""
        if merged:
            sql = (f"SELECT record, id, single FROM ({_HAPPENINGS}){where} "
                   "ORDER BY date_start IS NULL, date_start, id")
        else:
            sql = f"SELECT record, cluster, 0 FROM events{where} ORDER BY date_start IS NULL, date_start, id"
        with self._reading("read events"):
            for record, cid, single in self.conn.execute(sql, args):
                event = Event.from_dict(json.loads(record))
                if single:  # an event not merged yet: what dedup makes of a happening with one report
                    yield event.replace(articles=(event.article,), cluster=cid, agreement=1)
                else:
                    yield event if merged else event.replace(cluster=cid)

    def stats(self, filters: Filters = Filters(), merged: bool = True) -> dict[str, list[tuple[str, int]]]:
        """Counts by type, country and month (YYYY-MM) of merged (default) or per-article records."""
        table = f"({_HAPPENINGS})" if merged else "events"
        cond, args = _filter_sql(filters, merged)
        where = f" WHERE {cond}" if cond else ""
        out: dict[str, list[tuple[str, int]]] = {}
        with self._reading("count events"):
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
        with self._reading("search a box"):
            rows = self.conn.execute(
                "SELECT e.id FROM events_geo g JOIN events e ON e.rowid = g.rowid "
                "WHERE g.min_lat >= ? AND g.max_lat <= ? AND g.min_lon >= ? AND g.max_lon <= ?",
                (south, north, west, east))
            return [r[0] for r in rows]

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
