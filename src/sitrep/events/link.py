"""The link stage: undated follow-ups take the date (and maybe the place) of the event they are tied to."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from sitrep.records import When
from sitrep.tree import conj_heads, governing_verb, is_ancestor, subject_of, token_lemma

from .common import VIOLENT, definite_noun, in_series, place_told_in, starts_with
from .context import DocContext, Draft, by_sentence, governed_by
from .sources import source


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "link": undated follow-ups ("was later searched", "after shooting X", "in connection with the blast")
    take the date, and if they have none the place, of the event they are linked to."""
    done: list[Draft] = []
    cues = ctx.lex.cue("sequence_adverbs")
    preps = ctx.lex.cue("link_preps")
    series = _Series()
    for d in sorted(drafts, key=lambda d: min(d.sents)):
        if d.when.start is None and in_series(ctx, d):
            # "in a third incident, ...": a new happening of the series just told, in its time frame
            dated = _last(done, lambda o: bool(o.when.start) and o.when.precision == "day")
            if dated is not None:
                d.when = replace(dated.when, strategy="linked")
        elif d.when.start is None and (said := announced(ctx, d)) is not None:
            d.when = said
        elif d.when.start is None and d.type in VIOLENT and (whole := series.of(ctx, done)) is not None:
            d.when = replace(whole.when, strategy="linked")
        elif d.when.start is None and d.when.strategy is None and cause_told(ctx, d, preps):
            d.when = replace(d.when, strategy="prior")  # before the clause it is told in, on no day the text gives
        elif d.when.start is None and not definite_noun(ctx.doc[d.anchor.token_i]):
            target = link_target(ctx, d, done, cues, preps)
            if target is not None:
                d.when = replace(target.when, strategy="linked") if target.when.start else d.when
                if d.where is None or (target.where is not None and not place_told_in(ctx, d)):
                    d.where = target.where  # a place from the sentence before yields to the linked event's
        done.append(d)
    return drafts


def cause_told(ctx: DocContext, d: Draft, preps: frozenset[str]) -> bool:
    """Whether an undated event noun is what a clause it does not head came after ("the unrest came in the wake of
    the killing of X", "protests erupted following the death of X"): a happening before the one told, on a day the
    text does not give (a lead's or a neighbour's day is the later happening's). A telling of it elsewhere in the
    story still gives it a day when merged with it."""
    tok = ctx.doc[d.anchor.token_i]
    if tok.pos_ not in ("NOUN", "PROPN") or d.when.precision != "unknown":
        return False
    verb = governing_verb(tok, 6)
    if verb.i == tok.i:
        return False
    for c in verb.children:
        if c.dep_ == "prep" and (c.i == tok.i or is_ancestor(c, tok)) and starts_with(c, preps):
            return not any(m.token_i == verb.i for m in d.members)
    return False


class _Series:
    """series_of over a list that only grows and whose drafts no longer change: each draft is read once."""

    def __init__(self) -> None:
        self.seen = 0
        self.found: Draft | None = None

    def of(self, ctx: DocContext, done: list[Draft]) -> Draft | None:
        if self.found is None and self.seen < len(done):
            self.found = series_of(ctx, done[self.seen:])
            self.seen = len(done)
        return self.found


def series_of(ctx: DocContext, earlier: list[Draft]) -> Draft | None:
    """The earliest day-dated violent event told as several ("a series of attacks on Sunday"), if any."""
    nouns = ctx.lex.cue("series_nouns")
    for o in earlier:
        if o.type not in VIOLENT or o.when.precision != "day" or not o.when.start:
            continue
        for m in o.members:
            tok = ctx.doc[m.token_i]
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and token_lemma(tok.head.head) in nouns:
                return o
    return None


