"""Issue 13, the readers' part: article ids that never collide silently, `--published` only for inputs without a
date, one bad line or folder never costing its neighbours, and huge inputs refused in bounded memory."""
from __future__ import annotations

import io
import json
import os
import sys
import tracemalloc
from pathlib import Path

import pytest

from ingest_stub import StubPipeline
from sitrep.ingest import Ingest
from sitrep.readers import Quarantined, iter_inputs, iter_read, walk
from sitrep.records import Article
from sitrep.readers.ids import content_id
from sitrep.store import Store

ENGLISH = ("Police fired tear gas at a crowd of several hundred people who had gathered in the main square "
           "on Saturday to protest against the closure of the local hospital, residents said. ")
OTHER = ("Hundreds of workers marched through the capital on Monday to demand higher wages, and the police "
         "said that the march was peaceful and that nobody was arrested during the day. ")


def _items(paths: list[object], **kw: object) -> list[Article | Quarantined]:
    return [item for _, item in iter_inputs([str(p) for p in paths], **kw)]  # type: ignore[arg-type]


def _articles(paths: list[object], **kw: object) -> list[Article]:
    return [a for a in _items(paths, **kw) if isinstance(a, Article)]


def _quarantined(paths: list[object], **kw: object) -> list[Quarantined]:
    return [q for q in _items(paths, **kw) if isinstance(q, Quarantined)]


def _stored(db: Path) -> dict[str, str]:
    with Store.open(db, readonly=True) as store:
        return dict(store.conn.execute("SELECT id, text FROM articles").fetchall())


# ---------------------------------------------------------------- item 2: article ids


def test_unique_file_names_keep_their_name_as_id(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "report.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "other.html").write_text(f"<p>{OTHER}</p>", encoding="utf-8")
    (tmp_path / "report.jsonl").write_text(json.dumps({"id": "j1", "text": OTHER + "x"}) + "\n", encoding="utf-8")
    assert [a.id for a in _articles([tmp_path])] == ["report", "other", "j1"]


def test_same_named_files_in_two_folders_are_two_articles(tmp_path: Path) -> None:
    for folder, text in (("2021", ENGLISH), ("2022", OTHER)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text("T\n" + text, encoding="utf-8")
    assert [a.id for a in _articles([tmp_path])] == ["2021/report.txt", "2022/report.txt"]


def test_report_txt_beside_report_html_are_two_articles(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "report.html").write_text(f"<p>{OTHER}</p>", encoding="utf-8")
    assert sorted(a.id for a in _articles([tmp_path])) == ["report.html", "report.txt"]


def test_same_relative_path_under_two_folders_given_keeps_the_folder(tmp_path: Path) -> None:
    for folder, text in (("x", ENGLISH), ("y", OTHER)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text("T\n" + text, encoding="utf-8")
    ids = [a.id for a in _articles([tmp_path / "x", tmp_path / "y"])]
    assert len(set(ids)) == 2 and all(i.endswith(("x/report.txt", "y/report.txt")) for i in ids)


def test_the_same_file_named_twice_is_one_article_not_a_collision(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    items = _items([tmp_path / "report.txt", tmp_path])
    assert all(isinstance(i, Article) for i in items) and len({i.id for i in items}) == 1  # type: ignore[union-attr]


def test_jsonl_number_and_string_id_do_not_collide_silently(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"id": 12, "text": ENGLISH}) + "\n" + json.dumps({"id": "12", "text": OTHER}) + "\n"
                    + json.dumps({"id": "12", "text": ENGLISH}) + "\n", encoding="utf-8")
    items = _items([path])
    first, second, third = items
    assert isinstance(first, Article) and first.id == "12"
    assert isinstance(second, Quarantined) and second.line == 2
    assert "duplicate id '12'" in second.reason and f"{path}:1" in second.reason
    assert isinstance(third, Article) and third.id == "12"  # the same article again: the store keeps it once


def test_jsonl_id_equal_to_a_file_name_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "z.jsonl").write_text(json.dumps({"id": "report", "text": OTHER}) + "\n", encoding="utf-8")
    items = _items([tmp_path])
    assert isinstance(items[0], Article) and items[0].id == "report"
    assert isinstance(items[1], Quarantined) and "duplicate id 'report'" in items[1].reason


def test_jsonl_lines_without_ids_keep_their_ids_when_a_line_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "noid.jsonl"
    path.write_text(json.dumps({"text": ENGLISH}) + "\n" + json.dumps({"text": OTHER}) + "\n", encoding="utf-8")
    before = [a.id for a in _articles([path])]
    path.write_text(json.dumps({"text": OTHER}) + "\n", encoding="utf-8")
    after = [a.id for a in _articles([path])]
    assert before == [content_id("", ENGLISH), content_id("", OTHER)] and after == before[1:]


def test_each_stdin_text_is_its_own_article() -> None:
    one = _articles(["-"], stdin=io.StringIO("A title\n" + ENGLISH))
    two = _articles(["-"], stdin=io.StringIO("A title\n" + OTHER))
    again = _articles(["-"], stdin=io.StringIO("A title\n" + ENGLISH))
    assert one[0].id != two[0].id and one[0].id == again[0].id and one[0].id.startswith("sha256-")


def test_ingest_summary_counts_what_was_really_stored(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for folder, text in (("a", ENGLISH), ("b", OTHER)):
        (src / folder).mkdir(parents=True)
        (src / folder / "report.txt").write_text("T\n" + text, encoding="utf-8")
    (src / "c.jsonl").write_text(json.dumps({"id": 7, "text": ENGLISH + " x"}) + "\n"
                                 + json.dumps({"id": "7", "text": OTHER + " y"}) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    stats = Ingest(db, StubPipeline(), workers=1).run([str(src)])
    stored = _stored(db)
    assert (stats.stored, stats.quarantined) == (3, 1) and len(stored) == 3
    assert set(stored) == {"a/report.txt", "b/report.txt", "7"}


def test_ingest_of_stdin_twice_keeps_both_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    for text in (ENGLISH, OTHER):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("T\n" + text).encode()), encoding="utf-8"))
        Ingest(db, StubPipeline(), workers=1).run(["-"])
    assert len(_stored(db)) == 2


