"""A two-node Ray cluster simulated on this machine (`ray.cluster_utils.Cluster`) runs the shard job, joined
by address as `--address` does; a worker node holding an actor is removed mid-run, and nothing is lost or
doubled: the shards and the store equal the local engine's."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install -e '.[ray]')")

from ray.cluster_utils import Cluster  # noqa: E402

from sitrep.engines.ray_engine import RayOptions  # noqa: E402
from sitrep.ingest import Ingest  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.ray_job import ShardActor, load_shards, run_shards  # noqa: E402
from sitrep.settings import Settings  # noqa: E402
from test_ray import store_rows, write_corpus  # noqa: E402

pytestmark = pytest.mark.model

SMALL = 100 * 1024 * 1024


def slow_actor(seen: Path) -> type:
    """A ShardActor that notes the node it runs on and takes its time, so a node can be removed mid-run."""

    class NodeNoting(ShardActor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            import ray as _ray

            (seen / _ray.get_runtime_context().get_node_id()).write_text("up")

        def run_shard(self, shard: Any) -> dict[str, Any]:
            time.sleep(1.5)
            return super().run_shard(shard)

    return NodeNoting


def test_two_node_cluster_survives_losing_a_worker_node(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", n=48, shards=6)
    local_db = tmp_path / "local.db"
    Ingest(local_db, Pipeline(Settings(n_process=1)), workers=1).run([str(p) for p in corpus])
    expected = store_rows(local_db)

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "object_store_memory": SMALL,
                                                            "include_dashboard": False})
    try:
        nodes = [cluster.add_node(num_cpus=1, object_store_memory=SMALL) for _ in range(3)]
        cluster.wait_for_nodes()
        seen = tmp_path / "nodes"
        seen.mkdir()
        out = tmp_path / "out"
        result: dict[str, Any] = {}

        def job() -> None:
            try:
                result["stats"] = run_shards([str(p) for p in corpus], str(out), Settings(),
                                             RayOptions(address=cluster.address, actors=2),
                                             actor_cls=slow_actor(seen))
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                result["error"] = exc

        thread = threading.Thread(target=job)
        thread.start()
        deadline = time.monotonic() + 240
        while len(list(seen.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        busy = {p.name for p in seen.iterdir()}
        assert len(busy) == 2, busy  # the two actors run on two different worker nodes
        victim = next(n for n in nodes if n.node_id in busy)
        time.sleep(2.0)  # the actors are inside their first shards
        assert thread.is_alive() and not (out / "articles").exists() or len(list((out / "articles").iterdir())) < 6
        cluster.remove_node(victim)
        thread.join(timeout=400)
        assert not thread.is_alive() and "error" not in result, result
        assert victim.node_id not in {p.name for p in seen.iterdir()} - busy  # (node ids are not reused)
        assert len(list(seen.iterdir())) == 3  # the lost actor was started again, on the spare node
        stats = result["stats"]
    finally:
        if ray.is_initialized():
            ray.shutdown()
        cluster.shutdown()

    assert stats.shards == 6 and stats.articles == 48
    db = tmp_path / "cluster.db"
    load_shards(str(out), db)
    got = store_rows(db)
    assert got["articles"] == expected["articles"]
    assert got["events"] == expected["events"] and got["n_events"] == expected["n_events"]  # none lost, none doubled
    assert got["clusters"] == expected["clusters"]
