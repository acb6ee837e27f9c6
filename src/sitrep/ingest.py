"""Corpus ingest: inputs → Pipeline.extract_unordered → the store, in committed batches, then dedup.

Resumable by construction: an article and all its events are written in the same transaction, and an
article whose id and content hash are already stored is skipped before extraction. A run killed at any
point loses at most its uncommitted batch, which the next run redoes; nothing is stored twice.
"""
from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Protocol, Sequence

from sitrep.engines import in_input_order, unordered_from_ordered
from sitrep.readers import Origin, Quarantined, iter_inputs
from sitrep.records import Article, Event
from sitrep.store import Store, WriteBatch

log = logging.getLogger(__name__)

BATCH_SIZE = 64  # articles per transaction: small enough to lose little when killed, large enough to be fast


class ExtractsMany(Protocol):
    """What ingest needs of a pipeline: `Pipeline.extract_many`'s signature (results in input order).

    A pipeline that also has `extract_unordered(pairs, n_process)` (as Pipeline has: (article, origin)
    pairs in, results carrying their origin out, in any order) is run through that instead."""

    def extract_many(self, articles: Any, n_process: int | None = None) -> Iterator[Any]: ...


class Ticket(NamedTuple):
    """The origin ingest hands the engine with each article: its place in this run's input, and its source."""

    seq: int  # 0, 1, ... in input order: results are put back in this order before they are stored
    origin: Origin


@dataclass
class IngestStats:
    """Counters of one ingest run."""

    read: int = 0  # articles read from the inputs
    skipped: int = 0  # already stored with the same content
    stored: int = 0  # articles written
    events: int = 0  # events written
    quarantined: int = 0  # inputs (or lines) that could not be read, or failed extraction
    gated: int = 0  # of the articles stored, those the relevance gate held back (stored, not parsed)
    failed: int = 0  # of those, articles whose extraction failed
    clusters: int = 0  # clusters written by the dedup pass
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        """Articles finished this run (stored, skipped or failed)."""
        return self.stored + self.skipped + self.failed

    def rate(self) -> float:
        """Articles finished per second so far."""
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


class _Gate:
    """Bounds how many articles are between the reader and the writer.

    Pipeline.extract_many hands its input to a worker pool whose feeder thread reads as fast as it can;
    without this gate a million-line JSONL would be read into memory long before it is extracted."""

    def __init__(self, size: int) -> None:
        self._sem = threading.Semaphore(size)
        self.size = size

    def enter(self) -> None:
        """Wait for room (called by the reader for each article)."""
        self._sem.acquire()

    def leave(self) -> None:
        """Free one place (called by the writer for each result)."""
        self._sem.release()


