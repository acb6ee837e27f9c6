"""Capitals back for news written all in lower case (nlp/truecase.py). Texts of our own."""
from __future__ import annotations

import pytest

from sitrep.nlp.truecase import lowercased, recase
from sitrep.records import Article

PLACES = {"nakuru": "place", "rift valley": "admin1", "kenya": "country", "police": "place", "eldoret": "place"}
ENGLISH = {"police", "said", "the", "on", "in", "of", "a", "and", "march", "may", "fired", "tear", "gas"}

STORY = ("nakuru: police fired tear gas at hundreds of kenyan traders in nakuru on wednesday, the rift valley "
         "police commander said. the traders had marched from eldoret since may 5. i saw it, one trader said. "
         "they may march again in march 2022, or on friday.")


def _recase(text: str) -> str:
    return recase(text, lambda p: PLACES.get(p.lower()), lambda w: w in ENGLISH, frozenset({"kenyan", "kenyans"}))


def test_recase_gives_names_days_months_and_sentences_their_capitals() -> None:
    out = _recase(STORY)
    assert len(out) == len(STORY) and out.lower() == STORY  # only the case of letters changes
    assert out.startswith("Nakuru: police fired")  # a town that is an English word ("police") stays lower case
    for words in ("in Nakuru on Wednesday", "the Rift Valley police", "Kenyan traders", "from Eldoret since May 5",
                  ". I saw it", "They may march again in March 2022", "on Friday"):
        assert words in out, words


def test_only_a_lowercased_text_is_recased() -> None:
    assert lowercased(STORY * 2)
    assert not lowercased("Police fired tear gas at traders in Nakuru on Wednesday, a commander said. " * 4)
    assert not lowercased("short text in lower case")  # too short to judge


@pytest.mark.model
def test_a_lowercased_article_gets_its_places_and_evidence_stays_its_own(pipe) -> None:  # noqa: ANN001
    text = ("nakuru traders protest\n\nhundreds of traders protested in nakuru on wednesday against a new market "
            "levy, and police fired tear gas to disperse them. the county government said the levy would stay. "
            "traders in eldoret also protested on thursday, a union official said, and several shops stayed "
            "closed in the town for most of the day.")
    evs = pipe.extract(Article(id="t", text=text, published="2021-04-23"))
    places = {e.where.name for e in evs if e.where is not None}
    assert {"Nakuru", "Eldoret"} <= places, [(e.type, e.where) for e in evs]
    assert all(v.text == text[v.start:v.end] for e in evs for v in e.evidence)
