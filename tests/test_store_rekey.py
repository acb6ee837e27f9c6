"""Migration 2: a store written when id-less JSONL lines were named "stem:line" and stdin text "stdin" gets
today's content-hash ids, so re-ingesting the same input is a no-op instead of storing every article twice."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ingest_stub import StubPipeline
from sitrep.ingest import Ingest
from sitrep.records import event_id
from sitrep.store import Store
from sitrep.store.migrations import MIGRATIONS
from sitrep.store.rekey import legacy_id

BODY = ("Farmers blocked the ring road with tractors on Monday to protest against the new fuel tax, and the "
        "police said the blockade would be cleared by the evening.")


def _idless_jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"title": f"Road blockade {i}", "text": f"{BODY} Report {i}.",
                                  "published": "2024-03-04"}) + "\n")
    return path


def _make_legacy(db: Path, legacy: Path) -> dict[str, str]:
    """Write `legacy` as the old sitrep wrote the store `db`: schema version 1 (only the first migration), each
    id-less line's article named "stem:line" (from its stored origin), its events' ids made from that name.
    {old article id: today's id}."""
    conn = sqlite3.connect(legacy, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("ATTACH DATABASE ? AS new", (str(db),))
    for table in ("articles", "events", "sources", "evidence"):
        cols = ", ".join(f'"{r[1]}"' for r in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table}({cols}) SELECT {cols} FROM new.{table}")
    conn.execute("DETACH DATABASE new")
    old_of: dict[str, str] = {}
    for rowid, ident, origin in conn.execute("SELECT rowid, id, origin FROM articles").fetchall():
        path, _, line = origin.rpartition(":")
        old = f"{Path(path).stem}:{line}"
        old_of[old] = ident
        conn.execute("UPDATE articles SET id = ? WHERE rowid = ?", (old, rowid))
        for ev_rowid, record in conn.execute("SELECT rowid, record FROM events WHERE article_rowid = ?",
                                             (rowid,)).fetchall():
            rec = json.loads(record)
            rec["id"] = event_id(old, rec["type"], rec["subtype"], rec["evidence"][0]["start"], rec.get("trigger"))
            rec["article"], rec["articles"] = old, [old]
            conn.execute("UPDATE events SET id = ?, article = ?, record = ?, cluster = NULL WHERE rowid = ?",
                         (rec["id"], old, json.dumps(rec), ev_rowid))
    conn.close()
    return old_of


def _ids(db: Path) -> tuple[list[str], list[str], int]:
    with Store.open(db, readonly=True) as store:
        arts = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
        evs = sorted(r[0] for r in store.conn.execute("SELECT id FROM events"))
        recs = sorted(json.loads(r[0])["id"] for r in store.conn.execute("SELECT record FROM events"))
        assert evs == recs  # the column and the stored record agree
        clustered = store.conn.execute("SELECT count(*) FROM events WHERE cluster IS NOT NULL").fetchone()[0]
    return arts, evs, clustered


def test_legacy_line_ids_are_rekeyed_and_reingest_is_a_no_op(tmp_path: Path) -> None:
    src = _idless_jsonl(tmp_path / "news.jsonl", 12)
    fresh = tmp_path / "fresh.db"
    Ingest(fresh, StubPipeline(), workers=1).run([str(src)])
    want = _ids(fresh)

    db = tmp_path / "old.db"
    old_of = _make_legacy(fresh, db)
    assert sorted(old_of) == sorted(f"news:{i}" for i in range(1, 13))
    with sqlite3.connect(db) as conn:  # (a read-only Store refuses a file that needs migrating)
        assert sorted(r[0] for r in conn.execute("SELECT id FROM articles")) == sorted(old_of)
        assert not set(r[0] for r in conn.execute("SELECT id FROM events")) & set(want[1])

    with Store.open(db) as store:  # opening for writing migrates
        assert store.version() >= 2
    arts, evs, _ = _ids(db)
    assert (arts, evs) == (want[0], want[1])  # the ids a fresh ingest of today gives, articles and events

    again = Ingest(db, StubPipeline(), workers=1).run([str(src)])
    assert (again.stored, again.skipped) == (0, 12)  # before the migration: 12 stored a second time
    assert _ids(db) == want  # and the happenings are back after the ingest's reclustering


def test_stdin_article_rekeyed_and_an_upgraded_copy_kept_once(tmp_path: Path) -> None:
    fresh, db = tmp_path / "fresh.db", tmp_path / "s.db"
    Ingest(fresh, StubPipeline(), workers=1).run([str(_idless_jsonl(tmp_path / "a.jsonl", 2))])
    want = [r[0] for r in sqlite3.connect(fresh).execute("SELECT id FROM articles ORDER BY rowid")]
    _make_legacy(fresh, db)
    conn = sqlite3.connect(db, isolation_level=None)
    rows = list(zip([r[0] for r in conn.execute("SELECT rowid FROM articles ORDER BY rowid")], want))
    # the first was read from stdin by the old sitrep ("stdin"); the second was stored twice: under its old line
    # id ("a:2"), and again, after the upgrade and before this migration, under its content hash
    conn.execute("UPDATE articles SET id = 'stdin', origin = '<stdin>' WHERE rowid = ?", (rows[0][0],))
    conn.execute("INSERT INTO articles(id, hash, title, text, published, origin, n_events, ingested_at) "
                 "SELECT ?, hash, title, text, published, origin, 0, ingested_at FROM articles WHERE rowid = ?",
                 (want[1], rows[1][0]))
    conn.close()
    with Store.open(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
    assert ids == want  # stdin → its content hash; the old copy dropped, the upgraded one kept


def test_legacy_id_rule() -> None:
    assert legacy_id("in/news.jsonl:7") == "news:7"
    assert legacy_id("feeds/world.rss:3") == "world:3"
    assert legacy_id("<stdin>") == "stdin" and legacy_id("<stdin>:4") == "stdin:4"
    assert legacy_id("in/report.txt") is None and legacy_id(None) is None


def test_an_old_store_gains_the_gate_and_watch_schema_on_open(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store.open(db) as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(articles)")}
    assert {"watch_feeds", "watch_entries"} <= tables and {"gated", "gate_score"} <= columns
