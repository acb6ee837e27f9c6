"""Output writers: each renders a stream of Events to a text stream (JSON, JSONL, ACLED CSV, GeoJSON, table)."""
from __future__ import annotations

import csv
import json
from typing import Any, Callable, Iterable, TextIO

from sitrep.errors import SitrepError
from sitrep.records import Count, Event

WriterFn = Callable[[Iterable[Event], TextIO], None]

# name -> writer; filled once by the @writer decorators below as the module is defined, never changed after
_WRITERS: dict[str, WriterFn] = {}


class UnknownWriterError(SitrepError):
    """No writer is registered under the requested name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown output format {name!r} (choose from {', '.join(writer_names())})")


def writer(name: str) -> Callable[[WriterFn], WriterFn]:
    """Decorator registering `fn(events, stream)` as the writer called `name`."""

    def register(fn: WriterFn) -> WriterFn:
        _WRITERS[name] = fn
        return fn

    return register


def get_writer(name: str) -> WriterFn:
    """The writer called `name`; UnknownWriterError if there is none."""
    try:
        return _WRITERS[name]
    except KeyError:
        raise UnknownWriterError(name) from None


def writer_names() -> list[str]:
    """Names of all registered writers, sorted."""
    return sorted(_WRITERS)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _write_items(stream: TextIO, items: Iterable[Any]) -> bool:
    """Write JSON array items one by one (no whole list in memory); True when there were none."""
    first = True
    for item in items:
        stream.write("\n" if first else ",\n")
        stream.write(_dumps(item))
        first = False
    return first


@writer("json")
def write_json(events: Iterable[Event], stream: TextIO) -> None:
    """One JSON list of event records, written as it goes (no whole list in memory)."""
    stream.write("[")
    empty = _write_items(stream, (event.as_dict() for event in events))
    stream.write("]\n" if empty else "\n]\n")


@writer("jsonl")
def write_jsonl(events: Iterable[Event], stream: TextIO) -> None:
    """One event record per line."""
    for event in events:
        stream.write(_dumps(event.as_dict()))
        stream.write("\n")


# ---------------------------------------------------------------- CSV

# ACLED's interaction codes of our actor kinds; no actor or an unknown kind is 0
INTER_CODES = {
    "state_forces": 1, "rebels": 2, "political_militia": 3, "identity_militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "external": 8, "unknown": 0,
}
# ACLED's time_precision: 1 the day is known, 2 within a week or a stated span, 3 a month or worse
TIME_PRECISION = {"day": 1, "week": 2, "range": 2, "month": 3, "year": 3, "unknown": 3}

CSV_COUNTS = ("killed", "injured", "arrested", "participants")
CSV_COLUMNS = (
    # ACLED's names
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "actor2", "inter2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "time_precision", "source",
    "notes", "fatalities",
    # sitrep's own
    *(f"{name}_{part}" for name in CSV_COUNTS for part in ("low", "best", "high")),
    "certainty", "historical", "plover", "article", "evidence", "event_end_date",
    # from the store (sitrep.dedup): the happening's cluster, its articles and how many outlets agree
    "cluster", "articles", "agreement",
)
# a cell starting with one of these is run as a formula by spreadsheets: article text must never be
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _safe_cell(text: str) -> str:
    """Text made inert for spreadsheets (a leading quote stops formula evaluation)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _actor_name(actor: Any) -> str:
    if actor is None:
        return ""
    return _safe_cell(actor.name or actor.text or "")


def _inter(actor: Any) -> int:
    return 0 if actor is None else INTER_CODES.get(actor.kind, 0)


def fatalities(event: Event) -> int | None:
    """ACLED's conservative fatality figure: killed.low if set, else killed.best."""
    if event.killed is None:
        return None
    return event.killed.low if event.killed.low is not None else event.killed.best


