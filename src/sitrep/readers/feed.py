"""RSS and Atom feeds (.xml, .rss, .atom): each <item> or <entry> as an article, its HTML body as text.

feedparser reads every RSS and Atom dialect, their dates and encodings. Before it does, a feed that declares
entities (`<!ENTITY`, where "billion laughs" and external entities hide) is refused; a DOCTYPE without them is
read. Malformed XML is quarantined with its line, except undefined HTML entities (`&nbsp;`), which feedparser's
lenient parser reads as the feeds' authors meant. `read_feed_bytes` serves `sitrep watch` too."""
from __future__ import annotations

import codecs
import io
import logging
import re
import time
import xml.sax
from pathlib import Path
from typing import Any, Iterator

from sitrep.errors import InputError
from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader
from sitrep.readers.checks import decode_bytes
from sitrep.readers.html import html_to_text, squash

log = logging.getLogger("sitrep.inputs")

FEED_EXTENSIONS = (".xml", ".rss", ".atom")

_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ENTITY_RE = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_ROOT_RE = re.compile(r"<([A-Za-z_][\w:.-]*)")
_COMMENT_RE = re.compile(r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)


def decode_xml(data: bytes) -> str:
    """Text of an XML file, honouring a BOM or the encoding its declaration names."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError("undecodable UTF-16 feed") from exc
    declared = _XML_ENCODING_RE.match(data[:200])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name not in ("utf-8", "utf8"):
            try:
                text = data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if "\x00" in text:
                    raise InputError("binary file (NUL bytes), not text")
                return text
    return decode_bytes(data)


class FeedReader(Reader):
    """Each <item> (RSS) or <entry> (Atom) of a feed file as an article."""

    name = "feed"
    extensions = FEED_EXTENSIONS

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Each <item> (RSS) or <entry> (Atom) of a feed file as an article."""
        data = ctx.read_bytes(path)
        if isinstance(data, Quarantined):
            yield Origin(str(path), None), data
            return
        yield from read_feed_bytes(data, str(path), path.stem, ctx)


def parse_feed(data: bytes, name: str) -> Any:
    """feedparser's result for a feed's bytes; InputError (with the line, when known) when it cannot be used."""
    import feedparser

    markup = decode_xml(data)
    if _ENTITY_RE.search(markup):
        # entity expansion ("billion laughs") and external entities hide in entity declarations; feeds never need one
        raise InputError("refused: feed declares entities (<!ENTITY> in its DOCTYPE); entity expansion is refused")
    # a stream, never a string: feedparser fetches strings that look like URLs and opens those that name files
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    exc = parsed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException) and "undefined entity" not in str(exc):
        from feedparser.encodings import RE_XML_DECLARATION

        # feedparser puts an XML declaration on its own line before a feed without one
        line = exc.getLineNumber() - (0 if RE_XML_DECLARATION.search(markup) else 1)
        raise FeedError(f"malformed XML: {exc.getMessage()}: line {line}, column {exc.getColumnNumber()}", line)
    if not parsed.get("version"):
        root = _ROOT_RE.search(_COMMENT_RE.sub("", markup[:100_000]))
        raise InputError(f"not an RSS or Atom feed (root <{root.group(1).split(':')[-1].lower() if root else '?'}>)")
    return parsed


class FeedError(InputError):
    """A feed that cannot be read, with the line where it broke."""

    def __init__(self, reason: str, line: int | None) -> None:
        super().__init__(reason, "-", line)


def read_feed_bytes(data: bytes, name: str, stem: str, ctx: ReadContext) -> Iterator[Item]:
    """Each entry of a feed's bytes as an article (origin: `name`, entry number), or why the feed is quarantined."""
    try:
        parsed = parse_feed(data, name)
    except InputError as exc:
        line = getattr(exc, "line", None)
        yield Origin(name, line), Quarantined(name, line, exc.reason)
        return
    entries = parsed.get("entries") or []
    if not entries:
        yield Origin(name, None), Quarantined(name, None, "empty feed: no items or entries")
        return
    feed_title = squash(parsed.get("feed", {}).get("title") or "") or None
    for number, entry in enumerate(entries, start=1):
        yield feed_article(ctx, Origin(name, number), entry, feed_title)


def entry_date(entry: Any) -> str | None:
    """An entry's publication date as the feed wrote it (published, else updated), else feedparser's parsed one."""
    raw = entry.get("published") or entry.get("updated")
    if raw:
        return str(raw)
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def entry_body(entry: Any) -> str:
    """An entry's text: its full content, else its summary, HTML reduced to text."""
    contents = [c.get("value") or "" for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    body = contents[0] if contents else (entry.get("summary") or "")
    return html_to_text(body)[1] if "<" in body else squash(body) if "\n" not in body.strip() else body.strip()


def feed_article(ctx: ReadContext, origin: Origin, entry: Any, feed_title: str | None) -> Item:
    """An article from one feed entry (feedparser's dict)."""
    text = entry_body(entry)
    raw_title = entry.get("title") or ""
    title = html_to_text(raw_title)[1] if "<" in raw_title else squash(raw_title)
    url = entry.get("link") or None
    # no guid, id or link: a content hash (an item number would change as the feed moves on)
    ident = entry.get("id") or url
    detail = entry.get("title_detail") or entry.get("summary_detail") or {}
    language = detail.get("language") or None
    return ctx.article(origin, id=ident, title=title, text=text, published=entry_date(entry), url=url,
                       source=feed_title, language=language)
