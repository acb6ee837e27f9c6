"""The when stage: the date each draft happened on."""
from __future__ import annotations

from spacy.tokens import Token

from sitrep.resolve.dates import shift_when
from sitrep.records import When
from sitrep.tree import governors, is_ancestor, tree_distance
from sitrep.nlp.triggers import Mention

from .common import definite_noun, in_dateline, offset_clause
from .context import DocContext, Draft, by_sentence, by_token


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "when"."""
    for d in drafts:
        d.when = when_of(ctx, ctx.doc[d.anchor.token_i], d.members)
    return drafts


def when_of(ctx: DocContext, tok: Token, group: list[Mention]) -> When:
    """The date of the trigger's own clause, else of the sentence before it in the same paragraph."""
    doc = ctx.doc
    si = ctx.sent_of[tok.i]
    members = {m.token_i for m in group}
    mentioned = by_token(ctx, "mentions", ctx.mentions)  # others: the mentions not in the group
    above_tok = governors(tok)
    best = None
    for dm in by_sentence(ctx, "dates", ctx.dates).get(si, ()):
        if dm.when is None:
            continue
        dt = doc[dm.token_i]
        if in_dateline(ctx, dt.idx):
            continue
        # a date inside another happening's phrase is that one's; it still beats the sentence before
        # ("When forces killed 72 in June, protests forced a withdrawal": June frames the whole sentence)
        foreign = any(o in mentioned and o not in members and o not in above_tok and o != tok.i
                      for o in governors(dt))
        # a recurring word ("daily clashes over the past two weeks") yields to the period it recurs over
        recurring = dm.when.strategy == "recurring"
        # a phrase that places nothing on the calendar ("between 10 and 20" tagged as a date) yields to one that does
        key = (foreign, recurring or dm.when.start is None, min(tree_distance(doc[i], dt) for i in members),
               abs(dm.token_i - tok.i))
        if best is None or key < best[0]:
            best = (key, dm)
    off = offset_clause(tok)
    if off is not None:
        shifted = shifted_when(ctx, off, si)
        if shifted is not None:
            return shifted
    if best is not None:
        return best[1].when
    if definite_noun(tok):
        return When()  # "the attack" with no date of its own: it refers back (see merge.antecedent), not to the sentence before
    if si > 0 and ctx.para_of[si - 1] == ctx.para_of[si] and doc[ctx.sents[si - 1].start].idx >= ctx.title_end:
        prev = ctx.sents[si - 1]
        cands = [dm for dm in by_sentence(ctx, "dates", ctx.dates).get(si - 1, ())
                 if dm.when is not None and dm.when.precision != "unknown"]
        if cands:
            return min(cands, key=lambda dm: tree_distance(prev.root, doc[dm.token_i])).when
    return When()


def shifted_when(ctx: DocContext, off: tuple[int, int, str, Token, Token], si: int) -> When | None:
    """The date of an event told as "N units after/before" another: the other's date shifted, or None."""
    doc = ctx.doc
    sign, n, unit, clause, length = off
    own = {t.i for t in length.subtree}  # "two days" is the shift, not a date of either event
    gov = clause.head
    outside = [dm for dm in ctx.dates if dm.when is not None and dm.when.start and dm.token_i >= 0
               and ctx.sent_of.get(dm.token_i) == si and not is_ancestor(clause, doc[dm.token_i])
               and dm.token_i != clause.i and not in_dateline(ctx, doc[dm.token_i].idx) and dm.token_i not in own]
    inside = [dm for dm in ctx.dates if dm.token_i >= 0 and is_ancestor(clause, doc[dm.token_i])
              and dm.token_i not in own and dm.when is not None and dm.when.start]
    if inside:
        return None  # the clause has a date of its own
    marks = [c for c in clause.children if c.dep_ == "mark"]
    text = " ".join(t.text for t in length.subtree) + (f" {marks[0].text}" if marks else "")
    if outside:
        anchor = min(outside, key=lambda dm: tree_distance(gov, doc[dm.token_i])).when
        return shift_when(anchor, n, unit, sign, text)
    if gov.tag_ in ("VBZ", "VBP") and ctx.published is not None:
        # "It comes a week after ...": told in the present, the anchor is the time of writing
        now = When(text="", start=ctx.published.isoformat(), end=ctx.published.isoformat(), precision="day")
        return shift_when(now, n, unit, sign, text)
    return None
