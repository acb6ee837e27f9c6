"""The event's place from the article around its sentence, when the sentence alone names none.

News tells a happening's place once and goes on without repeating it: "In Reno, protesters marched on city hall.
Windows were smashed. Police made arrests." A sentence that names no place of its own takes, in the order news
is written:
- a place it refers back to ("there", "nearby", "demonstrations there turned violent"): the last place named
  before it, never one named after (a later paragraph's town is another story's); "at the same market": where
  that site was told before;
- the place that frames its paragraph: a place fronted before a clause ("In Reno, ...", "- And in Reno, ...",
  "Reno: ...", "Richmond, Virginia - ...") holds for what the paragraph goes on to tell until a sentence names a
  place of its own (like a fronted date, events/when.framed_when);
- the place of the next sentence of its paragraph when that sentence tells no happening of its own, only where
  the event went on ("Gunmen killed a trader. The attack took place in X.").
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from sitrep.nlp.place_mention import NOT_EVENT_KINDS
from sitrep.records import Place
from sitrep.tree import doc_text, token_lemma

from .common import continuation, event_places, in_dateline
from .context import DocContext, by_sentence

BACK_SENTENCES = 3  # "there" refers to a place named at most this many sentences before its own


def context_place(ctx: DocContext, tok: Token, members: set[int] | frozenset[int]) -> Place | None:
    """Where the event of trigger `tok` happened when its own sentence names no place: a place it refers back to,
    the site it names again, the place framing its paragraph, or the place the next sentence gives it; None when
    none of them."""
    si = ctx.sent_of[tok.i]
    return (referred_back(ctx, tok) or same_site(ctx, tok) or framed_place(ctx, si)
            or told_after_place(ctx, si, members))


def _usable(ctx: DocContext, p: Any) -> bool:
    q = getattr(p, "place", None)
    return (q is not None and p.token_i >= 0 and getattr(p, "kind", "") not in NOT_EVENT_KINDS
            and not in_dateline(ctx, p.start) and ctx.doc[p.token_i].idx >= ctx.title_end)


def refers_back(ctx: DocContext, tok: Token) -> bool:
    """Whether the trigger's clause says where it happened with an adverb that refers back (cues.yaml
    `place_back_adverbs`: "killed nine shoppers there", "demonstrations there turned violent", "went off nearby")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    near = [t for c in list(verb.children) for t in [c] + list(c.children)] + list(tok.children)
    words = ctx.lex.cue("place_back_adverbs")
    return any(t.lower_ in words and t.dep_ == "advmod" for t in near)


def referred_back(ctx: DocContext, tok: Token) -> Place | None:
    """The place "there" refers to: the last place named before the trigger's sentence (a town, a province or a
    country: what it names, not an earlier town), at most
    BACK_SENTENCES sentences before it (a place named as a modifier, "the Atlanta police chief", counts: it names a
    place all the same); never a place named after it."""
    if not refers_back(ctx, tok):
        return None
    si = ctx.sent_of[tok.i]
    told = by_sentence(ctx, "places", ctx.places)
    for sj in range(si - 1, max(-1, si - 1 - BACK_SENTENCES), -1):
        cands = [p for p in told.get(sj, ()) if _usable(ctx, p)]
        if cands:  # the last place named, whatever its level ("fought in Mali since 2012. Attacks there ...")
            last = max(cands, key=lambda p: p.token_i).place
            # "in the town of X in Y province": the town the province is named for says more
            towns = [p for p in cands if p.place.feature == "place" and p.place.country == last.country and (
                last.feature == "country" or (last.feature == "admin1" and p.place.admin1 == last.name))]
            return max(towns, key=lambda p: p.token_i).place if towns else last
    return None


