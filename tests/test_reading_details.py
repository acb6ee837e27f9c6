"""Small general readings found on uncoded news: a possessive read into a place name, a fight with no party.
Sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

pytestmark = pytest.mark.model


def test_a_curly_possessive_is_not_part_of_the_place_name(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Airport clash\n\nPolice and protesters clashed at Hong Kong\u2019s international airport on "
                        "Tuesday.")
    assert evs and evs[0].where is not None and evs[0].where.geonameid is not None, _brief(evs)
    assert evs[0].where.name == "Hong Kong", _brief(evs)


@pytest.mark.parametrize("text", [
    "Firefighters fought a blaze in Goma on Monday.",
    "The governor fought the ruling in court in Goma on Monday.",
    "Residents say they are fighting the erosion of their land rights in Goma.",
])
def test_a_fight_with_no_party_is_no_armed_clash(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, "Goma\n\n" + text)
    assert not [e for e in evs if e.type == "Battles"], _brief(evs)


@pytest.mark.parametrize("text", [
    "Rebels fought government troops in Goma on Monday.",
    "The two militias fought each other in Goma on Monday.",
    "Rebels fought a fierce battle with the army in Goma on Monday.",
    "Soldiers battled the M23 in Goma on Monday.",
])
def test_a_fight_between_parties_is_one(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, "Goma\n\n" + text)
    assert evs, text


def test_a_building_of_state_is_no_town_far_away(pipe) -> None:  # noqa: ANN001
    # "Capitol" fuzzy-matched a small Californian town 3,000 km from the Atlanta the sentence names
    evs = _events(pipe, "Atlanta protests\n\nProtesters in Atlanta, where a deputy was charged this week, marched on "
                        "the Georgia State Capitol on Friday.")
    assert evs and evs[0].where is not None and evs[0].where.name == "Atlanta", _brief(evs)


def test_a_crowd_takes_no_ground(pipe) -> None:  # noqa: ANN001
    # territory changes hands between armed sides; counter-protesters pushing a rally out of a city is a protest
    evs = _events(pipe, "Rallies\n\nAs in Oakland on Saturday, when a planned rally was pushed out of the city by "
                        "counter-protesters who threatened to block the venue, hundreds of counter-protesters "
                        "gathered anyway.")
    assert evs and not [e for e in evs if e.type == "Battles"], _brief(evs)


@pytest.mark.parametrize("text", [
    "The president returned to Kyiv on Wednesday without reaching any agreement with the opposition.",
    "Police in Kyiv watched the march on Wednesday without a single arrest.",
])
def test_what_happened_without_is_no_event(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kyiv\n\n" + text)
    assert not [e for e in evs if e.type == "Strategic developments"], _brief(evs)
