"""Issue 11, event detection on unseen news: general triggers of English and of the domain (sentences our own)."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _events(extractor: Extractor, text: str, trigger: str) -> list[str]:
    art = Article(id="t", text=text)
    return [f"{e.type}: {e.subtype}" for e in extractor.extract(art) if (e.trigger or "").lower() == trigger]


@pytest.mark.parametrize("text,trigger", [
    ("Rebels captured Goma on Tuesday after two days of fighting.", "captured"),
    ("Insurgents seized Kunduz on Monday.", "seized"),
])
def test_a_named_place_captured_is_territory_taken(extractor: Extractor, text: str, trigger: str) -> None:
    assert _events(extractor, text, trigger) == ["Battles: Non-state actor overtakes territory"]


def test_a_village_named_only_as_where_it_happened_is_not_taken(extractor: Extractor) -> None:
    # the village is where it happened ("in a village"), not what was taken: a hostage-taking
    got = _events(extractor, "In a nearby village, rebels took a family hostage on Thursday.", "took")
    assert got == ["Violence against civilians: Abduction/forced disappearance"]


def test_a_town_taken_as_the_object_is_territory(extractor: Extractor) -> None:
    got = _events(extractor, "Rebels took control of the town of Barra on Monday.", "took")
    assert got == ["Battles: Non-state actor overtakes territory"]


def test_an_offensive_launched_is_fighting(extractor: Extractor) -> None:
    got = _events(extractor, "The army launched an offensive on the village of Tama on Sunday.", "launched")
    assert got == ["Battles: Armed clash"]


def test_an_offensive_summed_up_is_no_new_trigger(extractor: Extractor) -> None:
    text = "The offensive in the region has killed more than 1,600 civilians."
    assert _events(extractor, text, "offensive") == []


@pytest.mark.parametrize("text,trigger", [
    ("Two shootings left three people dead in the city on Friday.", "shootings"),
    ("A shooting at a bar killed two men on Friday.", "shooting"),
])
def test_a_shooting_is_an_attack(extractor: Extractor, text: str, trigger: str) -> None:
    assert "Violence against civilians: Attack" in _events(extractor, text, trigger)


@pytest.mark.parametrize("text", [
    "Hundreds of protesters blocked the main highway on Tuesday.",
    "Protesters blocked the entrance to the refinery on Tuesday.",
])
def test_protesters_blocking_a_road_protest_peacefully(extractor: Extractor, text: str) -> None:
    assert _events(extractor, text, "blocked") == ["Protests: Peaceful protest"]


def test_a_road_blocked_with_burning_tyres_is_a_riot(extractor: Extractor) -> None:
    got = _events(extractor, "Protesters blocked the road with burning tyres on Tuesday.", "blocked")
    assert got == ["Riots: Violent demonstration"]


@pytest.mark.parametrize("text", [
    "Germany captured the silver medal on Saturday.",
    "The photographer captured the moment on film.",
])
def test_captured_medals_and_moments_are_no_events(extractor: Extractor, text: str) -> None:
    assert _events(extractor, text, "captured") == []


@pytest.mark.parametrize("text", [
    "Troops captured two Palestinians in a village near the border on Monday.",
    "Police captured three people at a farm on Sunday.",
])
def test_people_captured_by_state_forces_are_arrested(extractor: Extractor, text: str) -> None:
    assert _events(extractor, text, "captured") == ["Strategic developments: Arrests"]


def test_a_share_of_a_country_captured_is_territory(extractor: Extractor) -> None:
    got = _events(extractor, "By March the rebels had captured about a third of Zaire.", "captured")
    assert got == ["Battles: Non-state actor overtakes territory"]


@pytest.mark.parametrize("text,trigger", [
    ("In the town, police officers joined residents at a peaceful protest in front of the town hall.", "protest"),
    ("Hundreds of students took part in a protest outside the ministry on Monday.", "took"),
])
def test_a_protest_people_joined_happened(extractor: Extractor, text: str, trigger: str) -> None:
    assert _events(extractor, text, trigger) == ["Protests: Peaceful protest"]


def test_killed_in_an_attack_is_one_event(extractor: Extractor) -> None:
    art = Article(id="t", text="Two men were killed in an attack on a bus in the city on Monday.")
    assert len(extractor.extract(art)) == 1


def test_a_factory_shelled_is_no_industrial_accident(extractor: Extractor) -> None:
    text = "On Thursday, foreign forces destroyed a textile factory in the south of the city, firing five artillery shells into it."
    assert extractor.extract(Article(id="t", text=text)) != []


def test_a_factory_fire_is_no_conflict_event(extractor: Extractor) -> None:
    text = "A fire at a textile factory in the city killed five workers on Thursday."
    assert extractor.extract(Article(id="t", text=text)) == []


@pytest.mark.parametrize("text", [
    "Foreign forces captured Dalmor on Monday, according to a statement.",
    "Varlek was captured in the north of the country in June.",
])
def test_a_name_captured_by_forces_or_with_no_taker_is_an_arrest(extractor: Extractor, text: str) -> None:
    assert _events(extractor, text, "captured") == ["Strategic developments: Arrests"]


def test_a_capital_captured_is_territory(extractor: Extractor) -> None:
    got = _events(extractor, "Rebel forces captured the capital on Wednesday.", "captured")
    assert got == ["Battles: Non-state actor overtakes territory"]


@pytest.mark.parametrize("text", [
    "The foreign ministry has lodged a strong protest with the embassy, a spokesman said on Tuesday.",
    "Police dismantled the tents on Thursday, a move that ended weeks of rallies.",
])
def test_diplomatic_protests_and_moves_are_no_demonstrations_or_deployments(extractor: Extractor, text: str) -> None:
    got = [f"{e.type}: {e.subtype}" for e in extractor.extract(Article(id="t", text=text))]
    assert not any(g.startswith("Protests: Peaceful") or g.endswith("Change to group/activity")
                   or g.endswith("Disrupted weapons use") for g in got)


def test_a_demonstrators_camp_dismantled_by_police_is_an_intervention(extractor: Extractor) -> None:
    text = "Police dismantled the protesters' camp outside parliament on Thursday."
    assert _events(extractor, text, "dismantled") == ["Protests: Protest with intervention"]


def test_a_demonstration_people_held_is_no_complaint(extractor: Extractor) -> None:
    text = "Thousands of workers held a protest outside the ministry on Tuesday."
    assert [f"{e.type}" for e in extractor.extract(Article(id="t", text=text))] == ["Protests"]


def test_forces_on_alert_for_attacks_is_no_attack(extractor: Extractor) -> None:
    text = "Officials said security forces were on alert for attacks during the holiday month, which began in early May."
    assert extractor.extract(Article(id="t", text=text)) == []


def test_a_name_told_as_a_town_captured_is_territory(extractor: Extractor) -> None:
    text = "Dalmor, a mainly Arab town of about 100,000 people, was captured by the rebels in August after a long siege."
    assert _events(extractor, text, "captured") == ["Battles: Non-state actor overtakes territory"]


def test_responsibility_claimed_for_dated_bombings_keeps_them(extractor: Extractor) -> None:
    text = "Rebels claimed responsibility for March 3 bombings in the capital that killed 12 people."
    got = [f"{e.type}: {e.subtype}" for e in extractor.extract(Article(id="t", text=text))]
    assert got and all(g.startswith("Explosions/Remote violence") for g in got)


# ---- detection from large data (helper "detect"): parse shapes and words the trigger lists missed

def _any(extractor: Extractor, text: str) -> list[str]:
    return [f"{e.type}: {e.subtype}" for e in extractor.extract(Article(id="t", text=text)) if not e.historical]


@pytest.mark.parametrize("text,trigger", [
    ("Soldiers claimed to have killed four rebels in the district today.", "killed"),
    ("The militia is believed to have abducted two aid workers near the border on Friday.", "abducted"),
])
def test_a_perfect_infinitive_tells_a_thing_done(extractor: Extractor, text: str, trigger: str) -> None:
    assert _events(extractor, text, trigger)


def test_a_perfect_infinitive_describing_someone_is_no_new_happening(extractor: Extractor) -> None:
    text = "Police arrested three men believed to have attacked a guard in the city last month."
    assert _events(extractor, text, "attacked") == []


def test_a_plain_infinitive_stays_a_plan(extractor: Extractor) -> None:
    assert _events(extractor, "Soldiers went to the district to kill four rebels.", "kill") == []


@pytest.mark.parametrize("text", [
    "The bodies of ten men were found in a ditch outside the town on Monday.",
    "Police said they discovered two bodies with gunshot wounds near the market.",
])
def test_bodies_found_are_a_killing(extractor: Extractor, text: str) -> None:
    assert "Violence against civilians: Attack" in _any(extractor, text)


def test_bodies_found_after_a_told_strike_are_its_dead(extractor: Extractor) -> None:
    text = ("An air strike hit the market in the town on Monday. "
            "Rescuers later found the bodies of twelve people under the rubble.")
    assert "Violence against civilians: Attack" not in _any(extractor, text)


@pytest.mark.parametrize("text,trigger,want", [
    ("A brawl between two groups of traders at the market on Tuesday left six hurt.", "brawl", "Riots"),
    ("An altercation broke out between supporters of the two candidates at a polling station.", "altercation", "Riots"),
    ("The opposition enforced a dawn-to-dusk hartal across the district on Sunday.", "hartal", "Protests"),
])
def test_words_derived_from_event_notes(extractor: Extractor, text: str, trigger: str, want: str) -> None:
    assert any(t.startswith(want) for t in _events(extractor, text, trigger))


def test_gunfire_dodged_is_no_battle(extractor: Extractor) -> None:
    # gunfire is the means of a happening told by other words (who shot at whom), not a happening of its own
    text = "In the port city, crowds of marchers dodged gunfire on Friday."
    assert _events(extractor, text, "gunfire") == []
