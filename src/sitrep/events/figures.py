"""The figures stage: tolls and counts ("killed 20", "30 arrested") attached to the draft they belong to."""
from __future__ import annotations

from datetime import date
from typing import Any

from sitrep.nlp.figures_words import figure_words
from sitrep.records import Count
from sitrep.tree import governing_verb, self_and_heads, token_lemma

from .common import AGGREGATE_DAYS, COUNT_FOR, VIOLENT, long_period
from .context import DocContext, Draft


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "figures"."""
    attach_figures(ctx, drafts)
    return drafts


def attach_figures(ctx: DocContext, drafts: list[Draft]) -> None:
    by_token: dict[int, Draft] = {}
    for d in drafts:
        for m in d.members:
            by_token[m.token_i] = d
    for f in ctx.figures:
        field_ = COUNT_FOR.get(f.category or "")
        if field_ is None or f.part:
            continue
        owner = by_token.get(f.verb_i) if f.verb_i is not None else None
        if owner is None:
            owner = next((by_token[t.i] for t in self_and_heads(ctx.doc[f.token_i], 12) if t.i in by_token), None)
        if owner is None and over_a_period(ctx, f):
            continue  # "at least 300 have been killed since March": a sum over many happenings, no one event's
        if owner is None:
            si = ctx.sent_of.get(f.token_i)
            cands = [d for d in drafts if si in d.sents and suits(d, field_)]
            if cands:
                owner = min(cands, key=lambda d: min(abs(m.token_i - f.token_i) for m in d.members))
            elif si is not None and not any(si in d.sents for d in drafts) and named_event(ctx, f, drafts, field_):
                owner = named_event(ctx, f, drafts, field_)
            elif si is not None and not any(si in d.sents for d in drafts):
                # "At least 25 people are dead, the ministry said": a toll told in a sentence of its own
                # belongs to the event of the sentence before (the same paragraph)
                prev = [d for d in drafts if (si - 1) in d.sents and suits(d, field_)
                        and field_ not in d.counts and ctx.para_of[si - 1] == ctx.para_of[si]]
                if prev:
                    owner = max(prev, key=lambda d: d.anchor.token_i)
        if owner is not None and suits(owner, field_) and better(f.count, owner.counts.get(field_)) \
                and not grievance(ctx, f, owner, field_):
            owner.counts[field_] = f.count


def grievance(ctx: DocContext, f: Any, d: Draft, field_: str) -> bool:
    """Whether a toll is the cause a protest or riot is about ("rallied against the killing of two men",
    "blocked roads after a student died", "demanding justice for a man killed by police"): a word of
    figure_words.yaml grievance_words governs the death's word, below the event's own words."""
    if field_ != "killed" or d.type not in ("Protests", "Riots"):
        return False
    words = figure_words().grievance_words
    members = {m.token_i for m in d.members}
    tok = ctx.doc[f.verb_i] if f.verb_i is not None else ctx.doc[f.token_i]
    for step in range(8):
        if step and tok.i in members:
            return False  # reached the event's own words: the death is told as its outcome
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in words for c in tok.children):
            return True  # "... after a student died"
        if tok.dep_ == "relcl" or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX")):
            return False  # "a quarrel in which one man died", "... and killed two": told as a deed of its own
        head = tok.head
        if head.i == tok.i:
            return False
        if head.lower_ in words or token_lemma(head) in words:
            return True  # ("protesting the death of": the event's own word may name the grievance)
        if head.i in members:
            return False
        tok = head
    return False


def better(new: Count, old: Count | None) -> bool:
    """Whether a figure should stand for its event's count: the first told, unless that was only a vague
    quantity ("dozens were killed") and this one is a number within it ("killed at least 50"), which says more."""
    if old is None:
        return True
    if old.best is not None or old.low == old.high or new.best is None:
        return False
    # the number must fit the vague quantity it sharpens ("dozens" then 50; never "tens of thousands" then 1)
    return (old.low is None or new.best >= old.low) and (old.high is None or new.best <= old.high)


def regather(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "refigure", after merge and fold: a figure whose event word is now a member of an event counts
    for that event where its count is missing or vague ("Dozens were killed in the blast. ... the explosion
    killed at least 50 and wounded more than 70": one event, its toll and its wounded)."""
    by_token: dict[int, Draft] = {}
    for d in drafts:
        for m in d.members:
            by_token.setdefault(m.token_i, d)
    for f in ctx.figures:
        field_ = COUNT_FOR.get(f.category or "")
        if field_ is None or f.part or f.verb_i is None:
            continue
        # "killed at least 50 and wounded more than 70": the toll of a verb joined to the event word
        owner = next((by_token[t.i] for t in self_and_heads(ctx.doc[f.verb_i], 3) if t.i in by_token
                      and ctx.sent_of.get(t.i) == ctx.sent_of.get(f.verb_i)), None)
        if owner is None:
            owner = told_before(ctx, f, drafts, field_)
        if owner is not None and suits(owner, field_) and better(f.count, owner.counts.get(field_)) \
                and not grievance(ctx, f, owner, field_):
            owner.counts[field_] = f.count
    for d in drafts:
        if "killed" in d.counts and d.subtype in figure_words().deathless_subtypes:
            del d.counts["killed"]  # "rallied against the killing of two men": the grievance, not the protest's toll
    return drafts


