"""One event as dedup sees it: its family, date ordinals, place and evidence words, computed once."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from sitrep.dedup.config import DedupConfig
from sitrep.records import Event

_WORD_RE = re.compile(r"[^\W_]{3,}")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sitrep.lexicon import english_function_words

    return english_function_words()


@dataclass
class Item:
    """One event as dedup sees it, with what the comparisons need precomputed."""

    key: Any  # the caller's handle (a store rowid, an index)
    event: Event
    article: str
    outlet: str  # who published the article: independent outlets are what `agreement` counts
    family: str
    start: int | None  # date ordinals
    end: int | None
    lat: float | None
    lon: float | None
    precision: int | None
    country: str | None
    admin1: str | None
    words: frozenset[str] = field(default_factory=frozenset)
    weight: float = 0.0  # the summed rarity of its words (set by `weigh`)


def evidence_words(texts: Iterable[str]) -> frozenset[str]:
    """The words dedup compares of an event's evidence texts (lower case, 3+ letters, no function words)."""
    stop = _stop_words()
    return frozenset(w for text in texts for w in _WORD_RE.findall(text.lower()) if w not in stop)


def make_item(key: Any, event: Event, outlet: str | None, cfg: DedupConfig) -> Item:
    """An Item of an event; `outlet` is the article's publisher (None: the article counts as its own outlet)."""
    when, where = event.when, event.where
    start = end = None
    if when.start and when.precision != "unknown":
        try:
            start = date.fromisoformat(when.start).toordinal()
            end = date.fromisoformat(when.end).toordinal() if when.end else start
        except ValueError:
            start = end = None
    if start is not None and end is not None and (end < start or end - start > cfg.max_span_days):
        start = end = None  # too vague a date to say two reports are one happening
    words = evidence_words(e.text for e in event.evidence)
    return Item(key=key, event=event, article=event.article, outlet=(outlet or "").strip().lower() or f"article:{event.article}",
                family=cfg.family(event.type, event.subtype), start=start, end=end,
                lat=where.lat if where else None, lon=where.lon if where else None,
                precision=where.precision if where else None,
                country=where.country if where else None, admin1=where.admin1 if where else None, words=words)

