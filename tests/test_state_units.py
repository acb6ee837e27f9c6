"""Named units of a state's forces (data/state_units.tsv, derived from ACLED's actor names by
scripts/derive_state_units.py): the table is well formed, and a unit named in a sentence is its state's forces,
a foreign state's where it acts abroad. Sentences our own."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.gazetteer import countries_table
from sitrep.lexicon import LexiconError, load_lexicon, parse_state_units
from sitrep.records import Article
from sitrep.resources import read_text


def test_every_unit_names_a_known_state_and_a_branch() -> None:
    units = parse_state_units(read_text("state_units.tsv"))
    known = {r["iso2"] for r in countries_table()}
    assert units and all(u.country in known and u.kind == "state_forces" for u in units)
    assert all(u.name in ("Military Forces of {country}", "Police Forces of {country}") for u in units)
    # the loaded lexicon holds them, each after the hand-written actors.yaml entries
    assert set(units) <= set(load_lexicon().actors)


@pytest.mark.parametrize("row", ["Harbour Watch\tXXX\tmilitary\t5\t0.9", "Harbour Watch\tKE\tnavy\t5\t0.9",
                                 "\tKE\tpolice\t5\t0.9", "Harbour Watch KE police"])
def test_a_bad_row_is_refused_with_its_row_number(row: str) -> None:
    with pytest.raises(LexiconError, match="row 2"):
        parse_state_units("unit\tcountry\tbranch\tnotes\tshare\n" + row + "\n")


def _actor1(extractor: Extractor, text: str):  # noqa: ANN202
    evs = [e for e in extractor.extract(Article(id="t", text=text, published="2024-05-02")) if not e.historical]
    assert evs, text
    return evs[0].actor1


@pytest.mark.model
@pytest.mark.parametrize("text, name, kind", [
    ("Jubaland Security Force soldiers raided a village near Kismayo on Monday.",
     "Military Forces of Somalia", "state_forces"),
    # "fighters of <unit>": the unit is the party, as for a named group
    ("Fighters of the Puntland Dervish Force shelled a hamlet near Qardho on Tuesday.",
     "Military Forces of Somalia", "state_forces"),
    # a unit acting outside its state is that state's forces abroad
    ("Members of the Border Security Force killed two cattle smugglers near Jessore on Sunday.",
     "Police Forces of India", "external"),
])
def test_a_named_unit_is_its_states_forces(extractor: Extractor, text: str, name: str, kind: str) -> None:
    actor = _actor1(extractor, text)
    assert actor is not None and (actor.name, actor.kind) == (name, kind)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Members of the army opened fire on traders in Garissa on Monday, killing two.",
    "Personnel of the national police shot dead a suspect in Kisumu on Friday.",
])
def test_members_of_a_states_force_are_that_force(extractor: Extractor, text: str) -> None:
    evs = [e for e in extractor.extract(Article(id="t", text=text, published="2024-05-02")) if not e.historical]
    assert evs and evs[0].actor1 is not None and evs[0].actor1.kind == "state_forces", text


@pytest.mark.model
@pytest.mark.parametrize("text, force", [
    ("Militants set off a bomb near an army post in Cotabato on Monday.", True),
    ("A landmine exploded behind the police station in Hpa-an on Thursday.", True),
    ("A bomb went off near a market in Cotabato on Monday.", False),
])
def test_violence_at_a_forces_post_targets_that_force(extractor: Extractor, text: str, force: bool) -> None:
    evs = [e for e in extractor.extract(Article(id="t", text=text, published="2024-05-02")) if not e.historical]
    assert evs, text
    a2 = evs[0].actor2
    assert (a2 is not None and a2.kind == "state_forces") is force, (text, a2)


@pytest.mark.model
@pytest.mark.parametrize("text, name", [
    ("Ukrainian air defense forces fired on a column of tanks near Poltava on Tuesday.", "Military Forces of Ukraine"),
    ("Ethiopian defence forces took control of Adigrat after heavy fighting on Sunday.", "Military Forces of Ethiopia"),
])
def test_a_nationality_and_a_branch_name_the_states_forces(extractor: Extractor, text: str, name: str) -> None:
    actor = _actor1(extractor, text)
    assert actor is not None and actor.name == name, (text, actor)


@pytest.mark.model
def test_a_defence_force_with_no_nationality_stays_a_named_group(extractor: Extractor) -> None:
    actor = _actor1(extractor, "The Qarsan Defence Forces shelled a village near Adigrat on Sunday.")
    assert actor is None or actor.kind != "state_forces"


@pytest.mark.model
@pytest.mark.parametrize("text, state", [
    ("The Koru Liberation Army ambushed a police patrol near Samar on Monday.", False),
    ("The Arakan Army shelled a police outpost near Sittwe on Monday.", False),
    ("The Myanmar Army shelled a village near Hpakant on Monday.", True),
    ("The Burma Army shelled a village near Lashio on Monday.", True),
    ("The Somali National Army killed five militants near Afgoye on Monday.", True),
    ("Army troops clashed with rebels near Marawi on Monday.", True),
])
def test_a_named_army_is_a_group_unless_its_name_is_the_states(extractor: Extractor, text: str, state: bool) -> None:
    actor = _actor1(extractor, text)
    assert actor is not None and (actor.kind == "state_forces") is state, (text, actor)


@pytest.mark.model
def test_an_abbreviation_defined_in_brackets_names_what_it_stands_for(extractor: Extractor) -> None:
    text = ("The Sudanese Armed Forces (SAF) said on Monday that they had held the bridge. "
            "SAF shelled positions of a rival militia in Omdurman on Tuesday.")
    evs = [e for e in extractor.extract(Article(id="t", text=text, published="2024-05-02")) if not e.historical]
    shelling = [e for e in evs if e.subtype.startswith("Shelling")]
    assert shelling and shelling[0].actor1 is not None
    assert (shelling[0].actor1.text, shelling[0].actor1.name) == ("SAF", "Military Forces of Sudan")


@pytest.mark.model
def test_an_undefined_abbreviation_stays_unknown(extractor: Extractor) -> None:
    actor = _actor1(extractor, "KLF fighters shelled positions of a rival militia in Omdurman on Tuesday.")
    assert actor is None or actor.kind != "state_forces"


@pytest.mark.model
def test_a_nationality_on_a_drone_or_missile_names_that_states_forces(extractor: Extractor) -> None:
    text = "A Latvian missile hit a fuel depot near Pskov on Tuesday, killing two guards."
    actor = _actor1(extractor, text)
    assert actor is not None and actor.name == "Military Forces of Latvia" and actor.kind == "external"
    bare = _actor1(extractor, "A drone hit a fuel depot near Pskov on Tuesday, killing two guards.")
    assert bare is None or bare.kind not in ("state_forces", "external")  # no nationality: nobody is named
