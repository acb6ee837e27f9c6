"""Attack and arrest phrasings ("fired on", "came under fire", "taken into custody"), series dating, patron names.

Sentences written for these tests; the real model is loaded once for the module.
"""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipe, text: str, published: str = "2021-06-14"):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published=published))


def test_firing_on_a_patrol_is_a_clash_with_the_patrol(pipe) -> None:  # noqa: ANN001
    events = _events(pipe, "Gunmen fired on an army patrol near the dam on Thursday.")
    assert [e.subtype for e in events] == ["Armed clash"]
    assert events[0].actor2 is not None and events[0].actor2.kind == "state_forces"
    assert events[0].when.start == "2021-06-10"


def test_coming_under_fire_makes_the_subject_the_target(pipe) -> None:  # noqa: ANN001
    events = _events(pipe, "An army convoy came under fire near the bridge on Wednesday.")
    assert [e.subtype for e in events] == ["Armed clash"]
    assert events[0].actor2 is not None and events[0].actor2.kind == "state_forces"
    assert events[0].actor1 is None or events[0].actor1.kind != "state_forces"


def test_coming_under_other_things_is_no_event(pipe) -> None:  # noqa: ANN001
    assert _events(pipe, "The new budget came under criticism from farmers on Monday.") == []


def test_taken_into_custody_is_an_arrest_of_one(pipe) -> None:  # noqa: ANN001
    events = _events(pipe, "The opposition leader was taken into custody at the airport on Monday.")
    assert [e.subtype for e in events] == ["Arrests"]
    assert events[0].arrested is not None and events[0].arrested.best == 1


def test_arrest_for_an_ordinary_crime_is_no_event(pipe) -> None:  # noqa: ANN001
    events = _events(pipe, "A driver was arrested on Friday after customs officers found heroin in his truck.")
    assert all(e.subtype != "Arrests" for e in events), [(e.subtype, e.trigger) for e in events]


def test_next_in_series_sentences_stay_separate_events(pipe) -> None:  # noqa: ANN001
    text = ("Gunmen attacked a police post in the northern town on Sunday. In another attack, gunmen fired on a "
            "border patrol near the town, the ministry said.")
    events = _events(pipe, text)
    assert len(events) == 2
    assert all(e.when.start == "2021-06-13" for e in events)


def test_parts_of_a_dated_series_take_its_date(pipe) -> None:  # noqa: ANN001
    text = ("Militants carried out a series of attacks in the northern province on Sunday, officials said.\n\n"
            "The first began at dawn. A group of farmers came under fire near a well, the governor said.")
    events = _events(pipe, text)
    came = [e for e in events if e.trigger == "came"]
    assert came and came[0].when.start == "2021-06-13", [(e.trigger, e.when) for e in events]


def test_an_also_detained_person_shares_the_earlier_date(pipe) -> None:  # noqa: ANN001
    text = ("Police detained two union organisers in the port city on Tuesday, the interior ministry said. "
            "Their lawyer was also detained, it said.")
    events = _events(pipe, text)
    assert events and all(e.when.start == "2021-06-08" for e in events)


def test_it_said_keeps_the_agency_named_before(pipe) -> None:  # noqa: ANN001
    text = ("Soldiers arrested five suspected smugglers of weapons near the border on Monday, the state news agency "
            "reported. A farmhouse nearby was searched and its owner was also taken into custody, it said.")
    events = _events(pipe, text)
    assert events
    assert all(s.kind == "state_media" for e in events for s in e.sources), [e.sources for e in events]


def test_wounded_members_of_a_force_are_the_target(pipe) -> None:  # noqa: ANN001
    events = _events(pipe, "Gunmen opened fire on a bus depot on Friday, wounding members of the security forces.")
    assert events and events[0].actor2 is not None and events[0].actor2.kind == "state_forces"


def test_a_church_patron_is_no_place(pipe) -> None:  # noqa: ANN001
    text = ("A bomb exploded on Sunday at the church of St. Louis and St. Charles in Lagos. "
            "Hundreds of mourners gathered outside the church on Monday.")
    places = pipe.places(Article(id="t", text=text, published="2021-06-14"))
    kinds = {p.text: p.kind for p in places}
    assert kinds.get("St. Louis") in (None, "embedded") and kinds.get("St. Charles") in (None, "embedded")
    for e in _events(pipe, text):
        assert e.where is None or e.where.country != "US", (e.trigger, e.where)


def test_a_town_in_a_named_district_is_the_place_carried_forward(pipe) -> None:  # noqa: ANN001
    text = ("Police received a call about a fire in the town of Ramtha in the Irbid district on Sunday. "
            "The officers came under fire as they arrived, the statement said.")
    events = _events(pipe, text)
    attacked = [e for e in events if e.trigger and "came" in e.trigger.lower()] or events
    assert attacked and attacked[0].where is not None and "Ramtha" in (attacked[0].where.text or "")
