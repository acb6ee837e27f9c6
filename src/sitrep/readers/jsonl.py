"""JSON Lines (.jsonl): one article per line, read line by line; bad lines are quarantined with their number."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader
from sitrep.readers.checks import decode_line

JSONL_EXTENSIONS = (".jsonl",)


class JsonlReader(Reader):
    """One article per line (field names are DESIGN.md's)."""

    name = "jsonl"
    extensions = JSONL_EXTENSIONS

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One article per line, read line by line; bad lines are quarantined with their number."""
        name = str(path)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            yield Origin(name, None), Quarantined(name, None, "no such file or folder")
            return
        except OSError as exc:
            yield Origin(name, None), Quarantined(name, None, f"unreadable: {exc.strerror or exc}")
            return
        with handle:
            head = handle.read(8192)
            if b"\x00" in head:
                yield Origin(name, None), Quarantined(name, None, "binary file (NUL bytes), not text")
                return
            handle.seek(0)
            yield from jsonl_lines(ctx, name, path.stem, (decode_line(b) for b in handle))


def jsonl_lines(ctx: ReadContext, name: str, stem: str, lines: Iterable[str | None]) -> Iterator[Item]:
    """Articles of JSONL lines (None for a line that could not be decoded)."""
    seen_any = False
    for number, line in enumerate(lines, start=1):
        origin = Origin(name, number)
        if line is None:
            yield origin, Quarantined(name, number, "undecodable line: neither UTF-8 nor cp1252")
            continue
        if not line.strip():
            continue
        seen_any = True
        if len(line) > ctx.max_chars + 10_000:
            yield origin, Quarantined(name, number, f"too large: {len(line):,} characters (limit {ctx.max_chars:,})")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield origin, Quarantined(name, number, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        yield json_article(ctx, origin, stem, record)
    if not seen_any:
        yield Origin(name, None), Quarantined(name, None, "empty file")


def json_article(ctx: ReadContext, origin: Origin, stem: str, record: Any) -> Item:
    """An article from one decoded JSONL record (its field names are DESIGN.md's)."""
    if not isinstance(record, dict):
        return origin, Quarantined(origin.path, origin.line, f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        return origin, Quarantined(origin.path, origin.line, "no 'text' string")
    ident = record.get("id")
    if ident is None or (isinstance(ident, str) and not ident.strip()):
        ident = f"{stem}:{origin.line}"
    fields = {"id": str(ident), "text": text, "title": str_or_none(record.get("title")) or ""}
    for key in ("source", "url", "language", "published"):
        fields[key] = str_or_none(record.get(key))
    return ctx.article(origin, **fields)


def str_or_none(value: Any) -> str | None:
    """None, a string, or the value as a string."""
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
