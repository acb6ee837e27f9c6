"""ACLED's conventions for a riot's or a protest's second actor and for who acts in political violence
(events/defaults.py): the force that met a riot, the crowd of a counter-protest, the harmed of one-sided violence
as civilians, the unnamed doer of an attack as an armed group. Sentences our own."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _first(extractor: Extractor, text: str):  # noqa: ANN202
    evs = [e for e in extractor.extract(Article(id="t", text=text, published="2021-03-02")) if not e.historical]
    assert evs, text
    return evs[0]


@pytest.mark.parametrize("text", [
    "Rioters torched a lorry in Kisii on Monday. Police lobbed tear gas canisters to break them up.",
    "Traders hurled rocks at a tax office in Kano on Friday until soldiers arrived and fired into the air.",
])
def test_the_force_told_with_a_riot_is_its_second_actor(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.type == "Riots"
    assert ev.actor1 is not None and ev.actor1.kind == "rioters"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces"


def test_a_riot_with_no_force_gets_none_from_another_paragraph(extractor: Extractor) -> None:
    ev = _first(extractor, "Rioters torched a lorry in Kisii on Monday.\n\n"
                           "Separately, the police chief of Nakuru retired after thirty years.")
    assert ev.type == "Riots"
    assert ev.actor2 is None or ev.actor2.kind != "state_forces"


@pytest.mark.parametrize("text", [
    "About two hundred people rallied for the mayor in Tulsa on Saturday. Counter-protesters stood across the road.",
    "Nurses held a rally for better pay in Leeds on Sunday while a small counter demonstration gathered nearby.",
])
def test_a_counter_protest_is_the_second_actor(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.type == "Protests"
    assert ev.actor2 is not None and ev.actor2.kind == "protesters"


def test_a_protest_alone_has_no_second_actor(extractor: Extractor) -> None:
    ev = _first(extractor, "About two hundred people rallied for the mayor in Tulsa on Saturday.")
    assert ev.type == "Protests" and ev.actor2 is None


@pytest.mark.parametrize("text", [
    "Two student activists were shot dead by unknown assailants in Sylhet on Friday.",
    "An activist of the opposition party was stabbed to death in Dhaka on Monday.",
])
def test_a_crowd_member_harmed_in_one_sided_violence_is_a_civilian(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.type == "Violence against civilians"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians" and ev.actor2.name.startswith("Civilians (")
    assert ev.actor2.text  # the words that named the harmed stay


@pytest.mark.parametrize("text", [
    "A mob burned down the hut of a woman accused of witchcraft in Kilifi on Thursday.",
    "A mob burned a car in Kakamega on Sunday.",
])
def test_a_mob_that_met_no_force_and_no_other_side_harmed_civilians(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.type == "Riots" and ev.subtype == "Mob violence"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


@pytest.mark.parametrize("text", [
    "Two men on a motorbike shot a school principal dead in Marawi on Wednesday.",
    "Several persons armed with machetes attacked a farmer in Benue on Wednesday.",
])
def test_whoever_does_political_violence_is_an_armed_party(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.type == "Violence against civilians"
    assert ev.actor1 is not None and ev.actor1.kind == "political_militia"
    assert ev.actor1.name.startswith("Unidentified Armed Group (")
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_police_shooting_protesters_is_not_the_crowd_on_both_sides(extractor: Extractor) -> None:
    # ACLED's excessive force against protesters: the protesters are actor1, the force that fired actor2
    ev = _first(extractor, "Police shot dead three protesters in Mombasa on Tuesday.")
    assert ev.actor1 is not None and ev.actor2 is not None
    assert {ev.actor1.kind, ev.actor2.kind} == {"protesters", "state_forces"}


@pytest.mark.parametrize("text", [
    "On 4 May 2021, the Ukrainian Forces shelled a militia trench line outside Popasna with mortars.",
    "On 4 May 2021, the Ukrainian Armed Forces shelled a militia trench line outside Popasna.",
])
def test_a_capitalised_plural_force_is_named_like_the_common_noun(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor1.name.startswith("Military Forces of Ukraine")


def test_a_named_group_called_forces_is_not_a_states_army(extractor: Extractor) -> None:
    ev = _first(extractor, "The Syrian Democratic Forces shelled positions of the army near Raqqa on Monday.")
    assert ev.actor1 is not None and ev.actor1.kind != "state_forces"


@pytest.mark.parametrize("text", [
    "A man died on Monday after being beaten by police officers in Nakuru.",
    "A trader died in Kano on Monday after he was shot by soldiers.",
])
def test_who_did_what_the_harmed_died_of_is_actor1(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


@pytest.mark.parametrize("text", [
    "The teacher's murder in Kisumu on Monday shocked the town.",
    "The reporter's abduction in Gao on Monday was condemned by the union.",
])
def test_the_possessor_of_a_murder_is_the_one_it_befell(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.actor2 is not None and ev.actor2.kind == "civilians" and "'s" in ev.actor2.text
    assert ev.actor1 is None or "'s" not in ev.actor1.text


@pytest.mark.parametrize("text", [
    "Rivals in a land dispute hacked a farmer to death in Madaripur on Monday.",
    "Gunmen shot dead two men in a long-running feud in Marawi on Monday.",
])
def test_the_unnamed_hand_of_a_local_feud_is_a_communal_militia(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.type == "Violence against civilians"
    assert ev.actor1 is not None and ev.actor1.kind == "identity_militia"


def test_gunmen_with_no_feud_stay_an_unidentified_armed_group(extractor: Extractor) -> None:
    ev = _first(extractor, "Gunmen shot dead two men in Marawi on Monday.")
    assert ev.actor1 is not None and ev.actor1.kind == "political_militia"


@pytest.mark.parametrize("text", [
    "Militants looted shops and torched a warehouse in Djibo on Sunday.",
])
def test_what_was_looted_belonged_to_civilians(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.subtype == "Looting/property destruction"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_the_unnamed_arrested_are_civilians(extractor: Extractor) -> None:
    ev = _first(extractor, "Police arrested 14 in Nairobi on Monday after the unrest.")
    assert ev.subtype == "Arrests"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


def test_a_battle_with_one_side_found_takes_the_force_its_sentences_name(extractor: Extractor) -> None:
    ev = _first(extractor, "Two militants died in a shootout in Rajshahi on Monday. Police recovered two rifles "
                           "at the scene.")
    assert ev.type == "Battles"
    assert {ev.actor1.kind if ev.actor1 else None, ev.actor2.kind if ev.actor2 else None} == {"rebels", "state_forces"}


@pytest.mark.parametrize("text", [
    "Police are investigating the trader's killing in Kano on Monday.",
    "The union condemned the attack on a reporter in Gao on Monday.",
])
def test_who_responds_to_an_event_did_not_do_it(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.actor1 is None or ev.actor1.kind != "state_forces" and "union" not in ev.actor1.text.lower()


def test_a_riot_whose_sentence_tells_a_scuffle_has_rioters_on_both_sides(extractor: Extractor) -> None:
    ev = _first(extractor, "Five people were injured in Kaliakoir on Saturday after supporters of a candidate "
                           "attacked a rally, and a scuffle followed.")
    assert ev.type == "Riots"
    assert ev.actor2 is not None and ev.actor2.kind == "rioters"


def test_a_riot_told_as_a_clash_with_police_has_the_police_as_actor2(extractor: Extractor) -> None:
    ev = _first(extractor, "Rioting villagers injured six people in Itna on Monday before a clash with police broke "
                           "out.")
    assert ev.type == "Riots"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces"


@pytest.mark.parametrize("text, force", [
    ("Teachers marched to the ministry in Lusaka on Monday, and soldiers dispersed the marchers with tear gas.",
     "Military Forces of"),
    ("About forty people rallied in Kisumu on Sunday against a new tax before police dispersed the crowd.",
     "Police Forces of"),
])
def test_the_force_that_intervened_in_a_protest_is_actor2_not_the_crowd(extractor: Extractor, text: str,
                                                                         force: str) -> None:
    ev = _first(extractor, text)
    assert ev.subtype == "Protest with intervention"
    assert ev.actor1 is not None and ev.actor1.kind == "protesters"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces" and ev.actor2.name.startswith(force)


def test_excessive_force_has_the_force_as_actor2(extractor: Extractor) -> None:
    ev = _first(extractor, "Police shot dead three protesters in Mombasa on Tuesday.")
    assert ev.subtype == "Excessive force against protesters"
    assert ev.actor2 is not None and ev.actor2.name.startswith("Police Forces of")


@pytest.mark.parametrize("text, name", [
    ("US forces killed two fighters in a raid near Raqqa on Sunday.", "Military Forces of United States"),
    ("U.S. troops killed two fighters in a raid near Raqqa on Sunday.", "Military Forces of United States"),
    ("UK forces shelled fighters' positions near Basra on Sunday.", "Military Forces of United Kingdom"),
])
def test_a_country_short_name_before_forces_names_that_state(extractor: Extractor, text: str, name: str) -> None:
    # a short name or abbreviation written like a nationality names a foreign state's forces, never the forces of
    # the country where it happened
    ev = _first(extractor, text)
    assert ev.actor1 is not None and ev.actor1.name == name and ev.actor1.kind == "external"


def test_the_pronoun_us_is_no_country(extractor: Extractor) -> None:
    ev = _first(extractor, "Protesters told us police fired tear gas in Nairobi on Monday.")
    assert all(a is None or "United States" not in a.name for a in (ev.actor1, ev.actor2))


@pytest.mark.parametrize("text", [
    "The Syrian Arab Army shelled rebel positions near Idlib on Monday, a monitor said.",
    "Tiger Forces units pounded rebel positions near Hama on Monday with artillery.",
])
def test_the_syrian_army_by_its_own_name_is_the_state(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces" and ev.actor1.name == "Military Forces of Syria"


@pytest.mark.parametrize("text", [
    "Government forces retook Palmyra on Tuesday, state media said.",
    "Troops seized the village of Kafr Dael on Monday after heavy fighting.",
])
def test_the_ground_taken_is_no_second_actor(extractor: Extractor, text: str) -> None:
    ev = _first(extractor, text)
    assert ev.subtype.endswith("territory"), ev.subtype
    assert ev.actor2 is None or ev.actor2.kind != "unknown", ev.actor2
