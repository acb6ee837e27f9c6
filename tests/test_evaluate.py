"""sitrep.evaluate and `sitrep evaluate`: gold readers, anchors, field checks, per-type scores, the CLI."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Iterator

import pytest
from typer.testing import CliRunner

from sitrep import evaluate as ev_mod
from sitrep import pipeline as pipeline_mod
from sitrep.cli import app
from sitrep.errors import InputError
from sitrep.evaluate import (
    GoldRecord, actor_match, evaluate, field_checks, format_evaluation, read_gold, score, type_scores,
)
from sitrep.pipeline import ArticleResult
from sitrep.records import Actor, Article, Count, Event, Evidence, Place, When

SAMPLE = Path(__file__).parent / "data" / "acled-sample.csv"
HEADER = "event_date,event_type,sub_event_type,actor1,actor2,location,latitude,longitude,fatalities,notes"


def _event(subtype: str = "Armed clash", type_: str = "Battles", **kw: Any) -> Event:
    base: dict[str, Any] = dict(id="e", article="a", type=type_, subtype=subtype, plover="ASSAULT",
                                evidence=(Evidence("x", 0, 1),))
    base.update(kw)
    return Event(**base)


class FakePipeline:
    """Stands in for Pipeline: types a text by a keyword in it and remembers what it was given."""

    def __init__(self, settings: Any = None) -> None:
        self.seen: list[Article] = []

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        for a in articles:
            self.seen.append(a)
            if "marched" in a.text:
                yield ArticleResult(a, (_event("Peaceful protest", "Protests"),))
            elif "clashed" in a.text:
                yield ArticleResult(a, (_event(),))
            else:
                yield ArticleResult(a, ())


# ---------------------------------------------------------------------------- readers and anchors
def test_sample_file_reads_with_event_date_plus_one_day_anchor() -> None:
    gold = read_gold(SAMPLE)
    assert gold.format == "acled" and gold.anchor == "event_date + 1 day"
    assert len(gold.records) == 4
    first = gold.records[0]
    assert first.event_date == "2023-03-14" and first.published == "2023-03-15"  # "14 March 2023" parsed
    assert set(gold.fields) >= {"event_type", "sub_event_type", "event_date", "coordinates", "actor1", "actor2"}


def test_published_column_wins_over_timestamp(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text(f"{HEADER},timestamp,published\n2020-01-05,Protests,Peaceful protest,,,Town,1,2,0,"
                 f"Workers marched.,1578700800,2020-01-06\n", encoding="utf-8")
    gold = read_gold(p)
    assert gold.anchor == "published" and gold.records[0].published == "2020-01-06"


def test_unix_timestamp_is_the_anchor_without_published(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text(f"{HEADER},timestamp\n2020-01-05,Protests,Peaceful protest,,,Town,1,2,0,Workers marched.,1578700800\n",
                 encoding="utf-8")
    gold = read_gold(p)
    assert gold.anchor == "timestamp" and gold.records[0].published == "2020-01-11"


def test_case_tsv_maps_labels_and_leaves_non_acled_labels_empty(tmp_path: Path) -> None:
    p = tmp_path / "case.tsv"
    p.write_text("id\tEventSnippet\tSubType\n1\tRebels shelled a base.\tART_MISS_ATTACK\n2\tA storm hit.\tNATURAL_DISASTER\n",
                 encoding="utf-8")
    gold = read_gold(p)
    assert gold.format == "case" and gold.anchor == "none"
    assert gold.records[0].sub_event_type == "Shelling/artillery/missile attack"
    assert gold.records[0].event_type == "Explosions/Remote violence"
    assert gold.records[1].sub_event_type is None


def test_unknown_labels_and_foreign_files_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n2020-01-05,Protests,Street party,,,Town,1,2,0,Text here.\n", encoding="utf-8")
    with pytest.raises(InputError, match="Street party"):
        read_gold(bad)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="notes"):
        read_gold(other)


# ---------------------------------------------------------------------------- scoring
def test_type_scores_count_non_acled_rows_only_as_false_positives() -> None:
    pairs = [("Armed clash", "Armed clash"), ("Armed clash", None), (None, "Armed clash"), ("Attack", "Armed clash")]
    scores, macro = type_scores(pairs, ("Armed clash", "Attack"))
    clash, attack = scores
    assert (clash.tp, clash.fp, clash.fn) == (1, 2, 1)
    assert (attack.tp, attack.fp, attack.fn) == (0, 0, 1)
    assert macro == pytest.approx((2 * (1 / 3) * 0.5 / (1 / 3 + 0.5) + 0.0) / 2)


def test_actor_names_match_without_acled_year_brackets() -> None:
    assert actor_match("Military Forces of Nigeria (2015-2023)", "Military Forces of Nigeria")
    assert actor_match("Protesters (Nigeria)", "Protesters (Nigeria)")
    assert not actor_match("Police Forces of Nigeria (2015-2023)", "Military Forces of Nigeria")
    assert actor_match(None, None) and not actor_match("Civilians (Kenya)", None)


def test_field_checks_compare_date_range_place_distance_and_fatalities() -> None:
    gold = GoldRecord(id="1", text="t", event_type="Battles", sub_event_type="Armed clash", event_date="2021-05-03",
                      location="Townsville", latitude=10.0, longitude=10.0, fatalities=3)
    near = Place("Townsville", "Townsville", 1, "place", None, "XX", 10.1, 10.1, 1)
    e = _event(when=When("last weekend", "2021-05-02", "2021-05-03", "range"), where=near,
               killed=Count(3, 3, 3, "three"))
    ok = field_checks(gold, e, ("event_type", "sub_event_type", "event_date", "location", "coordinates", "fatalities"))
    assert all(ok.values())
    far = Place("Elsewhere", "Elsewhere", 2, "place", None, "XX", 12.0, 12.0, 1)
    bad = field_checks(gold, _event(where=far, killed=Count(None, 5, 5, "five")), ("location", "coordinates",
                                                                                    "fatalities", "event_date"))
    assert not any(bad.values())


def test_fatalities_compare_the_number_a_report_states() -> None:
    from sitrep.evaluate import fatalities_of
    from sitrep.nlp.numbers import parse_count
    # ACLED codes "more than 40 killed" as 40; the record keeps the bound 41 (DESIGN.md)
    assert parse_count("more than 40").low == 41
    assert fatalities_of(_event(killed=parse_count("more than 40"))) == 40
    assert fatalities_of(_event(killed=parse_count("over a dozen"))) == 12
    # the other modifiers state their own low
    assert fatalities_of(_event(killed=parse_count("at least 7"))) == 7
    assert fatalities_of(_event(killed=parse_count("between 3 and 9"))) == 3
    assert fatalities_of(_event(killed=parse_count("as many as 30"))) == 30  # no low: the best
    # a bound that does not come from its text (a sum of tolls) is left as it is
    assert fatalities_of(_event(killed=Count(12, 12, None, "more than 5"))) == 12


def test_score_takes_the_first_non_historical_event() -> None:
    gold = read_gold(SAMPLE)
    old = _event("Peaceful protest", "Protests", historical=True)
    preds = [[old, _event("Peaceful protest", "Protests")], [], [], []]
    result = score(gold, preds)
    assert result.no_event == 3
    assert result.field_accuracy["sub_event_type"] == pytest.approx(0.25)
    assert "event_date + 1 day" in format_evaluation(result)


def test_evaluate_runs_each_text_with_its_anchor() -> None:
    fake = FakePipeline()
    result = evaluate(SAMPLE, pipeline=fake)
    assert [a.published for a in fake.seen] == [r.published for r in read_gold(SAMPLE).records]
    assert result.n == 4
    peaceful = next(s for s in result.types if s.label == "Peaceful protest")
    assert peaceful.tp == 1


def test_cli_prints_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_mod, "Pipeline", FakePipeline)
    out = CliRunner().invoke(app, ["evaluate", str(SAMPLE)])
    assert out.exit_code == 0, out.output
    assert "sub_event_type" in out.output and "macro-F1" in out.output and "event_date + 1 day" in out.output


def test_cli_missing_gold_file_is_one_message(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope.csv")])
    assert out.exit_code == 1 and "cannot read gold file" in out.output


@pytest.mark.model
def test_real_pipeline_types_the_sample() -> None:
    result = ev_mod.evaluate(SAMPLE)
    assert result.field_accuracy["event_type"] >= 0.75
    assert result.no_event == 0


# ---------------------------------------------------------------------------- bench/event_types.py helpers
@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/event_types.py loaded by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_typing", Path(__file__).parent.parent / "bench" / "event_types.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_typing_floors_only_rise(bench: ModuleType) -> None:
    floors = {"tuning_macro_f1": 0.5, "target_macro_f1": 0.4}
    new = bench.raised(floors, {"tuning_macro_f1": 0.456, "target_macro_f1": 0.678})
    assert new == {"tuning_macro_f1": 0.5, "target_macro_f1": 0.67}
    assert bench.below_floors({"tuning_macro_f1": 0.49, "target_macro_f1": 0.9}, floors) != []
    assert bench.below_floors({"tuning_macro_f1": 0.5, "target_macro_f1": 0.4}, floors) == []
