"""What every reader shares: Origin, Quarantined, the run's options (ReadContext) and the Reader base class."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from sitrep.errors import InputError
from sitrep.readers.checks import MAX_CHARS, check_article, decode_bytes
from sitrep.readers.published import published_of
from sitrep.records import Article, Record

log = logging.getLogger("sitrep.inputs")  # the logger name users' filters know from before the split

STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Quarantined(Record):
    """An input (or one line of it) that could not become an article, and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        """`path:line: reason`, the form the CLI prints."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class Origin(NamedTuple):
    """Where an article came from: file (or `<stdin>`) and line (JSONL) or item number (feeds)."""

    path: str
    line: int | None


Item = tuple[Origin, "Article | Quarantined"]


class ReadContext:
    """One run's options, and the helpers every reader uses to turn fields into a checked Article."""

    def __init__(self, given: str | None, max_chars: int, dateline: Callable[[str], str | None]) -> None:
        self.given = given
        self.max_chars = max_chars
        self.dateline = dateline

    def article(self, origin: Origin, **fields: Any) -> Item:
        """A checked Article with its publication date resolved, or the reason it is quarantined."""
        text: str = fields["text"]
        title: str = fields.get("title") or ""
        reason = check_article(text, title, fields.get("language"), self.max_chars)
        if reason:
            return origin, Quarantined(origin.path, origin.line, reason)
        published, how = published_of(self.given, fields.pop("published", None), text, where(origin), self.dateline)
        return origin, Article(published=published, published_from=how, **fields)

    def read_bytes(self, path: Path) -> bytes | Quarantined:
        """A whole file's bytes, or why not (missing, unreadable, empty, far too large)."""
        try:
            size = path.stat().st_size
            # a character is at most 4 UTF-8 bytes: bigger files are too large whatever they hold
            if size > 4 * self.max_chars:
                return Quarantined(str(path), None, f"too large: {size:,} bytes (limit {self.max_chars:,} characters)")
            data = path.read_bytes()
        except FileNotFoundError:
            return Quarantined(str(path), None, "no such file or folder")
        except OSError as exc:
            return Quarantined(str(path), None, f"unreadable: {exc.strerror or exc}")
        if not data.strip():
            return Quarantined(str(path), None, "empty file")
        return data

    def read_text(self, path: Path) -> str | Quarantined:
        """A whole file's text (UTF-8, else cp1252), or why not."""
        data = self.read_bytes(path)
        if isinstance(data, Quarantined):
            return data
        try:
            return decode_bytes(data)
        except InputError as exc:
            return Quarantined(str(path), None, exc.reason)


class Reader:
    """One input format: a name, the file extensions it claims, and `read(path, ctx)` giving its items."""

    name: str = ""
    extensions: tuple[str, ...] = ()

    def accepts(self, path: Path) -> bool:
        """Whether this reader takes the file (by its extension)."""
        return path.suffix.lower() in self.extensions

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """(origin, Article or Quarantined) of every article in the file."""
        raise NotImplementedError


def where(origin: Origin) -> str:
    """`path` or `path:line`."""
    return origin.path if origin.line is None else f"{origin.path}:{origin.line}"
