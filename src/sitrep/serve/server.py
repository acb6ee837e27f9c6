"""The HTTP server of `sitrep serve`: the standard library's ThreadingHTTPServer in front of `App`.

Store reads run on a small pool of threads that each hold their own read-only connection (SQLite connections
stay in the thread that opened them); the request threads only parse, wait and send. Safe by default: bound to
127.0.0.1, any other address only with a token; the Host header must name the server (no DNS rebinding); a
Content-Security-Policy allows only the server's own scripts; errors never send a stack trace."""
from __future__ import annotations

import concurrent.futures
import hmac
import http.cookies
import http.server
import ipaddress
import logging
import threading
import urllib.parse
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.store import Store
from sitrep.serve.app import App, Response, error

log = logging.getLogger("sitrep.serve")

DB_THREADS = 2
REQUEST_TIMEOUT_S = 60  # a page of JSON
EXPORT_TIMEOUT_S = 1800  # a whole filtered view written by an export writer (100,000 records take a minute)
TOKEN_COOKIE = "sitrep_token"


class ServeError(SitrepError):
    """The server cannot start as asked (an exposed address without a token, a bad tiles URL, a port in use)."""


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_tiles(url: str | None) -> str | None:
    """The tiles URL template if it is an http(s) URL with {z}, {x} and {y}; ServeError otherwise."""
    if url is None:
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(k not in url for k in ("{z}", "{x}", "{y}")):
        raise ServeError(f"--tiles {url!r}: an http(s) URL template with {{z}}, {{x}} and {{y}}, "
                         "e.g. https://tile.example.org/{z}/{x}/{y}.png")
    return url


class Server:
    """A running (or ready) server: `serve_forever()` blocks, `shutdown()` stops it from another thread."""

    def __init__(self, db: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
                 tiles: str | None = None) -> None:
        if not is_loopback(host) and not token:
            raise ServeError(f"--host {host} lets other machines in: give --token SECRET too (and put TLS or a "
                             "reverse proxy with TLS in front, or the token travels in clear)")
        self.tiles = check_tiles(tiles)
        self.token = token
        self.db = Path(db)
        Store.open(self.db, readonly=True).close()  # fail now, with the store's own message, not per request
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="sitrep-db")
        self.app = App(self._store, tiles=self.tiles)
        self._warm()
        handler = type("Handler", (_Handler,), {"server_ref": self})
        try:
            self.httpd = http.server.ThreadingHTTPServer((host, port), handler)
        except OSError as exc:
            self.pool.shutdown()
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self.httpd.daemon_threads = True
        self.host = host
        self.port = int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def _store(self) -> Store:
        """The read-only Store of the calling pool thread (opened on its first request)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.db, readonly=True)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def _warm(self) -> None:
        """Have each pool thread open its connection and summarise the merged view now (a second or two for
        100,000 happenings), so the first page load does not wait for it; requests queue behind this."""
        from sitrep.store import browse

        barrier = threading.Barrier(DB_THREADS)

        def warm() -> None:
            try:
                barrier.wait(timeout=5)  # one task per thread
            except threading.BrokenBarrierError:
                pass
            try:
                browse.prepare(self._store(), merged=True)
            except SitrepError as exc:
                log.warning("serve: %s", exc)

        for _ in range(DB_THREADS):
            self.pool.submit(warm)

    def answer(self, path: str, query: str) -> Response:
        """Run the app on a pool thread; any unexpected error is logged and answered 500 without details."""
        future = self.pool.submit(self.app.handle, path, query)
        export = "format" in urllib.parse.parse_qs(query)
        try:
            return future.result(timeout=EXPORT_TIMEOUT_S if export else REQUEST_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            return error(503, "the request took too long")
        except Exception:  # noqa: BLE001  the client gets no stack trace; the log gets it
            log.exception("serve: error answering %s", path)
            return error(500, "internal error (see the server's log)")

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        self.httpd.shutdown()

    def close(self) -> None:
        """Release the socket, the pool and its read-only connections."""
        self.httpd.server_close()
        self.pool.shutdown(wait=True)
        # connections are closed by their own threads' exit; close() from here is refused for them and ignored
        for store in self._stores:
            store.close()

    def allowed_host(self, header: str | None) -> bool:
        """The Host header names this server (its address, or localhost when loopback): no DNS rebinding."""
        if not header:
            return False
        host = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        host = host.strip("[]").lower()
        if not is_loopback(self.host):
            return True  # exposed on purpose, behind a token: any name a proxy forwards
        return is_loopback(host)


class _Handler(http.server.BaseHTTPRequestHandler):
    server_ref: Server
    server_version = "sitrep"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the base class's name)
        log.info("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def _refuse(self) -> None:
        self._send(error(405, "read-only: only GET"), head=False)

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse  # noqa: N815

    def _answer(self, head: bool) -> None:
        srv = self.server_ref
        parts = urllib.parse.urlsplit(self.path)
        query = parts.query
        cookie_token = None
        if not srv.allowed_host(self.headers.get("Host")):
            self._send(error(421, "this server answers only to its own address (Host header)"), head)
            return
        if srv.token:
            cookies = http.cookies.SimpleCookie()
            try:
                cookies.load(self.headers.get("Cookie", ""))
            except http.cookies.CookieError:
                pass
            given = [self.headers.get("Authorization", "").removeprefix("Bearer ").strip(),
                     cookies[TOKEN_COOKIE].value if TOKEN_COOKIE in cookies else ""]
            from_query = urllib.parse.parse_qs(query).get("token", [""])[-1]
            if from_query:
                given.append(from_query)
            if not any(g and hmac.compare_digest(g.encode(), srv.token.encode()) for g in given):
                self._send(error(401, "a token is needed (?token=..., a cookie, or Authorization: Bearer)"), head)
                return
            if from_query:
                cookie_token = srv.token
        response = srv.answer(parts.path, query)
        if cookie_token:
            response.headers["Set-Cookie"] = f"{TOKEN_COOKIE}={cookie_token}; HttpOnly; SameSite=Strict; Path=/"
        self._send(response, head)

    def _send(self, response: Response, head: bool) -> None:
        tiles = self.server_ref.tiles
        img = "'self' data:"
        if tiles:
            t = urllib.parse.urlsplit(tiles)
            img += f" {t.scheme}://{t.netloc.replace('{s}', '*')}"
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.media_type)
            self.send_header("Content-Length", str(response.length))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Content-Security-Policy",
                             f"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                             f"img-src {img}; connect-src 'self'; base-uri 'none'; form-action 'self'; "
                             "frame-ancestors 'none'")
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.end_headers()
            if head:
                return
            if isinstance(response.body, bytes):
                self.wfile.write(response.body)
            else:
                while chunk := response.body.read(1 << 16):
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            if not isinstance(response.body, bytes):
                response.body.close()
