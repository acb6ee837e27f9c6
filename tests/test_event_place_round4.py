"""The event's place, round 4 of issue 11: the nearest-place fallback skips a place told in a clause beneath the
trigger that describes a participant or reports speech. Sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _trigger_and_places(ex: Extractor, text: str, word: str):
    from sitrep.resolve.places import resolve_places

    doc = ex.parse(text)
    tok = next(t for t in doc if t.text == word)
    return doc, tok, resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)


@pytest.mark.model
def test_a_place_in_a_relative_clause_is_below_the_trigger(ex: Extractor) -> None:
    from sitrep.resolve.event_place import _in_clause_below

    doc, tok, places = _trigger_and_places(ex, "Officers arrested a pastor whose church, which stood in Nakuru, "
                                               "was closed last year.", "arrested")
    nakuru = next(m for m in places if m.text == "Nakuru")
    assert _in_clause_below(doc[nakuru.token_i], tok)
    doc, tok, places = _trigger_and_places(ex, "Officers arrested a pastor in Nakuru last year.", "arrested")
    nakuru = next(m for m in places if m.text == "Nakuru")
    assert not _in_clause_below(doc[nakuru.token_i], tok)


@pytest.mark.model
def test_the_fallback_skips_a_place_of_a_clause_below(ex: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    # the ranker made to abstain (threshold 1.01), so the nearest-place fallback decides
    from sitrep.resolve import event_place as ep

    model = dict(ep.ranker())
    model["threshold"] = 1.01
    monkeypatch.setattr(ep, "ranker", lambda: model)
    doc, tok, places = _trigger_and_places(ex, "Officers arrested a pastor whose church, which stood in Nakuru, "
                                               "was closed last year.", "arrested")
    assert ep.event_place(doc, places, tok.i) is None
    doc, tok, places = _trigger_and_places(ex, "Officers arrested a pastor in Nakuru last year.", "arrested")
    got = ep.event_place(doc, places, tok.i)
    assert got is not None and got.name == "Nakuru"


@pytest.mark.model
def test_a_name_ending_an_organisations_name_is_no_place(ex: Extractor) -> None:
    # "al-Sham" is also an old name of Damascus: coordinated with a word of the group's name, it is part of it
    from sitrep.records import Article

    text = "The Islamic State of Iraq and al-Sham attacked an army checkpoint near the airport on Friday night."
    events = ex.extract(Article(id="t", text=text))
    assert events and all(e.where is None or e.where.name != "Damascus" for e in events), events

