"""Two places with no GeoNames id (unresolved names, counties placed at their middle) are told apart by name,
level and coordinates when events are merged: an id of None is no shared place (events/merge.py place_key)."""
from __future__ import annotations

from sitrep.events.merge import place_key
from sitrep.records import Place


def _place(name: str, gid: int | None, lat: float | None = None, lon: float | None = None) -> Place:
    return Place(text=name, name=name, geonameid=gid, feature="place", admin1=None, country="US", lat=lat, lon=lon)


def test_two_places_without_an_id_are_two_places() -> None:
    assert place_key(_place("Harlan County", None, 36.8, -83.3)) != place_key(_place("Perry County", None, 37.2, -83.2))
    assert place_key(_place("Kiwanja", None)) != place_key(_place("Rubare", None))


def test_one_place_without_an_id_told_twice_is_one() -> None:
    assert place_key(_place("Harlan County", None, 36.8, -83.3)) == place_key(_place("harlan county", None, 36.8, -83.3))


def test_the_id_decides_when_there_is_one() -> None:
    assert place_key(_place("Goma", 1, 1.0, 2.0)) == place_key(_place("the city", 1, 1.0, 2.0))
    assert place_key(_place("Goma", 1)) != place_key(_place("Goma", None))
