"""A date that belongs to another phrase of the sentence does not date the event: a year on the noun of another
happening names which one it is ("the verdict in the 2016 killing"), and a date in a relative clause on a name
tells that person's or body's past ("the governor, who was elected in 2017"). A date of the event's own clause, or
a relative clause that holds the event, still dates it. Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article


def _whens(pipe, text: str) -> list[tuple[str, str | None]]:  # noqa: ANN001
    evs = pipe.extract(Article(id="t", text=text, published="2020-06-07"))
    assert evs, text
    return [(e.type, e.when.start) for e in evs]


@pytest.mark.model
def test_a_year_on_another_happenings_noun_is_that_happenings(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Students marched in Harbel over the verdict in the 2016 killing of a taxi driver.")
    assert ("Protests", None) in got
    assert ("Violence against civilians", "2016-01-01") in got  # the killing keeps its year


@pytest.mark.model
def test_a_date_in_a_relative_clause_on_a_name_does_not_date_the_event(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Villagers clashed with police in Harbel against Mayor Tomas Kollie, who took office three "
                        "years ago.") == [("Riots", None)]
    assert _whens(pipe, "Police fired tear gas at traders in Harbel protesting against Governor Amos Brown, who was "
                        "elected in 2017.") == [("Riots", None)]


@pytest.mark.model
def test_the_events_own_date_still_dates_it(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Traders protested in Harbel in 2017.") == [("Protests", "2017-01-01")]
    assert _whens(pipe, "The man who was shot in Harbel in 2017 died.") == [("Violence against civilians", "2017-01-01")]
    got = _whens(pipe, "Hundreds of students marched in Harbel on Thursday over the verdict in the 2016 killing of a "
                       "taxi driver.")
    assert ("Protests", "2020-06-04") in got
