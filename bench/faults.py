#!/usr/bin/env python3
"""Reliability of the store under faults: kill -9 at random points of an ingest, concurrent ingests with
readers, a full disk, a damaged file. Prints trials, lost, doubled and stale for each; the target is 0 / 0 / 0.

usage: .venv/bin/python bench/faults.py [--trials 20] [--seed 13] [--articles 160] [--check]

The ingests run the stub pipeline of tests/ingest_stub.py (no spaCy: one protest event per article, in one
of three towns, on the article's day), so a trial takes about a second and the faults land anywhere: opening,
extracting, committing a batch, the final dedup. After each fault the ingest is run again to the end.

- lost: articles of the input missing from the store at the end, or stored with an older version's text
- doubled: events stored twice (same event id), or articles whose event count disagrees with their events
- stale: a merged record that disagrees with its members (articles, number of events), a cluster without
  members, or (read right after the fault, before any dedup) a committed event missing from the merged view
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from ingest_stub import StubPipeline  # noqa: E402

from sitrep.errors import StoreDamagedError, StoreError  # noqa: E402
from sitrep.ingest import Ingest  # noqa: E402
from sitrep.records import Article  # noqa: E402
from sitrep.store import Store  # noqa: E402

BODY = "Dock workers walked off the job at the container port over a pay dispute"


def write_input(path: Path, n: int, version: int = 0, start: int = 0) -> dict[str, str]:
    """A JSONL of `n` articles over five days (version > 0: every third one rewritten); id -> content hash."""
    hashes: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + n):
            text = f"{BODY} ({i})."
            if version and i % 3 == 0:
                text = f"{BODY}, a corrected report, version {version} ({i})."
            row = {"id": f"n{i}", "title": f"Strike {i}", "text": text, "published": f"2023-02-0{1 + i % 5}"}
            out.write(json.dumps(row) + "\n")
            hashes[row["id"]] = Article(id=row["id"], text=text, title=row["title"], published=row["published"]).hash
    return hashes


def audit(db: Path, expected: dict[str, str] | None) -> dict[str, int]:
    """lost / doubled / stale of the store at `db` against the articles (id -> hash) it should hold."""
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        with store.snapshot():
            stored = dict(conn.execute("SELECT id, hash FROM articles"))
            lost = 0 if expected is None else sum(1 for a, h in expected.items() if stored.get(a) != h)
            doubled = conn.execute("SELECT count(*) - count(DISTINCT id) FROM events").fetchone()[0]
            doubled += conn.execute("SELECT count(*) FROM articles a WHERE n_events != "
                                    "(SELECT count(*) FROM events e WHERE e.article_rowid = a.rowid)").fetchone()[0]
            stale = 0
            members: dict[str, list[str]] = {}
            for cid, article in conn.execute("SELECT cluster, article FROM events WHERE cluster IS NOT NULL"):
                members.setdefault(cid, []).append(article)
            for cid, n_events, record in conn.execute("SELECT id, n_events, record FROM clusters"):
                mine = members.get(cid, [])
                if not mine or n_events != len(mine) or sorted(set(mine)) != sorted(json.loads(record)["articles"]):
                    stale += 1
            # the merged view (what export and stats read) lists every committed event's article
            with_events = {r[0] for r in conn.execute("SELECT DISTINCT article FROM events")}
            seen = {a for ev in store.events() for a in ev.articles}
            historical = {r[0] for r in conn.execute("SELECT DISTINCT article FROM events WHERE historical = 1")}
            stale += len((with_events - historical) ^ seen)
    return {"lost": lost, "doubled": doubled, "stale": stale}


def add(total: dict[str, int], part: dict[str, int]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0) + v


def kill_trials(trials: int, n: int, rng: random.Random, work: Path) -> dict[str, int]:
    """kill -9 an ingest at a random moment, audit what it left, run it again (sometimes with new versions)."""
    total = {"trials": 0, "lost": 0, "doubled": 0, "stale": 0}
    for t in range(trials):
        d = work / f"kill{t}"
        d.mkdir()
        db, src = d / "s.db", d / "in.jsonl"
        expected = write_input(src, n)
        if t % 2:  # half the trials kill a second run that brings new versions of stored articles
            Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
            expected = write_input(src, n, version=t)
        child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "ingest_stub.py"), str(db), str(src),
                                  "--delay", "0.003"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        time.sleep(rng.uniform(0.2, 2.5))
        child.kill()
        child.wait()
        part = audit(db, None) if db.exists() else {"lost": 0, "doubled": 0, "stale": 0}
        part["lost"] = 0  # a killed run may not have stored everything yet: lost is counted after the resume
        Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
        add(part, audit(db, expected))
        add(total, {"trials": 1, **part})
    return total


def concurrent_trials(trials: int, n: int, work: Path) -> dict[str, int]:
    """Two ingests of overlapping inputs at once while a reader checks the merged view in snapshots."""
    total = {"trials": 0, "lost": 0, "doubled": 0, "stale": 0}
    for t in range(trials):
        d = work / f"conc{t}"
        d.mkdir()
        db = d / "s.db"
        a, b = d / "a.jsonl", d / "b.jsonl"
        expected = write_input(a, n)
        expected.update(write_input(b, n, start=n // 2))
        Store.open(db).close()
        errors: list[BaseException] = []
        stale = {"n": 0}
        done = threading.Event()

        def ingest(src: Path) -> None:
            try:
                Ingest(db, StubPipeline(delay=0.002), workers=1, batch_size=8).run([str(src)])
            except BaseException as exc:  # noqa: BLE001 - counted below
                errors.append(exc)

        def read() -> None:
            while not done.is_set():
                part = audit(db, None)
                stale["n"] += part["stale"] + part["doubled"]
                time.sleep(0.05)

        threads = [threading.Thread(target=ingest, args=(a,)), threading.Thread(target=ingest, args=(b,))]
        reader = threading.Thread(target=read)
        reader.start()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        done.set()
        reader.join()
        part = audit(db, expected)
        part["stale"] += stale["n"] + len(errors)
        add(total, {"trials": 1, **part})
    return total


def disk_full_trials(trials: int, n: int, rng: random.Random, work: Path) -> dict[str, int]:
    """An ingest into a store that may grow only a few pages (PRAGMA max_page_count, as a full disk): it must
    stop with a StoreError, keep what it committed whole, and finish when run again with room."""
    total = {"trials": 0, "lost": 0, "doubled": 0, "stale": 0}
    real_open = Store.open
    for t in range(trials):
        d = work / f"full{t}"
        d.mkdir()
        db, src = d / "s.db", d / "in.jsonl"
        expected = write_input(src, n)
        room = rng.randint(2, 40)

        def tight(path: Any, readonly: bool = False) -> Store:
            store = real_open(path, readonly)
            if not readonly:
                pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
                store.conn.execute(f"PRAGMA max_page_count = {pages + room}")
            return store

        Store.open = tight  # type: ignore[method-assign]
        failed = 0
        try:
            Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
        except StoreError:
            failed = 1
        finally:
            Store.open = real_open  # type: ignore[method-assign]
        part = audit(db, None)
        part["lost"] = 0
        Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
        add(part, audit(db, expected))
        add(total, {"trials": 1, "full": failed, **part})
    return total


def damaged_trials(trials: int, n: int, rng: random.Random, work: Path) -> dict[str, int]:
    """Garbage over a page of a filled store: stats, export and ingest must each say so (StoreDamagedError);
    `stale` counts the reads that went through as if nothing was wrong, `lost` the untyped errors."""
    total = {"trials": 0, "lost": 0, "doubled": 0, "stale": 0}
    for t in range(trials):
        d = work / f"dmg{t}"
        d.mkdir()
        db, src = d / "s.db", d / "in.jsonl"
        write_input(src, n)
        Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
        size = db.stat().st_size
        with db.open("r+b") as f:
            f.seek(rng.randrange(1, size // 4096) * 4096)  # any page but the header
            f.write(os.urandom(4096))
        silent = untyped = 0
        for attempt in ("stats", "export", "ingest"):
            try:
                if attempt == "ingest":
                    Ingest(db, StubPipeline(), workers=1, batch_size=8).run([str(src)])
                else:
                    with Store.open(db, readonly=True) as store:
                        store.stats() if attempt == "stats" else list(store.events())
                silent += 1
            except StoreDamagedError:
                pass
            except Exception:  # noqa: BLE001 - a raw error is what this counts
                untyped += 1
        add(total, {"trials": 1, "lost": untyped, "doubled": 0, "stale": silent})
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20, help="kill -9 trials (the other faults run a quarter as many)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--articles", type=int, default=160)
    ap.add_argument("--check", action="store_true", help="exit 1 unless lost, doubled and stale are all 0")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    few = max(1, args.trials // 4)
    with tempfile.TemporaryDirectory(prefix="sitrep-faults-") as tmp:
        work = Path(tmp)
        results = {
            "kill -9": kill_trials(args.trials, args.articles, rng, work),
            "concurrent + readers": concurrent_trials(few, args.articles, work),
            "disk full": disk_full_trials(few, args.articles, rng, work),
            "damaged store": damaged_trials(few, args.articles, rng, work),
        }
    print(f"{'fault':<22} {'trials':>6} {'lost':>5} {'doubled':>8} {'stale':>6}")
    bad = 0
    for name, r in results.items():
        print(f"{name:<22} {r['trials']:6d} {r['lost']:5d} {r['doubled']:8d} {r['stale']:6d}"
              + (f"   ({r['full']} stopped by the full disk)" if "full" in r else ""))
        bad += r["lost"] + r["doubled"] + r["stale"]
    print(f"{'total':<22} {sum(r['trials'] for r in results.values()):6d} "
          f"{sum(r['lost'] for r in results.values()):5d} {sum(r['doubled'] for r in results.values()):8d} "
          f"{sum(r['stale'] for r in results.values()):6d}")
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
