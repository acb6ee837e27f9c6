"""The aggregate stage: drops mentions that sum up a period ("over four months of protests",
"dozens have been killed in clashes") rather than tell one happening."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from sitrep.tree import governing_verb, token_lemma

from .common import AGGREGATE_DAYS, dated_in_sentence, long_period, period_days
from .context import DocContext, Draft
from .protest import protest_reading, severity


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "aggregate"."""
    return [d for d in drafts if not is_aggregate(ctx, d)]


def is_aggregate(ctx: DocContext, d: Draft) -> bool:
    w = d.when
    if perfect_plural(ctx, d) or counted_in_period(ctx, d):
        return True
    if w.precision != "range" or not w.start or not w.end:
        return False
    return (date.fromisoformat(w.end) - date.fromisoformat(w.start)).days > AGGREGATE_DAYS


def counted_in_period(ctx: DocContext, d: Draft) -> bool:
    """"More than two months of demonstrations", "years of war", "the 11-week protests": an event noun whose
    length is told as a period longer than AGGREGATE_DAYS sums that period up; it is not one happening."""
    tok = ctx.doc[d.anchor.token_i]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.head.i:
        unit = tok.head.head  # "two months of demonstrations"
        if unit.tag_ == "NNS" and token_lemma(unit) in period_days(ctx):
            return long_period(ctx, unit, 2)
    for c in tok.children:  # "the 11-week demonstrations", "a two-year war"
        if c.dep_ in ("amod", "compound") and long_period(ctx, c, 0):
            return True
    return False


def perfect_plural(ctx: DocContext, d: Draft) -> bool:
    """"Dozens have been killed in sectarian clashes": a plural event noun under a present perfect with no
    date in its sentence sums up a period, it is not one happening."""
    doc = ctx.doc
    tok = doc[d.anchor.token_i]
    if d.when.precision == "day":
        return False
    verb = governing_verb(tok, 4)
    # "killed in clashes": the plural must be an event word, not the places ("looted in the townships")
    in_plural = any(g.tag_ == "NNS" and token_lemma(g) in ctx.lex.trigger_lemmas for c in verb.children
                    if c.dep_ == "prep" and c.lower_ in ("in", "during") for g in c.children if g.dep_ == "pobj")
    # a plural event noun as the subject or object of a perfect ("clashes have broken out", "have cleared
    # landmines") is how news leads tell one fresh happening; after a preposition ("blamed for attacks",
    # "killed in clashes") it sums up many
    if not (in_plural or any(doc[m.token_i].tag_ == "NNS" and doc[m.token_i].dep_ == "pobj" for m in d.members)):
        return False
    if deed_at_protests(ctx, d, verb):
        return False
    if not any(c.dep_ == "aux" and token_lemma(c) == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children):
        return False
    return not dated_in_sentence(ctx, ctx.sent_of[tok.i])


def deed_at_protests(ctx: DocContext, d: Draft, verb: Token) -> bool:
    """"Activists have been detained during protests": an arrest told at protests is what the state did to
    them (cues.yaml protest_escalation), one intervention, not a tally of many happenings."""
    if severity(ctx, d) is not None or protest_reading(ctx, d) is None:
        return False
    protest_at = {m.token_i for m in ctx.mentions if m.type == "Protests"}
    return any(g.i in protest_at for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "at")
               for g in c.children if g.dep_ == "pobj")

