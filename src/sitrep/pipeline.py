"""The Pipeline: the one-object API over an Extractor (extractor.py) and the engines (engines/).

`Pipeline.extract(article)` gives one article's events; `extract_many(articles, n_process)` gives results in
input order; `extract_unordered(pairs, n_process)` gives results of (article, origin) pairs in any order,
each carrying its origin (what ingest uses); `extract_ordered(pairs, n_process)` the same in input order.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Iterator

from sitrep.engines import ArticleResult, Pair, engine_for, in_input_order
from sitrep.extractor import Extractor, title_end
from sitrep.records import Article, Event
from sitrep.settings import Settings

__all__ = ["ArticleResult", "Pipeline", "default_pipeline", "title_end"]


class Pipeline:
    """Loads models once (on first use) and turns articles into events."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._extractor: Extractor | None = None
        self._builder: Any = None

    # ---------------------------------------------------------------- loading
    @property
    def extractor(self) -> Extractor:
        """The Extractor (model, gazetteer, event builder), loaded on first use."""
        if self._extractor is None:
            self._extractor = Extractor(self.settings, builder=self._builder)
            self._builder = self._extractor.builder
        return self._extractor

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline with sitrep's components, loaded on first use."""
        return self.extractor.nlp

    @property
    def _gaz(self) -> Any:
        return self.extractor.gazetteer

    @property
    def builder(self) -> Any:
        """The event builder (plain logic after the spaCy components)."""
        if self._builder is None:
            from sitrep.events import EventBuilder

            self._builder = EventBuilder(typer=self.settings.typer)
        return self._builder

    # ---------------------------------------------------------------- one doc
    def extract(self, article: Article) -> list[Event]:
        """Events of one article."""
        return self.extractor.extract(article)

    def places(self, article: Article) -> list[Any]:
        """Every place mention of one article, resolved (for `sitrep places`)."""
        return self.extractor.places(article)

    # ---------------------------------------------------------------- many
    def extract_unordered(self, pairs: Iterable[Pair], n_process: int | None = None) -> Iterator[ArticleResult]:
        """Results of (article, origin) pairs in ANY order, each carrying its origin, using `n_process` processes."""
        n = self.settings.n_process if n_process is None else n_process
        return engine_for(self.settings, n, lambda: self.extractor).run(pairs)

    def extract_ordered(self, pairs: Iterable[Pair], n_process: int | None = None) -> Iterator[ArticleResult]:
        """Results of (article, origin) pairs in input order, each carrying its origin."""
        numbered = ((article, (i, origin)) for i, (article, origin) in enumerate(pairs))
        for result in in_input_order(self.extract_unordered(numbered, n_process), key=lambda r: r.origin[0]):
            yield dataclasses.replace(result, origin=result.origin[1])

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        """Events of many articles, in input order, using `n_process` worker processes.

        Each result's origin is the article's index in the input (0, 1, ...)."""
        numbered = ((article, i) for i, article in enumerate(articles))
        yield from in_input_order(self.extract_unordered(numbered, n_process))


_DEFAULT: dict[str, Pipeline] = {}


def default_pipeline() -> Pipeline:
    """A process-wide Pipeline for the one-call API, created on first use."""
    if "p" not in _DEFAULT:
        _DEFAULT["p"] = Pipeline()
    return _DEFAULT["p"]
