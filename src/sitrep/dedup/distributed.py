"""Dedup across a whole shard set as a distributed step: scoring pairs found in parallel partitions, then one
final merge. The clusters are exactly those of `cluster_events` on the same rows in the same order.

How it splits: an item is filed under its own block keys (`blocking._own_keys`: type family, day, and map grid
cell, province or country) and looks in its probe keys (`blocking._probe_keys`: its days widened by the slack,
neighbouring cells). The sequential sweep scores a pair when the later item (by start date, then input order)
probes a key the earlier one owns. Every key holds one day, so the keys are partitioned by (family, day bucket):
an item goes to each bucket its probe days reach, and within a bucket the same sweep over only that bucket's
days finds every pair whose meeting key lies there. Each pair is found in the bucket of a day it meets on
(possibly several: duplicates are dropped), so the union over buckets is the sequential sweep's pairs.

The final merge (on the caller's side: it needs every item of a component) joins the pairs into connected
sets, clusters each set best pairs first with the sequential `_join`, and merges each cluster's records.
Evidence-word rarity is counted per partition and summed first, so scores are those of the whole set.

Runs on Ray when `remote` is given a Ray module (each bucket a task); else the buckets run here one by one
(the same code: what the tests compare against the sequential clustering).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from sitrep.dedup import scoring
from sitrep.dedup.blocking import _own_keys, _probe_keys
from sitrep.dedup.cluster import _join, _start_order
from sitrep.dedup.config import DedupConfig, load_config
from sitrep.dedup.items import Item, make_item
from sitrep.dedup.merge import merge
from sitrep.records import Event

DAY_BUCKET = 16  # days per partition of the block keys (items near a bucket's edge go to both)


def bucket_of(key: tuple[Any, ...], days: int = DAY_BUCKET) -> tuple[str, int]:
    """The partition of a block key: (family, day bucket)."""
    return key[1], key[2] // days


def partition(items: Sequence[Item], order: Sequence[int], cfg: DedupConfig,
              days: int = DAY_BUCKET) -> dict[tuple[str, int], list[int]]:
    """Indexes of the dated items each partition needs, in sweep order."""
    parts: dict[tuple[str, int], list[int]] = {}
    for k in order:
        it = items[k]
        if it.start is None or it.end is None:
            continue
        for b in sorted({bucket_of(key, days) for key in _probe_keys(it, cfg)} |
                        {bucket_of(key, days) for key in _own_keys(it)}):
            parts.setdefault(b, []).append(k)
    return parts


def bucket_pairs(bucket: tuple[str, int], members: Sequence[tuple[int, Item]], cfg: DedupConfig,
                 idf: dict[str, float] | None, days: int = DAY_BUCKET) -> list[tuple[float, int, int]]:
    """(score, i, j) of the scoring pairs meeting on this bucket's keys; `members` in sweep order."""
    score = scoring.score
    blocks: dict[tuple[Any, ...], list[int]] = {}
    items = dict(members)
    out = []
    for idx, it in members:
        seen: set[int] = set()
        for key in _probe_keys(it, cfg):
            if bucket_of(key, days) != bucket:
                continue
            for i in blocks.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                a, b = (i, idx) if i < idx else (idx, i)
                s = score(items[a], items[b], cfg, idf)
                if s is not None and s >= cfg.min_score:
                    out.append((s, a, b))
        for key in _own_keys(it):
            if bucket_of(key, days) == bucket:
                blocks.setdefault(key, []).append(idx)
    return out


def word_counts(items: Iterable[Item]) -> dict[str, int]:
    """How many of `items` use each evidence word (one partition's share of the rarity counts)."""
    df: dict[str, int] = {}
    for it in items:
        for w in it.words:
            df[w] = df.get(w, 0) + 1
    return df


def final_merge(items: Sequence[Item], pairs: Iterable[tuple[float, int, int]], cfg: DedupConfig,
                idf: dict[str, float]) -> list[tuple[str, Event, list[Any]]]:
    """(cluster id, merged record, member keys) from all scoring pairs, in order of the first member."""
    unique: dict[tuple[int, int], float] = {}
    for s, a, b in pairs:
        unique[(a, b)] = s
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in unique:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    sets: dict[int, list[int]] = {}
    for k in range(len(items)):
        sets.setdefault(find(k), []).append(k)
    set_pairs: dict[int, list[tuple[float, int, int]]] = {}
    for (a, b), s in unique.items():
        set_pairs.setdefault(find(a), []).append((s, a, b))
    out: list[tuple[int, tuple[str, Event, list[Any]]]] = []
    for rep, members in sets.items():
        sub = {k: items[k] for k in members}
        groups = _join(sub, set_pairs.get(rep, []), cfg, idf) if len(members) > 1 else [members]
        for group in groups:
            its = [items[k] for k in group]
            merged = merge([m.event for m in its], [m.outlet for m in its])
            out.append((group[0], (merged.cluster or "", merged, [m.key for m in its])))
    out.sort(key=lambda c: c[0])
    return [c for _, c in out]


def cluster_distributed(rows: Sequence[tuple[Any, Event, str | None]], cfg: DedupConfig | None = None,
                        remote: Any = None, days: int = DAY_BUCKET, chunk: int = 5000) -> list[tuple[str, Event, list[Any]]]:
    """`cluster_events(rows)` computed in partitions: on Ray when `remote` is the `ray` module (word counts
    per chunk of rows and pairs per (family, day bucket) as tasks), else here, partition by partition."""
    cfg = cfg or load_config()
    items = [make_item(key, ev, outlet, cfg) for key, ev, outlet in rows]
    run: Callable[..., list[Any]]
    if remote is not None:
        count_task = remote.remote(word_counts)
        pairs_task = remote.remote(bucket_pairs)

        def run_counts() -> list[dict[str, int]]:
            return remote.get([count_task.remote(items[i:i + chunk]) for i in range(0, len(items), chunk)])
    else:
        def run_counts() -> list[dict[str, int]]:
            return [word_counts(items[i:i + chunk]) for i in range(0, len(items), chunk)]
    df: dict[str, int] = {}
    for part in run_counts():
        for w, c in part.items():
            df[w] = df.get(w, 0) + c
    idf = scoring.rarity(df, len(items))
    for it in items:
        it.weight = sum(idf[w] for w in it.words)
    parts = partition(items, _start_order(items), cfg, days)
    pairs: list[tuple[float, int, int]] = []
    if remote is not None:
        idf_ref, cfg_ref = remote.put(idf), remote.put(cfg)
        refs = [pairs_task.remote(b, [(k, items[k]) for k in members], cfg_ref, idf_ref, days)
                for b, members in parts.items() if len(members) > 1]
        for found in remote.get(refs):
            pairs.extend(found)
    else:
        for b, members in parts.items():
            if len(members) > 1:
                pairs.extend(bucket_pairs(b, [(k, items[k]) for k in members], cfg, idf, days))
    return final_merge(items, pairs, cfg, idf)


def cluster_rows_on_ray(rows: Iterable[tuple[Any, Event, str | None]], ray: Any,
                        cfg: DedupConfig | None = None) -> list[tuple[str, Event, list[Any]]]:
    """`cluster_distributed` of (key, event, outlet) rows on Ray, the rows taken in order of their key (so the
    clusters do not depend on the order shards were written in)."""
    ordered = sorted(rows, key=lambda r: str(r[0]))
    return cluster_distributed(ordered, cfg, remote=ray)


__all__ = ["DAY_BUCKET", "cluster_rows_on_ray", "bucket_of", "bucket_pairs", "cluster_distributed", "final_merge", "partition", "word_counts"]
