"""Resolving date mentions against the publication date: named resolvers tried in turn (see `_strategies`).

The public face of date resolution: `resolve_mentions`, `resolve_date`, and (from `dates_relative`) `duration` and
`shift_when`, which the event builder uses for "two days after Sunday".
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Callable, Iterable

from sitrep.nlp.dates_words import date_words
from sitrep.records import When
from sitrep.resolve.dates_calendar import _num, _decade, _explicit, _holiday, _month_year, _season, _span, _unknown
from sitrep.resolve.dates_relative import _relative, _weekday, duration, shift_when

if TYPE_CHECKING:
    from sitrep.nlp.dates import DateMention

log = logging.getLogger(__name__)

__all__ = ["duration", "resolve_date", "resolve_mentions", "shift_when"]


def resolve_mentions(mentions: Iterable[DateMention], published: str | None) -> list[DateMention]:
    """The mentions with `when` filled in against the publication date; a day told from the one the text last
    named ("the same day", "the next day") against that day (`anaphoric`)."""
    out = [replace(m, when=resolve_date(m.text, published)) for m in mentions]
    return anaphoric(out)


ANAPHOR_CHARS = 600  # how far back (in characters) the day a "the same day" refers to may be named


def anaphoric(mentions: list[DateMention]) -> list[DateMention]:
    """"the same day", "that day", "the next day", "the following day" (dates.yaml `anaphoric_days`) name a day
    by the one the text named last, not by publication: "On 3 May, rebels shelled the town. The next day, troops
    ..." is 4 May. Resolved against the nearest day-precise date before it (within ANAPHOR_CHARS); left as they
    were (unknown) with none."""
    days = date_words().anaphoric_days
    first = date_words().anaphoric_first
    out: list[DateMention] = []
    last: DateMention | None = None
    for m in mentions:
        key = " ".join(m.text.lower().split()).strip(" ,.")
        if key in first and last is not None and last.when is not None and last.when.start \
                and m.start - last.end <= ANAPHOR_CHARS:
            d = date.fromisoformat(last.when.start[:10]) + timedelta(days=first[key])
            m = replace(m, when=When(text=m.text, start=d.isoformat(), end=d.isoformat(), precision="day",
                                     strategy="anaphoric"))
            out.append(m)
            last = m
            continue
        shift = counted_shift(key)
        if shift is not None and last is not None and last.when is not None and last.when.start \
                and m.start - last.end <= ANAPHOR_CHARS:
            d = date.fromisoformat(last.when.start[:10]) + timedelta(days=shift)
            m = replace(m, when=When(text=m.text, start=d.isoformat(), end=d.isoformat(), precision="day",
                                     strategy="anaphoric"))
            out.append(m)
            last = m
            continue
        if key in days and (m.when is None or m.when.start is None):
            if last is not None and last.when is not None and last.when.start and m.start - last.end <= ANAPHOR_CHARS:
                d = date.fromisoformat(last.when.start[:10]) + timedelta(days=days[key])
                m = replace(m, when=When(text=m.text, start=d.isoformat(), end=d.isoformat(), precision="day",
                                         strategy="anaphoric"))
                last = m  # "The next day ... the same day": the day named last is the next day
            out.append(m)
            continue
        if m.when is not None and m.when.precision == "day" and m.when.start:
            last = m
        out.append(m)
    return out


def counted_shift(key: str) -> int | None:
    """Days told from another day by "N days earlier / later / before / after" standing alone ("Two days
    earlier, a bomb ..."): "earlier" and "later" count from a time the text has set, not from publication
    ("two days ago" does). None for any other phrase."""
    words = key.split()
    if len(words) != 3 or words[2] not in ("earlier", "later", "before", "after"):
        return None
    unit = {"day": 1, "days": 1, "night": 1, "nights": 1, "week": 7, "weeks": 7}.get(words[1])
    n = _num(words, 0) if unit is not None and words[0] not in ("several", "few", "many") else None
    if n is None or n > 60:
        return None
    return n * unit * (-1 if words[2] in ("earlier", "before") else 1)


_Strategy = Callable[[str, "date | None"], "When | None"]


def _strategies() -> tuple[tuple[str, _Strategy], ...]:
    """The named resolvers, in the order they are tried."""
    return (
        ("span", _span),
        ("holiday", _holiday),
        ("explicit", _explicit),
        ("weekday", _weekday),
        ("relative", _relative),
        ("season", _season),
        ("month_year", _month_year),
        ("decade", _decade),
    )


def _parse_published(published: str | None) -> date | None:
    """The publication date, or None when missing or not ISO."""
    if not published or not isinstance(published, str):
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        log.debug("publication date %r is not ISO; relative dates stay unknown", published)
        return None


_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['\u2019]s?$")


def resolve_date(text: str, published: str | None) -> When:
    """Resolve a date phrase against the publication date (ISO YYYY-MM-DD); unknown when it cannot be placed."""
    if not isinstance(text, str) or not text.strip():
        return _unknown(text if isinstance(text, str) else "", None)
    pub = _parse_published(published)
    # a possessive names the same time as the phrase: "last month's attack" happened last month
    clean = _POSSESSIVE.sub("", text.strip()[:200])
    for name, strategy in _strategies():
        try:
            got = strategy(clean, pub)
        except (ValueError, OverflowError):
            # arithmetic past the calendar's edge (year 1 or 9999): treat as no answer
            log.debug("strategy %s failed on %r", name, clean, exc_info=True)
            got = None
        if got is not None:
            if got.start is not None and got.end is not None and got.start > got.end:
                return _unknown(text.strip(), name)  # "since 1999" in a 1998 article: no span to give
            return replace(got, text=text.strip())
    return _unknown(text.strip(), None)
