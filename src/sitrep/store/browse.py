"""The read side for the map (`sitrep serve`): happenings or per-article events filtered by type, country,
actor, certainty, dates, outlets, a bounding box and full-text words; pages of them, map points (or a grid of
counts when there are too many), a timeline, counts, one happening with its reports and articles, one article.

Every function takes an open (read-only) `Store`; nothing here writes the store. Filtering 100,000 JSON
records row by row would cost seconds, so each connection keeps a narrow summary of the view it is asked about
(one row per happening or event: the filtered and drawn columns, no JSON) in its own TEMP table, built on first
use and rebuilt when another connection has committed since (PRAGMA data_version; at most every
REFRESH_S seconds, so a running ingest does not make every request rebuild it). Records are read only for the
rows a page or export returns."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from sitrep.errors import StoreError
from sitrep.records import Event
from sitrep.store.common import certainty_rank
from sitrep.store.queries import StoreQueries

# The merged view (as queries._HAPPENINGS) with the columns the map filters and draws on.
_MERGED = (
    "SELECT id, record, 0 AS single, rowid AS src, type, subtype, date_start, country, certainty_rank, historical, "
    "n_articles, agreement, lat, lon FROM clusters UNION ALL "
    "SELECT sitrep_cluster_id(id), record, 1, rowid, type, subtype, date_start, country, certainty_rank, historical, "
    "1, 1, lat, lon FROM events WHERE cluster IS NULL")
_PER_ARTICLE = (
    "SELECT id, record, 2 AS single, rowid AS src, type, subtype, date_start, country, certainty_rank, historical, "
    "1 AS n_articles, 1 AS agreement, lat, lon FROM events")
MAX_POINTS = 3000  # more matching points than this in view: the map gets a grid of counts instead
MAX_TERMS = 12  # words of a full-text query


GRID_ZOOMS = 7  # zoom levels whose grid of the unfiltered view is kept ready
REFRESH_S = 10.0  # a summary is rebuilt after another connection's commit, at most this often
_SUMMARY_COLUMNS = (
    "id, single, src, type, subtype, date_start, country, certainty_rank, historical, n_articles, agreement, lat, "
    "lon, json_extract(record, '$.killed.best') AS killed, json_extract(record, '$.where.precision') AS precision, "
    "json_extract(record, '$.where.name') AS place, lower(coalesce(json_extract(record, '$.actor1.name'), '') || "
    "char(31) || coalesce(json_extract(record, '$.actor1.text'), '') || char(31) || "
    "coalesce(json_extract(record, '$.actor2.name'), '') || char(31) || "
    "coalesce(json_extract(record, '$.actor2.text'), '')) AS actors")
@dataclass(frozen=True)
class MapFilters:
    """What the map and the API filter on; every field optional."""

    types: tuple[str, ...] = ()  # event types or sub-types (any of them)
    country: str | None = None  # ISO 3166-1 alpha-2
    actor: str | None = None  # words of an actor's name or text
    min_certainty: str | None = None
    since: str | None = None
    until: str | None = None
    min_outlets: int = 1  # merged: reported by at least this many independent outlets
    q: str | None = None  # full-text words (all must occur in a reporting article)
    include_historical: bool = False
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    merged: bool = True


def fts_query(text: str) -> str | None:
    """A safe FTS5 query from what a user typed: each word a quoted phrase, all required (no FTS syntax
    reaches SQLite, so no input is a syntax error). None when there is no word."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w][:MAX_TERMS]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or None


