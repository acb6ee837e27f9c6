"""Dates, places and figures carried between linked events, with the real model (own sentences)."""
from __future__ import annotations

import pytest

from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _events(pipeline: Pipeline, text: str, published: str = "2020-05-08") -> list[Event]:
    return pipeline.extract(Article(id="t", title="", text=text, published=published))


def test_n_days_after_an_event_shifts_its_date(pipeline: Pipeline) -> None:
    text = ("The ambush on Thursday came three days after two mines killed four soldiers in Mosul.")
    events = _events(pipeline, text)  # 2020-05-08 is a Friday: Thursday = 05-07
    mine = next(e for e in events if e.killed is not None)
    assert mine.when.start == "2020-05-04" and mine.when.precision == "day"


def test_present_tense_frame_anchors_on_publication(pipeline: Pipeline) -> None:
    text = "Rebels shelled a market in Homs. It comes two weeks after 30 people were killed in an attack in Aleppo."
    events = _events(pipeline, text)
    older = next(e for e in events if e.killed is not None and e.killed.best == 30)
    assert older.when.start == "2020-04-24"


def test_later_follow_up_takes_the_date_of_the_event_before(pipeline: Pipeline) -> None:
    text = ("A soldier stabbed a judge in Basra on Tuesday. "
            "The soldier's flat in Najaf was later searched and his brother was detained, police said.")
    events = _events(pipeline, text)
    arrest = next(e for e in events if e.subtype == "Arrests")
    assert arrest.when.start == "2020-05-05"


def test_in_connection_with_takes_the_place_of_the_event_named(pipeline: Pipeline) -> None:
    text = ("A bomb exploded near a stadium in Kano, killing eight people. "
            "Nine men have been arrested in connection with the bomb.")
    events = _events(pipeline, text)
    arrest = next(e for e in events if e.subtype == "Arrests")
    assert arrest.where is not None and arrest.where.name.lower().startswith("kano")


def test_after_doing_it_is_a_reference_back_not_a_new_event(pipeline: Pipeline) -> None:
    text = ("A guard shot a judge dead in Basra on Tuesday. "
            "After shooting the judge, the guard exchanged fire with police for an hour.")
    events = _events(pipeline, text)
    clash = [e for e in events if e.type == "Battles"]
    assert clash and clash[0].when.start == "2020-05-05"
    assert sum(1 for e in events if e.type == "Violence against civilians") == 1
