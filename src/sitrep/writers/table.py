"""A readable rich table for a terminal (never chosen by a file extension)."""
from __future__ import annotations

import errno
from pathlib import Path
from typing import Any, Iterable, TextIO

from sitrep.records import Count, Event
from sitrep.writers.registry import first_line, writer


def make_console(**options: Any) -> Any:
    """A rich Console that lets a closed pipe raise BrokenPipeError (rich's own answer is to exit 1 without a
    word, which would skip the CLI's message and exit code)."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError(errno.EPIPE, "broken pipe")

    return _PipeConsole(**options)


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


def _recognise(path: Path) -> bool:
    """A previous table output: a rich table's top border, or the line for no events."""
    head = first_line(path)
    return head.startswith("┏") or head.strip() == "no events"


@writer("table", media_type="text/plain", recognise=_recognise)
def write_table(events: Iterable[Event], stream: TextIO) -> None:
    """A readable rich table for a terminal: date, type, place, actors, killed, certainty, evidence."""
    # rich is only needed here: import it on use so the other writers stay light
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
    console = make_console(file=stream, width=None if stream.isatty() else 160, soft_wrap=False)
    if rows:
        console.print(table)
    else:
        console.print("no events")

