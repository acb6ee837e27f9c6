"""Reloading a worker's Extractor every N articles (engines.Reloader): when it reloads, that the old gazetteer is
closed, and that the events do not change (in process and in the fork pool)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterable, Iterator

import pytest

from sitrep.engines import Reloader
from sitrep.engines.local import LocalEngine
from sitrep.engines.processes import ProcessEngine
from sitrep.extractor import Extractor
from sitrep.inputs import Quarantined, iter_inputs
from sitrep.records import Article
from sitrep.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class _Gazetteer:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


class _Fake:
    """An extractor without a model: a 'doc' is the text, and every article gives no events."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.gazetteer = _Gazetteer()
        self.seen: list[str] = []

    def docs(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[str]:
        return iter([a.text for a in articles])

    def events_of(self, doc: str, article: Article) -> list[Any]:
        self.seen.append(article.id)
        return []


def _pairs(n: int, start: int = 0) -> list[tuple[Article, int]]:
    return [(Article(id=f"a{k}", text=f"text {k}"), k) for k in range(start, start + n)]


def test_the_extractor_is_reloaded_before_the_chunk_after_every_n_articles() -> None:
    made: list[_Fake] = []

    def factory() -> _Fake:
        made.append(_Fake(len(made)))
        return made[-1]

    r = Reloader(factory, every=5)
    for start in range(0, 12, 4):  # chunks of 4: 12 articles
        r.run(_pairs(4, start), batch_size=4)
    # 4, then 8 >= 5: the third chunk goes to a new extractor; the old one's gazetteer is closed
    assert [x.seen for x in made] == [[f"a{k}" for k in range(8)], [f"a{k}" for k in range(8, 12)]]
    assert r.reloads == 1 and r.articles == 4
    assert made[0].gazetteer.closed and not made[1].gazetteer.closed


def test_reload_every_zero_never_reloads() -> None:
    made: list[_Fake] = []
    r = Reloader(lambda: made.append(_Fake(0)) or made[-1], every=0)
    for start in range(0, 40, 8):
        r.run(_pairs(8, start), batch_size=8)
    assert len(made) == 1 and r.reloads == 0 and r.articles == 40


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    arts = [item for _, item in iter_inputs([str(EXAMPLES)]) if not isinstance(item, Quarantined)]
    assert len(arts) >= 10
    return [dataclasses.replace(a, id=f"{a.id}-{k}") for k in range(2) for a in arts]  # each twice, own ids


@pytest.fixture(scope="module")
def local_events(articles: list[Article]) -> dict[int, list[dict[str, Any]]]:
    engine = LocalEngine(Extractor(Settings()), batch_size=4)
    return {r.origin: [e.as_dict() for e in r.events] for r in engine.run((a, i) for i, a in enumerate(articles))}


@pytest.mark.model
def test_reloading_in_process_gives_the_same_events(articles: list[Article],
                                                    local_events: dict[int, list[dict[str, Any]]]) -> None:
    r = Reloader(lambda: Extractor(Settings()), every=6)
    pairs = list(enumerate(articles))
    got: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(pairs), 4):
        for res in r.run([(a, i) for i, a in pairs[start:start + 4]], batch_size=4):
            assert res.error is None
            got[res.origin] = [e.as_dict() for e in res.events]
    assert r.reloads >= 2  # it did reload, more than once
    assert sum(map(len, local_events.values())) > 0
    assert got == local_events


@pytest.mark.model
def test_reloading_in_the_fork_pool_gives_the_same_events(articles: list[Article],
                                                          local_events: dict[int, list[dict[str, Any]]]) -> None:
    settings = Settings(n_process=2, batch_size=4)
    got = {r.origin: [e.as_dict() for e in r.events]
           for r in ProcessEngine(settings, 2, reload_every=5).run((a, i) for i, a in enumerate(articles))}
    assert got == local_events
