"""JSON: one list of event records."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, TextIO

from sitrep.records import Event
from sitrep.writers.registry import first_line, looks_like_record, writer


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


def _recognise(path: Path) -> bool:
    """A previous JSON output: `[]`, or `[` then an event record on the second line."""
    head = first_line(path)
    if head.strip() == "[]":
        return True
    return head == "[" and looks_like_record(first_line(path, 1).rstrip().rstrip(","))


@writer("json", suffix=".json", media_type="application/json", recognise=_recognise)
def write_json(events: Iterable[Event], stream: TextIO) -> None:
    """One JSON list of event records, written as it goes (no whole list in memory)."""
    stream.write("[")
    empty = _write_items(stream, (event.as_dict() for event in events))
    stream.write("]\n" if empty else "\n]\n")

