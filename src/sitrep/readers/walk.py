"""Walking the inputs: files, folders (searched for known extensions, sorted) and `-` (stdin), in order."""
from __future__ import annotations

import itertools
import logging
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from sitrep.errors import InputError
from sitrep.readers.base import STDIN_NAME, Item, Origin, Quarantined, ReadContext
from sitrep.readers.checks import MAX_CHARS
from sitrep.readers.jsonl import jsonl_lines
from sitrep.readers.published import dateline_finder, parse_iso_date
from sitrep.readers.registry import INPUT_EXTENSIONS, reader_for
from sitrep.readers.text import title_of
from sitrep.records import Article

log = logging.getLogger("sitrep.inputs")  # the logger name users' filters know from before the split

DatelineFinder = Callable[[], Callable[[str], "str | None"]]


def read_inputs(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
    finder: DatelineFinder | None = None,
) -> Iterator[Article | Quarantined]:
    """Articles (and quarantined inputs) of files, folders and `-` (stdin), streamed in order."""
    for _origin, item in iter_inputs(paths, published=published, stdin=stdin, max_chars=max_chars, finder=finder):
        yield item


def iter_inputs(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
    finder: DatelineFinder | None = None,
) -> Iterator[Item]:
    """Like `read_inputs`, with the origin (file, line) of each item for error messages."""
    for _reader, origin, item in iter_read(paths, published, stdin, max_chars, finder):
        yield origin, item


def iter_read(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
    finder: DatelineFinder | None = None,
) -> Iterator[tuple[str, Origin, Article | Quarantined]]:
    """(reader name, origin, item) of every input: which READERS entry read it, where from, and what it gave.

    `finder` gives the dateline reader (default: `published.dateline_finder`); it is called once per run."""
    given = None
    if published is not None:
        given = parse_iso_date(published)
        if given is None:
            raise InputError(f"publication date {published!r} is not YYYY-MM-DD", path="--published")
    ctx = ReadContext(given, max_chars, (finder or dateline_finder)())
    for raw in paths:
        if raw == "-":
            yield from read_stdin(stdin if stdin is not None else sys.stdin, ctx)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_EXTENSIONS)
            if not files:
                log.info("%s: no input files in folder", raw)
            for file in files:
                yield from _read_file(file, ctx)
        else:
            yield from _read_file(path, ctx)


def _read_file(path: Path, ctx: ReadContext) -> Iterator[tuple[str, Origin, Article | Quarantined]]:
    reader = reader_for(path)
    for origin, item in reader.read(path, ctx):
        yield reader.name, origin, item


def read_stdin(stream: TextIO, ctx: ReadContext) -> Iterator[tuple[str, Origin, Article | Quarantined]]:
    """Standard input: JSONL when its first non-blank character is `{`, else one plain-text article."""
    origin = Origin(STDIN_NAME, None)
    head: list[str] = []
    try:
        for line in stream:
            head.append(line)
            if line.strip():
                break
        if head and head[-1].lstrip().startswith("{"):
            for o, item in jsonl_lines(ctx, STDIN_NAME, "stdin", safe_lines(itertools.chain(head, stream))):
                yield "jsonl", o, item
            return
        text = "".join(head) + stream.read()
    except UnicodeDecodeError:
        yield "text", origin, Quarantined(STDIN_NAME, None, "binary or undecodable input")
        return
    if "\x00" in text:
        yield "text", origin, Quarantined(STDIN_NAME, None, "binary input (NUL bytes), not text")
        return
    yield ("text",) + ctx.article(origin, id="stdin", title=title_of(text), text=text)  # type: ignore[misc]


def safe_lines(lines: Iterable[str]) -> Iterator[str | None]:
    """Lines of a text stream, stopping quietly (after logging) if it cannot be decoded."""
    iterator = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield None
            return
        yield line