def link_target(ctx: DocContext, d: Draft, earlier: list[Draft], cues: frozenset[str],
                preps: frozenset[str]) -> Draft | None:
    """The earlier event an undated draft is tied to by a sequence word or a linking preposition."""
    doc = ctx.doc
    tok = doc[d.anchor.token_i]
    verb = governing_verb(tok, 4)  # "got into a shootout": the clause's verb carries the cue
    # "was later searched and ... were detained": the cue sits on the first verb
    heads = conj_heads(verb, 4)
    members = {m.token_i for m in d.members}
    earlier = recent(earlier, min(d.sents) - REACH)
    linked = False
    for h in heads:
        for c in h.children:
            low = c.lower_
            if c.i == tok.i or is_ancestor(c, tok):
                continue  # "came after days of protests": the protests are what the cue points to
            if c.dep_ == "advmod" and low in cues:
                linked = True
            elif c.dep_ == "advmod" and low in ctx.lex.cue("additive_adverbs"):
                same = _last(earlier, lambda o: (o.type, o.subtype) == (d.type, d.subtype)
                             and bool(o.when.start) and o.when.precision == "day")
                if same is not None:
                    return same
            elif c.dep_ in ("prep", "advcl") and (starts_with(c, preps) or (c.dep_ == "advcl" and any(
                    g.dep_ == "mark" and g.lower_ in preps for g in c.children))):
                # the event named inside the cue ("after shooting the ambassador", "with the blast")
                inner = [m for m in governed_by(ctx, "mentions", ctx.mentions).get(c.i, ()) if m.token_i not in members]
                inner += [m for m in d.members if m.token_i != d.anchor.token_i and is_ancestor(c, doc[m.token_i])]
                for m in inner:
                    same = _last(earlier, lambda o: o.type == m.type)  # noqa: B023  (used at once)
                    if same is not None:  # the last one of that type with a date, else the last one
                        return _last(earlier, lambda o: o.type == m.type and bool(o.when.start)) or same  # noqa: B023
                # "in connection with the blast": an earlier event told with the same noun
                nouns = {token_lemma(t) for t in c.subtree if t.pos_ == "NOUN"}
                for o in reversed(earlier):
                    if any(token_lemma(doc[m.token_i]) in nouns for m in o.members):
                        return o
                if c.dep_ == "prep":
                    linked = True
    if not linked:
        return None
    return _last(earlier, lambda o: bool(o.when.start) and o.when.precision == "day")


REACH = 60  # sentences: a follow-up is tied to a happening told this far back at most


def recent(earlier: list[Draft], floor: int) -> list[Draft]:
    """The tail of `earlier` (in order of first sentence) that starts at sentence `floor` or later: what a
    follow-up can be tied to, so that a long article's walk back costs the drafts near it, not all of them."""
    lo, hi = 0, len(earlier)
    while lo < hi:  # the first draft starting at `floor` or later
        mid = (lo + hi) // 2
        if min(earlier[mid].sents) < floor:
            lo = mid + 1
        else:
            hi = mid
    return earlier[lo:]


def _last(earlier: list[Draft], test: Callable[[Draft], bool]) -> Draft | None:
    """The last earlier draft that passes `test`, walking back from the end (it stops at the first found)."""
    return next((o for o in reversed(earlier) if test(o)), None)


def announced(ctx: DocContext, d: Draft) -> When | None:
    """"The army says it has retaken X. ... In a statement on Saturday, the army's spokesman said ...": what a
    party says it has just done is dated by that party's dated statement in the next two sentences."""
    doc, said = ctx.doc, ctx.lex.reporting_verbs
    tok = doc[d.anchor.token_i]
    verb = governing_verb(tok, 4)
    says = verb.head
    if not (any(c.dep_ == "aux" and token_lemma(c) == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
            and token_lemma(says) in said and says.tag_ in ("VBZ", "VBP")):
        return None
    subj = subject_of(says)
    if subj is None:
        return None
    kind = source(ctx, subj, []).kind
    si = ctx.sent_of[tok.i]
    for sj in range(si + 1, min(si + 3, len(ctx.sents))):
        root = ctx.sents[sj].root
        other = subject_of(root) if token_lemma(root) in said else None
        if other is None or source(ctx, other, []).kind != kind or kind in ("reporter", "unknown"):
            continue
        for dm in by_sentence(ctx, "dates", ctx.dates).get(sj, ()):
            if (dm.when is not None and dm.when.precision == "day" and is_ancestor(root, doc[dm.token_i])
                    and any(token_lemma(a) in ctx.lex.cue("statement_nouns") for a in doc[dm.token_i].ancestors)):
                return replace(dm.when, strategy="announced")
    return None
