"""The OpenAPI 3.1 document of `sitrep serve`'s JSON API (served at /api/openapi.json)."""
from __future__ import annotations

from typing import Any

_FILTERS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("type", "ACLED event type or sub-event type; repeat or comma-separate for several", {"type": "string"}),
    ("country", "ISO 3166-1 alpha-2 code", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    ("actor", "words of an actor's name or text (either actor)", {"type": "string"}),
    ("certainty", "at least this certain",
     {"type": "string", "enum": ["confirmed", "reported", "claimed", "unconfirmed"]}),
    ("since", "dated on or after", {"type": "string", "format": "date"}),
    ("until", "dated on or before", {"type": "string", "format": "date"}),
    ("min_outlets", "merged: reported by at least this many independent outlets", {"type": "integer", "minimum": 1}),
    ("q", "words that must all occur in a reporting article (full-text, FTS5)", {"type": "string"}),
    ("historical", "1: include background history", {"type": "integer", "enum": [0, 1]}),
    ("per_article", "1: each article's own events instead of merged happenings", {"type": "integer", "enum": [0, 1]}),
    ("bbox", "south,west,north,east in degrees", {"type": "string"}),
)


def _params(names: tuple[tuple[str, str, dict[str, Any]], ...]) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "required": False, "description": d, "schema": s} for n, d, s in names]


def _ok(description: str, media: str = "application/json") -> dict[str, Any]:
    return {"200": {"description": description, "content": {media: {"schema": {"type": "object"}}}},
            "400": {"description": "a parameter that cannot match (the message says which)"}}


def openapi_spec(formats: list[str]) -> dict[str, Any]:
    """The document; `formats` are the registered export formats `?format=` accepts."""
    filters = _params(_FILTERS)
    fmt = {"name": "format", "in": "query", "required": False,
           "description": "absent: a page of JSON; a format: the whole filtered view, as `sitrep export` writes it",
           "schema": {"type": "string", "enum": formats}}
    page = _params((("limit", "records per page", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}),
                    ("offset", "records to skip", {"type": "integer", "minimum": 0, "default": 0})))
    one = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "sitrep", "version": "1",
                 "description": "Event records from news reports, read-only. Every record is the event record of "
                                "the README; merged happenings unless per_article=1; history left out unless "
                                "historical=1."},
        "paths": {
            "/api/events": {"get": {"summary": "Happenings, filtered and paged, newest first; or an export",
                                    "parameters": filters + page + [fmt],
                                    "responses": _ok("{total, limit, offset, events: [record]}")}},
            "/api/events/{id}": {"get": {"summary": "One happening (cluster id) or event (event id), its reports "
                                                    "(each article's own record) and its articles with evidence offsets",
                                         "parameters": one,
                                         "responses": {**_ok("{record, reports, articles}"),
                                                       "404": {"description": "no such id"}}}},
            "/api/articles/{id}": {"get": {"summary": "One article: id, title, text, published, source, url, events",
                                           "parameters": one,
                                           "responses": {**_ok("the article"), "404": {"description": "no such id"}}}},
            "/api/map": {"get": {"summary": "Markers in view, or a grid of counts when more than 3,000 match",
                                 "parameters": filters + _params((("zoom", "map zoom level", {"type": "integer"}),)),
                                 "responses": _ok("{mode: points|grid, total, points|cells}")}},
            "/api/timeline": {"get": {"summary": "Records per day and type", "parameters": filters,
                                      "responses": _ok("[{date, type, n}]")}},
            "/api/stats": {"get": {"summary": "Counts by type, sub-type, country and month", "parameters": filters,
                                   "responses": _ok("{store, total, type, subtype, country, month}")}},
            "/api/search": {"get": {"summary": "Articles matching words (FTS5), best first, with snippets (matches "
                                               "between U+E000 and U+E001)",
                                    "parameters": _params((("q", "words", {"type": "string"}),
                                                           ("limit", "at most", {"type": "integer", "maximum": 100}))),
                                    "responses": _ok("{q, articles: [{id, title, snippet}]}")}},
            "/api/facets": {"get": {"summary": "Stored types with sub-types, countries, first and last date",
                                    "responses": _ok("{types, countries, first, last}")}},
        },
    }
