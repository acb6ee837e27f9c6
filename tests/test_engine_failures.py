"""A worker pool that cannot load fails once, clearly, before it starts; the gazetteer is built once under a
lock; workers leave Ctrl-C to the parent (issue 13, item 12 and part of 13)."""
from __future__ import annotations

import multiprocessing
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.engines import processes
from sitrep.errors import GazetteerError, ModelError
from sitrep.gazetteer import SCHEMA_VERSION, Gazetteer, build_revision
from sitrep.settings import Settings

SRC = str(Path(__file__).resolve().parents[1] / "src")

_RUN_POOL = """
import sys
from sitrep.engines.processes import ProcessEngine
from sitrep.records import Article
from sitrep.settings import Settings
settings = Settings(model=sys.argv[1], gazetteer=sys.argv[2]) if sys.argv[2] != "-" else Settings(model=sys.argv[1])
pairs = [(Article(id=str(i), text="Troops shelled the town of Bakhmut on Monday."), i) for i in range(4)]
try:
    list(ProcessEngine(settings, 2).run(pairs))
except Exception as exc:
    print("ERROR", type(exc).__name__, exc)
    sys.exit(3)
"""


def _run_pool(model: str, gazetteer: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": SRC, "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", _RUN_POOL, model, gazetteer], capture_output=True, text=True,
                          timeout=120, env=env)


def test_a_bad_model_fails_once_before_the_pool_starts(tmp_path: Path) -> None:
    Gazetteer.open().close()  # the default index exists (built once if missing): only the model is wrong
    gaz = str(Settings().gazetteer)
    out = _run_pool("no_such_model_xyz", gaz, tmp_path)
    assert out.returncode == 3, out.stderr[-2000:]
    assert "ERROR ModelError" in out.stdout and "no_such_model_xyz" in out.stdout
    assert out.stderr.count("Traceback") == 0


def test_a_garbage_gazetteer_fails_once_before_the_pool_starts(tmp_path: Path) -> None:
    garbage = tmp_path / "gazetteer.sqlite"
    garbage.write_bytes(b"this is not an SQLite file at all\n" * 200)
    out = _run_pool(Settings().model, str(garbage), tmp_path)
    assert out.returncode == 3, out.stderr[-2000:]
    assert "ERROR GazetteerError" in out.stdout
    assert out.stderr.count("Traceback") == 0
    assert garbage.read_bytes().startswith(b"this is not")  # never overwritten


def test_a_worker_that_cannot_load_raises_one_typed_error_from_its_tasks() -> None:
    before = signal.getsignal(signal.SIGINT)
    try:
        processes._worker_init(Settings(model="no_such_model_xyz"))
        with pytest.raises(ModelError):
            processes._worker_run([])
    finally:
        processes._WORKER.clear()
        signal.signal(signal.SIGINT, before)


def test_pool_workers_ignore_ctrl_c() -> None:
    before = signal.getsignal(signal.SIGINT)
    try:
        processes._worker_init(Settings(model="no_such_model_xyz"))
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        processes._WORKER.clear()
        signal.signal(signal.SIGINT, before)


def _slow_fake_build(path: Path) -> dict[str, object]:
    """A minimal current index, built slowly, each build counted in a file beside it."""
    with open(path.with_name("builds.txt"), "a") as f:
        f.write("build\n")
    time.sleep(0.5)
    tmp = path.with_name(path.name + ".fake")
    con = sqlite3.connect(tmp)
    con.executescript("""CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places(geonameid INTEGER PRIMARY KEY, name TEXT, feature TEXT, country TEXT,
                            admin1 TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE names(key TEXT, geonameid INTEGER, is_primary INTEGER, skel TEXT);""")
    con.executemany("INSERT INTO meta VALUES (?,?)", [("schema", str(SCHEMA_VERSION)), ("revision", build_revision())])
    con.commit()
    con.close()
    tmp.replace(path)
    return {"path": str(path)}


def _open_in_child(path: str) -> str:
    try:
        Gazetteer.open(Path(path)).close()
        return "ok"
    except Exception as exc:  # reported to the parent, which fails the test
        return f"{type(exc).__name__}: {exc}"


def test_processes_building_a_missing_gazetteer_at_once_build_it_once(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.gazetteer.index as index

    monkeypatch.setattr(index, "build_index", _slow_fake_build)
    path = tmp_path / "gaz" / "gazetteer.sqlite"
    with multiprocessing.get_context("fork").Pool(3) as pool:
        results = pool.map(_open_in_child, [str(path)] * 3)
    assert results == ["ok"] * 3
    assert (path.parent / "builds.txt").read_text().count("build") == 1
    assert not list(path.parent.glob("*.building"))


def test_a_garbage_gazetteer_is_refused_not_rebuilt(tmp_path: Path) -> None:
    garbage = tmp_path / "gazetteer.sqlite"
    garbage.write_bytes(b"garbage" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer.open(garbage)
    assert garbage.read_bytes() == b"garbage" * 100
