#!/usr/bin/env python3
"""Pipeline-level tuning on the ACLED tuning slice (3% of split == "train", bench/train_typer.py's _tune_row).

usage: PYTHONPATH=src .venv/bin/python bench/tune_notes.py --typer MODEL [--rows N] [--errors FIELD]
                                                           [--variant NAME ...]

The slice is never judged on (bench/event_types.py judges on `dev`); the model should be one trained without it
(`bench/train_typer.py --without-tuning-rows --out MODEL`) so the model's figures here are out of sample. Each
note is parsed once; every variant (a change of the combination or of the country hint's weight) re-runs the
event stages on the same Docs and prints detected / type / sub-type / date / exact deaths / place in ACLED's
country. --errors FIELD prints the slice's misses of one field for the first variant (tuning rows only).
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

FIELDS = ("detected", "event_type", "sub_event_type", "event_date", "fatalities", "country")


def slice_records(shared: Path, rows: int) -> list[Any]:
    """The tuning slice as GoldRecords (event_date + 1 day anchors relative dates, as on dev)."""
    import csv
    import tempfile

    from sitrep import evaluate
    from train_typer import _tune_row, acled_rows

    held = [r for r in acled_rows(shared) if _tune_row(r["event_id_cnty"])]
    if rows:
        held = held[:rows]
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "slice.csv"
        fields = [f for f in held[0] if f != "split"]
        with p.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
            w.writeheader()
            w.writerows(held)
        return list(evaluate.read_gold(p).records)


def variants(model: Any) -> dict[str, Callable[[], Any]]:
    """name -> a function that sets the variant up and returns ("hint" or "nohint", the typer for it)."""
    from sitrep.events.typing import learned
    from sitrep.resolve import focus

    def make(hint: float = 2.0, use: bool = True, quote: int = 4, lead: bool = True, date_chars: int = 120,
             attribution: bool = False, weekday: bool = False, full: bool = False, **comb: Any) -> Callable[[], Any]:
        def setup() -> Any:
            focus.HINT_VOTES, learned.QUOTE_MAX_WORDS, learned.NOTE_ADD_AT_LEAD = hint, quote, lead
            learned.NOTE_DATE_CHARS = date_chars
            learned.NOTE_NO_ATTRIBUTION, learned.NOTE_NO_WEEKDAY = attribution, weekday
            learned.NOTE_UNSURE_FULL_DATE = full
            return ("hint" if use else "nohint",
                    dataclasses.replace(model, combine=dataclasses.replace(model.combine, **comb)) if comb else model)
        return setup

    return {
        "model's own": make(), "no hint": make(use=False), "hint 1 vote": make(hint=1.0),
        "hint 100 votes": make(hint=100.0),
        "note first retype off": make(note_retype_first=0), "note first retype on": make(note_retype_first=1),
        "any quote: no note": make(quote=0), "add at best sentence": make(lead=False),
        "round 2 (all off)": make(quote=0, lead=False, note_retype_first=0),
        "all on": make(note_retype_first=1),
        "date anywhere": make(date_chars=0),
        **{f"{d}{', no attribution' if at else ''}{', no weekday' if wd else ''}, retype>{r}, add>{a}":
           make(date_chars=0 if d == "anywhere" else 120, attribution=at, weekday=wd, retype_min_score=r,
                add_min_score=a)
           for d in ("anywhere", "first 120") for at in (False, True) for wd in (False, True)
           for r in (0.0, -0.5) for a in (0.0, -0.5)},
        **{f"anywhere, no attribution, no weekday, full-date retype>{r}, add>{a}":
           make(date_chars=0, attribution=True, weekday=True, full=True, retype_min_score=r, add_min_score=a)
           for r in (-0.5, -99.0) for a in (-0.5,)},
        **{f"date anywhere, retype>{r}, add>{a}": make(date_chars=0, retype_min_score=r, add_min_score=a)
           for r in (0.0, -0.25, -0.5, -99.0) for a in (0.0, -0.25, -0.5, -0.75, -1.0)},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--typer", required=True, help="a model trained without the tuning slice")
    ap.add_argument("--rows", type=int, default=0, help="first N rows of the slice (0: all)")
    ap.add_argument("--errors", default="", help="print the first variant's misses of these fields (comma-separated)")
    ap.add_argument("--variant", action="append", default=[], help="only these variants (default: all)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    from sitrep import evaluate
    from sitrep.events import EventBuilder
    from sitrep.extractor import Extractor
    from sitrep.records import Article
    from sitrep.resolve.focus import hint_code
    from sitrep.settings import Settings
    from sitrep.typer import resolve_typer

    recs = slice_records(args.shared, args.rows)
    base = Extractor(Settings(typer="rules"))
    arts = [Article(id=str(i), text=r.text, published=r.published, country=r.country) for i, r in enumerate(recs)]
    docs = list(base.docs(arts))
    codes = [hint_code(r.country, base.gazetteer) for r in recs]
    model = resolve_typer(args.typer)
    todo = variants(model)
    names = args.variant or list(todo)
    print(f"tuning slice: {len(recs)} ACLED train notes; typer {args.typer}")
    print(f"{'variant':24} " + " ".join(f"{f[:9]:>9}" for f in FIELDS))
    for k, name in enumerate(names):
        mode, typer = todo[name]()
        ex = Extractor(base.settings, nlp=base.nlp, gazetteer=base.gazetteer, builder=EventBuilder(typer=typer))
        right = dict.fromkeys(FIELDS, 0)
        total = dict.fromkeys(FIELDS, 0)
        for rec, doc, art, code in zip(recs, docs, arts, codes):
            ev = evaluate.first_event(ex.events_of(doc, art if mode == "hint" else art.replace(country=None)))
            checks = {"detected": ev is not None,
                      **evaluate.field_checks(rec, ev, ("event_type", "sub_event_type", "event_date", "fatalities")),
                      "country": bool(ev and ev.where and ev.where.country and ev.where.country == code)}
            for f, ok in checks.items():
                total[f] += 1
                right[f] += ok
                if k == 0 and f in args.errors.split(",") and not ok:
                    got = {"event_type": ev and ev.type, "sub_event_type": ev and ev.subtype,
                           "event_date": ev and (ev.when.start, ev.when.end, ev.when.text),
                           "fatalities": ev and evaluate.fatalities_of(ev), "country": ev and ev.where and
                           (ev.where.country, ev.where.name), "detected": None}[f]
                    want = {"event_type": rec.event_type, "sub_event_type": rec.sub_event_type,
                            "event_date": rec.event_date, "fatalities": rec.fatalities, "country": code,
                            "detected": rec.sub_event_type}[f]
                    print(f"MISS {f} want={want} got={got} :: {rec.text[:300]}")
        print(f"{name:24} " + " ".join(f"{right[f] / max(1, total[f]):9.3f}" for f in FIELDS), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
