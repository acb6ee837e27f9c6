"""Engines run an Extractor over many articles: `(article, origin)` pairs in, ArticleResults out, in ANY order.

Each result carries the origin it was given (any picklable value: a file and line, an input index), so a
caller never relies on results coming back in input order; `in_input_order` restores it when numbered.

    local.LocalEngine       in this process (one Extractor, batched with nlp.pipe)
    processes.ProcessEngine a fork pool of worker processes, each loading its own Extractor
    ray_engine.RayEngine    a Ray Data actor pool, each actor loading its own Extractor (the `ray` extra)

A long-running worker (a pool process, a Ray actor) holds its Extractor in a `Reloader`, which loads it again
after every `reload_every` articles (RELOAD_EVERY by default): spaCy's Vocab and StringStore keep every new
word and string a process has met, and the gazetteer keeps every lookup, so over millions of articles of real
text they grow without bound; a fresh Extractor starts them empty. Output does not depend on it (tested).
"""
from __future__ import annotations

import collections
import contextlib
import ctypes
import dataclasses
import gc
import logging
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

from sitrep.records import Article, Event

if TYPE_CHECKING:
    from sitrep.gate import GateVerdict

log = logging.getLogger(__name__)

T = TypeVar("T")

# articles between two loads of a long-running worker's Extractor (0: never): a reload costs 0.4-1.5 CPU seconds
# (files cached or not), under 0.2% of the ~750 CPU seconds 10,000 articles take; bench/scale.py measures the
# growth it bounds
RELOAD_EVERY = 10_000


@dataclass(frozen=True)
class ArticleResult:
    """What one article gave: its events, or the error that stopped it (the batch goes on), and its origin."""

    article: Article
    events: tuple[Event, ...]
    error: str | None = None
    origin: Any = None  # what the caller passed with the article: where it came from
    gate: GateVerdict | None = None  # the relevance gate's verdict, when it ran (Settings.gate)

    @property
    def gated(self) -> bool:
        """True when the relevance gate held the article back: it was not parsed (no events, no error)."""
        return self.gate is not None and not self.gate.passed


Pair = tuple[Article, Any]  # (article, origin)


