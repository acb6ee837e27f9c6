#!/usr/bin/env python3
"""The type and sub-type confusions of sitrep's first event on ACLED training notes.

usage: .venv/bin/python bench/type_confusion.py [--rows N] [--typer rules|learned|PATH ...] [--top K]
                                               [--examples PAIR] [--shared DIR]

Reads the ACLED tuning slice (bench/tune_notes.py: 3% of split == "train", never judged on), runs the pipeline
once per typer on the same parsed notes and prints, per typer: the share of notes whose first event has ACLED's
type and sub-type, then the top confusions of type (ACLED's -> sitrep's) and of sub-type, with counts and their
share of all notes. The rules-alone typer is what types full articles (the model leads only in short notes), so
its confusions on thousands of coded notes are the large-data view of the typing rules' mistakes.
--examples "WANT -> GOT" (sub-types, e.g. "Air/drone strike -> Attack") prints the notes of one confusion (train
rows only: for reading, never for committing). Without ../shared it says so and exits 0.
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

NONE = "(none)"


def confusions(pairs: list[tuple[str, str]], top: int) -> list[tuple[str, str, int]]:
    """The `top` most frequent (want, got) pairs with want != got."""
    c = collections.Counter(p for p in pairs if p[0] != p[1])
    return [(w, g, n) for (w, g), n in c.most_common(top)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=0, help="first N rows of the slice (0: all, about 2,900)")
    ap.add_argument("--typer", action="append", default=[], help="typers to measure (default: rules, learned)")
    ap.add_argument("--top", type=int, default=15, help="confusions printed per table")
    ap.add_argument("--examples", default="", help='print the notes of one sub-type confusion, "WANT -> GOT"')
    ap.add_argument("--max-examples", type=int, default=40)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    if not (args.shared / "dev" / "acled-train" / "acled_train.csv.gz").exists():
        print(f"no ACLED training file under {args.shared}: skipped")
        return 0
    from sitrep import evaluate
    from sitrep.events import EventBuilder
    from sitrep.extractor import Extractor
    from sitrep.records import Article
    from sitrep.settings import Settings
    from sitrep.typer import resolve_typer
    from tune_notes import slice_records

    recs = slice_records(args.shared, args.rows)
    base = Extractor(Settings(typer="rules"))
    arts = [Article(id=str(i), text=r.text, published=r.published, country=r.country) for i, r in enumerate(recs)]
    docs = list(base.docs(arts))
    print(f"ACLED tuning slice: {len(recs)} train notes")
    for name in args.typer or ["rules", "learned"]:
        typer: Any = None if name == "rules" else resolve_typer(name)
        ex = Extractor(base.settings, nlp=base.nlp, gazetteer=base.gazetteer, builder=EventBuilder(typer=typer))
        types: list[tuple[str, str]] = []
        subs: list[tuple[str, str]] = []
        shown = 0
        for rec, doc, art in zip(recs, docs, arts):
            ev = evaluate.first_event(ex.events_of(doc, art))
            types.append((rec.event_type or NONE, ev.type if ev else NONE))
            subs.append((rec.sub_event_type or NONE, ev.subtype if ev else NONE))
            if args.examples and f"{subs[-1][0]} -> {subs[-1][1]}" == args.examples and shown < args.max_examples:
                shown += 1
                print(f"  EX [{name}] {rec.text[:400]}")
        n = max(1, len(recs))
        print(f"\n== typer {name}: type {sum(w == g for w, g in types) / n:.3f}, "
              f"sub-type {sum(w == g for w, g in subs) / n:.3f}, none {sum(g == NONE for _, g in subs) / n:.3f}")
        for title, pairs in (("type", types), ("sub-type", subs)):
            print(f"-- top {title} confusions (ACLED -> sitrep): count, share of notes")
            for w, g, k in confusions(pairs, args.top):
                print(f"  {k:5d} {k / n:6.3f}  {w} -> {g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
