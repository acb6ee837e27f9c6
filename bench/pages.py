#!/usr/bin/env python3
"""Page strategies on news pages wrapped in boilerplate: do the events survive, and how much boilerplate leaks?

usage: python bench/pages.py [--check] [--raise-floors] [--strategies trafilatura,htmlparser] [--limit N] [--json]

Each ../shared/dev/coded-news article is wrapped, at run time, in a page written here (nothing of the article is
committed): a cookie banner, navigation, a share bar, a byline and date, a photo with a caption and credit after
the second paragraph, related headlines (event-laden on purpose: "Two soldiers killed ..."), readers' comments
and a footer. Half the pages use HTML5 elements (<nav>, <aside>, <footer>), half the <div class="..."> soup many
sites still serve. Each page strategy (sitrep.readers.html.PAGE_STRATEGIES) then reads the page back, and:

  kept       share of the article's words found in the extracted text (multiset overlap)
  leak       share of the boilerplate's words that ended up in the extracted text (lower is better)
  clean      1 - leak (the figure with a floor: floors only rise)
  date       share of pages whose publication date the strategy found and got right
  events     share of articles whose events from the page equal those from the plain text (type, sub-type,
             actors, place, date, counts; evidence offsets aside), extracted in the same run
  seconds    CPU seconds the strategy spent reading the 40 pages

Figures are given for all articles and by half (odd: tune, even: judge). --check exits 1 when a figure of the
default strategy is below its floor in the `pages` section of bench/baseline.json; --raise-floors raises them.
Without ../shared it says so and exits 0.
"""
from __future__ import annotations

import argparse
import collections
import html
import json
import re
import sys
import time
from pathlib import Path
from typing import Any, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SECTION = "pages"
FLOORED = ("kept", "clean", "events", "date")
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")

# the boilerplate: written for this bench
COOKIE = "We use cookies to improve your experience and to show you relevant advertising. Accept all cookies. Manage preferences."
NAV = ["Home", "World", "Africa", "Middle East", "Politics", "Business", "Sport", "Opinion", "Video", "Newsletters"]
SHARE = ["Share on Facebook", "Share on X", "Share by email", "Print this page", "Copy link"]
CAPTIONS = [
    "Smoke rises above the market district after the attack on Sunday evening.",
    "Residents gather outside the hospital where the wounded were taken.",
    "Security forces patrol a checkpoint on the main road into the city.",
]
CREDITS = ["Photo: Staff photographer / Daily Ledger", "Photograph: Agency pool", "Image credit: Reader submission"]
RELATED = [
    "Two soldiers killed in ambush near the northern border",
    "Protesters clash with police outside parliament for a second night",
    "Car bomb wounds five at a busy checkpoint, officials say",
    "Rebels seize town after week of heavy fighting",
    "Dozens arrested after demonstrations over fuel prices",
]
COMMENTS = [
    ("nightowl77", "The same thing happened here last year and nobody was held to account for the shooting."),
    ("Grace M.", "My cousin lives near there. The army burned houses and forty families fled to the hills."),
    ("observer", "Why does the government keep silent? Three journalists were detained last month as well."),
]
FOOTER = "Copyright 2024 Daily Ledger Media Group. All rights reserved. About us. Contact. Terms of use. Privacy policy."


def words(text: str) -> list[str]:
    """Lower-cased words of a text."""
    return [w.lower() for w in _WORD_RE.findall(text)]


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs (blank lines, else single line breaks)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) <= 1:
        parts = [p.strip() for p in text.splitlines() if p.strip()]
    return parts


def boilerplate_text(index: int) -> str:
    """Every boilerplate word the page of article `index` carries (for the leak figure)."""
    caption = f"{CAPTIONS[index % len(CAPTIONS)]} {CREDITS[index % len(CREDITS)]}"
    comments = " ".join(f"{who} {said} Reply Report" for who, said in COMMENTS)
    return " ".join([COOKIE, " ".join(NAV), " ".join(SHARE), caption, "Related stories", " ".join(RELATED),
                     "Comments", comments, FOOTER, "By Staff Reporter", "Daily Ledger"])


