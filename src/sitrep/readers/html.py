"""HTML pages (.html, .htm): the main text of the page and its metadata (title, date, author, site, language),
boilerplate and scripts dropped, as one article.

The page strategies are named in PAGE_STRATEGIES and tried in order; the first that finds text wins and is
recorded in `Page.strategy`:
    trafilatura   trafilatura's main-text extraction, metadata with htmldate's publication date (the default:
                  bench/pages.py measures it against the others on news pages wrapped in boilerplate)
    baseline      trafilatura's baseline (every paragraph of the page), for pages trafilatura finds no article in
    htmlparser    the hand-written HTMLParser extractor sitrep had before; also what feed bodies (HTML fragments,
                  not pages) go through

Every strategy first has lxml parse the markup and write it back (`preclean`): a linear pass whatever the input,
which also turns pathological markup (100,000 unclosed `<a`, which made HTMLParser quadratic) into plain markup.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator

from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader
from sitrep.records import Record

log = logging.getLogger("sitrep.inputs")  # the logger name users' filters know from before the split

HTML_EXTENSIONS = (".html", ".htm")


class _TextExtractor(HTMLParser):
    """Collects the paragraphs (<p>, <h1-6>, <li>, ...) of an HTML page outside boilerplate elements."""

    # never visible or never the article: their content is dropped whole
    DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "select",
                      "button", "nav", "header", "footer", "aside", "form"})
    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "dt", "figcaption"})
    # tags that break loose text into separate paragraphs when a page has no paragraph tags at all
    BREAKS = frozenset({"div", "section", "article", "main", "br", "tr", "td", "th", "table", "ul", "ol", "hr", "pre"})

    def __init__(self, drop: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.drop = drop
        self.dropping: dict[str, int] = {}
        self.block_depth = 0
        self.blocks: list[str] = []
        self.loose: list[str] = []
        self.buf: list[str] = []
        self.loose_buf: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.h1: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open drop zones and paragraphs."""
        if tag == "title":
            self.in_title = True
            return
        if tag in self.drop:
            self.dropping[tag] = self.dropping.get(tag, 0) + 1
            return
        if tag in self.BLOCKS:
            self._flush()
            self.block_depth += 1
            if tag == "h1" and not self.h1:
                self.in_h1 = True
        elif tag in self.BREAKS:
            if tag == "br" and self.block_depth:
                self.buf.append(" ")
            else:
                self._flush_loose()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Self-closed tags (<br/>, <div/>) open nothing."""
        if tag in self.BREAKS:
            if self.block_depth:
                self.buf.append(" ")
            else:
                self._flush_loose()

    def handle_endtag(self, tag: str) -> None:
        """Close drop zones and paragraphs; stray end tags are ignored."""
        if tag == "title":
            self.in_title = False
            return
        if tag in self.drop:
            if self.dropping.get(tag):
                self.dropping[tag] -= 1
            return
        if tag in self.BLOCKS:
            self._flush()
            self.block_depth = max(0, self.block_depth - 1)
            if tag == "h1":
                self.in_h1 = False
        elif tag in self.BREAKS:
            self._flush_loose()

    def handle_data(self, data: str) -> None:
        """Text goes to the title, the current paragraph, or the loose text."""
        if self.in_title:
            self.title.append(data)
            return
        if any(self.dropping.values()):
            return
        if self.in_h1:
            self.h1.append(data)
        if self.block_depth:
            self.buf.append(data)
        else:
            self.loose_buf.append(data)

    def _flush(self) -> None:
        text = squash("".join(self.buf))
        if text:
            self.blocks.append(text)
        self.buf = []
        self._flush_loose()

    def _flush_loose(self) -> None:
        text = squash("".join(self.loose_buf))
        if text:
            self.loose.append(text)
        self.loose_buf = []

    def result(self) -> tuple[str, str]:
        """(title, text): paragraphs separated by blank lines; loose text only when there are no paragraphs."""
        self._flush()
        paragraphs = self.blocks or self.loose
        title = squash("".join(self.title)) or squash("".join(self.h1))
        return title, "\n\n".join(paragraphs)


def squash(text: str) -> str:
    """Runs of whitespace as one space, ends stripped."""
    return " ".join(text.split())


def html_to_text(markup: str) -> tuple[str, str]:
    """(title, main text) of an HTML page or fragment, with boilerplate and scripts dropped (the HTMLParser way)."""
    markup = preclean(markup)
    title, text = _extract(markup, _TextExtractor.DROP)
    if not text:
        # a page whose article sits in a <header> or an unclosed <nav>: keep all but the invisible parts
        title2, text = _extract(markup, frozenset({"script", "style", "noscript", "template", "svg"}))
        title = title or title2
    return title, text


def _extract(markup: str, drop: frozenset[str]) -> tuple[str, str]:
    parser = _TextExtractor(drop)
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - hostile markup must not stop a batch: keep what was read so far
        log.debug("HTML parser gave up: %s", exc)
    return parser.result()


_LANG_RE = re.compile(r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)", re.IGNORECASE)
_PRECLEAN_MIN = 2000  # shorter markup is parsed as it is: nothing that short is slow
# trafilatura reads at most this much of a page: linear, but slow on pathological markup (100,000 empty
# paragraphs: 8 s), so a 5 MB hostile page must not cost a minute; an article's text is in its first 2 MB
MAX_PAGE_CHARS = 2_000_000


@dataclass(frozen=True)
class Page(Record):
    """What a page strategy found: main text and metadata, and the strategy's name."""

    text: str
    title: str = ""
    published: str | None = None  # YYYY-MM-DD (htmldate), or None
    author: str | None = None
    site: str | None = None
    language: str | None = None  # the page's declared language (<html lang>), or None
    strategy: str = ""


