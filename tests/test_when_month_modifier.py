"""A month (or a year) that modifies a noun naming no happening tells which thing it is ("their unpaid
October wages", "the September 2019 vote"), not when the event took place: it does not date the event. On the event's
own word ("the June protests") or under a time word ("in June") it still does. Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article


def _whens(pipe, text: str) -> list[str | None]:  # noqa: ANN001
    evs = pipe.extract(Article(id="t", text=text, published="2020-06-07"))
    assert evs, text
    return [e.when.start for e in evs]


@pytest.mark.model
def test_a_month_naming_which_thing_does_not_date_the_event(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Hundreds of nurses went on strike in Harbel demanding their unpaid October wages.") == [None]
    assert _whens(pipe, "Protesters marched in Harbel against the results of the September 2019 vote.") == [None]


@pytest.mark.model
def test_a_month_on_the_events_own_word_or_after_a_time_word_dates_it(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "The June protests in Harbel turned violent.") == ["2020-06-01"]
    assert _whens(pipe, "Protesters rallied in Harbel in June.") == ["2020-06-01"]
    assert _whens(pipe, "Protesters marched in Harbel after Friday prayers.") == ["2020-06-05"]  # a weekday: that day's prayers
