#!/usr/bin/env python3
"""Score sitrep on ../shared/dev/coded-news by half (odd: tuning, even: judging), and gate on floors.

usage: python3 bench/coded_news.py [--check] [--raise-floors] [--half odd|even] [--verbose]

  sitrep extract ../shared/dev/coded-news/articles.jsonl --format jsonl
  scored with ../shared/tools/score_events.py <coded-news> <out.jsonl> --half odd|even

Prints, per half, recall, precision and fields (the scorer's last line) and the ratio of
extracted to required events (one event per happening: 1.0 is the goal, more means split
happenings or extra mentions). --check exits 1 when a figure is below its floor in the
`coded_news` section of bench/baseline.json (the ratio has no floor: lower is better);
--raise-floors raises (never lowers) those floors. Without ../shared it says so and exits 0.
Read errors on the odd half only (PROVENANCE.md of the set): -v prints the odd half's lines.
Standard library only, so any python3 can run it.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402
from reference import BenchError, METRICS, _run, parse_score, sitrep_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HALVES = ("odd", "even")
SECTION = "coded_news"


def counts(gold_dir: Path, out: Path, half: str) -> tuple[int, int]:
    """(extracted, required) events of the articles of one half."""
    manifest = json.loads((gold_dir / "manifest.json").read_text(encoding="utf-8"))
    ids = {m["id"] for m in manifest if m["half"] == half}
    required = 0
    for aid in ids:
        key = json.loads((gold_dir / f"{aid}.gold.json").read_text(encoding="utf-8"))
        required += sum(1 for e in key.get("events", []) if e.get("required"))
    extracted = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.strip() and str(json.loads(line).get("article")) in ids:
            extracted += 1
    return extracted, required


def run_all(shared: Path, halves: tuple[str, ...], verbose: bool = False) -> dict[str, dict[str, float]]:
    """Extract once and score each half; {half: {recall, precision, fields, extracted, required, ratio}}."""
    gold = shared / "dev" / "coded-news"
    scorer = shared / "tools" / "score_events.py"
    measured: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        out = Path(tmp) / "coded-news.jsonl"
        _run([sitrep_command(), "extract", str(gold / "articles.jsonl"), "--format", "jsonl"], out)
        for half in halves:
            report = _run([sys.executable, str(scorer), str(gold), str(out), "--half", half])
            if verbose and half == "odd":
                print(f"--- {half}\n{report.rstrip()}")
            got = parse_score(report)
            ext, req = counts(gold, out, half)
            got.update(extracted=ext, required=req, ratio=round(ext / req, 2) if req else 0.0)
            measured[half] = got
    return measured


def main() -> int:
    """Measure, print, and optionally gate or raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise floors in bench/baseline.json to the figures")
    ap.add_argument("--half", choices=HALVES, help="score one half only (default: both)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the scorer's lines of the odd half")
    args = ap.parse_args()

    if not (args.shared / "tools" / "score_events.py").exists() or not (args.shared / "dev" / "coded-news").is_dir():
        print(f"coded-news bench skipped: {args.shared} (with tools/score_events.py and dev/coded-news) is absent")
        return 0
    halves = (args.half,) if args.half else HALVES
    try:
        measured = run_all(args.shared, halves, args.verbose)
    except (BenchError, subprocess.TimeoutExpired) as exc:
        print(f"coded-news bench failed: {exc}", file=sys.stderr)
        return 1
    floors = _floors.read().get(SECTION, {})
    for half, got in measured.items():
        fl = floors.get(half, {})
        figs = "  ".join(f"{m} {got[m]:.2f} (floor {fl.get(m, 0.0):.2f})" for m in METRICS)
        print(f"{half:5} {figs}  ratio {got['ratio']:.2f} ({int(got['extracted'])} extracted : {int(got['required'])} required)")
    scored = {h: {m: g[m] for m in METRICS} for h, g in measured.items()}
    if args.raise_floors:
        floors, changed = _floors.raise_section(SECTION, scored, METRICS)
        print(f"floors written to {_floors.BASELINE.relative_to(ROOT)}" + ("" if changed else " (unchanged)"))
    if args.check:
        return _floors.gate(_floors.below(scored, {h: f for h, f in floors.items() if h in halves}), "coded-news")
    return 0


if __name__ == "__main__":
    sys.exit(main())