def _where(f: MapFilters) -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if f.types:  # the taxonomy's spelling (the API maps what users type onto it), so the indexes apply
        marks = ",".join("?" * len(f.types))
        conds.append(f"(type IN ({marks}) OR subtype IN ({marks}))")
        args.extend(list(f.types) + list(f.types))
    if f.country:
        conds.append("country = ?")
        args.append(f.country.upper())
    if f.min_certainty:
        conds.append("certainty_rank <= ?")
        args.append(certainty_rank(f.min_certainty))
    if f.since:
        conds.append("date_start >= ?")
        args.append(f.since)
    if f.until:
        conds.append("date_start <= ?")
        args.append(f.until)
    if f.merged and f.min_outlets > 1:
        conds.append("agreement >= ?")
        args.append(f.min_outlets)
    if not f.include_historical:
        conds.append("historical = 0")
    if f.actor:
        conds.append("actors LIKE ? ESCAPE '\\'")
        args.append("%" + f.actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if f.bbox:
        south, west, north, east = f.bbox
        conds.append("lat BETWEEN ? AND ?")
        args.extend([south, north])
        if west <= east:
            conds.append("lon BETWEEN ? AND ?")
            args.extend([west, east])
        else:  # the box crosses the antimeridian
            conds.append("(lon >= ? OR lon <= ?)")
            args.extend([west, east])
    if f.q:
        query = fts_query(f.q)
        if query is not None:
            hits = "SELECT rowid FROM main.articles_fts WHERE articles_fts MATCH ?"
            if f.merged:
                conds.append("id IN (SELECT coalesce(e.cluster, sitrep_cluster_id(e.id)) FROM main.events e "
                             f"WHERE e.article_rowid IN ({hits}))")
            else:
                conds.append(f"id IN (SELECT e.id FROM main.events e WHERE e.article_rowid IN ({hits}))")
            args.append(query)
    return " AND ".join(conds), args


def _summary(store: StoreQueries, merged: bool) -> str:
    """The name of this connection's TEMP summary of the merged (or per-article) view, built or rebuilt here."""
    import time

    name = "sitrep_merged" if merged else "sitrep_events"
    conn = store.conn
    with store._reading("summarise events"):
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if not conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'sitrep_summaries'").fetchone():
            # in memory, not in a temporary file with a 2 MB cache (set before any TEMP table: setting it drops them)
            conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sitrep_summaries (name TEXT PRIMARY KEY, version INTEGER, "
                     "built REAL)")
        row = conn.execute("SELECT version, built FROM temp.sitrep_summaries WHERE name = ?", (name,)).fetchone()
        if row is not None and (row[0] == version or time.monotonic() - row[1] < REFRESH_S):
            return f"temp.{name}"
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
        conn.execute(f"CREATE TEMP TABLE {name} AS SELECT {_SUMMARY_COLUMNS} "
                     f"FROM ({_MERGED if merged else _PER_ARTICLE})")
        conn.execute(f"CREATE INDEX temp.{name}_date ON {name}(date_start, id)")
        conn.execute(f"CREATE INDEX temp.{name}_country ON {name}(country, date_start)")
        conn.execute(f"CREATE INDEX temp.{name}_id ON {name}(id)")
        conn.execute(f"CREATE INDEX temp.{name}_type ON {name}(type, date_start)")
        conn.execute(f"CREATE INDEX temp.{name}_subtype ON {name}(subtype, date_start)")
        # covers the timeline and the counts of the default view (history off) without reading rows
        conn.execute(f"CREATE INDEX temp.{name}_day ON {name}(date_start, type, historical)")
        # the grid of counts of the unfiltered view for each zoom level up to GRID_ZOOMS (what the map shows of
        # a whole country or the world at first), so those views need no pass over every row
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}_grid")
        levels = ",".join(f"({z})" for z in range(GRID_ZOOMS + 1))
        conn.execute(f"CREATE TEMP TABLE {name}_grid AS WITH zs(z) AS (VALUES {levels}) "
                     "SELECT z, historical, CAST((lat + 90) / (45.0 / (1 << z)) AS INTEGER) AS cy, "
                     "CAST((lon + 180) / (45.0 / (1 << z)) AS INTEGER) AS cx, type, count(*) AS n, sum(lat) AS slat, "
                     f"sum(lon) AS slon FROM {name} JOIN zs "
                     "WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY z, historical, cy, cx, type")
        conn.execute(f"CREATE INDEX temp.{name}_grid_z ON {name}_grid(z, historical)")
        conn.execute("INSERT OR REPLACE INTO temp.sitrep_summaries VALUES (?, ?, ?)", (name, version, time.monotonic()))
    return f"temp.{name}"


