"""Date phrases that name a span between two days ("between May 3 and the evening of May 9", "on Tuesday and
Wednesday") and holidays that name a day of the calendar ("on Memorial Day", "Christmas Eve", "Good Friday 2016").
Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article
from sitrep.resolve.dates import resolve_date

SAT = "2015-12-26"  # a Saturday


@pytest.mark.parametrize("phrase, published, start, end", [
    ("between October 2nd and the night of October 9th", "2018-11-02", "2018-10-02", "2018-10-09"),
    ("between the afternoon of April 30 and the evening of May 2", "2018-05-20", "2018-04-30", "2018-05-02"),
    ("from 30 June to 2 July 2019", "2019-08-01", "2019-06-30", "2019-07-02"),
    ("from 28 December to 3 January 2020", "2020-02-01", "2019-12-28", "2020-01-03"),  # the year written once
])
def test_a_span_between_two_days_covers_both(phrase: str, published: str, start: str, end: str) -> None:
    w = resolve_date(phrase, published)
    assert (w.start, w.end, w.precision) == (start, end, "range"), w


def test_numbers_between_two_figures_are_no_span() -> None:
    assert resolve_date("between 10 and 20", SAT).start is None


@pytest.mark.parametrize("phrase, start, end", [
    ("on Tuesday and Wednesday", "2015-12-22", "2015-12-23"),
    ("Friday or Saturday", "2015-12-25", "2015-12-26"),  # the second: the latest such day by publication
    ("Sunday and Monday", "2015-12-20", "2015-12-21"),
    ("next Monday and Tuesday", "2015-12-28", "2015-12-29"),  # looking ahead: the days after publication
])
def test_two_weekdays_joined_name_the_days_from_one_to_the_other(phrase: str, start: str, end: str) -> None:
    w = resolve_date(phrase, SAT)
    assert (w.start, w.end, w.precision) == (start, end, "range"), w


@pytest.mark.parametrize("phrase, published, start, end", [
    ("on Memorial Day", "2020-05-30", "2020-05-25", "2020-05-25"),  # the last Monday of May
    ("Labor Day", "2019-09-10", "2019-09-02", "2019-09-02"),  # the first Monday of September
    ("Thanksgiving", "2019-12-01", "2019-11-28", "2019-11-28"),  # the fourth Thursday of November
    ("Christmas Eve", SAT, "2015-12-24", "2015-12-24"),
    ("Christmas", "2016-01-05", "2015-12-25", "2015-12-25"),  # the latest by publication: last year's
    ("Good Friday 2016", "2017-01-01", "2016-03-25", "2016-03-25"),  # two days before Easter
    ("Easter", "2019-05-01", "2019-04-21", "2019-04-21"),
    ("over Christmas Day and Boxing Day", SAT, "2015-12-25", "2015-12-26"),
    ("New Year\u2019s Eve and New Year\u2019s Day", "2016-01-03", "2015-12-31", "2016-01-01"),
    ("the Memorial Day weekend", "2020-05-30", "2020-05-23", "2020-05-25"),  # Saturday to the Monday
])
def test_a_holiday_names_its_day(phrase: str, published: str, start: str, end: str) -> None:
    w = resolve_date(phrase, published)
    assert (w.start, w.end) == (start, end), w
    assert w.strategy == "holiday"


def test_may_day_is_a_day_and_may_a_month() -> None:
    assert (resolve_date("May Day", "2020-05-30").start, resolve_date("May Day", "2020-05-30").precision) == ("2020-05-01", "day")
    assert resolve_date("in May", "2020-05-30").precision == "month"


@pytest.mark.model
def test_spans_and_holidays_date_the_events_of_sentences(pipe) -> None:  # noqa: ANN001
    def whens(text: str, published: str) -> list[tuple[str | None, str | None]]:
        evs = pipe.extract(Article(id="t", text=text, published=published))
        assert evs, text
        return [(e.when.start, e.when.end) for e in evs]

    assert whens("Unknown men robbed and killed a fuel seller outside Harbel between the evening of May 2 and the dawn of May 3.",
                 "2021-05-10") == [("2021-05-02", "2021-05-03")]
    assert whens("Gunmen killed four villagers near Harbel on Christmas Eve.", SAT) == [("2015-12-24", "2015-12-24")]
    assert whens("Police shot dead a protester in Harbel on Memorial Day.", "2020-05-30") == [("2020-05-25", "2020-05-25")]
    assert whens("Rebels raided six farms near Harbel on Tuesday and Wednesday.", SAT) == [
        ("2015-12-22", "2015-12-23")]
