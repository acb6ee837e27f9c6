"""Clustering: candidate pairs joined best first into groups reporting one happening, and the store's
incremental recluster."""
from __future__ import annotations

import heapq
from datetime import date, timedelta
from typing import Any, Iterable, Iterator, Sequence

from sitrep.dedup import scoring
from sitrep.dedup.blocking import _own_keys, _probe_keys
from sitrep.dedup.config import DedupConfig, load_config
from sitrep.dedup.items import Item, evidence_words, make_item
from sitrep.dedup.merge import merge
from sitrep.records import Event

LINK_AVERAGE = 0.75  # two groups join when their best pair reaches min_score and all their pairs average 3/4 of it


def _join(items: dict[int, Item], pairs: list[tuple[float, int, int]], cfg: DedupConfig,
          idf: dict[str, float] | None) -> list[list[int]]:
    """Groups (keys of `items`, ascending) of one set of items from its scoring pairs, best pairs joined first."""
    score = scoring.score  # read at each call, so a patched sitrep.dedup.scoring.score is the one used
    parent = {k: k for k in items}
    articles: dict[int, set[str]] = {k: {it.article} for k, it in items.items()}
    members: dict[int, list[int]] = {k: [k] for k in items}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _s, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
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
    for k in sorted(items):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def iter_groups(indexed: Iterable[tuple[int, Item]], cfg: DedupConfig, idf: dict[str, float] | None) -> Iterator[list[tuple[int, Item]]]:
    """Groups reporting one happening, from (index, item) pairs given in order of start date (undated ones
    anywhere); an index orders items as their input order does (it breaks ties between equal pairs).

    A sweep in time: an item is compared with the earlier ones that are still open (their end plus the date
    slack reaches its start). Scoring pairs link items into sets; a set that no later item can reach is
    clustered (best pairs first, as `cluster_items` always did) and handed out, and its items forgotten. So
    memory holds the open days, not the whole input, and the groups are those of clustering everything at
    once (each set is clustered exactly as it would be among all items: pairs never cross sets)."""
    slack = cfg.date_slack_days
    score = scoring.score
    blocks: dict[int, dict[tuple[Any, ...], list[int]]] = {}  # day -> block key -> indexes filed there
    items: dict[int, Item] = {}  # open items
    root: dict[int, int] = {}  # index -> its set's representative
    sets: dict[int, tuple[list[int], list[tuple[float, int, int]]]] = {}  # representative -> (members, pairs)
    reach: dict[int, int] = {}  # representative -> the last day an item can start and still pair with the set
    closing: list[tuple[int, int]] = []  # (reach, representative) heap; stale entries skipped
    low_day: int | None = None  # blocks before this day are gone
    last_start: int | None = None

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    def finish(rep: int) -> list[tuple[int, Item]]:
        members, pairs = sets.pop(rep)
        del reach[rep]
        sub = {k: items.pop(k) for k in members}
        for k in members:
            del root[k]
        out = []
        for group in _join(sub, pairs, cfg, idf):
            out.append([(k, sub[k]) for k in group])
        return out

    for idx, it in indexed:
        if it.start is None or it.end is None:
            yield [(idx, it)]
            continue
        if last_start is not None and it.start < last_start:
            raise ValueError("iter_groups: items must come in order of start date")
        last_start = it.start
        while closing and closing[0][0] < it.start:
            day, rep = heapq.heappop(closing)
            if rep in sets and reach[rep] == day:
                yield from finish(rep)
        if low_day is None:
            low_day = it.start - slack
        while low_day < it.start - slack:  # no later item probes these days
            blocks.pop(low_day, None)
            low_day += 1
        items[idx] = it
        root[idx] = idx
        sets[idx] = ([idx], [])
        reach[idx] = it.end + slack
        heapq.heappush(closing, (reach[idx], idx))
        seen: set[int] = set()
        for key in _probe_keys(it, cfg):
            for i in blocks.get(key[2], {}).get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                a, b = (i, idx) if i < idx else (idx, i)  # scored as the input order has them
                s = score(items[a], items[b], cfg, idf)
                if s is None or s < cfg.min_score:
                    continue
                ra, rb = find(a), find(b)
                if ra != rb:
                    if len(sets[ra][0]) < len(sets[rb][0]):
                        ra, rb = rb, ra
                    members, pairs = sets.pop(rb)
                    sets[ra][0].extend(members)
                    sets[ra][1].extend(pairs)
                    root[rb] = ra
                    reach[ra] = max(reach[ra], reach.pop(rb))
                    heapq.heappush(closing, (reach[ra], ra))
                sets[ra][1].append((s, a, b))
        for key in _own_keys(it):
            blocks.setdefault(key[2], {}).setdefault(key, []).append(idx)
    for rep in sorted(sets, key=lambda r: min(sets[r][0])):
        yield from finish(rep)


def _start_order(items: Sequence[Item]) -> list[int]:
    """Indexes of `items` by start date (undated first), input order within a day."""
    return sorted(range(len(items)), key=lambda k: (items[k].start is not None and items[k].end is not None,
                                                    items[k].start or 0, k))