class Ingest:
    """One ingest run into the store at `db`."""

    def __init__(self, db: str | Path, pipeline: ExtractsMany, workers: int = 2, batch_size: int = BATCH_SIZE,
                 window: int | None = None, dedup: bool = True) -> None:
        self.db = Path(db)
        self.pipeline = pipeline
        self.workers = workers
        self.batch_size = batch_size
        # room for every worker's chunk several times over: the pool never starves, memory stays bounded
        chunk = getattr(getattr(pipeline, "settings", None), "batch_size", 16)
        self.window = window or max(4 * chunk * max(1, workers), batch_size, 64)
        self.dedup = dedup
        # the pipeline runs the relevance gate (Settings.gate): articles it holds back are stored as gated
        self.gating = bool(getattr(getattr(pipeline, "settings", None), "gate", False))
        self._gate_scores: dict[str, tuple[bool, float]] = {}  # article id -> (held back, score), until stored
        self.stats = IngestStats()
        self._lock = threading.Lock()
        self._quarantine: collections.deque[tuple[str, int | None, str]] = collections.deque()

    # the reader side: may run in the worker pool's feeder thread, so it has its own connection
    def _feed(self, inputs: Sequence[str], published: str | None, gate: _Gate,
              items: Iterable[tuple[Origin, Article | Quarantined]] | None = None) -> Iterator[tuple[Article, Ticket]]:
        reader = Store.open(self.db, readonly=True)
        writer: Store | None = None  # opened only when unreadable inputs pile up with no article between them
        seq = 0
        try:
            for origin, item in (iter_inputs(inputs, published=published) if items is None else items):
                if isinstance(item, Quarantined):
                    self._quarantine.append((item.path, item.line, item.reason))
                    with self._lock:
                        self.stats.quarantined += 1
                    if len(self._quarantine) >= 4 * self.batch_size:
                        # the writer only flushes when results come; a million bad lines in a row must not
                        # wait in memory for one: this thread stores them itself, in committed batches
                        writer = writer or Store.open(self.db)
                        self._flush(writer, [])
                    continue
                with self._lock:
                    self.stats.read += 1
                if reader.has_article(item, parsed=not self.gating):  # an ungated run redoes gated ones
                    with self._lock:
                        self.stats.skipped += 1
                    continue
                gate.enter()
                yield item, Ticket(seq, origin)
                seq += 1
        finally:
            reader.close()
            if writer is not None:
                writer.close()

    def results(self, inputs: Sequence[str], published: str | None = None,
                items: Iterable[tuple[Origin, Article | Quarantined]] | None = None) -> Iterator[tuple[Origin, Any]]:
        """(origin, ArticleResult) of each article not yet stored, in input order, through the bounded gate.

        The engine may finish articles in any order; each result carries its Ticket, and results are put
        back in input order here (so the store's order is the input's). An article leaves the gate when
        it is handed on, so finished articles waiting for a slower one still count against the window."""
        gate = _Gate(self.window)
        pairs = self._feed(inputs, published, gate, items)
        for result in in_input_order(self._extract(pairs), key=lambda r: r.origin.seq):
            gate.leave()
            ticket: Ticket = result.origin
            yield ticket.origin, dataclasses.replace(result, origin=ticket.origin)

    def _extract(self, pairs: Iterable[tuple[Article, Ticket]]) -> Iterator[Any]:
        """Results of (article, ticket) pairs, each carrying its ticket, in any order."""
        unordered = getattr(self.pipeline, "extract_unordered", None)
        if unordered is not None:
            return unordered(pairs, n_process=self.workers)  # type: ignore[no-any-return]
        return unordered_from_ordered(self.pipeline.extract_many, pairs, n_process=self.workers)

    def run(self, inputs: Sequence[str], published: str | None = None,
            progress: Callable[[IngestStats], None] | None = None,
            items: Iterable[tuple[Origin, Article | Quarantined]] | None = None) -> IngestStats:
        """Ingest `inputs` (files, folders), or `items` already read (`sitrep watch`: feed entries and their
        pages); `progress` is called after each article and at the end."""
        self.stats = IngestStats()
        with Store.open(self.db) as store:
            pending: list[tuple[Article, Sequence[Event], str | None]] = []
            self._gate_scores = {}
            for origin, result in self.results(inputs, published, items):
                if result.error:
                    self._quarantine.append((origin.path, origin.line,
                                             f"extraction failed for article {result.article.id!r}: {result.error}"))
                    with self._lock:
                        self.stats.quarantined += 1
                        self.stats.failed += 1
                else:
                    where = origin.path if origin.line is None else f"{origin.path}:{origin.line}"
                    pending.append((result.article, result.events, where))
                    verdict = getattr(result, "gate", None)
                    if verdict is not None:
                        self._gate_scores[result.article.id] = (not verdict.passed, verdict.score)
                if len(pending) >= self.batch_size or len(self._quarantine) >= self.batch_size:
                    self._flush(store, pending)
                    pending = []
                if progress is not None:
                    progress(self.stats)
            self._flush(store, pending)
            if self.dedup:
                _, self.stats.clusters = _recluster(store)
            if progress is not None:
                progress(self.stats)
        return self.stats

    def _flush(self, store: Store, pending: list[tuple[Article, Sequence[Event], str | None]]) -> None:
        """Write pending articles and quarantined inputs in one transaction."""
        quarantined = []
        while True:  # the reader thread may add (or take) entries meanwhile: take what is there
            try:
                quarantined.append(self._quarantine.popleft())
            except IndexError:
                break
        if not pending and not quarantined:
            return
        scores = self._gate_scores
        held = {a.id: scores[a.id][1] for a, _, _ in pending if a.id in scores and scores[a.id][0]}
        passed = {a.id: scores[a.id][1] for a, _, _ in pending if a.id in scores and not scores[a.id][0]}
        n_articles, n_events = store.write_batch(WriteBatch(articles=pending, quarantined=quarantined,
                                                            gated=held, gate_scores=passed))
        for article, _, _ in pending:
            scores.pop(article.id, None)
        with self._lock:
            self.stats.gated += len(held)
            self.stats.stored += n_articles
            # an article seen twice in one run (two inputs, same id and text) is stored once
            self.stats.skipped += len(pending) - n_articles
            self.stats.events += n_events


def _recluster(store: Store) -> tuple[int, int]:
    from sitrep.dedup import recluster

    return recluster(store)