def preclean(markup: str) -> str:
    """`markup` parsed by lxml (libxml2's HTML parser, linear in the input) and written back as well-formed HTML.

    Python's HTMLParser rescans an unfinished tag from its start for every chunk: 100,000 `<a` took 29 s. After
    this pass every tag is closed. Short markup is returned unchanged; long markup in which lxml finds no element
    at all (an unclosed comment, `<!--` repeated: HTMLParser was quadratic on it too) gives ""."""
    if len(markup) < _PRECLEAN_MIN:
        return markup
    try:
        import lxml.html
        from lxml import etree

        tree = lxml.html.document_fromstring(markup)
        return str(etree.tostring(tree, encoding="unicode", method="html"))
    except Exception as exc:  # noqa: BLE001 - lxml refuses documents with no element ("Document is empty")
        log.debug("lxml found no element in the markup: %s", exc)
        return ""


def declared_language(markup: str) -> str | None:
    """The language an HTML page declares (`<html lang="en-GB">` gives "en"), or None."""
    match = _LANG_RE.search(markup[:20_000])
    return match.group(1).split("-")[0].split("_")[0].lower() if match else None


def _paragraphs(text: str | None) -> str:
    """trafilatura's lines as sitrep's paragraphs (a blank line between)."""
    return "\n\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def page_trafilatura(markup: str) -> Page | None:
    """Main text and metadata by trafilatura (precision first, no comments, no tables), or None."""
    from trafilatura import bare_extraction

    if len(markup) > MAX_PAGE_CHARS:
        log.info("page of %d characters: trafilatura reads its first %d", len(markup), MAX_PAGE_CHARS)
    doc = bare_extraction(preclean(markup[:MAX_PAGE_CHARS]), with_metadata=True, include_comments=False, include_tables=False,
                          favor_precision=True, deduplicate=False)
    if doc is None or not (doc.text or "").strip():
        return None
    title = squash(doc.title or "")
    text = _paragraphs(doc.text)
    head, _, rest = text.partition("\n\n")
    if title and rest and squash(head) == title:
        text = rest  # the <h1> that repeats the title is the title, not the article's first paragraph
    return Page(text=text, title=title, published=doc.date or None,
                author=doc.author or None, site=doc.sitename or None, language=declared_language(markup),
                strategy="trafilatura")


def page_baseline(markup: str) -> Page | None:
    """Every paragraph of the page by trafilatura's baseline (for pages with no article it recognises), or None."""
    from trafilatura import baseline

    _, text, _ = baseline(preclean(markup))
    if not text.strip():
        return None
    title, _ = _extract(markup[:200_000], frozenset({"script", "style"})) if "<title" in markup[:200_000] else ("", "")
    return Page(text=_paragraphs(text), title=title, language=declared_language(markup), strategy="baseline")


def page_htmlparser(markup: str) -> Page | None:
    """The hand-written HTMLParser extractor (what sitrep used before trafilatura), or None."""
    title, text = html_to_text(markup)
    if not text:
        return None
    return Page(text=text, title=title, language=declared_language(markup), strategy="htmlparser")


PageStrategy = Callable[[str], "Page | None"]
PAGE_STRATEGIES: dict[str, PageStrategy] = {
    "trafilatura": page_trafilatura,
    "baseline": page_baseline,
    "htmlparser": page_htmlparser,
}
DEFAULT_PAGE_STRATEGIES = ("trafilatura", "baseline", "htmlparser")


def read_page(markup: str, strategies: tuple[str, ...] = DEFAULT_PAGE_STRATEGIES) -> Page | None:
    """The page as found by the first of `strategies` (names in PAGE_STRATEGIES) that finds text, or None."""
    for name in strategies:
        try:
            page = PAGE_STRATEGIES[name](markup)
        except Exception as exc:  # noqa: BLE001 - a library's failure on hostile markup: the next strategy tries
            log.debug("page strategy %s failed: %s", name, exc)
            continue
        if page is not None:
            log.debug("page strategy %s found %d characters", name, len(page.text))
            return page
    return None


class HtmlReader(Reader):
    """An HTML page's main text as one article."""

    name = "html"
    extensions = HTML_EXTENSIONS
    named_by_file = True

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """The page as one article."""
        yield self.read_one(path, ctx)

    def read_one(self, path: Path, ctx: ReadContext) -> Item:
        """An HTML page's main text as one article."""
        origin = Origin(str(path), None)
        markup = ctx.read_text(path)
        if isinstance(markup, Quarantined):
            return origin, markup
        page = read_page(markup)
        if page is None:
            return origin, Quarantined(str(path), None, "empty: no readable text in the HTML")
        return ctx.article(origin, id=ctx.file_id(path), title=page.title, text=page.text, published=page.published,
                           source=page.site, language=page.language)
