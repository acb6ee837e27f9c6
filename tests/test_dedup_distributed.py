"""Dedup in partitions (family, day bucket) with a final merge gives exactly the clusters of clustering the
whole set at once (`cluster_events`), whatever the bucket width: pairs meeting across a bucket edge included."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from sitrep.dedup import cluster_events
from sitrep.dedup.distributed import cluster_distributed, partition
from sitrep.dedup.config import load_config
from sitrep.dedup.items import make_item


def _bench_rows(n: int, seed: int) -> list[tuple[str, Any, str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        import dedup as bench_dedup  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    rows, _gold = bench_dedup.generate(n, seed)
    return rows


def _plain(clusters: list[tuple[str, Any, list[Any]]]) -> list[tuple[str, dict[str, Any], list[Any]]]:
    return [(cid, merged.as_dict(), list(members)) for cid, merged, members in clusters]


@pytest.mark.parametrize("days", [1, 3, 16])
def test_partitions_and_final_merge_equal_clustering_at_once(days: int) -> None:
    rows = _bench_rows(1200, seed=5)
    whole = _plain(cluster_events(rows))
    parts = _plain(cluster_distributed(rows, days=days))
    assert sum(len(m) > 1 for _, _, m in whole) > 50  # the set has many multi-report happenings
    assert parts == whole


def test_items_near_a_bucket_edge_go_to_both_buckets() -> None:
    rows = _bench_rows(300, seed=2)
    cfg = load_config()
    items = [make_item(k, e, o, cfg) for k, e, o in rows]
    parts = partition(items, range(len(items)), cfg, days=2)
    placed = sum(len(v) for v in parts.values())
    dated = sum(1 for it in items if it.start is not None and it.end is not None)
    assert placed > dated  # some items are in two or more partitions
    assert {k for v in parts.values() for k in v} == {k for k, it in enumerate(items)
                                                       if it.start is not None and it.end is not None}
