"""The event's place, round 3 of issue 11: datelines wherever the byline puts them, and the reference points of
distance-and-direction phrases. Sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _places(ex: Extractor, text: str) -> list[tuple[str | None, str | None]]:
    return [(e.where.name if e.where else None, e.where.feature if e.where else None)
            for e in ex.extract(Article(id="t", text=text))]


@pytest.mark.model
def test_a_dateline_after_a_byline_is_not_the_event_place(ex: Extractor) -> None:
    head = "Jane Roe\n\nThe Wire Service\n\n"
    for text, city in ((head + "CAIRO — Attacks by militants on checkpoints in northern Sinai killed at least 12 "
                        "soldiers, officials said Friday.\n", "Cairo"),
                       (head + "MANILA, Philippines — New Year attacks by armed rebels in farming villages in the southern "
                        "Philippines left at least 11 people dead, officials said Sunday.\n", "Manila")):
        got = _places(ex, text)
        assert got and all(name != city for name, _ in got), (text, got)
    # the same city named in the body is a place like any other
    body = head + "Police fired tear gas at protesters in Nairobi on Sunday.\n"
    assert ("Nairobi", "place") in _places(ex, body)
