"""Long articles: event building grows linearly with the article's length, and an article longer than the
model's one-piece limit is parsed in paragraph-aligned pieces (issue 13, item 11)."""
from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest

from sitrep.nlp.build import parse, text_pieces
from sitrep.pipeline import Pipeline
from sitrep.records import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from long_article import article  # noqa: E402  the bench's synthetic article: varied sentences, paragraphs


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    pipe = Pipeline()
    pipe.extract(Article(id="warm", text=article(3000)))  # lazy loads out of the timings
    return pipe


def _build_seconds(pipe: Pipeline, chars: int) -> float:
    text = article(chars)
    doc = pipe.nlp(text)
    art = Article(id=str(chars), text=text)
    t0 = time.process_time()
    events = pipe.extractor.events_of(doc, art)
    spent = time.process_time() - t0
    assert len(events) > chars // 200  # the article is full of events: they are all built
    return spent


def test_event_building_time_grows_linearly_with_article_length(pipeline: Pipeline) -> None:
    small = min(_build_seconds(pipeline, 8_000) for _ in range(2))
    large = _build_seconds(pipeline, 32_000)
    # 4 times the text: about 4 times the time when linear, 16 when quadratic (it was ~15 before)
    assert large / max(small, 0.02) < 8, (small, large)


def _date_finder_seconds(pipe: Pipeline, chars: int) -> float:
    from sitrep.nlp.dates import find_date_mentions

    doc = pipe.nlp(article(chars))
    t0 = time.process_time()
    found = find_date_mentions(doc)
    spent = time.process_time() - t0
    assert len(found) > chars // 400  # a day named in most sentences: many date mentions
    return spent


def test_date_finder_time_grows_linearly_with_article_length(pipeline: Pipeline) -> None:
    # each date mention once read doc.text, which spaCy rebuilds from every token: quadratic (25 s of 54 s
    # at 250,000 characters)
    small = min(_date_finder_seconds(pipeline, 8_000) for _ in range(2))
    large = _date_finder_seconds(pipeline, 32_000)
    assert large / max(small, 0.005) < 8, (small, large)


def test_text_pieces_join_back_and_end_at_breaks() -> None:
    text = article(20_000)
    pieces = list(text_pieces(text, 3_000))
    assert "".join(pieces) == text and all(len(p) <= 3_000 for p in pieces) and len(pieces) > 6
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # at paragraph breaks
    one_paragraph = " ".join(["Troops shelled the town on Monday."] * 300)
    pieces = list(text_pieces(one_paragraph, 1_000))
    assert "".join(pieces) == one_paragraph and all(p.endswith(". ") for p in pieces[:-1])
    blob = "x" * 2_500
    assert list(text_pieces(blob, 1_000)) == ["x" * 1_000, "x" * 1_000, "x" * 500]


def test_an_article_longer_than_the_model_limit_is_parsed_in_pieces(pipeline: Pipeline) -> None:
    text = article(6_000)
    whole = pipeline.extract(Article(id="a", text=text))
    doc = parse(pipeline.nlp, text, piece_chars=1_000)
    assert doc.text == text and len(list(doc.sents)) == len(list(pipeline.nlp(text).sents))
    limit = pipeline.nlp.max_length
    pipeline.nlp.max_length = 2_000  # as if the article were over a million characters: spaCy's E088 before
    try:
        pieced = pipeline.extract(Article(id="a", text=text))
        places = pipeline.places(Article(id="a", text=text))
        results = list(pipeline.extract_many([Article(id="a", text=text)], n_process=1))
    finally:
        pipeline.nlp.max_length = limit
    assert pieced == whole
    assert len(places) > 10
    assert results[0].error is None and list(results[0].events) == whole


def _merge_link_seconds(pipe: Pipeline, chars: int) -> float:
    """CPU seconds of the merge and link stages alone on the bench's article of `chars` characters."""
    from sitrep.events.stages import Stage

    builder = pipe.extractor.builder
    stages = builder.stages
    spent = [0.0]

    def timed(stage: Stage) -> Stage:
        def run(ctx, drafts):  # type: ignore[no-untyped-def]
            t0 = time.process_time()
            out = stage.run(ctx, drafts)
            spent[0] += time.process_time() - t0
            return out
        return Stage(stage.name, run, stage.writes, stage.adds, stage.drops)

    text = article(chars)
    doc = pipe.nlp(text)
    builder.stages = tuple(timed(s) if s.name in ("merge", "link") else s for s in stages)
    gc.collect()
    gc.disable()  # a collection of the whole heap (the model, the Docs) landing inside a timed stage is no growth
    try:
        events = pipe.extractor.events_of(doc, Article(id=str(chars), text=text))
    finally:
        gc.enable()
        builder.stages = stages
    assert len(events) > chars // 200
    return spent[0]


def test_merge_and_link_time_grows_linearly_with_article_length(pipeline: Pipeline) -> None:
    # every draft was checked against every earlier draft at its town (the article names 20 towns), and a
    # follow-up's walk back went over every earlier draft: 10.6 times the time for 4 times the text before
    small = min(_merge_link_seconds(pipeline, 12_000) for _ in range(2))
    large = min(_merge_link_seconds(pipeline, 48_000) for _ in range(2))
    assert large / max(small, 0.005) < 7, (small, large)
