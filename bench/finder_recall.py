#!/usr/bin/env python3
"""Candidate recall of the place finder on Halterman's event-location items (../shared/dev/halterman-event-location).

usage: .venv/bin/python bench/finder_recall.py [--half odd|even|both] [--misses N]

Items: those with a gold LOCATION span that are not `source == "RELABEL"` (the RELABEL items are the event-place
bench's held-out set, never read here). Each item's sentence goes through sitrep's pipeline; an item counts as found
when some mention of `doc._.sitrep_places` overlaps one of its gold LOCATION spans (broken offsets are re-found by
the span's own text; spans with no text are skipped). Halves by the MD5 of the item's `_id` (odd: tune, even: judge).
--misses N lists the first N missed spans of the odd half with the model's entities over them (tuning only).
Without ../shared it says so and exits 0. Not gated: no floor.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import event_place  # noqa: E402  (the data file's reader)

ROOT = Path(__file__).resolve().parent.parent
DATA = event_place.DATA


def gold_spans(item: dict[str, Any]) -> list[tuple[int, int]]:
    """(start, end) of the item's gold LOCATION spans, re-found by their text where the offsets are broken."""
    text, out = item["text"], []
    for s in item.get("spans") or []:
        if s.get("label") != "LOCATION":
            continue
        a, b = s["start"], s["end"]
        t = (s.get("text") or "").strip()
        if t and text[a:b].strip() != t and t in text:
            a = text.index(t)
            b = a + len(t)
        if text[a:b].strip():
            out.append((a, b))
    return out


def load(half: str) -> list[dict[str, Any]]:
    """Non-RELABEL items of one half with at least one usable gold LOCATION span."""
    out = []
    for r in event_place.records(relabel=False, path=DATA):
        odd = int(hashlib.md5(str(r.get("_id")).encode()).hexdigest(), 16) % 2 == 1
        if odd != (half == "odd"):
            continue
        r["gold"] = gold_spans(r)
        if r["gold"]:
            out.append(r)
    return out


def run(half: str, misses: int = 0) -> float:
    """Share of the half's items whose gold place some finder mention overlaps; prints misses when asked."""
    from sitrep.extractor import Extractor
    from sitrep.records import Article

    items = load(half)
    ex = Extractor()
    hit, shown = 0, 0
    for r, doc in zip(items, ex.docs(Article(id=str(r["_id"]), text=r["text"]) for r in items)):
        ms = doc._.sitrep_places or []
        if any(m.start < b and a < m.end for a, b in r["gold"] for m in ms):
            hit += 1
        elif half == "odd" and shown < misses:
            a, b = r["gold"][0]
            ents = [(e.text, e.label_) for e in doc.ents if e.start_char < b and a < e.end_char]
            print(f"  miss {r['text'][a:b]!r} {ents}")
            shown += 1
    share = hit / len(items) if items else 0.0
    print(f"{half:5} items {len(items)}  found {share:.3f}")
    return share


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("odd", "even", "both"), default="both")
    ap.add_argument("--misses", type=int, default=0)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}: skipped")
        return 0
    for half in (("odd", "even") if args.half == "both" else (args.half,)):
        run(half, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
