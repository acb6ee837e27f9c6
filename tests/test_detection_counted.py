"""Issue 11, detection round 4: trigger words and constructions counted on the tuning data (Halterman's non-RELABEL
items with no event, ACLED train notes with no event). Each test sentence is our own."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _types(extractor: Extractor, text: str) -> list[str]:
    return [f"{e.type}: {e.subtype}" for e in extractor.extract(Article(id="t", text=text))]


@pytest.mark.parametrize("text", [
    "About forty nurses gathered outside the town hall in Leeds on Monday to protest the closure of the ward.",
    "The crowd gathered to demand that the jailed chief be freed in Kano on Monday.",
    "Teachers hit the streets in protest in Accra on Wednesday.",
    "Party activists brought out processions in Sylhet on Monday in support of the strike.",
    "The opposition lawmakers staged a walk out over the speaker's ruling on Tuesday.",
    "On Saturday, about 60 supporters of the mayor held a car caravan through Tulsa against the mask rule.",
    "Workers of the jute mill blocked the highway in Khulna on Wednesday demanding their wages.",
    "Residents barricaded the main road in Owerri on Tuesday to protest a trader's murder.",
])
def test_gatherings_for_a_cause_are_protests(extractor: Extractor, text: str) -> None:
    assert _types(extractor, text) == ["Protests: Peaceful protest"]


@pytest.mark.parametrize("text", [
    "The players gathered in the locker room on Sunday to celebrate the win.",
    "Hundreds of mourners joined the funeral procession in the village on Friday.",
    "He threw the ball to his brother in the garden on Sunday.",
    "The alarm went off at six in the morning.",
    "He cut the bread with a knife on Sunday.",
    "The opposition whipped up support in the capital on Monday.",
    "Police closed the road over security concerns on Monday.",
    "Some were throwing bottles while the band played on.",
])
def test_look_alikes_are_no_events(extractor: Extractor, text: str) -> None:
    assert _types(extractor, text) == []


@pytest.mark.parametrize("text,want", [
    ("Angry villagers stoned two suspected cattle thieves to death in Kisii on Friday.", "Riots: Mob violence"),
    ("Youths pelted the minister's convoy with stones in Jos on Tuesday.", "Riots: Mob violence"),
    # no demonstration told: mob violence (ACLED train notes coded Riots telling stones thrown at the police or
    # troops and no demonstration or riot word: 37 Mob violence, 4 Violent demonstration; typing's last refine rule)
    ("Youths pelted officers with stones in Jos on Tuesday.", "Riots: Mob violence"),
    ("Protesters hurled rocks at riot police outside parliament in Nairobi on Monday.", "Riots: Violent demonstration"),
])
def test_stones_thrown_are_a_riot(extractor: Extractor, text: str, want: str) -> None:
    assert _types(extractor, text) == [want]


def test_a_hyphened_participle_is_no_second_trigger(extractor: Extractor) -> None:
    # the youths are described as stone-throwing: the event is the tear gas fired at them, once
    got = _types(extractor, "Police fired tear gas at stone-throwing youths in Srinagar on Friday.")
    assert got == ["Protests: Protest with intervention"]


@pytest.mark.parametrize("text,want", [
    ("The mayor's car came under attack from masked youths near Enugu on Sunday.", "Violence against civilians"),
    ("An explosive device went off near a market in Mogadishu on Monday.", "Explosions/Remote violence"),
    ("The rebels burned down five sawmills in Assam on Thursday.", "Strategic developments"),
    ("The rebels continued their offensive in the hills east of Kidal on Saturday.", "Battles"),
    ("Attackers chopped a farmer with machetes in Kogi on Sunday.", "Violence against civilians"),
    ("Religious police publicly flogged two men in Banda Aceh on Friday for gambling.", "Violence against civilians"),
])
def test_phrasal_event_verbs(extractor: Extractor, text: str, want: str) -> None:
    got = _types(extractor, text)
    assert len(got) == 1 and got[0].startswith(want)


@pytest.mark.parametrize("text,want", [
    ("The protesters stopped lorries that carry cane to the factory from entering the compound.", "Protests: Peaceful protest"),
    ("Demonstrators disrupted traffic in central Lima on Thursday.", "Protests: Peaceful protest"),
    ("The army stopped the protesters at the bridge on Monday.", "Protests: Protest with intervention"),
    ("Another large protest camp near the station was cleared last week, the paper reported.",
     "Protests: Protest with intervention"),
])
def test_who_stops_or_clears_tells_protest_from_intervention(extractor: Extractor, text: str, want: str) -> None:
    assert _types(extractor, text) == [want]


def test_tents_cleared_with_no_protest_are_no_event(extractor: Extractor) -> None:
    assert _types(extractor, "Workers dismantled the refugee camp tents after the storm on Monday.") == []


@pytest.mark.parametrize("text", [
    "Youths burned tyres and blocked roads in Kisumu on Monday.",
    "Residents burnt tires on the main highway outside Eldoret on Friday after a rider was killed.",
])
def test_tyres_burnt_in_the_street_are_a_violent_demonstration(extractor: Extractor, text: str) -> None:
    # ACLED train notes telling tyres burnt are Riots in 347 of 352, a violent demonstration in 341
    assert _types(extractor, text) == ["Riots: Violent demonstration"]


@pytest.mark.parametrize("text", [
    "A lorry carrying tyres caught fire and burned on the highway near Kisumu on Monday.",
    "The company said it sold more tyres in Nairobi last year.",
])
def test_tyres_that_no_one_burnt_are_no_event(extractor: Extractor, text: str) -> None:
    assert _types(extractor, text) == []
