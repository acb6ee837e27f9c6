"""ACLED's conventions for unnamed actors (events/defaults.py), counted on acled-train's train split:
violence against civilians targets civilians by definition; a force that intervened in a protest, or made an
arrest, is, unnamed, the police; an unclaimed attack or bomb is an unidentified armed group. And bench/actors.py's reading of ACLED's generic actor names. Sentences our own."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


def _one(extractor: Extractor, text: str):  # noqa: ANN202
    (ev,) = extractor.extract(Article(id="t", text=text))
    return ev


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Gunmen attacked a bus on the road to Marsabit on Sunday, killing four.",
    "Militants stormed a village near Maiduguri on Friday and killed 11.",
])
def test_the_unnamed_targets_of_an_attack_are_civilians(extractor: Extractor, text: str) -> None:
    ev = _one(extractor, text)
    assert ev.type == "Violence against civilians"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians" and ev.actor2.name.startswith("Civilians (")


@pytest.mark.model
def test_a_named_victim_keeps_its_words(extractor: Extractor) -> None:
    ev = _one(extractor, "A man in Mombasa was hacked to death on Monday.")
    assert ev.actor2 is not None and ev.actor2.kind == "civilians" and ev.actor2.text == "A man"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Teachers marched through Harare on Monday demanding higher pay, and 12 of them were arrested.",
    "A march by nurses in Lusaka on Friday was broken up with tear gas.",
])
def test_an_unnamed_force_that_intervened_is_the_police(extractor: Extractor, text: str) -> None:
    ev = _one(extractor, text)
    assert ev.subtype == "Protest with intervention"
    assert ev.actor1 is not None and ev.actor1.kind == "protesters"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces" and ev.actor2.name.startswith("Police Forces of")


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "A roadside bomb exploded near Gao on Monday, wounding three passengers.",
    "A grenade was hurled into a bar in Cotabato City on Saturday night, injuring six.",
])
def test_an_unclaimed_bomb_is_an_unidentified_armed_group(extractor: Extractor, text: str) -> None:
    ev = _one(extractor, text)
    assert ev.actor1 is not None and ev.actor1.kind == "political_militia"
    assert ev.actor1.name.startswith("Unidentified Armed Group (") and ev.actor1.text == ""


@pytest.mark.model
def test_an_arrest_by_an_unnamed_force_is_by_the_police(extractor: Extractor) -> None:
    ev = _one(extractor, "Five men were arrested in Kisumu on Friday after a trader was murdered.")
    assert ev.subtype == "Arrests" and ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor1.name.startswith("Police Forces of")


@pytest.mark.model
def test_a_named_perpetrator_is_kept(extractor: Extractor) -> None:
    ev = _one(extractor, "Soldiers arrested five men in Kisumu on Friday.")
    assert ev.actor1 is not None and ev.actor1.text == "Soldiers"


@pytest.mark.model
def test_a_clash_gets_no_civilians(extractor: Extractor) -> None:
    ev = _one(extractor, "Rebels clashed with soldiers near Goma on Tuesday.")
    assert ev.subtype == "Armed clash" and ev.actor2 is not None and ev.actor2.kind == "state_forces"


@pytest.mark.parametrize("name,country,want", [
    ("Protesters (Kenya)", "Kenya", {"protesters"}),
    ("Rioters (India)", "India", {"rioters"}),
    ("Civilians (Mali)", "Mali", {"civilians"}),
    ("Military Forces of Kenya (2022-)", "Kenya", {"state_forces"}),
    ("Military Forces of Kenya (2022-)", "Somalia", {"external"}),
    ("Police Forces of the Philippines (2016-2022) Special Unit", "Philippines", {"state_forces"}),
    ("Tana Ethnic Militia (Kenya)", "Kenya", {"identity_militia"}),
    ("Unidentified Armed Group (Peru)", "Peru", {"political_militia", "unknown"}),
    ("Some Liberation Front", "Peru", None),
    ("", "Peru", None),
])
def test_acled_generic_names_map_to_kinds(name: str, country: str, want: set | None) -> None:
    from actors import gold_kinds

    got = gold_kinds(name, country)
    assert (set(got) if got is not None else None) == want


@pytest.mark.model
@pytest.mark.parametrize("text,kind,words", [
    ("A suspect died during a police raid on a house in Davao City on Monday.", "state_forces", "police"),
    ("Two farmers died in an army operation near Butembo on Sunday.", "state_forces", "army"),
])
def test_the_force_named_on_an_operation_did_it(extractor: Extractor, text: str, kind: str, words: str) -> None:
    ev = _one(extractor, text)
    assert ev.actor1 is not None and ev.actor1.kind == kind and ev.actor1.text == words


@pytest.mark.model
def test_a_named_doer_outranks_the_operation(extractor: Extractor) -> None:
    ev = _one(extractor, "Gunmen killed a teacher during a raid on a school in Zamfara on Monday.")
    assert ev.actor1 is not None and ev.actor1.text == "Gunmen"


@pytest.mark.model
def test_parties_between_whom_a_clash_broke_out(extractor: Extractor) -> None:
    ev = _one(extractor, "Heavy fighting broke out between the KRB and the Indonesian military near Sugapa on Monday.")
    assert ev.actor1 is not None and ev.actor1.text == "the KRB"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces"


@pytest.mark.model
def test_the_harmed_in_an_attack_are_its_target(extractor: Extractor) -> None:
    ev = _one(extractor, "Eight policemen were wounded on Sunday in an attack by rebels near Libmanan.")
    assert ev.actor1 is not None and ev.actor1.kind == "rebels"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces" and ev.actor2.text == "Eight policemen"
