"""where._inside: which place a member of an event may put in place of its anchor's."""
from __future__ import annotations

from sitrep.events.where import _inside
from sitrep.records import Place


def _town(text: str, strategy: str = "exact", precision: int = 1) -> Place:
    return Place(text=text, name="Midtown", geonameid=101, feature="place", admin1="North", country="XX",
                 lat=1.0, lon=2.0, precision=precision, strategy=strategy)


def test_an_unknown_name_placed_in_the_anchors_town_says_more() -> None:
    # "an offensive in Midtown, targeting the Red Hill quarter": the quarter lies in the town
    assert _inside(_town("Red Hill quarter", strategy="unresolved-in", precision=2), _town("Midtown"))


def test_the_same_words_or_two_unknown_names_do_not_replace() -> None:
    assert not _inside(_town("Midtown", strategy="unresolved-in", precision=2), _town("Midtown"))
    assert not _inside(_town("Red Hill", strategy="unresolved-in", precision=2),
                       _town("Blue Lake", strategy="unresolved-in", precision=2))


def test_a_nearer_place_of_another_town_is_not_inside() -> None:
    other = Place(text="Lowfield", name="Lowfield", geonameid=202, feature="place", admin1="North", country="XX",
                  lat=1.5, lon=2.5, precision=1, strategy="exact")
    assert not _inside(other, _town("Midtown"))
