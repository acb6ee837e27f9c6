"""Parquet shards: one run's articles, events and quarantined inputs as a folder of Parquet files, partitioned for
DuckDB, Spark, pandas and pyarrow, written so that a retried or repeated write never doubles a row.

    OUT/_sitrep_shards.json                          marks the folder as sitrep's (a rerun may replace it)
    OUT/articles/part-KEY.parquet                    one row per article: its fields, origin and event count
    OUT/events/month=YYYY-MM/country_code=CC/part-KEY.parquet   one row per event: `parquet_schema()`'s flat
                                                     columns, `record` (the exact JSON record) and `seq`
    OUT/quarantine/part-KEY.parquet                  inputs (lines) that could not be read, or failed

KEY names the input shard a file came from (a hash of its path or URL), so a shard written again, by a retried
task or a rerun, replaces its own files: a file is written beside its final name and moved into place whole.
Events without a date or a country go to the Hive default partition (read back as null). This is no registered
writer: a folder of files is not a stream (`sitrep export --format parquet` writes one file).
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Iterable, Iterator, Sequence

from sitrep.errors import SitrepError
from sitrep.records import ARTICLE_FIELDS, Article, Event, stable_hash
from sitrep.writers.parquet import parquet_row, parquet_schema

MARKER = "_sitrep_shards.json"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # what Hive, Spark, pyarrow and DuckDB read back as null
# `country` (the article's hint) came later: shards written before it have no such column and read back as None


class ShardError(SitrepError):
    """A shard folder cannot be written or read (not sitrep's, unreadable, inconsistent)."""


def shard_key(name: str) -> str:
    """The file key of an input shard (its path or URL)."""
    return stable_hash(name, length=16)


def article_schema() -> Any:
    import pyarrow as pa

    return pa.schema([*(pa.field(f, pa.string()) for f in ARTICLE_FIELDS), pa.field("hash", pa.string()),
                      pa.field("origin", pa.string()), pa.field("n_events", pa.int32()), pa.field("seq", pa.int64())])


def event_schema() -> Any:
    import pyarrow as pa

    base = parquet_schema()
    return base.append(pa.field("record", pa.string(), nullable=False)).append(pa.field("seq", pa.int32()))


def quarantine_schema() -> Any:
    import pyarrow as pa

    return pa.schema([pa.field("path", pa.string()), pa.field("line", pa.int64()), pa.field("reason", pa.string())])


def partition_of(event: Event) -> tuple[str, str]:
    """(month, country code) of an event's partition; the Hive null name where it has none."""
    start = event.when.start if event.when else None
    month = start[:7] if start and len(start) >= 7 else NULL_PARTITION
    country = event.where.country if event.where and event.where.country else NULL_PARTITION
    return month, country


def event_rows(event: Event, seq: int) -> dict[str, Any]:
    """One event as a row of `event_schema()`."""
    row = parquet_row(event)
    row["record"] = json.dumps(event.as_dict(), ensure_ascii=False, separators=(",", ":"))
    row["seq"] = seq
    return row


class ShardFolder:
    """A shard folder on a pyarrow filesystem (local paths, or URLs whose filesystem is installed)."""

    def __init__(self, root: str) -> None:
        import pyarrow.fs as pafs

        root = str(root)
        if "://" in root:
            self.fs, path = pafs.FileSystem.from_uri(root)
        else:  # a plain local path
            import os

            self.fs, path = pafs.LocalFileSystem(), os.path.abspath(root)
        self.root = path.rstrip("/") or "/"
        self.uri = root

    def _info(self, path: str) -> Any:
        return self.fs.get_file_info(path)

    def prepare(self) -> None:
        """Create the folder, or take over a previous one of sitrep's (its shard files are removed); refuse a
        folder holding anything else, so that no user file is ever replaced."""
        import pyarrow.fs as pafs

        info = self._info(self.root)
        if info.type == pafs.FileType.File:
            raise ShardError(f"{self.uri}: is a file, not a shard folder")
        if info.type == pafs.FileType.Directory:
            entries = self.fs.get_file_info(pafs.FileSelector(self.root))
            if entries:
                if self._info(f"{self.root}/{MARKER}").type != pafs.FileType.File:
                    raise ShardError(f"{self.uri}: the folder holds other files; give a new or empty folder "
                                     f"(or one written by sitrep before)")
                for sub in ("articles", "events", "quarantine", "clusters"):
                    if self._info(f"{self.root}/{sub}").type == pafs.FileType.Directory:
                        self.fs.delete_dir(f"{self.root}/{sub}")
        self.fs.create_dir(self.root, recursive=True)
        with self.fs.open_output_stream(f"{self.root}/{MARKER}") as out:
            out.write(json.dumps({"format": "sitrep-shards", "version": 1}).encode())

    def check(self) -> None:
        """ShardError unless this is a shard folder written by sitrep."""
        import pyarrow.fs as pafs

        if self._info(f"{self.root}/{MARKER}").type != pafs.FileType.File:
            raise ShardError(f"{self.uri}: not a sitrep shard folder (no {MARKER})")

    def _write(self, rel: str, rows: Sequence[dict[str, Any]], schema: Any) -> str:
        """Write rows to ROOT/rel whole: beside it first, then moved into place (a retry replaces it)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        final = f"{self.root}/{rel}"
        parent = final.rsplit("/", 1)[0]
        self.fs.create_dir(parent, recursive=True)
        tmp = f"{parent}/.tmp-{uuid.uuid4().hex}"
        pq.write_table(pa.Table.from_pylist(list(rows), schema=schema), tmp, filesystem=self.fs, compression="zstd")
        self.fs.move(tmp, final)
        return final

    def write_shard(self, key: str, articles: Iterable[tuple[Article, Sequence[Event], str | None, int]],
                    quarantined: Iterable[tuple[str, int | None, str]]) -> dict[str, int]:
        """Write one input shard's results: (article, events, origin, seq) and (path, line, reason) entries."""
        art_rows: list[dict[str, Any]] = []
        parts: dict[tuple[str, str], list[dict[str, Any]]] = {}
        n_events = 0
        for article, events, origin, seq in articles:
            row = {f: getattr(article, f) for f in ARTICLE_FIELDS}
            row.update(hash=article.hash, origin=origin, n_events=len(events), seq=seq)
            art_rows.append(row)
            for i, event in enumerate(events):
                parts.setdefault(partition_of(event), []).append(event_rows(event, i))
                n_events += 1
        q_rows = [{"path": p, "line": line, "reason": r} for p, line, r in quarantined]
        # events first, articles last: a shard whose articles file is there is complete (`load` relies on it)
        for (month, country), rows in sorted(parts.items()):
            self._write(f"events/month={month}/country_code={country}/part-{key}.parquet", rows, event_schema())
        if q_rows:
            self._write(f"quarantine/part-{key}.parquet", q_rows, quarantine_schema())
        self._write(f"articles/part-{key}.parquet", art_rows, article_schema())
        return {"articles": len(art_rows), "events": n_events, "quarantined": len(q_rows)}

    # ------------------------------------------------------------------ reading
    def _files(self, sub: str) -> list[str]:
        import pyarrow.fs as pafs

        base = f"{self.root}/{sub}"
        if self._info(base).type != pafs.FileType.Directory:
            return []
        infos = self.fs.get_file_info(pafs.FileSelector(base, recursive=True))
        return sorted(i.path for i in infos if i.type == pafs.FileType.File and i.base_name.startswith("part-")
                      and i.base_name.endswith(".parquet"))

    def keys(self) -> list[str]:
        """Keys of the complete shards (those whose articles file is written), in the order of their input's
        name (the order `sitrep ingest` would have read them in)."""
        import pyarrow.parquet as pq

        named = []
        for path in self._files("articles"):
            origins = pq.read_table(path, columns=["origin"], filesystem=self.fs).column("origin").to_pylist()
            first = next((o for o in origins if o), "")
            named.append((first.rsplit(":", 1)[0] if ":" in first else first,
                          path.rsplit("/part-", 1)[1][: -len(".parquet")]))
        return [key for _, key in sorted(named)]

    def _table(self, path: str) -> Any:
        import pyarrow.parquet as pq

        return pq.read_table(path, filesystem=self.fs, partitioning=None)

    def read_shard(self, key: str, event_files: dict[str, list[str]] | None = None
                   ) -> tuple[list[tuple[Article, list[Event], str | None]], list[tuple[str, int | None, str]]]:
        """One shard's (article, events in their order, origin) in input order, and its quarantine entries.

        `event_files` maps keys to their event files (from `event_files()`, listed once for many shards)."""
        files = event_files.get(key, []) if event_files is not None else self.event_files().get(key, [])
        by_article: dict[str, list[tuple[int, Event]]] = {}
        for path in files:
            for row in self._table(path).select(["article", "record", "seq"]).to_pylist():
                by_article.setdefault(row["article"], []).append((row["seq"], Event.from_dict(json.loads(row["record"]))))
        rows = sorted(self._table(f"{self.root}/articles/part-{key}.parquet").to_pylist(), key=lambda r: r["seq"])
        out = []
        for row in rows:
            article = Article(**{f: row.get(f) for f in ARTICLE_FIELDS})
            if article.hash != row["hash"]:
                raise ShardError(f"{self.uri}: shard {key}: article {article.id!r} does not match its hash")
            events = [e for _, e in sorted(by_article.pop(article.id, []), key=lambda p: p[0])]
            if len(events) != row["n_events"]:
                raise ShardError(f"{self.uri}: shard {key}: article {article.id!r} has {len(events)} events in the "
                                 f"event files, {row['n_events']} in its article row")
            out.append((article, events, row["origin"]))
        quarantined: list[tuple[str, int | None, str]] = []
        qpath = f"{self.root}/quarantine/part-{key}.parquet"
        import pyarrow.fs as pafs

        if self._info(qpath).type == pafs.FileType.File:
            quarantined = [(r["path"], r["line"], r["reason"]) for r in self._table(qpath).to_pylist()]
        return out, quarantined

    def event_files(self) -> dict[str, list[str]]:
        """Event files by shard key."""
        out: dict[str, list[str]] = {}
        for path in self._files("events"):
            out.setdefault(path.rsplit("/part-", 1)[1][: -len(".parquet")], []).append(path)
        return out

    def iter_event_rows(self) -> Iterator[tuple[str, Event, str | None]]:
        """(event id, event, its article's source) of every event of the complete shards."""
        files = self.event_files()
        for key in self.keys():
            sources = {r["id"]: r["source"] for r in
                       self._table(f"{self.root}/articles/part-{key}.parquet").select(["id", "source"]).to_pylist()}
            for path in files.get(key, []):
                for row in self._table(path).select(["record"]).to_pylist():
                    event = Event.from_dict(json.loads(row["record"]))
                    yield event.id, event, sources.get(event.article)

    def write_clusters(self, clusters: Iterable[tuple[str, Event, list[Any]]], per_file: int = 50_000) -> int:
        """Write (cluster id, merged record, member event ids) to ROOT/clusters/part-NNNNN.parquet; how many."""
        import pyarrow as pa

        schema = event_schema().append(pa.field("members", pa.list_(pa.string())))
        import pyarrow.fs as pafs

        if self._info(f"{self.root}/clusters").type == pafs.FileType.Directory:
            self.fs.delete_dir(f"{self.root}/clusters")
        rows: list[dict[str, Any]] = []
        n = part = 0
        for _cid, merged, members in clusters:
            row = event_rows(merged, 0)
            row["members"] = [str(m) for m in members]
            rows.append(row)
            n += 1
            if len(rows) >= per_file:
                self._write(f"clusters/part-{part:05d}.parquet", rows, schema)
                rows, part = [], part + 1
        if rows or part == 0:
            self._write(f"clusters/part-{part:05d}.parquet", rows, schema)
        return n

    def events_dataset_path(self) -> str:
        """The events folder, for `pyarrow.dataset.dataset(path, partitioning="hive")` and the like."""
        return f"{self.root}/events"


__all__ = ["MARKER", "NULL_PARTITION", "ShardError", "ShardFolder", "article_schema", "event_schema",
           "partition_of", "quarantine_schema", "shard_key"]
