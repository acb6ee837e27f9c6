"""A happening another one set off ("shot a student, sparking protests") is a happening of its own: ACLED codes the
protests a killing caused apart from the killing, and the protests' words do not tell what the killing was.
Test sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text", [
    "Police shot dead a student at a roadblock in Nakuru on Monday, sparking protests in the town.",
    "Soldiers killed a farmer near Nakuru on Monday, triggering angry demonstrations and clashes.",
])
def test_the_killing_and_the_protests_it_set_off_are_two_events(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kenya unrest\n\n" + text)
    kinds = sorted(e.type for e in evs)
    assert "Violence against civilians" in kinds, _brief(evs)
    assert any(t in ("Protests", "Riots") for t in kinds), _brief(evs)
    killing = next(e for e in evs if e.type == "Violence against civilians")
    assert killing.subtype == "Attack" and killing.killed is not None and killing.killed.best == 1, _brief(evs)


def test_a_cause_told_as_subject_is_unchanged(pipe) -> None:  # noqa: ANN001
    # "set" is a consequence verb only with "off": "set fire to" is the act itself
    evs = _events(pipe, "Kenya unrest\n\nRioters set fire to a police station in Nakuru on Monday.")
    assert len(evs) == 1, _brief(evs)


def test_a_retelling_of_the_killing_joins_the_killing_not_the_riot(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kenya unrest\n\nPolice shot dead a young man at a roadblock near Nakuru on Wednesday, "
                        "triggering protests and clashes in the area.\n\nThe police said the man ignored signals to "
                        "stop.\n\nIt said in a statement that an officer shot the driver when the car did not stop.")
    killing = [e for e in evs if e.type == "Violence against civilians"]
    assert len(killing) == 1 and len(killing[0].evidence) == 2, _brief(evs)
    assert all(len(e.evidence) == 1 for e in evs if e.type != "Violence against civilians"), _brief(evs)


def test_the_killing_a_crowd_answered_is_an_event_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kenya unrest\n\nHundreds of residents protested in Nakuru on Monday after police shot and killed a "
                        "boda-boda rider at a roadblock.")
    assert sorted(e.type for e in evs) == ["Protests", "Violence against civilians"], _brief(evs)
    crowd = next(e for e in evs if e.type == "Protests")
    assert crowd.subtype == "Peaceful protest" and crowd.killed is None, _brief(evs)
    # the stones thrown before the tear gas are the same riot
    evs = _events(pipe, "Kenya unrest\n\nPolice fired tear gas in Nakuru on Monday after protesters threw stones.")
    assert len(evs) == 1, _brief(evs)


@pytest.mark.parametrize("text", [
    "Hundreds of people in Nakuru attended vigils on Monday commemorating the shooting death of a student.",
    "Mourners in Nakuru remembered the bombing of a wedding hall in the city.",
    "Families in Nakuru marked the anniversary of the massacre on Monday.",
])
def test_a_remembered_happening_is_no_new_event(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kenya\n\n" + text)
    assert not [e for e in evs if e.type in ("Violence against civilians", "Explosions/Remote violence")], _brief(evs)


def test_what_a_protest_is_against_takes_no_day_or_place_of_the_protest(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Lahore\n\nHundreds of students protested in Lahore on Monday against the killing of a "
                        "classmate by Pakistani police.")
    killing = [e for e in evs if e.type == "Violence against civilians"]
    assert not killing or killing[0].when.start != "2021-04-19", _brief(evs)  # not the protest's Monday
    evs = _events(pipe, "Baghdad\n\nMilitiamen protesting against deadly U.S. air strikes on Iraq hurled stones at "
                        "the embassy in Baghdad on Tuesday.\n\nU.S. air strikes on Sunday near Qaim killed 25 "
                        "fighters.")
    strikes = [e for e in evs if e.type == "Explosions/Remote violence"]
    assert len(strikes) == 1 and strikes[0].when.start == "2021-04-18", _brief(evs)