def same_site(ctx: DocContext, tok: Token) -> Place | None:
    """"killed nine shoppers at the same market", "another blast on the same road": the site named before, placed
    where it was first told (the place named nearest to it in its sentence); never a site named after."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    nouns = [g for c in list(verb.children) + list(tok.children) if c.dep_ == "prep" for g in c.children
             if g.dep_ == "pobj" and any(x.lower_ == "same" for x in g.children)]
    told = by_sentence(ctx, "places", ctx.places)
    for n in nouns:
        for t in reversed(ctx.doc[: ctx.sents[ctx.sent_of[tok.i]].start]):
            if token_lemma(t) != token_lemma(n):
                continue
            sj = ctx.sent_of[t.i]
            near = [p for p in told.get(sj, ()) if _usable(ctx, p)]
            if near:
                return min(near, key=lambda p: abs(p.token_i - t.i)).place
            # told again with no place ("the second attack on the market"): the telling before it placed it
    return None


def paragraph_start(ctx: DocContext, si: int) -> int:
    """The first sentence of sentence `si`'s paragraph (after the title)."""
    first = si
    while first > 0 and ctx.para_of[first - 1] == ctx.para_of[si] and \
            ctx.doc[ctx.sents[first - 1].start].idx >= ctx.title_end:
        first -= 1
    return first


def lead_in(ctx: DocContext, before: str) -> bool:
    """Whether the words before a place at a paragraph's opening leave it fronted: nothing, a roundup's dash or
    bullet, and words of cues.yaml `place_lead_in_words` ("- And in", "Back in", "Elsewhere in")."""
    words = re.sub(r"[\-\u2013\u2014*\u2022,]", " ", before).lower().split()
    return len(words) <= 3 and all(w in ctx.lex.cue("place_lead_in_words") for w in words)


def fronted_place(ctx: DocContext, si: int) -> Place | None:
    """The town or province sentence `si` opens with, before its first clause: "In Reno, ...", "- In Reno, ...",
    "Reno: ...", "Richmond, Virginia - ..."; None when it opens otherwise."""
    sent = ctx.sents[si]
    text = doc_text(ctx.doc)
    for p in by_sentence(ctx, "places", ctx.places).get(si, ()):
        if not _usable(ctx, p) or p.place.feature not in ("place", "admin1"):
            continue
        if not lead_in(ctx, text[sent.start_char:p.start]):
            return None  # the first place of the sentence is not fronted: the sentence has no frame
        rest = text[p.end:p.end + 40]
        # "Reno, Nevada -", "In Reno, ...", "Reno: ..."
        m = re.match(r"^(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*[,:\u2013\u2014]|^(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s+-\s",
                     rest)
        return p.place if m else None
    return None


def framed_place(ctx: DocContext, si: int) -> Place | None:
    """The place fronted before the first clause of the nearest sentence before `si` in its paragraph that names a
    place (or of the paragraph's first sentence): "In Reno, ..." frames what the paragraph goes on to tell until a
    sentence names a place of its own. None when the sentence opens the paragraph (its own words decide) or that
    sentence names its place otherwise."""
    first = paragraph_start(ctx, si)
    while first < si and not any(t.is_alpha for t in ctx.sents[first]):
        first += 1  # a roundup's dash or bullet parsed as a sentence of its own
    if first == si:
        return None
    told = by_sentence(ctx, "event_places", event_places(ctx))
    for k in range(si - 1, first - 1, -1):  # the nearest sentence before that names a place sets the frame
        if k == first or any(_usable(ctx, p) for p in told.get(k, ())):
            return fronted_place(ctx, k)
    return None


def told_after_place(ctx: DocContext, si: int, members: set[int] | frozenset[int]) -> Place | None:
    """The place of the next sentence of the paragraph when that sentence tells no happening of its own, only
    where the event went on ("Gunmen killed a trader. The attack took place in X.", "... It happened in X.")."""
    from sitrep.resolve.event_place import event_place

    nxt = continuation(ctx, si, members)
    if nxt is None:
        return None
    doc = ctx.doc
    if not any(_usable(ctx, p) for p in by_sentence(ctx, "event_places", event_places(ctx)).get(nxt, ())):
        return None
    got = event_place(doc, event_places(ctx), ctx.sents[nxt].root.i, hint=ctx.hint)
    return got if got is not None and got.feature in ("place", "admin1") else None
