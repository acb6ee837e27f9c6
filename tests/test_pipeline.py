"""End to end with the real spaCy model: the Python API, many articles in two processes, bad articles."""
from __future__ import annotations

import json

import pytest

import sitrep
from sitrep.pipeline import ArticleResult, Pipeline, title_end
from sitrep.records import Article, Event

pytestmark = pytest.mark.model

TEXT = """Troops shell Idlib suburbs

IDLIB, Syria, March 14, 2019 (Wire) - Government artillery shelled two villages south of Idlib on Wednesday, killing at least nine civilians, a local doctor said.

In Aleppo, about 2,000 people protested on Tuesday against rising bread prices, witnesses said.

Police arrested 14 students in Aleppo on Monday. Opposition activists said the claim could not be independently verified.
"""


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_extract_gives_typed_dated_placed_events(pipeline: Pipeline) -> None:
    art = Article(id="idlib", text=TEXT, title="Troops shell Idlib suburbs", published="2019-03-14")
    events = pipeline.extract(art)
    kinds = {(e.type, e.subtype) for e in events}
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") in kinds
    assert ("Protests", "Peaceful protest") in kinds
    assert ("Strategic developments", "Arrests") in kinds
    shell = next(e for e in events if e.subtype == "Shelling/artillery/missile attack")
    assert shell.when.start == "2019-03-13" and shell.when.precision == "day"
    assert shell.killed is not None and shell.killed.low == 9 and shell.killed.high is None
    assert shell.where is not None and shell.where.country == "SY"
    assert any(s.kind == "medical" for s in shell.sources)
    protest = next(e for e in events if e.type == "Protests")
    assert protest.participants is not None and protest.participants.best == 2000
    assert protest.where is not None and protest.where.name.lower().startswith("aleppo")
    arrest = next(e for e in events if e.subtype == "Arrests")
    assert arrest.arrested is not None and arrest.arrested.best == 14
    for e in events:  # every record is traceable to its sentence
        assert e.article == "idlib"
        for ev in e.evidence:
            assert TEXT[ev.start:ev.end] == ev.text
        assert Event.from_dict(json.loads(json.dumps(e.as_dict()))) == e


def test_ids_are_stable_across_runs(pipeline: Pipeline) -> None:
    art = Article(id="idlib", text=TEXT, published="2019-03-14")
    assert [e.id for e in pipeline.extract(art)] == [e.id for e in pipeline.extract(art)]


def test_unknown_publication_date_leaves_relative_dates_unknown(pipeline: Pipeline) -> None:
    art = Article(id="nodate", text="Police arrested 14 students in Aleppo on Monday.")
    events = pipeline.extract(art)
    assert events and all(e.when.precision == "unknown" and e.when.start is None for e in events)


def test_extract_many_two_processes_keeps_order_and_survives_bad_articles() -> None:
    arts = [Article(id=f"a{i}", text=TEXT, published="2019-03-14") for i in range(5)]
    arts.insert(2, Article(id="bad", text=None))  # type: ignore[arg-type]  # not text: fails alone
    results = list(Pipeline().extract_many(arts, n_process=2))
    assert [r.article.id for r in results] == [a.id for a in arts]
    bad = results[2]
    assert isinstance(bad, ArticleResult) and bad.error and not bad.events
    assert all(r.error is None and r.events for i, r in enumerate(results) if i != 2)


def test_extract_ordered_and_unordered_carry_their_origins() -> None:
    arts = [Article(id=f"a{i}", text=f"Police arrested {i + 2} students in Aleppo on Monday.", published="2019-03-14")
            for i in range(6)]
    pairs = [(a, ("file.jsonl", i + 1)) for i, a in enumerate(arts)]
    pipe = Pipeline()
    ordered = list(pipe.extract_ordered(pairs, n_process=2))
    assert [(r.article.id, r.origin) for r in ordered] == [(a.id, o) for a, o in pairs]
    assert all(r.error is None and r.events for r in ordered)
    unordered = list(pipe.extract_unordered(pairs, n_process=1))
    assert sorted((r.origin, r.article.id) for r in unordered) == sorted((o, a.id) for a, o in pairs)
    assert [r.events for r in sorted(unordered, key=lambda r: r.origin)] == [r.events for r in ordered]


def test_one_call_api() -> None:
    events = sitrep.extract("Police arrested 14 students in Aleppo on Monday.", published="2019-03-14")
    assert [e.subtype for e in events] == ["Arrests"]
    assert events[0].when.start == "2019-03-11"


def test_a_place_is_not_an_actor(pipeline: Pipeline) -> None:
    events = pipeline.extract(Article(id="x", text="Rebels shelled Idlib on Monday.", published="2019-03-14"))
    assert events and events[0].actor1 is not None and events[0].actor1.kind == "rebels"
    assert events[0].actor2 is None
    assert events[0].where is not None and events[0].where.country == "SY"


def test_title_end() -> None:
    assert title_end(Article(id="x", text="Title here\n\nBody.", title="Title here")) == 10
    assert title_end(Article(id="x", text="Body only.", title="Other")) == 0
    assert title_end(Article(id="x", text="One line only.", title="One line only.")) == 0


@pytest.mark.parametrize("text, expected", [
    ("Soldiers faced off against militiamen near Tikrit last week.", ("Battles", "Armed clash")),
    ("Riot police lined the avenues of Nairobi on Sunday to stop a planned march.", ("Strategic developments", "Other")),
    ("Police tightened their grip on Mombasa on Sunday.", ("Strategic developments", "Other")),
    ("The 2013 crackdown in Cairo left hundreds of people dead.", ("Violence against civilians", "Attack")),
])
def test_lexicon_phrases_on_own_sentences(pipeline: Pipeline, text: str, expected: tuple[str, str]) -> None:
    events = pipeline.extract(Article(id="x", text=text, published="2019-03-14"))
    assert expected in {(e.type, e.subtype) for e in events}


def test_general_words_without_detail_are_not_events(pipeline: Pipeline) -> None:
    text = "The government crackdown drew criticism abroad. Analysts say the violence would spread if talks fail."
    assert pipeline.extract(Article(id="x", text=text, published="2019-03-14")) == []
