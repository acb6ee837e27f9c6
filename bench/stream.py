#!/usr/bin/env python3
"""The relevance gate on a news stream: sitrep ingest (gate on) against bare spaCy, and the events it loses.

usage: .venv/bin/python bench/stream.py [--reuters 2000] [--events 300] [--runs 3] [--json] [--gold-only]

Streams (built from ../shared/dev, none of it used to train or tune the gate):
  stream        about 2,000 Reuters-21578 TEST-split articles (LEWISSPLIT="TEST") and about 300 event-bearing
                texts: coded-news even half, coded-news extra.jsonl, coded-articles, the reference article and
                ACLED dev-split notes, repeated (with new ids) to reach the count; shuffled with a fixed seed
  all-conflict  the event-bearing texts alone (the gate holds back next to nothing)
Each round runs, for each stream, bare spaCy (`nlp.pipe`, same model, 2 processes, batch 16) and
`sitrep ingest` (2 workers, the gate on as by default, into a new store), each as a fresh child process.
A child's cost is the user + system CPU seconds of it and every process it waited for (bench/cpu.py's
run_costed); the figures are articles per CPU second and per wall second, median of the rounds.
The gate's own cost is timed in this process (CPU time of scoring every article of the all-conflict stream)
against sitrep's CPU seconds per article on that stream.
Gold events lost: for each gold set, the gold events (required, and all) of the articles the gate holds back;
ACLED dev notes are one event each; for extra.jsonl (no answer key) the articles held back; and the events that
sitrep (no gate) extracts from every held-back event-bearing article.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from _corpus import REUTERS, SHARED, reuters_articles  # noqa: E402
from cpu import run_costed  # noqa: E402
from throughput import verdict_lines  # noqa: E402

from sitrep.records import Article  # noqa: E402

DEV = SHARED / "dev"
SEED = SHARED / "seed"
TARGET_SPEEDUP = 2.0
TARGET_CONFLICT = 0.80
TARGET_LOST = 0.01
TARGET_GATE_SHARE = 0.02


# ---------------------------------------------------------------- the gold sets
def _read(path: Path, published: str | None = None) -> list[Article]:
    from sitrep.readers import iter_inputs

    return [item for _, item in iter_inputs([str(path)], published=published) if isinstance(item, Article)]


def gold_sets() -> dict[str, list[tuple[Article, list[bool]]]]:
    """name -> [(article, [required? for each gold event])] of the judging sets (extra: no events known)."""
    manifest = json.loads((DEV / "coded-news" / "manifest.json").read_text(encoding="utf-8"))
    even = {m["id"] for m in manifest if m["half"] == "even"}

    def keyed(articles: list[Article], folder: Path) -> list[tuple[Article, list[bool]]]:
        out = []
        for art in articles:
            gold = json.loads((folder / f"{art.id}.gold.json").read_text(encoding="utf-8"))
            out.append((art, [bool(e.get("required")) for e in gold["events"]]))
        return out

    cn = [a for a in _read(DEV / "coded-news" / "articles.jsonl") if a.id in even]
    ref = _read(SEED / "hama-2011-07-22.txt", published="2011-07-22")
    ref_gold = json.loads((SEED / "hama-2011-07-22.gold.json").read_text(encoding="utf-8"))
    return {
        "coded-news even": keyed(cn, DEV / "coded-news"),
        "coded-articles": keyed(_read(DEV / "coded-articles" / "articles-dated.jsonl"), DEV / "coded-articles"),
        "reference": [(ref[0], [bool(e.get("required")) for e in ref_gold["events"]])],
        "coded-news extra": [(a, []) for a in _read(DEV / "coded-news" / "extra.jsonl")],
    }


def acled_dev_notes() -> list[Article]:
    """Every ACLED note of the dev split, as an article (each reports one event)."""
    import csv
    import gzip
    import io

    out = []
    with gzip.open(DEV / "acled-train" / "acled_train.csv.gz", "rb") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
            if row["split"] == "dev" and row["notes"].strip():
                out.append(Article(id=f"acled-dev-{len(out)}", text=row["notes"], title="",
                                   published=row["event_date"] or None))
    return out


# ---------------------------------------------------------------- the streams
def build_streams(n_reuters: int, n_events: int, sets: dict[str, list[tuple[Article, list[bool]]]],
                  notes: list[Article]) -> tuple[list[Article], list[Article]]:
    """(the mixed stream, the all-conflict stream)."""
    rng = random.Random(15)
    articles = [a for pairs in sets.values() for a, _ in pairs]
    pool = articles + rng.sample(notes, min(len(notes), max(0, n_events - 2 * len(articles)) or len(articles)))
    events = [a if i < len(pool) else a.replace(id=f"{a.id}#{i // len(pool)}")
              for i, a in enumerate((pool * (n_events // max(1, len(pool)) + 1))[:n_events])]
    stream = reuters_articles(n_reuters, split="TEST") + events
    rng.shuffle(stream)
    return stream, events


def write_jsonl(articles: list[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.id, "title": a.title or "", "text": a.text, "published": a.published,
                                 "source": a.source, "url": a.url}, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- the children
def spacy_child(path: Path, n_process: int) -> dict[str, Any]:
    """Bare spaCy over the texts of a JSONL file (run in a child)."""
    import spacy

    from sitrep.settings import Settings

    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    nlp = spacy.load(Settings().model)
    done = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=16))
    return {"articles": done}


def run_spacy(path: Path, n_process: int) -> dict[str, Any]:
    cpu, wall, proc = run_costed([sys.executable, __file__, "--spacy-child", str(path), "--n-process",
                                  str(n_process)], None, "spacy")
    return {"cpu_s": cpu, "wall_s": wall, **json.loads(proc.stdout.strip().splitlines()[-1])}


def run_sitrep(path: Path, db: Path, n_process: int, gate: bool = True) -> dict[str, Any]:
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-c", "from sitrep.cli import main; main()", "ingest", str(path), "--db", str(db),
           "--workers", str(n_process), "--gate" if gate else "--no-gate"]
    cpu, wall, _ = run_costed(cmd, env, "sitrep ingest", ok=(0, 1))  # 1: some input quarantined (counted below)
    from sitrep.store import Store

    with Store.open(db, readonly=True) as store:
        counts = store.counts()
    return {"cpu_s": cpu, "wall_s": wall, "articles": counts["articles"], "gated": counts["gated"],
            "events": counts["events"], "quarantined": counts["quarantine"]}


# ---------------------------------------------------------------- gold losses and the gate's cost
def gold_losses(gate: Any, sets: dict[str, list[tuple[Article, list[bool]]]], notes: list[Article],
                reuters_test: list[Article]) -> dict[str, Any]:
    """Per gold set: articles, held back, gold events (required / all) and those of them lost."""
    out: dict[str, Any] = {}
    held_articles: list[Article] = []
    for name, pairs in sets.items():
        row = {"articles": len(pairs), "held": 0, "events": 0, "required": 0, "lost": 0, "required_lost": 0}
        for art, required in pairs:
            row["events"] += len(required)
            row["required"] += sum(required)
            if not gate.passes(art):
                row["held"] += 1
                row["lost"] += len(required)
                row["required_lost"] += sum(required)
                held_articles.append(art)
        out[name] = row
    held_notes = sum(1 for n in notes if not gate.passes(n))
    out["ACLED dev notes"] = {"articles": len(notes), "held": held_notes, "events": len(notes), "required": 0,
                              "lost": held_notes, "required_lost": 0}
    out["Reuters TEST (all)"] = {"articles": len(reuters_test),
                                 "held": sum(1 for a in reuters_test if not gate.passes(a))}
    found = 0
    if held_articles:  # what sitrep without the gate finds in the event-bearing articles the gate holds back
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings

        found = sum(len(r.events) for r in Pipeline(Settings(gate=False)).extract_many(held_articles, n_process=1))
    out["sitrep events in held-back gold articles"] = found
    return out


def gate_cost(gate: Any, articles: list[Article], repeat: int = 5) -> float:
    """CPU seconds per article of the gate alone (median of `repeat` passes, after one warm-up)."""
    for a in articles[:20]:
        gate.verdict(a)
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        for a in articles:
            gate.verdict(a)
        times.append((time.process_time() - t0) / len(articles))
    return statistics.median(times)


def report(res: dict[str, Any]) -> str:
    lines = []
    if "rounds" in res:
        lines.append(f"stream: {res['stream_articles']} articles ({res['stream_reuters']} Reuters TEST + "
                     f"{res['stream_events']} event-bearing); all-conflict: {res['conflict_articles']}; "
                     f"n_process={res['n_process']}; median of {len(res['rounds'])} rounds")
        lines.append(f"{'':34} {'CPU s':>8} {'wall s':>8} {'art/CPU s':>10} {'art/wall s':>11}")
        for key, label in (("stream_spacy", "stream: bare spaCy nlp.pipe"), ("stream_sitrep", "stream: sitrep ingest (gate)"),
                           ("conflict_spacy", "all-conflict: bare spaCy"),
                           ("conflict_sitrep", "all-conflict: sitrep ingest (gate)")):
            m = res["median"][key]
            lines.append(f"{label:34} {m['cpu_s']:8.1f} {m['wall_s']:8.1f} {m['per_cpu_s']:10.1f} {m['per_wall_s']:11.1f}")
        held = res["median"]["stream_sitrep"]["gated"]
        lines.append(f"sitrep held back {held} of {res['stream_articles']} stream articles; quarantined "
                     f"{res['median']['stream_sitrep']['quarantined']} (stream), "
                     f"{res['median']['conflict_sitrep']['quarantined']} (all-conflict)")
        lines.append(f"gate alone: {res['gate_ms_per_article']:.3f} ms CPU per article; sitrep on the all-conflict "
                     f"stream: {res['sitrep_ms_per_conflict_article']:.1f} ms CPU per article")
        lines.append("")
    lines.append(f"{'gold set':28} {'articles':>8} {'held':>5} {'events':>7} {'lost':>5} {'required':>9} {'req lost':>9}")
    for name, row in res["gold"].items():
        if isinstance(row, dict):
            lines.append(f"{name:28} {row['articles']:8} {row['held']:5} {row.get('events', '-'):>7} "
                         f"{row.get('lost', '-'):>5} {row.get('required', '-'):>9} {row.get('required_lost', '-'):>9}")
    lines.append(f"sitrep (no gate) events in held-back gold articles: {res['gold']['sitrep events in held-back gold articles']}")
    lines.append("")
    lines.extend(verdict_lines(res["verdicts"], width=44))
    return "\n".join(lines)


def verdicts(res: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    gold = {k: v for k, v in res["gold"].items() if isinstance(v, dict) and "lost" in v}
    events = sum(v["events"] for v in gold.values())
    lost = sum(v["lost"] for v in gold.values())
    cn = res["gold"]["coded-news even"]
    out: list[tuple[str, str, str, bool | None]] = [
        ("gold events lost to the gate (all sets)", f"{lost}/{events}", f"<= {TARGET_LOST:.0%}",
         lost <= TARGET_LOST * events),
        ("coded-news required events lost", str(cn["required_lost"]), "0", cn["required_lost"] == 0),
    ]
    if "median" in res:
        m = res["median"]
        speed = m["stream_sitrep"]["per_cpu_s"] / m["stream_spacy"]["per_cpu_s"]
        conflict = m["conflict_sitrep"]["per_cpu_s"] / m["conflict_spacy"]["per_cpu_s"]
        share = res["gate_ms_per_article"] / res["sitrep_ms_per_conflict_article"]
        out[:0] = [
            ("stream: sitrep / spaCy articles per CPU s", f"{speed:.2f}x", f">= {TARGET_SPEEDUP:.1f}x",
             speed >= TARGET_SPEEDUP),
            ("stream: sitrep / spaCy articles per wall s",
             f"{m['stream_sitrep']['per_wall_s'] / m['stream_spacy']['per_wall_s']:.2f}x", "(reported)", None),
            ("all-conflict: sitrep / spaCy per CPU s", f"{conflict:.2f}x", f">= {TARGET_CONFLICT:.2f}x",
             conflict >= TARGET_CONFLICT),
            ("gate's CPU / sitrep's CPU (all-conflict)", f"{share:.2%}", f"<= {TARGET_GATE_SHARE:.0%}",
             share <= TARGET_GATE_SHARE),
        ]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reuters", type=int, default=2000, help="Reuters TEST articles in the stream (default 2000)")
    ap.add_argument("--events", type=int, default=300, help="event-bearing texts in the stream (default 300)")
    ap.add_argument("--runs", type=int, default=3, help="paired rounds (default 3; medians are reported)")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--gold-only", action="store_true", help="only the gate's losses on the gold sets (fast)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--spacy-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.spacy_child:
        print(json.dumps(spacy_child(args.spacy_child, args.n_process)))
        return 0
    if not (REUTERS.exists() and (DEV / "coded-news").exists()):
        print(f"stream: ../shared/dev not found beside {ROOT}; nothing to measure", file=sys.stderr)
        return 0
    from sitrep.gate import Gate

    gate = Gate.default()
    sets, notes = gold_sets(), acled_dev_notes()
    res: dict[str, Any] = {"gate": gate.describe(), "n_process": args.n_process}
    res["gold"] = gold_losses(gate, sets, notes, reuters_articles(10**6, split="TEST"))
    if not args.gold_only:
        stream, events = build_streams(args.reuters, args.events, sets, notes)
        res.update(stream_articles=len(stream), stream_reuters=len(stream) - len(events), stream_events=len(events),
                   conflict_articles=len(events))
        with tempfile.TemporaryDirectory(prefix="sitrep-stream-") as tmp:
            s_path, c_path, db = Path(tmp) / "stream.jsonl", Path(tmp) / "conflict.jsonl", Path(tmp) / "s.db"
            write_jsonl(stream, s_path)
            write_jsonl(events, c_path)
            rounds = []
            for r in range(args.runs):
                row = {"stream_spacy": run_spacy(s_path, args.n_process),
                       "stream_sitrep": run_sitrep(s_path, db, args.n_process),
                       "conflict_spacy": run_spacy(c_path, args.n_process),
                       "conflict_sitrep": run_sitrep(c_path, db, args.n_process)}
                for key, half in row.items():
                    n = len(stream) if key.startswith("stream") else len(events)
                    half["per_cpu_s"] = n / half["cpu_s"]
                    half["per_wall_s"] = n / half["wall_s"]
                rounds.append(row)
                print(f"round {r + 1}: " + "  ".join(f"{k} {v['cpu_s']:.1f} CPU s / {v['wall_s']:.1f} s"
                                                       for k, v in row.items()), file=sys.stderr)
        res["rounds"] = rounds
        res["median"] = {k: {f: statistics.median(r[k][f] for r in rounds) for f in rounds[0][k]}
                         for k in rounds[0]}
        res["gate_ms_per_article"] = 1000 * gate_cost(gate, events)
        res["sitrep_ms_per_conflict_article"] = 1000 * res["median"]["conflict_sitrep"]["cpu_s"] / len(events)
    res["verdicts"] = verdicts(res)
    print(json.dumps(res, indent=1, default=str) if args.json else report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
