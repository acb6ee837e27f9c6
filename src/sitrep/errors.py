"""Typed exceptions; only the CLI turns them into messages and exit codes."""
from __future__ import annotations


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class InputError(SitrepError):
    """An input could not be read as an article; carries the file and line."""

    def __init__(self, message: str, path: str = "-", line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.reason = message


class InvalidDateError(InputError, ValueError):
    """A date given by the caller (`published=`) is not a real YYYY-MM-DD date."""


class GazetteerError(SitrepError):
    """The gazetteer index is missing, unreadable or could not be built."""


class ModelError(SitrepError):
    """The spaCy model named in the settings could not be loaded."""


class StoreError(SitrepError):
    """The event store cannot be opened, read or written (read-only, disk full, not a sitrep store)."""


class StoreDamagedError(StoreError):
    """The store file is damaged (garbage in its pages): it must be restored or rebuilt, not retried."""
