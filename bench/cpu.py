#!/usr/bin/env python3
"""CPU cost of sitrep over bare spaCy, now and at a baseline revision, in one run.

usage: .venv/bin/python bench/cpu.py [--against REV] [-n 200] [--corpus auto|reuters|examples|coded-news] [--runs 3]

Each run is one paired round: bare spaCy (`nlp.pipe`, 2 processes), then sitrep
(`Pipeline.extract_many`, 2 processes) from this working tree, then (with --against) sitrep from REV,
each in a fresh child process. A child's cost is its user + system CPU seconds and those of every
process it waited for (its workers), read from the kernel's rusage of terminated children, so model
loading counts too, the same for both tools. The figure is sitrep's CPU seconds over spaCy's in the same
round; the report gives the median of the rounds (wall time on this machine swings ±20%; CPU time much
less). REV is checked out with `git worktree add --detach` in a temporary folder and imported through
PYTHONPATH, so both trees run on this venv's packages.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
THROUGHPUT = ROOT / "bench" / "throughput.py"


def child_cpu(tool: str, src: Path | None, limit: int, corpus: str, n_process: int,
              home: Path | None = None) -> dict[str, Any]:
    """Run one half in a child (sitrep imported from `src` when given, its indexes in `home` when given); its CPU
    seconds and its result."""
    env = tree_env(src, home)
    cpu_s, _, proc = run_costed([sys.executable, str(THROUGHPUT), "--child", tool, "-n", str(limit), "--corpus",
                                 corpus, "--n-process", str(n_process)], env, tool)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["cpu_s"] = cpu_s
    return res


def tree_env(src: Path | None, home: Path | None) -> dict[str, str]:
    """The environment of a child that imports sitrep from `src` and keeps its indexes in `home`."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if home is not None:
        env["SITREP_HOME"] = str(home)
    return env


def run_costed(cmd: list[str], env: dict[str, str] | None, name: str,
               ok: tuple[int, ...] = (0,)) -> tuple[float, float, Any]:
    """Run a command to its end: (CPU seconds of it and of every process it waited for, wall seconds, the
    CompletedProcess); RuntimeError with its last stderr line when its exit status is not in `ok`.
    Used by bench/stream.py too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RuntimeError(f"{name} child failed ({proc.returncode}): {last}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall, proc


def checkout(rev: str, where: Path) -> Path:
    """A detached worktree of `rev` under `where`; returns its src folder."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(where), rev], check=True)
    return where / "src"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", metavar="REV", help="a git revision to measure in the same rounds as a baseline")
    ap.add_argument("-n", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--corpus", choices=("auto", "reuters", "examples", "coded-news"), default="auto")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3, help="paired rounds (default 3; the median is reported)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sitrep-cpu-"))
    trees: dict[str, Path | None] = {"sitrep (this tree)": ROOT / "src"}
    try:
        homes: dict[str, Path | None] = {"sitrep (this tree)": None}
        if args.against:
            name = f"sitrep ({args.against})"
            trees[name] = checkout(args.against, tmp / "base")
            # the baseline keeps its gazetteer index apart, built once before the rounds: the index records the
            # data and rules it was built from, and two trees that differ there would rebuild a shared one in
            # every child (a 20-second build counted as extraction)
            homes[name] = tmp / "home"
            homes[name].mkdir()
            subprocess.run([sys.executable, "-c", "from sitrep.cli import main; main()", "gazetteer", "build"],
                           env=tree_env(trees[name], homes[name]), check=True, capture_output=True)
        rounds: list[dict[str, Any]] = []
        for r in range(args.runs):
            sp = child_cpu("spacy", None, args.n, args.corpus, args.n_process)
            row: dict[str, Any] = {"spacy_cpu_s": sp["cpu_s"], "articles": sp["articles"], "corpus": sp["corpus"]}
            for name, src in trees.items():
                res = child_cpu("sitrep", src, args.n, args.corpus, args.n_process, homes[name])
                row[name] = {"cpu_s": res["cpu_s"], "ratio": res["cpu_s"] / sp["cpu_s"], "events": res["events"]}
            rounds.append(row)
            print(f"round {r + 1}: spacy {sp['cpu_s']:.1f} s  " + "  ".join(
                f"{n} {row[n]['cpu_s']:.1f} s (x{row[n]['ratio']:.3f})" for n in trees), file=sys.stderr)
    finally:
        if args.against:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "base")],
                           capture_output=True)
    summary = {name: statistics.median(r[name]["ratio"] for r in rounds) for name in trees}
    if args.json:
        print(json.dumps({"rounds": rounds, "median_ratio": summary}, indent=2))
        return 0
    first = rounds[0]
    print(f"corpus: {first['corpus']}, {first['articles']} articles, n_process={args.n_process}, {args.runs} paired rounds")
    print(f"spaCy CPU s (median): {statistics.median(r['spacy_cpu_s'] for r in rounds):.1f}")
    for name in trees:
        print(f"{name:28} CPU over spaCy (median): {summary[name]:.3f}   events: {first[name]['events']}")
    if args.against:
        names = list(trees)
        change = summary[names[0]] / summary[names[1]] - 1
        print(f"change against {args.against}: {change:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