def wrap(title: str, text: str, published: str | None, index: int) -> str:
    """A news page around one article: the article's paragraphs, the boilerplate above, between and below."""
    e = html.escape
    paras = paragraphs(text)
    semantic = (index // 2) % 2 == 0  # both layouts in each half (the halves alternate by index)
    caption, credit = CAPTIONS[index % len(CAPTIONS)], CREDITS[index % len(CREDITS)]
    date = published or "2020-01-01"
    body = [f"<p>{e(p)}</p>" for p in paras]
    if semantic:
        figure = (f'<figure><img src="/img/{index}.jpg" alt=""><figcaption>{e(caption)} '
                  f'<span class="credit">{e(credit)}</span></figcaption></figure>')
    else:
        figure = (f'<div class="photo"><img src="/img/{index}.jpg" alt=""><p class="caption">{e(caption)} '
                  f'<span class="credit">{e(credit)}</span></p></div>')
    body.insert(min(2, len(body)), figure)
    nav_items = "".join(f'<li><a href="/{e(n.lower())}">{e(n)}</a></li>' for n in NAV)
    share = "".join(f'<li><a href="#share-{i}">{e(s)}</a></li>' for i, s in enumerate(SHARE))
    related = "".join(f'<li><a href="/story/{i}">{e(r)}</a></li>' for i, r in enumerate(RELATED))
    comments = "".join(f'<div class="comment"><p class="author">{e(who)}</p><p>{e(said)}</p>'
                       f'<p class="actions"><a href="#">Reply</a> <a href="#">Report</a></p></div>'
                       for who, said in COMMENTS)
    head = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)} | Daily Ledger</title>'
            f'<meta name="author" content="Staff Reporter"><meta property="og:site_name" content="Daily Ledger">'
            f'<meta property="article:published_time" content="{date}T08:30:00Z">'
            f'<meta property="og:title" content="{e(title)}">'
            '<script>window.dataLayer = [{"page": "article"}];</script><style>.cookie{position:fixed}</style></head>')
    byline = (f'<p class="byline">By <a href="/authors/staff">Staff Reporter</a></p>'
              f'<time datetime="{date}">{date}</time>')
    if semantic:
        page = (f'<body><div class="cookie" role="dialog"><p>{e(COOKIE)}</p><button>Accept</button></div>'
                f'<header><a href="/" class="logo">Daily Ledger</a><nav><ul>{nav_items}</ul></nav></header>'
                f'<main><article><h1>{e(title)}</h1>{byline}<ul class="share">{share}</ul>'
                f'<div class="article-body">{"".join(body)}</div></article>'
                f'<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>'
                f'<section id="comments"><h2>Comments</h2>{comments}</section></main>'
                f'<footer><p>{e(FOOTER)}</p></footer></body></html>')
    else:
        page = (f'<body><div id="cookie-banner"><p>{e(COOKIE)}</p><a href="#">Accept</a></div>'
                f'<div class="top"><a href="/" class="logo">Daily Ledger</a><div class="menu"><ul>{nav_items}</ul></div></div>'
                f'<div class="content"><div class="story"><h1>{e(title)}</h1>{byline}<div class="share-bar"><ul>{share}</ul></div>'
                f'<div class="story-body">{"".join(body)}</div></div>'
                f'<div class="related"><h3>Related stories</h3><ul>{related}</ul></div>'
                f'<div class="comments"><h3>Comments</h3>{comments}</div></div>'
                f'<div class="bottom"><p>{e(FOOTER)}</p></div></body></html>')
    return head + page


def overlap(a: Iterable[str], b: Iterable[str]) -> int:
    """Size of the multiset intersection of two word lists."""
    return sum((collections.Counter(a) & collections.Counter(b)).values())


def leaked(article_words: list[str], boiler_words: list[str], extracted_words: list[str]) -> int:
    """Boilerplate words in the extracted text: words beyond the article's own, counted against the boilerplate."""
    extra = collections.Counter(extracted_words) - collections.Counter(article_words)
    return sum((extra & collections.Counter(boiler_words)).values())


def signature(event: Any) -> str:
    """An event without what moves with the text's offsets (ids, evidence, article)."""
    d = event.as_dict()
    for key in ("id", "evidence", "article", "articles", "cluster", "sources"):
        d.pop(key, None)
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def load(shared: Path, limit: int | None) -> list[dict[str, Any]]:
    """coded-news articles with their half."""
    folder = shared / "dev" / "coded-news"
    halves = {m["id"]: m["half"] for m in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))}
    rows = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["half"] = halves.get(row["id"], "odd")
    return rows[:limit] if limit else rows


