"""Issue 11: "capture" of a person, and armed forces on patrol, are events (sentences our own)."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _subtypes(extractor: Extractor, text: str, trigger: str) -> list[str]:
    art = Article(id="t", text=text)
    return [e.subtype for e in extractor.extract(art) if (e.trigger or "").lower() == trigger]


@pytest.mark.parametrize("text", [
    "Orlen Vask was captured in Lisbon on Tuesday.",
    "Police captured the gang leader Tomas Reyd at a farm on Sunday.",
])
def test_capturing_a_person_without_an_armed_group_is_an_arrest(extractor: Extractor, text: str) -> None:
    assert _subtypes(extractor, text, "captured") == ["Arrests"]


def test_gunmen_capturing_people_abduct_them(extractor: Extractor) -> None:
    got = _subtypes(extractor, "Gunmen captured two aid workers near Kessa on Sunday.", "captured")
    assert got == ["Abduction/forced disappearance"]


def test_armed_rebels_on_patrol_are_a_strategic_development(extractor: Extractor) -> None:
    got = _subtypes(extractor, "Armed rebels patrolled the streets of Marvell on Monday.", "patrolled")
    assert got == ["Other"]


@pytest.mark.parametrize("text", [
    "Marta Kiel captured the national title on Saturday.",
    "The film captured the mood of the city.",
    "Volunteers patrolled the beach on Sunday looking for turtle nests.",
])
def test_captured_titles_and_unarmed_patrols_are_no_events(extractor: Extractor, text: str) -> None:
    assert _subtypes(extractor, text, "captured") + _subtypes(extractor, text, "patrolled") == []
