"""The writer registry: each output format registers itself with `@writer(name, suffix=, media_type=, binary=)`;
the CLI (--format, -o FILE.ext, export) and anything else that writes events look formats up here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, TextIO

from sitrep.errors import SitrepError
from sitrep.records import Event

WriterFn = Callable[[Iterable[Event], TextIO], None]


@dataclass(frozen=True)
class WriterSpec:
    """A registered output format."""

    name: str
    fn: WriterFn
    suffix: str | None  # the file extension that picks it for `-o FILE.ext` (None: never picked by extension)
    media_type: str
    binary: bool  # writes bytes to the text stream's underlying buffer


# name -> spec; filled once by the @writer decorators of the format modules as they are imported (by
# sitrep.writers), never changed after
_WRITERS: dict[str, WriterSpec] = {}


class UnknownWriterError(SitrepError):
    """No writer is registered under the requested name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown output format {name!r} (choose from {', '.join(writer_names())})")


def writer(name: str, suffix: str | None = None, media_type: str = "application/octet-stream",
           binary: bool = False) -> Callable[[WriterFn], WriterFn]:
    """Decorator registering `fn(events, stream)` as the writer called `name` (the function is returned as is)."""

    def register(fn: WriterFn) -> WriterFn:
        if name in _WRITERS:
            raise ValueError(f"two writers registered as {name!r}")
        ext = _suffix(suffix) if suffix else None
        if ext is not None and any(spec.suffix == ext for spec in _WRITERS.values()):
            raise ValueError(f"two writers registered for the suffix {ext!r}")
        _WRITERS[name] = WriterSpec(name=name, fn=fn, suffix=ext, media_type=media_type, binary=binary)
        return fn

    return register


def _suffix(suffix: str) -> str:
    """A file extension in the one form the registry keeps: lower case with its dot (".csv")."""
    suffix = suffix.lower()
    return suffix if suffix.startswith(".") else "." + suffix


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
