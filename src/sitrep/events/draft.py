"""The group stage: one Draft per group of mentions, anchored on the mention that tells what happened."""
from __future__ import annotations

from sitrep.nlp.triggers import Mention
from sitrep.resolve.dateline import in_spans, related_line_spans
from sitrep.tree import doc_text

from .context import DocContext, Draft
from .group import group_mentions, harm_of_subject, toll_clause


def draft_of(ctx: DocContext, group: list[Mention]) -> Draft:
    """A new draft for one group: its anchor, members, type and sentences (no place, date or parties yet)."""
    doc = ctx.doc
    anchor = group[0]
    strong = next((m for m in group if not m.weak), anchor)
    if anchor.weak and strong is not anchor:
        anchor = strong
    # the toll's own clause tells what happened: it is the event, the passive toll only its count
    clause = next((m for m in group if toll_clause(ctx, doc[m.token_i], doc[anchor.token_i])), None)
    if clause is not None:
        group = [clause] + [m for m in group if m is not clause]
        anchor = clause
    # "the bombing wounded 12": the subject happening tells what happened (its means), the harm verb its toll
    subject = next((m for m in group if not m.weak and harm_of_subject(ctx, doc[m.token_i], doc[anchor.token_i])), None)
    if clause is None and subject is not None:
        group = [subject] + [m for m in group if m is not subject]
        anchor = subject
    tok = doc[anchor.token_i]
    return Draft(anchor=anchor, members=group, type=anchor.type, subtype=anchor.subtype, plover=anchor.plover,
                 sents={ctx.sent_of[m.token_i] for m in group}, noun=tok.pos_ in ("NOUN", "PROPN"),
                 toll_clause=clause)


def story_mentions(ctx: DocContext) -> list[Mention]:
    """The mentions told by the story itself, not by a related-story line ("SEE ALSO: ...", "Related: ..."): another
    story's headline. (A photo caption's mentions stay: a caption may be the only place a scene is told.)"""
    related = related_line_spans(doc_text(ctx.doc))
    if not related:
        return list(ctx.mentions)
    return [m for m in ctx.mentions if not in_spans(ctx.doc[m.token_i].idx, related)]


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "group": drafts for the article's mentions (after any drafts already given)."""
    return drafts + [draft_of(ctx, g) for g in group_mentions(ctx, story_mentions(ctx))]
