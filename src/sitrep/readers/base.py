"""What every reader shares: Origin, Quarantined, the run's options (ReadContext) and the Reader base class."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from sitrep.errors import InputError
from sitrep.readers.checks import MAX_CHARS, bad_unicode, check_article, decode_bytes
from sitrep.readers.ids import RunIds, content_id
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
    """One run's options, and the helpers every reader uses to turn fields into a checked Article.

    It also holds the run's ids (`ids.RunIds`): an id already given to a different article in this run is
    quarantined, never silently shared. `file_ids` maps a file (str(path)) to its id when its name is shared
    with another file of the run (see `ids.file_ids`); other files use their name without extension."""

    def __init__(self, given: str | None, max_chars: int, dateline: Callable[[str], str | None],
                 file_ids: dict[str, str] | None = None) -> None:
        self.given = given
        self.max_chars = max_chars
        self.dateline = dateline
        self.file_ids = file_ids or {}
        self.ids = RunIds()

    @property
    def max_bytes(self) -> int:
        """The most bytes a file or stdin may have: a character is at most 4 UTF-8 bytes."""
        return 4 * self.max_chars

    @property
    def max_line_bytes(self) -> int:
        """The most bytes a JSONL line may have: an article's text and room for the other fields."""
        return 4 * (self.max_chars + 10_000)

    def file_id(self, path: Path) -> str:
        """The id of a one-article file: its name without extension, or its relative path when the name is shared."""
        return self.file_ids.get(str(path), path.stem)

    def article(self, origin: Origin, **fields: Any) -> Item:
        """A checked Article with its publication date resolved, or the reason it is quarantined.

        `id=None` gives the article a content hash as its id (stdin, JSONL lines without one)."""
        text: str = fields["text"]
        title: str = fields.get("title") or ""
        for key, value in fields.items():
            # str.isascii() is O(1): only non-ASCII strings are checked for lone surrogates
            if isinstance(value, str) and not value.isascii() and bad_unicode(value):
                return origin, Quarantined(origin.path, origin.line,
                                           f"invalid text in {key!r}: lone surrogates (invalid UTF-8 or a bad \\u escape)")
        reason = check_article(text, title, fields.get("language"), self.max_chars)
        if reason:
            return origin, Quarantined(origin.path, origin.line, reason)
        if fields.get("id") is None:
            fields["id"] = content_id(title, text)
        published, how = published_of(self.given, fields.pop("published", None), text, where(origin), self.dateline)
        article = Article(published=published, published_from=how, **fields)
        # the store's content hash (Article.hash) decides "the same article again"; within a run, hash() of the same
        # fields says the same, far cheaper
        first = self.ids.claim(article.id, hash((article.title or "", article.text, article.published)), where(origin))
        if first is not None:
            return origin, Quarantined(origin.path, origin.line,
                                       f"duplicate id {article.id!r}: {first} already gave this id to a different "
                                       f"article in this run (give each article its own id)")
        return origin, article

    def close(self) -> None:
        """Drop the run's ids."""
        self.ids.close()

    def read_bytes(self, path: Path) -> bytes | Quarantined:
        """A whole file's bytes, or why not (missing, unreadable, empty, far too large)."""
        try:
            size = path.stat().st_size
            # a character is at most 4 UTF-8 bytes: bigger files are too large whatever they hold
            if size > self.max_bytes:
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
    # True when the file gives one article whose id is the file's (`ReadContext.file_id`): the run then checks
    # these files' names for clashes before reading any of them
    named_by_file: bool = False

    def accepts(self, path: Path) -> bool:
        """Whether this reader takes the file (by its extension)."""
        return path.suffix.lower() in self.extensions

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """(origin, Article or Quarantined) of every article in the file."""
        raise NotImplementedError


def where(origin: Origin) -> str:
    """`path` or `path:line`."""
    return origin.path if origin.line is None else f"{origin.path}:{origin.line}"
