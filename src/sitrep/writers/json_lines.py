"""JSON Lines: one event record per line."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, TextIO

from sitrep.records import Event
from sitrep.writers.json_array import _dumps
from sitrep.writers.registry import first_line, looks_like_record, writer


def _recognise(path: Path) -> bool:
    """A previous JSONL output: its first line is an event record."""
    return looks_like_record(first_line(path))


@writer("jsonl", suffix=".jsonl", media_type="application/x-ndjson", recognise=_recognise)
def write_jsonl(events: Iterable[Event], stream: TextIO) -> None:
    """One event record per line."""
    for event in events:
        stream.write(_dumps(event.as_dict()))
        stream.write("\n")

