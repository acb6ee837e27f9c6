"""Migration 2: articles stored under the ids sitrep gave before article ids became stable get today's ids.

Before, a JSONL line or feed item without an id was named after its file and line ("news:7" for line 7 of
news.jsonl) and every plain-text article read from stdin was "stdin". Deleting a line renumbered the others,
and re-ingesting such an input today (where those articles get a content hash, `records.content_id`) stored
every one of them a second time. This migration gives each such article the id it gets today, so that
re-ingesting the same input is a no-op again:

- an article is rekeyed when its id is exactly what the old rule made from its stored origin ("path:line"
  with id "stem:line"; origin "<stdin>" with id "stdin", "<stdin>:N" with "stdin:N"). An id that a JSONL line
  gave explicitly and that happens to equal "stem:line" of its own line is indistinguishable and is rekeyed
  too (its next re-ingest then stores it once more under its given id);
- its events get the ids and `article` they would get today (`records.event_id` of the new article id and the
  event's own anchor), in their columns and their stored records;
- where the store already holds the article under its new id (it was re-ingested after the upgrade), the old
  copy and its events are dropped instead: one article, stored once;
- every happening (cluster) a rekeyed or dropped event was in is dissolved; its members are reclustered by the
  next `sitrep ingest` (of anything, even inputs already stored), which redoes every unclustered event's date window.

It runs inside the migration's transaction: a failure leaves the store as it was.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import PurePath

from sitrep.records import content_id, event_id
from sitrep.store.common import dissolve_clusters_of

log = logging.getLogger("sitrep.store")

STDIN_NAME = "<stdin>"


def legacy_id(origin: str | None) -> str | None:
    """The id the old rule gave an id-less article read from `origin` ("path:line", "path" or "<stdin>[:N]")."""
    if not origin:
        return None
    path, sep, line = origin.rpartition(":")
    if sep and line.isdigit() and path:
        stem = "stdin" if path == STDIN_NAME else PurePath(path).stem
        return f"{stem}:{int(line)}"
    return "stdin" if origin == STDIN_NAME else None


def rekey_legacy_ids(conn: sqlite3.Connection) -> None:
    """Give articles stored under an old line-number or "stdin" id today's content-hash id (see the module)."""
    rows = conn.execute("SELECT rowid, id, origin, title, text FROM articles").fetchall()
    rekeyed = dropped = 0
    for rowid, ident, origin, title, text in rows:
        if ident != legacy_id(origin):
            continue
        new_id = content_id(title or "", text)
        dissolve_clusters_of(conn, rowid)
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (new_id,)).fetchone():
            conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))  # events, sources, evidence cascade
            dropped += 1
            continue
        conn.execute("UPDATE articles SET id = ? WHERE rowid = ?", (new_id, rowid))
        for ev_rowid, record in conn.execute("SELECT rowid, record FROM events WHERE article_rowid = ?",
                                             (rowid,)).fetchall():
            rec = json.loads(record)
            evidence = rec.get("evidence") or []
            rec["id"] = event_id(new_id, rec["type"], rec["subtype"],
                                 evidence[0]["start"] if evidence else 0, rec.get("trigger"))
            rec["article"] = new_id
            rec["articles"] = [new_id if a == ident else a for a in rec.get("articles") or [ident]]
            conn.execute("UPDATE events SET id = ?, article = ?, record = ? WHERE rowid = ?",
                         (rec["id"], new_id, json.dumps(rec, ensure_ascii=False, separators=(",", ":")), ev_rowid))
        rekeyed += 1
    if rekeyed or dropped:
        log.info("store: %d article(s) given today's content-hash ids, %d old duplicate(s) dropped; their "
                 "happenings are redone by the next `sitrep ingest`", rekeyed, dropped)

