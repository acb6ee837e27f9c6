"""The learned typing stages: the typer model (sitrep.typer) weighs in beside the trigger and refine rules.

- "typing" (with a model): the rules run first (rules.py); then, in a short text (a note or a snippet: at most
  `combine.retype_max_sents` sentences after the title), the model scores the draft's sentences and
  retypes the draft when its best sub-type beats the rules' sub-type by the model's `combine.min_margin` and
  itself scores above `combine.retype_min_score` (the model says "this sub-type", not only "less unlikely"),
  and only when the draft's sentences tell no other event mention: the model reads whole sentences, and in
  "relatives of two men killed on Wednesday held a vigil" its label may be the other happening's.
  The rules keep the trigger, the arguments and the decision to drop a draft.
- "learned_add" (after "group"): a short text (a note or a snippet, at most `combine.add_max_sents`
  sentences after the title) in which the rules found no event gets one when the model's best label is a
  sub-type scoring above `combine.add_min_score`, anchored on the root of the sentence the model scores
  highest. Longer articles are left to the rules: the model was trained on one-to-three-sentence texts. The
  model does not read modality, so the rules' not-an-event cues veto it: no event is added to a text with a
  modal, a negation, a conditional or an irrealis head ("could agree", "denied that it shelled", "demanded").

- In a text that reads as an event note (`note_like`: at most `combine.retype_max_sents` sentences, no title,
  no quoted speech, no attribution ("said", "according to"), no weekday name, and a calendar date with a
  digit, "On 3 June 2020, ...") the model leads where its metadata says so: it retypes at
  `combine.note_min_margin` and adds an event in a note of at most `combine.note_add_max_sents` sentences,
  where only the note's lead sentence is checked for the not-an-event cues (what follows is the aftermath:
  "No injuries were reported."). The model learned from such notes; news snippets and articles (quotes,
  attributions, weekdays, headlines) keep the rules' lead. A negative `combine.retype_min_score` applies
  only in a note dated in full (day, month, year: `retype_floor`).
  With `combine.note_retype_first`, the note's first event (the one a note's coding is about) may be retyped
  even when its sentences tell other happenings too; the model then reads the whole note, as it learned it,
  and again after merge and fold ("learned_note", after "lead": merging may have joined the retyped draft to
  another and taken that one's sub-type, or made another draft the note's first event).

How the two join was chosen on the tuning halves (bench/train_typer.py --tune) and is stored in the model's
metadata, so a model a user trains (`sitrep train`) carries its own settings.
"""
from __future__ import annotations

import re
from functools import partial
from typing import Any

import numpy as np

from sitrep.nlp.dates_words import date_words
from sitrep.nlp.triggers import Mention
from sitrep.taxonomy import load_taxonomy
from sitrep.typer import NONE_LABEL, TyperModel

from ..common import historical, type_plover
from sitrep.tree import token_lemma

from ..context import DocContext, Draft, by_sentence, cached
from . import rules


def typing_run(model: TyperModel) -> Any:
    """The "typing" stage function with `model` beside the rules."""
    return partial(run, model)


def add_run(model: TyperModel) -> Any:
    """The "learned_add" stage function."""
    return partial(add, model)


def _sentence_text(ctx: DocContext, sents: set[int] | list[int]) -> str:
    return " ".join(ctx.sents[si].text.strip() for si in sorted(sents))


def _body(ctx: DocContext) -> list[int]:
    """The sentences after the title line."""
    return cached(ctx, "body_sentences", lambda: [si for si, s in enumerate(ctx.sents)
                                                  if s.end_char > ctx.title_end and s.text.strip()])


