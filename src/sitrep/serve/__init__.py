"""`sitrep serve`: the store as a web page (map, timeline, filters, evidence cards) and a JSON API under /api.

app.py answers requests (no sockets), server.py is the HTTP server, openapi.py documents the API, static/ holds
the page (ours) and, after `npm ci`, static/vendor/ the map's third-party files (not committed)."""
from __future__ import annotations

from sitrep.serve.app import App, BadRequest, Response, assets_missing
from sitrep.serve.server import Server, ServeError

__all__ = ["App", "BadRequest", "Response", "Server", "ServeError", "assets_missing"]
