"""Grouping: mentions of one happening told in one sentence ("fought ..., killing 20") become one group."""
from __future__ import annotations

from typing import Sequence

from spacy.tokens import Token

from sitrep.tree import governing_verb, is_ancestor, token_lemma
from sitrep.nlp.triggers import Mention

from .common import answered, consequence
from .context import DocContext, governed_by


def group_mentions(ctx: DocContext, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions governed by another mention of the same sentence join its group ("fought ..., killing 20")."""
    doc, sent_of = ctx.doc, ctx.sent_of
    groups: list[list[Mention]] = []
    owner: dict[int, int] = {}
    later: list[tuple[Mention, Mention]] = []  # mentions told before the mention that governs them
    in_sent: dict[int | None, list[Mention]] = {}  # the mentions of each sentence, in order
    for m in mentions:
        in_sent.setdefault(sent_of.get(m.token_i), []).append(m)
    for m in mentions:
        tok = doc[m.token_i]
        parent = None
        for other in in_sent[sent_of.get(m.token_i)]:
            o = doc[other.token_i]
            if other is m or sent_of.get(o.i) != sent_of.get(tok.i) or not is_ancestor(o, tok):
                continue
            if parent is None or is_ancestor(doc[parent.token_i], o):
                parent = other
        if parent is None:
            parent = outcome_of(ctx, tok, mentions)
        if parent is None and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj"):
            # "dropped bombs on X, destroying a school": the consequence belongs to the bombs' event
            parent = next((o for o in in_sent[sent_of.get(m.token_i)] if o is not m and doc[o.token_i].head.i == tok.head.i
                           and doc[o.token_i].dep_ in ("dobj", "nsubj", "nsubjpass") and o.token_i < tok.i
                           and sent_of.get(o.token_i) == sent_of.get(tok.i)), None)
        if parent is not None and (consequence(ctx, tok) or crowd_answering(ctx, m, parent)):
            parent = None  # "shot a man, sparking protests": the protests are a happening of their own
        if parent is not None and parent.token_i in owner and absorbable(ctx, tok, doc[parent.token_i]):
            gi = owner[parent.token_i]
            groups[gi].append(m)
            owner[m.token_i] = gi
        elif parent is not None and parent.token_i > m.token_i and (support_of(ctx, tok, doc[parent.token_i])
                                                                    or harm_of_subject(ctx, tok, doc[parent.token_i])):
            later.append((m, parent))  # "forces, backed by airstrikes, retook ...": its governor comes later
        else:
            owner[m.token_i] = len(groups)
            groups.append([m])
    for m, parent in later:
        if parent.token_i in owner:
            gi = owner[parent.token_i]
            groups[gi].append(m)
        else:
            gi = len(groups)
            groups.append([m])
        owner[m.token_i] = gi
    return groups


def crowd_answering(ctx: DocContext, m: Mention, parent: Mention) -> bool:
    """Whether `parent` is the protest or riot that answered the violence `m` tells (common.answered)."""
    clause = answered(ctx, m)
    return clause is not None and clause.head.i == parent.token_i


def outcome_of(ctx: DocContext, tok: Token, mentions: Sequence[Mention]) -> Mention | None:
    """The clash a "before/until/when ..." clause ends ("got into a shootout before he was killed")."""
    if tok.dep_ != "advcl" or any(c.dep_ == "npadvmod" for c in tok.children):
        return None
    if not any(c.dep_ == "mark" and c.lower_ in ctx.lex.cue("outcome_marks") for c in tok.children):
        return None
    for other in mentions:
        o = ctx.doc[other.token_i]
        if o.i == tok.i or ctx.sent_of.get(o.i) != ctx.sent_of.get(tok.i):
            continue
        if governing_verb(o, 3).i == tok.head.i:
            return other
    return None


def toll_clause(ctx: DocContext, tok: Token, parent: Token) -> bool:
    """"12 were killed when soldiers fought rebels": the passive toll is the count of the clause's clash."""
    if tok.dep_ != "advcl" or tok.head.i != parent.i or token_lemma(parent) not in ctx.lex.cue("toll_verbs"):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in parent.children)
    if not (passive or token_lemma(parent) == "die"):
        return False
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in ctx.lex.cue("toll_marks") for c in tok.children)


def absorbable(ctx: DocContext, tok: Token, parent: Token) -> bool:
    """Whether a governed mention is part of its governor's happening rather than one of its own."""
    if toll_clause(ctx, tok, parent) or support_of(ctx, tok, parent):
        return True
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp"):
        return True  # "fought the army, killing 20": a consequence
    if tok.dep_ in ("dobj", "pobj", "nsubjpass", "conj") and tok.head.i == parent.i:
        return True  # "crushed an uprising", "launched an attack"
    own_date = bool(governed_by(ctx, "dates", ctx.dates).get(tok.i))
    own_place = any(getattr(p, "kind", "") != "demonym" for p in governed_by(ctx, "places", ctx.places).get(tok.i, ()))
    return not (own_date or own_place)


def harm_of_subject(ctx: DocContext, tok: Token, parent: Token) -> bool:
    """"The bombing last week in X wounded 12": a happening told as the subject of a harm verb (cues.yaml
    harm_verbs) did the harm; the verb tells its toll, not a second happening, and the subject's date and place
    are the whole happening's."""
    return tok.dep_ == "nsubj" and tok.head.i == parent.i and token_lemma(parent) in ctx.lex.cue("harm_verbs")


def support_of(ctx: DocContext, tok: Token, parent: Token) -> bool:
    """"Troops, backed by airstrikes, retook the town": an event word after "by" under a support verb (cues.yaml
    support_verbs) that modifies a party of the governing event, not the event itself, tells how that party was
    helped in it: the support is part of that happening."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "by":
        return False
    verb = tok.head.head
    if token_lemma(verb) not in ctx.lex.cue("support_verbs") or verb.dep_ not in ("acl", "amod", "relcl"):
        return False
    party = verb.head  # the noun the support verb modifies
    return party.i != parent.i and is_ancestor(parent, party)
