#!/usr/bin/env python3
"""How ACLED codes the acting side a general noun names: the check behind actors.yaml's identity-militia words and
its national_defaults.

usage: python3 bench/actor_nouns.py [--shared ../shared]

Reads ../shared/dev/acled-train/acled_train.csv.gz, rows with split == "train" only. For each noun below, it takes
the notes whose first five words after the opening date ("On 3 March 2020, ...") contain the noun (there ACLED
names the side that acted) and prints the share of those notes whose actor1 ACLED coded as each actor kind (read
from ACLED's generic actor names: "Military Forces of", "Police Forces of", "Unidentified Armed Group",
"Communal/Ethnic/Clan Militia", "Protesters", "Rioters", "Civilians"; a named group counts as "named").
And the shares behind events/defaults.py's conventions for the second actor of riots, protests and one-sided
violence and for who acts in political violence.
For nationality + generic head ("Syrian forces"), the share whose actor1 is the military or police forces of a
state. For the victim nouns (a noun within four words after a harm or arrest verb: "killed two robbers"), the share
whose actor2 is each kind. Prints counts and shares only (no ACLED text). Standard library only. Without ../shared it says so and
exits 0.
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDENTITY_NOUNS = ("clan", "herdsmen", "tribesmen", "ethnic", "raider", "herder", "communal", "herdsman",
                  "pastoralist", "bandit", "gunmen", "assailant")
NATIONAL_HEADS = ("forces", "troops", "unit", "units", "patrol", "patrols", "convoy", "drone", "drones", "missile",
                  "missiles")
# victims: nouns read right after a harm or arrest verb (up to three words between), where ACLED names the side
# harmed (actor2)
VICTIM_NOUNS = ("robber", "thief", "suspect", "candidate", "chairman", "councilor", "leader", "supporter",
                "official", "guard", "officer")
_HARMED = re.compile(r"\b(?:killed|lynched|beat|beaten|arrested|attacked|shot|abducted|kidnapped|injured|assaulted|"
                     r"detained)\b(?: \w+){0,3} (\w+)")
NATIONALITY = re.compile(r"^(?:[A-Z][a-z]+(?:ian|ean|ese|ish|i|an|ic))$")
# the conventions of events/defaults.py: a counter-protest (actors.yaml cues counter_crowd_nouns after "counter"),
# a state's force named in a riot, a riot told as a clash
_COUNTER = re.compile(r"\bcounter[\s-]?(?:protest|demonstrat|rall|march|demo|picket)", re.I)
_FORCE = re.compile(r"\b(?:police\w*|officers?|security forces|soldiers?|troops|army|military|gendarm\w*)\b", re.I)
_FEUD = re.compile(r"\b(?:rivals?|feud\w*|land dispute|enmity)\b", re.I)
_CLASH = re.compile(r"\b(?:clash\w*|scuffle\w*|fought|fight\w*|skirmish\w*)\b", re.I)


def kind(actor: str) -> str:
    """ACLED's actor kind, read from its generic actor names."""
    low = actor.strip().lower()
    if not low:
        return "none"
    if low.startswith(("military forces of", "police forces of")):
        return "state_forces"
    if low.startswith("protesters"):
        return "protesters"
    if low.startswith("rioters"):
        return "rioters"
    if low.startswith("civilians"):
        return "civilians"
    if any(w in low for w in ("ethnic militia", "communal militia", "clan militia")):
        return "identity_militia"
    if low.startswith("unidentified armed group"):
        return "political_militia"
    return "named"


def opening(note: str) -> str:
    """The note's words after its opening date phrase."""
    return note.split(",", 1)[1] if note.startswith(("On ", "Around ")) and "," in note else note


def convention_keys(row: dict[str, str]) -> list[tuple[str, str]]:
    """The events/defaults.py conventions a row bears on, each with the actor column it is about."""
    note, et, sub = row["notes"], row["event_type"], row["sub_event_type"]
    out = []
    if et == "Protests" and _COUNTER.search(note):
        out.append(("protest, counter-protest named: actor2", "actor2"))
    if et == "Riots":
        force, clash = bool(_FORCE.search(note)), bool(_CLASH.search(note))
        tag = "mob violence" if sub == "Mob violence" else "violent demo" if sub == "Violent demonstration" else ""
        if tag:
            out.append((f"{tag}, force named: actor2", "actor2") if force else
                       (f"{tag}, no force, no clash: actor2", "actor2") if not clash else
                       (f"{tag}, clash, no force: actor2", "actor2"))
        out.append(("riot: actor2", "actor2"))
        if force and clash:
            out.append(("riot, force named, clash: actor2", "actor2"))
    if et == "Violence against civilians":
        out.append(("violence against civilians: actor2", "actor2"))
    if sub in ("Looting/property destruction", "Arrests"):
        out.append((f"{sub.lower()}: actor2", "actor2"))
    if et in ("Violence against civilians", "Battles", "Explosions/Remote violence"):
        out.append(("political violence: actor1", "actor1"))
    if et in ("Violence against civilians", "Battles") and _FEUD.search(note):
        out.append((f"{et.lower()}, a feud told: actor1", "actor1"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    path = args.shared / "dev" / "acled-train" / "acled_train.csv.gz"
    if not path.exists():
        print(f"actor-nouns check skipped: {path} is absent")
        return 0
    nouns: dict[str, collections.Counter] = {w: collections.Counter() for w in IDENTITY_NOUNS}
    national: dict[str, collections.Counter] = {h: collections.Counter() for h in NATIONAL_HEADS}
    victims: dict[str, collections.Counter] = {w: collections.Counter() for w in VICTIM_NOUNS}
    conventions: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["split"] != "train":
                continue
            words = re.findall(r"[A-Za-z]+", opening(row["notes"]))[:5]
            lows = {w.lower() for w in words}
            k = kind(row["actor1"])
            for w in IDENTITY_NOUNS:
                if w in lows or w + "s" in lows:
                    nouns[w][k] += 1
            low = row["notes"].lower()
            for w in VICTIM_NOUNS:
                if re.search(_HARMED.pattern.removesuffix(r"(\w+)") + w, low):
                    victims[w][kind(row["actor2"])] += 1
            for key, who in convention_keys(row):
                conventions[key][kind(row[who])] += 1
            for a, b in zip(words, words[1:]):
                if NATIONALITY.match(a) and b.lower() in NATIONAL_HEADS:
                    national[b.lower()][k] += 1
    for title, table in (("noun", nouns), ("nationality + head", national), ("victim (actor2)", victims),
                         ("convention (the actor named)", conventions)):
        about = "the named actor's" if table is conventions else f"actor{2 if table is victims else 1}"
        print(f"-- {title}: notes, then {about} kind shares")
        for w, c in table.items():
            n = sum(c.values())
            shares = ", ".join(f"{k} {v / n:.2f}" for k, v in c.most_common(4)) if n else "-"
            print(f"{w:14} {n:6}  {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
