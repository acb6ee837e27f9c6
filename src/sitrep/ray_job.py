"""Sharded runs on Ray: JSONL or Parquet shards in, Parquet shards of articles and events out; `load_shards`
brings a shard folder into the SQLite store.

`run_shards(inputs, out, settings, options)` lists the input shards (files, folders of .jsonl/.parquet, or
URLs of any pyarrow filesystem that is installed), hands them one at a time to a Ray Data actor pool
(`ShardActor`: the Extractor loaded once per actor) and each actor writes its shard's results to `out`
(`writers.shards`: events partitioned by month and country). A shard is the unit of work and of retry: its
output files are named after it and moved into place whole, so a retried or repeated shard replaces its own
files, never doubles them. With `dedup=True` the events are then clustered across the whole set
(`dedup.distributed`) and the merged records written to `out/clusters/`.

`load_shards(out, db)` stores each complete shard's articles, events and quarantine entries with the store's
own write path (`Store.write_batch`: an article already stored with the same content is skipped, so loading
twice stores nothing twice), then runs the store's dedup as `sitrep ingest` does.
"""
from __future__ import annotations

import io
import logging
import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from sitrep.engines import RELOAD_EVERY
from sitrep.engines.ray_engine import ExtractActor, RayOptions, ray_session
from sitrep.errors import InputError
from sitrep.readers import Origin, Quarantined, ReadContext, dateline_finder, parse_iso_date
from sitrep.readers.checks import MAX_CHARS, bounded_lines
from sitrep.readers.jsonl import json_article, jsonl_lines
from sitrep.records import Article
from sitrep.settings import Settings
from sitrep.store import Store, WriteBatch
from sitrep.writers.shards import ShardFolder, shard_key

log = logging.getLogger(__name__)

SHARD_EXTENSIONS = (".jsonl", ".parquet")
LOAD_BATCH = 64  # articles per store transaction, as ingest


@dataclass(frozen=True)
class ShardInput:
    """One input shard: where to read it (absolute path or URL) and the name its origins carry."""

    path: str
    name: str


def list_shards(inputs: Sequence[str]) -> list[ShardInput]:
    """The .jsonl and .parquet files of `inputs` (files, folders searched recursively, sorted; or URLs).

    InputError for an input that does not exist or is not a shard file."""
    import pyarrow.fs as pafs

    out: list[ShardInput] = []
    for given in inputs:
        if "://" in given:
            fs, root = pafs.FileSystem.from_uri(given)
            info = fs.get_file_info(root)
            scheme = given.split("://", 1)[0]
            if info.type == pafs.FileType.Directory:
                found = sorted(i.path for i in fs.get_file_info(pafs.FileSelector(root, recursive=True))
                               if i.type == pafs.FileType.File and i.path.lower().endswith(SHARD_EXTENSIONS))
                out.extend(ShardInput(f"{scheme}://{p}", f"{scheme}://{p}") for p in found)
            elif info.type == pafs.FileType.File:
                out.append(ShardInput(given, given))
            else:
                raise InputError("no such file or folder", path=given)
            continue
        path = Path(given)
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SHARD_EXTENSIONS):
                out.append(ShardInput(str(f.resolve()), str(f)))
        elif path.is_file():
            if path.suffix.lower() not in SHARD_EXTENSIONS:
                raise InputError("the ray engine reads .jsonl and .parquet shards (use the local engine for "
                                 "other inputs)", path=given)
            out.append(ShardInput(str(path.resolve()), given))
        else:
            raise InputError("no such file or folder", path=given)
    return out


def read_shard(shard: ShardInput, ctx: ReadContext) -> Iterator[tuple[Origin, Article | Quarantined]]:
    """(origin, article or quarantined) of every line (JSONL) or row (Parquet) of one shard."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    if "://" in shard.path:
        fs, path = pafs.FileSystem.from_uri(shard.path)
    else:
        fs, path = pafs.LocalFileSystem(), shard.path
    try:
        if path.lower().endswith(".parquet"):
            number = 0
            with fs.open_input_file(path) as handle:
                for batch in pq.ParquetFile(handle).iter_batches(batch_size=256):
                    for record in batch.to_pylist():
                        number += 1
                        yield json_article(ctx, Origin(shard.name, number), "", record)
            if number == 0:
                yield Origin(shard.name, None), Quarantined(shard.name, None, "empty file")
        else:
            with io.BufferedReader(fs.open_input_stream(path)) as handle:  # buffered: readline(limit) works
                yield from jsonl_lines(ctx, shard.name, bounded_lines(handle, ctx.max_line_bytes))
    except (OSError, ValueError) as exc:  # unreadable, or not Parquet: the shard is quarantined, the run goes on
        yield Origin(shard.name, None), Quarantined(shard.name, None,
                                                    f"unreadable: {type(exc).__name__}: {exc}"[:300])


def _rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float | None:
    """Resident memory of this process now, in MB (None where /proc is missing: not Linux)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


