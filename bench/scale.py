#!/usr/bin/env python3
"""Scale-out figures of the Ray engine: Ray against local multiprocessing on one machine, per-shard time and
memory as a run goes from its 1st to its 50th shard, and the cores 1 million articles a day need.

usage: .venv/bin/python bench/scale.py [--articles 2000] [--repeats 3] [--shards 50] [--shard-size 20]
                                       [--corpus examples|reuters] [--variants default,reload,forget] [--json]

1. Engines, paired: the same ARTICLES (the bundled examples repeated, each copy with its own id; or the first
   Reuters-21578 bodies from ../shared with --corpus reuters), split into 8 JSONL shards, run REPEATS times by
   each engine in turn, each run end to end (start-up and model loading included, as a user sees it):
     local  ProcessEngine, 2 worker processes (what `sitrep ingest --workers 2` runs), results kept in memory
     ray    run_shards(): a local Ray (2 CPUs), 2 actors, Parquet shards written
   Figures: articles/s of each run, their median, the median of the per-pair ratios ray/local, and the peak
   memory of the largest worker process / actor.
2. Shards: for each VARIANT, one Ray run over the same SHARDS shards of SHARD_SIZE articles; for each shard, in
   the order they finished, its seconds and CPU seconds in its actor, the actor's resident memory after it (now
   and peak) and its spaCy vocabulary (lexemes, strings). Flat means the last ten shards' median is within 10%
   of the first ten's, for CPU seconds per article in the actor and for resident memory (each actor's first
   shard, which warms the model up, left out); wall seconds are printed too, but on a shared machine they
   follow the other jobs' load. Variants, measured in the same invocation so they compare:
     default  the engine as shipped (RayOptions(): the Extractor reloaded every RELOAD_EVERY articles)
     reload   the Extractor reloaded every RELOAD articles (--reload, default 100): what reloading bounds
     forget   default, plus event_place's per-Doc cache emptied before each shard (a bench-only stand-in for
              the fix in resolve/event_place.py: its WeakKeyDictionary values hold the Doc's sentences, which
              hold the Doc, so no Doc that had an event is ever freed)
     both     reload and forget
3. Cores for 1 million articles a day: CPU seconds per article inside the actors (median over shards of the
   first variant) x 1e6 / 86,400 s, and the same divided by the Ray/local ratio for the whole run end to end.
"""
from __future__ import annotations

import argparse
import json
import os
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


def corpus_articles(corpus: str, n: int) -> list[Any]:
    """`n` articles: the bundled examples repeated (ids made distinct below), or the first Reuters bodies."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _corpus import REUTERS, example_articles, reuters_articles

    if corpus == "reuters":
        if not REUTERS.exists():
            raise SystemExit(f"--corpus reuters needs {REUTERS} (the ../shared development data)")
        arts = reuters_articles(n)
        if len(arts) < n:
            raise SystemExit(f"only {len(arts)} Reuters articles with a body, {n} asked for")
        return arts
    return example_articles()


def write_corpus(folder: Path, n: int, shards: int, corpus: str = "examples") -> list[Path]:
    source = corpus_articles(corpus, n)
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-n // shards)
    paths = []
    for s in range(shards):
        path = folder / f"shard{s:03d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k in range(s * per, min(n, (s + 1) * per)):
                a = source[k % len(source)]
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
    peak0 = cpu0.ru_maxrss
    pairs = [(a, o) for o, a in iter_inputs([str(p) for p in paths]) if not isinstance(a, Quarantined)]
    n = events = 0
    for result in ProcessEngine(Settings(n_process=2), 2).run(pairs):
        n += 1
        events += len(result.events)
    wall = time.perf_counter() - started
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"articles": n, "events": events, "seconds": wall, "rate": n / wall,
            "worker_cpu_s": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
            # the largest waited-for child's peak; a larger earlier child (a previous run) would hide it: noted
            "worker_peak_rss_mb": cpu1.ru_maxrss / 1024, "peak_from_earlier_child": cpu1.ru_maxrss == peak0 > 0}


def forgetful_actor() -> type:
    """A ShardActor that empties event_place's per-Doc cache before each shard (variant "forget")."""
    from sitrep.ray_job import ShardActor

    class Forgetful(ShardActor):
        def run_shard(self, shard: Any) -> dict[str, Any]:
            from sitrep.resolve import event_place

            event_place._BY_DOC.clear()
            return super().run_shard(shard)

    return Forgetful


