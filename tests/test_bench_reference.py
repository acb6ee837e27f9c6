"""bench/reference.py: the score-line parser and the floor gate (only ever raised), without the model."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    """bench/reference.py loaded by path (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_reference", BENCH / "reference.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_parse_takes_the_last_score_line_among_report_lines(ref: ModuleType) -> None:
    out = (
        "== a1: 1/2 required found, 1/3 extractions matched\n"
        "HIT   E1 (required) -> extraction #0  wrong: killed.low=5\n"
        "score: recall 0.10  precision 0.20  fields 0.30\n"
        "MISS  E2 (required) a made-up miss\n"
        "score: recall 0.50  precision 0.25  fields 1.00\n"
    )
    assert ref.parse_score(out) == {"recall": 0.5, "precision": 0.25, "fields": 1.0}


def test_parse_accepts_single_and_double_spacing(ref: ModuleType) -> None:
    assert ref.parse_score("score: recall 1.00 precision 0.07 fields 0.66")["precision"] == pytest.approx(0.07)


@pytest.mark.parametrize("text", ["", "EXTRA #0 Protests: Peaceful protest at X on None\n",
                                  "the score: recall 0.5 precision 0.5 fields 0.5",
                                  "score: recall n/a  precision 0.5  fields 0.5"])
def test_parse_rejects_output_without_a_score_line(ref: ModuleType, text: str) -> None:
    with pytest.raises(ref.BenchError):
        ref.parse_score(text)


def test_parse_reads_real_scorer_format_when_shared_is_present(ref: ModuleType, tmp_path: Path) -> None:
    scorer = BENCH.parent.parent / "shared" / "tools" / "score_events.py"
    gold = BENCH.parent.parent / "shared" / "seed" / "hama-2011-07-22.gold.json"
    if not (scorer.exists() and gold.exists()):
        pytest.skip("../shared is absent: the real scorer's output format is not checked here")
    import subprocess

    empty = tmp_path / "none.json"
    empty.write_text("[]")
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(empty)], capture_output=True, text=True).stdout
    assert ref.parse_score(out) == {"recall": 0.0, "precision": 0.0, "fields": 0.0}


FLOORS = {"reference": {"recall": 0.7, "precision": 0.7, "fields": 0.6}, "coded_articles": {"recall": 0.2}}


def test_figures_at_or_above_floors_pass(ref: ModuleType) -> None:
    measured = {"reference": {"recall": 0.7, "precision": 0.9, "fields": 0.6},
                "coded_articles": {"recall": 0.2, "precision": 0.0, "fields": 0.0}}
    assert ref.below_floors(measured, FLOORS) == []


def test_each_figure_below_its_floor_is_reported(ref: ModuleType) -> None:
    measured = {"reference": {"recall": 0.69, "precision": 0.9, "fields": 0.1},
                "coded_articles": {"recall": 0.5, "precision": 0.0, "fields": 0.0}}
    problems = ref.below_floors(measured, FLOORS)
    assert len(problems) == 2
    assert any("recall" in p and "reference" in p for p in problems)
    assert any("fields" in p for p in problems)


def test_a_run_with_floors_that_was_not_measured_fails(ref: ModuleType) -> None:
    assert ref.below_floors({"reference": {"recall": 1.0, "precision": 1.0, "fields": 1.0}}, FLOORS) == [
        "coded_articles: not measured"]


def test_raising_floors_never_lowers_and_keeps_the_input(ref: ModuleType) -> None:
    before = json.loads(json.dumps(FLOORS))
    measured = {"reference": {"recall": 0.9, "precision": 0.5, "fields": 0.6},
                "coded_articles": {"recall": 0.1, "precision": 0.3, "fields": 0.4}}
    new = ref.raised_floors(FLOORS, measured)
    assert new["reference"] == {"recall": 0.9, "precision": 0.7, "fields": 0.6}
    assert new["coded_articles"] == {"recall": 0.2, "precision": 0.3, "fields": 0.4}
    assert FLOORS == before


def test_raised_floors_are_met_by_the_figures_that_raised_them(ref: ModuleType) -> None:
    measured = {"reference": {"recall": 0.83, "precision": 0.75, "fields": 0.61}}
    new = ref.raised_floors({}, measured)
    assert ref.below_floors(measured, new) == []


figures = st.fixed_dictionaries({m: st.floats(0, 1).map(lambda v: round(v, 2)) for m in ("recall", "precision", "fields")})


@given(old=figures, got=figures)
def test_raise_is_monotone(ref: ModuleType, old: dict[str, float], got: dict[str, float]) -> None:
    new = ref.raised_floors({"r": old}, {"r": got})["r"]
    for m in old:
        assert new[m] >= old[m] and new[m] >= got[m]
        assert new[m] in (old[m], got[m])


def test_baseline_file_is_well_formed(ref: ModuleType) -> None:
    floors = json.loads((BENCH / "baseline.json").read_text())
    assert set(floors) >= {"reference", "coded_articles"}
    for name in ref.RUNS:
        run = floors[name]
        assert set(run) == set(ref.METRICS)
        assert all(0.0 <= v <= 1.0 for v in run.values())
