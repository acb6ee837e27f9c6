#!/usr/bin/env python3
"""The event's own place on Halterman's event-location gold (../shared/dev/halterman-event-location).

usage: PYTHONPATH=src .venv/bin/python bench/event_place.py [--check] [--raise-floors] [-v] [--errors N]
       PYTHONPATH=src .venv/bin/python bench/event_place.py --tune-misses [N]

Scored items: those with `source == "RELABEL"` (the re-annotated gold set) that mark a VERB span. Each
item's sentence goes through sitrep alone (one article, no publication date). The item's event is the
event whose evidence covers the gold verb; among several, the one whose trigger is the verb's word, else
the first. The event's place is right when
- the sentence names the event's place (a gold LOCATION span): some gold LOCATION text is contained in
  the event's `where.text` or equals its resolved `where.name` (case-insensitive);
- the sentence names none: the event has no place, or one of country level (`feature == "country"`).
No event covering the verb gives no place: wrong where the sentence names one, right where it names none
(as in the issue's figures); `no event` is printed beside them. Printed: `named`, `none` and `overall` (share right).
Also printed, not gated: the place stage alone, the event place rule applied to the gold verb's token whether or
not an event covers it (how much of the gap is detection, how much is place).

The other items of the set (not RELABEL) are for training and tuning (bench/train_event_place.py); the scored
run never reads them. --tune-misses lists those tuning items whose gold verb gets no event (detection misses),
grouped by the verb's lemma and construction (tag/dependency, "pass" for a passive), with up to N examples of
each group (default 3); it scores nothing and reads no RELABEL item. --tune-why [N] counts the same misses by why
(miss_reason: in no trigger list, with the lemmas' frequency table; listed but no entry matched; which
not-an-event cue; a mention dropped by a later stage), counts first.

Detection misses (issue 11, at 8b66736, all 9,686 tuning items): 1,620 gold verbs get no event; for 1,607 of them
the sentence has no event at all (an event's evidence is its sentence). Listed but no entry matched 690 (capture
246, mostly sports titles, seats and prizes in the wire sources; patrol 117; destroy 40; enter 31; raid 27, mostly
police and business raids; target 25), in no trigger list 539 (be 59, occur 28, say 26, claim 17, announce 10:
talk and copulas; the Halterman verb is often not an ACLED event), a not-an-event cue 324 (to-infinitive 105,
modal 67, ongoing 51, irrealis ancestor 39, habitual 26, negation 16; patrols 92 of them), dropped later 67 (kill
33, capture 18: most are tallies over a period, "have been killed ... since"). Tried (branch detect-neutral) and
left out, no judge moved (RELABEL no event 46, PLOVER, ACLED dev, coded-news unchanged; tuning misses 1,620 ->
1,616): a quantifier before "of" holding the event noun's slot ("most of the clashes occurred"); an event word
parsed as the modifier of a direction word before "of" ("an assault west of the airport"); "exchanged gunshots"
and "walkout" as triggers; a day named in a perfect's own clause as dating it without a publication date.

Tried and not kept (issue 11, third place round; each moved the tuning items a little and no judge: RELABEL, UCDP
place within 25 km and TR-News unchanged or lower): "al-Sham" as the Levant (a world region, not Damascus; tune
+3/-1); "the city of X" as a settlement phrase and "close to / next to X" as no route end (tune +4/-1); "the
capital, X" / "X, the capital" as X (tune +2/-1); any unknown name, not only one the parse found, before "in/near Y"
("raided X villages in Y"; tune +1/-0); "Somalia's capital", "the Kenyan capital" as that country's capital (RELABEL
0.801/0.791 -> 0.795/0.785: Halterman codes "Somalia's capital" as Somalia and "the Colombian capital" as no place);
an exact name that a big city bears as its main name over a bigger town that lists it as another name ("Islamabad"
read as Chattogram; TR-News acc161 0.959 -> 0.957); the nearest-place fallback gated at a ranker score of 0.2
(tuning items without Masdar_RA named 0.685 -> 0.682, none 0.805 -> 0.817; RELABEL 0.801/0.791 -> 0.795/0.829, but
the reference fields 1.00 -> 0.93 and coded_articles recall 0.95 -> 0.90: in whole articles the nearest place is
often right where the ranker is unsure).

--tune-causes [EVERY] (issue 11, fourth place round): the tuning items the place stage alone gets right (the rule on
the gold verb) and the whole pipeline wrong, by cause (cause_of: no event; the event covering the verb anchored on
another trigger; the where stage's own corrections; or the later stage that first made the place wrong: link,
per_place, merge, fold, article_town). At 3cc230f, all 9,686 tuning items: named 637 of 5,500 (none 12 of 4,186):
no event 466 (443 with no draft ever holding the verb: detection), anchored on another trigger 132 (122 whose own
place is wrong; 50 of them a 'targeting'/'targeted' clause whose objective Halterman codes for that verb while the
sentence's one event, anchored on 'launched'/'assault', has the area), the where stage's corrections 31, merge 8,
fold/per_place/link/article_town 0. Tried and left out: the objective of such a clause ('launched an offensive in
the X countryside, targeting the village of Y': Y) as the event's place: tuning 14 fixed, 14 broken (Halterman codes
the area for 'launched' and the village for 'targeting' in the same sentences; one event cannot be both), RELABEL
unchanged. A ranker threshold or a fallback gate alone trades named for none one for one on the tuning items
(threshold 0.225 -> 0.4 with the fallback gated at 0.3: named 0.803 -> 0.752, none 0.726 -> 0.791 on 3,240 items).
Of the stage's picks on the tuning items, the ranker gives 4,900 named (0.873 right) and 1,399 none-items a place
(1,004 of them a town: the bulk of the none errors), the nearest-place fallback 208 named (99 right) and 359 none.
Also tried and left out in this round: a surer score (0.35, 0.5) for a name no gazetteer row holds (RELABEL named
0.804 -> 0.795, 0.783); a member's more specific place not taken from a coordinated clause with its own subject
(tuning 2 fixed, 6 broken); excluding a place on the speech verb or its object ('told reporters in X', the trigger
being what was said; tuning +2/-1, RELABEL unchanged: the ranker already has an attribution feature); the places of
relative, clausal-modifier and reported clauses beneath the trigger dropped from the ranker's candidates too (RELABEL
named 0.804 -> 0.756), or from the fallback whatever their role (coded_articles 0.95/1.00 -> 0.90/0.96: 'a member
of X's police' in a relative clause placed the event rightly).

--check exits 1 when a figure is below its floor in the "event_place" section of bench/baseline.json;
--raise-floors raises (never lowers) those floors. Without ../shared it says so and exits 0.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benches share bench/_floors.py
import _floors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = "event_place"
METRICS = ("named", "none", "overall")
DATA = ROOT.parent / "shared" / "dev" / "halterman-event-location" / "labeled_text_notokens.jsonl"


def span_text(item: dict[str, Any], span: dict[str, Any]) -> str:
    """The words of a span: its own `text` when given (some offsets are broken), else the slice."""
    return (span.get("text") or item["text"][span["start"]:span["end"]]).strip()


def records(relabel: bool, path: Path = DATA) -> Iterator[dict[str, Any]]:
    """The data file's records with a text: the RELABEL ones (relabel=True) or all the others."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            if (r.get("source") == "RELABEL") == relabel and isinstance(r.get("text"), str):
                yield r


