"""build_nlp: the model with sitrep's finding components, the places component handed its gazetteer."""
from __future__ import annotations

from typing import Any

import pytest

from sitrep.nlp.build import build_nlp
from sitrep.nlp.places import ASSIGNS, PlacesComponent
from sitrep.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def built() -> tuple[Any, Any]:
    return build_nlp(Settings())


def test_places_component_declares_what_it_assigns_and_analysis_finds_no_problems(built: tuple[Any, Any]) -> None:
    nlp, _ = built
    analysis = nlp.analyze_pipes()
    assert analysis["summary"]["sitrep_places"]["assigns"] == ASSIGNS == ["doc._.sitrep_places"]
    assert analysis["problems"]["sitrep_places"] == []
    assert all(not problems for problems in analysis["problems"].values())


def test_places_component_uses_the_gazetteer_build_nlp_opened(built: tuple[Any, Any]) -> None:
    nlp, gaz = built
    component = nlp.get_pipe("sitrep_places")
    assert isinstance(component, PlacesComponent)
    assert component.gaz is gaz
    doc = nlp("Protesters gathered in Aleppo on Friday.")
    assert [m.name for m in doc._.sitrep_places] == ["Aleppo"]


def test_use_hands_a_gazetteer_to_a_component() -> None:
    component = PlacesComponent("/nonexistent/never-opened.sqlite")
    sentinel: Any = object()
    assert component.use(sentinel) is component
    assert component.gaz is sentinel


def test_every_sitrep_component_declares_the_extension_it_fills(built: tuple[Any, Any]) -> None:
    """Each finding component names its doc._ extension in `assigns`, and running the pipeline fills it."""
    nlp, _ = built
    summary = nlp.analyze_pipes()["summary"]
    sentence_setters = ("sitrep_paragraphs", "sitrep_abbreviations")  # they set sentence starts, not an extension
    finders = [name for name in nlp.pipe_names if name.startswith("sitrep_") and name not in sentence_setters]
    assert set(finders) == {"sitrep_places", "sitrep_dates", "sitrep_figures", "sitrep_triggers"}
    doc = nlp("At least 12 people were killed when troops shelled Aleppo on Friday, the monitor said.")
    for name in finders:
        assigns = summary[name]["assigns"]
        assert len(assigns) == 1 and assigns[0].startswith("doc._."), (name, assigns)
        value = getattr(doc._, assigns[0].removeprefix("doc._."))
        assert value, f"{name} declared {assigns[0]} but left it empty on a sentence that has one"


@pytest.mark.parametrize("text, abbr", [
    ("Soldiers raided a house in Brgy. Malagos on Monday. Two men were arrested.", "Brgy."),
    ("A grenade went off near the market of Bgy. Talisay, Cebu, on Friday. No one was hurt.", "Bgy."),
    ("Farmers marched through Brgys. Lumbo and Tinago to oppose the dam. The march was peaceful.", "Brgys."),
    ("Gunmen shot a village councillor in brgy. Dalig on Sunday. He died in hospital.", "brgy."),
])
def test_barangay_abbreviation_is_one_token_and_ends_no_sentence(built: tuple[Any, Any], text: str, abbr: str) -> None:
    nlp, _ = built
    doc = nlp(text)
    words = [t.text for t in doc]
    assert abbr in words and abbr.rstrip(".") not in words  # the full stop stays with the abbreviation
    sents = [s.text for s in doc.sents]
    assert len(sents) == 2 and abbr in sents[0] and sents[0].index(abbr) < len(sents[0]) - len(abbr) - 2
    assert doc[words.index(abbr)].norm_.startswith("barangay")


@pytest.mark.parametrize("text, abbr, norm", [
    ("Brig. Gen. Aldo Ruiz said the rebels fired first. Two soldiers were hurt.", "Brig.", "brigadier"),
    ("Lt. Col. Omar Sani told reporters the road was cleared. Traffic resumed.", "Lt.", "lieutenant"),
    ("Residents of Sta. Lucia fled the shelling on Monday. Schools were closed.", "Sta.", "santa"),
    ("Capt. Rhea Lim led the patrol into the hills. The patrol came back at dusk.", "Capt.", "captain"),
])
def test_a_title_or_place_abbreviation_before_a_name_ends_no_sentence(built: tuple[Any, Any], text: str, abbr: str,
                                                                      norm: str) -> None:
    nlp, _ = built
    doc = nlp(text)
    words = [t.text for t in doc]
    assert abbr in words and doc[words.index(abbr)].norm_ == norm
    assert len(list(doc.sents)) == 2, [s.text for s in doc.sents]


def test_the_abbreviation_table_is_checked() -> None:
    from sitrep.nlp.build import abbreviation_forms, name_abbreviations

    table = name_abbreviations()
    assert all(k.endswith(".") and v and v == v.lower() for k, v in table.items())
    assert "FT." in abbreviation_forms() and "ft." not in abbreviation_forms()  # "ft." is also feet


def test_a_title_abbreviation_is_no_place(built: tuple[Any, Any]) -> None:
    nlp, _ = built
    doc = nlp("Brig. Gen. Aldo Ruiz said the rebels fired first near Gulu on Monday.")
    assert "Brig." not in [m.text for m in doc._.sitrep_places]  # also a Swiss town's name
    assert "Gulu" in [m.text for m in doc._.sitrep_places]
