"""Cross-article dedup: events that report one happening form a cluster with one merged record.

Candidate pairs come from blocks keyed by type family, day and place (a map grid cell, or the province for
events only placed at province level), so the cost grows about linearly with the number of events. Each
candidate pair must pass hard checks (same family, overlapping dates, near places, compatible actors,
different articles) and then score above `min_score` (data/dedup.yaml). Pairs are joined best first, and
never so that one cluster holds two events of the same article (an article's events are distinct happenings).
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any, Iterable, Iterator, Sequence

import yaml

from sitrep.errors import SitrepError
from sitrep.geo import km
from sitrep.records import CERTAINTY_ORDER, COUNT_FIELDS, PRECISIONS, Count, Event, Source, stable_hash

_WORD_RE = re.compile(r"[^\W_]{3,}")
# map grid for blocking: rows of 0.6° latitude (~66 km); each row's cells are as wide in km as they are high
# (wider in degrees towards the poles), so any two places closer than _GRID_KM are in neighbouring cells
_GRID_DEG = 0.6
_GRID_KM = 66.0  # a grid cell's smallest side in km
WEIGHTS = ("place", "date", "actors", "subtype", "evidence")
LINK_AVERAGE = 0.75  # two groups join when their best pair reaches min_score and all their pairs average 3/4 of it


class DedupConfigError(SitrepError):
    """data/dedup.yaml is malformed."""


@dataclass(frozen=True)
class DedupConfig:
    """The rules of data/dedup.yaml."""

    families: dict[str, str]
    split_by_subtype: frozenset[str]
    max_km: dict[int, float]
    near_same_province_km: float
    date_slack_days: int
    max_span_days: int
    min_score: float
    weights: dict[str, float]

    def family(self, type_: str, subtype: str) -> str:
        """The family key of an ACLED type (and sub-type where the type is split)."""
        if type_ in self.split_by_subtype:
            return f"{type_}/{subtype}"
        return self.families.get(type_, type_)


def parse_config(data: Any) -> DedupConfig:
    """Validate and convert the contents of dedup.yaml."""
    from sitrep.lexicon import ACLED_TYPES

    if not isinstance(data, dict):
        raise DedupConfigError("dedup.yaml: expected a mapping at the top")
    try:
        families: dict[str, str] = {}
        for name, types in (data.get("families") or {}).items():
            for t in types:
                if t not in ACLED_TYPES:
                    raise DedupConfigError(f"dedup.yaml: family {name}: {t!r} is not an ACLED event type")
                if t in families:
                    raise DedupConfigError(f"dedup.yaml: {t!r} is in two families")
                families[t] = str(name)
        split = frozenset(data.get("split_by_subtype") or ())
        for t in split:
            if t not in ACLED_TYPES:
                raise DedupConfigError(f"dedup.yaml: split_by_subtype: {t!r} is not an ACLED event type")
        max_km = {int(k): float(v) for k, v in (data["max_km"] or {}).items()}
        if set(max_km) != {1, 2} or any(v <= 0 or v >= _GRID_KM for v in max_km.values()):
            # the blocking grid is ~55 km: a larger radius could miss pairs
            raise DedupConfigError("dedup.yaml: max_km needs precisions 1 and 2, each in (0, 50) km")
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        if set(weights) != set(WEIGHTS) or abs(sum(weights.values()) - 1) > 1e-6:
            raise DedupConfigError(f"dedup.yaml: weights needs {', '.join(WEIGHTS)} summing to 1")
        near = float(data["near_same_province_km"])
        if not 0 < near < 2 * _GRID_KM:
            raise DedupConfigError(f"dedup.yaml: near_same_province_km must be in (0, {2 * _GRID_KM:.0f})")
        cfg = DedupConfig(families=families, split_by_subtype=split, max_km=max_km, near_same_province_km=near,
                          date_slack_days=int(data["date_slack_days"]), max_span_days=int(data["max_span_days"]),
                          min_score=float(data["min_score"]), weights=weights)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DedupConfigError(f"dedup.yaml: missing or malformed setting: {exc}") from exc
    if not 0 <= cfg.date_slack_days <= 7 or cfg.max_span_days < 1 or not 0 < cfg.min_score <= 1:
        raise DedupConfigError("dedup.yaml: date_slack_days in 0..7, max_span_days >= 1, min_score in (0, 1]")
    return cfg


@functools.lru_cache(maxsize=1)
def load_config() -> DedupConfig:
    """The packaged dedup rules, read once."""
    try:
        text = resources.files("sitrep").joinpath("data", "dedup.yaml").read_text(encoding="utf-8")
        return parse_config(yaml.safe_load(text))
    except (OSError, yaml.YAMLError) as exc:
        raise DedupConfigError(f"cannot read dedup.yaml: {exc}") from exc


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sitrep.inputs import english_function_words

    return english_function_words()


# ---------------------------------------------------------------- items


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
    stop = _stop_words()
    words = frozenset(w for e in event.evidence for w in _WORD_RE.findall(e.text.lower()) if w not in stop)
    return Item(key=key, event=event, article=event.article, outlet=(outlet or "").strip().lower() or f"article:{event.article}",
                family=cfg.family(event.type, event.subtype), start=start, end=end,
                lat=where.lat if where else None, lon=where.lon if where else None,
                precision=where.precision if where else None,
                country=where.country if where else None, admin1=where.admin1 if where else None, words=words)


def _km(a: Item, b: Item) -> float:
    """Great-circle distance between two items' coordinates."""
    return km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