VARIANTS = ("default", "reload", "forget", "both")


def run_ray(paths: list[Path], out: Path, variant: str = "default", reload_every: int = 100) -> dict[str, Any]:
    from sitrep.engines.ray_engine import RayOptions
    from sitrep.ray_job import ShardActor, run_shards
    from sitrep.settings import Settings

    options = RayOptions(actors=2)
    if variant in ("reload", "both"):
        options = RayOptions(actors=2, reload_every=reload_every)
    actor = forgetful_actor() if variant in ("forget", "both") else ShardActor
    started = time.perf_counter()
    stats = run_shards([str(p) for p in paths], str(out), Settings(), options, actor_cls=actor)
    wall = time.perf_counter() - started
    return {"articles": stats.articles, "events": stats.events, "seconds": wall, "rate": stats.articles / wall,
            "actor_cpu_s": sum(s["cpu_seconds"] for s in stats.per_shard),
            "actor_peak_rss_mb": max((s["peak_rss_mb"] for s in stats.per_shard), default=0.0),
            "per_shard": stats.per_shard}


def shard_figures(shards: list[dict[str, Any]]) -> dict[str, Any]:
    """First ten against last ten warm shards: time per article, resident memory now and peak, vocabulary."""
    first_of_actor: set[int] = set()
    warm = []
    for s in shards:  # each actor's first shard also warms the model up: left out
        if s["pid"] in first_of_actor:
            warm.append(s)
        first_of_actor.add(s["pid"])
    k = max(1, min(10, len(warm) // 3))

    def change(key: Any) -> tuple[float, float, float]:
        a = statistics.median(key(s) for s in warm[:k])
        b = statistics.median(key(s) for s in warm[-k:])
        return a, b, b / a - 1

    t = change(lambda s: s["seconds"] / s["articles"])
    c = change(lambda s: s["cpu_seconds"] / s["articles"])
    m = change(lambda s: s["rss_mb"] if s.get("rss_mb") is not None else s["peak_rss_mb"])
    p = change(lambda s: s["peak_rss_mb"])
    v = change(lambda s: s["lexemes"])
    return {
        "shards": len(shards), "warm_shards": len(warm), "compared": k,
        "per_shard": [{k2: s.get(k2) for k2 in ("articles", "events", "seconds", "cpu_seconds", "rss_mb",
                                                 "peak_rss_mb", "lexemes", "strings", "reloads", "pid")}
                      for s in shards],
        "s_per_article_first": t[0], "s_per_article_last": t[1], "time_change": t[2],
        "cpu_s_per_article_first": c[0], "cpu_s_per_article_last": c[1], "cpu_change": c[2],
        "rss_mb_first": m[0], "rss_mb_last": m[1], "memory_change": m[2],
        "peak_rss_mb_first": p[0], "peak_rss_mb_last": p[1], "peak_change": p[2],
        "lexemes_first": v[0], "lexemes_last": v[1],
        "reloads": sum(max((s["reloads"] for s in shards if s["pid"] == pid), default=0) for pid in first_of_actor),
        "cpu_s_per_article": statistics.median(s["cpu_seconds"] / s["articles"] for s in warm),
        # time judged on CPU seconds in the actor: wall seconds follow whatever else the shared machine runs
        "flat": abs(c[2]) <= FLAT and m[2] <= FLAT, "wall_flat": abs(t[2]) <= FLAT,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shards", type=int, default=50)
    ap.add_argument("--shard-size", type=int, default=20)
    ap.add_argument("--corpus", choices=("examples", "reuters"), default="examples")
    ap.add_argument("--variants", default="default", help=f"comma-separated, of {', '.join(VARIANTS)}")
    ap.add_argument("--reload", type=int, default=100, help="reload_every of the reload variants")
    ap.add_argument("--skip-engines", action="store_true", help="only the per-shard figures")
    ap.add_argument("--skip-shards", action="store_true", help="only the engine figures")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    if any(v not in VARIANTS for v in variants):
        ap.error(f"--variants: each of {', '.join(VARIANTS)}")
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    report: dict[str, Any] = {"articles": args.articles, "repeats": args.repeats, "corpus": args.corpus,
                              "load_average_at_start": os.getloadavg()}
    try:
        if not args.skip_engines:
            paths = write_corpus(tmp / "engines", args.articles, 8, args.corpus)
            pairs = []
            for r in range(args.repeats):
                local = run_local(paths)
                ray = run_ray(paths, tmp / f"out{r}")
                ray.pop("per_shard")
                assert local["articles"] == ray["articles"] == args.articles and local["events"] == ray["events"]
                pairs.append({"local": local, "ray": ray, "ratio": ray["rate"] / local["rate"],
                              "load_average_after": os.getloadavg()})
                print(f"run {r + 1}: local {local['rate']:.2f} articles/s ({local['seconds']:.1f} s), "
                      f"ray {ray['rate']:.2f} articles/s ({ray['seconds']:.1f} s), ratio {pairs[-1]['ratio']:.2f}; "
                      f"peak memory: local worker {local['worker_peak_rss_mb']:.0f} MB, ray actor "
                      f"{ray['actor_peak_rss_mb']:.0f} MB; load {os.getloadavg()[0]:.1f}", file=sys.stderr)
            report["engines"] = {
                "runs": pairs,
                "local_rate_median": statistics.median(p["local"]["rate"] for p in pairs),
                "ray_rate_median": statistics.median(p["ray"]["rate"] for p in pairs),
                "ratio_median": statistics.median(p["ratio"] for p in pairs),
                "target_ratio": TARGET_RATIO,
            }
        if not args.skip_shards:
            paths = write_corpus(tmp / "shards", args.shards * args.shard_size, args.shards, args.corpus)
            report["shards"] = {}
            for variant in variants:
                run = run_ray(paths, tmp / f"shards-out-{variant}", variant, args.reload)
                figures = shard_figures(run["per_shard"])
                figures.update(seconds_total=run["seconds"], shard_size=args.shard_size,
                               load_average_after=os.getloadavg())
                report["shards"][variant] = figures
                print(f"shards, {variant}: done in {run['seconds']:.0f} s; load {os.getloadavg()[0]:.1f}",
                      file=sys.stderr)
            cpu_per_article = report["shards"][variants[0]]["cpu_s_per_article"]
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
        return 0
    print(f"corpus: {args.corpus}; load average at start {report['load_average_at_start'][0]:.1f} (2 cores)")
    e = report.get("engines")
    if e:
        print(f"engines ({args.articles} articles, {args.repeats} paired runs, end to end): local multiprocessing "
              f"{e['local_rate_median']:.2f} articles/s, Ray {e['ray_rate_median']:.2f} articles/s, ratio "
              f"{e['ratio_median']:.2f} (target >= {TARGET_RATIO})")
    for variant, s in report.get("shards", {}).items():
        print(f"shards, {variant} ({s['shards']} x {s['shard_size']} articles; first {s['compared']} vs last "
              f"{s['compared']} warm shards): CPU {s['cpu_s_per_article_first']:.3f} -> "
              f"{s['cpu_s_per_article_last']:.3f} s/article ({s['cpu_change']:+.1%}), wall "
              f"{s['s_per_article_first']:.3f} -> {s['s_per_article_last']:.3f} ({s['time_change']:+.1%}); actor memory {s['rss_mb_first']:.0f} -> {s['rss_mb_last']:.0f} "
              f"MB ({s['memory_change']:+.1%}), peak {s['peak_rss_mb_first']:.0f} -> {s['peak_rss_mb_last']:.0f} MB "
              f"({s['peak_change']:+.1%}); lexemes {s['lexemes_first']:.0f} -> {s['lexemes_last']:.0f}; "
              f"reloads {s['reloads']}; flat within 10%: {s['flat']}")
    c = report.get("cores_for_1m_a_day")
    if c:
        end = f"{c['cores_end_to_end']:.1f}" if c["cores_end_to_end"] else "n/a"
        print(f"1 million articles a day: {c['actor_cpu_s_per_article']:.3f} CPU s/article in the actors -> "
              f"{c['cores_extraction_only']:.1f} cores busy all day; {end} cores counting Ray's cost on one machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
