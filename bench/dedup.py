#!/usr/bin/env python3
"""Cross-article dedup on a synthetic set with known duplicates: pair precision and recall, and time.

usage: .venv/bin/python bench/dedup.py [--sizes 10000,100000] [--seed 7] [--store] [--json] [--check] [--raise-floors]

The set is generated (seeded) from sitrep's record types: happenings in made-up towns, each reported by one
to five articles of different outlets, every report perturbed as real outlets differ (a nearby or vaguer
place, a day off or a week's span, another sub-type of the family, a missing or unnamed actor, other words,
other figures). Near misses that must stay apart are generated too: the same town three days later, a town
20-45 km away on the same day, another type family, opposed actors, and each article's other events.
Scores: pairs of events put in one cluster against pairs of reports of one happening (pair precision and
recall), the wall time of sitrep.dedup.cluster_stream (the windowed clustering the store's recluster runs) and
the peak growth of resident memory while it runs (beyond the generated rows themselves). --check gates on the floors of bench/dedup_baseline.json (kept per set size and seed; they only rise).
"""
from __future__ import annotations

import sys


import argparse
import json
import math
import random
import time
from itertools import combinations
from pathlib import Path
from typing import Any

from sitrep.dedup import cluster_stream, load_config
from sitrep.records import Actor, Count, Event, Evidence, Place, Source, When, stable_hash

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "bench" / "dedup_baseline.json"
TARGET = 0.90

TYPES = {
    "Battles": ["Armed clash"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Agreement", "Looting/property destruction"],
}
FAMILY = {"Battles": "v", "Explosions/Remote violence": "v", "Violence against civilians": "v",
          "Protests": "d", "Riots": "d"}
KINDS = ["state_forces", "rebels", "political_militia", "identity_militia", "protesters", "civilians", "rioters"]
COUNTRIES = ["AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH"]


def _syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(n))


