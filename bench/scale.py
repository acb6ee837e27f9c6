#!/usr/bin/env python3
"""Scale-out figures of the Ray engine: Ray against local multiprocessing on one machine, per-shard time and
memory as a run goes from its 1st to its 50th shard, and the cores 1 million articles a day need.

usage: .venv/bin/python bench/scale.py [--articles 2000] [--repeats 3] [--shards 50] [--shard-size 20] [--json]

1. Engines, paired: the same ARTICLES (the bundled examples repeated, each copy with its own id), split into
   8 JSONL shards, run REPEATS times by each engine in turn, each run end to end (start-up and model loading
   included, as a user sees it):
     local  ProcessEngine, 2 worker processes (what `sitrep ingest --workers 2` runs), results kept in memory
     ray    run_shards(): a local Ray (2 CPUs), 2 actors, Parquet shards written
   Figures: articles/s of each run, their median, and the median of the per-pair ratios ray/local.
2. Shards: one Ray run over SHARDS shards of SHARD_SIZE articles; for each shard, in the order they finished,
   its seconds and CPU seconds in its actor and the actor's peak memory after it. Flat means the last ten
   shards' median time is within 10% of the first ten's (after each actor's first shard, which warms the
   model up), and peak memory grows less than 10% from the first shards to the last.
3. Cores for 1 million articles a day: CPU seconds per article inside the actors (median over shards) x 1e6 /
   86,400 s, and the same divided by the Ray/local ratio for what the whole run costs end to end.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TARGET_RATIO = 0.70
FLAT = 0.10


def write_corpus(folder: Path, n: int, shards: int) -> list[Path]:
    from sitrep.readers import Quarantined, iter_inputs

    examples = [a for _, a in iter_inputs([str(ROOT / "examples")]) if not isinstance(a, Quarantined)]
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-n // shards)
    paths = []
    for s in range(shards):
        path = folder / f"shard{s:03d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k in range(s * per, min(n, (s + 1) * per)):
                a = examples[k % len(examples)]
                fh.write(json.dumps({"id": f"{a.id}-{k}", "title": a.title, "text": a.text,
                                     "published": a.published}) + "\n")
        paths.append(path)
    return paths


def run_local(paths: list[Path]) -> dict[str, Any]:
    from sitrep.engines.processes import ProcessEngine
    from sitrep.readers import Quarantined, iter_inputs
    from sitrep.settings import Settings

    started = time.perf_counter()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    pairs = [(a, o) for o, a in iter_inputs([str(p) for p in paths]) if not isinstance(a, Quarantined)]
    n = events = 0
    for result in ProcessEngine(Settings(n_process=2), 2).run(pairs):
        n += 1
        events += len(result.events)
    wall = time.perf_counter() - started
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"articles": n, "events": events, "seconds": wall, "rate": n / wall,
            "worker_cpu_s": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)}


def run_ray(paths: list[Path], out: Path) -> dict[str, Any]:
    from sitrep.engines.ray_engine import RayOptions
    from sitrep.ray_job import run_shards
    from sitrep.settings import Settings

    started = time.perf_counter()
    stats = run_shards([str(p) for p in paths], str(out), Settings(), RayOptions(actors=2))
    wall = time.perf_counter() - started
    return {"articles": stats.articles, "events": stats.events, "seconds": wall, "rate": stats.articles / wall,
            "actor_cpu_s": sum(s["cpu_seconds"] for s in stats.per_shard), "per_shard": stats.per_shard}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shards", type=int, default=50)
    ap.add_argument("--shard-size", type=int, default=20)
    ap.add_argument("--skip-engines", action="store_true", help="only the per-shard figures")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    report: dict[str, Any] = {"articles": args.articles, "repeats": args.repeats}
    try:
        if not args.skip_engines:
            paths = write_corpus(tmp / "engines", args.articles, 8)
            pairs = []
            for r in range(args.repeats):
                local = run_local(paths)
                ray = run_ray(paths, tmp / f"out{r}")
                ray.pop("per_shard")
                assert local["articles"] == ray["articles"] == args.articles and local["events"] == ray["events"]
                pairs.append({"local": local, "ray": ray, "ratio": ray["rate"] / local["rate"]})
                print(f"run {r + 1}: local {local['rate']:.2f} articles/s ({local['seconds']:.1f} s), "
                      f"ray {ray['rate']:.2f} articles/s ({ray['seconds']:.1f} s), ratio {pairs[-1]['ratio']:.2f}",
                      file=sys.stderr)
            report["engines"] = {
                "runs": pairs,
                "local_rate_median": statistics.median(p["local"]["rate"] for p in pairs),
                "ray_rate_median": statistics.median(p["ray"]["rate"] for p in pairs),
                "ratio_median": statistics.median(p["ratio"] for p in pairs),
                "target_ratio": TARGET_RATIO,
            }
        paths = write_corpus(tmp / "shards", args.shards * args.shard_size, args.shards)
        run = run_ray(paths, tmp / "shards-out")
        shards = run["per_shard"]
        first_of_actor: set[int] = set()
        warm = []
        for i, s in enumerate(shards):  # each actor's first shard also warms the model up: left out
            if s["pid"] in first_of_actor:
                warm.append(s)
            first_of_actor.add(s["pid"])
        k = max(1, min(10, len(warm) // 3))
        t_first = statistics.median(s["seconds"] / s["articles"] for s in warm[:k])
        t_last = statistics.median(s["seconds"] / s["articles"] for s in warm[-k:])
        m_first = statistics.median(s["peak_rss_mb"] for s in warm[:k])
        m_last = statistics.median(s["peak_rss_mb"] for s in warm[-k:])
        cpu_per_article = statistics.median(s["cpu_seconds"] / s["articles"] for s in warm)
        report["shards"] = {
            "shards": len(shards), "shard_size": args.shard_size, "seconds_total": run["seconds"],
            "per_shard": [{k2: s[k2] for k2 in ("articles", "events", "seconds", "cpu_seconds", "peak_rss_mb", "pid")}
                          for s in shards],
            "s_per_article_first": t_first, "s_per_article_last": t_last, "time_change": t_last / t_first - 1,
            "peak_rss_mb_first": m_first, "peak_rss_mb_last": m_last, "memory_change": m_last / m_first - 1,
            "flat": abs(t_last / t_first - 1) <= FLAT and m_last / m_first - 1 <= FLAT,
        }
        cores = 1e6 * cpu_per_article / 86400
        ratio = report.get("engines", {}).get("ratio_median")
        report["cores_for_1m_a_day"] = {
            "actor_cpu_s_per_article": cpu_per_article, "cores_extraction_only": cores,
            "cores_end_to_end": cores / ratio if ratio else None,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        e = report.get("engines")
        if e:
            print(f"engines ({args.articles} articles, {args.repeats} paired runs, end to end): local multiprocessing "
                  f"{e['local_rate_median']:.2f} articles/s, Ray {e['ray_rate_median']:.2f} articles/s, ratio "
                  f"{e['ratio_median']:.2f} (target >= {TARGET_RATIO})")
        s = report["shards"]
        print(f"shards ({s['shards']} x {s['shard_size']} articles): {s['s_per_article_first']:.3f} -> "
              f"{s['s_per_article_last']:.3f} s/article ({s['time_change']:+.1%}), actor peak memory "
              f"{s['peak_rss_mb_first']:.0f} -> {s['peak_rss_mb_last']:.0f} MB ({s['memory_change']:+.1%}); "
              f"flat within 10%: {s['flat']}")
        c = report["cores_for_1m_a_day"]
        end = f"{c['cores_end_to_end']:.1f}" if c["cores_end_to_end"] else "n/a"
        print(f"1 million articles a day: {c['actor_cpu_s_per_article']:.3f} CPU s/article in the actors -> "
              f"{c['cores_extraction_only']:.1f} cores busy all day; {end} cores counting Ray's cost on one machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
