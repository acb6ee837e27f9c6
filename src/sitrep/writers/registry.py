"""The writer registry: each output format registers itself with `@writer(name, suffix=, media_type=, binary=)`;
the CLI (--format, -o FILE.ext, export) and anything else that writes events look formats up here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, TextIO

from sitrep.errors import SitrepError
from sitrep.records import Event

WriterFn = Callable[[Iterable[Event], TextIO], None]
# recognise(path): whether the file at path looks like this writer's own output (read only its beginning)
RecogniseFn = Callable[[Path], bool]
# how much of a file a recogniser reads: enough for one long event record
HEAD_BYTES = 1 << 20


@dataclass(frozen=True)
class WriterSpec:
    """A registered output format."""

    name: str
    fn: WriterFn
    suffix: str | None  # the file extension that picks it for `-o FILE.ext` (None: never picked by extension)
    media_type: str
    binary: bool  # writes bytes to the text stream's underlying buffer
    # whether an existing file looks like this writer's own output, which `-o` may replace without --force
    # (None: nothing is recognised, an existing file always needs --force)
    recognise: RecogniseFn | None = None

    def is_previous_output(self, path: Path) -> bool:
        """Whether the existing file at `path` is empty or looks like what this writer writes."""
        try:
            if path.stat().st_size == 0:
                return True
            return bool(self.recognise and self.recognise(path))
        except (OSError, ValueError):
            return False


# name -> spec; filled once by the @writer decorators of the format modules as they are imported (by
# sitrep.writers), never changed after
_WRITERS: dict[str, WriterSpec] = {}


class UnknownWriterError(SitrepError):
    """No writer is registered under the requested name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown output format {name!r} (choose from {', '.join(writer_names())})")


def writer(name: str, suffix: str | None = None, media_type: str = "application/octet-stream",
           binary: bool = False, recognise: RecogniseFn | None = None) -> Callable[[WriterFn], WriterFn]:
    """Decorator registering `fn(events, stream)` as the writer called `name` (the function is returned as is);
    `recognise(path)` tells whether an existing file is this writer's own output."""

    def register(fn: WriterFn) -> WriterFn:
        if name in _WRITERS:
            raise ValueError(f"two writers registered as {name!r}")
        ext = _suffix(suffix) if suffix else None
        if ext is not None and any(spec.suffix == ext for spec in _WRITERS.values()):
            raise ValueError(f"two writers registered for the suffix {ext!r}")
        _WRITERS[name] = WriterSpec(name=name, fn=fn, suffix=ext, media_type=media_type, binary=binary,
                                    recognise=recognise)
        return fn

    return register


def _suffix(suffix: str) -> str:
    """A file extension in the one form the registry keeps: lower case with its dot (".csv")."""
    suffix = suffix.lower()
    return suffix if suffix.startswith(".") else "." + suffix


def read_head(path: Path) -> bytes:
    """The first HEAD_BYTES of a file, for recognisers."""
    with path.open("rb") as fh:
        return fh.read(HEAD_BYTES)


def first_line(path: Path, line: int = 0) -> str:
    """Line `line` (0-based) of a file's head, decoded as UTF-8 ('' when there is none)."""
    lines = read_head(path).decode("utf-8", errors="replace").split("\n")
    return lines[line] if line < len(lines) else ""


def looks_like_record(text: str) -> bool:
    """Whether `text` is one JSON event record (an object with sitrep's id, article, type and subtype keys)."""
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and {"id", "article", "type", "subtype"} <= data.keys()


def writer_spec(name: str) -> WriterSpec:
    """The registered format called `name`; UnknownWriterError if there is none."""
    try:
        return _WRITERS[name]
    except KeyError:
        raise UnknownWriterError(name) from None


def get_writer(name: str) -> WriterFn:
    """The writer called `name`; UnknownWriterError if there is none."""
    return writer_spec(name).fn


def writer_names() -> list[str]:
    """Names of all registered writers, sorted."""
    return sorted(_WRITERS)


def writers() -> list[WriterSpec]:
    """Every registered format, sorted by name."""
    return [_WRITERS[name] for name in writer_names()]


def writer_for_suffix(suffix: str) -> WriterSpec | None:
    """The format a file extension (".csv", "CSV") picks, or None when no writer claims it."""
    if not suffix or suffix == ".":
        return None
    ext = _suffix(suffix)
    return next((spec for spec in _WRITERS.values() if spec.suffix == ext), None)