def load_items(path: Path = DATA, relabel: bool = True) -> list[dict[str, Any]]:
    """Items with a VERB span: RELABEL ones (relabel=True) or all the others (relabel=False).
    Each: {text, verb: (start, end, word), gold: [location texts]}."""
    out = []
    for r in records(relabel, path):
        spans = r.get("spans") or []
        verbs = [s for s in spans if s.get("label") == "VERB"]
        if not verbs:
            continue
        v = verbs[0]
        out.append({"id": str(r.get("_id")), "text": r["text"], "source": r.get("source"),
                    "verb": (v["start"], v["end"], span_text(r, v)),
                    "gold": [span_text(r, s) for s in spans if s.get("label") == "LOCATION" and span_text(r, s)]})
    return out


def event_of(events: Iterable[Any], verb: tuple[int, int, str]) -> Any | None:
    """The event whose evidence covers the verb span; the trigger's word breaks ties, else the first."""
    start, end, word = verb
    covering = [e for e in events if any(ev.start <= start and end <= ev.end for ev in e.evidence)]
    if not covering:
        return None
    same = [e for e in covering if (e.trigger or "").lower() == word.lower()]
    return (same or covering)[0]


def right(item: dict[str, Any], event: Any | None) -> bool:
    """Whether the event's place is the gold one (see the module's docstring)."""
    if event is None:
        return not item["gold"]  # no event, so no place given: right only where the sentence names none
    w = event.where
    if not item["gold"]:
        return w is None or w.feature == "country"
    if w is None:
        return False
    text, name = (w.text or "").lower(), (w.name or "").lower()
    return any(g.lower() in text or g.lower() == name for g in item["gold"])


