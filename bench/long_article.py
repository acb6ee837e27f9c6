"""Bench: CPU seconds and peak memory of one long synthetic article through Pipeline.extract, at a few sizes.

    PYTHONPATH=src python bench/long_article.py [SIZE ...]      (sizes in characters; default 25000 100000 1000000)
    PYTHONPATH=src python bench/long_article.py --profile 100000 (cProfile's top functions for one size)

Each size runs in a fresh child process (so peak RSS is that size's own); the article is made of varied
sentences written here (towns, numbers, days, actors), in paragraphs. Cost should grow linearly with length.
"""
from __future__ import annotations

import json
import subprocess
import sys

TOWNS = ["Kramatorsk", "Bakhmut", "Maiduguri", "Kirkuk", "Manbij", "Kidal", "Goma", "Beni", "Mosul", "Idlib",
         "Aleppo", "Gao", "Timbuktu", "Marawi", "Kunduz", "Ghazni", "Mogadishu", "Baidoa", "Juba", "Bor"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "Troops shelled the town of {town} on {day}, killing {n} people, officials said.",
    "Militants attacked a police post near {town} on {day}, wounding {n} officers, a spokesman said.",
    "Hundreds of protesters marched through {town} on {day} to demand the release of {n} detained students.",
    "A roadside bomb exploded outside {town} on {day}, killing {n} soldiers and injuring several others.",
    "Residents of {town} said that {n} houses were burned during clashes between rival groups on {day}.",
    "The army said it had arrested {n} suspects in {town} after the raid on {day}.",
    "Aid workers in {town} reported that {n} civilians had fled the fighting since {day}.",
]


def article(chars: int) -> str:
    """A synthetic news article of about `chars` characters, in paragraphs of three sentences."""
    paras: list[str] = []
    total, k = 0, 0
    while total < chars:
        sents = []
        for _ in range(3):
            t = TEMPLATES[k % len(TEMPLATES)]
            sents.append(t.format(town=TOWNS[(k * 7) % len(TOWNS)], day=DAYS[k % len(DAYS)], n=(k * 13) % 97 + 2))
            k += 1
        para = " ".join(sents)
        paras.append(para)
        total += len(para) + 2
    return "\n\n".join(paras)[:max(chars, 1)]


def _measure(chars: int) -> dict[str, float]:
    import resource
    import time

    from sitrep.pipeline import Pipeline
    from sitrep.records import Article

    pipe = Pipeline()
    pipe.extract(Article(id="warm", text=article(2000)))
    text = article(chars)
    t0 = time.process_time()
    events = pipe.extract(Article(id="long", text=text))
    cpu = time.process_time() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": len(text), "cpu_s": round(cpu, 2), "peak_rss_mb": round(rss, 1), "events": len(events)}


def _profile(chars: int) -> None:
    import cProfile
    import pstats

    from sitrep.pipeline import Pipeline
    from sitrep.records import Article

    pipe = Pipeline()
    pipe.extract(Article(id="warm", text=article(2000)))
    art = Article(id="long", text=article(chars))
    prof = cProfile.Profile()
    prof.runcall(pipe.extract, art)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(_measure(int(argv[1]))))
        return
    if argv[:1] == ["--profile"]:
        _profile(int(argv[1]) if len(argv) > 1 else 100_000)
        return
    sizes = [int(a) for a in argv] or [25_000, 100_000, 1_000_000]
    print(f"{'chars':>10} {'cpu s':>8} {'peak MB':>8} {'events':>7}")
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True, text=True)
        if out.returncode:
            print(f"{size:>10} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['chars']:>10} {r['cpu_s']:>8} {r['peak_rss_mb']:>8} {r['events']:>7}")


if __name__ == "__main__":
    main(sys.argv[1:])
