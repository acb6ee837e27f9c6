"""sitrep.readers: the registry's order, each reader on small inputs, bad input named by file and line."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitrep import inputs
from sitrep.readers import READERS, Quarantined, ReadContext, iter_inputs, iter_read, reader_for
from sitrep.readers.feed import FeedReader
from sitrep.readers.html import HtmlReader
from sitrep.readers.ids import content_id
from sitrep.readers.jsonl import JsonlReader
from sitrep.readers.text import TextReader
from sitrep.records import Article

ENGLISH = ("Police said that the two men were arrested in the town on Monday after a protest over the price of "
           "bread, and that they would be held until a court hears the case later this week.")


def _ctx(given: str | None = None) -> ReadContext:
    return ReadContext(given, 5_000_000, lambda text: None)


def test_registry_order_and_choice() -> None:
    assert list(READERS) == ["jsonl", "html", "feed", "text"]
    assert [reader_for(Path(f"a{s}")).name for s in (".jsonl", ".HTML", ".htm", ".xml", ".rss", ".atom", ".txt", ".md", "")] \
        == ["jsonl", "html", "html", "feed", "feed", "feed", "text", "text", "text"]
    # the text reader takes anything, so it must come last
    assert list(READERS.values())[-1].accepts(Path("x.whatever"))


def test_text_reader(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n  Bread protest in the town\n" + ENGLISH, encoding="utf-8")
    [(origin, art)] = list(TextReader().read(path, _ctx("2020-01-01")))
    assert isinstance(art, Article)
    assert (origin.path, origin.line) == (str(path), None)
    assert (art.id, art.title, art.published, art.published_from) == ("story", "Bread protest in the town", "2020-01-01", "given")


def test_html_reader(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>Arrests</title><script>var x = 1;</script></head><body><nav>Home</nav>"
                    f"<p>{ENGLISH}</p><p>Second   paragraph.</p></body></html>", encoding="utf-8")
    [(_, art)] = list(HtmlReader().read(path, _ctx()))
    assert isinstance(art, Article)
    assert art.title == "Arrests"
    assert art.text == ENGLISH + "\n\nSecond paragraph."


def test_jsonl_reader_and_bad_lines_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": ENGLISH, "published": "2021-03-02T23:00:00-05:00", "source": "Wire"}),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"text": ENGLISH}),
    ]) + "\n", encoding="utf-8")
    items = list(JsonlReader().read(path, _ctx()))
    assert [o.line for o, _ in items] == [1, 2, 4, 5]
    first, bad, not_object, no_id = (item for _, item in items)
    assert isinstance(first, Article) and (first.id, first.published, first.source) == ("a", "2021-03-02", "Wire")
    assert isinstance(bad, Quarantined) and str(bad).startswith(f"{path}:2: malformed JSON")
    assert isinstance(not_object, Quarantined) and str(not_object) == f"{path}:4: not a JSON object but list"
    assert isinstance(no_id, Article) and no_id.id == content_id("", ENGLISH)  # id-less: a content hash


def test_feed_reader_and_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss><channel><title>Town Wire</title>
<item><title>One</title><link>http://x/1</link><pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{ENGLISH}&lt;/p&gt;</description></item>
<item><title>Two</title><guid>g2</guid><description>{ENGLISH}</description></item>
</channel></rss>""", encoding="utf-8")
    items = list(FeedReader().read(path, _ctx()))
    assert [o.line for o, _ in items] == [1, 2]
    one, two = (item for _, item in items)
    assert isinstance(one, Article) and (one.id, one.url, one.source, one.published) == ("http://x/1", "http://x/1", "Town Wire", "2021-03-02")
    assert one.text == ENGLISH
    assert isinstance(two, Article) and two.id == "g2"
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel>\n<item><title>x</title>\n</channel></rss>", encoding="utf-8")
    [(origin, q)] = list(FeedReader().read(broken, _ctx()))
    assert isinstance(q, Quarantined) and q.line == 3 and str(q).startswith(f"{broken}:3: malformed XML")


def test_missing_and_empty_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    got = [str(item) for _, item in iter_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "empty.txt")])]
    assert got == [f"{tmp_path / 'nope.txt'}: no such file or folder", f"{tmp_path / 'empty.txt'}: empty file"]


def test_iter_read_records_the_winning_reader(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": ENGLISH}) + "\n", encoding="utf-8")
    (tmp_path / "c.htm").write_text(f"<p>{ENGLISH}</p>", encoding="utf-8")
    got = [(name, Path(origin.path).name) for name, origin, _ in iter_read([str(tmp_path)])]
    assert got == [("text", "a.txt"), ("jsonl", "b.jsonl"), ("html", "c.htm")]
    piped = list(iter_read(["-"], stdin=io.StringIO(json.dumps({"id": "s", "text": ENGLISH}) + "\n")))
    assert [(name, origin.line) for name, origin, _ in piped] == [("jsonl", 1)]


def test_dateline_finder_is_a_parameter_and_the_old_patch_point_still_works(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d.txt").write_text("T\nDATELINE " + ENGLISH, encoding="utf-8")
    finder = lambda: (lambda text: "2020-01-02" if "DATELINE" in text else None)  # noqa: E731
    [(_, art)] = list(iter_inputs([str(tmp_path / "d.txt")], finder=finder))
    assert isinstance(art, Article) and (art.published, art.published_from) == ("2020-01-02", "dateline")
    monkeypatch.setattr(inputs, "_dateline_finder", finder)
    [(_, art)] = list(inputs.iter_inputs([str(tmp_path / "d.txt")]))
    assert isinstance(art, Article) and (art.published, art.published_from) == ("2020-01-02", "dateline")