# ---------------------------------------------------------------- item 7: --published


def test_published_applies_only_to_inputs_without_a_date(tmp_path: Path) -> None:
    (tmp_path / "j.jsonl").write_text(json.dumps({"id": "d", "text": ENGLISH, "published": "2019-05-06"}) + "\n"
                                      + json.dumps({"id": "n", "text": OTHER}) + "\n", encoding="utf-8")
    (tmp_path / "f.rss").write_text(
        "<rss><channel><title>W</title><item><guid>g1</guid><title>T</title>"
        f"<pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate><description>{ENGLISH} z</description></item>"
        "</channel></rss>", encoding="utf-8")
    got = {a.id: (a.published, a.published_from)
           for a in _articles([tmp_path / "j.jsonl", tmp_path / "f.rss"], published="2018-07-08")}
    assert got == {"d": ("2019-05-06", "input"), "n": ("2018-07-08", "given"), "g1": ("2021-03-02", "input")}


def test_published_does_not_change_the_content_hash_of_a_dated_input(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text(json.dumps({"id": "d", "text": ENGLISH, "published": "2019-05-06"}) + "\n", encoding="utf-8")
    assert _articles([path])[0].hash == _articles([path], published="2018-07-08")[0].hash


# ---------------------------------------------------------------- item 10: one line never stops a batch


def test_deeply_nested_jsonl_line_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"id": "before", "text": ENGLISH}) + "\n" + "[" * 5000 + "]" * 5000 + "\n"
                    + '{"id": "x", "text": ' + "[" * 5000 + "]" * 5000 + "}\n"
                    + json.dumps({"id": "after", "text": OTHER}) + "\n", encoding="utf-8")
    items = _items([path])
    assert [a.id for a in items if isinstance(a, Article)] == ["before", "after"]
    assert [q.line for q in items if isinstance(q, Quarantined)] == [2, 3]
    db = tmp_path / "s.db"
    stats = Ingest(db, StubPipeline(), workers=1).run([str(path)])
    assert (stats.stored, stats.quarantined) == (2, 2) and set(_stored(db)) == {"before", "after"}


