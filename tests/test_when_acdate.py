"""The event's date: a reference back left alone takes the sentence before's date, a date after publication
never dates an event, an event inside a "since" clause keeps its date. Sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _whens(pipe, text: str, published: str):  # noqa: ANN001, ANN202
    evs = pipe.extract(Article(id="t", text=text, published=published))
    return [(e.subtype, e.when.start, e.when.end) for e in evs]


@pytest.mark.model
def test_a_reference_back_left_alone_takes_the_sentence_befores_date(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Armed men stormed the home of a farmer in Tarlac on 8 February 2016. "
                       "Police said the attack was political.", "2016-02-10")
    assert got and all(start == "2016-02-08" for _, start, _ in got), got


@pytest.mark.model
def test_a_date_after_publication_never_dates_an_event(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Dock workers went on strike in Accra, and the union said the strike would end on "
                       "20 November 2018.", "2018-11-10")
    assert got and all(start != "2018-11-20" for _, start, _ in got), got


@pytest.mark.model
def test_since_its_own_object_still_dates(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Students have protested in Dhaka since 3 April 2016.", "2016-04-20")
    assert got and got[0][1] == "2016-04-03", got


@pytest.mark.model
def test_an_event_inside_the_since_clause_keeps_its_date(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Since the teachers' march in Puebla coincided with the crisis over the vote in July, "
                       "the governor hesitated.", "2016-11-03")
    assert any(start == "2016-07-01" for _, start, _ in got), got


@pytest.mark.model
def test_a_date_that_dates_nothing_leaves_the_paragraph_to_the_lead(pipe) -> None:  # noqa: ANN001
    text = ("Police cleared the protest camp in Admiralty today.\n\n"
            "Four student leaders were arrested. The sit-ins were the biggest challenge to the city's rulers "
            "since the handover in 1997.")
    got = _whens(pipe, text, "2014-12-11")
    assert got and all(start != "1997-01-01" for _, start, _ in got), got
