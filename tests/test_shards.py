"""Shard folders (the Ray path's output): an article's fields, its country hint included, survive a round trip, and
shards written before the hint existed still read."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="the shard folders need pyarrow (pip install -e '.[ray]')")

from sitrep.records import Article  # noqa: E402
from sitrep.writers.shards import ShardFolder, article_schema  # noqa: E402


def test_an_articles_country_hint_is_written_and_read_back(tmp_path: Path) -> None:
    folder = ShardFolder(str(tmp_path / "out"))
    folder.prepare()
    hinted = Article(id="a1", text="Police arrested ten people in the town on Monday.", published="2024-03-04",
                     country="Kenya", source="wire")
    plain = Article(id="a2", text="Nothing happened here.", published="2024-03-04")
    folder.write_shard("k1", [(hinted, (), "in.jsonl:1", 0), (plain, (), "in.jsonl:2", 1)], [])
    got, quarantined = folder.read_shard("k1")
    assert [a for a, _, _ in got] == [hinted, plain] and quarantined == []
    assert got[0][0].country == "Kenya" and got[1][0].country is None


def test_a_shard_written_without_the_country_column_still_reads(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = ShardFolder(str(tmp_path / "out"))
    folder.prepare()
    article = Article(id="a1", text="Protesters marched in the capital on Friday.", published="2024-03-01")
    old = pa.schema([f for f in article_schema() if f.name != "country"])
    row = {f.name: None for f in old} | {"id": "a1", "text": article.text, "published": article.published,
                                        "title": "", "hash": article.hash, "origin": "old.jsonl:1", "n_events": 0,
                                        "seq": 0}
    (tmp_path / "out" / "articles").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([row], schema=old), str(tmp_path / "out" / "articles" / "part-k0.parquet"))
    got, _ = folder.read_shard("k0")
    assert [a for a, _, _ in got] == [article]
