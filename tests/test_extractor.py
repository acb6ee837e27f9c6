"""Extractor and engines: two threads at once give what one at a time gives; engines return every origin once."""
from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sitrep.engines import ArticleResult, in_input_order
from sitrep.engines.local import LocalEngine
from sitrep.engines.processes import ProcessEngine
from sitrep.extractor import Extractor
from sitrep.inputs import Quarantined, iter_inputs
from sitrep.records import Article
from sitrep.settings import Settings

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Settings())


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    arts = [item for _, item in iter_inputs([str(EXAMPLES)]) if not isinstance(item, Quarantined)]
    assert len(arts) >= 10
    return arts


@pytest.fixture(scope="module")
def serial(extractor: Extractor, articles: list[Article]) -> list[list[dict]]:
    return [[e.as_dict() for e in extractor.extract(a)] for a in articles]


def test_extract_from_a_thread_pool_equals_serial_calls(extractor: Extractor, articles: list[Article],
                                                         serial: list[list[dict]]) -> None:
    assert any(serial)
    work = articles * 2  # each article twice, so the same article is also in two threads at once
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda a: [e.as_dict() for e in extractor.extract(a)], work))
    assert threaded == serial * 2


def _shuffled_pairs(articles: list[Article], seed: int) -> list[tuple[Article, tuple[str, int]]]:
    pairs = [(a, ("origin", i)) for i, a in enumerate(articles)]
    bad = Article(id="bad", text=None)  # type: ignore[arg-type]  # not text: fails alone
    pairs.append((bad, ("origin", -1)))
    random.Random(seed).shuffle(pairs)
    return pairs


def _check(results: list[ArticleResult], articles: list[Article], serial: list[list[dict]]) -> None:
    by_origin = {r.origin: r for r in results}
    assert len(by_origin) == len(results) == len(articles) + 1  # every origin exactly once
    for i, art in enumerate(articles):
        r = by_origin[("origin", i)]
        assert r.article is art or r.article == art
        assert r.error is None
        assert [e.as_dict() for e in r.events] == serial[i]
    bad = by_origin[("origin", -1)]
    assert bad.error and not bad.events and bad.article.id == "bad"


def test_local_engine_returns_every_origin_once_with_its_result(extractor: Extractor, articles: list[Article],
                                                                 serial: list[list[dict]]) -> None:
    results = list(LocalEngine(extractor, batch_size=3).run(_shuffled_pairs(articles, 1)))
    _check(results, articles, serial)


def test_process_engine_returns_every_origin_once_with_its_result(articles: list[Article],
                                                                   serial: list[list[dict]]) -> None:
    results = list(ProcessEngine(Settings(batch_size=2), 2).run(_shuffled_pairs(articles, 2)))
    _check(results, articles, serial)


def test_in_input_order() -> None:
    arts = [Article(id=str(i), text="x") for i in range(6)]
    scrambled = [ArticleResult(arts[i], (), None, i) for i in (3, 0, 5, 1, 2, 4)]
    assert [r.origin for r in in_input_order(scrambled)] == list(range(6))
