"""The issue's phrase tables: figures -> (low, best, high) and date phrases -> span and precision, plus properties."""
from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.dates import date_words, duration, resolve_date, shift_when
from sitrep.figures import parse_count
from sitrep.records import When

PUB = "2019-10-18"  # a Friday


@pytest.mark.parametrize("text, want", [
    ("9 killed", (9, 9, 9)),
    ("at least 31", (31, 31, None)),
    ("more than 70", (71, 71, None)),
    ("as many as 18", (None, 18, 18)),
    ("up to 60", (None, 60, 60)),
    ("nearly 90", (None, 90, 90)),
    ("some 800", (None, 800, None)),
    ("about 450", (None, 450, None)),
    ("between 12 and 30", (12, None, 30)),
    ("dozens", (24, None, 99)),
    ("scores", (40, None, 99)),
    ("hundreds", (200, None, 999)),
    ("thousands", (2000, None, 9999)),
    ("tens of thousands", (20000, None, 99999)),
    ("hundreds of thousands", (200000, None, 999999)),
    ("three hundred and forty", (340, 340, 340)),
    ("eleven", (11, 11, 11)),
    ("sixty-three", (63, 63, 63)),
])
def test_figure_phrases(text: str, want: tuple[int | None, int | None, int | None]) -> None:
    got = parse_count(text)
    assert got is not None and (got.low, got.best, got.high) == want


@pytest.mark.parametrize("text, start, end, precision", [
    ("on Friday", "2019-10-18", "2019-10-18", "day"),  # the publication's own weekday is that day
    ("Tuesday", "2019-10-15", "2019-10-15", "day"),
    ("on Saturday", "2019-10-12", "2019-10-12", "day"),
    ("last weekend", "2019-10-12", "2019-10-13", "range"),
    ("last week", "2019-10-07", "2019-10-13", "week"),
    ("the previous day", "2019-10-17", "2019-10-17", "day"),
    ("earlier this month", "2019-10-01", "2019-10-18", "range"),
    ("late August", "2019-08-21", "2019-08-31", "range"),
    ("in August", "2019-08-01", "2019-08-31", "month"),
    ("in November", "2018-11-01", "2018-11-30", "month"),  # a month still ahead is last year's
    ("in 1994", "1994-01-01", "1994-12-31", "year"),
    ("last month", "2019-09-01", "2019-09-30", "month"),
    ("three days ago", "2019-10-15", "2019-10-15", "day"),
    ("over three months", "2019-07-18", "2019-10-18", "range"),
    ("since May", "2019-05-01", "2019-10-18", "range"),
    ("March 3, 2017", "2017-03-03", "2017-03-03", "day"),
    ("last summer", "2019-06-01", "2019-08-31", "range"),  # the latest summer that has ended
    ("last spring", "2019-03-01", "2019-05-31", "range"),
    ("over the summer", "2019-06-01", "2019-08-31", "range"),
    ("winter 2015", "2014-12-01", "2015-02-28", "range"),
    ("in 24 hours", "2019-10-17", "2019-10-18", "range"),
    ("over the past 48 hours", "2019-10-16", "2019-10-18", "range"),
    ("five hours ago", "2019-10-18", "2019-10-18", "day"),
])
def test_date_phrases(text: str, start: str, end: str, precision: str) -> None:
    w = resolve_date(text, PUB)
    assert (w.start, w.end, w.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["daily", "almost daily", "every night"])
def test_recurring_words_give_no_span_of_their_own(text: str) -> None:
    w = resolve_date(text, PUB)
    assert w.start is None and w.strategy == "recurring"


def test_the_fall_of_a_town_is_no_season() -> None:
    assert resolve_date("the fall", PUB).start is None
    assert resolve_date("last fall", PUB).start == "2018-09-01"


@pytest.mark.parametrize("text, want", [("two days", (2, "day")), ("a week", (1, "week")),
                                        ("3 months", (3, "month")), ("just four years", (4, "year")),
                                        ("days", None), ("", None)])
def test_duration(text: str, want: tuple[int, str] | None) -> None:
    assert duration(text) == want


