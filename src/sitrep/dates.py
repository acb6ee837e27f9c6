"""Date mentions, kept as the old import path: finding lives in `sitrep.nlp.dates` (+ `nlp.dates_words`), resolving
in `sitrep.resolve.dates` (+ `resolve.dates_calendar`, `resolve.dates_relative`), datelines in `sitrep.resolve.dateline`.

Re-exports only; importing this module registers the `sitrep_dates` factory once, through `sitrep.nlp.dates`.
"""
from __future__ import annotations

from sitrep.nlp.dates import DateMention, DatesComponent, find_date_mentions, make_dates, register_extensions
from sitrep.nlp.dates_words import DateWords, _alt, _regexes, date_words
from sitrep.resolve.dateline import find_dateline
from sitrep.resolve.dates import _parse_published, _strategies, resolve_date, resolve_mentions
from sitrep.resolve.dates_calendar import _make_date
from sitrep.resolve.dates_relative import duration, shift_when

__all__ = [
    "DateMention",
    "DateWords",
    "DatesComponent",
    "_alt",
    "_make_date",
    "_parse_published",
    "_regexes",
    "_strategies",
    "date_words",
    "duration",
    "find_date_mentions",
    "find_dateline",
    "make_dates",
    "register_extensions",
    "resolve_date",
    "resolve_mentions",
    "shift_when",
]
