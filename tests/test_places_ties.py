"""Article-country votes and name boundaries: a repeated ambiguous name, a tie, a town name closing a longer
proper name, a town the model read as a date, a county with no country known (sentences written for these tests)."""
from __future__ import annotations

from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import PlaceMention, find_place_mentions, resolve_places
from sitrep.resolve.focus import focus_by_votes
from test_places import gaz, nlp, parsed, plain  # noqa: F401  (module fixtures)


def _resolved(doc, gaz: Gazetteer, country: str | None = None) -> list[PlaceMention]:
    return resolve_places(find_place_mentions(doc, gaz), gaz, doc.text, country)


def test_a_tie_of_split_votes_names_no_country() -> None:
    # one ambiguous name said three times splits the same half votes: nothing tells the two apart
    assert focus_by_votes({"CA": 1.5, "US": 1.5}, clear=set()) is None
    assert focus_by_votes({"CA": 1.5, "US": 1.5, "GB": 0.5}, clear={"GB"}) is None
    # a tie of whole votes of clear names keeps its fixed order; a lead decides as before
    assert focus_by_votes({"IQ": 1.0, "US": 1.0}, clear={"IQ", "US"}) == "IQ"
    assert focus_by_votes({"CA": 1.0, "US": 2.0}, clear=set()) == "US"


def test_a_repeated_ambiguous_name_does_not_pick_the_country_by_its_code(nlp: Language, gaz: Gazetteer) -> None:
    text = ("Crews in Huntsville cleared the roads . Huntsville schools stayed shut . "
            "The Huntsville fire chief spoke on Monday .")
    doc = plain(nlp, text, {"Huntsville": "GPE"})
    ms = [m for m in _resolved(doc, gaz) if m.name == "Huntsville"]
    assert len(ms) == 3
    # three mentions split among the same countries tell nothing apart: the biggest namesake stands
    assert all(m.place is not None and m.place.country == "US" for m in ms)


def test_a_town_name_closing_a_longer_proper_name_is_part_of_it(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Pupils of the Vidya Sabha school marched in Jaffna on Friday .", {"Jaffna": "GPE"})
    names = [m.name for m in _resolved(doc, gaz)]
    assert "Sabha" not in names and "Jaffna" in names
    # a province after a town's name without a comma still counts
    doc = plain(nlp, "Floods reached Kandy Central Province on Friday .", {})
    assert any(m.place is not None and m.place.country == "LK" for m in _resolved(doc, gaz))


def test_a_town_the_model_read_as_a_date_in_a_place_slot(nlp: Language, gaz: Gazetteer) -> None:
    rows = [("Soldiers", 1, "nsubj", "NOUN", ""), ("patrolled", 1, "ROOT", "VERB", ""),
            ("in", 1, "prep", "ADP", ""), ("Manbij", 2, "pobj", "PROPN", "DATE"), ("on", 1, "prep", "ADP", ""),
            ("Monday", 4, "pobj", "PROPN", "DATE"), (".", 1, "punct", "PUNCT", "")]
    ms = _resolved(parsed(nlp, rows), gaz)
    by = {m.name: m for m in ms}
    assert "Manbij" in by and by["Manbij"].place is not None and by["Manbij"].place.country == "SY"
    assert "Monday" not in by  # a weekday stays a date


def test_a_county_with_no_country_known_is_no_province_abroad(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Deputies of Westmoreland County closed the road .", {"Westmoreland County": "GPE"})
    m = next(m for m in _resolved(doc, gaz) if m.name.startswith("Westmoreland"))
    # counties of that name lie in two US states; a Jamaican parish of the name is not the county
    assert m.place is None or m.place.country != "JM"


def test_a_settlement_noun_after_a_longer_capitalised_name_names_no_town(nlp: Language, gaz: Gazetteer) -> None:
    # "Area" closes the whole name "Pinewood State Conservation Area": its last word alone is no town
    doc = plain(nlp, "Hikers crowded the Pinewood State Conservation Area on Sunday .", {})
    assert "Conservation" not in [m.name for m in _resolved(doc, gaz)]
    # a direction before the name still leaves the name ("the North Waziristan area")
    doc = plain(nlp, "Troops moved into the northern Kamal area on Sunday .", {})
    assert "Kamal" in [m.name for m in _resolved(doc, gaz)]
