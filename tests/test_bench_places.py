"""bench/places.py: score-line parsing, the floor gate (only ever raised) and the half-corpus writer."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bp() -> ModuleType:
    """bench/places.py loaded by path (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_places", BENCH / "places.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_parse_takes_the_last_score_line(bp: ModuleType) -> None:
    out = ("gold names 10, extracted 9\nscore: found 0.100  acc161 0.200  overall 0.020  precision 0.300\n"
           "score: found 0.500  acc161 0.600  overall 0.300  precision 0.700\n")
    assert bp.parse_score(out) == {"found": 0.5, "acc161": 0.6, "overall": 0.3, "precision": 0.7}


def test_parse_without_a_score_line_fails(bp: ModuleType) -> None:
    with pytest.raises(bp.BenchError):
        bp.parse_score("gold names 0, extracted 0\n")


def test_floors_rise_but_never_fall(bp: ModuleType) -> None:
    floors = {"lgl": {"found": 0.8, "acc161": 0.7, "precision": 0.9}}
    new = bp.raised_floors(floors, {"lgl": {"found": 0.75, "acc161": 0.7519, "precision": 0.95, "overall": 0.5},
                                    "gwn": {"found": 0.5, "acc161": 0.5, "precision": 0.5}})
    assert new["lgl"] == {"found": 0.8, "acc161": 0.751, "precision": 0.95}
    assert new["gwn"]["found"] == 0.5 and "overall" not in new["gwn"]


def test_gate_names_figures_below_their_floor_and_missing_sets(bp: ModuleType) -> None:
    floors = {"lgl": {"found": 0.8}, "tr-news": {"acc161": 0.9}}
    problems = bp.below_floors({"lgl": {"found": 0.79}}, floors)
    assert any(p.startswith("lgl: found") for p in problems)
    assert "tr-news: not measured" in problems
    assert bp.below_floors({"lgl": {"found": 0.8}, "tr-news": {"acc161": 0.95}}, floors) == []


def test_half_corpus_keeps_ids_and_empties_the_other_articles(bp: ModuleType, tmp_path: Path) -> None:
    src = tmp_path / "Set.xml"
    src.write_text("<articles>" + "".join(
        f"<article docid='d{i}'><text>t{i}</text><toponyms><toponym><start>0</start><end>2</end></toponym>"
        "</toponyms></article>" for i in range(3)) + "</articles>", encoding="utf-8")
    out = bp._half_corpus(src, {1}, tmp_path / "half")
    assert out.name == src.name
    import xml.etree.ElementTree as ET
    arts = ET.parse(out).getroot().findall("article")
    assert [a.get("docid") for a in arts] == ["d0", "d1", "d2"]
    assert [a.findtext("text") for a in arts] == [None, "t1", None]
