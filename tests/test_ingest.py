"""Ingest reliability: resume after kill -9, re-ingest no-op, quarantine, readers during ingest, big inputs,
a million-line JSONL streamed with bounded memory, and the store commands of the CLI."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest_stub import StubPipeline
from sitrep import pipeline as pipeline_mod
from sitrep.cli import app
from sitrep.errors import StoreError
from sitrep.ingest import Ingest
from sitrep.store import Store

HERE = Path(__file__).parent
BODY = ("Dock workers walked off the job at the container port on Tuesday over a pay dispute, and their union "
        "said the strike would go on until the port authority agreed to talks.")


def _jsonl(path: Path, n: int, start: int = 0, extra: str = "") -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + n):
            out.write(json.dumps({"id": f"n{i}", "title": f"Port strike {i}", "text": f"{BODY} Item {i}.{extra}",
                                  "published": "2023-02-07"}) + "\n")
    return path


def _db_state(db: Path) -> tuple[int, int, int, int]:
    """(articles, events, distinct event ids, articles whose n_events disagrees with their stored events)."""
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        arts = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        evs = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        ids = conn.execute("SELECT count(DISTINCT id) FROM events").fetchone()[0]
        bad = conn.execute("SELECT count(*) FROM articles a WHERE n_events != "
                           "(SELECT count(*) FROM events e WHERE e.article_rowid = a.rowid)").fetchone()[0]
    return arts, evs, ids, bad


def test_ingest_then_reingest_is_a_no_op(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", 30)
    db = tmp_path / "s.db"
    first = Ingest(db, StubPipeline(), workers=1, batch_size=7).run([str(src)])
    assert (first.stored, first.events, first.skipped) == (30, 30, 0)
    assert first.clusters > 0
    again = Ingest(db, StubPipeline(), workers=1, batch_size=7).run([str(src)])
    assert (again.stored, again.events, again.skipped) == (0, 0, 30)
    assert _db_state(db) == (30, 30, 30, 0)
    with Store.open(db, readonly=True) as store:
        clusters = store.counts()["clusters"]
        # every event is in a cluster; identical stub protests in one town on one day merge
        assert store.conn.execute("SELECT count(*) FROM events WHERE cluster IS NULL").fetchone()[0] == 0
        assert clusters < 30


def test_bad_inputs_and_failed_articles_are_quarantined(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "ok1", "text": BODY, "published": "2023-02-07"}),
        "{not json",
        json.dumps({"id": "boom", "text": BODY + " FAIL", "published": "2023-02-07"}),
        json.dumps({"id": "ok2", "text": BODY + " Again.", "published": "2023-02-07"}),
    ]) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "s.db"
    stats = Ingest(db, StubPipeline(), workers=1).run([str(src), str(tmp_path / "empty.txt")])
    assert (stats.stored, stats.quarantined, stats.failed) == (2, 3, 1)
    with Store.open(db, readonly=True) as store:
        reasons = {(Path(r["path"]).name, r["line"]): r["reason"] for r in store.quarantine()}
    assert "malformed JSON" in reasons[("in.jsonl", 2)]
    assert "stub failure" in reasons[("in.jsonl", 3)]
    assert "empty" in reasons[("empty.txt", None)]
    # the failed article is not stored, so a later run retries it; the quarantine is not doubled
    Ingest(db, StubPipeline(), workers=1).run([str(src), str(tmp_path / "empty.txt")])
    with Store.open(db, readonly=True) as store:
        assert len(store.quarantine()) == 3


def test_results_out_of_order_are_stored_in_input_order_with_their_origins(tmp_path: Path) -> None:
    # the engine gives results back scrambled (as a process pool may); each carries its origin
    src = tmp_path / "in.jsonl"
    rows = [json.dumps({"id": f"s{i}", "text": f"{BODY} Item {i}." + (" FAIL" if i in (3, 10) else ""),
                        "published": "2023-02-07"}) for i in range(12)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    Store.open(db).close()
    run = Ingest(db, StubPipeline(shuffle=5), workers=2, batch_size=4, dedup=False)
    got = [(origin.line, result.article.id, result.origin) for origin, result in run.results([str(src)])]
    assert [line for line, _, _ in got] == list(range(1, 13))
    assert all(aid == f"s{line - 1}" and origin.line == line for line, aid, origin in got)
    stats = Ingest(db, StubPipeline(shuffle=5), workers=2, batch_size=4, dedup=False).run([str(src)])
    assert (stats.stored, stats.failed) == (10, 2)
    with Store.open(db, readonly=True) as store:
        stored = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
        failed = sorted(r["line"] for r in store.quarantine())
    assert stored == [f"s{i}" for i in range(12) if i not in (3, 10)]
    assert failed == [4, 11]


def test_a_pipeline_with_only_extract_many_still_gets_origins(tmp_path: Path) -> None:
    class OrderedOnly:
        def __init__(self) -> None:
            self.stub = StubPipeline()

        def extract_many(self, articles, n_process=None):  # type: ignore[no-untyped-def]
            return self.stub.extract_many(articles, n_process)

    src = _jsonl(tmp_path / "in.jsonl", 5)
    Store.open(tmp_path / "s.db").close()
    got = [(o.line, r.article.id, r.origin) for o, r in Ingest(tmp_path / "s.db", OrderedOnly(), workers=1).results([str(src)])]
    assert [(line, aid) for line, aid, _ in got] == [(i + 1, f"n{i}") for i in range(5)]
    assert all(origin.line == line for line, _, origin in got)


def test_kill_9_mid_ingest_then_resume_loses_and_doubles_nothing(tmp_path: Path) -> None:
    total = 240
    src = _jsonl(tmp_path / "in.jsonl", total)
    db = tmp_path / "s.db"
    child = subprocess.Popen([sys.executable, str(HERE / "ingest_stub.py"), str(db), str(src), "--delay", "0.01"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        stored = 0
        while time.monotonic() < deadline and child.poll() is None:
            if db.exists():
                try:
                    stored = _db_state(db)[0]
                except StoreError:
                    stored = 0  # the schema is still being created
            if stored >= 40:
                break
            time.sleep(0.02)
        assert child.poll() is None, f"the ingest ended before it could be killed: {child.stderr.read()!r}"  # type: ignore[union-attr]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    arts, evs, ids, bad = _db_state(db)
    assert 40 <= arts < total and arts == evs == ids and bad == 0  # only whole batches were committed
    stats = Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
    assert stats.skipped == arts and stats.stored == total - arts
    assert _db_state(db) == (total, total, total, 0)


def test_a_reader_keeps_working_during_ingest(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", 200)
    db = tmp_path / "s.db"
    Store.open(db).close()
    seen: list[int] = []
    errors: list[BaseException] = []
    run = Ingest(db, StubPipeline(delay=0.002), workers=1, batch_size=5)
    writer = threading.Thread(target=lambda: run.run([str(src)]))
    writer.start()
    try:
        while writer.is_alive():
            try:
                with Store.open(db, readonly=True) as store:
                    seen.append(store.counts()["events"])
                    list(store.events(merged=False))
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            time.sleep(0.01)
    finally:
        writer.join()
    assert errors == []
    assert len(seen) >= 5 and seen == sorted(seen)  # readers saw the batches land, never a step back
    assert 0 < len([n for n in seen if 0 < n < 200])


def test_ten_megabyte_article_is_quarantined_and_the_rest_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("A very long report\n" + (BODY + "\n") * (10_000_000 // len(BODY)), encoding="utf-8")
    assert huge.stat().st_size >= 10_000_000
    src = _jsonl(tmp_path / "in.jsonl", 3)
    db = tmp_path / "s.db"
    stats = Ingest(db, StubPipeline(), workers=1).run([str(huge), str(src)])
    assert (stats.stored, stats.quarantined) == (3, 1)
    with Store.open(db, readonly=True) as store:
        (row,) = store.quarantine()
    assert row["path"].endswith("huge.txt") and "too large" in row["reason"]


def test_million_line_jsonl_streams_with_bounded_memory(tmp_path: Path) -> None:
    """A million lines with SITREP_TEST_FULL=1 (~20-40 s, the reader's own cost); 100,000 by default."""
    psutil = pytest.importorskip("psutil")
    lines = 1_000_000 if os.environ.get("SITREP_TEST_FULL") else 100_000
    src = tmp_path / "million.jsonl"
    with src.open("w", encoding="utf-8") as out:
        for i in range(lines):
            out.write('{"id":"m%d","text":"Pickets stood at gate %d.","published":"2023-02-07"}\n' % (i, i))
    db = tmp_path / "s.db"
    Store.open(db).close()
    stub = StubPipeline(eager=True, events=False)
    run = Ingest(db, stub, workers=2, window=256)
    proc = psutil.Process()
    rss: list[int] = []
    n = 0
    # reading and queueing only: results are counted, not stored (storing is what the other tests check)
    for _origin, result in run.results([str(src)]):
        n += 1
        if n % (lines // 10) == 0:
            rss.append(proc.memory_info().rss)
    assert n == lines
    assert stub.peak_backlog <= 256  # the eager reader was held back by the gate
    growth_mb = (max(rss) - rss[0]) / 2**20
    assert growth_mb < 40, f"memory grew {growth_mb:.0f} MB over the stream"


# ---------------------------------------------------------------- the CLI


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(pipeline_mod, "Pipeline", lambda settings=None: StubPipeline())
    return CliRunner()


def _two_outlets(tmp_path: Path) -> Path:
    """Two outlets' reports of one march (same stub town and day) and one of another day."""
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a1", "text": BODY, "published": "2023-02-07", "source": "Harbour Times"},
            {"id": "a2", "text": BODY, "title": "Another outlet", "published": "2023-02-07", "source": "Coast Radio"},
            {"id": "a3", "text": BODY, "published": "2023-06-01", "source": "Coast Radio"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return src


def test_cli_ingest_stats_export_quarantine(runner: CliRunner, tmp_path: Path) -> None:
    src = _two_outlets(tmp_path)
    db = str(tmp_path / "s.db")
    res = runner.invoke(app, ["ingest", str(src), "--db", db, "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "3 articles stored" in res.output
    res = runner.invoke(app, ["stats", "--db", db])
    assert res.exit_code == 0 and "2023-02" in res.output and "Protests" in res.output

    res = runner.invoke(app, ["export", "--db", db, "--format", "jsonl"])
    merged = [json.loads(line) for line in res.output.splitlines()]
    assert len(merged) == 2
    both = next(m for m in merged if len(m["articles"]) == 2)
    assert both["articles"] == ["a1", "a2"] and both["agreement"] == 2
    assert {"harbour times", "coast radio"} <= {(s["name"] or "").lower() for s in both["sources"]}
    res = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--per-article"])
    assert len(res.output.splitlines()) == 3
    res = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--since", "2023-03-01"])
    assert len(res.output.splitlines()) == 1

    res = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    for column in ("event_date", "event_type", "sub_event_type", "actor1", "inter1", "actor2", "inter2", "country",
                   "admin1", "location", "latitude", "longitude", "geo_precision", "time_precision", "source",
                   "notes", "fatalities", "certainty", "evidence", "cluster", "agreement"):
        assert column in rows[0]
    assert {r["cluster"] for r in rows} == {m["cluster"] for m in merged}

    res = runner.invoke(app, ["quarantine", "--db", db])
    assert res.exit_code == 0 and "nothing quarantined" in res.output
    res = runner.invoke(app, ["ingest", str(src), "--db", db, "--workers", "1"])
    assert "0 articles stored" in res.output and "3 already stored" in res.output


def test_cli_geojson_is_rfc7946(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(_two_outlets(tmp_path)), "--db", db, "--workers", "1"])
    out = tmp_path / "out.geojson"
    res = runner.invoke(app, ["export", "--db", db, "-o", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 2
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert lon == feature["properties"]["where"]["lon"] and lat == feature["properties"]["where"]["lat"]


def test_cli_parquet_export_has_the_documented_schema(runner: CliRunner, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from sitrep.writers import parquet_schema

    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(_two_outlets(tmp_path)), "--db", db, "--workers", "1"])
    out = tmp_path / "out.parquet"
    res = runner.invoke(app, ["export", "--db", db, "-o", str(out), "--per-article"])
    assert res.exit_code == 0, res.output
    table = pq.read_table(out)
    assert table.schema.equals(parquet_schema())
    assert table.num_rows == 3
    rows = table.to_pylist()
    assert {r["article"] for r in rows} == {"a1", "a2", "a3"}
    assert all(r["evidence"] and r["evidence"][0]["start"] == 0 for r in rows)
    assert str(rows[0]["event_date"]) in ("2023-02-07", "2023-06-01")
    empty = tmp_path / "empty.parquet"
    runner.invoke(app, ["export", "--db", db, "-o", str(empty), "--since", "2099-01-01"])  # a date nothing has
    assert pq.read_table(empty).num_rows == 0


def test_cli_store_errors_are_messages(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no such file" in res.output
    src = _jsonl(tmp_path / "in.jsonl", 40, extra=" " + BODY * 20)  # more than the empty store's free pages hold
    db = tmp_path / "s.db"
    Store.open(db).close()
    real_open = Store.open.__func__  # type: ignore[attr-defined]

    def full_disk(cls: type, path: str | Path, readonly: bool = False) -> Store:
        store = real_open(cls, path, readonly)
        if not readonly:  # the writer's connection may not grow the file: SQLite reports a full disk
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    monkeypatch.setattr(Store, "open", classmethod(full_disk))
    res = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--workers", "1"])
    assert res.exit_code == 1
    assert "disk is full" in res.output and "Traceback" not in res.output


def test_a_fixed_quarantined_input_is_no_longer_listed_after_it_is_ingested(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = json.dumps({"id": "ok1", "text": BODY, "published": "2023-02-07"})
    fixed = json.dumps({"id": "ok2", "text": BODY + " Again.", "published": "2023-02-07"})
    src.write_text(good + "\n{not json\n", encoding="utf-8")
    empty = tmp_path / "later.txt"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "s.db"
    Ingest(db, StubPipeline(), workers=1).run([str(src), str(empty)])
    with Store.open(db, readonly=True) as store:
        assert {(Path(r["path"]).name, r["line"]) for r in store.quarantine()} == {("in.jsonl", 2), ("later.txt", None)}
    src.write_text(good + "\n" + fixed + "\n", encoding="utf-8")  # line 2 mended
    empty.write_text("A report\n" + BODY + "\n", encoding="utf-8")  # the empty file filled
    stats = Ingest(db, StubPipeline(), workers=1).run([str(src), str(empty)])
    assert stats.quarantined == 0
    with Store.open(db, readonly=True) as store:
        assert store.quarantine() == []
        assert store.counts()["articles"] == 3
