"""Walking the inputs: files, folders (searched for known extensions, sorted) and `-` (stdin), in order."""
from __future__ import annotations

import itertools
import logging
import os
import sys
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Sequence, TextIO

from sitrep.errors import InputError
from sitrep.readers.base import STDIN_NAME, Item, Origin, Quarantined, ReadContext
from sitrep.readers.checks import MAX_CHARS, bounded_lines, decode_bytes, finish_line
from sitrep.readers.ids import file_ids
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

    `finder` gives the dateline reader (default: `published.dateline_finder`); it is called once per run.
    Folders are listed first (an unreadable folder, or one without input files, is quarantined), so that files
    of the run sharing a name get their relative paths as ids (`ids.file_ids`). A reader that raises costs its
    file only: what it gave before stays, the file is quarantined, the run goes on."""
    given = None
    if published is not None:
        given = parse_iso_date(published)
        if given is None:
            raise InputError(f"publication date {published!r} is not YYYY-MM-DD", path="--published")
    plan = list(_plan(paths))
    named = [(path, root) for path, root in (p for p in plan if isinstance(p, tuple))
             if reader_for(path).named_by_file]
    ctx = ReadContext(given, max_chars, (finder or dateline_finder)(), file_ids(named))
    try:
        for step in plan:
            if step == "-":
                yield from _guarded(STDIN_NAME, "text", read_stdin(stdin if stdin is not None else sys.stdin, ctx))
            elif isinstance(step, Quarantined):
                yield "text", Origin(step.path, step.line), step
            else:
                yield from _read_file(step[0], ctx)
    finally:
        ctx.close()


def _plan(paths: Sequence[str]) -> Iterator[str | tuple[Path, Path | None] | Quarantined]:
    """What a run reads, in order: "-" (stdin), (file, folder given or None), or a folder's quarantine entry."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if not path.is_dir():
            yield path, None
            continue
        files: list[Path] = []
        errors: list[Quarantined] = []
        _walk_folder(path, files, errors)
        yield from errors
        if not files and not errors:
            exts = " ".join(sorted(set(INPUT_EXTENSIONS)))
            yield Quarantined(raw, None, f"no input files in folder (looked for {exts})")
        for file in sorted(files):
            yield file, path


def _scandir(path: Path) -> list[os.DirEntry[str]]:
    with os.scandir(path) as entries:
        return list(entries)


def _walk_folder(folder: Path, files: list[Path], errors: list[Quarantined]) -> None:
    """Input files under `folder` (symlinked folders are not followed); an unreadable folder goes to `errors`."""
    try:
        entries = _scandir(folder)
    except OSError as exc:
        errors.append(Quarantined(str(folder), None, f"unreadable folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk_folder(path, files, errors)
            elif path.suffix.lower() in INPUT_EXTENSIONS and entry.is_file():
                files.append(path)
        except OSError as exc:
            errors.append(Quarantined(str(path), None, f"unreadable: {exc.strerror or exc}"))


def _read_file(path: Path, ctx: ReadContext) -> Iterator[tuple[str, Origin, Article | Quarantined]]:
    reader = reader_for(path)
    yield from _guarded(str(path), reader.name, ((reader.name, o, i) for o, i in reader.read(path, ctx)))


def _guarded(name: str, reader: str, items: Iterator[tuple[str, Origin, Article | Quarantined]],
             ) -> Iterator[tuple[str, Origin, Article | Quarantined]]:
    """`items`; an exception out of the reader becomes the input's quarantine entry (what came before stays)."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - one input must never stop a batch
        log.debug("%s: reader %s failed", name, reader, exc_info=True)
        reason = f"unreadable: the {reader} reader failed ({type(exc).__name__}: {exc})"[:300]
        yield reader, Origin(name, None), Quarantined(name, None, reason)


def read_stdin(stream: TextIO | BinaryIO, ctx: ReadContext) -> Iterator[tuple[str, Origin, Article | Quarantined]]:
    """Standard input: JSONL when its first non-blank character is `{` (after a BOM), else one plain-text article.

    Read as bytes (a real stdin's buffer) and decoded as files are, line by line for JSONL; at most the size
    limit is ever held: a longer line or text is refused without being read whole."""
    origin = Origin(STDIN_NAME, None)
    raw: Any = getattr(stream, "buffer", None) or stream
    limit = ctx.max_line_bytes
    blanks = 0
    blank_text: list[bytes | str] = []
    blank_size = 0
    first: bytes | str | None = None
    while True:
        piece = raw.readline(limit + 1)
        if not piece:
            break
        if piece.strip(b" \t\r\n\x0b\x0c" if isinstance(piece, bytes) else None):
            first = piece
            break
        blanks += 1
        blank_size += len(piece)
        if blank_size <= ctx.max_bytes:
            blank_text.append(piece)
    if first is not None and _opens_object(first):
        lines = itertools.chain(itertools.repeat(b"\n", blanks), [finish_line(raw, first, limit)],
                                bounded_lines(raw, limit))
        for o, item in jsonl_lines(ctx, STDIN_NAME, lines):
            yield "jsonl", o, item
        return
    if blank_size > ctx.max_bytes:
        yield "text", origin, Quarantined(STDIN_NAME, None, f"too large: more than {ctx.max_bytes:,} bytes "
                                                            f"(limit {ctx.max_chars:,} characters)")
        return
    pieces = blank_text + ([first] if first is not None else [])
    size = blank_size + (len(first) if first is not None else 0)
    if size <= ctx.max_bytes:
        pieces.append(raw.read(ctx.max_bytes + 1 - size))
        size += len(pieces[-1])
    if size > ctx.max_bytes:
        # refused without reading on: the rest of a 100 MB stream is never held
        yield "text", origin, Quarantined(STDIN_NAME, None, f"too large: more than {ctx.max_bytes:,} bytes "
                                                            f"(limit {ctx.max_chars:,} characters)")
        return
    if not pieces or isinstance(pieces[0], bytes):
        data = b"".join(pieces)  # type: ignore[arg-type]
        try:
            text = decode_bytes(data)
        except InputError as exc:
            reason = "binary input (NUL bytes), not text" if "NUL" in exc.reason else "binary or undecodable input"
            yield "text", origin, Quarantined(STDIN_NAME, None, reason)
            return
    else:
        text = "".join(pieces)  # type: ignore[arg-type]
        if "\x00" in text:
            yield "text", origin, Quarantined(STDIN_NAME, None, "binary input (NUL bytes), not text")
            return
        text = text[1:] if text.startswith("\ufeff") else text
    yield ("text",) + ctx.article(origin, id=None, title=title_of(text), text=text)  # type: ignore[misc]


def _opens_object(line: bytes | str) -> bool:
    """Whether a line's first character (after a BOM and blanks) opens a JSON object."""
    if isinstance(line, bytes):
        return line.lstrip(b"\xef\xbb\xbf \t\r\x0b\x0c").startswith(b"{")
    return line.lstrip("\ufeff \t\r\x0b\x0c").startswith("{")


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
