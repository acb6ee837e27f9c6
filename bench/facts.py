#!/usr/bin/env python3
"""Score sitrep's event dates on UCDP GED headlines (../shared/dev/ucdp-ged-sample), and gate on floors.

usage: python3 bench/facts.py [--check] [--raise-floors] [-v]

Rows: those of ucdpged_sample_v23.csv with a non-empty `source_headline` and a single source (no ';' in
`source_office`, `source_date` or `source_headline`). Each headline becomes one article (title = text =
the headline) published on the row's `source_date`, and goes through `sitrep extract --format jsonl`.

Score (`date_hit`): the share of rows whose event date lies within UCDP's date_start..date_end. The
event is the first event sitrep gives for the headline that has a known date; its whole span
(start..end) must lie inside UCDP's span. A headline with no event, or only undated events, is a miss:
an undated event is not a date. Also printed: `found`, the share of rows with any event, and
`dated`, the share with a dated event.

Same-run baseline: "the publication date as the event date" (the share of rows whose source_date lies
in UCDP's span), the figure a coder that copies the publication date would get; and an oracle that picks
the publication day or the day before, whichever is right, an upper bound for any rule that dates
undated headlines by recency (most headlines give no date; many rows are reports published weeks later). UCDP's death figures
belong to split-up events, not to what one headline says, so they are not scored here.

--check exits 1 when a figure is below its floor in bench/baseline.json ("facts" section);
--raise-floors raises (never lowers) those floors. Without ../shared it says so and exits 0.
Standard library only, so any python3 can run it.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = "facts"
METRICS = ("date_hit",)


class BenchError(Exception):
    """The run could not be scored (sitrep failed or the data is unreadable)."""


def single_source_rows(csv_path: Path) -> list[dict[str, str]]:
    """Rows with a headline and exactly one source."""
    with csv_path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        head = (r.get("source_headline") or "").strip()
        if not head or any(";" in (r.get(k) or "") for k in ("source_office", "source_date", "source_headline")):
            continue
        try:
            date.fromisoformat((r.get("source_date") or "")[:10])
            date.fromisoformat(r["date_start"][:10])
            date.fromisoformat(r["date_end"][:10])
        except (KeyError, ValueError):
            continue
        out.append(r)
    return out


def articles(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One article per row: the headline as title and text, published on source_date."""
    return [{"id": f"ucdp-{k}", "title": r["source_headline"].strip(), "text": r["source_headline"].strip(),
             "published": r["source_date"][:10], "language": "en", "source": r.get("source_office") or ""}
            for k, r in enumerate(rows)]


def within(start: str | None, end: str | None, lo: str, hi: str) -> bool:
    """Whether the span start..end (ISO dates) lies inside lo..hi."""
    if not start:
        return False
    s, e = date.fromisoformat(start[:10]), date.fromisoformat((end or start)[:10])
    return date.fromisoformat(lo[:10]) <= s and e <= date.fromisoformat(hi[:10])


def score(rows: list[dict[str, str]], events_by_article: dict[str, list[dict]]) -> dict[str, float]:
    """date_hit, found, dated and the publication-date baseline over the rows."""
    n = len(rows)
    if n == 0:
        raise BenchError("no single-source rows with a headline")
    hit = found = dated = base = ceiling = 0
    for k, r in enumerate(rows):
        evs = events_by_article.get(f"ucdp-{k}", [])
        found += bool(evs)
        first = next((e for e in evs if (e.get("when") or {}).get("start")), None)
        if first is not None:
            dated += 1
            w = first["when"]
            hit += within(w.get("start"), w.get("end"), r["date_start"], r["date_end"])
        base += within(r["source_date"], r["source_date"], r["date_start"], r["date_end"])
        pub = date.fromisoformat(r["source_date"][:10])
        ceiling += any(within(d.isoformat(), None, r["date_start"], r["date_end"])
                       for d in (pub, date.fromordinal(pub.toordinal() - 1)))
    return {"date_hit": hit / n, "found": found / n, "dated": dated / n, "baseline_pubdate": base / n,
            "ceiling_recent": ceiling / n, "rows": n}