def csv_row(event: Event) -> dict[str, Any]:
    """One event as a CSV row keyed by CSV_COLUMNS (None for empty cells)."""
    where = event.where
    row: dict[str, Any] = {
        "event_id_cnty": event.id,
        "event_date": event.when.start,
        "event_type": event.type,
        "sub_event_type": event.subtype,
        "actor1": _actor_name(event.actor1),
        "inter1": _inter(event.actor1),
        "actor2": _actor_name(event.actor2),
        "inter2": _inter(event.actor2),
        "country": where.country if where else None,
        "admin1": where.admin1 if where else None,
        "location": _safe_cell(where.name) if where and where.name else None,
        "latitude": where.lat if where else None,
        "longitude": where.lon if where else None,
        "geo_precision": where.precision if where else None,
        "time_precision": TIME_PRECISION.get(event.when.precision, 3),
        "source": _safe_cell("; ".join(s.name or s.text for s in event.sources)),
        "notes": _safe_cell(" ".join(e.text for e in event.evidence)),
        "fatalities": fatalities(event),
        "certainty": event.certainty,
        "historical": "true" if event.historical else "false",
        "plover": event.plover,
        "article": event.article,
        "evidence": ";".join(f"{e.start}-{e.end}" for e in event.evidence),
        "event_end_date": event.when.end,
        "cluster": event.cluster,
        "articles": ";".join(event.articles),
        "agreement": event.agreement,
    }
    for name in CSV_COUNTS:
        count: Count | None = getattr(event, name)
        for part in ("low", "best", "high"):
            row[f"{name}_{part}"] = getattr(count, part) if count is not None else None
    return row


@writer("csv")
def write_csv(events: Iterable[Event], stream: TextIO) -> None:
    """ACLED-style CSV: ACLED's column names where one exists, then sitrep's own columns."""
    out = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    out.writeheader()
    for event in events:
        out.writerow(csv_row(event))


# ---------------------------------------------------------------- GeoJSON


def geojson_feature(event: Event) -> dict[str, Any]:
    """An RFC 7946 Feature: a [lon, lat] Point (or null geometry) with the whole record as properties."""
    where = event.where
    geometry = None
    if where is not None and where.lat is not None and where.lon is not None:
        geometry = {"type": "Point", "coordinates": [where.lon, where.lat]}
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": event.as_dict()}


@writer("geojson")
def write_geojson(events: Iterable[Event], stream: TextIO) -> None:
    """One GeoJSON FeatureCollection, written feature by feature."""
    stream.write('{"type": "FeatureCollection", "features": [')
    empty = _write_items(stream, (geojson_feature(event) for event in events))
    stream.write("]}\n" if empty else "\n]}\n")


# ---------------------------------------------------------------- table


def format_count(count: Count | None) -> str:
    """A figure for people: "7", "24+", "≤40", "~500", "10-20"."""
    if count is None:
        return ""
    low, best, high = count.low, count.best, count.high
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}-{high}"
    if best is not None:
        if low is not None and low == best:
            return f"{best}+"
        if high is not None and high == best:
            return f"≤{best}"
        return f"~{best}"
    if low is not None:
        return f"{low}+"
    if high is not None:
        return f"≤{high}"
    return ""


def _shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _date_cell(event: Event) -> str:
    when = event.when
    if not when.start:
        return "unknown"
    if when.end and when.end != when.start:
        return f"{when.start}…{when.end}"
    return when.start


@writer("table")
def write_table(events: Iterable[Event], stream: TextIO) -> None:
    """A readable rich table for a terminal: date, type, place, actors, killed, certainty, evidence."""
    # rich is only needed here: import it on use so the other writers stay light
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    for name in ("date", "type / subtype", "place", "actors", "killed", "certainty", "evidence"):
        table.add_column(name, overflow="fold")
    rows = 0
    for event in events:
        actors = " → ".join(a.name or a.text for a in (event.actor1, event.actor2) if a is not None)
        place = event.where.text or event.where.name if event.where else ""
        evidence = _shorten(event.evidence[0].text) if event.evidence else ""
        certainty = event.certainty + (" (historical)" if event.historical else "")
        if len(event.articles) > 1:  # a merged record of the store: say how many reports it rests on
            certainty += f"\n{len(event.articles)} articles, {event.agreement or 1} outlets"
        cells = (_date_cell(event), f"{event.type}\n{event.subtype}", place, actors,
                 format_count(event.killed), certainty, evidence)
        # Text cells: article words like "[/b]" must be shown, not read as rich markup
        table.add_row(*(Text(cell) for cell in cells))
        rows += 1
    console = Console(file=stream, width=None if stream.isatty() else 160, soft_wrap=False)
    if rows:
        console.print(table)
    else:
        console.print("no events")


# ---------------------------------------------------------------- Parquet

PARQUET_ROW_GROUP = 10_000  # events per row group: bounded memory on big exports


