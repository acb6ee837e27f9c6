#!/usr/bin/env python3
"""Event typing against CASE 2021 task 2 (ACLED sub-types) and the PLOVER field against the PLOVER GSR.

usage: .venv/bin/python bench/event_types.py [--check] [--raise-floors] [--errors] [--workers N]
                                             [--typer rules|learned|PATH] [--compare] [--acled-rows N]

  case2021  ../shared/dev/case2021-task2/test_set_final_release_with_labels.tsv (1,019 snippets). Each
            snippet's prediction is the sub-type of sitrep's first non-historical event, or none. Macro-F1
            over ACLED's 25 sub-types; snippets of the 5 non-ACLED labels count only as negatives (an ACLED
            sub-type predicted for them is a false positive). Odd ids are the tuning half, even ids the
            target half (target: macro-F1 >= 0.80); never tune on the even half.
  plover    ../shared/dev/plover-gsr-cameo/PLOVER_GSR_CAMEO.txt: sentences whose PLOVER 0.5 type maps clearly
            to sitrep's plover field (FIGHT -> ASSAULT, DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, same-named
            types as themselves); accuracy of the first event's plover, and how often sitrep gives none. No target.

  acled     ../shared/dev/acled-train/acled_train.csv.gz, the `dev` split only (never trained or tuned on): per
            note, the first non-historical event against ACLED's coding: detected (any event), type,
            sub-type, date (the coded day within the event's dates; relative dates anchored on event_date + 1
            day) and exact deaths. --acled-rows N takes a fixed sample of N dev rows (a stable hash of the
            row; default 2,000, what CI gates); 0 takes all 9,762. Targets: detected >= 0.97, sub-type >= 0.85,
            date >= 0.97, exact deaths >= 0.85.
            Each note carries ACLED's `country` as the article's country hint (as `sitrep evaluate` passes it);
            acled_dev_country is the share whose first event's place lies in that country (the split has no
            coordinates, so no distance can be scored there).
  ucdp      (--compare only) ../shared/dev/ucdp-ged-sample: GED headlines with one source whose place is coded
            to the town (where_prec 1-2), each an article published on its source_date with UCDP's country as
            the hint; ucdp_place_25km: the first event's place lies within 25 km of UCDP's coordinates.

The figures are for the typer in use (--typer: learned, the default: the shipped model beside the rules, leading
in event notes; or rules). The floors in bench/baseline.json are the default's.
--compare also runs the rules alone (--typer rules) and the model alone (its best label for the whole text,
no pipeline: so no date or deaths) and prints the three side by side, with a fourth column: the default typer
again without the country hint (ACLED dev and UCDP), measured in the same run.

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
METRICS = ("tuning_macro_f1", "target_macro_f1", "acled_dev_detected", "acled_dev_type", "acled_dev_subtype",
           "acled_dev_date", "acled_dev_deaths")
ACLED_FIELDS = ("detected", "event_type", "sub_event_type", "event_date", "fatalities")
ACLED_NAMES = {"detected": "acled_dev_detected", "event_type": "acled_dev_type",
               "sub_event_type": "acled_dev_subtype", "event_date": "acled_dev_date", "fatalities": "acled_dev_deaths"}
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


def acled_dev(shared: Path, rows: int) -> list[Any]:
    """The ACLED dev split's GoldRecords (all, or a fixed sample of `rows` by a stable hash of each row)."""
    return acled_split(shared, rows, "dev")


def acled_split(shared: Path, rows: int, split: str) -> list[Any]:
    """The GoldRecords of one split of acled-train ("train" or "dev"): all, or a fixed sample of `rows` by a
    stable hash of each row."""
    import csv
    import gzip
    import hashlib
    import io
    import tempfile

    evaluate = _sitrep()[0]
    path = shared / "dev" / "acled-train" / "acled_train.csv.gz"
    with gzip.open(path, "rb") as fh:
        reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8"))
        fields = [f for f in reader.fieldnames or [] if f != "split"]
        chosen = [{f: r[f] for f in fields} for r in reader if r["split"] == split]
    if rows:
        def key(r: dict[str, str]) -> bytes:
            return hashlib.blake2b((r["event_id_cnty"] + "\n" + r["notes"]).encode("utf-8"), digest_size=8).digest()
        chosen = sorted(chosen, key=key)[:rows]
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"acled_{split}.csv"
        with p.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(chosen)
        return list(evaluate.read_gold(p).records)


