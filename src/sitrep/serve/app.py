"""The web app of `sitrep serve` as one plain function: a GET request (path and query) in, a `Response` out.

No HTTP server here (server.py has it), so the API is tested without sockets too. The store is read-only;
every piece of article text leaves as JSON (with `<`, `>` and `&` escaped) or inside an export file, never
inside HTML: the page builds its DOM from the JSON with textContent."""
from __future__ import annotations

import datetime as dt
import functools
import io
import json
import logging
import math
import mimetypes
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Callable

from sitrep.errors import SitrepError
from sitrep.store import Store, browse
from sitrep.store.browse import MapFilters
from sitrep.serve.openapi import openapi_spec

log = logging.getLogger("sitrep.serve")

DEFAULT_LIMIT = 100
MAX_LIMIT = 500  # records per page of /api/events
MAX_OFFSET = 1_000_000
MAX_SEARCH = 100
SPOOL_BYTES = 8 << 20  # an export is kept in memory up to this size, then in a temporary file
CERTAINTIES = ("confirmed", "reported", "claimed", "unconfirmed")
STATIC_SUFFIXES = {".html", ".js", ".css", ".json", ".png", ".txt", ".svg"}


class BadRequest(SitrepError):
    """A request the API cannot answer as asked (a bad filter value, an unknown format)."""


@dataclass
class Response:
    """What the server sends: a status, a media type, a body (bytes or an open binary file) and headers."""

    status: int
    media_type: str
    body: bytes | BinaryIO
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def length(self) -> int:
        if isinstance(self.body, bytes):
            return len(self.body)
        pos = self.body.tell()
        self.body.seek(0, io.SEEK_END)
        end = self.body.tell()
        self.body.seek(pos)
        return end - pos


def json_bytes(data: Any) -> bytes:
    """JSON with `<`, `>` and `&` as \\u escapes: the same data, but no markup anywhere in the bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def _json(data: Any, status: int = 200) -> Response:
    return Response(status, "application/json; charset=utf-8", json_bytes(data))


def error(status: int, message: str) -> Response:
    """A JSON error body: `{"error": message}` (never a stack trace)."""
    return _json({"error": message}, status)


def static_root() -> Path:
    """The folder of the page and of the vendored map assets (package data)."""
    return Path(str(resources.files("sitrep.serve") / "static"))


def assets_missing() -> list[str]:
    """The vendored files the map needs that are not installed (npm ci copies them)."""
    need = ("leaflet.js", "leaflet.css", "leaflet.markercluster.js", "MarkerCluster.css",
            "MarkerCluster.Default.css", "topojson-client.min.js", "countries-50m.json")
    vendor = static_root() / "vendor"
    return [name for name in need if not (vendor / name).is_file()]


# ---------------------------------------------------------------------------------------------- parameters
def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = [v for v in query.get(name, []) if v.strip()]
    return values[-1].strip() if values else None


def _flag(query: dict[str, list[str]], name: str) -> bool:
    value = _one(query, name)
    if value is None:
        return False
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise BadRequest(f"{name}: 1 or 0, not {value!r}")


def _int(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    value = _one(query, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name}: a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise BadRequest(f"{name}: between {low} and {high}, not {number}")
    return number


def _date(query: dict[str, list[str]], name: str) -> str | None:
    value = _one(query, name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadRequest(f"{name}: a date YYYY-MM-DD, not {value!r}") from None


@functools.lru_cache(maxsize=1)
def _type_names() -> dict[str, str]:
    from sitrep.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return {name.lower(): name for name in (*taxonomy.type_names(), *taxonomy.all_subtypes())}


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from sitrep.gazetteer.tables import countries_table

    return frozenset(row["iso2"].upper() for row in countries_table())


def filters(query: dict[str, list[str]]) -> MapFilters:
    """The filters of a request's query string; BadRequest for a value that cannot match anything."""
    types: list[str] = []
    for value in query.get("type", []):
        for part in value.split(","):
            if part.strip():
                name = _type_names().get(part.strip().lower())
                if name is None:
                    raise BadRequest(f"type: {part.strip()!r} is no event type or sub-event type")
                types.append(name)
    country = _one(query, "country")
    if country is not None and country.upper() not in _countries():
        raise BadRequest(f"country: {country!r} is not an ISO 3166-1 alpha-2 code (e.g. NG, SY, UA)")
    certainty = _one(query, "certainty")
    if certainty is not None and certainty not in CERTAINTIES:
        raise BadRequest(f"certainty: one of {', '.join(CERTAINTIES)}")
    since, until = _date(query, "since"), _date(query, "until")
    if since and until and since > until:
        raise BadRequest(f"since {since} is after until {until}")
    bbox = None
    raw = _one(query, "bbox")
    if raw is not None:
        try:
            values = [float(v) for v in raw.split(",")]
        except ValueError:
            raise BadRequest("bbox: four numbers south,west,north,east") from None
        if len(values) != 4 or not all(math.isfinite(v) for v in values):
            raise BadRequest("bbox: four numbers south,west,north,east")
        south, west, north, east = values
        if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
            raise BadRequest("bbox: south <= north within ±90, west and east within ±180")
        bbox = (south, west, north, east)
    actor = _one(query, "actor")
    q = _one(query, "q")
    return MapFilters(types=tuple(dict.fromkeys(types)), country=country.upper() if country else None,
                      actor=actor[:200] if actor else None, min_certainty=certainty, since=since, until=until,
                      min_outlets=_int(query, "min_outlets", 1, 1, 10_000), q=q[:500] if q else None,
                      include_historical=_flag(query, "historical"), bbox=bbox,
                      merged=not _flag(query, "per_article"))


