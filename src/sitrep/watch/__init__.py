"""`sitrep watch`: feeds polled on their own intervals, new entries' pages fetched, all ingested as `ingest` does.

    feeds.py   the feed list (a text file of URLs with optional intervals, or OPML)
    fetch.py   httpx with a user agent, timeouts, a size limit, robots.txt, conditional GET, and an address policy
               (no loopback, private, link-local or non-HTTP address unless allowed)
    state.py   feed state in the store file (validators, next poll, failures, entries already taken in)
    poll.py    Watcher: rounds of polls, backoff, page fetching, `Ingest.run(items=...)`
"""
from __future__ import annotations

from sitrep.watch.feeds import DEFAULT_INTERVAL, FeedSpec, load_feeds, parse_interval
from sitrep.watch.fetch import USER_AGENT, Fetcher, FetchError, Policy
from sitrep.watch.poll import FeedReport, RoundReport, Watcher
from sitrep.watch.state import FeedState, WatchState, feed_health

__all__ = ["DEFAULT_INTERVAL", "USER_AGENT", "FeedReport", "FeedSpec", "FeedState", "FetchError", "Fetcher", "Policy",
           "RoundReport", "WatchState", "Watcher", "feed_health", "load_feeds", "parse_interval"]