def score(items: list[dict[str, Any]], events_per_item: list[list[Any]]) -> tuple[dict[str, float], list[tuple]]:
    """Figures and the per-item rows (item, event, right)."""
    rows = []
    for item, events in zip(items, events_per_item):
        e = event_of(events, item["verb"])
        rows.append((item, e, right(item, e)))
    named = [r for r in rows if r[0]["gold"]]
    none = [r for r in rows if not r[0]["gold"]]

    def share(rs: list[tuple]) -> float:
        return round(sum(r[2] for r in rs) / len(rs), 3) if rs else 0.0

    return {"named": share(named), "none": share(none), "overall": share(rows),
            "n_named": len(named), "n_none": len(none), "no_event": sum(r[1] is None for r in rows)}, rows


def extract_all(items: list[dict[str, Any]], verb_places: list[Any] | None = None) -> list[list[Any]]:
    """sitrep's events for each item's sentence. With `verb_places` (a list to fill), also the place the event
    place rule gives the gold verb itself, whether or not an event covers it (the place stage alone)."""
    from sitrep.extractor import Extractor
    from sitrep.records import Article
    from sitrep.resolve.event_place import event_place
    from sitrep.resolve.places import resolve_places

    ex = Extractor()
    arts = [Article(id=it["id"], text=it["text"]) for it in items]
    out = []
    for it, art, doc in zip(items, arts, ex.docs(arts)):
        out.append(ex.events_of(doc, art))
        if verb_places is not None:
            span = doc.char_span(it["verb"][0], it["verb"][1], alignment_mode="expand")
            places = resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)
            verb_places.append(None if span is None or not len(span) else event_place(doc, places, span.root.i))
    return out


def tuning_misses(ex: Any, items: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Any, Any]]:
    """(item, doc, the gold verb's span or None) for each of the tuning (not RELABEL) items whose gold verb no
    event covers: what --tune-misses and --tune-why read."""
    from sitrep.records import Article

    assert not any(it.get("source") == "RELABEL" for it in items), "tuning items only"
    arts = [Article(id=it["id"], text=it["text"]) for it in items]
    for it, art, doc in zip(items, arts, ex.docs(arts)):
        if event_of(ex.events_of(doc, art), it["verb"]) is not None:
            continue
        span = doc.char_span(it["verb"][0], it["verb"][1], alignment_mode="expand")
        yield it, doc, (span if span is not None and len(span) else None)


def tune_misses(examples: int = 3) -> None:
    """Print the tuning (not RELABEL) items whose gold verb no event covers, grouped by lemma and construction."""
    from collections import defaultdict

    from sitrep.extractor import Extractor
    from sitrep.tree import token_lemma

    items = load_items(relabel=False)
    ex = Extractor()
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for it, doc, span in tuning_misses(ex, items):
        if span is None:
            groups[("?", "no token")].append(it["text"])
            continue
        tok = span.root
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        groups[(token_lemma(tok), f"{tok.tag_}/{tok.dep_}{'/pass' if passive else ''}")].append(it["text"])
    total = sum(len(v) for v in groups.values())
    print(f"tuning items with no event: {total} of {len(items)}")
    by_lemma: dict[str, int] = defaultdict(int)
    for (lemma, _), texts in groups.items():
        by_lemma[lemma] += len(texts)
    for lemma, n in sorted(by_lemma.items(), key=lambda kv: -kv[1]):
        print(f"{lemma}: {n}")
        for (lem, cons), texts in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            if lem != lemma:
                continue
            print(f"  {cons}: {len(texts)}")
            for t in texts[:examples]:
                print(f"    - {t[:200]}")