BACK = 2  # sentences a toll told with no event of its own may look back for its event


def told_before(ctx: DocContext, f: Any, drafts: list[Draft], field_: str) -> Draft | None:
    """A toll no event holds after merge and fold (its own mention joined none of them, or was dropped: "A clash
    over land caused the death of one", "Villagers clashed with a sect. Nine people were killed.") counts for
    the event told in its sentence (the nearest), else, when its sentence tells none, for the event of the
    nearest sentence before that tells one (at most BACK back, in the same paragraph), when that event has no
    such count yet. A toll told over a period
    ("since March", "so far this year") sums up many happenings: it counts for none."""
    if any(d.counts.get(field_) is f.count for d in drafts) or over_a_period(ctx, f):
        return None
    si = ctx.sent_of.get(f.token_i)
    if si is None:
        return None
    same = [d for d in drafts if si in d.sents and suits(d, field_) and field_ not in d.counts]
    if same:
        return min(same, key=lambda d: min(abs(m.token_i - f.token_i) for m in d.members))
    if any(si in d.sents for d in drafts):
        return None
    # the nearest sentence before that tells an event, in the same paragraph, at most BACK sentences back
    # ("Two clans fought in X. They quarrelled over grazing. Six people died.")
    for back in range(si - 1, max(-1, si - 1 - BACK), -1):
        if ctx.para_of[back] != ctx.para_of[si]:
            return None
        told = [d for d in drafts if back in d.sents]
        if told:
            prev = [d for d in told if suits(d, field_) and field_ not in d.counts]
            return max(prev, key=lambda d: d.anchor.token_i) if prev else None
    return None


def over_a_period(ctx: DocContext, f: Any) -> bool:
    """"300 have been killed since March", "the toll from attacks since January rose to 300", "killed over the
    past three months", "died this year": a figure whose clause is bounded by a period longer than
    AGGREGATE_DAYS sums up many happenings; it is no one event's count ("killed since Friday", "this week": the
    span of one happening may be told so). Subordinate clauses are left out ("since the army withdrew" in a clause
    of its own)."""
    tok = ctx.doc[f.verb_i] if f.verb_i is not None else ctx.doc[f.token_i]
    clause = governing_verb(tok)
    todo = [clause]
    while todo:
        t = todo.pop()
        if t.lower_ == "since" and t.dep_ in ("prep", "mark"):
            if any(long_ago(ctx, g) for g in t.children if g.dep_ in ("pobj", "nsubj")) or (
                    t.dep_ == "mark" and any(long_ago(ctx, g) for g in t.head.children if g.dep_ == "nsubj")):
                return True
        if t.dep_ in ("pobj", "npadvmod") and t.tag_ in ("NN", "NNS"):
            # "over the past three months", "in the last two years", "this year"
            if any(a.lower_ in ("past", "last", "previous", "this") for a in t.children) \
                    and long_period(ctx, t, 2 if t.tag_ == "NNS" else 1):
                return True
        todo.extend(c for c in t.children if c.dep_ not in ("advcl", "relcl", "ccomp", "acl") or c is tok)
    return False


def long_ago(ctx: DocContext, tok: Any) -> bool:
    """Whether a date word ("March", "2019", "January 5") starts a span longer than AGGREGATE_DAYS before the
    publication day, read from the date mention that holds it."""
    if ctx.published is None:
        return False
    for dm in ctx.dates:
        if dm.when is None or not dm.when.start or not (dm.start <= tok.idx < dm.end):
            continue
        try:
            start = date.fromisoformat(dm.when.start[:10])
        except ValueError:
            return False
        return (ctx.published - start).days > AGGREGATE_DAYS
    return False


def named_event(ctx: DocContext, f: Any, drafts: list[Draft], field_: str) -> Draft | None:
    """The earlier event a toll names ("three were wounded in the attack"): the last told with that noun."""
    if f.verb_i is None:
        return None
    verb = ctx.doc[f.verb_i]
    nouns = {token_lemma(g) for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
             for g in c.children if g.dep_ == "pobj" and any(x.lower_ == "the" for x in g.children)}
    if not nouns:
        return None
    told = [d for d in drafts if min(d.sents) < ctx.sent_of[f.verb_i] and suits(d, field_)
            and any(token_lemma(ctx.doc[m.token_i]) in nouns for m in d.members)]
    return max(told, key=lambda d: max(d.sents)) if told else None


def suits(d: Draft, field_: str) -> bool:
    if field_ == "killed" and d.subtype in figure_words().deathless_subtypes:
        return False  # ACLED codes no deaths on a peaceful protest, an arrest, a looting (figure_words.yaml)
    if field_ == "participants":
        return d.type in ("Protests", "Riots")
    if field_ in ("arrested", "released"):
        return True
    return d.type in VIOLENT
