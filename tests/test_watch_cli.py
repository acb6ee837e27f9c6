"""`sitrep watch --once` end to end against the local 127.0.0.1 server, with the real pipeline: events stored,
a non-English entry quarantined with its language, and `sitrep stats` showing the languages and the feeds."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from test_watch import PAGE_PARAS, Server, page_html

# written for this test: a French report, which must be quarantined as French
FRENCH = ("Des hommes armés ont attaqué un poste de police près du fleuve lundi soir, tuant deux agents et en blessant "
          "trois autres, a déclaré mardi un responsable de la province. Les assaillants sont arrivés à moto peu avant "
          "minuit et ont tiré sur le poste pendant environ une heure avant de se retirer vers les collines.")


@pytest.fixture()
def server() -> Iterator[Server]:
    srv = Server()
    srv.static("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
    yield srv
    srv.close()


@pytest.mark.model
def test_watch_once_ingests_a_local_feed_and_stats_shows_languages_and_feeds(server: Server, tmp_path: Path) -> None:
    base = server.base
    server.static("/feed.xml", (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>River Post</title>"
        f"<item><title>Police post attacked near Ollun</title><link>{base}/story/a</link>"
        f"<pubDate>Tue, 14 Mar 2023 09:00:00 GMT</pubDate><description>Fighters attacked a police post.</description></item>"
        f"<item><title>Poste de police attaqué</title><link>{base}/story/fr</link>"
        f"<description>{FRENCH}</description></item></channel></rss>").encode())
    server.static("/story/a", page_html("Police post attacked near Ollun", PAGE_PARAS), "text/html")
    server.static("/story/fr", b"<html lang='fr'><body><p>" + FRENCH.encode() + b"</p></body></html>", "text/html")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# a local test feed\n{base}/feed.xml 5m\n")
    db = tmp_path / "w.db"
    runner = CliRunner()
    refused = runner.invoke(app, ["watch", str(feeds), "--db", str(db), "--once"])
    assert refused.exit_code == 1 and "refused" in refused.output  # 127.0.0.1 only with --allow-host
    assert server.hits("/feed.xml") == 0
    db.unlink()
    db2 = tmp_path / "w2.db"
    res = runner.invoke(app, ["watch", str(feeds), "--db", str(db2), "--once", "--allow-host", "127.0.0.1"])
    assert res.exit_code == 0, res.output
    assert f"{base}/feed.xml: 2 entries, 2 new, 1 pages fetched" in res.output
    with sqlite3.connect(db2) as conn:
        [(n_articles,)] = conn.execute("SELECT count(*) FROM articles").fetchall()
        [(n_events,)] = conn.execute("SELECT count(*) FROM events").fetchall()
        reasons = [r for (r,) in conn.execute("SELECT reason FROM quarantine")]
    assert n_articles == 1 and n_events >= 1
    assert any("'fr'" in r for r in reasons), reasons
    again = runner.invoke(app, ["watch", str(feeds), "--db", str(db2), "--once", "--allow-host", "127.0.0.1"])
    assert again.exit_code == 0 and "no feed is due yet" in again.output and server.hits("/feed.xml") == 1
    stats = runner.invoke(app, ["stats", "--db", str(db2)])
    assert stats.exit_code == 0, stats.output
    assert "by language" in stats.output and "fr" in stats.output and "watched feeds" in stats.output