def country_code(pipe: Any, name: str | None) -> str | None:
    """ISO alpha-2 of a country name (UCDP's "Myanmar (Burma)" read as "Myanmar"), by the gazetteer; None if unknown."""
    from sitrep.resolve.focus import hint_code

    return hint_code((name or "").split(" (")[0], pipe.extractor.gazetteer)


def run_acled(records: list[Any], pipe: Any, workers: int, hint: bool = True) -> dict[str, float]:
    """Share of dev notes whose first event gets each field right (detected: any event at all).

    `hint`: each note carries ACLED's `country` as the article's country hint (as `sitrep evaluate` passes it).
    Also `acled_dev_country`: the first event's place is in ACLED's country (the dev split has no coordinates)."""
    evaluate, _, Article, _ = _sitrep()
    arts = [Article(id=str(i), text=r.text, published=r.published, country=r.country if hint else None)
            for i, r in enumerate(records)]
    right = dict.fromkeys(ACLED_FIELDS, 0)
    total = dict.fromkeys(ACLED_FIELDS, 0)
    in_country = 0
    for rec, res in zip(records, pipe.extract_many(arts, n_process=workers)):
        ev = evaluate.first_event(res.events)
        checks = {"detected": ev is not None, **evaluate.field_checks(rec, ev, ACLED_FIELDS[1:])}
        for f, ok in checks.items():
            total[f] += 1
            right[f] += ok
        in_country += bool(ev is not None and ev.where is not None and ev.where.country
                           and ev.where.country == country_code(pipe, rec.country))
    out = {ACLED_NAMES[f]: right[f] / total[f] for f in ACLED_FIELDS if total[f]}
    if records:
        out["acled_dev_country"] = in_country / len(records)
    return out


def ucdp_rows(shared: Path) -> list[dict[str, str]]:
    """UCDP GED sample rows with one source headline and a place coded to the town (where_prec 1-2)."""
    import csv

    path = shared / "dev" / "ucdp-ged-sample" / "ucdpged_sample_v23.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r for r in rows if r["source_headline"].strip() and ";" not in r["source_headline"] + r["source_date"]
            and r["where_prec"].split(".")[0] in ("1", "2") and r["latitude"] and r["longitude"]]


def run_ucdp_place(rows: list[dict[str, str]], pipe: Any, workers: int, hint: bool) -> dict[str, float]:
    """Share of UCDP headlines whose first event's place lies within 25 km of UCDP's coordinates (the headline is
    the article, published on its source_date; `hint`: UCDP's country as the article's country hint)."""
    evaluate, _, Article, _ = _sitrep()
    arts = [Article(id=str(i), text=r["source_headline"].strip(), published=r["source_date"][:10] or None,
                    country=r["country"].split(" (")[0] if hint else None) for i, r in enumerate(rows)]
    near = 0
    for r, res in zip(rows, pipe.extract_many(arts, n_process=workers)):
        ev = evaluate.first_event(res.events)
        w = ev.where if ev is not None else None
        near += bool(w is not None and w.lat is not None and w.lon is not None and evaluate._km(
            float(r["latitude"]), float(r["longitude"]), w.lat, w.lon) <= evaluate.NEAR_KM)
    return {"ucdp_place_25km": near / len(rows)} if rows else {}


