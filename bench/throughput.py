#!/usr/bin/env python3
"""Throughput, cold start and peak memory of sitrep against bare spaCy on the same articles.

usage: .venv/bin/python bench/throughput.py [-n 200] [--corpus auto|reuters|examples|coded-news] [--json] [--check]

Each half runs in a fresh child process (so that memory is measured per tool, workers included):
  sitrep   Pipeline(Settings()).extract_many(articles, n_process=2)
  spacy    nlp.pipe(texts, n_process=2) with the same model
Model loading is timed apart; throughput counts only the batch, after a one-article warm-up.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.80
TARGET_COLD_S = 3.0
TARGET_PEAK_MB = 1536.0
SAMPLE_S = 0.05


def _child(tool: str, limit: int, corpus: str, n_process: int) -> dict[str, Any]:
    """Run one half in this process and return its timings (called in the child)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _corpus import load_articles

    name, articles = load_articles(limit, corpus)
    words = sum(len(a.text.split()) for a in articles)
    out: dict[str, Any] = {"tool": tool, "corpus": name, "articles": len(articles), "words": words}
    if tool == "spacy":
        import spacy

        from sitrep.settings import Settings

        t0 = time.perf_counter()
        nlp = spacy.load(Settings().model)
        nlp(articles[0].text)
        out["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_docs = sum(1 for _ in nlp.pipe((a.text for a in articles), n_process=n_process, batch_size=16))
        out["batch_s"] = time.perf_counter() - t0
        out["done"] = n_docs
    else:
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings

        t0 = time.perf_counter()
        pipe = Pipeline(Settings())
        pipe.extract(articles[0])  # loads the model and gazetteer in the parent, as nlp.pipe's caller has
        out["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        events = errors = done = 0
        for result in pipe.extract_many(articles, n_process=n_process):
            done += 1
            events += len(result.events)
            errors += result.error is not None
        out["batch_s"] = time.perf_counter() - t0
        out.update(done=done, events=events, errors=errors)
    return out


def _tree_rss(proc: Any) -> int:
    """Resident memory of a process and all its descendants, in bytes (vanished ones count 0)."""
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(cmd: list[str], tool: str) -> dict[str, Any]:
    """Run a child that prints its result as a last JSON line, sampling its process tree's RSS every 50 ms."""
    import psutil

    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        proc = psutil.Process(child.pid)
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss(proc))
            stop.wait(SAMPLE_S)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    stdout, stderr = child.communicate()
    stop.set()
    thread.join()
    if child.returncode != 0:
        last = (stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"tool": tool, "error": f"exit {child.returncode}: {last}"}
    res = json.loads(stdout.strip().splitlines()[-1])
    res["peak_mb"] = peak[0] / 2**20
    res["articles_per_s"] = res["articles"] / res["batch_s"] if res["batch_s"] else 0.0
    return res


def run_half(tool: str, limit: int, corpus: str, n_process: int) -> dict[str, Any]:
    """Run one half in a child process with its peak memory."""
    res = run_measured([sys.executable, __file__, "--child", tool, "-n", str(limit), "--corpus", corpus,
                        "--n-process", str(n_process)], tool)
    if "error" not in res:
        res["words_per_s"] = res["words"] / res["batch_s"] if res["batch_s"] else 0.0
    return res


def sitrep_command() -> str | None:
    """The sitrep console script of the repo's venv, else of this interpreter, else on PATH."""
    for cand in (ROOT / ".venv" / "bin" / "sitrep", Path(sys.executable).parent / "sitrep"):
        if cand.exists():
            return str(cand)
    return shutil.which("sitrep")


def cold_start(runs: int = 3) -> dict[str, Any]:
    """Median wall time of a whole `sitrep extract <shortest example .txt> --format json` process."""
    exe = sitrep_command()
    if exe is None:
        return {"error": "no sitrep command found"}
    example = min((ROOT / "examples").glob("*.txt"), key=lambda p: p.stat().st_size)
    times: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([exe, "extract", str(example), "--format", "json"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
            return {"error": f"exit {proc.returncode}: {last}", "file": example.name}
    return {"median_s": statistics.median(times), "runs_s": times, "file": example.name}


def _fmt(val: float | None, spec: str, unit: str = "") -> str:
    return "-" if val is None else format(val, spec) + unit


def report(res: dict[str, Any]) -> str:
    """The human-readable table of a run."""
    sp, sr, cold = res["spacy"], res["sitrep"], res["cold_start"]
    lines = [f"corpus: {sp.get('corpus') or sr.get('corpus')}, {sp.get('articles', sr.get('articles'))} articles, "
             f"{sp.get('words', sr.get('words'))} words, n_process={res['n_process']}", "",
             f"{'':10} {'articles/s':>11} {'words/s':>10} {'batch s':>8} {'load s':>7} {'peak MB':>8}"]
    for name, half in (("spacy", sp), ("sitrep", sr)):
        if "error" in half:
            lines.append(f"{name:10} not run: {half['error']}")
            continue
        lines.append(f"{name:10} {half['articles_per_s']:11.1f} {half['words_per_s']:10.0f} "
                     f"{half['batch_s']:8.2f} {half['load_s']:7.2f} {half['peak_mb']:8.0f}")
    if "events" in sr:
        lines.append(f"{'':10} sitrep found {sr['events']} events, {sr['errors']} article errors")
    if "error" in cold:
        lines.append(f"cold start not measured: {cold['error']}")
    else:
        runs = ", ".join(f"{t:.2f}" for t in cold["runs_s"])
        lines.append(f"cold start: sitrep extract examples/{cold['file']} --format json: {runs} s")
    lines.append("")
    lines.extend(verdict_lines(res["verdicts"]))
    return "\n".join(lines)


def verdict_lines(rows: list[tuple[str, str, str, bool | None]], width: int = 28) -> list[str]:
    """One 'PASS|FAIL|n/a  label  measured  (target ...)' line per verdict (bench/stream.py uses it too)."""
    out = []
    for label, val, target, ok in rows:
        state = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        out.append(f"{state}  {label:{width}} {val:>10}  (target {target})")
    return out


def verdicts(res: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(label, measured, target, ok) for each target; ok None when it could not be measured."""
    sp, sr, cold = res["spacy"], res["sitrep"], res["cold_start"]
    ratio = sr["articles_per_s"] / sp["articles_per_s"] if "error" not in sr and "error" not in sp else None
    res["ratio"] = ratio
    return [
        ("sitrep / spaCy throughput", _fmt(ratio, ".2f"), f">= {TARGET_RATIO:.2f}",
         None if ratio is None else ratio >= TARGET_RATIO),
        ("cold start (median of 3)", _fmt(cold.get("median_s"), ".2f", " s"), f"<= {TARGET_COLD_S:.1f} s",
         None if "error" in cold else cold["median_s"] <= TARGET_COLD_S),
        ("sitrep peak RSS (all procs)", _fmt(sr.get("peak_mb"), ".0f", " MB"), f"<= {TARGET_PEAK_MB:.0f} MB",
         None if "error" in sr else sr["peak_mb"] <= TARGET_PEAK_MB),
    ]


def main() -> int:
    """Run both halves and the cold start, print the table (or JSON); --check exits 1 on a missed target."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--corpus", choices=("auto", "reuters", "examples", "coded-news"), default="auto",
                    help="auto: Reuters-21578 from ../shared when present, else the bundled examples")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 when a measured target is missed")
    ap.add_argument("--skip-cold", action="store_true", help="skip the cold-start runs")
    ap.add_argument("--child", choices=("spacy", "sitrep"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        print(json.dumps(_child(args.child, args.n, args.corpus, args.n_process)))
        return 0

    res: dict[str, Any] = {"n_process": args.n_process}
    res["spacy"] = run_half("spacy", args.n, args.corpus, args.n_process)
    res["sitrep"] = run_half("sitrep", args.n, args.corpus, args.n_process)
    res["cold_start"] = {"error": "skipped"} if args.skip_cold else cold_start()
    res["verdicts"] = verdicts(res)
    print(json.dumps(res, indent=2) if args.json else report(res))
    failed = any(ok is False for _, _, _, ok in res["verdicts"])
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
