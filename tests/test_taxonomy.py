"""data/taxonomy.yaml: ACLED types and sub-types, PLOVER types, families; the Taxonomy API and the old constants."""
from __future__ import annotations

import copy

import pytest

from sitrep.resources import DataFileError, read_yaml
from sitrep.taxonomy import Taxonomy, TaxonomyError, load_taxonomy, parse_taxonomy


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture()
def raw() -> dict:
    """A private copy of the packaged yaml's contents, to change in a test."""
    return copy.deepcopy(read_yaml("taxonomy.yaml"))


# ---------------------------------------------------------------------------- the packaged file validates
def test_every_subtype_has_exactly_one_type(tax: Taxonomy) -> None:
    subs = tax.all_subtypes()
    assert len(subs) == len(set(subs)) == 25
    for s in subs:
        owners = [t for t in tax.type_names() if s in tax.subtypes(t)]
        assert owners == [tax.type_of_subtype(s)]
    assert not set(subs) & set(tax.type_names())


def test_every_plover_mapping_target_exists(tax: Taxonomy) -> None:
    assert tax.type_plover
    for type_, plover in tax.type_plover.items():
        assert tax.is_type(type_)
        assert plover in tax.plover_types
    for name in tax.type_names() + tax.all_subtypes():
        p = tax.plover_of(name)
        assert p is None or tax.is_plover(p)


def test_families_cover_every_type(tax: Taxonomy) -> None:
    assert set(tax.families) == set(tax.type_names())
    members = tax.family_members()
    assert sorted(t for ts in members.values() for t in ts) == sorted(tax.type_names())
    assert tax.split_by_subtype <= set(tax.type_names())


def test_the_packaged_lexicons_name_only_taxonomy_entries(tax: Taxonomy) -> None:
    from sitrep.lexicon import load_lexicon

    lex = load_lexicon()
    for t in lex.triggers:
        assert tax.is_subtype(t.subtype, t.type) and tax.is_plover(t.plover)
    assert {a.kind for a in lex.actors} <= set(tax.actor_kinds)
    assert {k for k, _ in lex.source_kinds} <= set(tax.source_kinds)
    # cues.yaml's protest readings are "type: sub-type" (read in lower case)
    proper = tax.proper()
    assert lex.cues["protest_severity"] and set(lex.cues["protest_severity"]) <= set(proper)
    for rule in lex.cues["protest_escalation"]:
        src, arrow, dst = (x.strip() for x in rule.partition("->"))
        assert arrow and src in proper and dst in proper


# ---------------------------------------------------------------------------- the API
def test_lookups(tax: Taxonomy) -> None:
    assert tax.type_of_subtype("Arrests") == "Strategic developments"
    assert tax.type_of_subtype("Arrest") is None
    assert tax.is_subtype("Grenade") and tax.is_subtype("Grenade", "Explosions/Remote violence")
    assert not tax.is_subtype("Grenade", "Battles") and not tax.is_subtype("Battles")
    assert tax.subtypes("Riots") == ("Violent demonstration", "Mob violence")
    assert tax.subtypes("Earthquakes") == ()
    assert tax.split("Protests: Peaceful protest") == ("Protests", "Peaceful protest")
    assert tax.split("Riots: Peaceful protest") is None
    assert tax.proper()["riots: mob violence"] == ("Riots", "Mob violence")
    assert tax.proper().get("riots: mob") is None
    assert tax.plover_of("Protests") == tax.plover_of("Peaceful protest") == "PROTEST"
    assert tax.plover_of("Strategic developments") is None and tax.plover_of("Arrests") is None


def test_family_keys_match_the_dedup_rule(tax: Taxonomy) -> None:
    assert tax.family("Battles") == tax.family("Violence against civilians")
    assert tax.family("Protests") == tax.family("Riots") != tax.family("Battles")
    assert tax.family_key("Strategic developments", "Arrests") == "Strategic developments/Arrests"
    assert tax.family_key("Battles", "Armed clash") == tax.family("Battles")


