"""JSON Lines: one event record per line."""
from __future__ import annotations

from typing import Iterable, TextIO

from sitrep.records import Event
from sitrep.writers.json_array import _dumps
from sitrep.writers.registry import writer


@writer("jsonl", suffix=".jsonl", media_type="application/x-ndjson")
def write_jsonl(events: Iterable[Event], stream: TextIO) -> None:
    """One event record per line."""
    for event in events:
        stream.write(_dumps(event.as_dict()))
        stream.write("\n")

