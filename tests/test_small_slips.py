"""Small slips of issue 11, each a general fact of English, on sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.nlp.numbers import parse_count
from sitrep.records import Article


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipe, text: str, published: str = "2021-04-19"):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published=published))


def test_a_scale_word_is_never_dropped_from_a_figure() -> None:
    for text in ("nine quintillion", "nine septillion"):
        got = parse_count(text)
        assert got is None or got.best != 9, (text, got)
    got = parse_count("two trillion")
    assert got is not None and got.best == 2_000_000_000_000


@pytest.mark.model
def test_nine_quintillion_fighters_is_not_a_toll_of_nine(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Gunmen killed nine quintillion fighters in Gao on Monday.")
    assert all(e.killed is None or e.killed.best != 9 for e in evs), [e.killed for e in evs]


@pytest.mark.model
def test_police_shooting_protesters_dead_names_each_side_once(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Police shot dead three protesters in Gao on Monday.")
    assert evs
    ev = evs[0]
    assert ev.actor1 is not None and ev.actor2 is not None
    assert {ev.actor1.kind, ev.actor2.kind} == {"protesters", "state_forces"}, (ev.actor1, ev.actor2)
    assert ev.killed is not None and ev.killed.best == 3


@pytest.mark.model
def test_soldiers_killed_gives_the_toll(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Nine soldiers were killed in an ambush near Gao on Monday.")
    assert evs and evs[0].killed is not None and evs[0].killed.best == 9, [e.killed for e in evs]


@pytest.mark.model
def test_a_number_after_a_noun_is_a_label_not_a_year(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Riot 1801.")
    assert all(e.when.start is None for e in evs), [e.when for e in evs]
    evs = _events(pipe, "Soldiers killed 40 protesters in Gao in 1982.")
    assert evs and evs[0].when.start == "1982-01-01"
    evs = _events(pipe, "The 1982 massacre in Gao killed hundreds.")
    assert evs and evs[0].when.start == "1982-01-01"