def test_taxonomy_is_frozen_and_cached(tax: Taxonomy) -> None:
    assert load_taxonomy() is tax
    with pytest.raises(AttributeError):
        tax.plover_types = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        tax.types["Battles"] = ()  # type: ignore[index]
    tax.acled_types()["Battles"] = ()  # a copy
    with pytest.raises(TypeError):
        tax.proper()["x"] = ("x", "y")  # type: ignore[index]
    assert tax.subtypes("Battles")


def test_old_constants_come_from_the_taxonomy(tax: Taxonomy) -> None:
    import sitrep.evaluate as evaluate
    import sitrep.lexicon as lexicon
    from sitrep.lexicon import ACLED_TYPES, PLOVER_TYPES

    assert ACLED_TYPES == tax.acled_types() and list(ACLED_TYPES) == list(tax.type_names())
    assert PLOVER_TYPES == frozenset(tax.plover_types)
    assert lexicon.ACTOR_KINDS == frozenset(tax.actor_kinds) and lexicon.SOURCE_KINDS == tax.source_kinds
    assert evaluate.SUBTYPES == tax.all_subtypes()
    assert evaluate.TYPE_OF_SUBTYPE == tax.subtype_types()
    # CASE 2021 labels map to taxonomy sub-types (or to None: not a conflict event)
    assert {s for s in evaluate.CASE_SUBTYPES.values() if s} == set(tax.all_subtypes())
    with pytest.raises(AttributeError):
        lexicon.NO_SUCH_CONSTANT  # noqa: B018


# ---------------------------------------------------------------------------- a changed copy of the file
def test_a_new_subtype_shows_up(raw: dict) -> None:
    raw["types"]["Explosions/Remote violence"]["subtypes"].append("Incendiary balloon")
    tax = parse_taxonomy(raw)
    assert "Incendiary balloon" in tax.subtypes("Explosions/Remote violence")
    subs = tax.all_subtypes()
    assert len(subs) == 26 and subs.index("Incendiary balloon") == subs.index("Grenade") + 1  # in file order
    assert tax.type_of_subtype("Incendiary balloon") == "Explosions/Remote violence"
    assert tax.plover_of("Incendiary balloon") == "ASSAULT"
    assert tax.split("Explosions/Remote violence: Incendiary balloon") is not None
    assert not load_taxonomy().is_subtype("Incendiary balloon")  # the packaged taxonomy is untouched


def test_a_new_type_needs_a_family(raw: dict) -> None:
    raw["types"]["Ceasefires"] = {"plover": "AGREE", "subtypes": ["Truce declared"]}
    with pytest.raises(TaxonomyError, match="no family"):
        parse_taxonomy(raw)
    raw["families"]["ceasefires"] = ["Ceasefires"]
    tax = parse_taxonomy(raw)
    assert tax.family("Ceasefires") == "ceasefires" and tax.plover_of("Truce declared") == "AGREE"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["types"]["Riots"]["subtypes"].append("Armed clash"), "under both"),
    (lambda d: d["types"]["Riots"].update(plover="RIOT"), "unknown PLOVER"),
    (lambda d: d["families"]["demonstrations"].append("Battles"), "two families"),
    (lambda d: d["families"]["demonstrations"].append("Looting"), "not an event type"),
    (lambda d: d["split_by_subtype"].append("Arrests"), "not an event type"),
    (lambda d: d["types"]["Riots"].update(subtype=["x"]), "nothing else"),
    (lambda d: d.update(kinds=[]), "unknown section"),
    (lambda d: d["types"]["Riots"].update(subtypes="Mob violence"), "list of names"),
])
def test_malformed_copies_are_refused(raw: dict, change, message: str) -> None:
    change(raw)
    with pytest.raises(TaxonomyError, match=message):
        parse_taxonomy(raw)


def test_taxonomy_errors_are_data_file_errors() -> None:
    with pytest.raises(DataFileError):
        parse_taxonomy([])
