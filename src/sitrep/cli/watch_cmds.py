"""`sitrep watch`: feeds polled into the store, their new entries' pages fetched, happenings merged as they come."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import EXIT_FAILED, EXIT_OK, _db, _db_option, _err, _gate_option, _run


@app.command()
def watch(
    feeds: Path = typer.Argument(..., metavar="FEEDS", help="A text file of feed URLs (one a line, optional interval "
                                 "after it: 15m, 2h) or an OPML file."),
    db: Optional[Path] = _db_option(),
    once: bool = typer.Option(False, "--once", help="Poll every feed once and stop (for cron)."),
    interval: str = typer.Option("15m", "--interval", help="Time between polls of feeds that name none (90s, 15m, 2h)."),
    pages: bool = typer.Option(True, "--pages/--no-pages", help="Fetch new entries' pages (robots.txt honoured)."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Also fetch from this host although it is loopback "
                                         "or private (repeatable; e.g. 127.0.0.1 for a local test server)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes for extraction."),
    gate: bool = _gate_option(True),
) -> None:
    """Poll news feeds into the store until Ctrl-C (or once): new entries and their pages, ingested as `ingest` does."""

    def body() -> int:
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings
        from sitrep.watch import Fetcher, Policy, Watcher, load_feeds, parse_interval

        specs = load_feeds(feeds, parse_interval(interval))
        fetcher = Fetcher(Policy(allow=frozenset(h.lower() for h in allow_host)))
        watcher = Watcher(_db(db), specs, Pipeline(Settings(n_process=workers, gate=gate)), fetcher, pages=pages, workers=workers)
        failed = False

        def show(report: object) -> None:
            nonlocal failed
            stamp = time.strftime("%H:%M:%S")
            for feed in report.feeds:  # type: ignore[attr-defined]
                failed = failed or feed.status == "failed"
                _err(f"{stamp} {feed.line()}")
            stats = report.stats  # type: ignore[attr-defined]
            if stats is not None:
                _err(f"{stamp} {stats.stored} articles stored ({stats.events} events), {stats.skipped} already stored, "
                     f"{stats.quarantined} quarantined, {stats.clusters} clusters in {_db(db)}")

        _err(f"watching {len(specs)} feeds into {_db(db)}" + ("" if once else " (Ctrl-C stops)"))
        stop = threading.Event()
        try:
            if once:
                due = watcher.due()  # per-feed intervals and backoff hold across cron runs too
                if not due:
                    _err(f"no feed is due yet; the next in {watcher.seconds_to_next():.0f} s")
                show(watcher.round(due))
            else:
                try:
                    watcher.run(stop, show)
                except KeyboardInterrupt:
                    stop.set()
                    _err("stopped; feed state is saved in the store, the next run goes on from here")
        finally:
            watcher.close()
        return EXIT_FAILED if (once and failed) else EXIT_OK

    _run(body)
