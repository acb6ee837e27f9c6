"""One event per happening (issue 11, item 4), round 8: a toll told by another source joins the happening whose
means it names; a happening told as already known ("launched the offensive", "the area that was attacked")
refers back; a relative clause that characterizes its noun is no happening. Test sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

from sitrep.nlp.numbers import parse_count

pytestmark = pytest.mark.model


BOMBING = ("Market bombing\n\nA suicide bomber blew himself up at a crowded market in Gbarnga on Tuesday, killing "
           "dozens of people, police said. The market was packed with traders. Witnesses described scenes of panic. ")


def test_a_toll_told_by_another_source_joins_the_bombing_at_its_town_and_day(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, BOMBING + "Ambulances rushed to the scene. Health officials said more than 40 people were "
                                  "killed in Gbarnga on Tuesday and dozens more were wounded.")
    assert len(evs) == 1 and evs[0].subtype == "Suicide bomb", _brief(evs)
    assert evs[0].killed is not None and evs[0].killed.best == 41, evs[0].killed  # a number beats "dozens"


def test_another_attack_that_day_stays_a_happening_of_its_own(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, BOMBING + "In another attack, gunmen killed at least 30 people in Gbarnga on Tuesday.")
    assert len(evs) == 2, _brief(evs)


def test_tolls_overlap_and_agree() -> None:
    from sitrep.events.merge import tolls_agree, tolls_overlap

    c = parse_count
    assert tolls_overlap(c("at least 50"), c("more than 40")) and tolls_overlap(c("dozens"), c("41"))
    assert not tolls_overlap(c("20"), c("4")) and not tolls_overlap(c("at least 20"), c("4"))
    assert tolls_agree(c("dozens"), c("41")) and tolls_agree(c("five"), c("5"))
    assert not tolls_agree(c("at least 50"), c("more than 40"))


@pytest.mark.parametrize("text", [
    # the light verb's definite object presents the offensive as one told before
    "Army offensive\n\nSoldiers launched an offensive against rebels around Zorzor on Monday, residents said. Heavy "
    "fighting was reported near the town. Officials gave no toll. Aid groups said families had fled. Food prices "
    "rose in the capital. The rebels' spokesman said his men had held their ground since the army launched the "
    "offensive.",
    # a restrictive relative clause of a definite noun presupposes its happening
    "Liberia unrest\n\nSoldiers clashed with rebels in northern Liberia on Wednesday, residents said. The rebels "
    "had no fighters in the district that was attacked on Wednesday, an officer said.",
])
def test_a_happening_told_as_already_known_is_the_one_told_before(pipe, text) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert len(evs) == 1 and evs[0].type == "Battles", _brief(evs)
    assert len(evs[0].evidence) >= 2, _brief(evs)


@pytest.mark.parametrize("text", [
    "Post attacked\n\nRebels attacked an army post in Gbarnga on Monday, killing three soldiers. The rebels came "
    "from Zorzor, where they have been fighting the army.",
    "Protest\n\nHundreds of people marched in Gbarnga on Sunday to demand justice for a man shot by police. The "
    "organisers belong to a movement that has staged protests in Zorzor.",
])
def test_a_relative_clause_that_characterizes_its_noun_tells_no_happening(pipe, text) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert [e.where.name for e in evs if e.where is not None] == ["Gbarnga"], _brief(evs)
    assert all("Zorzor" not in v.text for e in evs for v in e.evidence), _brief(evs)


BUS = ("Bus bombing\n\nA suicide bomber blew up a bus in Gbarnga on Monday, killing 14 people, officials said. {} "
       "The governor called for calm. Schools were closed for the day. Hospitals asked for blood donors. "
       "Markets stayed shut. Witnesses said an explosion tore through a market on Monday morning.")


def test_a_placeless_telling_of_the_day_joins_the_one_town_that_day(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, BUS.format("The bus was carrying workers to a factory."))
    assert len(evs) == 1 and evs[0].subtype == "Suicide bomb", _brief(evs)
    assert any("explosion tore" in v.text for v in evs[0].evidence), _brief(evs)


def test_a_placeless_telling_of_a_day_with_two_towns_joins_neither(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, BUS.format("A car bomb exploded in Zorzor on Monday, killing two soldiers."))
    assert len(evs) == 3, _brief(evs)


def test_victims_told_in_a_definite_fight_are_its_toll(pipe) -> None:  # noqa: ANN001
    # "the fighting" refers back to the clash told before, a mob's clash though the noun alone reads as a battle
    evs = _events(pipe, "Clash\n\nOn Monday, two rival groups of farmers fought over grazing land at the cattle market "
                        "in Gbarnga. Two people were wounded in the fighting.")
    assert len(evs) == 1 and evs[0].injured is not None and evs[0].injured.best == 2, _brief(evs)


RALLY = ("Rally\n\nOn Friday, about 200 people staged a protest outside a supermarket in Dover (Kent, Delaware) "
         "against rising fuel prices. ")


def test_a_place_borrowed_from_the_telling_before_is_no_other_scene(pipe) -> None:  # noqa: ANN001
    # the second sentence names no place: the one it borrows is the first sentence's, however resolved
    evs = _events(pipe, RALLY + "The rally went on through the afternoon and into the evening.")
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "Dover", _brief(evs)


def test_a_place_of_its_own_is_another_scene(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, RALLY + "A larger rally took place in the evening in Wilmington.")
    assert sorted(e.where.name for e in evs if e.where is not None) == ["Dover", "Wilmington"], _brief(evs)


STUDENTS = ("Clash\n\nOn Monday night, two groups of students clashed at the university in Gbarnga, leaving four "
            "people injured. ")


def test_a_clash_told_again_by_its_noun_is_one_fight(pipe) -> None:  # noqa: ANN001
    # a mob's clash (Riots), then "the clashes" (a noun that alone reads as an armed clash): one fight
    evs = _events(pipe, STUDENTS + "The clashes went on for two hours.")
    assert len(evs) == 1 and len(evs[0].evidence) == 2, _brief(evs)


def test_another_clash_stays_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, STUDENTS + "Another clash broke out near the market.")
    assert not any(len([v for v in e.evidence if "groups of students" in v.text or "Another" in v.text]) == 2
                   for e in evs), _brief(evs)
