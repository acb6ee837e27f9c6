"""The feed list `sitrep watch` reads: a text file (one URL a line, an optional interval after it) or OPML."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import InputError
from sitrep.records import Record

DEFAULT_INTERVAL = 900  # seconds between polls of a feed that names no interval
MIN_INTERVAL = 30  # no feed is polled more often than this
_INTERVAL_RE = re.compile(r"^(\d+)\s*([smhd]?)$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_ENTITY_RE = re.compile(r"<!\s*ENTITY", re.IGNORECASE)


@dataclass(frozen=True)
class FeedSpec(Record):
    """One feed to watch: its URL, seconds between polls, and the title the list gives it."""

    url: str
    interval: int = DEFAULT_INTERVAL
    title: str | None = None


def parse_interval(text: str) -> int:
    """Seconds of `90`, `90s`, `15m`, `2h`, `1d`; InputError otherwise or below MIN_INTERVAL."""
    match = _INTERVAL_RE.match(text.strip())
    if not match:
        raise InputError(f"not an interval: {text!r} (write 90s, 15m, 2h or 1d)")
    seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if seconds < MIN_INTERVAL:
        raise InputError(f"interval {text!r} is under the minimum of {MIN_INTERVAL} seconds")
    return seconds


def load_feeds(path: Path, default_interval: int = DEFAULT_INTERVAL) -> list[FeedSpec]:
    """The feeds a list names, in order, each once; InputError naming the file and line of a bad entry."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("no such feed list", str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"unreadable feed list ({exc})", str(path)) from exc
    feeds = _opml(path, text, default_interval) if text.lstrip().startswith("<") else _lines(path, text, default_interval)
    seen: set[str] = set()
    out = [f for f in feeds if not (f.url in seen or seen.add(f.url))]  # type: ignore[func-returns-value]
    if not out:
        raise InputError("no feeds in the list", str(path))
    return out


def _check_url(path: Path, line: int, url: str) -> str:
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        raise InputError(f"not an http(s) feed URL: {url!r}", str(path), line or None)
    return url


def _lines(path: Path, text: str, default_interval: int) -> list[FeedSpec]:
    feeds = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("http") else re.sub(r"\s+#.*$", "", raw).strip()
        if not line:
            continue
        url, _, rest = line.partition(" ")
        url = _check_url(path, number, url)
        interval = default_interval
        if rest.strip():
            try:
                interval = parse_interval(rest)
            except InputError as exc:
                raise InputError(exc.reason, str(path), number) from exc
        feeds.append(FeedSpec(url, interval))
    return feeds


def _opml(path: Path, text: str, default_interval: int) -> list[FeedSpec]:
    if _ENTITY_RE.search(text):
        raise InputError("refused: the OPML file declares entities (<!ENTITY>)", str(path))
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(f"malformed OPML: {exc}", str(path), line) from exc
    if root.tag.lower() != "opml":
        raise InputError(f"neither a list of URLs nor OPML (root <{root.tag}>)", str(path))
    feeds = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if not url:
            continue
        interval = default_interval
        if outline.get("interval"):
            interval = parse_interval(outline.get("interval", ""))
        feeds.append(FeedSpec(_check_url(path, 0, url.strip()), interval, outline.get("title") or outline.get("text")))
    return feeds