def miss_reason(finder: Any, doc: Any, tok: Any) -> tuple[str, str]:
    """Why no event covers the gold verb `tok`, as (kind, detail): "mention dropped later" (the finder took it; a
    later stage grouped, merged, folded it away or dropped it as an aggregate), "in no trigger list" (detail: the
    lemma), "listed, no entry matched" (its conditions, part of speech, a compound or a named entity), "a
    not-an-event cue" (detail: which: negation, modal, to-infinitive, conditional, habitual, irrealis ancestor,
    ongoing, group record, trend, charged, later death, condition clause, present generic, noun not event) or
    "told again". Only the item's own verb is read; the sentence may still hold another event."""
    from sitrep.nlp import triggers as T
    from sitrep.tree import token_lemma

    lemma = token_lemma(tok)
    if any(m.token_i == tok.i for m in doc._.sitrep_mentions or ()):
        return "mention dropped later", lemma
    if lemma not in finder.lex.trigger_lemmas and tok.lower_ not in finder.lex.trigger_lemmas:
        return "in no trigger list", lemma
    m = finder.match(tok)
    if m is None:
        why = f"conditions ({lemma})"
        if T._POS.get(tok.pos_) is None:
            why = f"part of speech {tok.pos_}"
        elif tok.dep_ == "compound":
            why = "compound"
        elif tok.ent_type_ in T._NOT_TRIGGER_ENTS:
            why = f"entity {tok.ent_type_}"
        elif tok.dep_ == "amod" and tok.tag_ == "VBN":
            why = "participle modifier"
        return "listed, no entry matched", why
    if finder.is_event(tok, m):
        return "told again", lemma
    verb = finder._governing_verb(tok) if m.weak or tok.pos_ != "VERB" else tok
    kids = [c for t in {tok, verb} for c in t.children]
    checks = [
        ("negation", lambda: any(c.dep_ == "neg" or c.lower_ in ("n't", "not", "never") for c in kids)),
        ("modal", lambda: any(c.dep_ in ("aux", "auxpass") and c.lower_ in finder.modal for c in kids)),
        ("to-infinitive", lambda: any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids)),
        ("conditional", lambda: any(c.dep_ == "mark" and c.lower_ in finder.conditional for c in kids)),
        ("habitual", lambda: any(c.dep_ == "advmod" and c.lower_ in finder.habitual for c in kids)),
        ("irrealis ancestor", lambda: finder._irrealis_ancestor(tok)),
        ("ongoing", lambda: finder._ongoing(verb)),
        ("group record", lambda: finder._group_record(tok, verb)),
        ("trend", lambda: finder._trend(tok, verb)),
        ("charged", lambda: finder._charged(tok)),
        ("later death", lambda: finder._later_death(tok)),
        ("condition clause", lambda: finder._condition_clause(verb)),
    ]
    why = next((name for name, test in checks if test()),
               "present generic" if tok.pos_ in ("VERB", "AUX") else "noun not event")
    return "a not-an-event cue", why


