#!/usr/bin/env python3
"""Bounded happenings against the PLOVER gold-standard sentences: false events on non-events, recall on events.

usage: .venv/bin/python bench/plover_events.py [--check] [--raise-floors] [-v|--misses] [--workers N]

  ../shared/dev/plover-gsr-cameo/PLOVER_GSR_CAMEO.txt: 322 single sentences from the CAMEO manual, each coded with
  one PLOVER 0.5 category. Each sentence is one article (no publication date) run through the whole pipeline.

  event items      FIGHT, ASSAULT, PROTEST: the sentence tells a fight, an assault or a protest, the happenings
                   ACLED codes as battles, explosions, violence against civilians, protests or riots.
                   recall = share of them for which sitrep gives an event of one of those five types.
  non-event items  AGREE, CONSULT, COOPERATE, DEMAND, DISAPPROVE, REJECT, THREATEN, SUPPORT, CONCEDE,
                   INVESTIGATE, AID, SANCTION: the coded act is talk, intent, a policy or a demand, never a
                   happening ACLED codes (threats, demands, calls, offers, accusations, plans).
                   false_event = share of them for which sitrep gives any (non-historical) event;
                   clean = 1 - false_event (the gated figure: higher is better).
  left out         COERCE, MOBILIZE, RETREAT: material acts (arrests, curfews, deployments, withdrawals) that
                   ACLED codes as strategic developments or not at all, depending on detail.

  Some non-event sentences also tell a real happening in a side clause ("complained over air raids last Friday
  in which 20 were killed"), so false_event has a floor above 0 that is no error: it is a rate to push down
  by rules that read the mention's own clause, never by dropping whole sentences.

  Halves: an item's half is the parity of the first byte of sha1(id): "tune" (odd) is the half to read errors
  on (-v prints its misses and false events); "judge" (even) is scored only.

--check exits 1 when a figure is below its floor in bench/baseline.json ("plover_events"); --raise-floors
raises (never lowers) those floors. Without ../shared it says so and exits 0. Runs in-process with the repo's
venv (it imports sitrep).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = "plover_events"
METRICS = ("recall", "clean")
HALVES = ("tune", "judge")
EVENT_CATEGORIES = frozenset({"FIGHT", "ASSAULT", "PROTEST"})
NON_EVENT_CATEGORIES = frozenset({"AGREE", "CONSULT", "COOPERATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN",
                                  "SUPPORT", "CONCEDE", "INVESTIGATE", "AID", "SANCTION"})
# the ACLED types of a fight, an assault or a protest
CONFLICT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"})


def half_of(item_id: str) -> str:
    """"tune" or "judge": a fixed split by a stable hash of the item id."""
    return "tune" if hashlib.sha1(item_id.encode("utf-8")).digest()[0] % 2 else "judge"


def kind_of(category: str) -> str | None:
    """"event", "non_event" or None (left out) for a PLOVER 0.5 category."""
    if category in EVENT_CATEGORIES:
        return "event"
    if category in NON_EVENT_CATEGORIES:
        return "non_event"
    return None


def read_items(path: Path) -> list[dict[str, str]]:
    """The scored items: {id, text, category, kind, half}."""
    out = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        kind = kind_of(str(r.get("event") or ""))
        if kind is None or not r.get("text"):
            continue
        out.append({"id": r["id"], "text": r["text"], "category": r["event"], "kind": kind, "half": half_of(r["id"])})
    return out


def score(items: list[dict[str, str]], events: dict[str, list[tuple[str, str, str | None]]]) -> dict[str, dict[str, Any]]:
    """Per half: recall on event items, false_event and clean on non-event items, and the counts.

    `events` maps an item id to its non-historical events as (type, subtype, trigger)."""
    out: dict[str, dict[str, Any]] = {}
    for half in HALVES:
        mine = [it for it in items if it["half"] == half]
        ev = [it for it in mine if it["kind"] == "event"]
        non = [it for it in mine if it["kind"] == "non_event"]
        found = sum(1 for it in ev if any(e[0] in CONFLICT_TYPES for e in events.get(it["id"], ())))
        false = sum(1 for it in non if events.get(it["id"]))
        out[half] = {"recall": found / len(ev) if ev else 0.0, "false_event": false / len(non) if non else 0.0,
                     "clean": 1 - false / len(non) if non else 0.0, "events": len(ev), "found": found,
                     "non_events": len(non), "false": false}
    return out


def extract(items: list[dict[str, str]], workers: int) -> dict[str, list[tuple[str, str, str | None]]]:
    """Each item's non-historical events as (type, subtype, trigger)."""
    sys.path.insert(0, str(ROOT / "src"))
    from sitrep.pipeline import Pipeline
    from sitrep.records import Article
    from sitrep.settings import Settings

    pipe = Pipeline(Settings(n_process=workers))
    arts = [Article(id=it["id"], text=it["text"]) for it in items]
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for res in pipe.extract_many(arts, n_process=workers):
        out[res.article.id] = [(e.type, e.subtype, e.trigger) for e in res.events if not e.historical]
    return out


def main() -> int:
    """Measure, print, and optionally gate or raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise floors in bench/baseline.json to the figures")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("-v", "--verbose", "--misses", action="store_true",
                    help="print the tune half's misses and false events (tune-half items only)")
    args = ap.parse_args()

    path = args.shared / "dev" / "plover-gsr-cameo" / "PLOVER_GSR_CAMEO.txt"
    if not path.exists():
        print(f"plover-events bench skipped: {path} is absent")
        return 0
    items = read_items(path)
    events = extract(items, args.workers)
    measured = score(items, events)
    if args.verbose:
        for it in items:
            if it["half"] != "tune":
                continue
            got = events.get(it["id"], [])
            if it["kind"] == "event" and not any(e[0] in CONFLICT_TYPES for e in got):
                print(f"MISS   {it['id']}  {got}\n       {it['text']}")
            elif it["kind"] == "non_event" and got:
                print(f"FALSE  {it['id']}  {got}\n       {it['text']}")
    floors = _floors.read().get(SECTION, {})
    for half, got in measured.items():
        fl = floors.get(half, {})
        print(f"{half:5}  recall {got['recall']:.3f} (floor {fl.get('recall', 0.0):.2f}; {got['found']}/{got['events']})"
              f"  false_event {got['false_event']:.3f} ({got['false']}/{got['non_events']})"
              f"  clean {got['clean']:.3f} (floor {fl.get('clean', 0.0):.2f})")
    scored = {h: {m: g[m] for m in METRICS} for h, g in measured.items()}
    if args.raise_floors:
        floors, changed = _floors.raise_section(SECTION, scored, METRICS)
        print(f"floors written to {_floors.BASELINE.relative_to(ROOT)}" + ("" if changed else " (unchanged)"))
    if args.check:
        return _floors.gate(_floors.below(scored, floors), "plover-events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
