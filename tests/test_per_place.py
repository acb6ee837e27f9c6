"""One event per place (events/per_place.py): a sentence telling the same kind of happening at several coordinated
places gives one event per place, as ACLED codes an event at one location. Test sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

pytestmark = pytest.mark.model


def _places(evs) -> list[str]:  # noqa: ANN001
    return sorted(e.where.name for e in evs if e.where is not None)


def test_a_protest_in_two_towns_is_two_protests(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Price protests\n\nThousands of people protested in Mombasa and Eldoret on Sunday against "
                        "the rising cost of maize flour.")
    assert _places(evs) == ["Eldoret", "Mombasa"], _brief(evs)
    assert len({e.id for e in evs}) == 2  # each its own stable id
    assert {e.when.start for e in evs} == {"2021-04-18"} and {e.subtype for e in evs} == {"Peaceful protest"}
    told = [e for e in evs if e.participants is not None]
    assert len(told) == 1, "a crowd told for both towns together is counted once"


def test_three_towns_and_a_later_retelling_of_one(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Unrest spreads\n\nClashes between police and stone-throwing protesters broke out in Kisumu, "
                        "Nakuru and Machakos on Sunday.\n\nIn Nakuru, officers fired tear gas at the crowd on Sunday.")
    assert _places(evs) == ["Kisumu", "Machakos", "Nakuru"], _brief(evs)


@pytest.mark.parametrize("text", [
    "Gunmen ambushed a bus on the highway between Mombasa and Malindi on Sunday, killing four passengers.",
    "Protests were held on Sunday in more than a dozen towns, including Mombasa and Malindi.",
    "Dock workers marched through Eldoret, Uasin Gishu, on Sunday.",
])
def test_a_stretch_a_list_of_examples_or_a_town_with_its_province_is_one_event(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kenya news\n\n" + text)
    assert len(evs) == 1, _brief(evs)


def test_places_of_another_noun_do_not_split_the_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Guard deployed\n\nGovernors of Mombasa and Kisumu called in troops on Sunday after a riot "
                        "in Nakuru left two people dead.")
    assert len([e for e in evs if e.type == "Riots"]) <= 1, _brief(evs)



def test_coordinated_nouns_each_of_a_place_are_two_places(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Shelling in the north\n\nArtillery units shelled the village of Kafr Nabl and the nearby "
                        "town of Saraqib early on Sunday, residents said.")
    assert len({e.where.geonameid for e in evs if e.where is not None}) == 2, _brief(evs)
    evs = _events(pipe, "Clashes in the north\n\nTroops fought rebels on the road between the village of Kafr Nabl "
                        "and the town of Saraqib on Sunday.")
    assert len([e for e in evs if e.type == "Battles"]) == 1, _brief(evs)