# a note's calendar date starts within this many characters of its first sentence (0: anywhere in the note).
# Issue 12, fourth round: anywhere. ACLED notes mostly open with their date ("On 14 August 2020, ..."), but a
# coder's note may date its event later ("Nurses protested outside a clinic in the town on 3 May 2019 ...");
# the other marks of a note (short, untitled, no quoted speech or attribution, no weekday,
# a calendar date with a digit) still hold. On the ACLED tuning slice (bench/tune_notes.py, model trained
# without it): sub-type 0.847 -> 0.855, type 0.871 -> 0.877. Worded dates ("on Monday") are no mark of a note.
NOTE_DATE_CHARS = 0
QUOTES = ('"', "\u201c", "\u201d")
# a quoted passage of at most this many words is a name or a scare quote (a "die-in", a "Stop the Violence
# Rally"), which notes use; a longer one is quoted speech, the mark of news prose (0: any quotation mark is)
QUOTE_MAX_WORDS = 4
_QUOTED = re.compile(r'["\u201c]([^"\u201c\u201d]*)["\u201d]')


def speech_quoted(text: str, max_words: int = QUOTE_MAX_WORDS) -> bool:
    """Whether the text quotes speech: a quoted passage longer than `max_words` words, or an unpaired mark."""
    if not any(q in text for q in QUOTES):
        return False
    if max_words <= 0:
        return True
    rest = _QUOTED.sub(lambda m: "" if len(m.group(1).split()) <= max_words else '"', text)
    return any(q in rest for q in QUOTES)


# News prose attributes what it tells ("police said", "residents told AFP", "according to") and dates it by the
# weekday of the report ("on Tuesday"); a coder's note does neither. Shares of texts with a form of "say": ACLED
# train notes 1.5%, CASE odd snippets 31%; a weekday name: 3.4% and 42%. Either makes a text news, not a note
# (fourth round; CASE odd ids cross-fitted, model trained without each fold: macro-F1 0.765 -> 0.772 -> 0.777
# with no attribution, then no weekday; ACLED tuning slice sub-type 0.863 -> 0.860 -> 0.857).
NOTE_NO_ATTRIBUTION = True
NOTE_NO_WEEKDAY = True
ATTRIBUTION_LEMMAS = ("say", "tell")


def attributed(ctx: DocContext, sents: list[int]) -> bool:
    """Whether the sentences attribute what they tell to a speaker: a verb "say" or "tell" ("the police said",
    "residents told AFP") or "according to"."""
    for si in sents:
        sent = ctx.sents[si]
        for t in sent:
            if t.pos_ in ("VERB", "AUX") and token_lemma(t) in ATTRIBUTION_LEMMAS:
                return True
            if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor().lower_ == "to":
                return True
    return False


def note_like(ctx: DocContext, max_sents: int) -> bool:
    """Whether the text reads as an event note: at most `max_sents` sentences (0: any), no title line, no
    quoted speech (speech_quoted: the mark of news prose; a short quoted name is no speech), no attribution
    ("said", "according to") and no weekday name, and a resolved calendar date (one with a digit: "On 3 June
    2020", not "on Monday") anywhere in it (NOTE_DATE_CHARS 0; else within that many characters of its start)."""
    def make() -> bool:
        body = _body(ctx)
        if not body or ctx.title_end > 0 or (max_sents and len(body) > max_sents):
            return False
        text = _sentence_text(ctx, body)
        if speech_quoted(text, QUOTE_MAX_WORDS):
            return False
        if NOTE_NO_ATTRIBUTION and attributed(ctx, body):
            return False
        weekdays = date_words().weekday_names
        if NOTE_NO_WEEKDAY and any(t.lower_ in weekdays for si in body for t in ctx.sents[si]):
            return False
        start = ctx.sents[body[0]].start_char
        return any(d.when is not None and any(ch.isdigit() for ch in d.text)
                   and start <= d.start and (not NOTE_DATE_CHARS or d.start < start + NOTE_DATE_CHARS)
                   for d in ctx.dates)
    return cached(ctx, f"note_like_{max_sents}", make)


