"""Cross-article dedup: events that report one happening form a cluster with one merged record.

Candidate pairs come from blocks keyed by type family, day and place (a map grid cell, or the province for
events only placed at province level), so the cost grows about linearly with the number of events. Each
candidate pair must pass hard checks (same family, overlapping dates, near places, compatible actors,
different articles) and then score above `min_score` (data/dedup.yaml). Pairs are joined best first, and
never so that one cluster holds two events of the same article (an article's events are distinct happenings).
"""
from __future__ import annotations

from sitrep.dedup.blocking import _col, _own_keys, _precise, _probe_keys, _row, candidate_pairs
from sitrep.dedup.cluster import (LINK_AVERAGE, _shift, cluster_events, cluster_items, cluster_stream, iter_groups,
                                  recluster)
from sitrep.dedup.config import _GRID_DEG, _GRID_KM, WEIGHTS, DedupConfig, DedupConfigError, load_config, parse_config
from sitrep.dedup.items import _WORD_RE, Item, _stop_words, make_item
from sitrep.dedup.merge import _count_width, _specificity, cluster_id, merge, merge_counts
from sitrep.dedup.scoring import (_actor_ok, _actor_same, _actors, _evidence, _km, _pair_mean, _place, _Sides, _sides,
                                  score, weigh)

__all__ = [
    "LINK_AVERAGE", "WEIGHTS", "DedupConfig", "DedupConfigError", "Item", "candidate_pairs", "cluster_events",
    "cluster_id", "cluster_items", "cluster_stream", "iter_groups", "load_config", "make_item", "merge", "merge_counts", "parse_config", "recluster",
    "score", "weigh",
]