def _actor_ok(a: Any, b: Any) -> bool:
    """Two actors can be the same party: no known kind or country contradicts it."""
    if a is None or b is None:
        return True
    if a.kind != "unknown" and b.kind != "unknown" and a.kind != b.kind:
        return False
    return not (a.country and b.country and a.country != b.country)


def _actor_same(a: Any, b: Any) -> float | None:
    """1 for the same normalised name, 0.5 for the same known kind or one side unnamed, else 0; None: neither."""
    if a is None and b is None:
        return None
    if a is None or b is None:
        return 0.5  # one report names no one here: no evidence either way
    if a.name and b.name and a.name.lower() == b.name.lower():
        return 1.0
    return 0.5 if a.kind == b.kind and a.kind != "unknown" else 0.0


@dataclass(frozen=True)
class _Sides:
    actor1: Any
    actor2: Any


def _pair_mean(x: Any, y: Any, u: Any, v: Any) -> float:
    scores = [s for s in (_actor_same(x, y), _actor_same(u, v)) if s is not None]
    return sum(scores) / len(scores) if scores else 0.5


def _sides(ev: Event) -> tuple[Any, Any]:
    """An event's two actors; a party named on both sides ("the army fought the army") counts once."""
    a1, a2 = ev.actor1, ev.actor2
    if a1 is not None and a2 is not None and a1.name and a1.name.lower() == (a2.name or "").lower():
        return a1, None
    return a1, a2


def _actors(x: Event, y: Event) -> float | None:
    """Actor agreement in [0, 1], or None when the actors contradict (roles may be swapped)."""
    x, y = _Sides(*_sides(x)), _Sides(*_sides(y))  # type: ignore[assignment]
    straight = _actor_ok(x.actor1, y.actor1) and _actor_ok(x.actor2, y.actor2)
    # roles may be swapped ("X clashed with Y" / "Y fought X"), but only when a swapped pair is really there
    swapped = (_actor_ok(x.actor1, y.actor2) and _actor_ok(x.actor2, y.actor1)
               and (x.actor1 is not None and y.actor2 is not None or x.actor2 is not None and y.actor1 is not None))
    if not straight and not swapped:
        return None
    best = 0.0
    if straight:
        best = _pair_mean(x.actor1, y.actor1, x.actor2, y.actor2)
    if swapped:
        best = max(best, _pair_mean(x.actor1, y.actor2, x.actor2, y.actor1))
    return best


def _place(a: Item, b: Item, cfg: DedupConfig) -> float | None:
    """Place agreement in [0, 1], or None when the places cannot be one happening's."""
    if a.country is None and a.lat is None or b.country is None and b.lat is None:
        return None  # a place is needed to say two reports are one happening
    coarse = max(a.precision or 3, b.precision or 3)
    if coarse >= 3:
        # only a province (or country) is known for one of them: it must be the same province
        if not (a.country and a.country == b.country):
            return None
        if a.admin1 and b.admin1:
            return 0.5 if a.admin1 == b.admin1 else None
        return 0.25  # a country-level report: weak agreement, the rest of the score must carry it
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return None
    km = _km(a, b)
    limit = cfg.max_km[coarse]
    if km <= limit:
        return 1.0 - 0.5 * km / limit
    if coarse == 2 and a.admin1 and a.admin1 == b.admin1 and a.country == b.country and km <= cfg.near_same_province_km:
        return 0.4  # "near" places of one province: possible, weak
    return None


