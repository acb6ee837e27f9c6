"""Readers of every input form, and every kind of bad input ending in quarantine instead of a crash."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitrep import inputs
from sitrep.errors import InputError
from sitrep.inputs import (
    Quarantined,
    check_article,
    decode_bytes,
    english_function_words,
    html_to_text,
    iter_inputs,
    normalise_date,
    read_inputs,
)
from sitrep.readers.ids import content_id
from sitrep.records import Article

FIXTURES = Path(__file__).parent / "fixtures"

ENGLISH = ("Police fired tear gas at a crowd of several hundred people who had gathered in the main square "
           "on Saturday to protest against the closure of the local hospital, residents said. ")


def _read(*paths: object, **kw: object) -> list[Article | Quarantined]:
    return list(read_inputs([str(p) for p in paths], **kw))  # type: ignore[arg-type]


def _only(items: list[Article | Quarantined]) -> Article | Quarantined:
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------- data file


def test_function_word_list_is_clean() -> None:
    words = english_function_words()
    assert len(words) >= 40
    assert all(w == w.lower().strip() and " " not in w and w.isalpha() for w in words)
    # words that are everyday words of other European languages would make the test useless
    assert not words & {"de", "la", "le", "der", "die", "und", "el", "los", "het", "il"}


# ---------------------------------------------------------------- .txt


def test_txt_title_is_first_line_and_text_is_whole_file() -> None:
    art = _only(_read(FIXTURES / "river-town.txt"))
    assert isinstance(art, Article)
    raw = (FIXTURES / "river-town.txt").read_text(encoding="utf-8")
    assert art.id == "river-town"
    assert art.text == raw
    assert art.title == raw.splitlines()[0]
    # offsets into the text index the file itself
    assert raw.index("irrigation") == art.text.index("irrigation")


def test_missing_path_is_quarantined(tmp_path: Path) -> None:
    item = _only(_read(tmp_path / "nope.txt"))
    assert isinstance(item, Quarantined) and "no such file" in item.reason


def test_empty_and_blank_files_are_quarantined(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    items = _read(FIXTURES / "empty.txt", tmp_path / "blank.txt")
    assert [type(i) for i in items] == [Quarantined, Quarantined]
    assert all("empty" in i.reason for i in items)  # type: ignore[union-attr]


def test_binary_file_is_quarantined() -> None:
    item = _only(_read(FIXTURES / "picture.txt"))
    assert isinstance(item, Quarantined) and "binary" in item.reason


def test_decoding_utf8_then_cp1252_then_refuse() -> None:
    assert decode_bytes("caf\u00e9 \u2019".encode("utf-8")) == "caf\u00e9 \u2019"
    assert decode_bytes("\ufeffbom".encode("utf-8")) == "bom"
    assert decode_bytes("caf\u00e9 \u2019quoted\u2019".encode("cp1252")) == "caf\u00e9 \u2019quoted\u2019"
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"ab\x00cd")
    # not UTF-8, and as cp1252 it holds control characters: binary, not text
    with pytest.raises(InputError):
        decode_bytes(b"\xff\xfe\x01\x02\x03abc")


def test_too_large_is_quarantined_and_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + ENGLISH * 20, encoding="utf-8")
    assert isinstance(_only(_read(path)), Article)
    item = _only(_read(path, max_chars=500))
    assert isinstance(item, Quarantined) and "too large" in item.reason
    # far larger than the limit in bytes: refused without being read
    tiny = _only(_read(path, max_chars=10))
    assert isinstance(tiny, Quarantined) and "bytes" in tiny.reason


def test_non_english_text_is_quarantined() -> None:
    item = _only(_read(FIXTURES / "german.txt"))
    assert isinstance(item, Quarantined) and "not English" in item.reason


@pytest.mark.parametrize("text", [
    "Les manifestants ont été dispersés par la police samedi dans le centre de la ville après plusieurs heures "
    "de rassemblement devant le siège du gouvernement régional, selon des témoins.",
    "Los manifestantes fueron dispersados por la policía el sábado en el centro de la ciudad después de varias "
    "horas de concentración frente a la sede del gobierno regional, según testigos.",
    "抗议者周六在市中心被警察驱散，此前他们在地区政府总部前聚集了几个小时，目击者说。" * 3,
])
def test_english_test_rejects_other_languages(text: str) -> None:
    assert check_article(text) is not None and "not English" in str(check_article(text))


def test_english_test_accepts_english_and_skips_short_texts() -> None:
    assert check_article(ENGLISH * 3) is None
    # a short headline has too few words to judge and must not be refused
    assert check_article("Curfew declared in port city") is None


# ---------------------------------------------------------------- HTML


def test_html_main_text_without_boilerplate_or_script() -> None:
    art = _only(_read(FIXTURES / "page.html"))
    assert isinstance(art, Article)
    assert art.id == "page"
    assert art.title == "Curfew imposed after night of unrest"
    assert "Authorities imposed a curfew" in art.text
    assert "injured & dozens" in art.text  # entities decoded
    assert "local hospital" in art.text  # link text kept
    for junk in ("alert", "pwned", "injected", "banner", "Home", "sports", "Subscribe", "Copyright", "unclosed",
                 "steal", "color"):
        assert junk not in art.text
    # paragraphs are separated by blank lines; the <h1> that repeats the title is the title, not a paragraph
    assert art.text.count("\n\n") == 1 and art.text.startswith("Authorities imposed")


@pytest.mark.parametrize("markup", [
    "<p>unclosed <b><i>tags <p>everywhere",
    "<SCRIPT type='text/javascript'>alert(1)</SCRIPT><p>after</p>",
    "</div></p></nav></script><p>stray end tags",
    "<![CDATA[ x ]]><!-- <p>comment --><p onmouseover='x()'>text</p>",
    "<p>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</p>",
    "<p>&#xffffff; &#0; &bogus; &amp</p>",
    "<",
    "<nav><p>everything is inside an unclosed nav",
])
def test_hostile_html_never_raises(markup: str) -> None:
    title, text = html_to_text(markup)
    assert isinstance(title, str) and isinstance(text, str)
    assert "alert" not in text and "x()" not in text


def test_unclosed_boilerplate_falls_back_to_visible_text() -> None:
    _, text = html_to_text("<header><p>The only paragraph of the page.</p>")
    assert text == "The only paragraph of the page."


def test_html_without_paragraph_tags_uses_loose_text() -> None:
    _, text = html_to_text("<div>First block of text.</div><div>Second<br>line.</div><script>x</script>")
    assert text.split("\n\n") == ["First block of text.", "Second", "line."]


# ---------------------------------------------------------------- JSONL


def test_jsonl_good_lines_survive_bad_ones_with_line_numbers() -> None:
    items = list(iter_inputs([str(FIXTURES / "batch.jsonl")]))
    arts = [i for _, i in items if isinstance(i, Article)]
    bad = [i for _, i in items if isinstance(i, Quarantined)]
    assert [a.id for a in arts] == ["a1", content_id(arts[1].title, arts[1].text)]  # missing id -> a content hash
    assert {(q.line, q.reason.split(":")[0]) for q in bad} == {
        (2, "malformed JSON"), (5, "not English"), (6, "not a JSON object but list")}
    assert all(q.path.endswith("batch.jsonl") for q in bad)
    first = arts[0]
    assert (first.source, first.url, first.language) == ("Wire", "http://example.org/a1", "en")
    # origins name the line each article came from
    assert [o.line for o, i in items if isinstance(i, Article)] == [1, 3]


def test_jsonl_dates_are_normalised_from_iso_and_rfc822() -> None:
    arts = [a for a in _read(FIXTURES / "batch.jsonl") if isinstance(a, Article)]
    assert [(a.published, a.published_from) for a in arts] == [("2021-03-02", "input"), ("2021-03-03", "input")]


def test_jsonl_is_streamed_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(50):
            fh.write(json.dumps({"id": f"n{n}", "text": ENGLISH}) + "\n")
        fh.write("{not json\n")
    stream = read_inputs([str(path)])
    assert next(stream).id == "n0"  # type: ignore[union-attr]
    rest = list(stream)
    assert len(rest) == 50 and isinstance(rest[-1], Quarantined) and rest[-1].line == 51


def test_jsonl_missing_text_and_undecodable_line(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b'{"id": "x", "title": "no text"}\n\xff\xfe\x01\x02\n{"id": 7, "text": "A short line."}\n')
    items = _read(path)
    assert isinstance(items[0], Quarantined) and items[0].line == 1 and "text" in items[0].reason
    assert isinstance(items[1], Quarantined) and items[1].line == 2
    assert isinstance(items[2], Article) and items[2].id == "7"


def test_empty_jsonl_is_quarantined(tmp_path: Path) -> None:
    (tmp_path / "none.jsonl").write_text("\n\n", encoding="utf-8")
    item = _only(_read(tmp_path / "none.jsonl"))
    assert isinstance(item, Quarantined) and "empty" in item.reason


# ---------------------------------------------------------------- feeds


def test_rss_items_become_articles() -> None:
    arts = _read(FIXTURES / "feed.rss")
    assert all(isinstance(a, Article) for a in arts) and len(arts) == 2
    first, second = arts
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "wire-1" and first.url == "http://example.org/news/1" and first.source == "Example Wire"
    assert first.text == "Armed men set up roadblocks on the coast road on Friday, residents said."
    assert first.published == "2021-03-05"  # the date as the feed wrote it, not shifted to UTC
    assert second.id == "http://example.org/news/2" and second.published is None


def test_atom_entries_become_articles() -> None:
    art = _only(_read(FIXTURES / "feed.atom"))
    assert isinstance(art, Article)
    assert (art.id, art.url, art.published, art.title) == (
        "urn:example:fire-7", "http://example.org/fire", "2021-04-10", "Market fire")
    assert "<p>" not in art.text and art.text.startswith("A fire destroyed")


def test_feed_with_entity_declarations_is_refused() -> None:
    item = _only(_read(FIXTURES / "bomb.xml"))
    assert isinstance(item, Quarantined) and "DOCTYPE" in item.reason and "ENTITY" in item.reason


def test_malformed_and_foreign_xml(tmp_path: Path) -> None:
    (tmp_path / "bad.xml").write_text("<rss><channel><item>\n<title>x</item></rss>", encoding="utf-8")
    (tmp_path / "svg.xml").write_text("<svg><g/></svg>", encoding="utf-8")
    bad, svg = _read(tmp_path / "bad.xml", tmp_path / "svg.xml")
    assert isinstance(bad, Quarantined) and "malformed XML" in bad.reason and bad.line == 2
    assert isinstance(svg, Quarantined) and "not an RSS or Atom" in svg.reason


# ---------------------------------------------------------------- folders, stdin, dates


def test_folder_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "one.txt").write_text("One\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    ids = [a.id for a in _read(tmp_path)]  # type: ignore[union-attr]
    assert ids == ["two", "one"]  # sorted by path: "b/two.txt" < "one.txt"


def test_stdin_jsonl() -> None:
    stream = io.StringIO("\n  \n" + json.dumps({"id": "s1", "text": ENGLISH}) + "\nnot json\n")
    items = list(iter_inputs(["-"], stdin=stream))
    (o1, a1), (o2, q2) = items
    assert isinstance(a1, Article) and a1.id == "s1" and o1.line == 3
    assert isinstance(q2, Quarantined) and q2.path == "<stdin>" and q2.line == 4


def test_stdin_plain_text() -> None:
    text = "\nRiot police clear the square\n" + ENGLISH
    art = _only(list(read_inputs(["-"], stdin=io.StringIO(text))))
    assert isinstance(art, Article)
    assert (art.id, art.title, art.text) == (content_id(art.title, text), "Riot police clear the square", text)


def test_published_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a stand-in dateline reader so this test does not depend on sitrep.dates
    monkeypatch.setattr(inputs, "_dateline_finder", lambda: (lambda text: "2020-01-02" if "DATELINE" in text else None))
    (tmp_path / "d.txt").write_text("T\nDATELINE " + ENGLISH, encoding="utf-8")
    (tmp_path / "n.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "j.jsonl").write_text(json.dumps({"text": "DATELINE " + ENGLISH, "published": "2019-05-06"}) + "\n",
                                      encoding="utf-8")
    got = [(a.published, a.published_from) for a in _read(tmp_path / "d.txt", tmp_path / "n.txt", tmp_path / "j.jsonl")]  # type: ignore[union-attr]
    assert got == [("2020-01-02", "dateline"), (None, None), ("2019-05-06", "input")]
    # --published is for inputs that carry no date of their own (field or dateline): it never overrides one
    given = [(a.published, a.published_from) for a in _read(tmp_path / "d.txt", tmp_path / "n.txt", tmp_path / "j.jsonl", published="2018-07-08")]  # type: ignore[union-attr]
    assert given == [("2020-01-02", "dateline"), ("2018-07-08", "given"), ("2019-05-06", "input")]


def test_bad_given_date_raises() -> None:
    with pytest.raises(InputError):
        list(read_inputs([str(FIXTURES / "river-town.txt")], published="2021-02-30"))


@pytest.mark.parametrize("raw, want", [
    ("2021-03-02", "2021-03-02"),
    ("2021-03-02T23:59:00-05:00", "2021-03-02"),
    ("2021-03-02 10:00", "2021-03-02"),
    ("Tue, 02 Mar 2021 10:00:00 GMT", "2021-03-02"),
    ("yesterday", None),
    ("", None),
    (20210302, None),
])
def test_normalise_date(raw: object, want: str | None) -> None:
    assert normalise_date(raw) == want


def test_quarantined_is_a_record() -> None:
    q = Quarantined("f.jsonl", 3, "malformed JSON")
    assert q.as_dict() == {"path": "f.jsonl", "line": 3, "reason": "malformed JSON"}
    assert str(q) == "f.jsonl:3: malformed JSON"
