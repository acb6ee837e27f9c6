"""The fork-pool engine: worker processes, each with its own Extractor, results as they finish.

Module globals: only `_WORKER`, the Extractor a pool worker loads once in its initializer and uses for
every chunk it is sent. multiprocessing gives a worker no other place to keep it between tasks; the
parent process never fills it.
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Iterable, Iterator

from sitrep.engines import ArticleResult, Pair, chunks, run_chunk
from sitrep.settings import Settings

_WORKER: dict[str, Any] = {}  # in a pool worker: "x" -> its Extractor, "batch" -> nlp.pipe batch size


class ProcessEngine:
    """Runs (article, origin) pairs in `n_process` forked workers; results in completion order (imap_unordered)."""

    def __init__(self, settings: Settings, n_process: int) -> None:
        self.settings = settings
        self.n_process = n_process

    def run(self, pairs: Iterable[Pair]) -> Iterator[ArticleResult]:
        """Results of every pair, each carrying its origin, in whatever order the workers finish them."""
        size = max(1, self.settings.batch_size)
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(self.n_process, initializer=_worker_init, initargs=(self.settings,)) as pool:
            for results in pool.imap_unordered(_worker_run, chunks(pairs, size)):
                yield from results


def _worker_init(settings: Settings) -> None:
    """Load the model and gazetteer once per worker process."""
    import signal

    from sitrep.extractor import Extractor

    # Ctrl-C reaches the whole process group: only the parent handles it (one "interrupted" line, and it
    # ends the pool); a worker dying of it would print a traceback each
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker_settings = Settings(model=settings.model, gazetteer=settings.gazetteer, n_process=1,
                               batch_size=settings.batch_size)
    _WORKER["x"] = Extractor(worker_settings)
    _WORKER["batch"] = worker_settings.batch_size


def _worker_run(pairs: list[Pair]) -> list[ArticleResult]:
    return run_chunk(_WORKER["x"], pairs, _WORKER["batch"])