# ---------------------------------------------------------------------------------------------- the app
class App:
    """Answers GET requests from a read-only store. One App serves every thread; each call gets the Store
    of its own thread from `store()` (SQLite connections are not shared between threads)."""

    def __init__(self, store: Callable[[], Store], tiles: str | None = None) -> None:
        self.store = store
        self.tiles = tiles

    def handle(self, path: str, query_string: str) -> Response:
        """The response to `GET path?query_string`."""
        query = urllib.parse.parse_qs(query_string, keep_blank_values=False, max_num_fields=100)
        try:
            if path == "/" or path == "/index.html":
                return self._static("index.html")
            if path.startswith("/static/"):
                return self._static(urllib.parse.unquote(path[len("/static/"):]))
            if path == "/api" or path == "/api/":
                return _json(_index())
            if path == "/api/openapi.json":
                return _json(openapi_spec(self._formats()))
            if path.startswith("/api/"):
                return self._api(path[len("/api/"):], query)
            return error(404, "no such page")
        except BadRequest as exc:
            return error(400, str(exc))
        except SitrepError as exc:  # a store error: say what, without internals
            log.warning("serve: %s", exc)
            return error(503, "the store could not be read: " + str(exc).split(": cannot ", 1)[-1])

    def _api(self, name: str, query: dict[str, list[str]]) -> Response:
        if name == "config":
            return _json({"tiles": self.tiles, "formats": self._formats(), "max_limit": MAX_LIMIT,
                          "assets_missing": assets_missing()})
        if name == "facets":
            return _json(browse.facets(self.store()))
        if name == "events":
            f = filters(query)
            fmt = _one(query, "format")
            if fmt is not None:  # the whole filtered view, written by that registered writer
                return self._export(f, fmt)
            limit = _int(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
            offset = _int(query, "offset", 0, 0, MAX_OFFSET)
            store = self.store()
            return _json({"total": browse.count(store, f), "limit": limit, "offset": offset,
                          "events": [e.as_dict() for e in browse.page(store, f, limit, offset)]})
        if name.startswith("events/"):
            hid = urllib.parse.unquote(name[len("events/"):])
            found = browse.happening(self.store(), hid)
            return _json(found) if found is not None else error(404, "no such event")
        if name.startswith("articles/"):
            aid = urllib.parse.unquote(name[len("articles/"):])
            found = browse.article(self.store(), aid)
            return _json(found) if found is not None else error(404, "no such article")
        if name == "map":
            f = filters(query)
            return _json(browse.points(self.store(), f, _int(query, "zoom", 2, 0, 22)))
        if name == "timeline":
            return _json(browse.timeline(self.store(), filters(query)))
        if name == "stats":
            store = self.store()
            return _json({"store": store.counts(), **browse.stats(store, filters(query))})
        if name == "search":
            text = _one(query, "q") or ""
            limit = _int(query, "limit", 20, 1, MAX_SEARCH)
            return _json({"q": text, "articles": browse.search(self.store(), text[:500], limit)})
        return error(404, "no such API endpoint (see /api)")

    def _formats(self) -> list[str]:
        from sitrep.writers import writers

        return [spec.name for spec in writers() if spec.suffix]

    def _export(self, f: MapFilters, fmt: str) -> Response:
        """Every matching record written by the registered writer `fmt`, as `sitrep export` writes them."""
        from sitrep.writers import writer_spec

        if fmt not in self._formats():
            raise BadRequest(f"format: one of {', '.join(self._formats())}")
        spec = writer_spec(fmt)
        spool: BinaryIO = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  closed by the server
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
        try:
            spec.fn(browse.iter_all(self.store(), f), text)
            text.flush()
        except BaseException:
            text.close()
            raise
        text.detach()
        spool.seek(0)
        name = f"sitrep-{'events' if f.merged else 'reports'}{spec.suffix}"
        return Response(200, spec.media_type, spool, {"Content-Disposition": f'attachment; filename="{name}"'})

    def _static(self, name: str) -> Response:
        root = static_root().resolve()
        target = (root / name).resolve()
        if root not in target.parents or target.suffix not in STATIC_SUFFIXES or not target.is_file():
            if name.startswith("vendor/") and assets_missing():
                return error(404, "the map's assets are not installed: run `npm ci` in the repository root")
            return error(404, "no such file")
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "application/json"):
            media += "; charset=utf-8"
        return Response(200, media, target.read_bytes(), {"Cache-Control": "no-cache"})


def _index() -> dict[str, Any]:
    return {"endpoints": {
        "/api/events": "happenings (merged) or per-article events (per_article=1), filtered, paged (limit ≤ "
                       f"{MAX_LIMIT}, offset); format=csv|geojson|json|jsonl|parquet exports the whole filtered view",
        "/api/events/{id}": "one happening (or per-article event) with its reports and articles",
        "/api/articles/{id}": "one article: title, text, date, outlet, and its events",
        "/api/map": "the map's markers in a box, or a grid of counts when too many (zoom)",
        "/api/timeline": "records per day and type",
        "/api/stats": "counts by type, sub-type, country and month",
        "/api/search": "articles matching words (FTS5), with snippets",
        "/api/facets": "the types, countries and date span stored",
        "/api/config": "the page's settings",
        "/api/openapi.json": "this API as an OpenAPI 3.1 document"},
        "filters": ["type", "country", "actor", "certainty", "since", "until", "min_outlets", "q", "historical",
                    "per_article", "bbox"]}
