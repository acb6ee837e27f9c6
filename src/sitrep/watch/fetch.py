"""Fetching feeds and pages politely and safely: httpx with a clear user agent, timeouts, a size limit, robots.txt,
conditional GET, and no request to a loopback, private, link-local or non-HTTP address unless allowed.

Every redirect is followed by hand, so each hop is checked against the same policy as the first URL. The
connection itself is made to an address the policy has just checked (`_PinnedBackend`), so a name whose DNS answer
changes between the check and the connection (DNS rebinding) cannot reach a refused address."""
from __future__ import annotations

import ipaddress
import logging
import socket
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from sitrep import __version__
from sitrep.errors import SitrepError

log = logging.getLogger(__name__)

USER_AGENT = f"sitrep/{__version__} (news event extraction; sitrep watch; honours robots.txt)"
MAX_BYTES = 5_000_000  # a feed or a page larger than this is refused (read no further)
MAX_REDIRECTS = 5
TIMEOUT = 20.0  # seconds to connect, and between bytes read


class FetchError(SitrepError):
    """A URL that could not be fetched, and why (refused by policy, HTTP error, too large, timed out ...)."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Response:
    """A fetched body (or a 304) with what the next conditional GET needs."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


@dataclass
class Policy:
    """Which addresses may be fetched: public HTTP(S) ones, and the hosts (names or IPs) in `allow`."""

    allow: frozenset[str] = frozenset()
    resolve: Callable[[str], list[str]] = field(default=lambda host: sorted({
        info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}))

    def check(self, url: str) -> None:
        """FetchError unless `url` is http(s) to an allowed host or to public addresses only."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"refused: not an HTTP address ({parts.scheme or 'no scheme'})")
        host = (parts.hostname or "").lower()
        if not host:
            raise FetchError(url, "refused: no host")
        self.addresses(host, url)

    def addresses(self, host: str, url: str) -> list[str] | None:
        """The checked addresses of `host` (None for an allowed host: connect by its name), or FetchError."""
        host = host.lower().strip("[]")
        if host in self.allow:
            return None
        try:
            addresses = [host] if _is_ip(host) else self.resolve(host)
        except OSError as exc:
            raise FetchError(url, f"host not found: {exc}") from exc
        if not addresses:
            raise FetchError(url, f"host not found: {host}")
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not ip.is_global or ip.is_multicast:
                raise FetchError(url, f"refused: {host} is a loopback, private, link-local or reserved address "
                                      f"({address}); allow it with --allow-host {host}")
        return addresses


def _pinned_transport(policy: Policy) -> Any:
    """httpx's transport whose connections go only to addresses `policy` checked at connection time."""
    import httpcore
    import httpx

    class _PinnedBackend(httpcore.NetworkBackend):
        def __init__(self) -> None:
            self.inner = httpcore.SyncBackend()

        def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                        socket_options: Any = None) -> Any:
            addresses = policy.addresses(host, f"//{host}:{port}")
            if addresses is None:  # an allowed host: connect by its name
                return self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
            error: Exception | None = None
            for address in addresses:  # every address was checked; connect to one of exactly these
                try:
                    return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
                except httpcore.ConnectError as exc:
                    error = exc
            assert error is not None
            raise error

        def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
            raise FetchError(path, "refused: not an HTTP address (unix socket)")

        def sleep(self, seconds: float) -> None:
            self.inner.sleep(seconds)

    transport = httpx.HTTPTransport(trust_env=False)
    # httpx builds its pool without a way to pass a network backend; the pinned httpx version is tested for this
    # (tests/test_watch.py: a name that answers a public address to the check and loopback to the connection)
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                              network_backend=_PinnedBackend())
    return transport


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Fetcher:
    """GETs with the policy, the user agent, timeouts, a size limit and robots.txt (cached per site)."""

    def __init__(self, policy: Policy | None = None, transport: Any = None, max_bytes: int = MAX_BYTES,
                 timeout: float = TIMEOUT, robots: bool = True) -> None:
        import httpx

        self.policy = policy or Policy()
        self.max_bytes = max_bytes
        self.robots = robots
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=httpx.Timeout(timeout),
                                   follow_redirects=False, trust_env=False,
                                   transport=transport if transport is not None else _pinned_transport(self.policy))

    def close(self) -> None:
        """Close the connections."""
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def allowed_by_robots(self, url: str) -> bool:
        """Whether the site's robots.txt lets sitrep's user agent fetch `url` (no robots.txt, or a 4xx: yes;
        a 5xx or an unreachable robots.txt: no, as RFC 9309 says)."""
        if not self.robots:
            return True
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(site)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser()
            try:
                got = self._get(site + "/robots.txt", {}, check_robots=False, limit=500_000)
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    parser.allow_all = True
                else:
                    parser.disallow_all = True
                    log.info("robots.txt of %s unreachable (%s): nothing fetched there for now", site, exc.reason)
            else:
                parser.parse(got.body.decode("utf-8", "replace").splitlines())
            self._robots[site] = parser
        return parser.can_fetch(USER_AGENT, url)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The body at `url` (a 304 gives an empty body), or FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, check_robots=True, limit=self.max_bytes)

    def _get(self, url: str, headers: dict[str, str], check_robots: bool, limit: int) -> Response:
        import httpx

        seen: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self.policy.check(current)
            if check_robots and not self.allowed_by_robots(current):
                raise FetchError(current, "refused by the site's robots.txt")
            seen.append(current)
            try:
                with self.client.stream("GET", current, headers=headers) as resp:
                    if resp.status_code in (301, 302, 303, 307, 308):
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(current, f"HTTP {resp.status_code} without a Location", resp.status_code)
                        nxt = urljoin(current, location)
                        if nxt in seen:
                            raise FetchError(url, f"redirect loop ({' -> '.join(seen + [nxt])})", resp.status_code)
                        current = nxt
                        continue
                    if resp.status_code == 304:
                        return Response(current, 304, b"", "", resp.headers.get("etag"), resp.headers.get("last-modified"))
                    if resp.status_code >= 400:
                        raise FetchError(current, f"HTTP {resp.status_code}", resp.status_code)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise FetchError(current, f"too large: {int(declared):,} bytes (limit {limit:,})", resp.status_code)
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(current, f"too large: over {limit:,} bytes", resp.status_code)
                        chunks.append(chunk)
                    return Response(current, resp.status_code, b"".join(chunks),
                                    resp.headers.get("content-type", "").split(";")[0].strip().lower(),
                                    resp.headers.get("etag"), resp.headers.get("last-modified"))
            except FetchError:
                raise
            except httpx.TimeoutException as exc:
                raise FetchError(current, f"timed out ({type(exc).__name__})") from exc
            except httpx.HTTPError as exc:
                raise FetchError(current, f"network error: {exc}") from exc
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
