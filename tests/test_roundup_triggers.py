"""Issue 11 (detection): happenings a roundup tells without the usual event words: glass smashed or shattered
(with or without its doers), event nouns before an adverb the parser reads as a noun ("shootings downtown"),
and crowds taunting the police. Sentences our own; each with its look-alike non-event."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def _events(extractor: Extractor, text: str, trigger: str) -> list[tuple[str, str]]:
    art = Article(id="t", text=text)
    return [(e.type, e.subtype) for e in extractor.extract(art) if (e.trigger or "").lower() == trigger]


@pytest.mark.parametrize("text,trigger", [
    ("Windows were shattered at the courthouse in Velmora on Saturday night.", "shattered"),
    ("Storefronts were smashed along the main avenue of Tarsk on Friday.", "smashed"),
])
def test_glass_broken_is_property_damage(extractor: Extractor, text: str, trigger: str) -> None:
    assert _events(extractor, text, trigger) == [("Strategic developments", "Looting/property destruction")]


def test_glass_smashed_by_protesters_is_a_violent_demonstration(extractor: Extractor) -> None:
    got = _events(extractor, "Protesters smashed windows at the town hall in Velmora on Sunday.", "smashed")
    assert got == [("Riots", "Violent demonstration")]


@pytest.mark.parametrize("text,trigger", [
    ("The explosion shattered windows of houses nearby in Tarsk on Monday.", "shattered"),  # the blast's toll
    ("A storm smashed windows across Velmora on Tuesday.", "smashed"),
    ("The runner shattered the national record in Tarsk on Sunday.", "shattered"),  # no glass at all
    ("Hopes of a deal were shattered in Velmora on Monday.", "shattered"),
])
def test_glass_broken_by_a_blast_or_a_record_broken_is_no_damage_event(extractor: Extractor, text: str,
                                                                       trigger: str) -> None:
    assert _events(extractor, text, trigger) == []


@pytest.mark.parametrize("text", [
    "In Velmora, police were investigating multiple shootings downtown.",
    "In Velmora, police were investigating “several shootings” downtown, one of them deadly.",
])
def test_event_noun_before_an_adverb_read_as_a_noun_counts(extractor: Extractor, text: str) -> None:
    got = _events(extractor, text, "shootings")
    assert got and got[0][0] == "Violence against civilians"


def test_a_place_noun_after_an_event_word_stays_a_compound(extractor: Extractor) -> None:
    # "shooting range", "protest site": the event word names a kind of place, no happening
    assert _events(extractor, "Police officers trained at the shooting range in Velmora.", "shooting") == []


@pytest.mark.parametrize("text", [
    "In Velmora, chanting crowds taunted police officers outside the courthouse on Friday.",
    "Protesters jeered the riot police guarding the bridge in Tarsk on Sunday.",
])
def test_crowds_taunting_the_police_protest(extractor: Extractor, text: str) -> None:
    art = Article(id="t", text=text)
    assert any(e.type == "Protests" for e in extractor.extract(art))


@pytest.mark.parametrize("text", [
    "Fans jeered the referee at the stadium in Velmora on Saturday.",  # no forces faced
    "The comedian taunted police officers in a sketch aired in Tarsk on Sunday.",  # not a crowd
])
def test_taunts_that_are_not_a_crowd_facing_forces_are_no_protest(extractor: Extractor, text: str) -> None:
    art = Article(id="t", text=text)
    assert not any(e.type == "Protests" for e in extractor.extract(art))
