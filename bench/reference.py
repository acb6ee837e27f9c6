#!/usr/bin/env python3
"""Score sitrep on the reference article and the six coded articles of ../shared, and gate on floors.

usage: python3 bench/reference.py [--check] [--raise-floors] [--verbose]

  reference       sitrep extract ../shared/seed/hama-2011-07-22.txt --published 2011-07-22 --format json
                  scored with ../shared/tools/score_events.py against its .gold.json
  coded_articles  sitrep extract ../shared/dev/coded-articles/articles-dated.jsonl --format jsonl
                  scored pooled against the keys of that folder

--check exits 1 when a figure is below its floor in bench/baseline.json; --raise-floors raises
(never lowers) those floors to the measured figures. Without ../shared it says so and exits 0.
Standard library only, so any python3 can run it.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("recall", "precision", "fields")
RUNS = ("reference", "coded_articles")  # the sections of baseline.json this script measures (others: other benches)
_SCORE = re.compile(r"^score:\s*recall\s+([0-9.]+)\s+precision\s+([0-9.]+)\s+fields\s+([0-9.]+)\s*$", re.M)


class BenchError(Exception):
    """A run could not be scored (sitrep or the scorer failed, or printed no score line)."""


def parse_score(output: str) -> dict[str, float]:
    """The figures of the last "score: recall R precision P fields F" line of the scorer's output."""
    found = _SCORE.findall(output)
    if not found:
        raise BenchError("the scorer printed no 'score: recall R  precision P  fields F' line")
    return dict(zip(METRICS, (float(v) for v in found[-1])))






def below_floors(measured: dict[str, dict[str, float]], floors: dict[str, dict[str, float]]) -> list[str]:
    """One message per figure below its floor; a run named in the floors but not measured counts as failing."""
    return _floors.below(measured, floors)


def raised_floors(floors: dict[str, dict[str, float]], measured: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """New floors: each the higher of the old floor and the measured figure; never lower."""
    return _floors.raised(floors, measured, METRICS)


def sitrep_command() -> str:
    """The sitrep console script of the repo's venv, else the one on PATH."""
    venv = ROOT / ".venv" / "bin" / "sitrep"
    if venv.exists():
        return str(venv)
    found = shutil.which("sitrep")
    if found is None:
        raise BenchError("no sitrep command: create .venv with the README's set-up command first")
    return found


def _run(cmd: list[str], out_path: Path | None = None) -> str:
    """Run a command with no stdin; its stdout (written to `out_path` if given), or BenchError."""
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=1200)
    if proc.returncode != 0 and out_path is not None:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise BenchError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n{tail}")
    if out_path is not None:
        out_path.write_text(proc.stdout, encoding="utf-8")
    return proc.stdout


def run_all(shared: Path, verbose: bool = False) -> dict[str, dict[str, float]]:
    """Extract and score both sets; returns {run: {recall, precision, fields}}."""
    sitrep = sitrep_command()
    scorer = shared / "tools" / "score_events.py"
    seed = shared / "seed" / "hama-2011-07-22.txt"
    coded = shared / "dev" / "coded-articles"
    runs = {
        "reference": ([sitrep, "extract", str(seed), "--published", "2011-07-22", "--format", "json"],
                      seed.with_name("hama-2011-07-22.gold.json"), "events.json"),
        "coded_articles": ([sitrep, "extract", str(coded / "articles-dated.jsonl"), "--format", "jsonl"],
                           coded, "events.jsonl"),
    }
    measured: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        for name, (cmd, gold, out_name) in runs.items():
            out = Path(tmp) / out_name
            _run(cmd, out)
            report = _run([sys.executable, str(scorer), str(gold), str(out)])
            if verbose:
                print(f"--- {name}\n{report.rstrip()}")
            measured[name] = parse_score(report)
    return measured


def main() -> int:
    """Measure, print, and optionally gate or raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise floors in bench/baseline.json to the figures")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the scorers' per-event lines")
    args = ap.parse_args()

    if not (args.shared / "tools" / "score_events.py").exists():
        print(f"reference bench skipped: {args.shared} (with tools/score_events.py) is absent")
        return 0
    try:
        measured = run_all(args.shared, args.verbose)
    except (BenchError, subprocess.TimeoutExpired) as exc:
        print(f"reference bench failed: {exc}", file=sys.stderr)
        return 1
    floors = _floors.read()
    for name, got in measured.items():
        fl = floors.get(name, {})
        figs = "  ".join(f"{m} {got[m]:.2f} (floor {fl.get(m, 0.0):.2f})" for m in METRICS)
        print(f"{name:15} {figs}")
    if args.raise_floors:
        new = raised_floors(floors, measured)
        _floors.write(new)
        print(f"floors written to {_floors.BASELINE.relative_to(ROOT)}" + (" (unchanged)" if new == floors else ""))
        floors = new
    if args.check:
        problems = below_floors(measured, {k: v for k, v in floors.items() if k in RUNS})
        for p in problems:
            print(f"BELOW FLOOR  {p}")
        if problems:
            return 1
        print("reference gate: all figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