class Engine(Protocol):
    """What every engine offers."""

    def run(self, pairs: Iterable[Pair]) -> Iterator[ArticleResult]:
        """Results of every (article, origin) pair, in any order, each carrying its origin."""
        ...


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` consecutive items."""
    it = iter(items)
    while True:
        c = list(islice(it, size))
        if not c:
            return
        yield c


def run_chunk(extractor: Any, pairs: Sequence[Pair], batch_size: int) -> list[ArticleResult]:
    """Results of a chunk, parsed together with nlp.pipe; if the batch fails, one article at a time.

    When the extractor has a relevance gate (`extractor.gate`), each article's raw text is scored first and
    the articles it holds back come back unparsed, marked `gated`, with the gate's verdict."""
    gate = getattr(extractor, "gate", None)
    if gate is None:
        return _parse_chunk(extractor, pairs, batch_size)
    verdicts = [gate.verdict(art) for art, _ in pairs]
    passing = [pair for pair, v in zip(pairs, verdicts) if v.passed]
    parsed = iter(_parse_chunk(extractor, passing, batch_size) if passing else ())
    return [dataclasses.replace(next(parsed), gate=v) if v.passed else ArticleResult(art, (), None, origin, v)
            for (art, origin), v in zip(pairs, verdicts)]


def _parse_chunk(extractor: Any, pairs: Sequence[Pair], batch_size: int) -> list[ArticleResult]:
    out: list[ArticleResult] = []
    try:
        docs: list[Any] = list(extractor.docs([a for a, _ in pairs], batch_size=batch_size))
    except Exception:  # one bad article must not sink its batch: retry them singly below
        log.debug("batch failed, retrying one by one", exc_info=True)
        docs = [None] * len(pairs)
    for (art, origin), doc in zip(pairs, docs):
        try:
            if doc is None:
                doc = extractor.parse(art.text) if hasattr(extractor, "parse") else extractor.nlp(art.text)
            out.append(ArticleResult(art, tuple(extractor.events_of(doc, art)), None, origin))
        except Exception as exc:  # reported per article; the batch goes on
            log.debug("article %s failed", art.id, exc_info=True)
            out.append(ArticleResult(art, (), f"{type(exc).__name__}: {exc}", origin))
    return out


class Reloader:
    """An Extractor made by `factory()`, made again before a chunk once `every` articles went through it.

    `every` 0 (or less) never reloads. `run(pairs, batch_size)` is `run_chunk` on the current Extractor;
    `articles` counts what the current one did and `reloads` how often it was replaced."""

    def __init__(self, factory: Callable[[], Any], every: int = RELOAD_EVERY) -> None:
        self.factory = factory
        self.every = every
        self.extractor: Any = factory()
        self.articles = 0
        self.reloads = 0

    def run(self, pairs: Sequence[Pair], batch_size: int) -> list[ArticleResult]:
        """Results of a chunk (see run_chunk), after a reload when the current Extractor did its share."""
        if self.every > 0 and self.articles >= self.every:
            self.reload()
        results = run_chunk(self.extractor, pairs, batch_size)
        self.articles += len(pairs)
        return results

    def reload(self) -> None:
        """Drop the current Extractor (closing its gazetteer) and load a new one."""
        old, self.extractor = self.extractor, None
        gazetteer = getattr(old, "gazetteer", None)
        if gazetteer is not None and hasattr(gazetteer, "close"):
            gazetteer.close()
        del old, gazetteer
        gc.collect()  # the old model and its Vocab go now, before a second one is loaded
        _trim_heap()
        self.extractor = self.factory()
        self.articles = 0
        self.reloads += 1
        log.debug("extractor reloaded (%d so far)", self.reloads)


def _trim_heap() -> None:
    """Hand freed heap pages back to the system where the C library can (glibc's malloc_trim); else nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def in_input_order(results: Iterable[ArticleResult], start: int = 0,
                   key: Callable[[ArticleResult], int] = lambda r: r.origin) -> Iterator[ArticleResult]:
    """Results numbered start, start+1, ... by `key` (default: the origin itself), yielded in that order.

    Each result is yielded as soon as all lower numbers have been; only those ahead of a slower one wait."""
    waiting: dict[int, ArticleResult] = {}
    expected = start
    for result in results:
        waiting[key(result)] = result
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
    for key in sorted(waiting):  # only if some number never came back: keep what did, in order
        yield waiting.pop(key)


def unordered_from_ordered(extract_many: Callable[..., Iterable[ArticleResult]], pairs: Iterable[Pair],
                           n_process: int | None = None) -> Iterator[ArticleResult]:
    """Engine-style results (each carrying its origin) from an older `extract_many(articles, n_process)`
    that returns results in input order but without origins: the origins wait here, in input order."""
    origins: collections.deque[Any] = collections.deque()

    def articles() -> Iterator[Article]:
        for article, origin in pairs:
            origins.append(origin)
            yield article

    for result in extract_many(articles(), n_process=n_process):
        yield dataclasses.replace(result, origin=origins.popleft())


def engine_for(settings: Any, n_process: int, extractor: Any = None) -> Engine:
    """The local engine for one process (loading `extractor()` lazily if callable), else the fork pool."""
    if n_process <= 1:
        from sitrep.engines.local import LocalEngine

        return LocalEngine(extractor, batch_size=settings.batch_size)
    from sitrep.engines.processes import ProcessEngine

    return ProcessEngine(settings, n_process)


__all__ = ["RELOAD_EVERY", "ArticleResult", "Engine", "Pair", "Reloader", "chunks", "engine_for", "in_input_order", "run_chunk", "unordered_from_ordered"]