def model_alone(model: Any, case_records: list[Any], acled_records: list[Any]) -> dict[str, float]:
    """The model's best label for each whole text, no pipeline: CASE macro-F1 per half, ACLED detected/type/sub-type."""
    evaluate = _sitrep()[0]
    out: dict[str, float] = {}
    preds = {r.id: (model.predict(r.text) or None) for r in case_records}
    for name, parity in (("tuning_macro_f1", 1), ("target_macro_f1", 0)):
        pairs = [(r.sub_event_type, preds[r.id]) for r in case_records if int(r.id) % 2 == parity]
        out[name] = evaluate.type_scores(pairs, evaluate.SUBTYPES)[1]
    if acled_records:
        types = evaluate.TYPE_OF_SUBTYPE
        got = [model.predict(r.text) or None for r in acled_records]
        n = len(acled_records)
        out["acled_dev_detected"] = sum(g is not None for g in got) / n
        out["acled_dev_subtype"] = sum(g == r.sub_event_type for g, r in zip(got, acled_records)) / n
        out["acled_dev_type"] = sum(types.get(g or "") == r.event_type for g, r in zip(got, acled_records)) / n
    return out


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
    ap.add_argument("--typer", default="learned", help="the typer measured: learned (the default), rules or a model path")
    ap.add_argument("--compare", action="store_true", help="also measure the rules alone and the model alone")
    ap.add_argument("--acled-rows", type=int, default=2000, help="ACLED dev rows (fixed sample; 0: all)")
    args = ap.parse_args()

    case = args.shared / "dev" / "case2021-task2" / "test_set_final_release_with_labels.tsv"
    plover = args.shared / "dev" / "plover-gsr-cameo" / "PLOVER_GSR_CAMEO.txt"
    if not case.exists():
        print(f"typing bench skipped: {case} is absent")
        return 0
    evaluate, Pipeline, _, Settings = _sitrep()
    t0 = time.perf_counter()
    pipe = Pipeline(Settings(n_process=args.workers, typer=args.typer))
    res = run_case(case, pipe, args.workers)
    pl = run_plover(plover, pipe, args.workers) if plover.exists() else None
    has_acled = (args.shared / "dev" / "acled-train" / "acled_train.csv.gz").exists()
    acled_records = acled_dev(args.shared, args.acled_rows) if has_acled else []
    measured = {"tuning_macro_f1": res["tuning"][1], "target_macro_f1": res["target"][1],
                "all_macro_f1": res["all"][1]}
    if acled_records:
        measured.update(run_acled(acled_records, pipe, args.workers))
    ucdp = ucdp_rows(args.shared) if args.compare else []
    if ucdp:
        measured.update(run_ucdp_place(ucdp, pipe, args.workers, hint=True))
    secs = time.perf_counter() - t0
    if pl:
        measured["plover_accuracy"] = pl["accuracy"]
    columns: dict[str, dict[str, float]] = {}
    if args.compare:
        from sitrep.typer import resolve_typer

        rules_pipe = Pipeline(Settings(n_process=args.workers, typer="rules"))
        rres = run_case(case, rules_pipe, args.workers)
        columns["rules"] = {"tuning_macro_f1": rres["tuning"][1], "target_macro_f1": rres["target"][1],
                            **(run_acled(acled_records, rules_pipe, args.workers) if acled_records else {})}
        model = resolve_typer(args.typer if args.typer != "rules" else "learned")
        columns["model alone"] = model_alone(model, list(evaluate.read_gold(case).records), acled_records)
        columns[f"--typer {args.typer}"] = measured
        columns["same, no country hint"] = {
            **(run_acled(acled_records, pipe, args.workers, hint=False) if acled_records else {}),
            **(run_ucdp_place(ucdp, pipe, args.workers, hint=False) if ucdp else {})}
    columns[f"--typer {args.typer}"] = measured
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
    names = list(columns)
    print(f"{'figure':20} " + " ".join(f"{n:>20}" for n in names) + f" {'first baseline':>15} {'floor':>6}")
    for m in ("tuning_macro_f1", "target_macro_f1", "all_macro_f1", "plover_accuracy", *ACLED_NAMES.values(),
              "acled_dev_country", "ucdp_place_25km"):
        if m in measured:
            fl = f"{floors[m]:.2f}" if m in floors else "-"
            first = f"{FIRST_BASELINE[m]:.3f}" if m in FIRST_BASELINE else "-"
            cells = " ".join(f"{columns[n][m]:20.3f}" if m in columns[n] else f"{'-':>20}" for n in names)
            print(f"{m:20} {cells} {first:>15} {fl:>6}")
    if acled_records:
        print(f"acled dev: {len(acled_records)} notes ({'all' if not args.acled_rows else 'fixed sample'}); "
              "targets: detected >= 0.97, sub-type >= 0.85, date >= 0.97, exact deaths >= 0.85; "
              "acled_dev_country: the first event's place lies in ACLED's country (notes carry it as the hint)")
    if ucdp:
        print(f"ucdp: {len(ucdp)} GED headlines coded to the town (where_prec 1-2), one source each; "
              "ucdp_place_25km: the first event's place within 25 km of UCDP's coordinates")
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
