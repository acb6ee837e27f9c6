"""RSS and Atom feeds (.xml, .rss, .atom): each <item> or <entry> as an article, its HTML body as text."""
from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterator

from sitrep.errors import InputError
from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader
from sitrep.readers.checks import decode_bytes
from sitrep.readers.html import html_to_text, squash

FEED_EXTENSIONS = (".xml", ".rss", ".atom")

_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DTD_RE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def local_name(tag: Any) -> str:
    """Tag name without its XML namespace."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def child_text(elem: ET.Element, *names: str) -> str | None:
    """Text of the first child with one of `names` (in that order of preference) that has any."""
    for name in names:
        for child in elem:
            if local_name(child.tag) == name:
                text = "".join(child.itertext()).strip()
                if text:
                    return text
    return None


def feed_link(elem: ET.Element) -> str | None:
    """An item's URL: RSS <link>text</link> or Atom <link href> (rel alternate preferred)."""
    fallback = None
    for child in elem:
        if local_name(child.tag) != "link":
            continue
        href = child.get("href")
        if href:
            if child.get("rel", "alternate") == "alternate":
                return href.strip()
            fallback = fallback or href.strip()
        elif child.text and child.text.strip():
            return child.text.strip()
    return fallback


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
        name = str(path)
        data = ctx.read_bytes(path)
        if isinstance(data, Quarantined):
            yield Origin(name, None), data
            return
        try:
            markup = decode_xml(data)
        except InputError as exc:
            yield Origin(name, None), Quarantined(name, None, exc.reason)
            return
        if _DTD_RE.search(markup):
            # entity expansion ("billion laughs") and external entities hide in DTDs; feeds never need one
            yield Origin(name, None), Quarantined(name, None, "refused: feed has a DOCTYPE/ENTITY declaration")
            return
        markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
        try:
            root = ET.fromstring(markup)
        except ET.ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else None
            yield Origin(name, line), Quarantined(name, line, f"malformed XML: {exc}")
            return
        if local_name(root.tag) not in ("rss", "feed", "rdf", "channel"):
            yield Origin(name, None), Quarantined(name, None, f"not an RSS or Atom feed (root <{local_name(root.tag)}>)")
            return
        channel = next((e for e in root.iter() if local_name(e.tag) == "channel"), root)
        feed_title = child_text(channel, "title")
        items = [e for e in root.iter() if local_name(e.tag) in ("item", "entry")]
        if not items:
            yield Origin(name, None), Quarantined(name, None, "empty feed: no items or entries")
            return
        for number, item in enumerate(items, start=1):
            yield feed_article(ctx, Origin(name, number), path.stem, item, feed_title)


def feed_article(ctx: ReadContext, origin: Origin, stem: str, item: ET.Element, feed_title: str | None) -> Item:
    """An article from one feed item; its HTML body is reduced to text."""
    body = child_text(item, "encoded", "content", "description", "summary") or ""
    _, text = html_to_text(body) if "<" in body else ("", body.strip())
    raw_title = child_text(item, "title") or ""
    title = html_to_text(raw_title)[1] if "<" in raw_title else squash(raw_title)
    url = feed_link(item)
    # no guid, id or link: a content hash (an item number would change as the feed moves on)
    ident = child_text(item, "guid", "id") or url
    published = child_text(item, "pubdate", "published", "updated", "date")
    language = item.get("{http://www.w3.org/XML/1998/namespace}lang")
    return ctx.article(origin, id=ident, title=title, text=text, published=published,
                       url=url, source=feed_title, language=language)