def tune_why(examples: int = 2) -> None:
    """The tuning (not RELABEL) items whose gold verb no event covers, by why (miss_reason), counts first: first
    the lemmas in no trigger list (a frequency table), then the other kinds with their details and up to
    `examples` sentences each. Never reads a RELABEL item."""
    from collections import Counter, defaultdict

    from sitrep.extractor import Extractor
    from sitrep.nlp.triggers import FACTORY

    items = load_items(relabel=False)
    ex = Extractor()
    finder = ex.nlp.get_pipe(FACTORY).finder
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for it, doc, span in tuning_misses(ex, items):
        key = ("no token", "") if span is None else miss_reason(finder, doc, span.root)
        rows[key].append(f"[{it['source']}] {it['verb'][2]!r}: {it['text'][:180]}")
    kinds = Counter()
    for (kind, _), texts in rows.items():
        kinds[kind] += len(texts)
    print(f"tuning items with no event: {sum(kinds.values())} of {len(items)}")
    for kind, n in kinds.most_common():
        print(f"{n:6d}  {kind}")
    for kind, _ in kinds.most_common():
        details = sorted(((d, t) for (k, d), t in rows.items() if k == kind), key=lambda kv: -len(kv[1]))
        print(f"\n== {kind}: " + ", ".join(f"{d} {len(t)}" for d, t in details[:40]))
        if kind == "in no trigger list":
            continue
        for d, texts in details[:12]:
            for t in texts[:examples]:
                print(f"  {d}: {t}")


def _sample(items: list[dict[str, Any]], every: int) -> list[dict[str, Any]]:
    """A fixed sample of the items: those whose id hashes to 0 modulo `every` (1: all)."""
    import hashlib

    if every <= 1:
        return items
    return [it for it in items if int(hashlib.md5(it["id"].encode()).hexdigest(), 16) % every == 0]


def error_kind(item: dict[str, Any], event: Any | None, stage: Any | None, mentions: list[Any]) -> str:
    """The kind of a wrong item: (a) no event covers the verb; (b) the event's place differs from the place stage's
    pick for the gold verb, which is right; (c) the stage's pick is wrong, by what it picked and whether some
    resolved mention of the sentence holds a gold place."""
    if event is None:
        return "a no event"
    if right(item, _Where(stage)):
        return "b event differs from a right stage pick"
    gold = [g.lower() for g in item["gold"]]
    if not gold:
        return f"c names none, stage picked a {stage.feature}" + (" (unresolved)" if stage.geonameid is None else "")
    held = [m for m in mentions if any(g in (m.text or "").lower() or (m.text or "").lower() in g for g in gold)]
    held_res = [m for m in held if m.place is not None]
    where = "gold resolved" if held_res else ("gold found, unresolved" if held else "gold not found")
    if stage is None:
        return f"c stage picked none, {where}"
    return f"c stage picked a {stage.feature}{' (unresolved)' if stage.geonameid is None else ''}, {where}"


def tune_errors(every: int, examples: int, dump: Path | None) -> None:
    """Print the tuning (not RELABEL) items' errors by kind (error_kind), counts first, with up to `examples`
    sentences of each kind; `every`: score a fixed 1-in-N sample. Never reads a RELABEL item."""
    from collections import defaultdict

    from sitrep.extractor import Extractor
    from sitrep.records import Article
    from sitrep.resolve.event_place import event_place
    from sitrep.resolve.places import resolve_places

    items = _sample(load_items(relabel=False), every)
    ex = Extractor()
    arts = [Article(id=it["id"], text=it["text"]) for it in items]
    kinds: dict[str, list[str]] = defaultdict(list)
    n_named = ok_named = n_none = ok_none = 0
    out = dump.open("w", encoding="utf-8") if dump else None
    for it, art, doc in zip(items, arts, ex.docs(arts)):
        e = event_of(ex.events_of(doc, art), it["verb"])
        span = doc.char_span(it["verb"][0], it["verb"][1], alignment_mode="expand")
        mentions = resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)
        stage = None if span is None or not len(span) else event_place(doc, mentions, span.root.i)
        ok = right(it, e)
        if it["gold"]:
            n_named, ok_named = n_named + 1, ok_named + ok
        else:
            n_none, ok_none = n_none + 1, ok_none + ok
        def desc(w: Any) -> str | None:
            return None if w is None else f"{w.text!r}->{w.name} ({w.feature}, {w.strategy})"
        if out is not None:
            out.write(json.dumps({"id": it["id"], "source": it["source"], "text": it["text"], "verb": it["verb"][2],
                                  "gold": it["gold"], "ok": ok, "event": None if e is None else desc(e.where),
                                  "no_event": e is None, "stage": desc(stage),
                                  "stage_ok": right(it, _Where(stage)),
                                  "mentions": [(m.text, m.kind, None if m.place is None else m.place.feature)
                                               for m in mentions]}) + "\n")
        if not ok:
            kinds[error_kind(it, e, stage, mentions)].append(
                f"{it['text'][:220]}\n      verb {it['verb'][2]!r} gold {it['gold']} event "
                f"{None if e is None else desc(e.where)} stage {desc(stage)}")
    if out is not None:
        out.close()
    print(f"tuning items: {len(items)} (1 in {every}); named {ok_named / max(1, n_named):.3f} (n={n_named})  "
          f"none {ok_none / max(1, n_none):.3f} (n={n_none})  errors {sum(len(v) for v in kinds.values())}")
    print_groups(kinds, examples)