def run(model: TyperModel, ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "typing" with a model: the rules, then the model's say on each surviving draft's sub-type."""
    out = rules.run(ctx, drafts)
    limit = model.combine.retype_max_sents
    if limit and len(_body(ctx)) > limit:
        return out  # a full article: the rules alone (the model learned from one-to-three-sentence texts)
    note = note_like(ctx, limit)
    if not out and drafts and note and model.combine.note_add_max_sents > 0:
        out = _rescue(model, ctx, drafts)
    margin = model.combine.margin(note)
    per_sent = by_sentence(ctx, "mentions", ctx.mentions)
    # a note's first event: the one its coding is about, so the model may read the whole note for it
    lead = min(out, key=_first_key) if note and model.combine.note_retype_first and out else None
    for d in out:
        mine = {m.token_i for m in d.members}
        text = _sentence_text(ctx, d.sents)
        if any(m.token_i not in mine for si in d.sents for m in per_sent.get(si, ())):
            if d is not lead:
                continue  # the sentences tell another happening too: the model's label may be that one's
            text = _sentence_text(ctx, _body(ctx))
        _retype(model, d, model.score_array(text), margin, retype_floor(model, ctx, note))
    return out


def full_dated(ctx: DocContext) -> bool:
    """Whether the text holds a resolved calendar date with its year ("14 August 2020", "14/08/2020")."""
    return cached(ctx, "full_dated", lambda: any(d.when is not None and _YEAR.search(d.text) for d in ctx.dates))


_YEAR = re.compile(r"\d{4}")
# a negative `combine.retype_min_score` (the model retypes where it is unsure of every label, but surer of its
# own than of the rules') applies only in a note dated in full. On the CASE odd ids cross-fitted, the notes'
# unsure retyping cost 0.777 -> 0.759 (news snippets dated "on 25 January" read as notes); dated in full only,
# 0.772; on the ACLED tuning slice the gain it keeps: sub-type 0.857 -> 0.866 (0.867 in any note).
NOTE_UNSURE_FULL_DATE = True


def retype_floor(model: TyperModel, ctx: DocContext, note: bool) -> float:
    """The score the model's sub-type must beat to retype: `combine.retype_min_score`, but no lower than 0 (the
    model itself accepting the label) unless the text is a note dated in full, day, month and year, the mark of
    a coded record; news dates its events by the day and month ("on 25 January")."""
    floor = model.combine.retype_min_score
    if NOTE_UNSURE_FULL_DATE and floor < 0 and not (note and full_dated(ctx)):
        return 0.0
    return floor


def _retype(model: TyperModel, d: Draft, scores: np.ndarray, margin: float, floor: float) -> None:
    """Give the draft the model's best sub-type when it is one, beats the draft's own by more than `margin`
    and scores above `floor`."""
    tax = load_taxonomy()
    best = int(np.argmax(scores))
    label = model.labels[best]
    if label == NONE_LABEL or label == d.subtype or not tax.is_subtype(label):
        return
    own = scores[model.labels.index(d.subtype)] if d.subtype in model.labels else -np.inf
    if scores[best] - own <= margin or scores[best] <= floor:
        return
    new_type = tax.type_of_subtype(label)
    if new_type != d.type:
        d.plover = type_plover(new_type, d.plover)
    d.type, d.subtype = new_type, label


def note_run(model: TyperModel) -> Any:
    """The "learned_note" stage function."""
    return partial(note_first, model)


def note_first(model: TyperModel, ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "learned_note" (after merge and fold, with `combine.note_retype_first`): in an event note, the
    note's first event (the first told that is not history: the one a note's coding is about) is retyped by
    the model reading the whole note, at the note margin. Merging may have joined the draft the typing stage
    retyped to another, or made another the first; the note's coding is about the event it leads with."""
    comb = model.combine
    limit = comb.retype_max_sents
    if not drafts or not comb.note_retype_first or not note_like(ctx, limit):
        return drafts
    first = next((d for d in sorted(drafts, key=lambda d: min(d.sents) if d.sents else 1 << 30)
                  if not historical(ctx, d)), None)
    if first is not None:
        _retype(model, first, model.score_array(_sentence_text(ctx, _body(ctx))), comb.margin(True),
                retype_floor(model, ctx, True))
    return drafts


def _first_key(d: Draft) -> tuple[int, int]:
    return (min(d.sents) if d.sents else 1 << 30, d.anchor.token_i)


