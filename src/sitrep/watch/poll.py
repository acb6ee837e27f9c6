"""`sitrep watch`: poll feeds on their own intervals, fetch new entries' pages, ingest them as `sitrep ingest` does.

A round polls every due feed (conditional GET), reads new entries (feedparser), fetches the page of each new
entry with a link (trafilatura: the page's text replaces the summary when it is longer), and hands all of it to
`Ingest.run(items=...)`: the same checks, extraction, idempotent store (by id and content hash) and merging of
reports as `sitrep ingest`. A failing feed is reported, backs off (its interval doubled per failure, at most
MAX_BACKOFF) and never stops the others; nothing stored is lost. State lives in the store (`state.py`)."""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from sitrep.errors import InputError
from sitrep.ingest import Ingest, IngestStats
from sitrep.readers import MAX_CHARS, Origin, Quarantined, ReadContext, dateline_finder
from sitrep.readers.checks import decode_bytes
from sitrep.readers.feed import parse_feed, read_feed_bytes
from sitrep.readers.html import read_page
from sitrep.records import Article
from sitrep.store import Store
from sitrep.watch.feeds import FeedSpec
from sitrep.watch.fetch import Fetcher, FetchError
from sitrep.watch.state import FeedState, WatchState, now_iso

log = logging.getLogger(__name__)

MAX_BACKOFF = 6 * 3600  # seconds: a feed failing for long is still tried four times a day
FEED_TYPES = ("xml", "rss", "atom", "rdf", "text/plain", "application/octet-stream", "")
Item = tuple[Origin, "Article | Quarantined"]
# the relevance gate (issue 15) plugs in here: it gets the round's items and returns those to ingest
Gate = Callable[[list[Item]], list[Item]]


@dataclass
class FeedReport:
    """What one poll of one feed did."""

    url: str
    status: str  # "ok", "not modified", "failed"
    entries: int = 0
    new: int = 0
    pages: int = 0  # pages fetched and used
    page_errors: list[str] = field(default_factory=list)
    error: str | None = None
    retry_in: float | None = None

    def line(self) -> str:
        """One line for the terminal."""
        if self.status == "failed":
            return f"{self.url}: failed: {self.error} (retry in {_human(self.retry_in or 0)})"
        if self.status == "not modified":
            return f"{self.url}: not modified"
        extra = f", {len(self.page_errors)} pages not fetched" if self.page_errors else ""
        return f"{self.url}: {self.entries} entries, {self.new} new, {self.pages} pages fetched{extra}"


@dataclass
class RoundReport:
    """One round: the feeds polled and what the ingest stored."""

    feeds: list[FeedReport]
    stats: IngestStats | None = None