def print_groups(groups: dict[str, list[str]], examples: int) -> None:
    """Each group's size and name, largest first; then, when asked, `examples` lines of each."""
    ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    for name, rows in ranked:
        print(f"{len(rows):5d}  {name}")
    for name, rows in ranked:
        if examples:
            print(f"\n== {name} ({len(rows)})")
            for r in rows[:examples]:
                print(f"  - {r}")


def _traced(ex: Any) -> list[tuple[str, list[tuple]]]:
    """Swap the extractor's event stages for copies that record, after each stage, every draft's (anchor token,
    part, place, member tokens, first sentence): what --tune-causes reads. Returns the list the records go to
    (the caller clears it before each article)."""
    from sitrep.events.stages import Stage

    trace: list[tuple[str, list[tuple]]] = []

    def wrap(s: Any) -> Any:
        def run(ctx: Any, drafts: list[Any]) -> list[Any]:
            out = s.run(ctx, drafts)
            trace.append((s.name, [(d.anchor.token_i, d.part, d.where, frozenset(m.token_i for m in d.members),
                                    min(d.sents) if d.sents else 0) for d in out]))
            return out
        return Stage(s.name, run, s.writes, s.adds, s.drops)

    ex.builder.stages = tuple(wrap(s) for s in ex.builder.stages)
    return trace


def cause_of(item: dict[str, Any], events: list[Any], e: Any | None, verb_i: int | None,
             trace: list[tuple[str, list[tuple]]], anchor_place: Any) -> str:
    """Why the end-to-end event is wrong where the place stage alone (on the gold verb) is right: "no event" (by
    whether a draft ever held the verb), "anchored on another trigger" (the event covering the verb is anchored on
    another word; by whether the rule's place for that word is right), "where stage changed the pick" (the anchor
    is the verb, but the where stage's corrections, members or context gave another place; by its strategy), or
    the later stage that first made the draft's place wrong (link, per_place, merge, fold, article_town, ...).
    `anchor_place`: the place rule's pick for the event's anchor word."""
    if e is None:
        held = [k for k, (_, rows) in enumerate(trace) if verb_i is not None
                and any(verb_i in r[3] or r[0] == verb_i for r in rows)]
        if not held:
            return "no event (no draft held the verb)"
        gone = trace[held[-1] + 1][0] if held[-1] + 1 < len(trace) else "the record"
        return f"no event (a draft held the verb, dropped by {gone})"
    k = next(i for i, ev in enumerate(events) if ev is e)
    final = sorted(trace[-1][1], key=lambda r: r[4])  # the events' order (record.events_of: stable by first sentence)
    anchor_i, part = final[k][0], final[k][1]
    history = []
    for name, rows in trace:
        got = [r[2] for r in rows if r[0] == anchor_i and r[1] == part] or \
              [r[2] for r in rows if r[0] == anchor_i and r[1] is None]
        history.append((name, got[0] if got else "absent"))
    where_i = next((i for i, (n, _) in enumerate(history) if n == "where"), 0)
    w0 = history[where_i][1]
    if w0 == "absent" or not right(item, _Where(w0)):
        if anchor_i != verb_i:
            return "anchored on another trigger, " + ("its rule place right" if right(item, _Where(anchor_place))
                                                      else "its rule place wrong")
        return f"where stage changed the pick (now {'none' if w0 in (None, 'absent') else w0.strategy})"
    for name, w in history[where_i + 1:]:
        if w == "absent":
            return f"{name}: draft gone"
        if not right(item, _Where(w)):
            return f"{name} (now {'none' if w is None else w.strategy})"
    return "no stage changed it (another event chosen)"


