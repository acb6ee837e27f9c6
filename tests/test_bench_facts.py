"""bench/facts.py: row selection, the date-within scoring and the floor gate, without the model."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def facts() -> ModuleType:
    """bench/facts.py loaded by path (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_facts", BENCH / "facts.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_rows_with_several_sources_or_no_headline_are_left_out(facts: ModuleType, tmp_path: Path) -> None:
    csv_path = tmp_path / "g.csv"
    csv_path.write_text(
        "source_headline,source_office,source_date,date_start,date_end\n"
        "Rebels shell a market,Agency,2020-01-02,2020-01-01,2020-01-02\n"
        "One;Two,A;B,2020-01-02;2020-01-02,2020-01-01,2020-01-02\n"
        ",Agency,2020-01-02,2020-01-01,2020-01-02\n"
        "Bad date,Agency,soon,2020-01-01,2020-01-02\n",
        encoding="utf-8",
    )
    rows = facts.single_source_rows(csv_path)
    assert [r["source_headline"] for r in rows] == ["Rebels shell a market"]


def test_a_span_must_lie_wholly_inside_the_gold_span(facts: ModuleType) -> None:
    assert facts.within("2020-01-02", "2020-01-02", "2020-01-01", "2020-01-03")
    assert not facts.within("2020-01-02", "2020-01-05", "2020-01-01", "2020-01-03")
    assert not facts.within(None, None, "2020-01-01", "2020-01-03")


def test_undated_or_missing_events_are_misses(facts: ModuleType) -> None:
    rows = [{"source_date": "2020-01-03", "date_start": "2020-01-02", "date_end": "2020-01-02"}] * 3
    events = {
        "ucdp-0": [{"when": {"start": None}}, {"when": {"start": "2020-01-02", "end": "2020-01-02"}}],
        "ucdp-1": [{"when": {"start": None}}],
    }
    got = facts.score(rows, events)
    assert got["date_hit"] == pytest.approx(1 / 3)
    assert got["found"] == pytest.approx(2 / 3)
    assert got["baseline_pubdate"] == 0.0
    assert got["ceiling_recent"] == 1.0


def test_floors_only_rise(facts: ModuleType) -> None:
    assert facts.raised_floors({"date_hit": 0.5}, {"date_hit": 0.4})["date_hit"] == 0.5
    assert facts.raised_floors({"date_hit": 0.5}, {"date_hit": 0.61})["date_hit"] == 0.61
    assert facts.below_floors({"date_hit": 0.4}, {"date_hit": 0.5})
    assert not facts.below_floors({"date_hit": 0.5}, {"date_hit": 0.5})


def test_baseline_has_a_facts_section(facts: ModuleType) -> None:
    import json

    floors = json.loads((BENCH / "baseline.json").read_text())[facts.SECTION]
    assert set(floors) == set(facts.METRICS)
    assert all(0.0 <= v <= 1.0 for v in floors.values())


def test_raised_floors_round_down(facts: ModuleType) -> None:
    assert facts.raised_floors({}, {"date_hit": 0.0477})["date_hit"] == 0.04
