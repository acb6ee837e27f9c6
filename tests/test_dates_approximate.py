"""A count of years told as approximate ("nearly 30 years ago", "about 20 years ago", "more than 10 years ago")
spans a tenth of the count (at least a year) on the side its word gives; an exact count is one year. So a story's
background told with a rounded age ("the riots nearly 30 years ago") still overlaps the year it is told with
elsewhere. Phrases of our own."""
from __future__ import annotations


import pytest

from sitrep.dates import resolve_date

PUB = "2020-06-07"


@pytest.mark.parametrize("text, start, end", [
    ("nearly 30 years ago", "1990-01-01", "1993-12-31"),  # a little less than 30 years
    ("almost 10 years ago", "2010-01-01", "2011-12-31"),
    ("about 20 years ago", "1998-01-01", "2002-12-31"),  # either side
    ("some 40 years ago", "1976-01-01", "1984-12-31"),
    ("more than 10 years ago", "2009-01-01", "2010-12-31"),  # a little more
    ("over 50 years ago", "1965-01-01", "1970-12-31"),
    ("30 years ago", "1990-01-01", "1990-12-31"),  # an exact count: one year
    ("three years ago", "2017-01-01", "2017-12-31"),
])
def test_approximate_years_ago(text: str, start: str, end: str) -> None:
    w = resolve_date(text, PUB)
    assert (w.start, w.end, w.precision) == (start, end, "year")
