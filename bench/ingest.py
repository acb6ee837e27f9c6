#!/usr/bin/env python3
"""Ingest throughput, memory and database size, against bare spaCy on the same articles.

usage: .venv/bin/python bench/ingest.py [-n 2000] [--corpus auto|reuters|examples] [--long 20000] [--json]

Articles: the first N Reuters-21578 documents with a body (../shared, read in place) plus the bundled
examples, less those the reader quarantines (tables of figures, "not English"), so every half does the
same work; written to a temporary JSONL so that ingest reads them as a user's file. Each half runs in a
fresh child process, its whole process tree's RSS sampled every 50 ms:
  spacy    nlp.pipe(texts, n_process=2) with the same model (loaded and warmed first, not timed)
  sitrep   (--with-sitrep) Pipeline.extract_many(articles, n_process=2) alone, without reading or storage
  ingest   Ingest(db, Pipeline(Settings(n_process=2)), workers=2).run([jsonl]): reading, extraction,
           storage in committed batches and the dedup pass, all timed (the model is loaded in the
           parent first, as for spaCy)
Then the long run: --long articles (Reuters repeated under new ids) through ingest with a stub in place of
the NLP (--stub-nlp is implied: it exercises reading, queueing, storage and dedup without 20,000 real
extractions on a shared machine), with the child's RSS recorded every 1,000 articles.
"""
from __future__ import annotations

import os
import sys


import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.75