def test_shift_from_a_day_and_not_from_a_vaguer_date() -> None:
    day = When(text="Sunday", start="2019-10-13", end="2019-10-13", precision="day")
    assert shift_when(day, 2, "day", -1, "two days after").start == "2019-10-11"
    assert shift_when(day, 1, "week", 1, "a week before").start == "2019-10-20"
    assert shift_when(day, 1, "month", -1, "a month after").start == "2019-09-13"
    month = When(text="in May", start="2019-05-01", end="2019-05-31", precision="month")
    assert shift_when(month, 2, "day", -1, "two days after").start is None


_VAGUE = st.sampled_from(["in", "last", "this", "late", "early", "mid", "since", "over the", "", "the"])
_UNIT = st.sampled_from(date_words().month_names + ("month", "year", "summer", "winter", "spring", "autumn"))


@given(_VAGUE, _UNIT, st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 10, 1)))
def test_month_and_year_precision_never_carry_the_publication_day(pre: str, unit: str, pub: date) -> None:
    w = resolve_date(f"{pre} {unit}".strip(), pub.isoformat())
    if w.precision in ("month", "year"):
        s, e = date.fromisoformat(w.start), date.fromisoformat(w.end)
        assert s.day == 1 and e.day == calendar.monthrange(e.year, e.month)[1]
        if w.precision == "year":
            assert (s.month, e.month) == (1, 12)
    if w.start is not None:
        assert w.start <= w.end


@given(st.text(max_size=40), st.integers(min_value=-3, max_value=10_000), st.sampled_from(["day", "week", "month", "year"]))
def test_duration_and_shift_never_crash(text: str, n: int, unit: str) -> None:
    got = duration(text)
    assert got is None or got[0] > 0
    w = shift_when(When(text="x", start="2019-10-13", end="2019-10-13", precision="day"), n, unit, -1, text)
    assert w.start is None or w.start == w.end


@given(st.lists(st.sampled_from(["at", "least", "more", "than", "as", "many", "up", "to", "nearly", "some", "about",
                                 "between", "and", "dozens", "scores", "hundreds", "of", "thousands", "tens", "two",
                                 "hundred", "fifty", "7", "1,200", "a", "dozen", "several", "-", "or"]),
                min_size=1, max_size=8))
def test_bounds_stay_ordered(words: list[str]) -> None:
    got = parse_count(" ".join(words))
    if got is not None:
        vals = [v for v in (got.low, got.best, got.high) if v is not None]
        assert vals == sorted(vals)


@pytest.mark.parametrize("text, start", [("since mid-May", "2019-05-11"), ("since last week", "2019-10-07"),
                                         ("since last month", "2019-09-01"), ("since early 2018", None)])
def test_since_runs_from_the_start_of_what_follows_to_publication(text: str, start: str | None) -> None:
    w = resolve_date(text, PUB)
    if start is None:
        assert w.start is None or w.end == PUB
    else:
        assert (w.start, w.end, w.precision) == (start, PUB, "range")


def test_for_some_hours_is_a_length_not_a_date() -> None:
    assert resolve_date("for two hours", PUB).start is None


def test_fact_lexicons_are_well_formed() -> None:
    """The cue lists the date, figure and source rules read: present, non-empty, lower-case words."""
    from sitrep.figures import figure_words
    from sitrep.lexicon import load_lexicon

    lex = load_lexicon()
    for name in ("sequence_adverbs", "link_preps", "anaphor_nouns", "contrast_words", "series_words",
                 "outcome_marks", "scene_nouns", "statement_nouns", "facility_nouns"):
        words = lex.cue(name)
        assert words, name
        assert all(isinstance(w, str) and w == w.lower().strip() and w for w in words), name
    seasons = date_words().seasons
    assert set(seasons) >= {"spring", "summer", "autumn", "winter"}
    assert all(1 <= a <= 12 and 1 <= b <= 12 for a, b in seasons.values())
    fw = figure_words()
    assert fw.person_pronouns and fw.killing_adverbs
    assert not fw.people & fw.not_people
