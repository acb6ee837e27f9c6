#!/usr/bin/env python3
"""Date errors on ACLED notes of the `train` split (the tuning split; never the dev split), to read them.

usage: .venv/bin/python bench/acled_dates.py [--rows N] [--workers N] [--shared DIR] [--quiet]

Runs the pipeline on a fixed sample of N train notes (a stable hash of each row; default 2,000), each anchored
as `sitrep evaluate` anchors an ACLED row (its `published` column, else event_date + 1 day) with ACLED's country
as the hint, and prints, per note whose first non-historical event misses ACLED's date: the gold date, ours
(start..end), the date phrase and the strategy that placed it, then the note. Then the share right, and the
misses counted by kind: no event, no date, a date off by a week or less, by a month or less, further.
The dev split stays the judge (bench/event_types.py); never tune on it.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def train_records(shared: Path, rows: int) -> list:
    """The train split's GoldRecords: a fixed sample of `rows` (0: all) by a stable hash of each row."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    from event_types import acled_split

    return acled_split(shared, rows, "train")


def kind(gold: str, start: str | None, end: str | None, has_event: bool) -> str:
    """The kind of a miss."""
    if not has_event:
        return "no event"
    if not start:
        return "no date"
    g = date.fromisoformat(gold)
    s, e = date.fromisoformat(start[:10]), date.fromisoformat((end or start)[:10])
    off = min(abs((g - s).days), abs((g - e).days))
    if off <= 7:
        return "off <= 7 days"
    if off <= 31:
        return "off <= 31 days"
    return "off further"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=2000, help="train notes (fixed sample; 0: all)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--quiet", action="store_true", help="only the counts, not each miss")
    args = ap.parse_args()
    if not (args.shared / "dev" / "acled-train" / "acled_train.csv.gz").exists():
        print("acled dates bench skipped: the ACLED file is absent")
        return 0
    import sitrep.evaluate as evaluate
    from sitrep.pipeline import Pipeline
    from sitrep.records import Article
    from sitrep.settings import Settings

    records = [r for r in train_records(args.shared, args.rows) if r.event_date]
    pipe = Pipeline(Settings(n_process=args.workers))
    arts = [Article(id=str(i), text=r.text, published=r.published, country=r.country) for i, r in enumerate(records)]
    right = 0
    kinds: Counter[str] = Counter()
    strategies: Counter[str] = Counter()
    for rec, res in zip(records, pipe.extract_many(arts, n_process=args.workers)):
        ev = evaluate.first_event(res.events)
        if evaluate.field_checks(rec, ev, ("event_date",))["event_date"]:
            right += 1
            continue
        w = ev.when if ev is not None else None
        k = kind(rec.event_date, w.start if w else None, w.end if w else None, ev is not None)
        kinds[k] += 1
        strategies[(w.strategy if w else None) or "-"] += 1
        if not args.quiet:
            ours = f"{w.start}..{w.end}" if w and w.start else "none"
            print(f"MISS [{k}] gold={rec.event_date} pub={rec.published} ours={ours} "
                  f"text={(w.text if w else '')!r} strategy={(w.strategy if w else None)}")
            print(f"     {rec.text}")
    n = len(records)
    print(f"\nacled train: {n} notes; date right {right / n:.3f} ({right}/{n})")
    print("misses by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("misses by strategy: " + ", ".join(f"{k} {v}" for k, v in strategies.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
