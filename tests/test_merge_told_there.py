"""News writing tells a happening first at the level of a country, then, in the next sentence, where in it it
happened, referring back to it ("the clashes", "the protesters were shot"): one happening at the town, with the
first telling's toll (merge.told_there). A telling as another happening, on another day, with a toll of its own
that disagrees, or naming two towns stays apart. Test text of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article


def _events(pipe, text: str) -> list[tuple[str, str | None, int | None]]:  # noqa: ANN001
    evs = pipe.extract(Article(id="t", title="Unrest", text=text, published="2021-04-08"))
    return [(e.type, e.where.name if e.where else None, e.killed.best if e.killed else None) for e in evs]


@pytest.mark.model
def test_fighting_told_at_the_country_then_at_its_town_is_one(pipe) -> None:  # noqa: ANN001
    text = ("Fierce fighting erupted in northern Nigeria on Tuesday, leaving at least nine people dead. "
            "The clashes were concentrated around the market of Maiduguri, a local official said.")
    assert _events(pipe, text) == [("Battles", "Maiduguri", 9)]


@pytest.mark.model
def test_protesters_shot_told_again_at_the_town_is_one(pipe) -> None:  # noqa: ANN001
    text = ("Soldiers killed four demonstrators in Sudan on Tuesday. "
            "The demonstrators were shot outside the university in Khartoum, doctors said.")
    evs = _events(pipe, text)
    assert len(evs) == 1 and evs[0][0] == "Protests" and evs[0][1] == "Khartoum"


@pytest.mark.model
def test_another_clash_at_the_town_stays_apart(pipe) -> None:  # noqa: ANN001
    text = ("Fierce fighting erupted in northern Nigeria on Tuesday, leaving at least nine people dead. "
            "In another clash, soldiers fought gunmen near the market of Maiduguri, a local official said.")
    assert len(_events(pipe, text)) == 2


@pytest.mark.model
def test_a_different_toll_at_the_town_stays_apart(pipe) -> None:  # noqa: ANN001
    text = ("Fierce fighting erupted in northern Nigeria on Tuesday, leaving at least nine people dead. "
            "The clashes around the market of Maiduguri killed twelve people, a local official said.")
    assert len(_events(pipe, text)) == 2


@pytest.mark.model
def test_two_towns_named_stay_apart_from_the_countrys_toll(pipe) -> None:  # noqa: ANN001
    text = ("Fierce fighting erupted in northern Nigeria on Tuesday, leaving at least nine people dead. "
            "The clashes were concentrated around Maiduguri and Damaturu, a local official said.")
    assert ("Battles", "Nigeria", 9) in _events(pipe, text)


@pytest.mark.model
def test_a_telling_dated_another_day_stays_apart(pipe) -> None:  # noqa: ANN001
    text = ("Fierce fighting erupted in northern Nigeria on Tuesday, leaving at least nine people dead. "
            "On Sunday the clashes had centred on the market of Maiduguri, a local official said.")
    assert len(_events(pipe, text)) == 2


@pytest.mark.model
def test_a_province_told_later_says_more_than_the_country(pipe) -> None:  # noqa: ANN001
    text = ("Intense fighting flared across eastern Ukraine on Monday and at least five soldiers died. "
            "The clashes were concentrated near the railway station of Donetsk, a spokesman said.")
    evs = _events(pipe, text)
    assert evs == [("Battles", "Donetsk", 5)]