def sitrep_command() -> str:
    """The sitrep console script of the repo's venv, else the one on PATH."""
    venv = ROOT / ".venv" / "bin" / "sitrep"
    if venv.exists():
        return str(venv)
    found = shutil.which("sitrep")
    if found is None:
        raise BenchError("no sitrep command: create .venv with the README's set-up command first")
    return found


def extract(arts: list[dict[str, str]]) -> dict[str, list[dict]]:
    """Run sitrep on the articles; events grouped by article id, in output order."""
    with tempfile.TemporaryDirectory(prefix="sitrep-facts-") as tmp:
        src = Path(tmp) / "headlines.jsonl"
        src.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
        cmd = [sitrep_command(), "extract", str(src), "--format", "jsonl"]
        proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=1200)
        if proc.returncode not in (0,) and not proc.stdout.strip():
            tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
            raise BenchError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n{tail}")
    out: dict[str, list[dict]] = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            ev = json.loads(line)
            out.setdefault(ev.get("article"), []).append(ev)
    return out


def below_floors(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One message per figure below its floor."""
    return _floors.below(measured, floors, f"{SECTION}: ")


def raised_floors(floors: dict[str, float], measured: dict[str, float]) -> dict[str, float]:
    """Each floor the higher of the old floor and the measured figure (rounded down); never lower."""
    return _floors.raised(floors, measured, METRICS)


def main() -> int:
    """Measure, print, and optionally gate or raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise floors in bench/baseline.json to the figures")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each missed row")
    args = ap.parse_args()

    data = args.shared / "dev" / "ucdp-ged-sample" / "ucdpged_sample_v23.csv"
    if not data.exists():
        print(f"facts bench skipped: {data} is absent")
        return 0
    try:
        rows = single_source_rows(data)
        by_article = extract(articles(rows))
        measured = score(rows, by_article)
    except (BenchError, subprocess.TimeoutExpired, OSError) as exc:
        print(f"facts bench failed: {exc}", file=sys.stderr)
        return 1
    if args.verbose:
        for k, r in enumerate(rows):
            evs = by_article.get(f"ucdp-{k}", [])
            first = next((e for e in evs if (e.get("when") or {}).get("start")), None)
            w = (first or {}).get("when") or {}
            if not within(w.get("start"), w.get("end"), r["date_start"], r["date_end"]):
                got = f"{w.get('start')}..{w.get('end')} ({w.get('text')!r})" if first else f"{len(evs)} undated"
                print(f"MISS pub {r['source_date']} gold {r['date_start']}..{r['date_end']} got {got}: "
                      f"{r['source_headline'][:100]}")
    all_floors = _floors.read()
    floors = all_floors.get(SECTION, {})
    right_when_dated = measured["date_hit"] / measured["dated"] if measured["dated"] else 0.0
    print(f"facts ({measured['rows']} single-source UCDP headlines): date_hit {measured['date_hit']:.2f} "
          f"(floor {floors.get('date_hit', 0.0):.2f})  found {measured['found']:.2f}  dated {measured['dated']:.2f}  "
          f"right when dated {right_when_dated:.2f}")
    print(f"baseline, same run: publication date as the event date {measured['baseline_pubdate']:.2f}; "
          f"oracle 'publication day or the day before, whichever is right' {measured['ceiling_recent']:.2f}")
    if args.raise_floors:
        new = raised_floors(floors, measured)
        all_floors[SECTION] = new
        _floors.write(all_floors)
        print(f"floors written to {_floors.BASELINE.relative_to(ROOT)}" + (" (unchanged)" if new == floors else ""))
        floors = new
    if args.check:
        problems = below_floors(measured, floors)
        for p in problems:
            print(f"BELOW FLOOR  {p}")
        if problems:
            return 1
        print("facts gate: all figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
