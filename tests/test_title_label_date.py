"""A date that closes a headline as a label after a colon, a dash or a bar names the period or the issue a report
covers ("Militia activity log: 2014", "Monthly security digest - March 2020"), not the day of a happening in it: like a
dateline's, it never dates an event. A date inside the headline's own clause still does. Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article
from sitrep.resolve.dateline import title_label_spans


def _labels(text: str) -> list[str]:
    return [text[a:b] for a, b in title_label_spans(text)]


def test_a_date_closing_a_headline_after_a_separator_is_a_label() -> None:
    assert _labels("Attacks and statements involving the Harbel militia: 2016") == ["2016"]
    assert _labels("Monthly casualty tally - October 2018") == ["October 2018"]
    assert _labels("Field bulletin No. 12 | 4 March 2019\n\nMore text.") == ["4 March 2019"]
    assert _labels("Harbel weekly digest \u2013 12/03/2019") == ["12/03/2019"]
    # a bracket after the label narrows it to a day: the label is still the period, the bracketed day is the event's
    text = "Harbel district: May 2019 (14 May)"
    assert _labels(text) == ["May 2019"]


def test_a_date_in_the_headlines_own_clause_is_no_label() -> None:
    assert _labels("Militia fighters burned a market in Harbel in 2016") == []
    assert _labels("Market burned in Harbel, October 2018") == []  # a comma: the headline's own clause
    assert _labels("Harbel: militia burns market in October 2018") == []  # the date is inside the clause
    assert _labels("Body text first line\nCasualty tally: 2016") == []  # only the headline, the first line


@pytest.mark.model
def test_a_headline_label_does_not_date_the_headlines_event(pipe) -> None:  # noqa: ANN001
    title = "Militia attacks on Harbel villages: 2016"
    evs = pipe.extract(Article(id="t", text=title, title=title, published="2016-12-30"))
    assert evs and all(e.when.start is None for e in evs), [(e.subtype, e.when) for e in evs]
    narrowed = "Harbel killings: May 2019 (14 May)"
    evs = pipe.extract(Article(id="t", text=narrowed, title=narrowed, published="2019-06-02"))
    assert evs and evs[0].when.start == "2019-05-14", [(e.subtype, e.when) for e in evs]
    own = "Militia attacked Harbel villages in 2016"
    evs = pipe.extract(Article(id="t", text=own, title=own, published="2016-12-30"))
    assert evs and evs[0].when.start == "2016-01-01", [(e.subtype, e.when) for e in evs]
