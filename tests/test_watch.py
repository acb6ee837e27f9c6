"""`sitrep watch` (issue 14) against a local HTTP server on 127.0.0.1: feeds that change between polls, 304s,
404s, 500s, slow answers, redirect loops, oversized bodies, wrong content types, malformed XML, robots.txt; every
case reported, nothing stored lost, a failing feed never stopping the others, and no request leaving 127.0.0.1."""
from __future__ import annotations

import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from ingest_stub import StubPipeline
from sitrep.errors import InputError
from sitrep.watch import Fetcher, FetchError, FeedSpec, Policy, Watcher, feed_health, load_feeds, parse_interval
from sitrep.watch.fetch import USER_AGENT

# written for these tests
SUMMARY = "Fighters attacked a police post near the river crossing, officials said."
PAGE_PARAS = [
    "Fighters attacked a police post near the river crossing at Ollun on Monday night, killing two officers and "
    "wounding three others, a provincial official said on Tuesday.",
    "The attackers arrived on motorbikes shortly before midnight and fired at the post for about an hour before "
    "withdrawing towards the hills, residents told reporters by telephone.",
    "Reinforcements reached the crossing at dawn and the road to the market town was closed for the day while "
    "soldiers searched the surrounding villages.",
]


def page_html(title: str, paras: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<html lang='en'><head><title>{title}</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a>"
            f"</nav><article><h1>{title}</h1>{body}</article><footer>Copyright River Post</footer></body></html>").encode()


def rss(base: str, entries: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>{base}/story/{slug}</link><guid>{base}/story/{slug}</guid>"
                    f"<pubDate>Tue, 14 Mar 2023 09:00:00 GMT</pubDate><description>{SUMMARY}</description></item>"
                    for slug, t in entries)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>River Post</title>{items}</channel></rss>".encode()


