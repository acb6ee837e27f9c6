"""Issue 11 (detection): event verbs the pipeline missed — people captured in counted or actor phrases, ground
captured from an armed side, targeting and striking by an armed side, destruction from the air, more forces on
patrol, and headline verbs the parser reads as root nouns. Sentences our own; each with its look-alike non-event."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _subtypes(extractor: Extractor, text: str, trigger: str) -> list[str]:
    art = Article(id="t", text=text)
    return [e.subtype for e in extractor.extract(art) if (e.trigger or "").lower() == trigger]


@pytest.mark.parametrize("text", [
    "Police say three of the suspects were captured at dawn near Velmora.",  # a count "of" people
    "Many of them were captured near Tarsk last week.",
    "Border guards captured 40 smugglers near Ostrava on Monday.",  # people not in the word list: an actor noun
    "Police captured the kidnappers at a farm outside Delmar on Sunday.",
])
def test_people_captured_are_arrests(extractor: Extractor, text: str) -> None:
    assert _subtypes(extractor, text, "captured") == ["Arrests"]


def test_armed_side_capturing_from_another_takes_ground(extractor: Extractor) -> None:
    got = _subtypes(extractor, "The army captured a hilltop from the rebels near Korva on Monday.", "captured")
    assert got and got[0] in ("Government regains territory", "Non-state actor overtakes territory")


def test_a_series_of_towns_captured_is_territory(extractor: Extractor) -> None:
    got = _subtypes(extractor, "Insurgents captured a series of towns along the river on Tuesday.", "captured")
    assert got and got[0] in ("Government regains territory", "Non-state actor overtakes territory")


@pytest.mark.parametrize("text", [
    "Renko captured the title from Ashby in Madrid on Sunday.",
    "The photographer captured images of the parade in Lyon.",
])
def test_titles_and_images_captured_are_no_events(extractor: Extractor, text: str) -> None:
    assert _subtypes(extractor, text, "captured") == []


@pytest.mark.parametrize("text, trigger", [
    ("Gunmen targeted a police checkpoint in Kalmar on Friday.", "targeted"),
    ("Farming villages were targeted by militiamen in Dorne on Sunday.", "targeted"),
    ("Syrian troops advanced north of Tessa on Monday, targeting rebel positions outside the town.", "targeting"),
    ("Rebels struck an army outpost near Lindo on Tuesday.", "struck"),
])
def test_an_armed_side_targeting_or_striking_is_violence(extractor: Extractor, text: str, trigger: str) -> None:
    got = _subtypes(extractor, text, trigger)
    assert got and got[0] in ("Attack", "Armed clash")


@pytest.mark.parametrize("text, trigger", [
    ("The company targeted young voters with its adverts in Ohio.", "targeted"),
    ("Nurses struck for higher pay in Leeds on Monday.", "struck"),
    ("The campaign targeted first-time buyers across the region.", "targeted"),
])
def test_targeting_and_striking_without_an_armed_side_are_no_attacks(extractor: Extractor, text: str,
                                                                       trigger: str) -> None:
    assert "Attack" not in _subtypes(extractor, text, trigger)


def test_jets_destroying_a_base_are_an_air_strike(extractor: Extractor) -> None:
    got = _subtypes(extractor, "Air force jets destroyed a rebel base near Selo on Wednesday.", "destroyed")
    assert got == ["Air/drone strike"]


@pytest.mark.parametrize("text, trigger", [
    ("Two navy frigates have been patrolling the coast near Varna since Friday.", "patrolling"),
    ("About 300 guardsmen patrolled the centre of Corvo on Wednesday.", "patrolled"),
    ("Hundreds of soldiers patrol", "patrol"),  # a headline the parser reads as a noun phrase
])
def test_forces_on_patrol_are_a_strategic_development(extractor: Extractor, text: str, trigger: str) -> None:
    assert _subtypes(extractor, text, trigger) == ["Other"]


@pytest.mark.parametrize("text", [
    "Shoppers patrol",
    "The night patrol of the museum guards ends at six.",
])
def test_root_nouns_without_a_crowd_or_subject_stay_nouns(extractor: Extractor, text: str) -> None:
    assert _subtypes(extractor, text, "patrol") == []


@pytest.mark.parametrize("text, trigger", [
    ("The army continued its advance in the southern districts of Vessa on Monday.", "continued"),
    ("Rebels began their military operations in the countryside of Marro on Friday.", "began"),
])
def test_an_armed_side_carrying_on_its_offensive_is_fighting(extractor: Extractor, text: str, trigger: str) -> None:
    assert _subtypes(extractor, text, trigger) == ["Armed clash"]


@pytest.mark.parametrize("text, trigger", [
    ("The share index continued its advance on Monday in Frankfurt.", "continued"),
    ("The company began operations in Kenya last year.", "began"),
])
def test_advances_and_operations_without_an_armed_side_are_no_fighting(extractor: Extractor, text: str,
                                                                       trigger: str) -> None:
    assert _subtypes(extractor, text, trigger) == []


def test_an_encounter_with_rebels_is_a_clash(extractor: Extractor) -> None:
    text = "Two soldiers were wounded during an encounter with communist rebels near Mauban town, Quezon province on May 3."
    assert _subtypes(extractor, text, "encounter") == ["Armed clash"]


def test_a_chance_encounter_is_no_clash(extractor: Extractor) -> None:
    assert _subtypes(extractor, "She described her encounter with the actor in Paris on Monday.", "encounter") == []


def test_a_human_chain_is_a_protest(extractor: Extractor) -> None:
    text = "Nurses formed a human chain outside the main hospital in Tarsk on Monday."
    assert _subtypes(extractor, text, "formed") == ["Peaceful protest"]


@pytest.mark.parametrize("text, trigger, subtype", [
    ("Protests against bus fare increases.", "protests", "Peaceful protest"),
    ("Parents protest cuts to school funds", "protest", "Peaceful protest"),
    ("Protests over the planned sale of a protected forest", "protests", "Peaceful protest"),  # a participle, no verb
])
def test_verbless_protest_headlines_are_events(extractor: Extractor, text: str, trigger: str, subtype: str) -> None:
    assert _subtypes(extractor, text, trigger) == [subtype]


@pytest.mark.parametrize("text, trigger", [
    ("Attack on democracy", "attack"),
    ("The ceasefire agreement", "agreement"),
])
def test_verbless_headlines_of_other_nouns_are_no_events(extractor: Extractor, text: str, trigger: str) -> None:
    assert _subtypes(extractor, text, trigger) == []


def test_engaging_in_battles_tells_them(extractor: Extractor) -> None:
    text = "Police said on Monday that students engaged in running battles with officers in Kisumu."
    assert len(_subtypes(extractor, text, "battles")) == 1


def test_managed_to_capture_is_a_capture(extractor: Extractor) -> None:
    text = "The rebels managed to capture the town of Kafr Nabl on Monday."
    assert len(_subtypes(extractor, text, "capture")) == 1


def test_will_manage_to_capture_is_no_capture(extractor: Extractor) -> None:
    assert _subtypes(extractor, "The rebels will manage to capture the town of Kafr Nabl.", "capture") == []


def test_a_verbless_title_over_a_story_adds_no_event(extractor: Extractor) -> None:
    text = "Protests over fuel prices\n\nThousands of people marched in Monrovia on Sunday against fuel prices."
    assert _subtypes(extractor, text, "protests") == []
    assert len(_subtypes(extractor, text, "marched")) == 1