def test_huge_number_in_a_jsonl_line_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "num.jsonl"
    path.write_text('{"id": 1' + "0" * 5000 + ', "text": "x"}\n' + json.dumps({"id": "ok", "text": ENGLISH}) + "\n",
                    encoding="utf-8")
    items = _items([path])
    assert isinstance(items[0], Quarantined) and isinstance(items[1], Article) and items[1].id == "ok"


def test_stdin_line_with_invalid_utf8_id_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = json.dumps({"id": "good", "text": ENGLISH}).encode()
    escaped = json.dumps({"id": "bad\udc80", "text": OTHER}).encode()  # a lone surrogate as a JSON escape
    raw = b'{"id": "caf\xe9 \x81", "text": "' + OTHER.encode() + b' w"}'  # invalid UTF-8, undecodable as cp1252
    data = good + b"\n" + escaped + b"\n" + raw + b"\n"
    # a text stdin as Python opens it in a C locale: invalid bytes come through as surrogates
    surrogates = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    for stream in (io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), io.StringIO(surrogates.read())):
        items = list(iter_read(["-"], stdin=stream))  # type: ignore[arg-type]
        assert [(o.line, type(i).__name__) for _, o, i in items] == [(1, "Article"), (2, "Quarantined"),
                                                                      (3, "Quarantined")]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape"))
    db = tmp_path / "s.db"
    stats = Ingest(db, StubPipeline(), workers=1).run(["-"])
    assert (stats.stored, stats.quarantined) == (1, 2) and set(_stored(db)) == {"good"}


# ---------------------------------------------------------------- item 14: no silent skips


def test_unreadable_folder_is_quarantined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("T\n" + OTHER, encoding="utf-8")
    real = walk._scandir

    def scandir(path: Path) -> list[os.DirEntry[str]]:
        if Path(path) == locked:  # as root (CI), chmod cannot lock a folder: the refusal is simulated
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(walk, "_scandir", scandir)
    items = _items([tmp_path])
    assert [a.id for a in items if isinstance(a, Article)] == ["ok"]
    [q] = [q for q in items if isinstance(q, Quarantined)]
    assert q.path == str(locked) and "unreadable folder" in q.reason and "Permission denied" in q.reason


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_is_quarantined_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("T\n" + OTHER, encoding="utf-8")
    locked.chmod(0)
    try:
        [q] = _quarantined([tmp_path])
    finally:
        locked.chmod(0o755)
    assert q.path == str(locked) and "unreadable folder" in q.reason


def test_folder_without_input_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing to read", encoding="utf-8")
    [q] = _quarantined([tmp_path])
    assert q.path == str(tmp_path) and "no input files" in q.reason and ".jsonl" in q.reason


def test_nul_byte_in_a_jsonl_line_costs_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_bytes(json.dumps({"id": "a", "text": ENGLISH}).encode() + b"\n" + b'{"id": "b\x00", "text": "x"}\n'
                     + json.dumps({"id": "c", "text": OTHER}).encode() + b"\n")
    items = _items([path])
    assert [a.id for a in items if isinstance(a, Article)] == ["a", "c"]
    [q] = [q for q in items if isinstance(q, Quarantined)]
    assert q.line == 2 and "NUL" in q.reason


def test_binary_file_named_jsonl_is_still_one_quarantine_entry(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 100)
    [q] = _quarantined([path])
    assert q.line is None and "binary" in q.reason