def prepare(store: StoreQueries, merged: bool = True) -> None:
    """Build this connection's summary of the merged (or per-article) view now, before a request needs it."""
    _summary(store, merged)


def _view(store: StoreQueries, f: MapFilters) -> tuple[str, list[Any]]:
    """`summary WHERE ...` of the filtered view and its arguments."""
    cond, args = _where(f)
    return f"{_summary(store, f.merged)} WHERE {cond or '1'}", args


def _event(record: str, single: bool, cid: str) -> Event:
    event = Event.from_dict(json.loads(record))
    if single:  # not merged yet: what dedup makes of a happening with one report
        return event.replace(articles=(event.article,), cluster=cid, agreement=1)
    return event


def _run(store: StoreQueries, doing: str, sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    with store._reading(doing):
        return store.conn.execute(sql, args).fetchall()


def count(store: StoreQueries, f: MapFilters) -> int:
    """How many records match."""
    view, args = _view(store, f)
    return int(_run(store, "count events", f"SELECT count(*) FROM {view}", args)[0][0])


def _records(store: StoreQueries, keys: list[tuple[Any, ...]]) -> list[Event]:
    """The records of (single, src, id) keys, in their order."""
    records: dict[tuple[int, int], str] = {}
    for single, table in ((0, "clusters"), (1, "events"), (2, "events")):
        rowids = [src for s, src, _ in keys if s == single]
        for start in range(0, len(rowids), 500):
            chunk = rowids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for rowid, record in _run(store, "read events",
                                      f"SELECT rowid, record FROM main.{table} WHERE rowid IN ({marks})", chunk):
                records[(single, rowid)] = record
    return [_event(records[(s, src)], s == 1, cid) for s, src, cid in keys if (s, src) in records]


def page(store: StoreQueries, f: MapFilters, limit: int, offset: int = 0) -> list[Event]:
    """One page of matching records, newest first."""
    view, args = _view(store, f)
    keys = _run(store, "read events", f"SELECT single, src, id FROM {view} "
                "ORDER BY date_start DESC, id DESC LIMIT ? OFFSET ?", args + [limit, offset])
    return _records(store, keys)


def iter_all(store: StoreQueries, f: MapFilters, chunk: int = 1000) -> Iterator[Event]:
    """Every matching record, oldest first (as `sitrep export` orders them), read a chunk at a time."""
    view, args = _view(store, f)
    keys = _run(store, "read events", f"SELECT single, src, id FROM {view} "
                "ORDER BY date_start IS NULL, date_start, id", args)
    for start in range(0, len(keys), chunk):
        yield from _records(store, keys[start:start + chunk])


def points(store: StoreQueries, f: MapFilters, zoom: int = 2) -> dict[str, Any]:
    """What the map draws: up to MAX_POINTS markers `{id, lat, lon, type, subtype, killed, precision, date,
    place}`, or, when more match, a grid of cells `{lat, lon, n, type}` sized for the zoom level."""
    zoom = max(0, min(int(zoom), 18))
    cell = 45.0 / (1 << zoom)  # degrees: about 32 px at that zoom
    unfiltered = MapFilters(include_historical=f.include_historical, bbox=f.bbox, merged=f.merged)
    if f == unfiltered and zoom <= GRID_ZOOMS:  # the ready grid, if it holds more than MAX_POINTS here
        grid = _grid(store, f, zoom)
        total = sum(c["n"] for c in grid)
        if total > MAX_POINTS:
            return {"mode": "grid", "total": total, "cell": cell, "cells": grid}
    view, args = _view(store, f)
    located = f"{view} AND lat IS NOT NULL AND lon IS NOT NULL"
    n = int(_run(store, "count events", f"SELECT count(*) FROM {located}", args)[0][0])
    if n <= MAX_POINTS:
        rows = _run(store, "read events", (
            "SELECT id, lat, lon, type, subtype, killed, precision, date_start, place "
            f"FROM {located} ORDER BY date_start, id"), args)
        return {"mode": "points", "total": n, "points": [
            {"id": i, "lat": la, "lon": lo, "type": t, "subtype": st, "killed": k, "precision": p or 1,
             "date": d, "place": name} for i, la, lo, t, st, k, p, d, name in rows]}
    rows = _run(store, "group events", (
        f"SELECT {_CELL_COLUMNS} FROM (SELECT CAST((lat + 90) / ? AS INTEGER) AS cy, "
        "CAST((lon + 180) / ? AS INTEGER) AS cx, type, count(*) AS tn, sum(lat) AS slat, sum(lon) AS slon "
        f"FROM {located} GROUP BY cy, cx, type) GROUP BY cy, cx"), [cell, cell] + args)
    return {"mode": "grid", "total": n, "cell": cell, "cells": _cells(rows)}


# a cell's centre, its count and its most frequent type (SQLite gives a bare column the values of the row that
# max() picked: the type with the most records in the cell)
_CELL_COLUMNS = "sum(slat) / sum(tn), sum(slon) / sum(tn), sum(tn), type, max(tn)"


def _cells(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"lat": a, "lon": b, "n": c, "type": t} for a, b, c, t, _ in rows]


