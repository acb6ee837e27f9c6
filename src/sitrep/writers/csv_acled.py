"""ACLED-style CSV: ACLED's column names where one exists, then sitrep's own columns."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable, TextIO

from sitrep.records import Count, Event
from sitrep.writers.acled import CSV_COUNTS, TIME_PRECISION, _inter, fatalities
from sitrep.writers.registry import first_line, writer

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
# OWASP's CSV injection advice: a text cell starting with one of these is run as a formula by spreadsheets
# (Excel, LibreOffice, Google Sheets), so it gets a leading single quote; the full-width forms are included
# because some spreadsheets fold them to the ASCII ones. Numbers (ints, floats) are never touched, so a
# negative longitude stays a number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _safe_cell(value: Any) -> Any:
    """A text cell made inert for spreadsheets (a leading quote stops formula evaluation); other values as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _actor_name(actor: Any) -> str:
    if actor is None:
        return ""
    return actor.name or actor.text or ""


def csv_row(event: Event, raw: bool = False) -> dict[str, Any]:
    """One event as a CSV row keyed by CSV_COLUMNS (None for empty cells); every text cell neutralised for
    spreadsheets (`_safe_cell`) unless `raw`."""
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
        "location": where.name if where and where.name else None,
        "latitude": where.lat if where else None,
        "longitude": where.lon if where else None,
        "geo_precision": where.precision if where else None,
        "time_precision": TIME_PRECISION.get(event.when.precision, 3),
        "source": "; ".join(s.name or s.text for s in event.sources),
        "notes": " ".join(e.text for e in event.evidence),
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
    return row if raw else {name: _safe_cell(value) for name, value in row.items()}


def _recognise(path: Path) -> bool:
    """A previous CSV output: its header is CSV_COLUMNS."""
    return first_line(path) == ",".join(CSV_COLUMNS)


@writer("csv", suffix=".csv", media_type="text/csv", recognise=_recognise)
def write_csv(events: Iterable[Event], stream: TextIO, raw: bool = False) -> None:
    """ACLED-style CSV: ACLED's column names where one exists, then sitrep's own columns. Text cells that a
    spreadsheet would run as a formula get a leading quote unless `raw` (`--raw-csv`)."""
    out = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    out.writeheader()
    for event in events:
        out.writerow(csv_row(event, raw=raw))

