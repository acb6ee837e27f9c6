"""The certainty stage: reported, confirmed, claimed (by an interested party) or unconfirmed."""
from __future__ import annotations

from sitrep.tree import has_phrase, token_lemma

from .context import DocContext, Draft, cached


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "certainty"."""
    for d in drafts:
        d.certainty = certainty(ctx, d)
    return drafts


def cue_sentences(ctx: DocContext) -> set[int]:
    """Sentences that say something is unverified ("could not be independently verified")."""
    out = set()
    unver = ctx.lex.cue("unverified_words")
    verbs = ctx.lex.cue("verify_verbs")
    negs = ctx.lex.cue("verify_negators")
    for si, s in enumerate(ctx.sents):
        lows = {t.lower_.replace("\u2019", "'") for t in s}
        lemmas = {token_lemma(t) for t in s}
        text = " " + " ".join(t.lower_ for t in s) + " "
        if lows & unver:
            out.add(si)
        elif lemmas & verbs and (lows & negs or has_phrase(text, negs) or any(t.dep_ == "neg" for t in s)):
            out.add(si)
    return out


def certainty(ctx: DocContext, d: Draft) -> str:
    cues = cached(ctx, "unverified_sentences", lambda: cue_sentences(ctx))
    attributed = any(s.kind != "reporter" for s in d.sources)
    for si in d.sents:
        for c in cues:
            if c == si or (attributed and 0 < c - si <= 3):
                return "unconfirmed"
    if d.sources and all(s.kind in ctx.lex.interested for s in d.sources):
        return "claimed"
    confirm = ctx.lex.cues.get("confirm_patterns", ())
    for si in d.sents:
        text = " " + " ".join(t.lower_ for t in ctx.sents[si]) + " "
        if has_phrase(text, confirm):
            return "confirmed"
    return "reported"
