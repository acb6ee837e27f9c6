"""The in-process engine: one Extractor, articles parsed in batches with nlp.pipe."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from sitrep.engines import ArticleResult, Pair, chunks, run_chunk


class LocalEngine:
    """Runs (article, origin) pairs through one Extractor in this process, chunk by chunk.

    `extractor` is an Extractor, or a callable giving one: it is then called only when the first chunk
    arrives (no model is loaded for no articles). Results come in input order here, but callers must not
    count on that: engines promise any order."""

    def __init__(self, extractor: Any, batch_size: int = 16) -> None:
        self._extractor = extractor
        self.batch_size = batch_size

    @property
    def extractor(self) -> Any:
        """The Extractor, loaded on first use when a factory was given."""
        if callable(self._extractor) and not hasattr(self._extractor, "extract"):
            factory: Callable[[], Any] = self._extractor
            self._extractor = factory()
        return self._extractor

    def run(self, pairs: Iterable[Pair]) -> Iterator[ArticleResult]:
        """Results of every pair, each carrying its origin."""
        for chunk in chunks(pairs, max(1, self.batch_size)):
            yield from run_chunk(self.extractor, chunk, self.batch_size)
