"""A town named in the possessive before a building or landmark ("the town's City Hall") says where the building
stands: the town is a candidate for the event's place. Countries, embassies, bases and offices stay names
(issue 11). Sentences written for these tests."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import event_place, find_place_mentions, resolve_places
from tests.test_places import plain


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


def _kinds(nlp: Language, gaz: Gazetteer, text: str, org: str) -> list[tuple[str, str]]:
    doc = plain(nlp, text, {org: "ORG"})
    return [(m.name, m.kind) for m in find_place_mentions(doc, gaz)]


@pytest.mark.parametrize("text,org", [
    ("Rioters set fires inside Denver 's City Hall overnight .", "Denver 's City Hall"),
    ("Shops were looted at Nairobi 's Central Market on Sunday .", "Nairobi 's Central Market"),
    ("A crowd gathered outside Chicago 's Police Headquarters .", "Chicago 's Police Headquarters"),
])
def test_a_town_owning_a_building_is_where_the_building_stands(nlp: Language, gaz: Gazetteer, text: str,
                                                               org: str) -> None:
    town = org.split(" ")[0]
    kinds = _kinds(nlp, gaz, text, org)
    assert (town, "place") in kinds or (town, "part") in kinds  # "Nairobi's Central Market": a part of Nairobi


def test_the_possessed_building_gives_the_event_its_town(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Rioters set fires inside Denver 's City Hall overnight .", {"Denver 's City Hall": "ORG"})
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    got = event_place(doc, ms, 1)
    assert got is not None and got.name == "Denver"


@pytest.mark.parametrize("text,org,name", [
    # a country's embassy, base or ministry may lie abroad or is a body, not a site
    ("Protesters gathered outside Russia 's Embassy in the capital .", "Russia 's Embassy", "Russia"),
    ("Rockets struck near Turkey 's Air Base on Monday .", "Turkey 's Air Base", "Turkey"),
    ("China 's Foreign Ministry condemned the protest .", "China 's Foreign Ministry", "China"),
    # a town's office or force is a party to the event, not where it happened
    ("Denver 's Police Department arrested ten people .", "Denver 's Police Department", "Denver"),
    # no possessive: named after the town
    ("The Denver City Council met on Monday .", "The Denver City Council", "Denver"),
])
def test_owners_that_are_not_where_the_site_is_stay_embedded(nlp: Language, gaz: Gazetteer, text: str, org: str,
                                                            name: str) -> None:
    assert (name, "embedded") in _kinds(nlp, gaz, text, org)
