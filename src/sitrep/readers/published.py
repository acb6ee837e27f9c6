"""Publication dates: the input's own field → the text's dateline → given for the run (`--published`) → unknown.

`--published` is for inputs that carry no date of their own: it never overrides one (nor, so, the content hash
of an article that has one, which would make a re-ingest replace it)."""
from __future__ import annotations

import logging
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Callable

log = logging.getLogger("sitrep.inputs")  # the logger name users' filters know from before the split

_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(value: str) -> str | None:
    """`value` if it is a valid YYYY-MM-DD date, else None."""
    if not _ISO_DATE_RE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def normalise_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO date or datetime or an RFC 822 date; None when it is none of them."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        # the calendar date as the source wrote it: a local evening must not become tomorrow in UTC
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def dateline_finder() -> Callable[[str], str | None]:
    """`sitrep.resolve.dateline.find_dateline`, or a stand-in returning None while that module is absent."""
    try:
        from sitrep.resolve.dateline import find_dateline
    except ImportError:
        log.debug("sitrep.dates.find_dateline not available: datelines are not read")
        return no_dateline
    return find_dateline  # type: ignore[no-any-return]


def no_dateline(text: str) -> str | None:
    """Fallback dateline reader: never finds one."""
    return None


def published_of(given: str | None, value: Any, text: str, where: str,
                 dateline: Callable[[str], str | None]) -> tuple[str | None, str | None]:
    """Publication date and how it was found: input field → dateline → given → None."""
    if value not in (None, ""):
        found = normalise_date(value)
        if found:
            return found, "input"
        log.warning("%s: unreadable publication date %r ignored", where, value)
    line = dateline(text)
    found = normalise_date(line) if line else None
    if found:
        return found, "dateline"
    if given:
        return given, "given"
    return None, None
