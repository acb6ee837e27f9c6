"""The typing stage: the lexicon's refine rules retype a draft ("a convoy was hit" by a mob is a riot) or
drop it as no conflict event at all."""
from __future__ import annotations

from sitrep.lexicon import Refinement
from sitrep.tree import clause_tokens, has_phrase, token_lemma

from ..common import answered_asides, consequences, grievances, span_text, type_plover, when_clauses, words_of
from ..context import DocContext, Draft, cached
from .agency import CHECKS


NEXT_SENTENCES = 2  # the "next" scope: sentences after the draft's own that may tell what its crowd did


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "typing"."""
    return [d for d in drafts if refine(ctx, d)]


def refine(ctx: DocContext, d: Draft) -> bool:
    """Apply the refine rules in order; False when a rule says the draft is no conflict event at all."""
    unsaid = cached(ctx, "unasserted", lambda: unasserted(ctx))
    # each sentence's words are joined once per article, however many drafts look at them
    sent_texts = cached(ctx, "sentence_texts", lambda: [span_text(sent, unsaid) for sent in ctx.sents])
    para_texts: dict[frozenset[int], str] = cached(ctx, "paragraph_texts", dict)
    texts = {"clause": " ".join(words_of([t for t in clause_tokens(ctx.doc[m.token_i]) if t.i not in unsaid])
                                for m in d.members)}
    # what happened at another date ("since 2019, when ..."), what the event caused ("..., sparking protests"), what
    # a crowd answered ("gathered after police shot a man") and the crowd itself
    asides = cached(ctx, "dated_asides", lambda: dated_asides(ctx) + consequences(ctx) + answered_asides(ctx))
    mine = {m.token_i for m in d.members}
    other = set().union(*(a for a in asides if not a & mine)) if asides else set()
    texts["sentence"] = " ".join(span_text(ctx.sents[si], unsaid | other) if other and any(
        ctx.sent_of.get(i) == si for i in other) else sent_texts[si] for si in sorted(d.sents))
    paras = frozenset(ctx.para_of[si] for si in d.sents)
    if paras not in para_texts:
        para_texts[paras] = " ".join(t for si, t in enumerate(sent_texts) if ctx.para_of[si] in paras)
    texts["paragraph"] = para_texts[paras]
    texts["article"] = cached(ctx, "article_text", lambda: " ".join(sent_texts))
    # "next": the draft's sentences and the NEXT_SENTENCES after them in the same paragraph ("Protesters marched
    # on the ministry. They burned tyres."): what a crowd did, told right after the protest. A paragraph may be a
    # whole article (no blank lines), where a word twenty sentences on belongs to another happening.
    last = max(d.sents)
    near = sorted(set(d.sents) | {si for si in range(last + 1, min(last + 1 + NEXT_SENTENCES, len(sent_texts)))
                                  if ctx.para_of[si] == ctx.para_of[last]})
    texts["next"] = " ".join(sent_texts[si] for si in near)
    k1 = d.actor1.kind if d.actor1 else "unknown"
    k2 = d.actor2.kind if d.actor2 else "unknown"
    for r in ctx.lex.refinements:
        if f"{d.type}: {d.subtype}" not in r.from_types or not rule_ok(r, texts[r.scope], k1, k2):
            continue
        # the parse checks read the draft's sentences, or with the scope "next" the two after them too
        sents = near if r.scope == "next" else sorted(d.sents)
        if any(not CHECKS[c](ctx, sents) for c in r.parse) or any(CHECKS[c](ctx, sents) for c in r.not_parse):
            continue
        if not r.to_type:
            return False
        d.type, d.subtype = r.to_type, r.to_subtype
        d.plover = r.plover or type_plover(d.type, d.plover)
    return True


def dated_asides(ctx: DocContext) -> list[set[int]]:
    """The clauses "when" hangs on a date ("the deadliest since March 2019, when a bomber killed 12"): each tells
    another happening at that date, so its weapons and means are not those of an event told outside it."""
    return [{x.i for x in c.subtree} for dm in ctx.dates for c in when_clauses(ctx.doc, dm)]


def unasserted(ctx: DocContext) -> set[int]:
    """Tokens of what the text says did not happen, what a crowd did by itself, or what a protest is against: "did
    not intervene", "without intervening", "the crowd dispersed", "held a vigil against the looting of shops". The
    typing rules must not read them as what the crowd did or what was done to it."""
    out: set[int] = set().union(*grievances(ctx))  # what a protest is against is not what its crowd did
    selfish = ctx.lex.cue("self_acting_verbs")
    for t in ctx.doc:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        negated = any(c.dep_ == "neg" for c in t.children) or (
            t.dep_ == "pcomp" and t.head.lower_ in ctx.lex.cue("negations"))
        intransitive = token_lemma(t) in selfish and not any(
            c.dep_ in ("dobj", "nsubjpass", "auxpass", "agent") for c in t.children)
        if not (negated or intransitive):
            continue
        out.add(t.i)
        for c in t.children:  # the verb's own words, not the clauses it governs
            if c.dep_ in ("neg", "aux", "auxpass", "prt", "dobj", "advmod"):
                out.update(x.i for x in c.subtree)
    return out


def rule_ok(r: Refinement, text: str, k1: str, k2: str) -> bool:
    if r.near_any and not has_phrase(text, r.near_any):
        return False
    if r.and_near_any and not has_phrase(text, r.and_near_any):
        return False
    if r.not_near_any and has_phrase(text, r.not_near_any):
        return False
    if r.actor1_kinds and k1 not in r.actor1_kinds:
        return False
    if r.actor2_kinds and k2 not in r.actor2_kinds:
        return False
    if k2 in r.not_actor2_kinds:
        return False
    return True
