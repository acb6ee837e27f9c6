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


def test_outlet_names_are_not_today(blank) -> None:
    assert _texts(blank, "Two people died in the blast, USA Today reported.") == []
    assert _texts(blank, "Police told Russia Today that the march was banned.") == []
    assert _texts(blank, "Today, two men died in a shootout with police.") == ["Today"]
    assert _texts(blank, "Protesters gathered today, the paper said.") == ["today"]
    assert _texts(blank, "Protesters Clash With Police Today") == ["Today"]  # a title-case headline


def test_march_alone_is_a_date_only_after_a_month_word(blank) -> None:
    assert _texts(blank, "Some 300 residents joined a 'Thank Our Nurses' March near the square.") == []
    assert _texts(blank, "Students staged a 'March to the Capital' rally.") == []
    assert _texts(blank, "Farmers protested in March, and again last March.") == ["March", "March"]
    assert _texts(blank, "The union struck in early March and on March 6, 2016.") == ["early March", "March 6, 2016"]
    assert _texts(blank, "Clashes broke out in March 2015 and May 2016.") == ["March 2015", "May 2016"]
    assert "June" in _texts(blank, "Fighting resumed in June.")  # other months alone stay dates


@pytest.mark.parametrize("text,start,end", [
    ("June 22 or 23", "2016-06-22", "2016-06-23"),
    ("22 or 23 June", "2016-06-22", "2016-06-23"),
    ("July 17 or 18, 2015", "2015-07-17", "2015-07-18"),
    ("14 and 15 October 2015", "2015-10-14", "2015-10-15"),
    ("2-5 Jun 2016", "2016-06-02", "2016-06-05"),
])
def test_two_days_of_a_month_span_both(text: str, start: str, end: str) -> None:
    w = resolve_date(text, "2016-12-01")
    assert (w.start, w.end, w.precision) == (start, end, "range"), w


def test_two_days_of_a_month_are_found_whole(blank) -> None:
    assert _texts(blank, "A trader was shot in the market on June 22 or 23.") == ["June 22 or 23"]
    assert _texts(blank, "Rival clans fought on 14 and 15 October 2015 in the hills.") == ["14 and 15 October 2015"]
    assert _texts(blank, "A guard was killed there around 2-5 Jun 2016.") == ["2-5 Jun 2016"]
    assert "June 22 and 23" not in _texts(blank, "On June 22 and 23 people were hurt.")  # 23 people, not the 23rd


def test_paper_names_are_not_recurring_words(blank) -> None:
    assert _texts(blank, "Two men were shot in Cebu on 3 May 2016, the Philippine Daily Inquirer said.") == ["3 May 2016"]
    assert _texts(blank, "The Daily Star said a journalist was beaten.") == []
    assert _texts(blank, "Daily clashes shook the town.") == ["Daily"]
    assert _texts(blank, "Guards fired on crowds almost daily.") == ["almost daily"]