def _grid(store: StoreQueries, f: MapFilters, zoom: int) -> list[dict[str, Any]]:
    """The ready grid cells of the unfiltered view at `zoom` whose centre lies in the box (all without one)."""
    table = _summary(store, f.merged) + "_grid"
    conds, args = ["z = ?", "historical IN (0, ?)"], [zoom, 1 if f.include_historical else 0]
    having, hargs = "", []
    if f.bbox:
        south, west, north, east = f.bbox
        lat, lon = "sum(slat) / sum(tn)", "sum(slon) / sum(tn)"  # a cell's centre
        having = f" HAVING {lat} BETWEEN ? AND ? AND " + (
            f"{lon} BETWEEN ? AND ?" if west <= east else f"({lon} >= ? OR {lon} <= ?)")
        hargs = [south, north, west, east]
    rows = _run(store, "group events", f"SELECT {_CELL_COLUMNS} FROM (SELECT cy, cx, type, sum(n) AS tn, "
                f"sum(slat) AS slat, sum(slon) AS slon FROM {table} WHERE {' AND '.join(conds)} GROUP BY cy, cx, type) "
                f"GROUP BY cy, cx{having}", args + hargs)
    return _cells(rows)


def timeline(store: StoreQueries, f: MapFilters) -> list[dict[str, Any]]:
    """Records per day and type, oldest first: `{date, type, n}` (dated records only)."""
    view, args = _view(store, f)
    rows = _run(store, "count events", f"SELECT date_start, type, count(*) FROM {view} AND date_start IS NOT NULL "
                "GROUP BY date_start, type ORDER BY date_start, type", args)
    return [{"date": d, "type": t, "n": n} for d, t, n in rows]


def stats(store: StoreQueries, f: MapFilters) -> dict[str, Any]:
    """Counts of the matching records by type, sub-type, country and month, and their total."""
    view, args = _view(store, f)
    out: dict[str, Any] = {"total": int(_run(store, "count events", f"SELECT count(*) FROM {view}", args)[0][0])}
    for name, expr in (("type", "type"), ("subtype", "subtype"), ("country", "coalesce(country, '?')"),
                       ("month", "coalesce(substr(date_start, 1, 7), 'unknown')")):
        rows = _run(store, "count events", f"SELECT {expr} AS k, count(*) AS n FROM {view} GROUP BY k "
                    f"ORDER BY {'k' if name == 'month' else 'n DESC, k'}", args)
        out[name] = [{"key": str(k), "n": int(n)} for k, n in rows]
    return out