def parquet_schema() -> Any:
    """The Parquet schema (see README "Parquet schema"): flat columns, lists for articles, sources, evidence."""
    import pyarrow as pa

    count_cols = [pa.field(f"{name}_{part}", pa.int64()) for name in (*CSV_COUNTS, "released")
                  for part in ("low", "best", "high")]
    actor_cols = [pa.field(f"{a}_{part}", pa.string()) for a in ("actor1", "actor2")
                  for part in ("name", "text", "kind", "country")]
    return pa.schema([
        pa.field("id", pa.string(), nullable=False),
        pa.field("cluster", pa.string()),
        pa.field("article", pa.string(), nullable=False),
        pa.field("articles", pa.list_(pa.string())),
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("sub_event_type", pa.string(), nullable=False),
        pa.field("plover", pa.string()),
        *actor_cols,
        pa.field("inter1", pa.int8()),
        pa.field("inter2", pa.int8()),
        pa.field("location", pa.string()),
        pa.field("place_text", pa.string()),
        pa.field("geonameid", pa.int64()),
        pa.field("feature", pa.string()),
        pa.field("admin1", pa.string()),
        pa.field("country", pa.string()),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("geo_precision", pa.int8()),
        pa.field("event_date", pa.date32()),
        pa.field("event_end_date", pa.date32()),
        pa.field("date_text", pa.string()),
        pa.field("date_precision", pa.string()),
        pa.field("time_precision", pa.int8()),
        pa.field("fatalities", pa.int64()),
        *count_cols,
        pa.field("certainty", pa.string(), nullable=False),
        pa.field("historical", pa.bool_(), nullable=False),
        pa.field("agreement", pa.int32()),
        pa.field("sources", pa.list_(pa.struct([("text", pa.string()), ("name", pa.string()), ("kind", pa.string())]))),
        pa.field("evidence", pa.list_(pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())]))),
        pa.field("trigger", pa.string()),
    ])


def _iso_day(value: str | None) -> Any:
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parquet_row(event: Event) -> dict[str, Any]:
    """One event as a row of `parquet_schema()`."""
    where, when = event.where, event.when
    row: dict[str, Any] = {
        "id": event.id, "cluster": event.cluster, "article": event.article, "articles": list(event.articles) or None,
        "event_type": event.type, "sub_event_type": event.subtype, "plover": event.plover,
        "inter1": _inter(event.actor1), "inter2": _inter(event.actor2),
        "location": where.name if where else None, "place_text": where.text if where else None,
        "geonameid": where.geonameid if where else None, "feature": where.feature if where else None,
        "admin1": where.admin1 if where else None, "country": where.country if where else None,
        "latitude": where.lat if where else None, "longitude": where.lon if where else None,
        "geo_precision": where.precision if where else None,
        "event_date": _iso_day(when.start), "event_end_date": _iso_day(when.end), "date_text": when.text,
        "date_precision": when.precision, "time_precision": TIME_PRECISION.get(when.precision, 3),
        "fatalities": fatalities(event), "certainty": event.certainty, "historical": event.historical,
        "agreement": event.agreement,
        "sources": [s.as_dict() for s in event.sources],
        "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in event.evidence],
        "trigger": event.trigger,
    }
    for name in ("actor1", "actor2"):
        actor = getattr(event, name)
        for part in ("name", "text", "kind", "country"):
            row[f"{name}_{part}"] = getattr(actor, part) if actor is not None else None
    for name in (*CSV_COUNTS, "released"):
        count: Count | None = getattr(event, name)
        for part in ("low", "best", "high"):
            row[f"{name}_{part}"] = getattr(count, part) if count is not None else None
    return row


@writer("parquet")
def write_parquet(events: Iterable[Event], stream: TextIO) -> None:
    """Parquet (binary) to the stream's underlying byte buffer, in row groups of PARQUET_ROW_GROUP events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    binary = getattr(stream, "buffer", None)
    if binary is None:
        raise SitrepError("parquet is binary: write it to a file (-o FILE.parquet) or a byte stream")
    stream.flush()
    schema = parquet_schema()
    rows: list[dict[str, Any]] = []
    with pq.ParquetWriter(binary, schema, compression="zstd") as out:
        for event in events:
            rows.append(parquet_row(event))
            if len(rows) >= PARQUET_ROW_GROUP:
                out.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            out.write_table(pa.Table.from_pylist(rows, schema=schema))
    binary.flush()
