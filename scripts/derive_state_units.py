#!/usr/bin/env python3
"""Derive src/sitrep/data/state_units.tsv: named units of a state's forces ("Puntland Dervish Force", "Rapid Action
Battalion") and the state and branch they belong to, from ACLED's actor names in ../shared/dev/acled-train.

usage: .venv/bin/python scripts/derive_state_units.py [--csv PATH] [--dry-run]

ACLED names a state unit after the state's forces: "Military Forces of <state> (<years>) <unit>", and likewise
"Police Forces of ...". Only the `train` split is read (dev judges).
A unit is kept when its name (two words or more) is written in at least MIN_NOTES notes, the notes that write it
code that state's military or police forces as an actor in at least MIN_SHARE of them, and ACLED gives the name
to one state in at least MIN_SINGLE of its actor names (a "Special Forces" or "Prison Guards" of many states is
left to the actor words of actors.yaml, which name the event's own state). Only facts are written: the unit's
name, its state (ISO 3166-1 alpha-2), its branch and the two counts; no text of a note.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "sitrep" / "data" / "state_units.tsv"
DEFAULT_CSV = ROOT.parent / "shared" / "dev" / "acled-train" / "acled_train.csv.gz"
FORCE = re.compile(r"(Military|Police) Forces of (.+?) \(\d{4}-(?:\d{4})?\)\s*(.+)$")
MIN_NOTES, MIN_SHARE, MIN_SINGLE = 5, 0.8, 0.9


def _iso2(name: str, table: dict[str, str]) -> str | None:
    name = name.removeprefix("the ")
    return table.get(name.lower())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--dry-run", action="store_true", help="print the table instead of writing it")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"{args.csv}: not found (the ACLED dev data is not on this machine)", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    from sitrep.gazetteer import countries_table
    iso = {r["name"].lower(): r["iso2"] for r in countries_table()}
    with gzip.open(args.csv, "rt", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "train"]
    owners: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for r in rows:
        for a in (r["actor1"], r["actor2"]):
            m = FORCE.match(a)
            if m and "," not in m.group(3) and len(m.group(3).split()) >= 2:
                owners[m.group(3)][(m.group(1), m.group(2))] += 1
    found = {u: re.compile(r"\b" + re.escape(u[:-1] if u.endswith("s") else u) + r"s?\b", re.I) for u in owners}
    written: Counter[str] = Counter()
    coded: Counter[str] = Counter()
    for r in rows:
        names = r["actor1"] + " | " + r["actor2"]
        for u, pat in found.items():
            if pat.search(r["notes"]):
                written[u] += 1
                state = owners[u].most_common(1)[0][0][1]
                coded[u] += bool(re.search(r"(Military|Police) Forces of " + re.escape(state) + r" \(", names))
    out = []
    for u, c in owners.items():
        (branch, state), k = c.most_common(1)[0]
        cc = _iso2(state, iso)
        if cc is None or written[u] < MIN_NOTES:
            continue
        share, single = coded[u] / written[u], k / sum(c.values())
        if share >= MIN_SHARE and single >= MIN_SINGLE:
            out.append((u, cc, branch.lower(), written[u], round(share, 2)))
    out.sort(key=lambda t: (-t[3], t[0]))
    lines = ["# Named units of a state's forces -> the state (ISO 3166-1 alpha-2) and branch (military|police).",
             "# Derived by scripts/derive_state_units.py from ACLED's actor names (acled-train, train split; ACLED,",
             "# acleddata.com, see README): notes = train notes writing the name, share = of those, the share coding that",
             "# state's forces as an actor. Facts only: no text of a note. Read by the actor namer (events' actors).",
             "unit\tcountry\tbranch\tnotes\tshare"]
    lines += [f"{u}\t{cc}\t{b}\t{n}\t{s}" for u, cc, b, n, s in out]
    text = "\n".join(lines) + "\n"
    if args.dry_run:
        print(text, end="")
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"{OUT}: {len(out)} units")
    return 0


if __name__ == "__main__":
    sys.exit(main())
