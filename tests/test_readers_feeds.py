"""Feeds read by feedparser (issue 14): every dialect, a harmless DOCTYPE read, entity declarations refused."""
from __future__ import annotations

from pathlib import Path

from sitrep.readers import Quarantined, iter_inputs
from sitrep.records import Article

# written for these tests
BODY = ("Soldiers and fighters exchanged fire for several hours near the dam on Thursday, and two civilians were "
        "wounded by stray bullets, a local official told reporters.")


def _read(path: Path) -> list[Article | Quarantined]:
    return [item for _, item in iter_inputs([str(path)])]


def test_a_doctype_without_entities_is_read(tmp_path: Path) -> None:
    (tmp_path / "old.rss").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        f"<rss version=\"0.91\"><channel><title>Dam Wire</title><item><title>Fire at the dam</title>"
        f"<link>http://example.org/dam</link><description>{BODY}</description></item></channel></rss>")
    [art] = _read(tmp_path / "old.rss")
    assert isinstance(art, Article) and art.text == BODY and art.source == "Dam Wire" and art.url == "http://example.org/dam"


def test_entity_declarations_are_refused_whatever_their_kind(tmp_path: Path) -> None:
    for i, decl in enumerate(['<!ENTITY x "y">', '<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;',
                              '<!entity x SYSTEM "http://127.0.0.1:9/x">']):
        (tmp_path / f"e{i}.xml").write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rss [{decl}]>\n'
                                            f"<rss><channel><item><title>t</title><description>{BODY} &x;</description>"
                                            "</item></channel></rss>")
        [item] = _read(tmp_path / f"e{i}.xml")
        assert isinstance(item, Quarantined) and "entity expansion is refused" in item.reason


def test_html_entities_in_a_feed_are_read_not_refused(tmp_path: Path) -> None:
    (tmp_path / "nbsp.rss").write_text(f"<rss><channel><item><title>Fire&nbsp;at the dam</title>"
                                       f"<description>{BODY}</description></item></channel></rss>")
    [art] = _read(tmp_path / "nbsp.rss")
    assert isinstance(art, Article) and art.title.replace("\xa0", " ") == "Fire at the dam"


def test_rss_1_rdf_and_dublin_core_dates(tmp_path: Path) -> None:
    (tmp_path / "rdf.rdf.xml").write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://example.org/"><title>RDF Wire</title>'
        '</channel><item rdf:about="http://example.org/r1"><title>Dam</title><link>http://example.org/r1</link>'
        f"<description>{BODY}</description><dc:date>2022-06-02T10:00:00Z</dc:date></item></rdf:RDF>")
    [art] = _read(tmp_path / "rdf.rdf.xml")
    assert isinstance(art, Article) and (art.published, art.source, art.url) == ("2022-06-02", "RDF Wire", "http://example.org/r1")


def test_a_feed_whose_text_is_a_url_or_a_path_is_not_fetched_or_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.rss"
    secret.write_text(f"<rss><channel><item><title>secret</title><description>{BODY}</description></item></channel></rss>")
    (tmp_path / "path.xml").write_text(str(secret))
    (tmp_path / "url.xml").write_text("http://127.0.0.1:9/feed")
    for name in ("path.xml", "url.xml"):
        [item] = _read(tmp_path / name)
        assert isinstance(item, Quarantined) and ("not an RSS or Atom feed" in item.reason or "malformed XML" in item.reason)
