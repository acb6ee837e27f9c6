"""The Ray engine against the local one: the same event ids and records for 200 articles (the actors reloading
their Extractor every 40 articles), shards that DuckDB, pandas and pyarrow read, `sitrep load` idempotent, an
actor killed mid-run losing and doubling nothing.

One small local Ray (2 CPUs, a small object store) serves the whole module; the two-node cluster is in
test_ray_cluster.py. The articles are the bundled examples, each repeated with distinct ids."""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install -e '.[ray]')")

from sitrep.engines.local import LocalEngine  # noqa: E402
from sitrep.engines.ray_engine import RayEngine, RayOptions  # noqa: E402
from sitrep.extractor import Extractor  # noqa: E402
from sitrep.ingest import Ingest  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.ray_job import ShardActor, load_shards, run_shards  # noqa: E402
from sitrep.readers import Quarantined, iter_inputs  # noqa: E402
from sitrep.settings import Settings  # noqa: E402
from sitrep.writers.shards import ShardError, ShardFolder  # noqa: E402

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
N_ARTICLES = 200
N_SHARDS = 4
RELOAD = 40  # articles between reloads of an actor's Extractor in the equivalence run


def write_corpus(folder: Path, n: int = N_ARTICLES, shards: int = N_SHARDS) -> list[Path]:
    """`n` articles (the bundled examples repeated, each copy with its own id) in `shards` JSONL files, with one
    malformed line in the first file (quarantined by both engines)."""
    examples = [a for _, a in iter_inputs([str(ROOT / "examples")]) if not isinstance(a, Quarantined)]
    rows = []
    for k in range(n):
        a = examples[k % len(examples)]
        rows.append({"id": f"{a.id}-copy{k // len(examples)}", "title": a.title, "text": a.text,
                     "published": a.published, "source": f"outlet{k % 3}"})
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    per = -(-n // shards)
    for s in range(shards):
        path = folder / f"part{s}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            if s == 0:
                fh.write("{not json\n")
            for row in rows[s * per:(s + 1) * per]:
                fh.write(json.dumps(row) + "\n")
        paths.append(path)
    return paths


def store_rows(db: Path) -> dict[str, Any]:
    """What a store holds, independent of row order: articles, event records, cluster memberships, quarantine."""
    con = sqlite3.connect(db)
    try:
        articles = {r[0]: r[1] for r in con.execute("SELECT id, hash FROM articles")}
        events = {r[0]: json.loads(r[1]) for r in con.execute("SELECT id, record FROM events")}
        members: dict[str, list[str]] = {}
        for cid, eid in con.execute("SELECT cluster, id FROM events WHERE cluster IS NOT NULL"):
            members.setdefault(cid, []).append(eid)
        clusters = {cid: sorted(m) for cid, m in members.items()}
        quarantine = sorted((Path(p).name, line) for p, line in con.execute("SELECT path, line FROM quarantine"))
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()
    return {"articles": articles, "events": events, "clusters": clusters, "quarantine": quarantine,
            "n_events": n_events}


@pytest.fixture(scope="module")
def ray_local() -> Any:
    ray.init(address="local", num_cpus=2, object_store_memory=200 * 1024 * 1024, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    from sitrep.engines.ray_engine import quiet_data_context

    quiet_data_context()
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def local_store(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The local engine's store of the corpus (one process: LocalEngine)."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    Ingest(db, Pipeline(Settings(n_process=1)), workers=1).run([str(p) for p in corpus])
    return store_rows(db)


@pytest.fixture(scope="module")
def ray_run(ray_local: Any, corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("shards") / "out"
    # each actor reloads its Extractor after 40 articles (a shard is 50): the records must not change
    stats = run_shards([str(p) for p in corpus], str(out), Settings(), RayOptions(actors=2, reload_every=RELOAD),
                       dedup=True)
    return out, stats


def test_ray_gives_the_local_engines_events_and_records(ray_run: tuple[Path, Any], local_store: dict[str, Any],
                                                        tmp_path: Path) -> None:
    out, stats = ray_run
    assert stats.shards == N_SHARDS and stats.articles == N_ARTICLES and stats.quarantined == 1
    assert sum(s["reloads"] for s in stats.per_shard) > 0  # the actors did reload their Extractor mid-run
    db = tmp_path / "ray.db"
    loaded = load_shards(str(out), db)
    assert loaded.stored == N_ARTICLES
    got = store_rows(db)
    assert len(local_store["articles"]) == N_ARTICLES and local_store["n_events"] > N_ARTICLES
    assert got["articles"] == local_store["articles"]
    assert set(got["events"]) == set(local_store["events"])
    assert got["events"] == local_store["events"]  # every record, field by field
    assert got["n_events"] == local_store["n_events"] == len(got["events"])  # no event stored twice
    assert got["clusters"] == local_store["clusters"] and len(got["clusters"]) > 0
    assert got["quarantine"] == local_store["quarantine"] == [("part0.jsonl", 1)]


def test_dedup_across_the_shards_on_ray_equals_clustering_at_once(ray_run: tuple[Path, Any],
                                                                   local_store: dict[str, Any]) -> None:
    import pyarrow.dataset as pads

    from sitrep.dedup import cluster_events

    out, stats = ray_run
    rows = sorted(ShardFolder(str(out)).iter_event_rows(), key=lambda r: r[0])
    whole = {cid: (merged.as_dict(), sorted(members)) for cid, merged, members in cluster_events(rows)}
    table = pads.dataset(str(out / "clusters"), format="parquet").to_table()
    got = {r["cluster"]: (json.loads(r["record"]), sorted(r["members"])) for r in table.to_pylist()}
    assert stats.clusters == len(got) == len(whole) and got == whole
    # the same happenings as the store's own dedup found after the local engine's ingest
    assert {cid: m for cid, (_, m) in got.items()} == local_store["clusters"]
    assert sum(len(m) > 1 for _, m in got.values()) >= 10


def test_load_twice_stores_nothing_twice(ray_run: tuple[Path, Any], tmp_path: Path) -> None:
    out, _ = ray_run
    db = tmp_path / "twice.db"
    first = load_shards(str(out), db)
    before = store_rows(db)
    second = load_shards(str(out), db)
    assert first.stored == N_ARTICLES and second.stored == 0 and second.skipped == N_ARTICLES
    assert store_rows(db) == before


def test_shards_are_partitioned_and_readable_by_pyarrow_and_pandas(ray_run: tuple[Path, Any],
                                                                   local_store: dict[str, Any]) -> None:
    import pyarrow.dataset as pads

    out, _ = ray_run
    months = {p.name for p in (out / "events").iterdir()}
    assert "month=2023-07" in months and all(m.startswith("month=") for m in months)
    table = pads.dataset(str(out / "events"), format="parquet", partitioning="hive").to_table()
    assert table.num_rows == local_store["n_events"]
    assert sorted(table.column("id").to_pylist()) == sorted(local_store["events"])
    frame = table.to_pandas()
    kenya = frame[frame["country_code"] == "KE"]
    assert len(kenya) > 0 and set(kenya["country"]) == {"KE"}
    assert set(frame["month"].dropna()) <= {m.split("=", 1)[1] for m in months}
    # the flat columns agree with the record each row carries
    for row in table.slice(0, 50).to_pylist():
        record = json.loads(row["record"])
        assert row["id"] == record["id"] and row["event_type"] == record["type"]


def test_duckdb_reads_the_shards_when_installed(ray_run: tuple[Path, Any], local_store: dict[str, Any]) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed")
    out, _ = ray_run
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/events/*/*/*.parquet', hive_partitioning=true)").fetchone()
    assert n[0] == local_store["n_events"]


def test_the_engine_interface_on_ray_matches_the_local_engine(ray_local: Any, corpus: list[Path]) -> None:
    pairs = [(a, o) for o, a in iter_inputs([str(corpus[1])]) if not isinstance(a, Quarantined)][:8]
    local = {r.article.id: r for r in LocalEngine(Extractor(Settings())).run(pairs)}
    remote = list(RayEngine(Settings(), RayOptions(actors=1)).run(pairs))
    assert len(remote) == len(pairs) == len(local)
    for r in remote:
        assert r.error is None and r.events == local[r.article.id].events and r.origin == local[r.article.id].origin


def dying_actor(marker: Path) -> type:
    """A ShardActor that exits hard (as a killed process does) in the middle of a shard, once: the first actor
    to take the marker file away dies after writing its shard's files and before reporting the shard done."""

    class DyingActor(ShardActor):
        def run_shard(self, shard: Any) -> dict[str, Any]:
            done = super().run_shard(shard)
            try:
                marker.unlink()
            except FileNotFoundError:
                return done
            os._exit(1)  # after writing its shard, before reporting it: the retry writes the same files again

    return DyingActor


def test_an_actor_killed_mid_run_loses_and_doubles_nothing(ray_local: Any, corpus: list[Path],
                                                           local_store: dict[str, Any], tmp_path: Path) -> None:
    marker = tmp_path / "kill-one"
    marker.write_text("x")
    out = tmp_path / "out"
    stats = run_shards([str(p) for p in corpus[1:3]], str(out), Settings(), RayOptions(actors=2),
                       actor_cls=dying_actor(marker))
    assert not marker.exists()  # an actor did die
    expected = sum(1 for p in corpus[1:3] for line in p.read_text().splitlines() if line.startswith('{"'))
    assert stats.articles == expected
    files = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    assert len([f for f in files if f.parts[0] == "articles"]) == 2  # one per shard, the retried one too
    db = tmp_path / "after-kill.db"
    load_shards(str(out), db)
    got = store_rows(db)
    assert len(got["articles"]) == expected
    assert got["n_events"] == len(got["events"])  # nothing doubled
    assert got["events"] == {k: v for k, v in local_store["events"].items() if v["article"] in got["articles"]}


def test_a_folder_of_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(ShardError, match="other files"):
        ShardFolder(str(folder)).prepare()
    assert (folder / "notes.txt").read_text() == "keep me"
    with pytest.raises(ShardError, match="not a sitrep shard folder"):
        load_shards(str(folder), tmp_path / "x.db")
