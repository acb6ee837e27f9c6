"""The Ray engine: the same per-article code (`run_chunk` over an Extractor) in a Ray Data actor pool.

Each actor loads the model and gazetteer once (`ExtractActor`) and is handed batches of articles by
`Dataset.map_batches`; results come back carrying their origin, in any order, like every engine's. `RayEngine`
is the Engine interface over in-memory (article, origin) pairs; `sitrep.ray_job` runs whole shard folders
through the same actor and writes Parquet shards.

Ray is an optional extra (`pip install 'sitrep[ray]'`): `require_ray()` says how to install it when it is
missing. `ray_session()` starts a small local Ray (2 CPUs, a small object store, no dashboard) unless an
address is given, which joins that cluster; a Ray already started by the caller is used as it is.
"""
from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

from sitrep.engines import RELOAD_EVERY, ArticleResult, Pair, Reloader, chunks
from sitrep.errors import SitrepError
from sitrep.settings import Settings
from sitrep.records import ARTICLE_FIELDS, Article, Event  # ARTICLE_FIELDS: the article columns of the shards, and of the rows sent to actors

log = logging.getLogger(__name__)

INSTALL_HINT = "the Ray engine needs Ray: install sitrep with its ray extra, pip install 'sitrep[ray]'"


class RayUnavailableError(SitrepError):
    """Ray is not installed (the `ray` extra)."""


def require_ray() -> Any:
    """The `ray` module with Ray Data, or RayUnavailableError saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  Ray Data is what the engine uses
    except ImportError as exc:
        raise RayUnavailableError(f"{INSTALL_HINT} ({exc})") from None
    return ray


@dataclass(frozen=True)
class RayOptions:
    """How to start or join Ray, and how wide the actor pool is."""

    address: str | None = None  # None: a local Ray in this process; "auto" or "HOST:PORT": join a cluster
    num_cpus: int = 2  # of a local Ray
    object_store_mb: int = 256  # of a local Ray (objects spill to disk beyond it)
    actors: int = 2  # the actor pool's size: each loads the model once (~0.3-0.5 GB)
    batch_size: int = 16  # articles parsed together with nlp.pipe inside an actor
    window: int = 4096  # RayEngine: articles per dataset (the pool is loaded once per window)
    reload_every: int = RELOAD_EVERY  # articles between two loads of an actor's Extractor (0: never; see Reloader)


@contextlib.contextmanager
def ray_session(options: RayOptions | None = None) -> Iterator[Any]:
    """Ray, started for the block (and shut down after) unless it already runs in this process."""
    ray = require_ray()
    options = options or RayOptions()
    if ray.is_initialized():
        yield ray
        return
    common: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if options.address:
        ray.init(address=options.address, **common)
    else:
        # "local": always a new Ray of our own, never one found through RAY_ADDRESS or a `ray start` on this host
        ray.init(address="local", num_cpus=options.num_cpus, object_store_memory=options.object_store_mb * 1024 * 1024,
                 **common)
    try:
        quiet_data_context()
        yield ray
    finally:
        ray.shutdown()


def quiet_data_context() -> None:
    """No progress bars from Ray Data (the CLI shows its own summary)."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    with contextlib.suppress(AttributeError):
        ctx.print_on_execution_start = False


def worker_settings(settings: Settings) -> Settings:
    """The settings an actor loads its Extractor with: one process, the caller's model and gazetteer."""
    return Settings(model=settings.model, gazetteer=settings.gazetteer, n_process=1, batch_size=settings.batch_size,
                    typer=settings.typer)


def article_of(row: dict[str, Any]) -> Article:
    """An Article from a row with ARTICLE_FIELDS."""
    fields = {f: row.get(f) for f in ARTICLE_FIELDS}
    fields["title"] = fields["title"] or ""
    return Article(**fields)


class ExtractActor:
    """One actor of the pool: loads the Extractor, then extracts every batch it is given (loading the Extractor
    again after every `reload_every` articles: see Reloader)."""

    def __init__(self, settings: Settings, reload_every: int = RELOAD_EVERY) -> None:
        from sitrep.extractor import Extractor

        self.settings = worker_settings(settings)
        own = self.settings
        self.reloader = Reloader(lambda: Extractor(own), reload_every)

    @property
    def extractor(self) -> Any:
        """The Extractor in use now."""
        return self.reloader.extractor

    def results(self, pairs: Iterable[Pair]) -> Iterator[ArticleResult]:
        """Results of (article, origin) pairs, chunk by chunk (one bad article never sinks its chunk)."""
        size = max(1, self.settings.batch_size)
        for chunk in chunks(pairs, size):
            yield from self.reloader.run(chunk, size)

    def __call__(self, batch: Any) -> Any:
        """A pyarrow batch of articles (ARTICLE_FIELDS and `seq`) → `seq`, events (JSON records) and error."""
        import pyarrow as pa

        rows = batch.to_pylist()
        out = [{"seq": r.origin, "events": json.dumps([e.as_dict() for e in r.events], ensure_ascii=False),
                "error": r.error} for r in self.results((article_of(row), row["seq"]) for row in rows)]
        return pa.Table.from_pylist(out, schema=_RESULT_SCHEMA())


def _ARTICLE_SCHEMA() -> Any:
    import pyarrow as pa

    return pa.schema([pa.field("seq", pa.int64()), *(pa.field(f, pa.string()) for f in ARTICLE_FIELDS)])


def _RESULT_SCHEMA() -> Any:
    import pyarrow as pa

    return pa.schema([pa.field("seq", pa.int64()), pa.field("events", pa.string()), pa.field("error", pa.string())])


class RayEngine:
    """Runs (article, origin) pairs through a Ray Data actor pool; results in any order, each with its origin.

    Origins stay in this process (only the articles travel); the pool is made once per `options.window`
    articles. Ray is started for the run (and stopped after) unless the caller already started it."""

    def __init__(self, settings: Settings, options: RayOptions | None = None) -> None:
        self.settings = settings
        self.options = options or RayOptions()

    def run(self, pairs: Iterable[Pair]) -> Iterator[ArticleResult]:
        """Results of every pair, each carrying its origin."""
        with ray_session(self.options):
            for window in chunks(pairs, max(1, self.options.window)):
                yield from self._window(window)

    def _window(self, pairs: Sequence[Pair]) -> Iterator[ArticleResult]:
        import pyarrow as pa
        import ray.data

        rows = [{"seq": i, **{f: getattr(a, f) for f in ARTICLE_FIELDS}} for i, (a, _) in enumerate(pairs)]
        # blocks of one batch each, made here: a repartition would need a CPU the actor pool already holds
        size = max(1, self.options.batch_size)
        ds = ray.data.from_arrow([pa.Table.from_pylist(rows[i:i + size], schema=_ARTICLE_SCHEMA())
                                  for i in range(0, len(rows), size)])
        ds = ds.map_batches(ExtractActor, fn_constructor_kwargs={"settings": self.settings,
                                                                 "reload_every": self.options.reload_every},
                            batch_format="pyarrow",
                            batch_size=self.options.batch_size, num_cpus=1,
                            compute=ray.data.ActorPoolStrategy(size=self.options.actors))
        for row in ds.iter_rows():
            article, origin = pairs[row["seq"]]
            events = tuple(Event.from_dict(d) for d in json.loads(row["events"]))
            yield ArticleResult(article, events, row["error"], origin)


__all__ = ["ExtractActor", "INSTALL_HINT", "RayEngine", "RayOptions", "RayUnavailableError", "article_of",
           "quiet_data_context", "ray_session", "require_ray", "worker_settings"]
