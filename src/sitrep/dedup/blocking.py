"""Candidate pairs through blocks keyed by type family, day and place (a map grid cell, or the province for
events only placed at province level), so the cost grows about linearly with the number of events."""
from __future__ import annotations

import math
from typing import Any, Iterator, Sequence

from sitrep.dedup import scoring
from sitrep.dedup.config import _GRID_DEG, DedupConfig
from sitrep.dedup.items import Item


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
    score = scoring.score  # read at each call, so a patched sitrep.dedup.scoring.score is the one used
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

