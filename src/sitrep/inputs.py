"""Article readers: .txt, .html, .jsonl, RSS/Atom feeds, folders and stdin; bad input is quarantined, never fatal."""
from __future__ import annotations

import codecs
import functools
import itertools
import json
import logging
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence, TextIO

from sitrep.errors import InputError
from sitrep.records import Article, Record

log = logging.getLogger(__name__)

MAX_CHARS = 5_000_000
TEXT_EXTENSIONS = (".txt",)
HTML_EXTENSIONS = (".html", ".htm")
JSONL_EXTENSIONS = (".jsonl",)
FEED_EXTENSIONS = (".xml", ".rss", ".atom")
INPUT_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + JSONL_EXTENSIONS + FEED_EXTENSIONS
STDIN_NAME = "<stdin>"

# the English test looks at this many leading characters and only judges texts with enough words
_LANG_SAMPLE_CHARS = 3000
_LANG_MIN_WORDS = 20  # shorter texts (a headline, one sentence) are not judged
_LANG_MIN_RATIO = 0.08  # English news runs at 0.2-0.4, other languages below 0.05
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# C0 controls other than tab, newline, vertical tab, form feed, carriage return: signs of binary data
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DTD_RE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Quarantined(Record):
    """An input (or one line of it) that could not become an article, and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        """`path:line: reason`, the form the CLI prints."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class Origin(NamedTuple):
    """Where an article came from: file (or `<stdin>`) and line (JSONL) or item number (feeds)."""

    path: str
    line: int | None


def read_inputs(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | Quarantined]:
    """Articles (and quarantined inputs) of files, folders and `-` (stdin), streamed in order."""
    for _origin, item in iter_inputs(paths, published=published, stdin=stdin, max_chars=max_chars):
        yield item


def iter_inputs(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[tuple[Origin, Article | Quarantined]]:
    """Like `read_inputs`, with the origin (file, line) of each item for error messages."""
    given = None
    if published is not None:
        given = parse_iso_date(published)
        if given is None:
            raise InputError(f"publication date {published!r} is not YYYY-MM-DD", path="--published")
    reader = _Reader(given, max_chars, _dateline_finder())
    for raw in paths:
        if raw == "-":
            yield from reader.stdin(stdin if stdin is not None else sys.stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_EXTENSIONS)
            if not files:
                log.info("%s: no input files in folder", raw)
            for file in files:
                yield from reader.file(file)
        else:
            yield from reader.file(path)


# ---------------------------------------------------------------- dates


def parse_iso_date(value: str) -> str | None:
    """`value` if it is a valid YYYY-MM-DD date, else None."""
    if not _ISO_DATE_RE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def normalise_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO date or datetime or an RFC 822 date; None when it is none of them."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        # the calendar date as the source wrote it: a local evening must not become tomorrow in UTC
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _dateline_finder() -> Callable[[str], str | None]:
    """`sitrep.dates.find_dateline`, or a stand-in returning None while that module is absent."""
    try:
        from sitrep.resolve.dateline import find_dateline
    except ImportError:
        log.debug("sitrep.dates.find_dateline not available: datelines are not read")
        return _no_dateline
    return find_dateline  # type: ignore[no-any-return]


def _no_dateline(text: str) -> str | None:
    """Fallback dateline reader: never finds one."""
    return None


# ---------------------------------------------------------------- decoding and checks


def decode_bytes(data: bytes) -> str:
    """Text of a file's bytes: UTF-8 (BOM allowed), else cp1252 without control characters; else InputError."""
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError("binary or undecodable: neither UTF-8 nor cp1252") from exc
    if _CONTROL_RE.search(text):
        raise InputError("binary or undecodable: neither UTF-8 nor cp1252 without control characters")
    return text


@functools.lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    """The word list of the English test (data/english_function_words.txt)."""
    raw = resources.files("sitrep").joinpath("data/english_function_words.txt").read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in raw.splitlines())
    return frozenset(w for w in words if w)


def english_ratio(text: str) -> float | None:
    """Share of common English function words among the first words; None when too short to judge."""
    words = _WORD_RE.findall(text[:_LANG_SAMPLE_CHARS])
    if len(words) < _LANG_MIN_WORDS:
        return None
    common = english_function_words()
    return sum(1 for w in words if w.lower() in common) / len(words)


