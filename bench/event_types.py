#!/usr/bin/env python3
"""Event typing against CASE 2021 task 2 (ACLED sub-types) and the PLOVER field against the PLOVER GSR.

usage: .venv/bin/python bench/event_types.py [--check] [--raise-floors] [--errors] [--workers N]

  case2021  ../shared/dev/case2021-task2/test_set_final_release_with_labels.tsv (1,019 snippets). Each
            snippet's prediction is the sub-type of sitrep's first non-historical event, or none. Macro-F1
            over ACLED's 25 sub-types; snippets of the 5 non-ACLED labels count only as negatives (an ACLED
            sub-type predicted for them is a false positive). Odd ids are the tuning half, even ids the
            target half (target: macro-F1 >= 0.80); never tune on the even half.
  plover    ../shared/dev/plover-gsr-cameo/PLOVER_GSR_CAMEO.txt: sentences whose PLOVER 0.5 type maps clearly
            to sitrep's plover field (FIGHT -> ASSAULT, DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, same-named
            types as themselves); accuracy of the first event's plover, and how often sitrep gives none. No target.

--check exits 1 when a figure is below its floor in bench/baseline.json ("typing"); --raise-floors raises
(never lowers) those floors. --errors prints the tuning half's (odd ids') misses. Without ../shared it says
so and exits 0. Runs in-process with the repo's venv (it imports sitrep).
"""
from __future__ import annotations

import sys

import argparse
import json
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = "typing"
METRICS = ("tuning_macro_f1", "target_macro_f1")
# the first rules-only measurement (commit 210af4d's typing rules, before issue 4's work), kept for comparison
FIRST_BASELINE = {"tuning_macro_f1": 0.355, "target_macro_f1": 0.319, "all_macro_f1": 0.344, "plover_accuracy": 0.122}
# PLOVER 0.5 (GSR) type -> sitrep's PLOVER type, where the mapping is clear; others are left out
PLOVER_MAP = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}
PLOVER_SAME = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REJECT", "THREATEN",
               "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def _sitrep() -> Any:
    sys.path.insert(0, str(ROOT / "src"))
    import sitrep.evaluate as evaluate
    from sitrep.pipeline import Pipeline
    from sitrep.records import Article
    from sitrep.settings import Settings

    return evaluate, Pipeline, Article, Settings


def run_case(path: Path, pipe: Any, workers: int) -> dict[str, Any]:
    """Type every CASE snippet; scores per half."""
    evaluate, _, Article, _ = _sitrep()
    gold = evaluate.read_gold(path)
    articles = [Article(id=r.id, text=r.text) for r in gold.records]
    preds: dict[str, Any] = {}
    for res in pipe.extract_many(articles, n_process=workers):
        ev = evaluate.first_event(res.events)
        preds[res.article.id] = ev
    out: dict[str, Any] = {"rows": []}
    halves = {"tuning": 1, "target": 0}
    for name, parity in halves.items():
        pairs = [(r.sub_event_type, preds[r.id].subtype if preds.get(r.id) else None)
                 for r in gold.records if int(r.id) % 2 == parity]
        out[name] = evaluate.type_scores(pairs, evaluate.SUBTYPES)
    out["all"] = evaluate.type_scores(
        [(r.sub_event_type, preds[r.id].subtype if preds.get(r.id) else None) for r in gold.records],
        evaluate.SUBTYPES)
    out["rows"] = [(r, preds.get(r.id)) for r in gold.records]
    return out


def run_plover(path: Path, pipe: Any, workers: int) -> dict[str, Any]:
    """The plover field of the first event against the GSR's mapped type."""
    evaluate, _, Article, _ = _sitrep()
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text")]
    wanted = {}
    for r in records:
        ev = r.get("event")
        target = PLOVER_MAP.get(ev) or (ev if ev in PLOVER_SAME else None)
        if target:
            wanted[r["id"]] = (target, r["text"])
    arts = [Article(id=i, text=t) for i, (_, t) in wanted.items()]
    right = none = 0
    by_type: dict[str, list[int]] = {}
    for res in pipe.extract_many(arts, n_process=workers):
        want = wanted[res.article.id][0]
        ev = evaluate.first_event(res.events)
        none += ev is None
        ok = ev is not None and ev.plover == want
        right += ok
        by_type.setdefault(want, [0, 0])
        by_type[want][0] += ok
        by_type[want][1] += 1
    n = len(wanted)
    return {"n": n, "accuracy": right / n if n else 0.0, "none": none, "by_type": by_type}