NOTE_ADD_AT_LEAD = True  # an event the model adds to a note is anchored on the note's lead sentence


UNREAL_CUES = ("modal_aux", "negations", "irrealis_heads", "conditional_marks", "negative_pronouns")
NOTE_UNREAL_CUES = ("modal_aux", "conditional_marks")  # a note's "demanding", "no one was hurt" are its report


def _rescue(model: TyperModel, ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """A note whose every draft the rules dropped as no conflict event: the model leads there, so the first
    draft stays when the model reads the note as an event (a sub-type above `combine.add_min_score`) and its
    lead holds no modal or conditional; it takes the model's sub-type (the retyping below may change it)."""
    body = _body(ctx)
    if unreal(ctx, body[:1], NOTE_UNREAL_CUES):
        return []
    scores = model.score_array(_sentence_text(ctx, body))
    best = int(np.argmax(scores))
    label = model.labels[best]
    tax = load_taxonomy()
    if label == NONE_LABEL or not tax.is_subtype(label) or scores[best] <= model.combine.add_min_score:
        return []
    d = drafts[0]
    new_type = tax.type_of_subtype(label) or ""
    d.plover = type_plover(new_type, d.plover) if new_type != d.type else d.plover
    d.type, d.subtype = new_type, label
    return [d]


def unreal(ctx: DocContext, sents: list[int], kinds: tuple[str, ...] = UNREAL_CUES) -> bool:
    """Whether the sentences hold a word of the lexicon's not-an-event cues (by default modal, negation,
    conditional, irrealis head): what the trigger finder would have read as no event, the model cannot tell."""
    lex = ctx.lex
    cues = cached(ctx, "unreal_cues_" + "_".join(kinds), lambda: frozenset().union(*(lex.cue(n) for n in kinds)))
    dated = [(d.start, d.end) for d in ctx.dates]  # "on 9 May 2022": the month, not the modal
    for si in sents:
        for t in ctx.sents[si]:
            if any(a <= t.idx < b for a, b in dated):
                continue
            if t.lower_ in cues or token_lemma(t) in cues:
                return True
    return False


def add(model: TyperModel, ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "learned_add": one draft for a short text with no event mention, when the model is sure."""
    comb = model.combine
    if drafts or not ctx.sents:
        return drafts
    body = _body(ctx)
    limit = comb.add_max_sents
    if comb.note_add_max_sents > 0 and note_like(ctx, comb.note_add_max_sents):
        limit = max(limit, comb.note_add_max_sents)  # in a note the model leads
    if not body or limit <= 0 or len(body) > limit:
        return drafts
    note = comb.note_add_max_sents > 0 and note_like(ctx, comb.note_add_max_sents)
    # a note's lead states its event; what follows is its aftermath ("No injuries were reported.")
    if unreal(ctx, body[:1], NOTE_UNREAL_CUES) if note else unreal(ctx, body):
        return drafts
    scores = model.score_array(_sentence_text(ctx, body))
    best = int(np.argmax(scores))
    label = model.labels[best]
    tax = load_taxonomy()
    if label == NONE_LABEL or not tax.is_subtype(label) or scores[best] <= comb.add_min_score:
        return drafts
    # the anchor: in a note its lead sentence (a note states its event, date and place first; its later
    # sentences are aftermath and boilerplate); elsewhere the root of the sentence the model reads as most like
    # this sub-type
    if (note and NOTE_ADD_AT_LEAD) or len(body) == 1:
        si = body[0]
    else:
        si = max(body, key=lambda i: (model.score_array(ctx.sents[i].text)[best], -i))
    root = ctx.sents[si].root
    type_ = tax.type_of_subtype(label) or ""
    mention = Mention(token_i=root.i, lemma=root.lemma_.lower(), type=type_, subtype=label,
                      plover=tax.plover_of(label) or "")
    return drafts + [Draft(anchor=mention, members=[mention], type=type_, subtype=label, plover=mention.plover,
                           sents={si}, noun=root.pos_ in ("NOUN", "PROPN"))]
