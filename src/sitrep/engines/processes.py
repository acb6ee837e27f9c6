"""The fork-pool engine: worker processes, each with its own Extractor, results as they finish.

Module globals: only `_WORKER`, the Extractor a pool worker loads in its initializer and uses for every
chunk it is sent (held in a `Reloader`: loaded again after every `reload_every` articles), or the error that
stopped it loading. multiprocessing gives a worker no other place
to keep it between tasks; the parent process never fills it.

Failing once, clearly: the parent opens the gazetteer (building it, once, if missing) and checks that the
model can be found before any worker starts; a worker whose loading still fails keeps the error and raises it
from its first task, so the parent gets one typed error instead of a pool restarting dead workers forever.
Workers ignore SIGINT: Ctrl-C reaches the parent, which terminates the pool.
"""
from __future__ import annotations

import multiprocessing
import signal
from pathlib import Path
from typing import Any, Iterable, Iterator

from sitrep.engines import RELOAD_EVERY, ArticleResult, Pair, Reloader, chunks
from sitrep.errors import GazetteerError, ModelError
from sitrep.settings import Settings

_WORKER: dict[str, Any] = {}  # in a pool worker: "x" -> its Reloader, "batch" -> batch size, "error" -> why not


class ProcessEngine:
    """Runs (article, origin) pairs in `n_process` forked workers; results in completion order (imap_unordered).

    Each worker loads its Extractor again after every `reload_every` articles (0: never; see Reloader)."""

    def __init__(self, settings: Settings, n_process: int, reload_every: int = RELOAD_EVERY) -> None:
        self.settings = settings
        self.n_process = n_process
        self.reload_every = reload_every

    def run(self, pairs: Iterable[Pair]) -> Iterator[ArticleResult]:
        """Results of every pair, each carrying its origin, in whatever order the workers finish them."""
        size = max(1, self.settings.batch_size)
        check_loadable(self.settings)
        ctx = multiprocessing.get_context("fork")
        pool = ctx.Pool(self.n_process, initializer=_worker_init, initargs=(self.settings, self.reload_every))
        try:
            for results in pool.imap_unordered(_worker_run, chunks(pairs, size)):
                yield from results
            pool.close()
        finally:  # an error, Ctrl-C or a caller that stops early: the workers go at once, quietly
            pool.terminate()
            pool.join()


def check_loadable(settings: Settings) -> None:
    """Raise ModelError or GazetteerError now, in the parent, when a worker could not load its Extractor.

    Opens (and if missing, builds once) the gazetteer, and checks that the spaCy model can be found."""
    from sitrep.gazetteer import Gazetteer

    Gazetteer.open(settings.gazetteer).close()
    model = str(settings.model)
    if model.startswith("blank:"):
        return
    import spacy.util

    if not (spacy.util.is_package(model) or Path(model).exists()):
        raise ModelError(f"cannot load the spaCy model {model!r}: no installed package or folder of that name")


def _worker_init(settings: Settings, reload_every: int = RELOAD_EVERY) -> None:
    """Load the model and gazetteer once per worker process; keep the error if that fails."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from sitrep.extractor import Extractor

        worker_settings = Settings(model=settings.model, gazetteer=settings.gazetteer, n_process=1,
                                   batch_size=settings.batch_size, gate=settings.gate, typer=settings.typer)
        _WORKER["x"] = Reloader(lambda: Extractor(worker_settings), reload_every)
        _WORKER["batch"] = worker_settings.batch_size
    except (GazetteerError, ModelError) as exc:
        _WORKER["error"] = type(exc)(str(exc))  # without its traceback and cause: it crosses to the parent
    except Exception as exc:  # an exception raised here would make the pool restart the worker, forever
        _WORKER["error"] = ModelError(f"a worker could not load the model: {type(exc).__name__}: {exc}")


def _worker_run(pairs: list[Pair]) -> list[ArticleResult]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return _WORKER["x"].run(pairs, _WORKER["batch"])
