#!/usr/bin/env python3
"""One event per happening, measured on ACLED notes: how many events sitrep gives per multi-sentence note.

usage: .venv/bin/python bench/events_per_note.py [--split dev|train] [--rows N] [--typer rules|learned|PATH]

An ACLED note is one event (its later sentences tell the event's arrests, toll, the state's response, how it
unfolded), so every event beyond the first on a note is a split happening. Reads
../shared/dev/acled-train/acled_train.csv.gz: the `dev` split (held out: judge here) or `train` (tuning: read
errors here only), a fixed sample of N rows (bench/event_types.py's stable hash; default 2,000, as its ACLED
figures), keeps the notes of two or more sentences, and prints the mean number of non-historical events per
note, the share of notes with more than one, and the types of the extra events. No floors: report it beside
precision. Without ../shared it says so and exits 0.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

SENTENCE_END = re.compile(r"[.!?](\s|$)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--rows", type=int, default=2000, help="fixed sample size (0: the whole split)")
    ap.add_argument("--typer", default="learned")
    args = ap.parse_args()
    shared = ROOT.parent / "shared"
    if not (shared / "dev" / "acled-train" / "acled_train.csv.gz").exists():
        print("events_per_note: ../shared/dev/acled-train not found; skipped")
        return 0
    import event_types

    _, Pipeline, Article, Settings = event_types._sitrep()
    records = event_types.acled_split(shared, args.rows, args.split)
    multi = [r for r in records if len(SENTENCE_END.findall(r.text.strip())) >= 2]
    pipe = Pipeline(Settings(n_process=1, typer=args.typer))
    arts = [Article(id=str(i), text=r.text, published=r.published, country=r.country) for i, r in enumerate(multi)]
    per_note: collections.Counter[int] = collections.Counter()
    extra: collections.Counter[str] = collections.Counter()
    total = 0
    for res in pipe.extract_many(arts, n_process=1):
        events = [e for e in res.events if not getattr(e, "historical", False)]
        total += len(events)
        per_note[min(len(events), 4)] += 1
        for e in events[1:]:
            extra[f"{e.type}: {e.subtype}"] += 1
    n = len(multi) or 1
    split = sum(v for k, v in per_note.items() if k > 1) / n
    print(f"acled {args.split}: {len(multi)} multi-sentence notes of {len(records)}; events per note "
          f"{total / n:.3f}; notes with more than one event {split:.3f}; by count (4 = 4 or more) "
          f"{dict(sorted(per_note.items()))}")
    print("extra events by type:", ", ".join(f"{k} {v}" for k, v in extra.most_common(8)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
