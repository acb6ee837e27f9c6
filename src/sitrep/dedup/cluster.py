"""Clustering: candidate pairs joined best first into groups reporting one happening, and the store's
incremental recluster."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Sequence

from sitrep.dedup import scoring
from sitrep.dedup.blocking import candidate_pairs
from sitrep.dedup.config import DedupConfig, load_config
from sitrep.dedup.items import Item, make_item
from sitrep.dedup.merge import merge
from sitrep.records import Event

LINK_AVERAGE = 0.75  # two groups join when their best pair reaches min_score and all their pairs average 3/4 of it


def cluster_items(items: Sequence[Item], cfg: DedupConfig | None = None) -> list[list[int]]:
    """Groups of item indexes reporting one happening (singletons included), best pairs joined first."""
    cfg = cfg or load_config()
    parent = list(range(len(items)))
    articles: list[set[str]] = [{it.article} for it in items]
    members: list[list[int]] = [[k] for k in range(len(items))]
    idf = scoring.weigh(items)
    score = scoring.score  # read at each call, so a patched sitrep.dedup.scoring.score is the one used

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