class World:
    """Made-up countries, provinces, towns, actors and words, from one seed."""

    def __init__(self, rng: random.Random) -> None:
        self.towns: list[tuple[str, str, str, float, float]] = []  # name, admin1, country, lat, lon
        for c_i, country in enumerate(COUNTRIES):
            base_lat, base_lon = -30 + 9 * c_i, -60 + 20 * c_i
            for p in range(8):
                admin1 = f"{_syllables(rng, 3).title()} Province"
                plat, plon = base_lat + (p // 4) * 2.0, base_lon + (p % 4) * 2.0
                for _ in range(12):
                    self.towns.append((_syllables(rng, 3).title(), admin1, country,
                                       plat + rng.uniform(0, 1.6), plon + rng.uniform(0, 1.6)))
        self.actor_names = {k: [f"{_syllables(rng, 2).title()} {k.replace('_', ' ').title()}" for _ in range(30)]
                            for k in KINDS}
        self.words = [_syllables(rng, rng.randint(2, 4)) for _ in range(4000)]
        self.outlets = [f"{_syllables(rng, 2).title()} News" for _ in range(40)]


def _offset(lat: float, lon: float, km: float, rng: random.Random) -> tuple[float, float]:
    """A point `km` away in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = km / 111.2 * math.cos(bearing)
    dlon = km / (111.2 * max(math.cos(math.radians(lat)), 0.05)) * math.sin(bearing)
    return lat + dlat, lon + dlon


def _day(ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat()


def _happening(world: World, rng: random.Random, day0: int) -> dict[str, Any]:
    type_ = rng.choice(list(TYPES))
    kind1 = rng.choice(KINDS)
    kind2 = rng.choice([k for k in KINDS if k != kind1])
    return {"type": type_, "subtype": rng.choice(TYPES[type_]), "town": rng.choice(world.towns),
            "day": day0 + rng.randrange(365),
            "actor1": (kind1, rng.choice(world.actor_names[kind1])), "actor2": (kind2, rng.choice(world.actor_names[kind2])),
            "words": rng.sample(world.words, 10), "killed": rng.choice([None, rng.randint(1, 40)])}


def _report(h: dict[str, Any], article: str, n: int, world: World, rng: random.Random) -> Event:
    """One article's event for happening `h`, perturbed as outlets differ."""
    name, admin1, country, lat, lon = h["town"]
    r = rng.random()
    if r < 0.55:
        where = Place(name, name, 1, "place", admin1, country, lat, lon, 1)
    elif r < 0.75:
        plat, plon = _offset(lat, lon, rng.uniform(1, 8), rng)
        where = Place(f"near {name}", name, 1, "place", admin1, country, plat, plon, 2)
    elif r < 0.92:
        where = Place(admin1, admin1, 2, "admin1", admin1, country, lat + 0.3, lon + 0.3, 3)
    else:
        plat, plon = _offset(lat, lon, rng.uniform(2, 9), rng)
        where = Place("a nearby village", "Village", 3, "place", admin1, country, plat, plon, 1)
    r = rng.random()
    day = h["day"]
    if r < 0.7:
        when = When("on Monday", _day(day), _day(day), "day")
    elif r < 0.9:
        shifted = day + rng.choice([-1, 1])
        when = When("on Tuesday", _day(shifted), _day(shifted), "day")
    else:
        when = When("last week", _day(day - 3), _day(day + 3), "week")
    type_, subtype = h["type"], h["subtype"]
    if rng.random() < 0.2:  # another outlet codes it as a neighbouring type of the family
        fam = [t for t in TYPES if FAMILY.get(t, t) == FAMILY.get(type_, type_)]
        type_ = rng.choice(fam)
        subtype = rng.choice(TYPES[type_]) if type_ != h["type"] else subtype
    actors = []
    for kind, aname in (h["actor1"], h["actor2"]):
        r = rng.random()
        if r < 0.6:
            actors.append(Actor(aname.lower(), aname, kind, country))
        elif r < 0.8:
            actors.append(None)
        else:
            actors.append(Actor("gunmen", "Unidentified group", "unknown", None))
    if rng.random() < 0.2 and FAMILY.get(type_) == "v":
        actors.reverse()  # one report names the other side first
    keep = [w for w in h["words"] if rng.random() < 0.6]
    words = keep + rng.sample(world.words, rng.randint(3, 10))
    # the sentence names the place and the parties it names, as real reports do
    words += where.text.split()[-1:] + [a.text.split()[0] for a in actors if a is not None]
    rng.shuffle(words)
    text = " ".join(words).capitalize() + "."
    killed = None
    if h["killed"] is not None and rng.random() < 0.8:
        k = max(1, h["killed"] + rng.randint(-3, 3))
        killed = rng.choice([Count(k, k, k, str(k)), Count(k, k, None, f"at least {k}"), Count(None, k, k, f"up to {k}")])
    return Event(id=stable_hash(article, n), article=article, type=type_, subtype=subtype, plover="ASSAULT",
                 actor1=actors[0], actor2=actors[1], where=where, when=when, killed=killed,
                 sources=(Source("officials", "officials", "official"),), evidence=(Evidence(text, 0, len(text)),))


def _near_miss(h: dict[str, Any], world: World, rng: random.Random) -> dict[str, Any]:
    """A different happening that looks like `h` in all but one way."""
    other = dict(h, words=rng.sample(world.words, 10))
    r = rng.random()
    if r < 0.3:
        other["day"] = h["day"] + rng.choice([-4, -3, 3, 4])
    elif r < 0.6:
        name, admin1, country, lat, lon = h["town"]
        plat, plon = _offset(lat, lon, rng.uniform(25, 45), rng)
        other["town"] = (name + "ville", admin1, country, plat, plon)
    elif r < 0.8:
        fam = FAMILY.get(h["type"], h["type"])
        other["type"] = rng.choice([t for t in TYPES if FAMILY.get(t, t) != fam])
        other["subtype"] = rng.choice(TYPES[other["type"]])
    else:
        kind1 = rng.choice([k for k in KINDS if k not in (h["actor1"][0], h["actor2"][0])])
        kind2 = rng.choice([k for k in KINDS if k not in (kind1, h["actor1"][0], h["actor2"][0])])
        other["actor1"], other["actor2"] = (kind1, rng.choice(world.actor_names[kind1])), (kind2, rng.choice(world.actor_names[kind2]))
    return other


def generate(n_events: int, seed: int) -> tuple[list[tuple[str, Event, str]], dict[str, int]]:
    """(key, event, outlet) rows and the gold happening of each key."""
    rng = random.Random(seed)
    world = World(rng)
    day0 = 738000
    rows: list[tuple[str, Event, str]] = []
    gold: dict[str, int] = {}
    happenings: list[dict[str, Any]] = []
    article_no = 0
    while len(rows) < n_events:
        h = _near_miss(happenings[-1], world, rng) if happenings and rng.random() < 0.25 else _happening(world, rng, day0)
        happenings.append(h)
        hid = len(happenings) - 1
        reports = rng.choices([1, 2, 3, 4, 5], weights=[45, 25, 15, 10, 5])[0]
        outlets = rng.sample(world.outlets, reports)
        for outlet in outlets:
            article = f"art{article_no}"
            article_no += 1
            key = f"{article}#0"
            rows.append((key, _report(h, article, 0, world, rng), outlet))
            gold[key] = hid
            if rng.random() < 0.3:  # the article also reports something else the same day nearby
                extra = _near_miss(h, world, rng)
                happenings.append(extra)
                key2 = f"{article}#1"
                rows.append((key2, _report(extra, article, 1, world, rng), outlet))
                gold[key2] = len(happenings) - 1
    return rows[:n_events], gold


def pair_scores(clusters: list[list[str]], gold: dict[str, int]) -> dict[str, float]:
    """Pair precision and recall of predicted clusters against the gold happenings."""
    predicted = {tuple(sorted(p)) for members in clusters for p in combinations(members, 2)}
    by_h: dict[int, list[str]] = {}
    for key, hid in gold.items():
        by_h.setdefault(hid, []).append(key)
    truth = {tuple(sorted(p)) for members in by_h.values() for p in combinations(members, 2)}
    hits = len(predicted & truth)
    return {"precision": hits / len(predicted) if predicted else 1.0, "recall": hits / len(truth) if truth else 1.0,
            "gold_pairs": len(truth), "predicted_pairs": len(predicted)}


def measure_store(n: int, seed: int) -> dict[str, Any]:
    """The same set written to a store (one article per report, its outlet as the source), then the store's own
    `recluster` (what every ingest runs): its pair scores, wall time and peak memory growth, the SQLite reads
    and the staged clusters included."""
    import tempfile

    from sitrep.dedup import recluster
    from sitrep.records import Article
    from sitrep.store import Store, WriteBatch

    rows, gold = generate(n, seed)
    by_article: dict[str, list[tuple[str, Event, str]]] = {}
    for key, event, outlet in rows:
        by_article.setdefault(event.article, []).append((key, event, outlet))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        batch: list[tuple[Article, list[Event], str | None]] = []
        for article, items in by_article.items():
            batch.append((Article(id=article, text=f"synthetic report {article}", source=items[0][2]),
                          [e for _, e, _ in items], None))
            if len(batch) >= 2000:
                store.write_batch(WriteBatch(batch))
                batch = []
        store.write_batch(WriteBatch(batch))
        with _PeakRss() as rss:
            t0 = time.perf_counter()
            _, n_clusters = recluster(store)
            seconds = time.perf_counter() - t0
        key_of = {}
        for key, event, _ in rows:
            key_of[event.id] = key
        members: dict[str, list[str]] = {}
        for ev_id, cluster in store.conn.execute("SELECT id, cluster FROM events"):
            members.setdefault(cluster or ev_id, []).append(key_of[ev_id])
    out = pair_scores([m for m in members.values() if len(m) > 1], gold)
    out.update(events=len(rows), clusters=n_clusters, seconds=seconds, per_1k_s=seconds / len(rows) * 1000,
               memory_mb=rss.growth_mb)
    return out


def measure(n: int, seed: int) -> dict[str, Any]:
    """Generate, cluster, score, time."""
    rows, gold = generate(n, seed)
    keys = {k for k, _, _ in rows}
    gold = {k: v for k, v in gold.items() if k in keys}
    cfg = load_config()
    with _PeakRss() as rss:
        t0 = time.perf_counter()
        # streamed, as the store's recluster runs it: only each happening's member keys are kept here
        groups = [members for _, _, members in cluster_stream(rows, cfg)]
        seconds = time.perf_counter() - t0
    out = pair_scores(groups, gold)
    out.update(events=len(rows), clusters=len(groups), seconds=seconds, per_1k_s=seconds / len(rows) * 1000,
               memory_mb=rss.growth_mb)
    return out


class _PeakRss:
    """The largest growth of this process's resident memory while the block runs (sampled every 20 ms)."""

    def __enter__(self) -> "_PeakRss":
        import threading

        import psutil

        self._proc = psutil.Process()
        self._base = self._peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self._peak = max(self._peak, self._proc.memory_info().rss)

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self._peak = max(self._peak, self._proc.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self._peak - self._base) / 2**20


def main() -> int:
    """Measure each size; print a table (or JSON); --check gates the first size on the floors."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated event counts (default 10000,100000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--store", action="store_true",
                    help="write the set to a temporary store and time the store's recluster (slower: SQLite writes)")
    ap.add_argument("--check", action="store_true", help="exit 1 when precision/recall fall below the floors")
    ap.add_argument("--raise-floors", action="store_true", help="raise (never lower) the floors to the figures")
    args = ap.parse_args()
    run = measure_store if args.store else measure
    results = [run(int(s), args.seed) for s in args.sizes.split(",")]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("synthetic dedup set (seed %d)%s; timings are wall time on a shared 2-core machine: noisy"
              % (args.seed, ", through a store's recluster" if args.store else ""))
        print(f"{'events':>8} {'clusters':>9} {'gold pairs':>11} {'precision':>10} {'recall':>7} {'seconds':>8} {'s/1k':>6} "
              f"{'peak MB':>8}")
        for r in results:
            print(f"{r['events']:8d} {r['clusters']:9d} {r['gold_pairs']:11d} {r['precision']:10.3f} "
                  f"{r['recall']:7.3f} {r['seconds']:8.2f} {r['per_1k_s']:6.3f} {r['memory_mb']:8.0f}")
        if len(results) > 1:
            a, b = results[0], results[-1]
            print(f"time grows x{b['seconds'] / a['seconds']:.1f} for x{b['events'] / a['events']:.0f} events")
    # floors hold per set size and seed: a figure is only compared with one measured on the same set
    floors = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    failed: list[str] = []
    for r in results:
        key = f"{r['events']}@seed{args.seed}"
        mine = floors.get(key, {})
        failed += [f"{key}: {m} {r[m]:.3f} < floor {mine[m]:.3f}" for m in ("precision", "recall")
                   if m in mine and r[m] < mine[m]]
        failed += [f"{key}: {m} {r[m]:.3f} < target {TARGET:.2f}" for m in ("precision", "recall") if r[m] < TARGET]
        if args.raise_floors:
            floors[key] = {m: max(mine.get(m, 0.0), math.floor(r[m] * 1000) / 1000) for m in ("precision", "recall")}
    if args.raise_floors:
        BASELINE.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"floors written to {BASELINE.relative_to(ROOT)}")
    for line in failed:
        print("FAIL", line, file=sys.stderr)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
