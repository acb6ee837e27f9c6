"""A stand-in for the NLP pipeline in ingest tests: fast, deterministic, optionally slow or eager.

Run as a script it ingests with the stub (the kill -9 test runs it in a child process):
    python tests/ingest_stub.py DB INPUT [--delay S]
"""
from __future__ import annotations

import queue
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from sitrep.pipeline import ArticleResult
from sitrep.records import Actor, Article, Count, Event, Evidence, Place, Source, When, event_id, stable_hash

# a few made-up towns on a made-up grid, so stub events have places to cluster on
TOWNS = [("Alderford", "North Vale", 10.0, 20.0), ("Brindlemoor", "North Vale", 10.05, 20.05),
         ("Cressington", "South Vale", 12.0, 22.0)]


def stub_event(article: Article, n: int = 0) -> Event:
    """One event per article: a protest in a town chosen by the article's text, on its publication date."""
    name, admin1, lat, lon = TOWNS[int(stable_hash(article.text)[:6], 16) % len(TOWNS)]
    end = min(len(article.text), 80)
    trigger = "marched" if n == 0 else f"marched{n}"
    return Event(
        id=event_id(article.id, "Protests", "Peaceful protest", 0, trigger), article=article.id, trigger=trigger, type="Protests", subtype="Peaceful protest",
        plover="PROTEST", actor1=Actor("marchers", "Protesters", "protesters", "XX"),
        where=Place(name, name, 1, "place", admin1, "XX", lat, lon, 1),
        when=When("today", article.published, article.published, "day" if article.published else "unknown"),
        participants=Count(100, 100, 100, "100"), sources=(Source("police", "police", "official"),),
        evidence=(Evidence(article.text[:end], 0, end),),
    )


class StubPipeline:
    """Pipeline.extract_unordered and extract_many without spaCy; text containing FAIL gives an error result.

    eager=True reads its input from a thread as fast as it can, as multiprocessing.Pool.imap does,
    and records the largest number of articles it ever held (`peak_backlog`); events=False gives none;
    shuffle=N gives results back in a scrambled order within windows of N (as a process pool may)."""

    def __init__(self, delay: float = 0.0, eager: bool = False, events: bool = True, shuffle: int = 0) -> None:
        self.delay = delay
        self.events = events
        self.eager = eager
        self.shuffle = shuffle
        self.peak_backlog = 0

    def _one(self, article: Article, origin: Any = None) -> ArticleResult:
        if self.delay:
            time.sleep(self.delay)
        if "FAIL" in article.text:
            return ArticleResult(article, (), "RuntimeError: stub failure", origin)
        return ArticleResult(article, (stub_event(article),) if self.events else (), None, origin)

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        yield from self._run(((a, None) for a in articles))

    def extract_unordered(self, pairs: Iterable[tuple[Article, Any]], n_process: int | None = None) -> Iterator[ArticleResult]:
        if not self.shuffle:
            yield from self._run(pairs)
            return
        window: list[ArticleResult] = []
        for result in self._run(pairs):
            window.append(result)
            if len(window) >= self.shuffle:
                yield from reversed(window)
                window = []
        yield from reversed(window)

    def _run(self, pairs: Iterable[tuple[Article, Any]]) -> Iterator[ArticleResult]:
        if not self.eager:
            for article, origin in pairs:
                yield self._one(article, origin)
            return
        backlog: queue.Queue[Any] = queue.Queue()
        done = object()

        def pump() -> None:
            for pair in pairs:
                backlog.put(pair)
                self.peak_backlog = max(self.peak_backlog, backlog.qsize())
            backlog.put(done)

        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
        while (item := backlog.get()) is not done:
            yield self._one(*item)
        thread.join()


def main(argv: list[str]) -> int:
    """Ingest INPUT into DB with the stub pipeline (for the kill -9 test)."""
    from sitrep.ingest import Ingest

    db, source = argv[0], argv[1]
    delay = float(argv[argv.index("--delay") + 1]) if "--delay" in argv else 0.0
    Ingest(Path(db), StubPipeline(delay=delay), workers=1, batch_size=8).run([source])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
