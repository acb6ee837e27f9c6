"""A bare generic head ("the officers") falls back to its default actor; gunfire keeps a clash with police armed."""
from __future__ import annotations

import pytest

from sitrep.lexicon import LexiconError, load_lexicon, parse_actors, parse_generic_defaults
from sitrep.records import Article


def test_shipped_defaults_name_known_words() -> None:
    lex = load_lexicon()
    known = {w for a in lex.actors for w in a.words}
    assert lex.generic_defaults, "actors.yaml should declare generic_defaults"
    for head, word in lex.generic_defaults.items():
        assert head in lex.generic_heads and word in known


@pytest.mark.parametrize("defaults", [{"sailor": "police"}, {"officer": "constabulary"}])
def test_bad_defaults_are_rejected(defaults: dict[str, str]) -> None:
    data = {"generic_heads": ["officer"], "generic_defaults": defaults,
            "actors": [{"words": ["police"], "name": "Police Forces of {country}", "kind": "state_forces"}]}
    actors, _ = parse_actors(data)
    with pytest.raises(LexiconError):
        parse_generic_defaults(data, actors)


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipeline, text: str):  # type: ignore[no-untyped-def]
    return pipeline.extract(Article(id="t", text=text, published="2020-05-06"))


@pytest.mark.model
def test_bare_officers_under_fire_is_a_clash_with_police(pipeline) -> None:  # type: ignore[no-untyped-def]
    (ev,) = _events(pipeline, "The officers sent to the farm came under fire from a barn near Ashford on Monday, "
                              "a spokesman said.")
    assert ev.subtype == "Armed clash"
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces" and ev.actor2.name.startswith("Police")


@pytest.mark.model
def test_a_modifier_still_decides_over_the_default(pipeline) -> None:  # type: ignore[no-untyped-def]
    evs = _events(pipeline, "Army officers were attacked by gunmen near Mosul on Monday.")
    assert any(e.actor2 is not None and e.actor2.name.startswith("Military Forces") for e in evs)


@pytest.mark.model
def test_unarmed_crowd_against_officers_stays_a_riot(pipeline) -> None:  # type: ignore[no-untyped-def]
    evs = _events(pipeline, "Villagers clashed with officers in Ashford on Monday after a land dispute.")
    assert [e.subtype for e in evs] == ["Violent demonstration"]