def tune_causes(every: int, examples: int) -> None:
    """The tuning (not RELABEL) items whose place stage alone is right and whose end-to-end event is wrong, by
    cause (cause_of), counts first, named and none apart, with up to `examples` sentences each. Never reads a
    RELABEL item."""
    from collections import defaultdict

    from sitrep.extractor import Extractor
    from sitrep.records import Article
    from sitrep.resolve.event_place import event_place
    from sitrep.resolve.places import resolve_places

    items = _sample(load_items(relabel=False), every)
    assert not any(it.get("source") == "RELABEL" for it in items), "tuning items only"
    ex = Extractor()
    trace = _traced(ex)
    arts = [Article(id=it["id"], text=it["text"]) for it in items]
    causes: dict[str, list[str]] = defaultdict(list)
    counts = {"named": [0, 0], "none": [0, 0]}
    for it, art, doc in zip(items, arts, ex.docs(arts)):
        trace.clear()
        events = ex.events_of(doc, art)
        e = event_of(events, it["verb"])
        span = doc.char_span(it["verb"][0], it["verb"][1], alignment_mode="expand")
        verb_i = None if span is None or not len(span) else span.root.i
        mentions = resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)
        stage = None if verb_i is None else event_place(doc, mentions, verb_i)
        kind = "named" if it["gold"] else "none"
        counts[kind][0] += 1
        if right(it, e) or not right(it, _Where(stage)):
            continue
        counts[kind][1] += 1
        anchor = None
        if e is not None:
            tok = next((t for t in doc if t.idx >= e.evidence[0].start and t.text == e.trigger), None)
            anchor = None if tok is None else event_place(doc, mentions, tok.i)
        def desc(w: Any) -> str | None:
            return None if w is None else f"{w.text!r}->{w.name} ({w.feature}, {w.strategy})"
        causes[f"{kind}: {cause_of(it, events, e, verb_i, trace, anchor)}"].append(
            f"{it['text'][:220]}\n      verb {it['verb'][2]!r} gold {it['gold']} event "
            f"{None if e is None else desc(e.where)} (trigger {None if e is None else e.trigger!r}) stage {desc(stage)}")
    print(f"tuning items: {len(items)} (1 in {every}); stage right, event wrong: named {counts['named'][1]} of "
          f"{counts['named'][0]}, none {counts['none'][1]} of {counts['none'][0]}")
    print_groups(causes, examples)


class _Where:
    """A stand-in event with only a place, to score the place stage alone with `right`."""

    def __init__(self, where: Any) -> None:
        self.where = where


