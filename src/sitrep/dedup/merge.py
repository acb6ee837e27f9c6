"""One merged record per cluster: every article and source, widened figures, agreement of independent outlets."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from sitrep.records import CERTAINTY_ORDER, COUNT_FIELDS, PRECISIONS, Count, Event, Source, stable_hash


def cluster_id(events: Iterable[Event]) -> str:
    """Stable id of a cluster: from its smallest member event id."""
    return "c" + stable_hash(min(e.id for e in events), length=15)


def _specificity(ev: Event) -> tuple[int, int, int, int]:
    """Sort key, most specific report first: precise place, precise date, more certain, more evidence."""
    place = ev.where.precision if ev.where else 9
    return (place, PRECISIONS.index(ev.when.precision) if ev.when.precision in PRECISIONS else 9,
            CERTAINTY_ORDER.index(ev.certainty) if ev.certainty in CERTAINTY_ORDER else 9, -len(ev.evidence))


def _count_width(c: Count) -> tuple[int, int]:
    """Narrowest figure first: an exact count, then a bounded range, then an open bound."""
    if c.low is not None and c.high is not None:
        return (0, c.high - c.low)
    if c.best is not None and (c.low is not None or c.high is not None):
        return (1, 0)
    return (2, 0)


def merge_counts(counts: Sequence[Count]) -> Count:
    """Lowest low, highest high, and the best (and text) of the most specific figure (`counts` in report order)."""
    lows = [c.low for c in counts if c.low is not None]
    highs = [c.high for c in counts if c.high is not None]
    lead = min(counts, key=_count_width)  # min is stable: ties keep the most specific report's figure
    best = lead.best
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    if best is not None and high is not None and best > high:
        best = high
    if best is not None and low is not None and best < low:
        best = low
    return Count(low=low, best=best, high=high, text=lead.text)


def merge(events: Sequence[Event], outlets: Sequence[str]) -> Event:
    """One record for a cluster: every article and source, widened figures, agreement of independent outlets."""
    order = sorted(range(len(events)), key=lambda k: (_specificity(events[k]), events[k].id))
    evs = [events[k] for k in order]
    lead = evs[0]
    cid = cluster_id(evs)
    articles = tuple(sorted({e.article for e in evs}))
    independent = {o for o in outlets}
    if len(evs) == 1:
        return lead.replace(articles=articles, cluster=cid, agreement=1)
    changes: dict[str, Any] = {}
    for name in COUNT_FIELDS:
        counts = [getattr(e, name) for e in evs if getattr(e, name) is not None]
        changes[name] = merge_counts(counts) if counts else None
    # A missing actor comes only from a report coding the same type and sub-type: a peaceful protest must not take
    # the police that another report names as firing on the crowd (its sub-type says no one intervened).
    same = [e for e in evs if (e.type, e.subtype) == (lead.type, lead.subtype)]
    for name in ("actor1", "actor2"):
        if getattr(lead, name) is None:
            changes[name] = next((getattr(e, name) for e in same if getattr(e, name) is not None), None)
    sources: list[Source] = []
    seen: set[tuple[str, str]] = set()
    for e in evs:
        for s in e.sources:
            key = ((s.name or s.text).lower(), s.kind)
            if key not in seen:
                seen.add(key)
                sources.append(s)
    for outlet in sorted(independent):
        if not outlet.startswith("article:") and (outlet, "media") not in seen:
            seen.add((outlet, "media"))
            sources.append(Source(text=outlet, name=outlet, kind="media"))
    certainty = min((e.certainty for e in evs), key=lambda c: CERTAINTY_ORDER.index(c) if c in CERTAINTY_ORDER else 9)
    return lead.replace(id=cid, articles=articles, sources=tuple(sources), certainty=certainty,
                        historical=all(e.historical for e in evs), cluster=cid, agreement=len(independent), **changes)

