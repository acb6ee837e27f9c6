#!/usr/bin/env python3
"""Golden output: what sitrep's CLI prints for fixed inputs, to guard refactors that must change no output.

usage: .venv/bin/python tests/golden/golden.py [--write] [--sets NAME,...]

Every set runs through the CLI (`sitrep extract ... --format jsonl`, `sitrep places ... --format jsonl`), so the
guard does not depend on the package's internal layout.

  examples   the bundled examples (our own text): the whole JSONL output is kept in examples.jsonl
  shared     the reference article and texts from ../shared/dev (coded-news, coded-articles, CASE, ACLED dev notes,
             UCDP headlines): only a SHA-256 per article of its canonical output is kept (hashes.json), never text

--write regenerates the committed files (do it in the commit that changes output on purpose); without it, the
outputs are compared and every article whose output differs is listed (exit 1).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev"
SITREP = [str(Path(sys.executable).parent / "sitrep")]
N_CASE, N_ACLED, N_UCDP = 300, 300, 200


def _run(args: list[str]) -> str:
    env = dict(os.environ)
    proc = subprocess.run(SITREP + args, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not proc.stdout):
        raise RuntimeError(f"sitrep {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def _by_article(jsonl: str, key: str = "article") -> dict[str, str]:
    """SHA-256 of each article's output lines (in output order)."""
    lines: dict[str, list[str]] = defaultdict(list)
    for line in jsonl.splitlines():
        if line.strip():
            lines[str(json.loads(line).get(key))].append(line)
    return {k: hashlib.sha256("\n".join(v).encode()).hexdigest()[:16] for k, v in sorted(lines.items())}


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def examples_output() -> str:
    return _run(["extract", str(ROOT / "examples"), "--format", "jsonl", "--workers", "2"])


def shared_inputs(tmp: Path) -> dict[str, Path]:
    """name -> input path (files under ../shared are read in place; derived JSONL goes to tmp)."""
    sets: dict[str, Path] = {}
    seed = SHARED / "seed" / "hama-2011-07-22.txt"
    if seed.exists():
        sets["reference"] = seed
    for name, rel in (("coded-news", "coded-news/articles.jsonl"), ("coded-news-extra", "coded-news/extra.jsonl"),
                      ("coded-articles", "coded-articles/articles-dated.jsonl")):
        if (DEV / rel).exists():
            sets[name] = DEV / rel
    case = DEV / "case2021-task2" / "test_set_final_release_with_labels.tsv"
    if case.exists():
        with case.open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh, delimiter="\t")][:N_CASE]
        _write_jsonl(tmp / "case.jsonl", [{"id": f"case-{r['id']}", "text": r["EventSnippet"]} for r in rows])
        sets["case"] = tmp / "case.jsonl"
    acled = DEV / "acled-train" / "acled_train.csv.gz"
    if acled.exists():
        rows = []
        with gzip.open(acled, "rt", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["split"] == "dev":
                    rows.append({"id": f"acled-{r['event_id_cnty']}", "text": r["notes"],
                                 "published": r["event_date"]})
                    if len(rows) >= N_ACLED:
                        break
        _write_jsonl(tmp / "acled.jsonl", rows)
        sets["acled"] = tmp / "acled.jsonl"
    ucdp = DEV / "ucdp-ged-sample" / "ucdpged_sample_v23.csv"
    if ucdp.exists():
        rows = []
        with ucdp.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                head = (r.get("source_headline") or "").strip()
                if head:
                    rows.append({"id": f"ucdp-{r['id']}", "text": head,
                                 "published": (r.get("source_date") or "")[:10] or None})
                    if len(rows) >= N_UCDP:
                        break
        _write_jsonl(tmp / "ucdp.jsonl", rows)
        sets["ucdp"] = tmp / "ucdp.jsonl"
    return sets


def shared_hashes() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as d:
        for name, path in shared_inputs(Path(d)).items():
            out[name] = _by_article(_run(["extract", str(path), "--format", "jsonl", "--workers", "2"]))
            if name in ("reference", "coded-news", "coded-articles"):
                out[f"{name}:places"] = _by_article(_run(["places", str(path), "--format", "jsonl"]))
    return out


def compare(expected: dict[str, dict[str, str]], got: dict[str, dict[str, str]]) -> list[str]:
    diffs = []
    for name in sorted(set(expected) | set(got)):
        e, g = expected.get(name, {}), got.get(name, {})
        for art in sorted(set(e) | set(g)):
            if e.get(art) != g.get(art):
                diffs.append(f"{name}: {art}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--sets", default="examples,shared")
    args = ap.parse_args()
    sets = args.sets.split(",")
    rc = 0
    if "examples" in sets:
        got = examples_output()
        path = HERE / "examples.jsonl"
        if args.write:
            path.write_text(got, encoding="utf-8")
            print(f"wrote {path}")
        elif got != path.read_text(encoding="utf-8"):
            print("examples: output differs from tests/golden/examples.jsonl:")
            print("  " + "\n  ".join(compare({"examples": _by_article(path.read_text())},
                                             {"examples": _by_article(got)})))
            rc = 1
        else:
            print("examples: identical")
    if "shared" in sets:
        if not SHARED.exists():
            print(f"shared: {SHARED} is absent: skipped")
        else:
            got_h = shared_hashes()
            path = HERE / "hashes.json"
            if args.write:
                path.write_text(json.dumps(got_h, indent=1, sort_keys=True) + "\n", encoding="utf-8")
                print(f"wrote {path} ({sum(len(v) for v in got_h.values())} article hashes)")
            else:
                diffs = compare(json.loads(path.read_text()), got_h)
                if diffs:
                    print(f"shared: {len(diffs)} articles differ:\n  " + "\n  ".join(diffs[:200]))
                    rc = 1
                else:
                    print(f"shared: identical ({sum(len(v) for v in got_h.values())} article hashes)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