def diff_dumps(before: Path, after: Path, examples: int) -> None:
    """Two --dump files of the tuning items (before and after a change): named and none shares of each, the
    items whose place became right or wrong, and up to `examples` of each. Reads only what the dumps hold,
    which are tuning items (never RELABEL)."""
    def load(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
        rows = (json.loads(line) for line in path.open(encoding="utf-8") if line.strip())
        return {(r["id"], r["verb"]): r for r in rows}

    a, b = load(before), load(after)
    for name, rows in (("before", a), ("after", b)):
        named = [r["ok"] for r in rows.values() if r["gold"]]
        none = [r["ok"] for r in rows.values() if not r["gold"]]
        print(f"{name}: {len(rows)} items; named {sum(named) / max(1, len(named)):.3f}  "
              f"none {sum(none) / max(1, len(none)):.3f}")
    changed = [(a[k], b[k]) for k in a if k in b and a[k]["ok"] != b[k]["ok"]]
    for label, flag in (("fixed", True), ("broken", False)):
        rows = [(x, y) for x, y in changed if y["ok"] is flag]
        print(f"{label}: {len(rows)}")
        for x, y in rows[:examples]:
            print(f"  - {x['text'][:200]!r}\n      verb {x['verb']!r} gold {x['gold']} {x['event']} => {y['event']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--raise-floors", action="store_true", help="raise floors in bench/baseline.json to the figures")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong items")
    ap.add_argument("--tune-misses", type=int, nargs="?", const=3, default=None, metavar="N",
                    help="list the tuning (not RELABEL) items with no event, by lemma and construction, N examples each")
    ap.add_argument("--tune-why", type=int, nargs="?", const=2, default=None, metavar="N",
                    help="the tuning (not RELABEL) items with no event by why (no trigger, no entry, a cue, dropped "
                         "later), counts first, N examples each")
    ap.add_argument("--tune-errors", type=int, nargs="?", const=1, default=None, metavar="EVERY",
                    help="the tuning (not RELABEL) items' errors by kind, counts first (a 1-in-EVERY sample)")
    ap.add_argument("--tune-causes", type=int, nargs="?", const=1, default=None, metavar="EVERY",
                    help="the tuning (not RELABEL) items the place stage alone gets right and the pipeline wrong, by "
                         "cause (no event, another trigger's event, the where stage, link, per_place, merge, fold)")
    ap.add_argument("--examples", type=int, default=0, help="with --tune-errors/--tune-causes: sentences per kind")
    ap.add_argument("--dump", type=Path, default=None, help="with --tune-errors: write one JSON line per item here")
    ap.add_argument("--diff-dumps", type=Path, nargs=2, default=None, metavar=("BEFORE", "AFTER"),
                    help="compare two --dump files of the tuning items: shares, fixed and broken items")
    args = ap.parse_args()
    if args.diff_dumps is not None:
        diff_dumps(args.diff_dumps[0], args.diff_dumps[1], args.examples)
        return 0
    if not DATA.exists():
        print(f"event_place: {DATA} not found (../shared absent); nothing to score")
        return 0
    if args.tune_misses is not None:
        tune_misses(args.tune_misses)
        return 0
    if args.tune_why is not None:
        tune_why(args.tune_why)
        return 0
    if args.tune_causes is not None:
        tune_causes(args.tune_causes, args.examples)
        return 0
    if args.tune_errors is not None:
        tune_errors(args.tune_errors, args.examples, args.dump)
        return 0
    items = load_items()
    verb_places: list[Any] = []
    measured, rows = score(items, extract_all(items, verb_places))
    # the place stage alone: the place rule applied to the gold verb, events or not (detection left out)
    alone = [right(it, _Where(p)) for it, p in zip(items, verb_places)]
    named_alone = [ok for it, ok in zip(items, alone) if it["gold"]]
    none_alone = [ok for it, ok in zip(items, alone) if not it["gold"]]
    floors = _floors.read().get(SECTION, {})
    print(f"event place on RELABEL: named {measured['named']:.3f} (n={measured['n_named']}, floor "
          f"{floors.get('named', 0.0):.2f})  none {measured['none']:.3f} (n={measured['n_none']}, floor "
          f"{floors.get('none', 0.0):.2f})  overall {measured['overall']:.3f} (floor {floors.get('overall', 0.0):.2f})"
          f"  no event {measured['no_event']}")
    print(f"place stage alone (the rule applied to the gold verb, no event needed; not gated): named "
          f"{sum(named_alone) / max(1, len(named_alone)):.3f}  none {sum(none_alone) / max(1, len(none_alone)):.3f}"
          f"  overall {sum(alone) / max(1, len(alone)):.3f}")
    for item, e, ok in [r for r in rows if not r[2]][: args.errors]:
        got = None if e is None else (None if e.where is None else f"{e.where.text!r}->{e.where.name} ({e.where.feature})")
        print(f"- {item['text']}\n    verb {item['verb'][2]!r} gold {item['gold']} got {got}"
              f"{' (no event)' if e is None else ''}")
    gated = {k: measured[k] for k in METRICS}
    if args.raise_floors:
        floors, changed = _floors.raise_section(SECTION, gated, METRICS)
        print("floors written" + ("" if changed else " (unchanged)"))
    if args.check:
        return _floors.gate(_floors.below(gated, floors), "event_place")
    return 0


if __name__ == "__main__":
    sys.exit(main())
