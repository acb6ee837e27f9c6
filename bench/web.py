#!/usr/bin/env python3
"""`sitrep serve` at scale: a store of 100,000 synthetic events, the API's p50/p95 and the map's first paint.

usage: .venv/bin/python bench/web.py [--events 100000] [--seed 7] [--runs 20] [--baseline-runs 1] [--store PATH] [--json]

The store is built from the seeded synthetic reports of bench/dedup.py (made-up towns, actors and words; the
made-up country codes mapped to real ones so the country filter applies), written with the store's own
batches and merged by its own dedup, and kept at build/web-bench-N-SEED.db for the next run. A `sitrep serve`
process then answers, for each filter (none; one type; one country; a 30-day range; the box of one country;
a full-text word), /api/events (a page of 100 and the total) and /api/map (markers or the grid of counts at
world zoom), `--runs` times each: p50 and p95 of the wall time seen by the client. The baseline, timed in the
same run against the same server, is what a page without server-side filtering and aggregation would have to
load: the whole table as GeoJSON (/api/events?format=geojson, every happening; --baseline-runs times, 1 by
default as it takes tens of seconds). First paint: Debian's Chromium
(Playwright) opens the page until the map shows the data and the list its first rows, median of 3.
Targets (issue 17): first paint under 2 s, p95 under 300 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from dedup import generate  # noqa: E402  (bench/dedup.py: the seeded synthetic reports)

from sitrep.records import Article  # noqa: E402

REAL = {"AA": "NG", "BB": "KE", "CC": "SY", "DD": "UA", "EE": "CO", "FF": "IQ", "GG": "PK", "HH": "MX"}
P95_TARGET_MS = 300.0
PAINT_TARGET_S = 2.0


def build(path: Path, n: int, seed: int) -> float:
    """Write the synthetic store at `path`; seconds taken."""
    from sitrep.dedup.cluster import recluster
    from sitrep.store import Store, WriteBatch

    t0 = time.perf_counter()
    rows, _gold = generate(n, seed)
    by_article: dict[str, list[Any]] = {}
    outlet: dict[str, str] = {}
    for _key, event, source in rows:
        where = event.where.replace(country=REAL.get(event.where.country, event.where.country)) if event.where else None
        by_article.setdefault(event.article, []).append(event.replace(where=where))
        outlet[event.article] = source
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    with Store.open(tmp) as store:
        batch: list[Any] = []
        for aid, events in by_article.items():
            text = " ".join(ev.evidence[0].text for ev in events)
            events = [ev.replace(evidence=(ev.evidence[0].replace(start=text.index(ev.evidence[0].text),
                                                                  end=text.index(ev.evidence[0].text) + len(ev.evidence[0].text)),))
                      for ev in events]
            article = Article(id=aid, text=text, title=text[:60], published=events[0].when.start, source=outlet[aid])
            batch.append((article, events, "synthetic"))
            if len(batch) == 1000:
                store.write_batch(WriteBatch(batch))
                batch = []
        if batch:
            store.write_batch(WriteBatch(batch))
        recluster(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.replace(path)
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=1800) as res:
        size = len(res.read())
    return (time.perf_counter() - t0) * 1000, size


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def first_paint(base: str, runs: int = 3) -> list[float] | None:
    """Seconds from navigation until the map shows data and the list its rows (None without a browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(base)
            page.wait_for_function("document.getElementById('map').dataset.filters !== undefined && "
                                   "document.querySelectorAll('#list tbody tr').length > 0 && "
                                   "document.querySelectorAll('.leaflet-interactive').length > 0", timeout=60_000)
            out.append(time.perf_counter() - t0)
            context.close()
        browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--baseline-runs", type=int, default=1, help="times the whole table is fetched (slow)")
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    db = args.store or ROOT / "build" / f"web-bench-{args.events}-{args.seed}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    built = None
    if not db.exists():
        print(f"building {db} ({args.events:,} events) ...", file=sys.stderr)
        built = build(db, args.events, args.seed)

    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    server = subprocess.Popen([sys.executable, "-c", "from sitrep.cli import main; main()", "serve", "--db", str(db),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                _get(base + "api/config")
                break
            except OSError:
                time.sleep(0.1)
        counts = json.loads(urllib.request.urlopen(base + "api/stats", timeout=60).read())
        # a month of the busiest stretch, the first country, a word of the synthetic vocabulary
        months = sorted(counts["month"], key=lambda r: -r["n"])
        month = months[0]["key"]
        country = counts["country"][0]["key"]
        facets = json.loads(urllib.request.urlopen(base + "api/facets", timeout=60).read())
        sample = json.loads(urllib.request.urlopen(base + "api/events?limit=1", timeout=60).read())["events"][0]
        word = sample["evidence"][0]["text"].split()[0].strip(".").lower()
        pts = json.loads(urllib.request.urlopen(base + f"api/map?country={country}", timeout=60).read())
        if pts["mode"] == "points":
            lats = [p["lat"] for p in pts["points"]]
            lons = [p["lon"] for p in pts["points"]]
        else:
            lats = [c["lat"] for c in pts["cells"]]
            lons = [c["lon"] for c in pts["cells"]]
        box = f"{min(lats):.3f},{min(lons):.3f},{max(lats):.3f},{max(lons):.3f}"
        filters = {
            "none": "",
            "one type": "type=" + urllib.parse.quote(facets["types"][0]["type"]),
            "one country": f"country={country}",
            "30-day range": f"since={month}-01&until={month}-30" if not month.endswith("-02") else f"since={month}-01&until={month}-28",
            "box of one country": f"bbox={box}",
            "full-text word": f"q={urllib.parse.quote(word)}",
        }
        results: dict[str, Any] = {}
        for name, query in filters.items():
            for endpoint, extra in (("events", "limit=100"), ("map", "zoom=3")):
                url = f"{base}api/{endpoint}?{query}&{extra}".replace("?&", "?")
                times = []
                _get(url)  # warm
                for _ in range(args.runs):
                    ms, size = _get(url)
                    times.append(ms)
                results[f"{endpoint} / {name}"] = {"p50_ms": round(_pct(times, 0.5), 1),
                                                   "p95_ms": round(_pct(times, 0.95), 1), "bytes": size}
        base_times = []
        base_size = 0
        for _ in range(args.baseline_runs):
            ms, base_size = _get(base + "api/events?format=geojson")
            base_times.append(ms)
        paint = first_paint(base)
    finally:
        server.terminate()
        server.wait(timeout=20)

    worst = max(r["p95_ms"] for r in results.values())
    report = {"events": args.events, "happenings": counts["total"], "store_mb": round(db.stat().st_size / 1e6, 1),
              "built_s": round(built, 1) if built else None, "api": results,
              "worst_p95_ms": worst, "p95_target_ms": P95_TARGET_MS,
              "baseline_whole_table_geojson": {"median_ms": round(statistics.median(base_times), 1),
                                               "bytes": base_size},
              "first_paint_s": [round(x, 2) for x in paint] if paint else None,
              "first_paint_median_s": round(statistics.median(paint), 2) if paint else None,
              "first_paint_target_s": PAINT_TARGET_S}
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"store: {args.events:,} events, {counts['total']:,} happenings (history excluded), "
              f"{report['store_mb']} MB" + (f", built in {built:.0f} s" if built else ""))
        print(f"{'request':36} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>10}   ({args.runs} runs each)")
        for name, r in results.items():
            print(f"{name:36} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['bytes']:10,}")
        b = report["baseline_whole_table_geojson"]
        print(f"{'baseline: whole table as GeoJSON':36} {b['median_ms']:8.1f} {'':8} {b['bytes']:10,}")
        print(f"worst p95: {worst:.0f} ms (target < {P95_TARGET_MS:.0f})")
        if paint:
            print(f"first paint in Chromium: median {statistics.median(paint):.2f} s of {report['first_paint_s']} "
                  f"(target < {PAINT_TARGET_S:.0f} s)")
        else:
            print("first paint: not measured (no playwright or /usr/bin/chromium)")
    ok = worst < P95_TARGET_MS and (paint is None or statistics.median(paint) < PAINT_TARGET_S)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