def measure(rows: list[dict[str, Any]], strategies: list[str], with_events: bool = True) -> dict[str, Any]:
    """Figures per strategy ({strategy: {all|odd|even: {...}}})."""
    from sitrep.readers.html import read_page
    from sitrep.records import Article

    pages = [wrap(r.get("title") or "", r["text"], r.get("published"), i) for i, r in enumerate(rows)]
    read: dict[str, list[Any]] = {}
    seconds: dict[str, float] = {}
    for name in strategies:
        start = time.process_time()
        read[name] = [read_page(p, (name,)) for p in pages]
        seconds[name] = time.process_time() - start
    events: dict[str, list[bool]] = {}
    if with_events:
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings

        pipeline = Pipeline(Settings(n_process=1))

        def run(articles: list[Article]) -> list[list[str]]:
            return [sorted(signature(ev) for ev in res.events) for res in pipeline.extract_many(articles, n_process=1)]

        plain = run([Article(id=r["id"], title=r.get("title") or "", text=r["text"], published=r.get("published"))
                     for r in rows])
        for name in strategies:
            got = run([Article(id=r["id"], title=r.get("title") or "", text=(p.text if p else ""), published=r.get("published"))
                       if p else Article(id=r["id"], title="", text=".", published=r.get("published"))
                       for r, p in zip(rows, read[name])])
            events[name] = [a == b for a, b in zip(plain, got)]
    out: dict[str, Any] = {}
    for name in strategies:
        per: dict[str, Any] = {}
        for half in ("all", "odd", "even"):
            idx = [i for i, r in enumerate(rows) if half == "all" or r["half"] == half]
            if not idx:
                continue
            art_w = kept = boiler = leak = dated = 0
            for i in idx:
                r, page = rows[i], read[name][i]
                aw = words(r["text"])
                bw = words(boilerplate_text(i))
                ew = words(page.text) if page else []
                art_w += len(aw)
                kept += overlap(aw, ew)
                boiler += len(bw)
                # the title is the article's own: a strategy that keeps it in the text leaks nothing by it
                leak += leaked(words(r.get("title") or "") + aw, bw, ew)
                dated += bool(page and r.get("published") and page.published == r["published"])
            fig = {"kept": round(kept / art_w, 4), "leak": round(leak / boiler, 4),
                   "clean": round(1 - leak / boiler, 4), "date": round(dated / len(idx), 4), "pages": len(idx)}
            if name in events:
                fig["events"] = round(sum(events[name][i] for i in idx) / len(idx), 4)
            per[half] = fig
        per["seconds"] = round(seconds[name], 3)
        out[name] = per
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the bench; 1 when --check finds a figure under its floor."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--raise-floors", action="store_true")
    ap.add_argument("--strategies", default="trafilatura,htmlparser")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-events", action="store_true", help="skip the event comparison (no spaCy model needed)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    if not (args.shared / "dev" / "coded-news" / "articles.jsonl").exists():
        print(f"skipped: {args.shared}/dev/coded-news is absent (the bench wraps its articles in pages)")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    strategies = [s for s in args.strategies.split(",") if s]
    figures = measure(load(args.shared, args.limit), strategies, with_events=not args.no_events)
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        for name, per in figures.items():
            for half in ("all", "odd", "even"):
                f = per.get(half)
                if f:
                    ev = f" events equal {f['events']:.0%}" if "events" in f else ""
                    print(f"{name:12} {half:4} pages {f['pages']:3}  kept {f['kept']:.1%}  leak {f['leak']:.1%}  "
                          f"date {f['date']:.0%}{ev}")
            print(f"{name:12} cpu  {per['seconds']:.2f} s")
    default = strategies[0]
    measured = {half: {k: v for k, v in figures[default][half].items() if k in FLOORED}
                for half in ("odd", "even") if half in figures[default]}
    baseline = _floors.read()
    floors = baseline.get(SECTION, {})
    if args.raise_floors:
        baseline[SECTION] = _floors.raised(floors, measured, FLOORED, places=2)
        _floors.write(baseline)
        print(f"floors raised in {_floors.BASELINE}")
    if args.check:
        problems = _floors.below(measured, floors)
        for p in problems:
            print(f"below floor: {p}")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
