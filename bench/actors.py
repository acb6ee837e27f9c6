#!/usr/bin/env python3
"""Actor kinds against ACLED's coding of its event notes (../shared/dev/acled-train).

usage: .venv/bin/python bench/actors.py [--check] [--raise-floors] [--rows N] [--split dev|train] [--errors N]

ACLED names its generic actors by fixed conventions, so the kind (DESIGN.md's actor kinds, ACLED's interaction
codes) of most coded actors follows from the name alone:
  "Protesters (Country)" -> protesters        "Rioters (Country)" -> rioters       "Civilians (Country)" -> civilians
  "Military Forces of X (years)", "Police Forces of X (years)" -> state_forces when X is the note's country,
      else external (a foreign state's forces)
  "... Ethnic Militia", "... Communal Militia", "... Clan Militia", "... Tribal Militia" -> identity_militia
  "Unidentified Armed Group (Country)" -> political_militia or unknown (sitrep's kind for unnamed gunmen)
Named organisations (a party, a rebel group) are not scored: their kind is ACLED's judgement, not the name's.

Per note, the first non-historical event's actor1 and actor2 are compared with ACLED's actor1 and actor2 where
their names map to a kind: actor1_kind and actor2_kind are the shares right among those notes (a note with no
event, or no actor where ACLED has one, counts as wrong). Each note carries ACLED's country as the hint.
--split dev (the default) is the judging split; --split train with --errors N prints N wrong notes to read.
--rows N takes a fixed sample (a stable hash of each row; default 2,000); 0 takes the whole split.
--check exits 1 when a figure is below its floor in bench/baseline.json ("actors"); --raise-floors raises
(never lowers) those floors (dev split, default rows only). Without ../shared it says so and exits 0.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402
from event_types import _sitrep, acled_split  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = "actors"
METRICS = ("actor1_kind", "actor2_kind")
_FORCES = re.compile(r"^(?:Military|Police) Forces of ([^(]+)")
_IDENTITY = re.compile(r"\b(?:Ethnic|Communal|Clan|Sub-Clan|Tribal) Militia\b")


def gold_kinds(name: str | None, country: str | None) -> frozenset[str] | None:
    """The kinds ACLED's actor name `name` stands for in a note of `country`; None when the name says no kind."""
    if not name:
        return None
    head = name.split(" (")[0].strip()
    if head == "Protesters":
        return frozenset({"protesters"})
    if head == "Rioters":
        return frozenset({"rioters"})
    if head == "Civilians":
        return frozenset({"civilians"})
    if head == "Unidentified Armed Group":
        return frozenset({"political_militia", "unknown"})
    if _IDENTITY.search(name):
        return frozenset({"identity_militia"})
    m = _FORCES.match(name)
    if m:
        of = m.group(1).strip().removeprefix("the ")
        return frozenset({"state_forces"}) if country and of == country else frozenset({"external"})
    return None


def run(records: list[Any], pipe: Any, errors: int = 0) -> dict[str, Any]:
    evaluate, _, Article, _ = _sitrep()
    arts = [Article(id=str(i), text=r.text, published=r.published, country=r.country) for i, r in enumerate(records)]
    right, total = Counter(), Counter()
    confusion: dict[str, Counter] = {"actor1": Counter(), "actor2": Counter()}
    shown = 0
    for rec, res in zip(records, pipe.extract_many(arts, n_process=1)):
        ev = evaluate.first_event(res.events)
        wrong = []
        for slot in ("actor1", "actor2"):
            want = gold_kinds(getattr(rec, slot), rec.country)
            if want is None:
                continue
            got_actor = getattr(ev, slot, None) if ev is not None else None
            got = got_actor.kind if got_actor is not None else None
            total[slot] += 1
            ok = got in want
            right[slot] += ok
            if not ok:
                confusion[slot][(sorted(want)[0], got)] += 1
                got_name = got_actor.name if got_actor is not None else None
                wrong.append(f"{slot} {sorted(want)[0]} got {got} [{getattr(rec, slot)} | {got_name}]")
        if wrong and shown < errors:
            shown += 1
            typed = f"{ev.type}/{ev.subtype}" if ev is not None else "no event"
            print(f"WRONG {'; '.join(wrong)} ({typed}; ACLED {rec.event_type}) :: {rec.text[:240]}")
    out: dict[str, Any] = {f"{s}_kind": right[s] / total[s] for s in ("actor1", "actor2") if total[s]}
    out["n"] = dict(total)
    out["confusion"] = confusion
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise the actors floors to the figures")
    ap.add_argument("--rows", type=int, default=2000, help="rows of the split (fixed sample; 0: all)")
    ap.add_argument("--split", choices=("dev", "train"), default="dev", help="dev judges; train is for reading")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong notes (train split only)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    args = ap.parse_args()
    path = args.shared / "dev" / "acled-train" / "acled_train.csv.gz"
    if not path.exists():
        print(f"actors bench skipped: {path} is absent")
        return 0
    if args.errors and args.split != "train":
        print("--errors reads the train split only (the dev split judges): add --split train", file=sys.stderr)
        return 2
    _, Pipeline, _, Settings = _sitrep()
    t0 = time.perf_counter()
    records = acled_split(args.shared, args.rows, args.split)
    res = run(records, Pipeline(Settings(n_process=1)), args.errors)
    floors = _floors.read().get(SECTION, {}) if args.split == "dev" else {}
    for m in METRICS:
        if m in res:
            fl = f"  (floor {floors[m]:.2f})" if m in floors else ""
            print(f"{m:12} {res[m]:.3f}  of {res['n'][m.split('_')[0]]} notes{fl}")
    for slot, conf in res["confusion"].items():
        top = ", ".join(f"{w}->{g}: {n}" for (w, g), n in conf.most_common(8))
        print(f"{slot} wrong (ACLED kind -> sitrep kind): {top}")
    print(f"acled {args.split}: {len(records)} notes; {time.perf_counter() - t0:.0f} s")
    measured = {m: res[m] for m in METRICS if m in res}
    if args.raise_floors and args.split == "dev" and args.rows == 2000:
        data = _floors.read()
        data[SECTION] = _floors.raised(data.get(SECTION, {}), measured, METRICS)
        _floors.write(data)
        print(f"floors now {data[SECTION]}")
    if args.check and floors:
        problems = _floors.below(measured, floors)
        for p in problems:
            print(f"below floor: {p}")
        if problems:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
