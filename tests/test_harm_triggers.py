"""Issue 11 (round 3), detection on unseen news: people wounded or injured are a violent happening; sport, a
figurative "hurt" and a further toll are not new ones; a dateline is no party; an unnamed hand hurting officers
is no riot by itself (sentences our own)."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _events(extractor: Extractor, text: str) -> list:
    return list(extractor.extract(Article(id="t", text=text)))


def _types(extractor: Extractor, text: str) -> list[str]:
    return [f"{e.type}: {e.subtype}" for e in _events(extractor, text)]


@pytest.mark.parametrize("text,want", [
    ("Six villagers were wounded in Tawila on Thursday.", "Violence against civilians: Attack"),
    ("Two traders were injured at the cattle market in Bunia on Sunday.", "Violence against civilians: Attack"),
    ("Nine shoppers were wounded by mortar fire in Marawi on Tuesday.",
     "Explosions/Remote violence: Shelling/artillery/missile attack"),
    ("Four soldiers were injured when their truck hit a mine near Gao on Monday.",
     "Explosions/Remote violence: Remote explosive/landmine/IED"),
])
def test_people_wounded_are_a_happening(extractor: Extractor, text: str, want: str) -> None:
    assert _types(extractor, text) == [want]


def test_the_wounded_count_for_the_event(extractor: Extractor) -> None:
    (ev,) = _events(extractor, "Six villagers were wounded in Tawila on Thursday.")
    assert ev.injured is not None and ev.injured.best == 6
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


@pytest.mark.parametrize("text", [
    "The winger injured his ankle in training on Monday.",  # a body part, not people harmed
    "Two players were injured in the match in Turin on Sunday.",  # sport
    "Jones was injured in the second half of the game in Cardiff on Saturday.",
    "The new tariffs hurt farmers in Ohio last year.",  # "hurt" is left out: most often figurative
    "Her pride was wounded by the vote in Lyon on Friday.",
])
def test_harm_that_is_no_political_violence(extractor: Extractor, text: str) -> None:
    assert _types(extractor, text) == []


def test_violence_at_a_match_stays(extractor: Extractor) -> None:
    got = _types(extractor, "Three players were injured when gunmen fired on their bus after the match in Quetta on Friday.")
    assert got and all(t.split(":")[0] != "Strategic developments" for t in got)


def test_wounded_in_a_clash_keep_the_clash_parties(extractor: Extractor) -> None:
    # the clash tells the happening; the wounded are its toll (its parties and its count, one event)
    (ev,) = _events(extractor, "On Monday seven students in Rajshahi were injured in a clash of the two campus factions.")
    assert ev.trigger.lower() == "clash"
    assert ev.injured is not None and ev.injured.best == 7


def test_wounded_in_the_clashes_told_alone_is_the_event(extractor: Extractor) -> None:
    got = _types(extractor, "Three fighters were injured in the clashes, a commander said.")
    assert got == ["Battles: Armed clash"]


def test_a_further_toll_is_of_the_happening_told_before(extractor: Extractor) -> None:
    text = ("On Sunday a car bomb went off beside a bank in Kirkuk, killing four people. "
            "Another 15 were injured and taken to a clinic in Kirkuk.")
    assert _types(extractor, text) == ["Explosions/Remote violence: Remote explosive/landmine/IED"]


def test_a_further_toll_with_nothing_before_is_still_an_event(extractor: Extractor) -> None:
    assert _types(extractor, "Another 15 people were wounded in Kirkuk on Sunday.") == ["Violence against civilians: Attack"]


def test_officers_wounded_by_an_unnamed_hand_are_no_riot(extractor: Extractor) -> None:
    text = "Gunmen raided a police post in Katsina on Tuesday. Two officers were wounded."
    evs = _events(extractor, text)
    assert [f"{e.type}: {e.subtype}" for e in evs] == ["Battles: Armed clash"]


def test_officers_hurt_in_a_scuffle_with_youths_is_a_riot(extractor: Extractor) -> None:
    got = _types(extractor, "Two officers were injured in Accra on Tuesday when youths clashed with them and threw stones.")
    assert got and got[0].startswith("Riots")


def test_a_detonated_explosive_is_an_explosion(extractor: Extractor) -> None:
    got = _types(extractor, "Militants detonated an explosive at a customs office in Garowe, injuring one guard.")
    assert got == ["Explosions/Remote violence: Remote explosive/landmine/IED"]


def test_a_dateline_is_no_party(extractor: Extractor) -> None:
    (ev,) = _events(extractor, "KAMPALA, Uganda — Armed terrorists stormed a hotel in Kampala on Friday, killing nine guests.")
    assert ev.actor1 is not None and ev.actor1.text.lower().endswith("terrorists")
    assert ev.actor1.kind == "rebels"
    assert f"{ev.type}: {ev.subtype}" == "Violence against civilians: Attack"


def test_a_party_named_league_is_no_sport(extractor: Extractor) -> None:
    # "league", "season", "game" name parties and times as often as sport: they do not drop an attack
    got = _types(extractor, "Youth league activists hacked a shopkeeper with machetes in Feni during the rainy season.")
    assert got and got[0] != "none"


def test_wounded_in_the_attack_told_before_go_to_it(extractor: Extractor) -> None:
    text = ("Gunmen attacked a bus station in Jos on Monday, killing four travellers. "
            "Nine were wounded in the attack, a police spokesman said.")
    (ev,) = _events(extractor, text)
    assert ev.injured is not None and ev.injured.best == 9


@pytest.mark.parametrize("text", [
    "Heavy gunfire erupted at the army barracks in Bouake on Thursday.",
    "A fierce firefight broke out near the customs post in Torkham on Monday.",
])
def test_gunfire_that_erupted_is_a_clash(extractor: Extractor, text: str) -> None:
    assert _types(extractor, text) == ["Battles: Armed clash"]


@pytest.mark.parametrize("text", [
    "Anger erupted in the village of Kolda on Monday.",  # no shots told
    "Talks broke down in Geneva on Monday.",
])
def test_what_erupted_without_shots_is_no_clash(extractor: Extractor, text: str) -> None:
    assert "Battles: Armed clash" not in _types(extractor, text)


def test_forces_moving_in_to_disperse_a_protest_intervene(extractor: Extractor) -> None:
    got = _types(extractor, "Riot police moved in to disperse demonstrators outside the town hall in Osh on Sunday.")
    assert got == ["Protests: Protest with intervention"]


def test_forces_deployed_ahead_of_a_rally_are_a_movement(extractor: Extractor) -> None:
    got = _types(extractor, "Troops were deployed in Khulna on Sunday ahead of an opposition rally.")
    assert got == ["Strategic developments: Change to group/activity"]
