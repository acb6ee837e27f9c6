"""ACLED's codes for sitrep's fields, shared by the ACLED-style CSV and Parquet writers."""
from __future__ import annotations

from typing import Any

from sitrep.records import Event

# ACLED's interaction codes of our actor kinds; no actor or an unknown kind is 0
INTER_CODES = {
    "state_forces": 1, "rebels": 2, "political_militia": 3, "identity_militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "external": 8, "unknown": 0,
}
# ACLED's time_precision: 1 the day is known, 2 within a week or a stated span, 3 a month or worse
TIME_PRECISION = {"day": 1, "week": 2, "range": 2, "month": 3, "year": 3, "unknown": 3}
# the figures written as low/best/high columns
CSV_COUNTS = ("killed", "injured", "arrested", "participants")


def _inter(actor: Any) -> int:
    return 0 if actor is None else INTER_CODES.get(actor.kind, 0)


def fatalities(event: Event) -> int | None:
    """ACLED's conservative fatality figure: killed.low if set, else killed.best."""
    if event.killed is None:
        return None
    return event.killed.low if event.killed.low is not None else event.killed.best

