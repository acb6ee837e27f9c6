"""Cross-article dedup: the rules of data/dedup.yaml, blocking, merging, and the store's incremental pass."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from sitrep.dedup import (DedupConfigError, cluster_events, cluster_items, load_config, make_item, merge,
                          merge_counts, parse_config, recluster)
from sitrep.records import Actor, Article, Count, Event, Evidence, Place, Source, When
from sitrep.store import Store, WriteBatch

FARMERS = "Farmers blocked the ring road with tractors to protest against cheaper grain imports."


def _ev(article: str, *, lat: float = 40.0, lon: float = 20.0, precision: int = 1, day: str = "2024-02-12",
        end: str | None = None, type_: str = "Protests", subtype: str = "Peaceful protest", text: str = FARMERS,
        actor1: Actor | None = None, killed: Count | None = None, admin1: str = "Upland", n: int = 0,
        certainty: str = "reported") -> Event:
    return Event(id=f"{article}-{n}", article=article, type=type_, subtype=subtype, plover="PROTEST", actor1=actor1,
                 where=Place("Millbrook", "Millbrook", 7, "place" if precision < 3 else "admin1", admin1, "XQ",
                             lat, lon, precision),
                 when=When("on Monday", day, end or day, "day" if not end else "week"), killed=killed,
                 sources=(Source("the police", "police", "official"),), certainty=certainty,
                 evidence=(Evidence(text, 0, len(text)),))


def _groups(events: list[Event], outlets: list[str] | None = None) -> list[set[str]]:
    rows = [(e.id, e, (outlets or [f"outlet{i}" for i in range(len(events))])[i]) for i, e in enumerate(events)]
    return sorted(({str(k) for k in members} for _, _, members in cluster_events(rows)), key=sorted)


def test_the_packaged_rules_load_and_bad_rules_are_refused() -> None:
    cfg = load_config()
    assert cfg.family("Battles", "Armed clash") == cfg.family("Violence against civilians", "Attack")
    assert cfg.family("Strategic developments", "Arrests") != cfg.family("Strategic developments", "Agreement")
    good = {"families": {"x": ["Battles"]}, "split_by_subtype": [], "max_km": {1: 5, 2: 20},
            "near_same_province_km": 40, "date_slack_days": 1, "max_span_days": 10, "min_score": 0.5,
            "weights": {"place": 0.2, "date": 0.2, "actors": 0.2, "subtype": 0.2, "evidence": 0.2}}
    parse_config(good)
    for bad in ({**good, "families": {"x": ["Battle"]}}, {**good, "max_km": {1: 5}},
                {**good, "max_km": {1: 5, 2: 500}}, {**good, "weights": {**good["weights"], "place": 0.9}},
                {k: v for k, v in good.items() if k != "min_score"}, {**good, "min_score": 0}, []):
        with pytest.raises(DedupConfigError):
            parse_config(bad)


def test_two_outlets_reporting_one_march_merge() -> None:
    a = _ev("a", text=FARMERS)
    b = _ev("b", lat=40.03, day="2024-02-13", text="Hundreds of farmers drove tractors onto the ring road, "
                                                    "protesting grain imports.")
    assert _groups([a, b]) == [{"a-0", "b-0"}]


@pytest.mark.parametrize("change", [
    {"type_": "Strategic developments", "subtype": "Arrests"},  # another family
    {"lat": 40.5},  # 55 km away
    {"day": "2024-02-16"},  # four days later
    {"actor1": Actor("soldiers", "Army", "state_forces", "XQ")},  # against protesters: not the same actors
    {"text": "Dock workers walked out at the container port over unpaid overtime."},  # nothing shared
    {"end": "2024-04-30", "day": "2024-02-01"},  # too vague a date
])
def test_different_happenings_stay_apart(change: dict[str, object]) -> None:
    a = _ev("a", actor1=Actor("farmers", "Farmers", "protesters", "XQ"))
    b = _ev("b", **{"actor1": Actor("farmers", "Farmers", "protesters", "XQ"), **change})  # type: ignore[arg-type]
    assert len(_groups([a, b])) == 2


def test_a_party_named_on_both_sides_counts_once() -> None:
    army = Actor("troops", "Army", "state_forces", "XQ")
    rebels = Actor("insurgents", "Rebels", "rebels", "XQ")
    clash = dict(type_="Battles", subtype="Armed clash", text="Insurgents attacked an army convoy on the highway.")
    one = _ev("a", actor1=rebels, **clash)  # type: ignore[arg-type]
    one = one.replace(actor2=army)
    garbled = _ev("b", actor1=army, **clash).replace(actor2=army)  # type: ignore[arg-type]
    assert _groups([one, garbled]) == [{"a-0", "b-0"}]
    police = _ev("c", actor1=Actor("police", "Police", "state_forces", "XQ"), **clash)  # type: ignore[arg-type]
    assert len(_groups([one, police.replace(actor2=Actor("students", "Students", "protesters", "XQ"))])) == 2


def test_province_level_report_meets_the_precise_one() -> None:
    precise = _ev("a")
    vague = _ev("b", lat=40.6, lon=20.7, precision=3)  # the province's centre, 90 km off: only the province counts
    other_province = _ev("c", lat=40.6, lon=20.7, precision=3, admin1="Lowland")
    groups = _groups([precise, vague, other_province])
    assert {"a-0", "b-0"} in groups and {"c-0"} in groups


def test_blocking_finds_pairs_across_grid_cells_and_far_north() -> None:
    # 0.6° grid rows: these two towns 4 km apart sit in different rows and columns
    assert _groups([_ev("a", lat=41.99, lon=19.799), _ev("b", lat=42.02, lon=19.83)]) == [{"a-0", "b-0"}]
    # at 69°N a degree of longitude is ~40 km: 6 km apart must still meet
    assert _groups([_ev("a", lat=69.0, lon=18.0), _ev("b", lat=69.0, lon=18.15)]) == [{"a-0", "b-0"}]


def test_one_article_never_has_two_events_in_a_cluster_and_no_chaining() -> None:
    # b's two events both look like a's march: only one of them may join it
    a = _ev("a")
    b0, b1 = _ev("b", n=0), _ev("b", n=1, lat=40.01)
    groups = _groups([a, b0, b1])
    assert len(groups) == 2 and all(len({m.split("-")[0] for m in g}) == len(g) for g in groups)
    # Monday and Wednesday reports must not meet through a Tuesday one
    mon, tue, wed = _ev("m", day="2024-02-12"), _ev("t", day="2024-02-13"), _ev("w", day="2024-02-14")
    assert not any({"m-0", "w-0"} <= g for g in _groups([mon, tue, wed]))


def test_merged_record_widens_figures_and_counts_independent_outlets() -> None:
    exact = _ev("a", killed=Count(7, 7, 7, "seven"), certainty="claimed")
    at_least = _ev("b", killed=Count(5, 5, None, "at least five"), lat=40.01, precision=2)
    up_to = _ev("c", killed=Count(None, 12, 12, "up to 12"), precision=2, certainty="confirmed")
    merged = merge([at_least, exact, up_to], ["wire one", "wire one", "radio two"])
    assert merged.killed == Count(5, 7, 12, "seven")  # lowest low, highest high, best of the exact figure
    assert merged.articles == ("a", "b", "c")
    assert merged.agreement == 2  # two of the three articles come from one outlet
    assert merged.article == "a" and merged.where == exact.where  # the most specific report leads
    assert merged.certainty == "confirmed"
    assert {s.name for s in merged.sources} >= {"police", "wire one", "radio two"}
    assert merged.cluster == merged.id and merged.id.startswith("c")
    assert merge_counts([Count(None, 40, 40, "as many as 40"), Count(24, 24, None, "at least 24")]).low == 24


def test_merged_record_takes_a_missing_actor_only_from_a_report_of_its_own_sub_type() -> None:
    police = Actor("riot police", "Police Forces of Xq", "state_forces", "XQ")
    peaceful = _ev("a", actor1=Actor("farmers", "Farmers", "protesters", "XQ"))
    fired_on = _ev("b", subtype="Excessive force against protesters", precision=2).replace(actor2=police)
    merged = merge([peaceful, fired_on], ["wire one", "radio two"])
    assert (merged.subtype, merged.actor2) == ("Peaceful protest", None)  # no police beside 'no one intervened'
    named = _ev("c", precision=2, actor1=Actor("farmers", "Farmers", "protesters", "XQ")).replace(actor2=police)
    assert merge([_ev("d"), named], ["wire one", "radio two"]).actor1 == named.actor1  # same coding: filled


def test_cluster_items_scales_through_blocks_not_all_pairs() -> None:
    cfg = load_config()
    # 600 unrelated events on 600 days: blocking keeps comparisons near zero
    items = [make_item(i, _ev(f"a{i}", day=f"20{20 + i // 300}-{1 + i % 300 // 28:02d}-{1 + i % 28:02d}",
                              text=f"Event number {i} words{i}"), None, cfg) for i in range(600)]
    calls = {"n": 0}
    import sitrep.dedup.scoring as scoring_mod  # score's home: blocking and clustering call it from there

    real = scoring_mod.score

    def counting(*args: object, **kw: object) -> object:
        calls["n"] += 1
        return real(*args, **kw)  # type: ignore[arg-type]

    scoring_mod.score = counting  # type: ignore[assignment]
    try:
        groups = cluster_items(items, cfg)
    finally:
        scoring_mod.score = real  # type: ignore[assignment]
    assert len(groups) == 600
    assert 0 < calls["n"] < 600 * 5  # a few neighbours in time each, not 180,000 pairs (and the patch is seen)


def test_store_reclusters_new_reports_into_existing_happenings(tmp_path: Path) -> None:
    def article(name: str, text: str) -> Article:
        return Article(id=name, text=text, published="2024-02-13", source=f"{name} daily")

    with Store.open(tmp_path / "s.db") as store:
        first = article("a", FARMERS)
        store.write_batch(WriteBatch([(first, [_ev("a")], None)]))
        recluster(store)
        assert store.counts()["clusters"] == 1
        assert recluster(store) == (0, 0)  # nothing new: nothing redone
        second = article("b", FARMERS + " Traffic stopped.")
        store.write_batch(WriteBatch([(second, [_ev("b", day="2024-02-13")], None)]))
        recluster(store)
        (merged,) = list(store.events())
        assert merged.articles == ("a", "b") and merged.agreement == 2
        assert store.counts()["clusters"] == 1


def test_bench_synthetic_set_meets_the_target_quickly() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        import dedup as bench_dedup  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    result = bench_dedup.measure(2000, seed=3)
    assert result["precision"] >= 0.9 and result["recall"] >= 0.85, result
    assert dataclasses.is_dataclass(load_config())