class ShardActor(ExtractActor):
    """An actor of the pool: the Extractor loaded (again every reload_every articles); each call reads, extracts
    and writes whole shards."""

    def __init__(self, settings: Settings, out: str, published: str | None = None,
                 reload_every: int = RELOAD_EVERY) -> None:
        super().__init__(settings, reload_every)
        self.folder = ShardFolder(out)
        self.published = published
        self.dateline = dateline_finder()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows = [self.run_shard(ShardInput(r["path"], r["name"])) for r in batch.to_pylist()]
        return pa.Table.from_pylist(rows)

    def run_shard(self, shard: ShardInput) -> dict[str, Any]:
        """Read, extract and write one shard; its counts, time (s), this actor's memory (MB) after it, peak and
        now, and the size of its spaCy vocabulary (lexemes, strings) and how often its Extractor was reloaded."""
        started = time.perf_counter()
        cpu = time.process_time()
        ctx = ReadContext(self.published, MAX_CHARS, self.dateline)
        quarantined: list[tuple[str, int | None, str]] = []

        def items() -> Iterator[tuple[Article, Any]]:
            for seq, (origin, item) in enumerate(read_shard(shard, ctx)):
                if isinstance(item, Quarantined):
                    quarantined.append((item.path, item.line, item.reason))
                else:
                    yield item, (seq, origin)

        done: list[tuple[Article, Any, str | None, int]] = []
        failed = 0
        try:
            for result in self.results(items()):
                seq, origin = result.origin
                where = origin.path if origin.line is None else f"{origin.path}:{origin.line}"
                if result.error:
                    failed += 1
                    quarantined.append((origin.path, origin.line,
                                        f"extraction failed for article {result.article.id!r}: {result.error}"))
                else:
                    done.append((result.article, result.events, where, seq))
        finally:
            ctx.close()
        counts = self.folder.write_shard(shard_key(shard.path), done, quarantined)
        vocab = self.extractor.nlp.vocab
        return {"path": shard.path, "key": shard_key(shard.path), **counts, "failed": failed,
                "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
                "peak_rss_mb": _rss_mb(), "rss_mb": _current_rss_mb(), "lexemes": len(vocab),
                "strings": len(vocab.strings), "reloads": self.reloader.reloads, "pid": os.getpid()}


@dataclass
class ShardRunStats:
    """What one sharded run did."""

    shards: int = 0
    articles: int = 0
    events: int = 0
    quarantined: int = 0
    failed: int = 0
    clusters: int = 0
    seconds: float = 0.0
    per_shard: list[dict[str, Any]] = field(default_factory=list)


def run_shards(inputs: Sequence[str], out: str, settings: Settings | None = None, options: RayOptions | None = None,
               published: str | None = None, dedup: bool = False, actor_cls: type[ShardActor] = ShardActor) -> ShardRunStats:
    """Run the pipeline over every input shard on Ray and write Parquet shards to `out` (see the module doc).

    `out` must be new, empty, or a shard folder sitrep wrote before (whose shard files are replaced).
    `actor_cls` lets a caller (a test, a benchmark) use a subclass of ShardActor."""
    settings = settings or Settings()
    options = options or RayOptions()
    if published is not None and parse_iso_date(published) is None:
        raise InputError(f"publication date {published!r} is not YYYY-MM-DD", path="--published")
    shards = list_shards(inputs)
    folder = ShardFolder(out)
    folder.prepare()
    stats = ShardRunStats(shards=len(shards))
    started = time.perf_counter()
    if shards:
        from sitrep.engines.ray_engine import require_ray

        require_ray()
        with ray_session(options) as ray:
            import ray.data  # noqa: F811

            ds = ray.data.from_items([{"path": s.path, "name": s.name} for s in shards],
                                     override_num_blocks=len(shards))
            target = out if "://" in out else folder.root  # absolute: actors may run in another folder
            ds = ds.map_batches(actor_cls, fn_constructor_kwargs={"settings": settings, "out": target,
                                                                  "published": published,
                                                                  "reload_every": options.reload_every},
                                batch_format="pyarrow", batch_size=1, num_cpus=1,
                                compute=ray.data.ActorPoolStrategy(size=options.actors))
            for row in ds.iter_rows():
                stats.per_shard.append(dict(row))
                stats.articles += row["articles"]
                stats.events += row["events"]
                stats.quarantined += row["quarantined"]
                stats.failed += row["failed"]
            if dedup:  # across the whole set: pairs per partition as Ray tasks, then the final merge here
                from sitrep.dedup.distributed import cluster_rows_on_ray

                stats.clusters = folder.write_clusters(cluster_rows_on_ray(folder.iter_event_rows(), ray))
    stats.seconds = time.perf_counter() - started
    return stats


@dataclass
class LoadStats:
    """What one `load_shards` did."""

    shards: int = 0
    stored: int = 0
    skipped: int = 0
    events: int = 0
    quarantined: int = 0
    clusters: int = 0


def load_shards(out: str, db: str | Path, dedup: bool = True) -> LoadStats:
    """Store every complete shard of the folder `out` into the store at `db` (idempotent); then dedup."""
    folder = ShardFolder(out)
    folder.check()
    stats = LoadStats()
    event_files = folder.event_files()
    with Store.open(db) as store:
        for key in folder.keys():
            articles, quarantined = folder.read_shard(key, event_files)
            stats.shards += 1
            stats.quarantined += len(quarantined)
            for i in range(0, max(len(articles), 1), LOAD_BATCH):
                part = articles[i:i + LOAD_BATCH]
                q = quarantined if i == 0 else []
                if not part and not q:
                    continue
                n_articles, n_events = store.write_batch(WriteBatch(articles=part, quarantined=q))
                stats.stored += n_articles
                stats.skipped += len(part) - n_articles
                stats.events += n_events
        if dedup:
            from sitrep.dedup import recluster

            _, stats.clusters = recluster(store)
    return stats


__all__ = ["LoadStats", "ShardActor", "ShardInput", "ShardRunStats", "list_shards", "load_shards", "read_shard",
           "run_shards"]