def below_floors(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One message per figure below its floor."""
    return _floors.below(measured, floors, f"{SECTION}: ")


def raised(floors: dict[str, float], measured: dict[str, float]) -> dict[str, float]:
    """Each floor the higher of itself and the measured figure (rounded down to 2 places); never lower."""
    return _floors.raised(floors, measured, METRICS)


def main() -> int:
    """Measure, print, and optionally gate or raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise the typing floors to the figures")
    ap.add_argument("--errors", action="store_true", help="print the tuning half's (odd ids') misses")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    args = ap.parse_args()

    case = args.shared / "dev" / "case2021-task2" / "test_set_final_release_with_labels.tsv"
    plover = args.shared / "dev" / "plover-gsr-cameo" / "PLOVER_GSR_CAMEO.txt"
    if not case.exists():
        print(f"typing bench skipped: {case} is absent")
        return 0
    evaluate, Pipeline, _, Settings = _sitrep()
    t0 = time.perf_counter()
    pipe = Pipeline(Settings(n_process=args.workers))
    res = run_case(case, pipe, args.workers)
    pl = run_plover(plover, pipe, args.workers) if plover.exists() else None
    secs = time.perf_counter() - t0

    measured = {"tuning_macro_f1": res["tuning"][1], "target_macro_f1": res["target"][1],
                "all_macro_f1": res["all"][1]}
    if pl:
        measured["plover_accuracy"] = pl["accuracy"]
    if args.errors:
        for rec, ev in res["rows"]:
            pred = ev.subtype if ev else None
            if int(rec.id) % 2 == 1 and pred != rec.sub_event_type:
                trig = f" [{ev.trigger}]" if ev is not None and getattr(ev, "trigger", None) else ""
                print(f"MISS {rec.id:>5} gold={rec.sub_event_type} pred={pred}{trig} :: {rec.text[:220]}")
        print()
    tuning, target = res["tuning"][0], res["target"][0]
    print(f"{'sub-event type':36} {'tuning (odd ids) P/R/F1':>26} {'n':>4}   {'target F1':>9} {'n':>4}")
    for a, b in zip(tuning, target):
        print(f"{a.label:36} {a.precision:8.2f} {a.recall:6.2f} {a.f1:6.2f}     {a.support:4d}   {b.f1:9.2f} {b.support:4d}")
    floors = _floors.read().get(SECTION, {})
    print()
    print(f"{'figure':18} {'now':>6} {'first baseline':>15} {'floor':>6}")
    for m in ("tuning_macro_f1", "target_macro_f1", "all_macro_f1", "plover_accuracy"):
        if m in measured:
            fl = f"{floors[m]:.2f}" if m in floors else "-"
            print(f"{m:18} {measured[m]:6.3f} {FIRST_BASELINE[m]:15.3f} {fl:>6}")
    if pl:
        per = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(pl["by_type"].items()))
        print(f"plover: {pl['n']} GSR sentences with a clear mapping; no event for {pl['none']}; right by type: {per}")
    print(f"case2021: {len(res['rows'])} snippets; target macro-F1 >= 0.80 on even ids; "
          f"took {secs:.0f} s with {args.workers} worker(s)")
    if args.raise_floors:
        data = _floors.read()
        new = raised(floors, measured)
        data[SECTION] = new
        _floors.write(data)
        print(f"floors written to {_floors.BASELINE.relative_to(ROOT)}" + (" (unchanged)" if new == floors else ""))
        floors = new
    if args.check:
        problems = below_floors(measured, floors)
        for p in problems:
            print(f"BELOW FLOOR  {p}")
        if problems:
            return 1
        print("typing gate: all figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
