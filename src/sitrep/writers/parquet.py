"""Parquet (binary): flat columns, lists for articles, sources and evidence; zstd, bounded row groups."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, TextIO

from sitrep.errors import SitrepError
from sitrep.records import Count, Event
from sitrep.writers.acled import CSV_COUNTS, TIME_PRECISION, _inter, fatalities
from sitrep.writers.registry import read_head, writer

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


def _recognise(path: Path) -> bool:
    """A previous Parquet output: a Parquet file with parquet_schema()'s columns."""
    import pyarrow.parquet as pq

    if read_head(path)[:4] != b"PAR1":
        return False
    try:
        return list(pq.read_schema(path).names) == list(parquet_schema().names)
    except Exception:  # noqa: BLE001  any unreadable file is simply not ours
        return False


@writer("parquet", suffix=".parquet", media_type="application/vnd.apache.parquet", binary=True,
        recognise=_recognise)
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
