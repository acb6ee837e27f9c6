"""Dates as coded notes and world news write them: numeric day-first dates, two-digit years, outlet names,
bare month words, "22 or 23 June" ranges (sentences written for these tests)."""
from __future__ import annotations

import pytest
import spacy

from sitrep.dates import find_date_mentions, resolve_date

PUB = "2017-03-13"  # a Monday


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


def _texts(nlp: spacy.language.Language, text: str) -> list[str]:
    return [m.text for m in find_date_mentions(nlp(text))]


@pytest.mark.parametrize("text,start", [
    ("14/08/2016", "2016-08-14"),     # day first: there is no month 14
    ("06/03/2016", "2016-03-06"),     # day first by default (dates.yaml numeric_order)
    ("8/14/2016", "2016-08-14"),      # no 14th month: the other order
    ("31-12-2007", "2007-12-31"),
    ("14.08.2016", "2016-08-14"),
    ("06/03", "2017-03-06"),          # no year: the latest such day by publication
    ("(01/02)", "2017-02-01"),
    ("25/3", "2016-03-25"),           # well after publication: last year's
    ("21 Jul 16", "2016-07-21"),      # a two-digit year after the month
    ("01 Oct 98", "1998-10-01"),      # a two-digit year after the publication year is last century's
])
def test_numeric_dates_read_day_first(text: str, start: str) -> None:
    w = resolve_date(text, PUB)
    assert (w.start, w.end, w.precision) == (start, start, "day"), w


@pytest.mark.parametrize("text", ["24/7", "13/13", "31/02/2016"])
def test_numeric_non_dates_stay_unplaced(text: str) -> None:
    assert resolve_date(text, PUB).start is None


def test_numeric_dates_are_found_where_a_date_stands(blank) -> None:
    assert _texts(blank, "Traders marched on 06/03 and again from 15/3-19/3.") == ["06/03", "15/3"]
    assert _texts(blank, "Shops were looted in the morning (01/02).") == ["01/02"]
    assert _texts(blank, "The council met on 14/08/2016, then on 2.9.2016 and 8/24/2016.") == ["14/08/2016", "2.9.2016", "8/24/2016"]
    assert _texts(blank, "The vote ended 6/3 and the clinic is open 24/7.") == []  # a score, a slogan


def test_two_digit_year_closes_the_phrase(blank) -> None:
    assert "21 Jul 16" in _texts(blank, "A trader was shot in the market on 21 Jul 16.")
    assert "21 Jul 16" not in _texts(blank, "Guards arrived on 21 Jul 16 hours after the raid.")