def weigh(items: Sequence[Item]) -> dict[str, float]:
    """Rarity of each evidence word among `items` (inverse document frequency); sets each item's weight.

    Words every report uses ("killed", "police") say little; a rare name or number shared by two reports
    says much, so shared evidence is measured by the rarity of the shared words."""
    df: dict[str, int] = {}
    for it in items:
        for w in it.words:
            df[w] = df.get(w, 0) + 1
    n = len(items) + 1
    idf = {w: math.log(n / c) + 0.1 for w, c in df.items()}
    for it in items:
        it.weight = sum(idf[w] for w in it.words)
    return idf


def _evidence(a: Item, b: Item, idf: dict[str, float] | None) -> float:
    """Shared evidence in [0, 1]: the (rarity-weighted) share of the smaller evidence found in the other."""
    shared = a.words & b.words
    if idf is None or not a.weight or not b.weight:
        smaller = min(len(a.words), len(b.words))
        return len(shared) / smaller if smaller else 0.0
    return min(1.0, sum(idf.get(w, 0.0) for w in shared) / min(a.weight, b.weight))


def score(a: Item, b: Item, cfg: DedupConfig, idf: dict[str, float] | None = None) -> float | None:
    """How surely two events report one happening (None: they cannot); `idf` from `weigh`."""
    if a.article == b.article or a.family != b.family or a.start is None or b.start is None:
        return None
    slack = cfg.date_slack_days
    if a.start > b.end + slack or b.start > a.end + slack:  # type: ignore[operator]
        return None
    place = _place(a, b, cfg)
    if place is None:
        return None
    actors = _actors(a.event, b.event)
    if actors is None:
        return None
    evidence = _evidence(a, b, idf)
    subtype = 1.0 if a.event.subtype == b.event.subtype else 0.0
    same_day = a.start == a.end == b.start == b.end
    when = 1.0 if same_day else 0.5
    w = cfg.weights
    return (w["place"] * place + w["date"] * when + w["actors"] * actors + w["subtype"] * subtype
            + w["evidence"] * evidence)


# ---------------------------------------------------------------- blocking and clustering


def _precise(it: Item) -> bool:
    return it.lat is not None and it.lon is not None and (it.precision or 3) < 3


def _row(lat: float) -> int:
    return math.floor(lat / _GRID_DEG)


def _col(lon: float, row: int) -> int:
    """Column of a longitude in a grid row whose cells are at least _GRID_KM wide (antimeridian not joined)."""
    edge = max(abs(row * _GRID_DEG), abs((row + 1) * _GRID_DEG))  # the row's poleward edge
    width = _GRID_DEG / max(math.cos(math.radians(min(edge, 89.0))), 0.02)
    return math.floor(lon / width)


def _own_keys(it: Item) -> Iterator[tuple[Any, ...]]:
    """Block keys an item is filed under, for each day of its span.

    Precise places go by map grid cell and (for vaguer reports to find them) by province and country;
    province-level reports by province and country; country-level ones by country."""
    for day in range(it.start, it.end + 1):  # type: ignore[arg-type]
        if _precise(it):
            row = _row(it.lat)  # type: ignore[arg-type]
            yield ("g", it.family, day, row, _col(it.lon, row))  # type: ignore[arg-type]
            yield ("ap", it.family, day, it.country, it.admin1)
            yield ("apc", it.family, day, it.country)
        else:
            yield ("av", it.family, day, it.country, it.admin1)
            yield ("avc", it.family, day, it.country)


def _probe_keys(it: Item, cfg: DedupConfig) -> Iterator[tuple[Any, ...]]:
    """Block keys an item looks in for earlier candidates: its span widened by the slack."""
    slack = cfg.date_slack_days
    for day in range(it.start - slack, it.end + slack + 1):  # type: ignore[operator]
        if _precise(it):
            row = _row(it.lat)  # type: ignore[arg-type]
            for r in (row - 1, row, row + 1):
                col = _col(it.lon, r)  # type: ignore[arg-type]
                for c in (col - 1, col, col + 1):
                    yield ("g", it.family, day, r, c)
            yield ("av", it.family, day, it.country, it.admin1)
            yield ("av", it.family, day, it.country, None)
        elif it.admin1 is not None:
            yield ("ap", it.family, day, it.country, it.admin1)
            yield ("av", it.family, day, it.country, it.admin1)
            yield ("av", it.family, day, it.country, None)
        else:
            yield ("apc", it.family, day, it.country)
            yield ("avc", it.family, day, it.country)