def _human(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds // 60} min"
    return f"{seconds} s"


class Watcher:
    """Polls `feeds` into the store at `db` with `pipeline` (anything `Ingest` takes)."""

    def __init__(self, db: Path, feeds: Sequence[FeedSpec], pipeline: Any, fetcher: Fetcher, pages: bool = True,
                 workers: int = 1, clock: Callable[[], float] = time.time, gate: Gate | None = None) -> None:
        self.db = Path(db)
        self.feeds = list(feeds)
        self.pipeline = pipeline
        self.fetcher = fetcher
        self.pages = pages
        self.workers = workers
        self.clock = clock
        self.gate = gate
        Store.open(self.db).close()  # create (or migrate) the store before the watch tables go in beside it
        self.state = WatchState(self.db)

    def close(self) -> None:
        """Close the state's connection and the fetcher."""
        self.state.close()
        self.fetcher.close()

    def due(self) -> list[FeedSpec]:
        """The feeds whose next poll time has come."""
        now = self.clock()
        return [f for f in self.feeds if self.state.get(f.url).next_poll <= now]

    def seconds_to_next(self) -> float:
        """Seconds until the next feed is due (0 when one is)."""
        now = self.clock()
        return max(0.0, min(self.state.get(f.url).next_poll for f in self.feeds) - now)

    def round(self, feeds: Iterable[FeedSpec] | None = None) -> RoundReport:
        """Poll `feeds` (default: the due ones) and ingest what they bring."""
        items: list[Item] = []
        seen_keys: dict[str, list[str]] = {}
        reports = []
        for feed in (self.due() if feeds is None else feeds):
            report, feed_items, keys = self._poll(feed)
            reports.append(report)
            items.extend(feed_items)
            if keys:
                seen_keys[feed.url] = keys
        stats = None
        if items:
            if self.gate is not None:
                items = self.gate(items)
            stats = Ingest(self.db, self.pipeline, workers=self.workers).run([], items=iter(items))
            for report in reports:
                if report.status == "ok":
                    st = self.state.get(report.url)
                    self.state.put(dataclasses.replace(st, stored=st.stored + sum(
                        1 for o, it in items if isinstance(it, Article) and o.path == report.url)))
        for url, keys in seen_keys.items():  # only once ingested: a crash before means they are read again
            self.state.mark_seen(url, keys)
        return RoundReport(reports, stats)

    def run(self, stop: threading.Event, on_round: Callable[[RoundReport], None] | None = None) -> None:
        """Rounds until `stop` is set; sleeps until the next feed is due."""
        while not stop.is_set():
            report = self.round()
            if on_round is not None and report.feeds:
                on_round(report)
            stop.wait(min(max(self.seconds_to_next(), 1.0), 60.0))

    def _fail(self, feed: FeedSpec, state: FeedState, reason: str, status: str) -> FeedReport:
        failures = state.failures + 1
        wait = min(feed.interval * (2 ** min(failures, 10)), MAX_BACKOFF)
        self.state.put(dataclasses.replace(state, failures=failures, next_poll=self.clock() + wait,
                                           last_status=status, last_error=reason, last_poll=now_iso()))
        log.info("%s: %s", feed.url, reason)
        return FeedReport(feed.url, "failed", error=reason, retry_in=wait)

    def _poll(self, feed: FeedSpec) -> tuple[FeedReport, list[Item], list[str]]:
        state = self.state.get(feed.url)
        try:
            resp = self.fetcher.get(feed.url, state.etag, state.last_modified)
        except FetchError as exc:
            return self._fail(feed, state, exc.reason, str(exc.status or "error")), [], []
        ok = dataclasses.replace(state, failures=0, next_poll=self.clock() + feed.interval, last_status=str(resp.status),
                                 last_error=None, last_poll=now_iso(), last_ok=now_iso(),
                                 etag=resp.etag or state.etag, last_modified=resp.last_modified or state.last_modified)
        if resp.status == 304:
            self.state.put(ok)
            return FeedReport(feed.url, "not modified"), [], []
        if not any(t in resp.content_type for t in FEED_TYPES if t) and resp.content_type:
            return self._fail(feed, state, f"not a feed: content type {resp.content_type}", str(resp.status)), [], []
        ctx = ReadContext(None, MAX_CHARS, dateline_finder())
        read = list(read_feed_bytes(resp.body, feed.url, "feed", ctx))
        whole = (len(read) == 1 and isinstance(read[0][1], Quarantined)
                 and (read[0][0].line is None or read[0][1].reason.startswith("malformed XML")))
        if whole and not read[0][1].reason.startswith("empty feed"):
            # the feed as a whole is unusable (malformed, refused, not a feed, undecodable): reported, retried later
            return self._fail(feed, state, read[0][1].reason, str(resp.status)), [], []
        if whole:
            read = []  # an empty feed: nothing new
        report = FeedReport(feed.url, "ok", entries=len(read))
        items: list[Item] = []
        keys: list[str] = []
        raw_entries: list[Any] | None = None
        for origin, item in read:
            if isinstance(item, Quarantined) and raw_entries is None:
                raw_entries = _raw_entries(resp.body, feed.url)
            key = _entry_key(item, origin, raw_entries or [])
            if key is not None and self.state.seen(feed.url, key):
                continue
            report.new += 1
            if key is not None:
                keys.append(key)
            if isinstance(item, Article) and self.pages and item.url:
                item = self._with_page(item, origin, report)
            items.append((origin, item))
        self.state.put(dataclasses.replace(ok, entries=state.entries + report.new))
        return report, items, keys

    def _with_page(self, entry: Article, origin: Origin, report: FeedReport) -> Article | Quarantined:
        """The entry with its page's text when the page has more than the feed gave; the entry as it is when
        the page cannot be fetched or read."""
        assert entry.url is not None
        try:
            resp = self.fetcher.get(entry.url)
            if resp.content_type and "html" not in resp.content_type:
                raise FetchError(entry.url, f"not a page: content type {resp.content_type}")
            markup = decode_bytes(resp.body)
        except (FetchError, InputError) as exc:
            report.page_errors.append(str(exc))
            return entry
        page = read_page(markup)
        if page is None or len(page.text) <= len(entry.text):
            return entry
        ctx = ReadContext(None, MAX_CHARS, dateline_finder())
        _, article = ctx.article(origin, id=entry.id, title=entry.title or page.title, text=page.text,
                                 published=entry.published or page.published, url=entry.url,
                                 source=entry.source or page.site, language=entry.language or page.language)
        report.pages += 1
        return article


def _raw_entries(body: bytes, url: str) -> list[Any]:
    """feedparser's entries of a feed (to name the entries that were quarantined)."""
    try:
        return list(parse_feed(body, url).get("entries") or [])
    except InputError:
        return []


def _entry_key(item: Article | Quarantined, origin: Origin, raw_entries: list[Any]) -> str | None:
    """What identifies an entry across polls: its id (guid, else link, else content hash); a quarantined entry
    (not English, empty ...) by its guid or link, so it is not reported again at every poll."""
    if isinstance(item, Article):
        return item.id
    if origin.line is not None and 0 < origin.line <= len(raw_entries):
        entry = raw_entries[origin.line - 1]
        ident = entry.get("id") or entry.get("link")
        return f"quarantined:{ident}" if ident else None
    return None
