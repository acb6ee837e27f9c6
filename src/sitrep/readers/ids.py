"""Article ids: how they are made, and the run-wide check that two different articles never share one.

    a file (.txt, .html)        its name without extension ("report"); its path relative to the folder given
                                ("report.txt", "2021/report.html") when another file of the same run has that name
    a JSONL line, a feed item   the id it gives (JSONL `id` as a string: 12 and "12" are the same id; a feed's
                                guid, id or link)
    stdin text, id-less lines   a content hash of title and text, "sha256-" + 16 hex digits: the same text gets
                                the same id on every run, and deleting a line does not renumber the others

An id given twice in one run to different articles (different content hash) is a collision: the second is
quarantined, naming where the first came from. The same article twice (the same file named twice, a line
repeated) is not a collision; the store keeps it once. The run's ids are kept in a temporary SQLite file,
not in memory, so a run of millions of articles stays in bounded memory.
"""
from __future__ import annotations

import math
import os
import sqlite3
from pathlib import Path
from typing import Any

from sitrep.records import CONTENT_ID_PREFIX, content_id

__all__ = ["CONTENT_ID_PREFIX", "RunIds", "content_id", "file_ids", "json_id"]


def json_id(value: Any) -> str | None:
    """A JSONL `id` as a string: strings as they are, numbers in their JSON spelling (12 → "12"); else None.

    None also for a missing or blank id (the line then gets a content hash)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def file_ids(files: list[tuple[Path, Path | None]]) -> dict[str, str]:
    """Ids of the files whose name is shared with another file of the run: {str(path): id}.

    `files` are (path, folder given or None). A file keeps its name without extension unless another file of the
    run has the same one; then its path relative to the folder given (for a file named on its own, its path as
    given); where even those collide (two folders given, each with `report.txt`), the folder's path is kept in
    front. Files absent from the answer use their name without extension."""
    by_stem: dict[str, dict[str, list[tuple[Path, Path | None]]]] = {}
    for path, root in files:
        # one real file named twice (on its own and in its folder, or by two spellings) is one file
        by_stem.setdefault(path.stem, {}).setdefault(os.path.realpath(path), []).append((path, root))
    out: dict[str, str] = {}
    for group in by_stem.values():
        if len(group) < 2:
            continue
        # the id of each real file: from the first way it was named (relative to its folder when in one)
        firsts = {real: next(((p, r) for p, r in named if r is not None), named[0]) for real, named in group.items()}
        rel = {real: _relative(*first) for real, first in firsts.items()}
        counts: dict[str, int] = {}
        for ident in rel.values():
            counts[ident] = counts.get(ident, 0) + 1
        for real, named in group.items():
            ident = rel[real] if counts[rel[real]] == 1 else Path(os.path.normpath(firsts[real][0])).as_posix()
            for path, _root in named:
                out[str(path)] = ident
    return out


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return Path(os.path.normpath(path)).as_posix()


class RunIds:
    """The ids given so far in one run, with the content hash and origin of the article that got each first."""

    def __init__(self) -> None:
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            # "" is a private temporary database on disk, deleted when closed: bounded memory for any run
            self._conn = sqlite3.connect("", check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=OFF")
            self._conn.execute("PRAGMA synchronous=OFF")
            self._conn.execute("CREATE TABLE ids(id TEXT PRIMARY KEY, hash INTEGER NOT NULL, origin TEXT NOT NULL)"
                               " WITHOUT ROWID")
            # one transaction for the whole run, never committed: no write per id (the file is thrown away)
            self._conn.execute("BEGIN")
        return self._conn

    def claim(self, ident: str, content: int, origin: str) -> str | None:
        """None when `ident` is new in this run or was given to the same content; else where it was given first.

        `content` is a hash of the article's content that only has to hold within the run (`hash()` of its fields:
        cheap, as Python keeps a string's hash)."""
        db = self._db()
        if db.execute("INSERT OR IGNORE INTO ids(id, hash, origin) VALUES (?, ?, ?)", (ident, content, origin)).rowcount:
            return None
        row = db.execute("SELECT hash, origin FROM ids WHERE id = ?", (ident,)).fetchone()
        return None if row[0] == content else str(row[1])

    def close(self) -> None:
        """Drop the run's ids (the temporary file goes with them)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass
