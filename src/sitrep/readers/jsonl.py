"""JSON Lines (.jsonl): one article per line, read line by line; bad lines are quarantined with their number.

Each line stands alone: a line that is binary, undecodable, too long, malformed, nested too deep for the JSON
parser or otherwise unreadable is quarantined and the lines around it are read as usual. A line longer than the
limit is skipped in chunks, never held in memory whole."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from sitrep.errors import InputError
from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader
from sitrep.readers.checks import TooLong, bounded_lines, decode_line, line_text
from sitrep.readers.ids import json_id

JSONL_EXTENSIONS = (".jsonl",)

_HEAD_BYTES = 8192

__all__ = ["JSONL_EXTENSIONS", "JsonlReader", "decode_line", "json_article", "jsonl_lines", "str_or_none"]


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
            try:
                head = handle.read(_HEAD_BYTES)
                handle.seek(0)
            except OSError as exc:
                yield Origin(name, None), Quarantined(name, None, f"unreadable: {exc.strerror or exc}")
                return
            if looks_binary(head):
                yield Origin(name, None), Quarantined(name, None, "binary file (NUL bytes), not text")
                return
            yield from jsonl_lines(ctx, name, bounded_lines(handle, ctx.max_line_bytes))


def looks_binary(head: bytes) -> bool:
    """A file whose first bytes hold NUL bytes and not one NUL-free line that opens a JSON object is binary.

    A NUL byte in one line of a real JSONL file only costs that line."""
    if b"\x00" not in head:
        return False
    lines = head.split(b"\n")
    if len(head) >= _HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last one may be cut short
    return not any(b"\x00" not in ln and ln.lstrip(b"\xef\xbb\xbf \t\r").startswith(b"{") for ln in lines)


def jsonl_lines(ctx: ReadContext, name: str, lines: Iterable[bytes | str | TooLong | None],
                stem: str | None = None) -> Iterator[Item]:
    """Articles of JSONL lines: raw lines (bytes or str), `TooLong` for a line over the limit, None for one that
    could not be read. Each line is read on its own: nothing one line holds stops the others.

    (`stem` is no longer used: lines without an id get a content hash.)"""
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        origin = Origin(name, number)
        try:
            item = _line(ctx, origin, raw)
        except Exception as exc:  # noqa: BLE001 - one line must never stop a batch
            seen_any = True
            yield origin, Quarantined(name, number, f"unreadable line: {type(exc).__name__}: {exc}"[:300])
            continue
        if item is None:
            continue
        seen_any = True
        yield item
    if not seen_any:
        yield Origin(name, None), Quarantined(name, None, "empty file")


def _line(ctx: ReadContext, origin: Origin, raw: bytes | str | TooLong | None) -> Item | None:
    name, number = origin
    if isinstance(raw, TooLong):
        return origin, Quarantined(name, number, f"too large: {int(raw):,} bytes (limit {ctx.max_chars:,} characters)")
    if raw is None:
        return origin, Quarantined(name, number, "undecodable line: neither UTF-8 nor cp1252")
    line = line_text(raw)
    if isinstance(line, InputError):
        return origin, Quarantined(name, number, line.reason)
    if not line.strip():
        return None
    if len(line) > ctx.max_chars + 10_000:
        return origin, Quarantined(name, number, f"too large: {len(line):,} characters (limit {ctx.max_chars:,})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return origin, Quarantined(name, number, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return origin, Quarantined(name, number, "malformed JSON: nested too deep")
    return json_article(ctx, origin, "", record)


def json_article(ctx: ReadContext, origin: Origin, stem: str, record: Any) -> Item:
    """An article from one decoded JSONL record (its field names are DESIGN.md's).

    Its id is the record's `id` as a string (12 and "12" are one id), else a content hash (`ids.content_id`)."""
    if not isinstance(record, dict):
        return origin, Quarantined(origin.path, origin.line, f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        return origin, Quarantined(origin.path, origin.line, "no 'text' string")
    raw_id = record.get("id")
    ident = json_id(raw_id)
    if ident is None and not (raw_id is None or (isinstance(raw_id, str) and not raw_id.strip())):
        return origin, Quarantined(origin.path, origin.line,
                                   f"'id' must be a string or a number, not {type(raw_id).__name__}")
    fields = {"id": ident, "text": text, "title": str_or_none(record.get("title")) or ""}
    for key in ("source", "url", "language", "published", "country"):
        fields[key] = str_or_none(record.get(key))
    return ctx.article(origin, **fields)


def str_or_none(value: Any) -> str | None:
    """None, a string, or the value as a string."""
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
