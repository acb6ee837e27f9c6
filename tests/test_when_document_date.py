"""A date after "dated" is a document's ("a letter dated 4 May", "a decree dated 2 March 2020"): the day it was
written or signed, never a happening's. Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article


def _whens(pipe, text: str) -> list[str | None]:  # noqa: ANN001
    evs = pipe.extract(Article(id="t", text=text, published="2020-06-07"))
    assert evs, text
    return [e.when.start for e in evs]


@pytest.mark.model
def test_a_documents_date_does_not_date_the_event_it_tells(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "In a letter dated 4 May, villagers said soldiers had burned their homes in Harbel.") == [None]
    assert _whens(pipe, "In a petition dated 21 May 2020, farmers said soldiers had burned their homes in Harbel.") == [None]


@pytest.mark.model
def test_the_same_date_without_dated_dates_the_event(pipe) -> None:  # noqa: ANN001
    assert _whens(pipe, "Soldiers burned homes in Harbel on 4 May.") == ["2020-05-04"]
