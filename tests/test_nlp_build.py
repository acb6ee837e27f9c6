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