def cluster_items(items: Sequence[Item], cfg: DedupConfig | None = None) -> list[list[int]]:
    """Groups of item indexes reporting one happening (singletons included), best pairs joined first."""
    cfg = cfg or load_config()
    idf = scoring.weigh(items)
    groups = [[k for k, _ in g] for g in iter_groups(((k, items[k]) for k in _start_order(items)), cfg, idf)]
    return sorted(groups, key=lambda g: g[0])


def iter_cluster_events(rows: Iterable[tuple[Any, Item]], cfg: DedupConfig, idf: dict[str, float] | None) -> Iterator[tuple[str, Event, list[Any]]]:
    """(cluster id, merged record, member keys) from (index, item) pairs in order of start date (see iter_groups)."""
    for group in iter_groups(rows, cfg, idf):
        members = [it for _, it in group]
        merged = merge([m.event for m in members], [m.outlet for m in members])
        yield merged.cluster or "", merged, [m.key for m in members]


def cluster_stream(rows: Sequence[tuple[Any, Event, str | None]], cfg: DedupConfig | None = None) -> Iterator[tuple[str, Event, list[Any]]]:
    """(cluster id, merged record, member keys) of (key, event, outlet) rows, as each happening is complete.

    Items are made as the sweep reaches them and forgotten once their cluster is out: beyond the rows
    themselves, memory holds the word counts, the open days and what the caller keeps."""
    cfg = cfg or load_config()
    df: dict[str, int] = {}
    spans: list[tuple[bool, int, int]] = []
    for k, (key, ev, outlet) in enumerate(rows):
        it = make_item(key, ev, outlet, cfg)
        for w in it.words:
            df[w] = df.get(w, 0) + 1
        dated = it.start is not None and it.end is not None
        spans.append((dated, it.start or 0, k))
    idf = scoring.rarity(df, len(rows))
    del df
    spans.sort()

    def items() -> Iterator[tuple[int, Item]]:
        for _dated, _start, k in spans:
            key, ev, outlet = rows[k]
            it = make_item(key, ev, outlet, cfg)
            it.weight = sum(idf[w] for w in it.words)
            yield k, it

    yield from iter_cluster_events(items(), cfg, idf)


def cluster_events(rows: Sequence[tuple[Any, Event, str | None]], cfg: DedupConfig | None = None) -> list[tuple[str, Event, list[Any]]]:
    """(cluster id, merged record, member keys) of (key, event, outlet) rows, in order of their first member
    (as clustering everything at once gave them; `cluster_stream` hands them out as they are complete)."""
    cfg = cfg or load_config()
    items = [make_item(key, ev, outlet, cfg) for key, ev, outlet in rows]
    idf = scoring.weigh(items)
    out: list[tuple[int, tuple[str, Event, list[Any]]]] = []
    for group in iter_groups(((k, items[k]) for k in _start_order(items)), cfg, idf):
        members = [it for _, it in group]
        merged = merge([m.event for m in members], [m.outlet for m in members])
        out.append((group[0][0], (merged.cluster or "", merged, [m.key for m in members])))
    out.sort(key=lambda c: c[0])
    return [c for _, c in out]


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
    redone, with every member of a cluster that reaches into it, so a daily ingest stays cheap. The events
    are streamed in date order through `iter_groups` (memory holds the open days, not the window) and the
    clusters staged on disk, then stored in one transaction."""
    import json

    cfg = cfg or load_config()
    lo, hi, n_new = store.unclustered_dates()
    if n_new == 0:
        return 0, 0
    margin = cfg.date_slack_days + cfg.max_span_days
    since, until = _shift(lo, -margin), _shift(hi, margin)
    counted = {"rows": 0}
    try:
        with store.snapshot():  # both passes read the same events
            # pass 1: how rare each evidence word is among the events redone (what `weigh` gives all at once)
            df: dict[str, int] = {}
            n = 0
            for row in store.window_rows(since, until, dated=lo is not None):
                n += 1
                record = json.loads(row[1])
                for w in evidence_words(e.get("text") or "" for e in record.get("evidence") or ()):
                    df[w] = df.get(w, 0) + 1
            idf = scoring.rarity(df, n)
            del df

            # pass 2: items in date order through the sweep, merged records staged as they come
            def items() -> Iterator[tuple[int, Item]]:
                for rowid, record, _article, source, _cluster in store.window_rows(since, until, dated=lo is not None):
                    counted["rows"] += 1
                    item = make_item(rowid, Event.from_dict(json.loads(record)), source or None, cfg)
                    item.weight = sum(idf.get(w, 0.0) for w in item.words)
                    yield rowid, item

            staged = store.stage_clusters((cid, merged.as_dict(), members)
                                          for cid, merged, members in iter_cluster_events(items(), cfg, idf))
        store.apply_staged()
    finally:
        store.drop_staged()
    return counted["rows"], staged