def latin_share(text: str) -> float | None:
    """Share of Latin-script letters among the first letters; None when there are too few to judge."""
    letters = [c for c in text[:_LANG_SAMPLE_CHARS] if c.isalpha()]
    if len(letters) < _LANG_MIN_WORDS:
        return None
    # Basic Latin through Latin Extended-B: English and the languages that borrow its words
    return sum(1 for c in letters if c < "\u0250") / len(letters)


def check_article(text: str, title: str = "", language: str | None = None, max_chars: int = MAX_CHARS) -> str | None:
    """Why an article's text cannot be used (empty, too large, not English), or None if it can."""
    if not text.strip():
        return "empty: no text"
    if len(text) > max_chars:
        return f"too large: {len(text):,} characters (limit {max_chars:,})"
    if language and language.strip().lower().split("-")[0].split("_")[0] not in ("en", "eng", "english"):
        return f"not English: language is {language!r}"
    sample = f"{title}\n{text}" if title and not text.startswith(title) else text
    latin = latin_share(sample)
    if latin is not None and latin < 0.5:
        return "not English: mostly written in a non-Latin script"
    ratio = english_ratio(sample)
    if ratio is not None and ratio < _LANG_MIN_RATIO:
        return f"not English: only {ratio:.0%} common English words"
    return None


def _title_of(text: str) -> str:
    """First non-blank line of a plain text, stripped."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


# ---------------------------------------------------------------- HTML


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
        text = _squash("".join(self.buf))
        if text:
            self.blocks.append(text)
        self.buf = []
        self._flush_loose()

    def _flush_loose(self) -> None:
        text = _squash("".join(self.loose_buf))
        if text:
            self.loose.append(text)
        self.loose_buf = []

    def result(self) -> tuple[str, str]:
        """(title, text): paragraphs separated by blank lines; loose text only when there are no paragraphs."""
        self._flush()
        paragraphs = self.blocks or self.loose
        title = _squash("".join(self.title)) or _squash("".join(self.h1))
        return title, "\n\n".join(paragraphs)


def _squash(text: str) -> str:
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


# ---------------------------------------------------------------- feeds


def _local(tag: Any) -> str:
    """Tag name without its XML namespace."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(elem: ET.Element, *names: str) -> str | None:
    """Text of the first child with one of `names` (in that order of preference) that has any."""
    for name in names:
        for child in elem:
            if _local(child.tag) == name:
                text = "".join(child.itertext()).strip()
                if text:
                    return text
    return None


def _feed_link(elem: ET.Element) -> str | None:
    """An item's URL: RSS <link>text</link> or Atom <link href> (rel alternate preferred)."""
    fallback = None
    for child in elem:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href:
            if child.get("rel", "alternate") == "alternate":
                return href.strip()
            fallback = fallback or href.strip()
        elif child.text and child.text.strip():
            return child.text.strip()
    return fallback


# ---------------------------------------------------------------- the reader


