"""Where an event's day is told outside its own clause (events/when.py): a paragraph that opens with a date
frames what it goes on to tell; a sentence that tells only when the event went on gives its day; a relative
date glossed in brackets takes the bracketed day; a span written "between 5-9 March" keeps both ends.
Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article
from sitrep.resolve.dates import resolve_date

PUB = "2020-03-12"  # a Thursday


def _whens(pipe, text: str) -> list[tuple[str | None, str | None]]:  # noqa: ANN001
    evs = pipe.extract(Article(id="t", text=text, published=PUB))
    assert evs, text
    return [(e.when.start, e.when.end) for e in evs]


@pytest.mark.model
def test_a_sentence_telling_only_when_it_happened_dates_the_event_before(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Gunmen killed a farmer in a village near Kisumu. The incident took place on Tuesday "
                        "night near the market.") == [("2020-03-10", "2020-03-10")]
    assert _whens(pipe, "Gunmen shot dead a trader in Kisumu. His body was found near the river on 9 March "
                        "2020.") == [("2020-03-09", "2020-03-09")]


@pytest.mark.model
def test_a_report_date_in_the_next_sentence_does_not_date_the_event(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Gunmen killed a farmer near Kisumu. Police said on Wednesday that they were looking "
                        "for the killers.") == [(None, None)]


@pytest.mark.model
def test_a_date_long_before_publication_in_the_next_sentence_does_not_date_the_event(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Gunmen killed a farmer near Kisumu. The farmer had moved to the village on 2 June "
                        "2011.") == [(None, None)]


@pytest.mark.model
def test_a_paragraph_opening_date_frames_its_later_sentences(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Other: On 9 March 2020, elders met rebel leaders near the river in Gulu. Some elders "
                       "left early. Rebels later abducted two of the elders.")
    assert got[-1] == ("2020-03-09", "2020-03-09")


@pytest.mark.model
def test_a_frame_ends_where_a_sentence_gives_its_own_time(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "On 9 March 2020, elders met rebel leaders near the river in Gulu. Talks went on until "
                       "the previous day. Rebels later abducted two of the elders.")
    assert got[-1] != ("2020-03-09", "2020-03-09")


@pytest.mark.model
def test_a_relative_date_glossed_in_brackets_takes_the_bracketed_day(pipe) -> None:  # noqa: ANN001
    # the gloss disagrees with "today" read against publication: the writer's own calendar day wins
    assert _whens(pipe, "Traders held a sit-in outside the town hall in Gulu today (10/03) against new market "
                        "fees.") == [("2020-03-10", "2020-03-10")]
    assert _whens(pipe, "Gunmen shot a teacher near the school in Gulu late on Sunday [1 March] as he walked "
                        "home.") == [("2020-03-01", "2020-03-01")]


@pytest.mark.parametrize("phrase, start, end", [
    ("between 5-9 March 2020", "2020-03-05", "2020-03-09"),
    ("Between 5-9 March", "2020-03-05", "2020-03-09"),
    ("between March 5-9", "2020-03-05", "2020-03-09"),
    ("from 3 to 5 March", "2020-03-03", "2020-03-05"),
])
def test_a_span_of_days_of_one_month_after_between_keeps_both_ends(phrase: str, start: str, end: str) -> None:
    w = resolve_date(phrase, PUB)
    assert (w.start, w.end, w.precision) == (start, end, "range")


@pytest.mark.model
def test_a_date_in_a_past_perfect_clause_outside_the_event_is_not_its_day(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "Soldiers clashed with rebels on Tuesday near the hill that the rebels had taken on "
                       "2 March.")
    assert got[0] == ("2020-03-10", "2020-03-10")
    got = _whens(pipe, "Soldiers clashed with rebels near the hill that the rebels had taken on 2 March.")
    assert got[0] == (None, None)


def test_a_day_told_from_the_day_named_last_is_counted_from_it() -> None:
    from sitrep.nlp.dates import DateMention
    from sitrep.resolve.dates import resolve_mentions

    ms = [DateMention(0, 8, "3 March", 1), DateMention(40, 52, "The next day", 9),
          DateMention(80, 92, "the same day", 15), DateMention(2000, 2012, "the next day", 300)]
    got = [(m.when.start, m.when.strategy) for m in resolve_mentions(ms, PUB)]
    assert got == [("2020-03-03", "explicit"), ("2020-03-04", "anaphoric"), ("2020-03-04", "anaphoric"),
                   (None, None)]  # the last one too far from any named day


@pytest.mark.model
def test_the_next_day_dates_an_event_from_the_day_before_it(pipe) -> None:  # noqa: ANN001
    got = _whens(pipe, "On 3 March, rebels shelled the market in Gulu. The next day, soldiers clashed with the "
                       "rebels near the river.")
    assert ("2020-03-04", "2020-03-04") in got


@pytest.mark.model
def test_a_hyphenated_length_before_a_noun_is_no_time(extractor) -> None:  # noqa: ANN001
    from sitrep.resolve.dates import resolve_mentions

    doc = extractor.parse("Shops in the port stayed shut during a day-long strike called by traders.")
    assert all(m.when.start is None for m in resolve_mentions(doc._.sitrep_dates or [], PUB))


def test_the_previous_day_counts_back_from_the_day_named_last_else_from_publication() -> None:
    from sitrep.nlp.dates import DateMention
    from sitrep.resolve.dates import resolve_mentions

    ms = [DateMention(0, 8, "3 March", 1), DateMention(40, 56, "the previous day", 9),
          DateMention(3000, 3016, "the previous day", 500)]
    got = [(m.when.start, m.when.strategy) for m in resolve_mentions(ms, PUB)]
    assert got[:2] == [("2020-03-03", "explicit"), ("2020-03-02", "anaphoric")]
    assert got[2][1] == "relative"  # no day named shortly before: the day before publication


def test_n_days_earlier_or_later_count_from_the_day_named_last() -> None:
    from sitrep.nlp.dates import DateMention
    from sitrep.resolve.dates import counted_shift, resolve_mentions

    ms = [DateMention(0, 8, "3 March", 1), DateMention(40, 56, "Two days earlier", 9),
          DateMention(90, 106, "a week later", 20)]
    got = [(m.when.start, m.when.strategy) for m in resolve_mentions(ms, PUB)]
    assert got == [("2020-03-03", "explicit"), ("2020-03-01", "anaphoric"), ("2020-03-08", "anaphoric")]
    assert counted_shift("two days ago") is None and counted_shift("several days later") is None
