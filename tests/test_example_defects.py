"""Typing and actor rules found by reading the bundled examples' output (test sentences of our own)."""
from __future__ import annotations

import pytest

from sitrep.records import Article


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipe, text: str, published: str = "2021-04-16"):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published=published))


@pytest.mark.model
def test_passive_toll_is_the_count_of_the_clash_its_clause_tells(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "At least nine people were killed on Wednesday when Iraqi soldiers fought fighters of the "
                        "Islamic State near the border.")
    assert len(evs) == 1, [(e.subtype, e.trigger) for e in evs]
    ev = evs[0]
    assert ev.subtype == "Armed clash"
    assert ev.killed is not None and ev.killed.low == 9
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "rebels" and ev.actor2.name == "Islamic State"


@pytest.mark.model
def test_habitual_adverb_covers_the_conjoined_verbs(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Its gunmen usually ambush patrols and set up camps in the hills.")
    assert evs == [], [(e.subtype, e.trigger) for e in evs]


@pytest.mark.model
def test_a_checkpoint_is_not_a_base(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Rebels set up checkpoints on the highway on Monday.")
    assert all(e.subtype != "Headquarters or base established" for e in evs), [(e.subtype, e.trigger) for e in evs]