class _Reader:
    """Turns one path (or stdin) into articles and quarantined items, with the run's options."""

    def __init__(self, given: str | None, max_chars: int, dateline: Callable[[str], str | None]) -> None:
        self.given = given
        self.max_chars = max_chars
        self.dateline = dateline

    # -- helpers

    def _article(self, origin: Origin, **fields: Any) -> tuple[Origin, Article | Quarantined]:
        """A checked Article with its publication date resolved, or the reason it is quarantined."""
        text: str = fields["text"]
        title: str = fields.get("title") or ""
        reason = check_article(text, title, fields.get("language"), self.max_chars)
        if reason:
            return origin, Quarantined(origin.path, origin.line, reason)
        published, how = self._published(fields.pop("published", None), text, origin)
        return origin, Article(published=published, published_from=how, **fields)

    def _published(self, value: Any, text: str, origin: Origin) -> tuple[str | None, str | None]:
        """Publication date and how it was found: given → input field → dateline → None."""
        if self.given:
            return self.given, "given"
        if value not in (None, ""):
            found = normalise_date(value)
            if found:
                return found, "input"
            log.warning("%s: unreadable publication date %r ignored", _where(origin), value)
        line = self.dateline(text)
        found = normalise_date(line) if line else None
        if found:
            return found, "dateline"
        return None, None

    def _read_bytes(self, path: Path) -> bytes | Quarantined:
        """A whole file's bytes, or why not (missing, unreadable, empty, far too large)."""
        try:
            size = path.stat().st_size
            # a character is at most 4 UTF-8 bytes: bigger files are too large whatever they hold
            if size > 4 * self.max_chars:
                return Quarantined(str(path), None, f"too large: {size:,} bytes (limit {self.max_chars:,} characters)")
            data = path.read_bytes()
        except FileNotFoundError:
            return Quarantined(str(path), None, "no such file or folder")
        except OSError as exc:
            return Quarantined(str(path), None, f"unreadable: {exc.strerror or exc}")
        if not data.strip():
            return Quarantined(str(path), None, "empty file")
        return data

    def _read_text(self, path: Path) -> str | Quarantined:
        data = self._read_bytes(path)
        if isinstance(data, Quarantined):
            return data
        try:
            return decode_bytes(data)
        except InputError as exc:
            return Quarantined(str(path), None, exc.reason)

    # -- forms

    def file(self, path: Path) -> Iterator[tuple[Origin, Article | Quarantined]]:
        """Items of one file, by its extension (unknown extensions are read as plain text)."""
        suffix = path.suffix.lower()
        if suffix in JSONL_EXTENSIONS:
            yield from self.jsonl(path)
        elif suffix in HTML_EXTENSIONS:
            yield self.html(path)
        elif suffix in FEED_EXTENSIONS:
            yield from self.feed(path)
        else:
            yield self.text(path)

    def text(self, path: Path) -> tuple[Origin, Article | Quarantined]:
        """A plain-text article: the first line is the title, the text is the whole file."""
        origin = Origin(str(path), None)
        text = self._read_text(path)
        if isinstance(text, Quarantined):
            return origin, text
        return self._article(origin, id=path.stem, title=_title_of(text), text=text)

    def html(self, path: Path) -> tuple[Origin, Article | Quarantined]:
        """An HTML page's main text as one article."""
        origin = Origin(str(path), None)
        markup = self._read_text(path)
        if isinstance(markup, Quarantined):
            return origin, markup
        title, text = html_to_text(markup)
        if not text:
            return origin, Quarantined(str(path), None, "empty: no readable text in the HTML")
        return self._article(origin, id=path.stem, title=title, text=text)

    def jsonl(self, path: Path) -> Iterator[tuple[Origin, Article | Quarantined]]:
        """One article per line, read line by line; bad lines are quarantined with their number."""
        name = str(path)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            yield Origin(name, None), Quarantined(name, None, "no such file or folder")
            return
        except OSError as exc:
            yield Origin(name, None), Quarantined(name, None, f"unreadable: {exc.strerror or exc}")
            return
        with handle:
            head = handle.read(8192)
            if b"\x00" in head:
                yield Origin(name, None), Quarantined(name, None, "binary file (NUL bytes), not text")
                return
            handle.seek(0)
            yield from self._jsonl_lines(name, path.stem, (_decode_line(b) for b in handle))

    def _jsonl_lines(self, name: str, stem: str, lines: Iterable[str | None]) -> Iterator[tuple[Origin, Article | Quarantined]]:
        """Articles of JSONL lines (None for a line that could not be decoded)."""
        seen_any = False
        for number, line in enumerate(lines, start=1):
            origin = Origin(name, number)
            if line is None:
                yield origin, Quarantined(name, number, "undecodable line: neither UTF-8 nor cp1252")
                continue
            if not line.strip():
                continue
            seen_any = True
            if len(line) > self.max_chars + 10_000:
                yield origin, Quarantined(name, number, f"too large: {len(line):,} characters (limit {self.max_chars:,})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield origin, Quarantined(name, number, f"malformed JSON: {exc.msg} (column {exc.colno})")
                continue
            yield self._json_article(origin, stem, record)
        if not seen_any:
            yield Origin(name, None), Quarantined(name, None, "empty file")

    def _json_article(self, origin: Origin, stem: str, record: Any) -> tuple[Origin, Article | Quarantined]:
        """An article from one decoded JSONL record (its field names are DESIGN.md's)."""
        if not isinstance(record, dict):
            return origin, Quarantined(origin.path, origin.line, f"not a JSON object but {type(record).__name__}")
        text = record.get("text")
        if not isinstance(text, str):
            return origin, Quarantined(origin.path, origin.line, "no 'text' string")
        ident = record.get("id")
        if ident is None or (isinstance(ident, str) and not ident.strip()):
            ident = f"{stem}:{origin.line}"
        fields = {"id": str(ident), "text": text, "title": _str_or_none(record.get("title")) or ""}
        for key in ("source", "url", "language", "published"):
            fields[key] = _str_or_none(record.get(key))
        return self._article(origin, **fields)

    def feed(self, path: Path) -> Iterator[tuple[Origin, Article | Quarantined]]:
        """Each <item> (RSS) or <entry> (Atom) of a feed file as an article."""
        name = str(path)
        data = self._read_bytes(path)
        if isinstance(data, Quarantined):
            yield Origin(name, None), data
            return
        try:
            markup = _decode_xml(data)
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
        if _local(root.tag) not in ("rss", "feed", "rdf", "channel"):
            yield Origin(name, None), Quarantined(name, None, f"not an RSS or Atom feed (root <{_local(root.tag)}>)")
            return
        channel = next((e for e in root.iter() if _local(e.tag) == "channel"), root)
        feed_title = _child_text(channel, "title")
        items = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
        if not items:
            yield Origin(name, None), Quarantined(name, None, "empty feed: no items or entries")
            return
        for number, item in enumerate(items, start=1):
            yield self._feed_article(Origin(name, number), path.stem, item, feed_title)

    def _feed_article(self, origin: Origin, stem: str, item: ET.Element, feed_title: str | None) -> tuple[Origin, Article | Quarantined]:
        """An article from one feed item; its HTML body is reduced to text."""
        body = _child_text(item, "encoded", "content", "description", "summary") or ""
        _, text = html_to_text(body) if "<" in body else ("", body.strip())
        raw_title = _child_text(item, "title") or ""
        title = html_to_text(raw_title)[1] if "<" in raw_title else _squash(raw_title)
        url = _feed_link(item)
        ident = _child_text(item, "guid", "id") or url or f"{stem}:{origin.line}"
        published = _child_text(item, "pubdate", "published", "updated", "date")
        language = item.get("{http://www.w3.org/XML/1998/namespace}lang")
        return self._article(origin, id=ident, title=title, text=text, published=published,
                             url=url, source=feed_title, language=language)

    def stdin(self, stream: TextIO) -> Iterator[tuple[Origin, Article | Quarantined]]:
        """Standard input: JSONL when its first non-blank character is `{`, else one plain-text article."""
        origin = Origin(STDIN_NAME, None)
        head: list[str] = []
        try:
            for line in stream:
                head.append(line)
                if line.strip():
                    break
            if head and head[-1].lstrip().startswith("{"):
                yield from self._jsonl_lines(STDIN_NAME, "stdin", _safe_lines(itertools.chain(head, stream)))
                return
            text = "".join(head) + stream.read()
        except UnicodeDecodeError:
            yield origin, Quarantined(STDIN_NAME, None, "binary or undecodable input")
            return
        if "\x00" in text:
            yield origin, Quarantined(STDIN_NAME, None, "binary input (NUL bytes), not text")
            return
        yield self._article(origin, id="stdin", title=_title_of(text), text=text)


def _safe_lines(lines: Iterable[str]) -> Iterator[str | None]:
    """Lines of a text stream, stopping quietly (after logging) if it cannot be decoded."""
    iterator = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield None
            return
        yield line


def _decode_line(raw: bytes) -> str | None:
    try:
        return decode_bytes(raw)
    except InputError:
        return None


def _decode_xml(data: bytes) -> str:
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


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _where(origin: Origin) -> str:
    return origin.path if origin.line is None else f"{origin.path}:{origin.line}"