def happening(store: StoreQueries, hid: str) -> dict[str, Any] | None:
    """One merged happening (by cluster id) or one per-article event (by event id): `record`, its `reports`
    (each reporting article's own record, with the article's outlet and title) and `articles` (id, title,
    source, url, published, and the evidence offsets of this happening's reports in its text; the texts
    themselves come from `article`). None when there is no such id."""
    rows = _run(store, "read events", "SELECT record FROM clusters WHERE id = ?", [hid])
    if rows:
        record = json.loads(rows[0][0])
        members = _run(store, "read events", "SELECT e.record, a.id, a.title, a.source, a.url, a.published FROM events e "
                       "JOIN articles a ON a.rowid = e.article_rowid WHERE e.cluster = ? ORDER BY a.published, a.id", [hid])
    else:
        sql = ("SELECT e.record, a.id, a.title, a.source, a.url, a.published, e.cluster FROM events e "
               "JOIN articles a ON a.rowid = e.article_rowid WHERE ")
        members = _run(store, "read events", sql + "e.id = ? LIMIT 1", [hid])
        if not members:  # the happening an event not merged yet forms on its own (found through the summary)
            members = _run(store, "read events", sql + "e.rowid IN (SELECT src FROM "
                           f"{_summary(store, True)} WHERE id = ? AND single = 1) LIMIT 1", [hid])
        if not members:
            return None
        record = json.loads(members[0][0])
        if record.get("id") != hid:  # asked for the happening an unmerged event forms on its own
            record.update(id=hid, articles=[record.get("article")], cluster=hid, agreement=1)
        elif members[0][6]:
            record["cluster"] = members[0][6]
        members = [m[:6] for m in members]
    reports = []
    articles: dict[str, dict[str, Any]] = {}
    for rec_json, aid, title, source, url, published in members:
        rec = json.loads(rec_json)
        reports.append({"article": aid, "source": source, "title": title, "record": rec})
        art = articles.setdefault(aid, {"id": aid, "title": title, "source": source, "url": url,
                                        "published": published, "evidence": []})
        art["evidence"].extend({"start": ev["start"], "end": ev["end"]} for ev in rec.get("evidence") or [])
    return {"record": record, "reports": reports, "articles": list(articles.values())}


def article(store: StoreQueries, aid: str) -> dict[str, Any] | None:
    """One stored article (`id, title, text, published, source, url`) and its events' ids; None if absent."""
    rows = _run(store, "read an article", "SELECT rowid, id, title, text, published, source, url FROM articles "
                "WHERE id = ?", [aid])
    if not rows:
        return None
    rowid, i, title, text, published, source, url = rows[0]
    events = _run(store, "read events", "SELECT id, coalesce(cluster, sitrep_cluster_id(id)) FROM events "
                  "WHERE article_rowid = ? ORDER BY id", [rowid])
    return {"id": i, "title": title, "text": text, "published": published, "source": source, "url": url,
            "events": [{"id": e, "happening": c} for e, c in events]}


def search(store: StoreQueries, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching the words (FTS5, best first): `{id, title, snippet}`; the snippet is plain text with
    the matches between U+E000 and U+E001 (private-use marks a page turns into highlights, never markup)."""
    query = fts_query(text)
    if query is None:
        return []
    rows = _run(store, "search articles", (
        "SELECT a.id, a.title, snippet(articles_fts, 1, char(57344), char(57345), '…', 16) FROM articles_fts f "
        "JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"), [query, limit])
    return [{"id": i, "title": t, "snippet": s} for i, t, s in rows]


def facets(store: StoreQueries) -> dict[str, Any]:
    """What the filter menus offer: the stored types with their sub-types, countries and the date span."""
    table = _summary(store, True)
    types: dict[str, list[str]] = {}
    for t, st in _run(store, "read events", f"SELECT DISTINCT type, subtype FROM {table} ORDER BY type, subtype", []):
        types.setdefault(t, []).append(st)
    countries = [r[0] for r in _run(store, "read events", f"SELECT DISTINCT country FROM {table} "
                                    "WHERE country IS NOT NULL ORDER BY country", [])]
    lo, hi = _run(store, "read events", f"SELECT min(date_start), max(date_start) FROM {table}", [])[0]
    return {"types": [{"type": t, "subtypes": s} for t, s in types.items()], "countries": countries,
            "first": lo, "last": hi}

