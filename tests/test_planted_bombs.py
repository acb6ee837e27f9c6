"""A bomb planted or left somewhere is a remote explosive; one that failed is disrupted weapons use."""
from __future__ import annotations

import pytest

from sitrep.lexicon import load_lexicon
from sitrep.records import Article


def test_container_verbs_are_declared() -> None:
    holders = load_lexicon().cue("container_verbs")
    assert {"contain", "pack"} <= holders and "carry" not in holders


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _subtypes(pipeline, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.subtype for e in pipeline.extract(Article(id="t", text=text, published="2020-03-06"))]


@pytest.mark.model
def test_a_bag_holding_a_bomb_left_somewhere_is_an_explosive_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _subtypes(pipeline, "Police said a man left a bag containing a bomb outside a bank in Graz on 3 March.") \
        == ["Remote explosive/landmine/IED"]


@pytest.mark.model
def test_a_planted_bomb_that_failed_is_disrupted(pipeline) -> None:  # type: ignore[no-untyped-def]
    # the failure told in the trigger's own clause; one told in a relative clause is not read yet
    assert _subtypes(pipeline, "Militants planted a bomb near a school in Quetta on Monday but the bomb failed.") \
        == ["Disrupted weapons use"]


@pytest.mark.model
def test_leaving_an_ordinary_thing_is_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _subtypes(pipeline, "She left a bag containing her laptop in a taxi in Graz on Monday.") == []
