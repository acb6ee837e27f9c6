"""HTML pages (.html, .htm): the main text of the page, boilerplate and scripts dropped, as one article."""
from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader

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
    """(title, main text) of an HTML page or fragment, with boilerplate and scripts dropped."""
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
        title, text = html_to_text(markup)
        if not text:
            return origin, Quarantined(str(path), None, "empty: no readable text in the HTML")
        return ctx.article(origin, id=ctx.file_id(path), title=title, text=text)
