"""Whether two reports can be one happening (hard checks) and how surely (a weighted score)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from sitrep.dedup.config import DedupConfig
from sitrep.dedup.items import Item
from sitrep.geo import km
from sitrep.records import Event


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
    idf = rarity(df, len(items))
    for it in items:
        it.weight = sum(idf[w] for w in it.words)
    return idf


def rarity(df: dict[str, int], n_items: int) -> dict[str, float]:
    """Inverse document frequency of each word from its count among `n_items` items (see `weigh`)."""
    n = n_items + 1
    return {w: math.log(n / c) + 0.1 for w, c in df.items()}


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

