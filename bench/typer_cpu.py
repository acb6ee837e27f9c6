#!/usr/bin/env python3
"""CPU cost of the learned typer: extraction with --typer learned against --typer rules, same articles, same run.

usage: PYTHONPATH=src .venv/bin/python bench/typer_cpu.py [--limit N] [--corpus auto|reuters|examples]

Each article is parsed once (spaCy and sitrep's components: the same for both); then the event builder runs
over all of them with the rules alone and with the learned typer beside them, alternating, three times
(paired runs, CPU seconds of this process, median of 3). The extra CPU is given as a share of the whole
extraction (parse + events with the rules). Target (issue 12): at most 5%.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import load_articles  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=200, help="articles (default 200)")
    ap.add_argument("--corpus", default="auto", choices=("auto", "reuters", "examples"))
    args = ap.parse_args()
    from sitrep.events import EventBuilder
    from sitrep.extractor import Extractor
    from sitrep.settings import Settings

    name, arts = load_articles(args.limit, args.corpus)
    ex = Extractor(Settings(n_process=1, typer="rules"))
    t = time.process_time()
    docs = [ex.parse(a.text) for a in arts]
    parse = time.process_time() - t
    builders = {"rules": ex.builder, "learned": EventBuilder(typer="learned")}

    def events(kind: str) -> float:
        ex.builder = builders[kind]
        t0 = time.process_time()
        for d, a in zip(docs, arts):
            ex.events_of(d, a)
        return time.process_time() - t0

    events("learned")  # load and warm both once
    runs = [(events("rules"), events("learned")) for _ in range(3)]
    rules = statistics.median(r for r, _ in runs)
    learned = statistics.median(x for _, x in runs)
    extra = learned - rules
    print(f"{len(arts)} {name} articles: parse {parse:.2f} s CPU; events with the rules {rules:.2f} s, with the "
          f"learned typer {learned:.2f} s (median of 3 paired runs)")
    print(f"typing adds {extra:.2f} s = {extra / (parse + rules) * 100:.1f}% of extraction CPU (target <= 5%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