def _articles(limit: int, corpus: str) -> tuple[str, list[Any]]:
    from _corpus import example_articles, load_articles

    name, arts = load_articles(limit, corpus)
    if name == "reuters21578" and len(arts) < limit:
        # the corpus has fewer bodies than asked for: repeat it under new ids (new articles to the store)
        arts = [a.replace(id=f"{a.id}#{i // len(arts)}") for i, a in enumerate(arts * (limit // len(arts) + 1))][:limit]
    if name == "reuters21578":
        arts = arts + example_articles()
        name = "reuters21578+examples"
    # only articles the reader accepts (Reuters has tables of figures it quarantines as not English), so
    # that every half does the same work
    from sitrep.readers import check_article

    return name, [a for a in arts if check_article(a.text, a.title, a.language) is None]


def _write_jsonl(articles: Iterable[Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published,
                                  "source": a.source}, ensure_ascii=False) + "\n")


class _StubPipeline:
    """extract_many without NLP: one made-up event per article, for the long memory run."""

    def extract_many(self, articles: Iterable[Any], n_process: int | None = None) -> Iterator[Any]:
        from sitrep.pipeline import ArticleResult
        from sitrep.records import Event, Evidence, Place, When, stable_hash

        for a in articles:
            h = int(stable_hash(a.id)[:6], 16)
            end = min(80, len(a.text))
            ev = Event(id=stable_hash(a.id, 0), article=a.id, type="Protests", subtype="Peaceful protest",
                       plover="PROTEST", where=Place("Town", "Town", h % 5000, "place", "Province", "XX",
                                                      (h % 1000) / 10 - 50, (h // 1000 % 3000) / 10 - 150, 1),
                       when=When("today", a.published, a.published, "day" if a.published else "unknown"),
                       evidence=(Evidence(a.text[:end], 0, end),))
            yield ArticleResult(a, (ev,))


def _child(tool: str, limit: int, corpus: str, n_process: int, workdir: Path) -> dict[str, Any]:
    """One half, in this (child) process."""
    import os

    import psutil

    name, articles = _articles(limit, corpus)
    out: dict[str, Any] = {"tool": tool, "corpus": name, "articles": len(articles)}
    if tool == "sitrep":
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings

        pipe = Pipeline(Settings(n_process=n_process))
        pipe.extract(articles[0])
        t0 = time.perf_counter()
        out["done"] = sum(1 for _ in pipe.extract_many(articles, n_process=n_process))
        out["batch_s"] = time.perf_counter() - t0
        return out
    if tool == "spacy":
        import spacy

        from sitrep.settings import Settings

        nlp = spacy.load(Settings().model)
        nlp(articles[0].text)
        t0 = time.perf_counter()
        out["done"] = sum(1 for _ in nlp.pipe((a.text for a in articles), n_process=n_process, batch_size=16))
        out["batch_s"] = time.perf_counter() - t0
        return out
    from sitrep.ingest import Ingest

    db = workdir / f"{tool}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    src = workdir / f"{tool}.jsonl"
    _write_jsonl(articles, src)
    del articles  # ingest reads the file, as a user's run would
    rss: list[tuple[int, float]] = []
    if tool == "stub":
        pipe: Any = _StubPipeline()
        workers = 1
        proc = psutil.Process(os.getpid())
        last = [0]

        def progress(stats: Any) -> None:
            if stats.done - last[0] >= 1000:
                last[0] = stats.done
                rss.append((stats.done, proc.memory_info().rss / 2**20))
    else:
        from sitrep.pipeline import Pipeline
        from sitrep.records import Article
        from sitrep.settings import Settings

        pipe = Pipeline(Settings(n_process=n_process))
        pipe.extract(Article(id="warm", text="Police fired tear gas at protesters in the capital on Monday."))
        workers = n_process

        def progress(stats: Any) -> None:
            return None
    t0 = time.perf_counter()
    stats = Ingest(db, pipe, workers=workers).run([str(src)], progress=progress)
    out["batch_s"] = time.perf_counter() - t0
    out.update(done=stats.done, stored=stats.stored, events=stats.events, quarantined=stats.quarantined,
               clusters=stats.clusters, rss_by_articles=rss)
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal", "-shm") if Path(f"{db}{s}").exists())
    out["db_mb"] = size / 2**20
    out["db_mb_per_1k"] = out["db_mb"] / max(1, stats.stored) * 1000
    return out


def run_half(tool: str, limit: int, corpus: str, n_process: int, workdir: Path) -> dict[str, Any]:
    """Run one half in a child process, sampling its process tree's RSS."""
    from throughput import run_measured

    return run_measured([sys.executable, __file__, "--child", tool, "-n", str(limit), "--corpus", corpus,
                         "--n-process", str(n_process), "--workdir", str(workdir)], tool)


def report(res: dict[str, Any]) -> str:
    """The human-readable summary."""
    sp, ing, stub = res["spacy"], res["ingest"], res.get("stub")
    bare = res.get("sitrep") or {"error": "skipped"}
    lines = [f"corpus: {sp.get('corpus') or ing.get('corpus')}, {sp.get('articles', ing.get('articles'))} articles, "
             f"n_process={res['n_process']} (timings on a shared 2-core machine: noisy)", "",
             f"{'':8} {'articles/s':>11} {'seconds':>8} {'peak MB':>8}"]
    for name, half in (("spacy", sp), ("sitrep", bare), ("ingest", ing)):
        if "error" in half:
            lines.append(f"{name:8} not run: {half['error']}")
            continue
        lines.append(f"{name:8} {half['articles_per_s']:11.1f} {half['batch_s']:8.1f} {half['peak_mb']:8.0f}")
    if "error" not in ing:
        lines.append(f"ingest stored {ing['stored']} articles, {ing['events']} events, {ing['clusters']} clusters, "
                     f"{ing['quarantined']} quarantined; database {ing['db_mb']:.1f} MB = "
                     f"{ing['db_mb_per_1k']:.1f} MB per 1,000 articles")
    ratio = ing["articles_per_s"] / sp["articles_per_s"] if "error" not in sp and "error" not in ing else None
    res["ratio"] = ratio
    if ratio is not None:
        state = "PASS" if ratio >= TARGET_RATIO else "FAIL"
        lines.append(f"{state}  ingest / spaCy throughput {ratio:.2f} (target >= {TARGET_RATIO:.2f})")
    if "error" not in bare and "error" not in ing:
        storage = ing["articles_per_s"] / bare["articles_per_s"]
        res["storage_ratio"] = storage
        lines.append(f"      ingest / sitrep extract_many (the cost of reading and storage): {storage:.2f}")
    if stub:
        if "error" in stub:
            lines.append(f"long run not run: {stub['error']}")
        else:
            curve = stub["rss_by_articles"]
            marks = [curve[int(i * (len(curve) - 1) / 4)] for i in range(5)] if curve else []
            lines.append(f"long run, stub NLP: {stub['stored']} articles at {stub['articles_per_s']:.0f}/s, "
                         f"peak {stub['peak_mb']:.0f} MB, {stub['db_mb_per_1k']:.1f} MB per 1,000 articles")
            lines.append("  RSS by articles done: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in marks))
            if len(curve) >= 4:
                later = [mb for _, mb in curve[len(curve) // 4:]]
                lines.append(f"  growth over the last three quarters: {max(later) - later[0]:+.0f} MB")
    return "\n".join(lines)


def main() -> int:
    """Run the halves and the long stub run; print the summary (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="Reuters articles (default 2000; the examples are added)")
    ap.add_argument("--corpus", choices=("auto", "reuters", "examples"), default="auto")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--long", type=int, default=20000, help="articles offered to the stub-NLP memory run (0: skip)")
    ap.add_argument("--skip-real", action="store_true", help="only the long stub run")
    ap.add_argument("--with-sitrep", action="store_true",
                    help="also time Pipeline.extract_many alone, to separate extraction from reading and storage")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", choices=("spacy", "sitrep", "ingest", "stub"), help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.n, args.corpus, args.n_process, args.workdir)))
        return 0
    res: dict[str, Any] = {"n_process": args.n_process}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-ingest-") as tmp:
        work = Path(tmp)
        if args.skip_real:
            res["spacy"] = res["ingest"] = res["sitrep"] = {"error": "skipped"}
        else:
            res["spacy"] = run_half("spacy", args.n, args.corpus, args.n_process, work)
            if args.with_sitrep:
                res["sitrep"] = run_half("sitrep", args.n, args.corpus, args.n_process, work)
            res["ingest"] = run_half("ingest", args.n, args.corpus, args.n_process, work)
        if args.long:
            res["stub"] = run_half("stub", args.long, args.corpus, 1, work)
    text = report(res)
    print(json.dumps(res, indent=2) if args.json else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