def test_stdin_jsonl_with_a_bom_is_read_as_jsonl() -> None:
    data = b"\xef\xbb\xbf" + json.dumps({"id": "b1", "text": ENGLISH}).encode() + b"\n" \
        + json.dumps({"id": "b2", "text": OTHER}).encode() + b"\n"
    for stream in (io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), io.StringIO(data.decode("utf-8"))):
        got = [(name, item.id) for name, _, item in iter_read(["-"], stdin=stream)]  # type: ignore[union-attr, arg-type]
        assert got == [("jsonl", "b1"), ("jsonl", "b2")]


# ---------------------------------------------------------------- item 15: huge inputs, bounded memory


def _peak(fn: object) -> int:
    tracemalloc.start()
    try:
        fn()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_huge_jsonl_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    peaks = []
    for size in (1, 8):  # MB: the limit is 10,000 characters, so both are refused; the cost must not grow
        path = tmp_path / f"huge{size}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.write('{"id": "huge", "text": "' + "word " * (size * 2**20 // 5) + '"}\n')
            out.write(json.dumps({"id": "small", "text": ENGLISH}) + "\n")
        got: list[Article | Quarantined] = []
        peaks.append(_peak(lambda: got.extend(_items([path], max_chars=10_000))))  # noqa: B023
        assert isinstance(got[0], Quarantined) and "too large" in got[0].reason
        assert isinstance(got[1], Article) and got[1].id == "small"
    assert peaks[1] < peaks[0] + 2**20, f"peak memory grew with the line: {peaks}"


def test_huge_stdin_is_refused_in_bounded_memory() -> None:
    peaks = []
    for size in (1, 8):
        text = io.TextIOWrapper(io.BytesIO(b"Title\n" + b"word " * (size * 2**20 // 5)), encoding="utf-8")
        lines = io.TextIOWrapper(io.BytesIO(b'{"id": "huge", "text": "' + b"word " * (size * 2**20 // 5) + b'"}\n'
                                            + json.dumps({"id": "small", "text": ENGLISH}).encode() + b"\n"),
                                 encoding="utf-8")
        got: list[Article | Quarantined] = []
        peaks.append(_peak(lambda: (got.extend(_items(["-"], stdin=text, max_chars=10_000)),  # noqa: B023
                                    got.extend(_items(["-"], stdin=lines, max_chars=10_000)))))  # noqa: B023
        assert [type(i).__name__ for i in got] == ["Quarantined", "Quarantined", "Article"]
        assert all("too large" in i.reason for i in got[:2])  # type: ignore[union-attr]
    assert peaks[1] < peaks[0] + 2**20, f"peak memory grew with the input: {peaks}"


def test_one_file_named_two_ways_is_one_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "report.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "report.txt").write_text("T\n" + OTHER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ids = [a.id for a in _articles([tmp_path / "x" / "report.txt", "x", "y"])]
    assert ids == ["x/report.txt"] * 2 + ["y/report.txt"]


def test_feed_items_without_guid_keep_their_ids_when_the_feed_moves_on(tmp_path: Path) -> None:
    def feed(*bodies: str) -> Path:
        path = tmp_path / "wire.rss"
        items = "".join(f"<item><title>T</title><description>{b}</description></item>" for b in bodies)
        path.write_text(f"<rss><channel><title>W</title>{items}</channel></rss>", encoding="utf-8")
        return path

    before = [a.id for a in _articles([feed(ENGLISH, OTHER)])]
    after = [a.id for a in _articles([feed("New " + ENGLISH, OTHER)])]
    assert before[1] == after[1] == content_id("T", OTHER.strip()) and before[0] != after[0]


def test_jsonl_id_that_is_not_a_string_or_number_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": True, "text": ENGLISH}) + "\n" + json.dumps({"id": 1.5, "text": OTHER}) + "\n",
                    encoding="utf-8")
    first, second = _items([path])
    assert isinstance(first, Quarantined) and "'id' must be a string or a number" in first.reason
    assert isinstance(second, Article) and second.id == "1.5"
