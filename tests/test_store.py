"""The SQLite store: migrations, idempotent writes, FTS5, the R*Tree, read-only and disk-full errors."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ingest_stub import stub_event
from sitrep.errors import StoreError
from sitrep.records import Article
from sitrep.store import SCHEMA_VERSION, Filters, Store, WriteBatch

TEXT = "Several hundred nurses marched to the regional assembly on Monday to protest against unpaid wages."


def _article(n: int, text: str = TEXT, published: str = "2022-03-07") -> Article:
    return Article(id=f"art-{n}", text=f"{text} ({n})", title=f"Nurses march {n}", published=published)


def _store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "s.db")


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert store.version() == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"articles", "events", "sources", "evidence", "clusters", "quarantine", "articles_fts",
                "events_geo"} <= names
    with Store.open(tmp_path / "s.db") as again:  # reopening applies nothing twice
        assert again.version() == SCHEMA_VERSION


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)
    with pytest.raises(StoreError, match="newer"):
        Store.open(path, readonly=True)


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a sitrep database"):
        Store.open(junk)
    with pytest.raises(StoreError, match="no such file"):
        Store.open(tmp_path / "missing.db", readonly=True)


def test_writes_are_idempotent_and_a_new_version_replaces(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        arts = [_article(i) for i in range(3)]
        batch = WriteBatch([(a, [stub_event(a)], "in.jsonl") for a in arts])
        assert store.write_batch(batch) == (3, 3)
        assert store.write_batch(batch) == (0, 0)
        changed = arts[0].replace(text=arts[0].text + " Police said the march was calm.")
        assert store.has_article(arts[0])
        assert not store.has_article(changed)
        assert store.write_batch(WriteBatch([(changed, [stub_event(changed, 1)], None)])) == (1, 1)
        counts = store.counts()
        assert counts["articles"] == 3 and counts["events"] == 3  # the old version's event went with it
        assert store.conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 3
        assert store.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 3


def test_full_text_search_and_map_box(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        arts = [_article(1), _article(2, "Fishermen blockaded the harbour entrance with their boats for a day.")]
        store.write_batch(WriteBatch([(a, [stub_event(a)], None) for a in arts]))
        assert [i for i, _ in store.search("harbour")] == ["art-2"]
        assert [i for i, _ in store.search("wages")] == ["art-1"]
        assert len(store.search("nurses")) == 2  # titles are searched too
        ev = stub_event(arts[0])
        lat, lon = ev.where.lat, ev.where.lon  # type: ignore[union-attr]
        inside = store.in_box(lat - 0.01, lon - 0.01, lat + 0.01, lon + 0.01)
        assert ev.id in inside
        assert store.in_box(-80, -170, -70, -160) == []
        with pytest.raises(StoreError, match="bad search query"):
            store.search('"unbalanced')


def test_quarantine_is_upserted(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        bad = WriteBatch([], [("in.jsonl", 3, "malformed JSON"), ("empty.txt", None, "empty file")])
        store.write_batch(bad)
        store.write_batch(bad)
        rows = store.quarantine()
        assert len(rows) == 2
        assert {r["seen"] for r in rows} == {2}
        assert {(r["path"], r["line"]) for r in rows} == {("in.jsonl", 3), ("empty.txt", None)}


def test_read_only_store_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    with Store.open(path, readonly=True) as ro:
        art = _article(1)
        with pytest.raises(StoreError, match="read-only"):
            ro.write_batch(WriteBatch([(art, [stub_event(art)], None)]))
        # bypassing the flag, SQLite itself refuses (mode=ro): still a StoreError that says so
        ro.readonly = False
        with pytest.raises(StoreError, match="read-only"):
            ro.write_batch(WriteBatch([(art, [stub_event(art)], None)]))
        assert ro.counts()["articles"] == 0


def test_full_disk_gives_a_clear_error_and_keeps_what_was_committed(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        first = _article(0)
        store.write_batch(WriteBatch([(first, [stub_event(first)], None)]))
        # SQLite's page cap makes the next growth fail exactly as a full disk does (SQLITE_FULL)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        big = [_article(i, TEXT * 200) for i in range(1, 40)]
        with pytest.raises(StoreError, match="disk is full"):
            store.write_batch(WriteBatch([(a, [stub_event(a)], None) for a in big]))
        assert store.counts()["articles"] == 1  # the failed batch left nothing half-written


def test_filters_and_stats(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        arts = [_article(1, published="2022-03-07"), _article(2, published="2022-04-01")]
        store.write_batch(WriteBatch([(a, [stub_event(a)], None) for a in arts]))
        from sitrep.dedup import recluster

        recluster(store)
        assert len(list(store.events())) == 2
        assert len(list(store.events(Filters(since="2022-03-15")))) == 1
        assert len(list(store.events(Filters(until="2022-03-15")))) == 1
        assert len(list(store.events(Filters(country="xx")))) == 2
        assert list(store.events(Filters(country="NG"))) == []
        assert len(list(store.events(Filters(type="peaceful protest")))) == 2
        assert len(list(store.events(Filters(min_certainty="confirmed")))) == 0
        per_article = list(store.events(merged=False))
        assert all(e.cluster for e in per_article)
        stats = store.stats()
        assert dict(stats["month"]) == {"2022-03": 1, "2022-04": 1}
        assert dict(stats["type"]) == {"Protests": 2}
