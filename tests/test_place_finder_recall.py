"""Place names the finder used to miss: names opened by an Arabic generic word ("Kafr X", "Jabal al-X"), names
before an administrative division ("the X Governorate"), names before a head settlement noun that the model read
as a person or a nationality ("X village"), and a title opening a name after "the town of". Sentences and names
are made up for these tests."""
from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import find_place_mentions


def _names(model: Language, gaz: Gazetteer, text: str) -> set[str]:
    return {m.name for m in find_place_mentions(model(text), gaz)}


@pytest.mark.model
def test_a_name_opened_by_an_arabic_generic_word_is_a_place(model: Language, gaz: Gazetteer) -> None:
    assert "Jabal al-Marqouz" in _names(model, gaz, "Government troops captured Jabal al-Marqouz after a day of fighting.")
    assert "Kafr Dabbous" in _names(model, gaz, "The rebels tried to retake Kafr Dabbous on Friday.")
    assert "Wadi Zerqal" in _names(model, gaz, "Aircraft bombed Wadi Zerqal and the hills around it.")


@pytest.mark.model
def test_a_name_before_a_division_noun_is_a_place(model: Language, gaz: Gazetteer) -> None:
    names = _names(model, gaz, "Militants launched an offensive in the Marsouni Governorate on Monday.")
    assert any(n.startswith("Marsouni") for n in names)
    names = _names(model, gaz, "A roadside bomb went off in the Qorbandi Tehsil area on Sunday.")
    assert any(n.startswith("Qorbandi") for n in names)


@pytest.mark.model
def test_a_name_before_a_head_settlement_noun_is_a_place_whatever_its_tag(model: Language, gaz: Gazetteer) -> None:
    assert "Ugbokwe" in _names(model, gaz, "Gunmen attacked Ugbokwe village late on Tuesday, killing four farmers.")
    assert "Dorvani" in _names(model, gaz, "Herders crossed over to Dorvani village and burned ten houses.")


@pytest.mark.model
def test_a_name_before_a_modifying_settlement_noun_is_not_taken_from_a_person(model: Language, gaz: Gazetteer) -> None:
    names = _names(model, gaz, "Senator John Whitaker held a town hall meeting on Tuesday.")
    assert not names & {"John Whitaker", "Whitaker"}


@pytest.mark.model
def test_a_title_opens_a_name_after_town_of(model: Language, gaz: Gazetteer) -> None:
    assert "Sheikh Mahrous" in _names(model, gaz, "The army entered the town of Sheikh Mahrous on Saturday.")


def test_settlement_word_lists_are_lower_case_words() -> None:
    from sitrep.nlp.place_names import settlement_words

    for key in ("division_nouns", "name_openers"):
        words = settlement_words(key)
        assert words and all(w == w.lower() and " " not in w for w in words)
    assert {"governorate", "tehsil"} <= settlement_words("division_nouns")
    assert {"kafr", "jabal", "wadi"} <= settlement_words("name_openers")


@pytest.mark.model
def test_the_object_of_a_verb_of_taking_ground_is_a_place(model: Language, gaz: Gazetteer) -> None:
    # the small model reads these towns as a person and an organisation; the verb and the gazetteer say places
    assert "Rutshuru" in _names(model, gaz, "Rebel units stormed Rutshuru before dawn.")
    assert "Birao" in _names(model, gaz, "The militia captured Birao after two days of fighting.")
    # a person captured, and a hamlet's name that is also a surname, stay people
    assert not _names(model, gaz, "Police captured Ahmed Salem on Monday.")
    assert "Smith" not in _names(model, gaz, "The army captured Smith near the border.")


@pytest.mark.model
def test_a_name_after_a_compass_adjective_is_a_place(model: Language, gaz: Gazetteer) -> None:
    # the small model reads this made-up name as an organisation; "eastern" says it is a region or a town
    assert "Qarmoun" in _names(model, gaz, "Shelling hit several villages in eastern Qarmoun on Tuesday.")
    # a capitalised compass word opens an organisation's name, not a place
    assert not {"Southern Baptist Convention", "Baptist Convention"} & _names(
        model, gaz, "The Southern Baptist Convention met in western Kansas.")