def candidate_pairs(items: Sequence[Item], cfg: DedupConfig, idf: dict[str, float] | None = None) -> Iterator[tuple[float, int, int]]:
    """(score, i, j) of every scoring pair, found through the blocks (i < j, indexes into `items`)."""
    blocks: dict[tuple[Any, ...], list[int]] = {}
    for j, it in enumerate(items):
        if it.start is None:
            continue
        seen: set[int] = set()
        for key in _probe_keys(it, cfg):
            for i in blocks.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                s = score(items[i], it, cfg, idf)
                if s is not None and s >= cfg.min_score:
                    yield s, i, j
        for key in _own_keys(it):
            blocks.setdefault(key, []).append(j)


def cluster_items(items: Sequence[Item], cfg: DedupConfig | None = None) -> list[list[int]]:
    """Groups of item indexes reporting one happening (singletons included), best pairs joined first."""
    cfg = cfg or load_config()
    parent = list(range(len(items)))
    articles: list[set[str]] = [{it.article} for it in items]
    members: list[list[int]] = [[k] for k in range(len(items))]
    idf = weigh(items)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _s, i, j in sorted(candidate_pairs(items, cfg, idf), key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue  # already one, or joining would put two events of one article together
        # no chaining across contradictions: every report of one cluster must be compatible with every
        # report of the other (a Monday report and a Thursday one never meet through a Tuesday one)
        cross = [score(items[a], items[b], cfg, idf) for a in members[ri] for b in members[rj]]
        if any(c is None for c in cross):
            continue
        # and on average the two groups must look alike, not just their best pair
        if sum(cross) / len(cross) < LINK_AVERAGE * cfg.min_score:  # type: ignore[arg-type]
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        articles[ri] |= articles[rj]
        members[ri].extend(members[rj])
        members[rj] = []
    groups: dict[int, list[int]] = {}
    for k in range(len(items)):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


# ---------------------------------------------------------------- merged records


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
    for name in ("actor1", "actor2"):
        if getattr(lead, name) is None:
            changes[name] = next((getattr(e, name) for e in evs if getattr(e, name) is not None), None)
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


def cluster_events(rows: Sequence[tuple[Any, Event, str | None]], cfg: DedupConfig | None = None) -> list[tuple[str, Event, list[Any]]]:
    """(cluster id, merged record, member keys) of (key, event, outlet) rows."""
    cfg = cfg or load_config()
    items = [make_item(key, ev, outlet, cfg) for key, ev, outlet in rows]
    out: list[tuple[str, Event, list[Any]]] = []
    for group in cluster_items(items, cfg):
        members = [items[k] for k in group]
        merged = merge([m.event for m in members], [m.outlet for m in members])
        out.append((merged.cluster or "", merged, [m.key for m in members]))
    return out


def _shift(iso: str | None, days: int) -> str | None:
    if not iso:
        return None
    try:
        return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


def recluster(store: Any, cfg: DedupConfig | None = None) -> tuple[int, int]:
    """Cluster the store's new events with their neighbours in time; (events looked at, clusters written).

    Only the date window of the unclustered events (widened by the slack and the longest span) is
    redone, with every member of a cluster that reaches into it, so a daily ingest stays cheap."""
    import json

    cfg = cfg or load_config()
    lo, hi, n_new = store.unclustered_dates()
    if n_new == 0:
        return 0, 0
    margin = cfg.date_slack_days + cfg.max_span_days
    rows = list(store.dedup_rows(_shift(lo, -margin), _shift(hi, margin))) if lo else []
    rows += list(store.undated_unclustered_rows())
    have = {r[0] for r in rows}
    extra = [r for r in store.event_rows(store.cluster_members({r[4] for r in rows if r[4]})) if r[0] not in have]
    rows += extra
    parsed = [(r[0], Event.from_dict(json.loads(r[1])), r[3] or None) for r in rows]
    clusters = cluster_events(parsed, cfg)
    store.replace_clusters([r[0] for r in rows],
                           [(cid, merged.as_dict(), members) for cid, merged, members in clusters])
    return len(rows), len(clusters)
