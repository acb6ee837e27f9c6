"""Who an event was done to (actor2): the owner of a thing attacked, "set fire to X", "targeting X", the shared
passive subject of "was shot and killed", the other side of a fight the harmed were in, victims named by what they
are suspected of or run for; and ACLED's riot conventions (the crowd rioted; a riot told as a clash has rioters on
both sides)."""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _first(pipeline, text: str):  # type: ignore[no-untyped-def]
    evs = [e for e in pipeline.extract(Article(id="t", text=text, published="2020-05-06")) if not e.historical]
    assert evs, text
    return evs[0]


@pytest.mark.parametrize("text, kind", [
    ("Rebels stormed an army barracks outside Tarsk on Monday.", "state_forces"),
    ("Insurgents raided the headquarters of the 9th Infantry Brigade near Tarsk on Monday.", "state_forces"),
    ("Masked gunmen on Monday set fire to a radio reporter's home in Tarsk.", "civilians"),
    ("Unknown attackers torched a farmer's granary in Tarsk on Monday.", "civilians"),
])
def test_a_thing_attacked_names_its_owner(pipeline, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, text)
    assert ev.actor2 is not None and ev.actor2.kind == kind


def test_targeting_clause_names_the_target(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "A roadside bomb planted by insurgents went off near Tarsk on Monday, targeting an "
                          "army patrol.")
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces"


def test_shot_and_killed_shares_the_passive_victim(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "In Tarsk on Monday, a man wanted for theft was shot and killed during a dawn police raid on his flat.")
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_killed_in_a_fight_with_police(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "Two men sought over a bank robbery died on Monday in a long shootout with police officers outside Tarsk.")
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_lynched_thieves_are_civilians(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "An angry crowd lynched three alleged cattle thieves in Tarsk on Monday.")
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_riot_told_as_a_clash_has_rioters_on_both_sides(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "On Monday, about a dozen people were hurt in Tarsk in a clash between backers of two "
                          "rival mayoral hopefuls.")
    assert ev.type == "Riots"
    assert ev.actor1 is not None and ev.actor1.kind == "rioters"
    assert ev.actor2 is not None and ev.actor2.kind == "rioters"


def test_two_sides_under_one_head(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "Heavy fighting erupted between Sudanese and Chadian troops near Abeche on Monday.")
    assert ev.actor1 is not None and ev.actor2 is not None
    assert {ev.actor1.country, ev.actor2.country} == {"SD", "TD"}


def test_coordinated_subjects_of_a_fight(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "On Monday, insurgents and government soldiers fought for hours outside Tarsk.")
    assert ev.actor1 is not None and ev.actor1.kind == "rebels"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces"


def test_deployed_forces_are_the_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "On Monday, hundreds of soldiers were deployed to Tarsk after days of unrest.")
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"


def test_toll_in_the_next_sentence_names_the_victims(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "On Monday, army gunners pounded the outskirts of Tarsk with rockets. Two farmers died.")
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_a_dead_assailant_is_no_victim(pipeline) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, "On Monday, a guard shot a bank manager in Tarsk. The assailant was later killed.")
    assert ev.actor2 is None or ev.actor2.kind != "political_militia"


def test_an_agreement_harms_nobody(pipeline) -> None:  # type: ignore[no-untyped-def]
    evs = pipeline.extract(Article(id="t", text="On Monday, two rival clans in Tarsk signed a truce after a month of "
                                                 "feuding that killed nine herders.", published="2020-05-06"))
    for ev in evs:
        if ev.type == "Strategic developments":
            assert ev.actor2 is None or ev.actor2.kind != "civilians"


@pytest.mark.parametrize("text, doer, harmed", [
    # conjoined verbs share the subject of the first, and a passive conjunct makes it the harmed party
    ("Two traders left the market in Tarsk on Monday and were abducted and killed by gunmen.", "gunmen",
     "Two traders"),
    ("Four fishermen went to the river near Tarsk on Monday to check their nets and were ambushed and shot "
     "by militiamen.", "militiamen", "Four fishermen"),
])
def test_a_passive_conjunct_shares_the_first_verbs_subject_as_the_harmed(
        pipeline, text: str, doer: str, harmed: str) -> None:  # type: ignore[no-untyped-def]
    ev = _first(pipeline, text)
    assert ev.actor1 is not None and ev.actor1.text == doer
    assert ev.actor2 is not None and ev.actor2.text == harmed