class Server:
    """A local HTTP server whose routes the test changes between polls; it records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                status, headers, body = route(self) if route else (404, {}, b"not here")
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def static(self, path: str, body: bytes, ctype: str = "application/rss+xml", status: int = 200,
               headers: dict[str, str] | None = None) -> None:
        self.routes[path] = lambda h: (status, {"Content-Type": ctype, **(headers or {})}, body)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[Server]:
    srv = Server()
    srv.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    yield srv
    srv.close()


def _no_dns(host: str) -> list[str]:
    raise OSError(f"test: no name lookups ({host})")


def fetcher(**kw: Any) -> Fetcher:
    # only 127.0.0.1 is allowed and no name is looked up: no request can leave this machine
    return Fetcher(Policy(allow=frozenset({"127.0.0.1"}), resolve=_no_dns), **kw)


def etag_feed(server: Server, path: str, body_of: Callable[[], bytes], tag_of: Callable[[], str]) -> None:
    def route(h: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if h.headers.get("If-None-Match") == tag_of():
            return 304, {"ETag": tag_of()}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": tag_of()}, body_of()
    server.routes[path] = route


def health(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        return feed_health(conn)


def articles(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, text FROM articles").fetchall())


def test_a_feed_polled_twice_fetches_pages_once_and_answers_304(server: Server, tmp_path: Path) -> None:
    entries = [("a", "Police post attacked")]
    etag_feed(server, "/feed.xml", lambda: rss(server.base, entries), lambda: f'"v{len(entries)}"')
    server.static("/story/a", page_html("Police post attacked", PAGE_PARAS), "text/html; charset=utf-8")
    server.static("/story/b", page_html("Second story", PAGE_PARAS[1:] + PAGE_PARAS[:1]), "text/html")
    db = tmp_path / "w.db"
    feed = FeedSpec(f"{server.base}/feed.xml", 60)
    w = Watcher(db, [feed], StubPipeline(), fetcher())
    first = w.round()
    assert [r.status for r in first.feeds] == ["ok"] and first.feeds[0].new == 1 and first.feeds[0].pages == 1
    stored = articles(db)
    assert stored[f"{server.base}/story/a"].startswith(PAGE_PARAS[0])  # the page's text, not the summary
    assert "Copyright" not in stored[f"{server.base}/story/a"]
    assert all(h.get("User-Agent") == USER_AGENT for _, h in server.requests)
    assert w.due() == []  # not due again before its interval
    second = w.round([feed])
    assert second.feeds[0].status == "not modified" and second.stats is None
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    entries.append(("b", "Second story"))  # the feed moves on: only the new entry's page is fetched
    third = w.round([feed])
    assert third.feeds[0].new == 1 and server.hits("/story/a") == 1 and server.hits("/story/b") == 1
    assert len(articles(db)) == 2
    w.close()
    # a restart: state is in the store, so nothing is fetched again and nothing is stored twice
    w2 = Watcher(db, [feed], StubPipeline(), fetcher())
    assert w2.due() == []
    server.routes["/feed.xml"] = lambda h: (200, {"Content-Type": "application/rss+xml"}, rss(server.base, entries))
    again = w2.round([feed])
    assert again.feeds[0].new == 0 and server.hits("/story/a") == 1 and server.hits("/story/b") == 1
    assert len(articles(db)) == 2
    by_url = {h["url"]: h for h in health(db)}
    assert by_url[feed.url]["failures"] == 0 and by_url[feed.url]["entries"] == 2
    w2.close()


def test_failing_feeds_are_reported_back_off_and_never_stop_the_others(server: Server, tmp_path: Path) -> None:
    server.static("/good.xml", rss(server.base, [("g", "Good story")]))
    server.static("/story/g", page_html("Good story", PAGE_PARAS), "text/html")
    server.static("/e500.xml", b"oops", "text/plain", status=500)
    server.static("/big.xml", rss(server.base, [("x", "y" * 5000)]) + b" " * 200_000)
    server.static("/html.xml", b"<html><body><p>a page</p></body></html>", "text/html")
    server.static("/bad.xml", b"<rss><channel>\n<item><title>x</title>\n</channel></rss>")
    server.routes["/loop1.xml"] = lambda h: (302, {"Location": "/loop2.xml"}, b"")
    server.routes["/loop2.xml"] = lambda h: (302, {"Location": "/loop1.xml"}, b"")
    server.routes["/slow.xml"] = lambda h: (time.sleep(1.5), (200, {"Content-Type": "application/rss+xml"},
                                                               rss(server.base, [])))[1]
    server.routes["/away.xml"] = lambda h: (301, {"Location": "http://10.0.0.1/feed.xml"}, b"")
    names = ["e404", "e500", "big", "html", "bad", "loop1", "slow", "away"]
    feeds = [FeedSpec(f"{server.base}/{n}.xml", 60) for n in names] + [FeedSpec(f"{server.base}/good.xml", 60)]
    db = tmp_path / "w.db"
    w = Watcher(db, feeds, StubPipeline(), fetcher(max_bytes=100_000, timeout=0.5))
    report = w.round()
    by = {r.url.rsplit("/", 1)[1].split(".")[0]: r for r in report.feeds}
    assert by["good"].status == "ok" and len(articles(db)) == 1
    expect = {"e404": "HTTP 404", "e500": "HTTP 500", "big": "too large", "html": "content type text/html",
              "bad": "malformed XML", "loop1": "redirect loop", "slow": "timed out", "away": "refused"}
    for name, words in expect.items():
        assert by[name].status == "failed" and words in (by[name].error or ""), (name, by[name].error)
    assert not any(p.startswith("http://10.") for p, _ in server.requests)
    # backoff: a second failure waits twice as long as the first
    first_wait = by["e500"].retry_in
    again = w.round([f for f in feeds if f.url.endswith("/e500.xml")])
    assert again.feeds[0].retry_in == 2 * first_wait
    # a failing round loses nothing stored
    server.static("/good.xml", b"<rss><channel><item>", "application/rss+xml")
    broken = w.round([feeds[-1]])
    assert broken.feeds[0].status == "failed" and len(articles(db)) == 1
    by_name = {h["url"].rsplit("/", 1)[1]: h for h in health(db)}
    assert by_name["e500.xml"]["failures"] == 2 and "HTTP 500" in by_name["e500.xml"]["last_error"]
    w.close()


def test_robots_txt_is_honoured_for_pages_and_the_summary_is_kept(server: Server, tmp_path: Path) -> None:
    body = rss(server.base, [("p", "Private story")]).replace(b"/story/p", b"/private/p")
    server.static("/feed.xml", body)
    server.static("/private/p", page_html("Private story", PAGE_PARAS), "text/html")
    db = tmp_path / "w.db"
    w = Watcher(db, [FeedSpec(f"{server.base}/feed.xml", 60)], StubPipeline(), fetcher())
    report = w.round()
    assert report.feeds[0].pages == 0 and "robots.txt" in report.feeds[0].page_errors[0]
    assert server.hits("/private/p") == 0
    w.close()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://169.254.169.254/latest",
                                 "http://[::1]/x", "file:///etc/passwd", "ftp://127.0.0.1/x", "http://192.168.1.1/"])
def test_loopback_private_link_local_and_non_http_addresses_are_refused_by_default(url: str) -> None:
    with Fetcher(Policy(resolve=_no_dns)) as f:
        with pytest.raises(FetchError, match="refused"):
            f.get(url)


def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    policy = Policy(resolve=lambda host: ["192.168.0.7"])
    with pytest.raises(FetchError, match="private"):
        policy.check("http://intranet.example/feed")
    Policy(resolve=lambda host: ["93.184.215.14"]).check("http://public.example/feed")  # a public address passes


def test_a_name_rebound_to_loopback_after_the_check_is_refused_at_connection(server: Server) -> None:
    # DNS rebinding: the name answers a public address when the URL is checked and loopback when the connection is
    # made. The connection goes only to an address checked at that moment, so the local server is never reached.
    answers = iter([["93.184.215.14"], ["127.0.0.1"], ["127.0.0.1"]])
    server.static("/feed", rss(server.base, []))
    port = server.base.rsplit(":", 1)[1]
    with Fetcher(Policy(resolve=lambda host: next(answers)), robots=False) as f:
        with pytest.raises(FetchError, match="refused"):
            f.get(f"http://localhost:{port}/feed")
    assert server.hits("/feed") == 0


def test_an_allowed_host_is_still_reached_through_the_pinned_connection(server: Server) -> None:
    server.static("/feed", rss(server.base, []))
    with Fetcher(Policy(allow=frozenset({"127.0.0.1"}), resolve=_no_dns), robots=False) as f:
        assert f.get(server.base + "/feed").status == 200
    assert server.hits("/feed") == 1


def test_feed_lists_text_and_opml(tmp_path: Path) -> None:
    (tmp_path / "feeds.txt").write_text("# my feeds\nhttp://127.0.0.1:8000/a.xml 5m\n\nhttps://example.org/b.rss\n"
                                        "http://127.0.0.1:8000/a.xml\n")
    assert load_feeds(tmp_path / "feeds.txt", 900) == [FeedSpec("http://127.0.0.1:8000/a.xml", 300),
                                                       FeedSpec("https://example.org/b.rss", 900)]
    (tmp_path / "feeds.opml").write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                                         '<outline text="Wire" xmlUrl="https://example.org/w.xml"/></outline>'
                                         "</body></opml>")
    assert load_feeds(tmp_path / "feeds.opml") == [FeedSpec("https://example.org/w.xml", 900, "Wire")]
    (tmp_path / "bad.txt").write_text("https://example.org/a.xml\nnot a url\n")
    with pytest.raises(InputError, match=r"bad.txt:2: not an http\(s\) feed URL"):
        load_feeds(tmp_path / "bad.txt")
    (tmp_path / "bad2.txt").write_text("https://example.org/a.xml soon\n")
    with pytest.raises(InputError, match=r"bad2.txt:1: not an interval"):
        load_feeds(tmp_path / "bad2.txt")
    assert parse_interval("2h") == 7200
    with pytest.raises(InputError):
        parse_interval("5s")


def test_a_quarantined_entry_is_not_reported_again_at_the_next_poll(server: Server, tmp_path: Path) -> None:
    foreign = ("Des hommes armés ont attaqué un poste de police près du fleuve lundi soir, tuant deux agents et en "
               "blessant trois autres, a déclaré mardi un responsable de la province.")
    body = (f"<rss><channel><title>T</title><item><guid>fr-1</guid><title>Poste attaqué</title>"
            f"<description>{foreign}</description></item></channel></rss>").encode()
    server.static("/feed.xml", body)
    db = tmp_path / "w.db"
    feed = FeedSpec(f"{server.base}/feed.xml", 60)
    w = Watcher(db, [feed], StubPipeline(), fetcher(), pages=False)
    first = w.round([feed])
    assert first.feeds[0].new == 1 and first.stats is not None and first.stats.quarantined == 1
    with sqlite3.connect(db) as conn:
        [(reason,)] = conn.execute("SELECT reason FROM quarantine").fetchall()
    assert "'fr'" in reason
    second = w.round([feed])
    assert second.feeds[0].new == 0 and second.stats is None
    w.close()
