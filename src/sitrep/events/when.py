"""The when stage: the date each draft happened on."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from datetime import date

from spacy.tokens import Token

from sitrep.resolve.dateline import in_spans, is_caption, title_label_spans
from sitrep.resolve.dates import resolve_date, shift_when
from sitrep.records import When
from sitrep.tree import doc_text, governing_verb, governors, is_ancestor, tree_distance
from sitrep.nlp.dates_words import date_words
from sitrep.nlp.triggers import Mention

from .common import definite_noun, grievance_of, in_dateline as _in_dateline, offset_clause, when_clauses, continuation
from .context import DocContext, Draft, by_sentence, by_token, cached


def in_dateline(ctx: DocContext, offset: int) -> bool:
    """Whether a char offset lies in a dateline, a byline, a "posted on" stamp, a related-story line or a date
    labelling the headline ("Monthly security digest: March 2020"): the report's own lines, which never date an event."""
    return _in_dateline(ctx, offset) or in_spans(offset, ctx.metalines) or (
        ctx.doc is not None and offset < 300 and in_spans(offset, title_label_spans(doc_text(ctx.doc)[:400])))


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
    definite = definite_noun(tok)
    # what a protest is against ("protesting against air strikes"): a happening before it, dated only in its own words
    grievance = grievance_of(ctx, tok.i)
    for dm in by_sentence(ctx, "dates", ctx.dates).get(si, ()):
        if dm.when is None:
            continue
        dt = doc[dm.token_i]
        if grievance is not None and dt.i not in grievance:
            continue
        if dates_nothing(ctx, dm, members):
            continue
        if definite and other_clause(tok, dt):
            continue  # "condemned the attack and declared Wednesday a day of mourning": Wednesday is the mourning's
        if names_which(dm.when, dt, members, mentioned):
            continue  # "strikers demanding their unpaid October wages": which wages, not when they struck
        if names_other_happening(dm.when, dt, members, mentioned):
            continue  # "protests over the verdict in the 2011 shooting": the year is the shooting's
        if in_named_aside(dt, tok, members):
            continue  # "against the governor, who took office two years ago": the governor's past, not the event's
        if told_as_before(dt, tok, members):
            continue  # "retook the town, which rebels had seized in May": the seizure's time, before the event's
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
        return since_when(ctx, best[1], members) or glossed(ctx, best[1])
    if grievance is not None:
        return When(strategy="prior")  # before the protest, on a day its words do not give
    if definite_noun(tok):
        return When()  # "the attack" with no date of its own: it refers back (see merge.antecedent), not to the sentence before
    return previous_when(ctx, si) or framed_when(ctx, si) or told_after_when(ctx, si, members) or When()


def previous_when(ctx: DocContext, si: int) -> When | None:
    """The date of the sentence before sentence `si` in the same paragraph (the one nearest its root), or None."""
    doc = ctx.doc
    if si > 0 and ctx.para_of[si - 1] == ctx.para_of[si] and doc[ctx.sents[si - 1].start].idx >= ctx.title_end:
        prev = ctx.sents[si - 1]
        cands = [dm for dm in by_sentence(ctx, "dates", ctx.dates).get(si - 1, ())
                 if dm.when is not None and dm.when.precision != "unknown" and not dates_nothing(ctx, dm)]
        if cands:
            return glossed(ctx, min(cands, key=lambda dm: tree_distance(prev.root, doc[dm.token_i])))
    return None


def framed_when(ctx: DocContext, si: int) -> When | None:
    """The date that opens the paragraph of sentence `si` ("On 5 May, gunmen ... . Residents fled. Police arrested
    two."), when no sentence between gives another: a date fronted before a paragraph's first clause sets the time
    of what the paragraph goes on to tell, until a sentence gives a time of its own. A heading before it ("Other:
    On 5 May, ...") does not stop it. None when the paragraph does not open with a date."""
    doc = ctx.doc
    para = ctx.para_of[si]
    first = si
    while first > 0 and ctx.para_of[first - 1] == para and doc[ctx.sents[first - 1].start].idx >= ctx.title_end:
        first -= 1
    if first == si or first == si - 1:
        return None  # the sentence opens the paragraph, or the sentence before it was asked already
    dated = by_sentence(ctx, "dates", ctx.dates)
    for k in range(first + 1, si):
        if any(dm.when is not None and dm.when.precision != "unknown" and not dates_nothing(ctx, dm)
               for dm in dated.get(k, ())):
            return None  # a later sentence gives a time of its own: the frame no longer holds
    sent = ctx.sents[first]
    text = doc_text(doc)
    for dm in dated.get(first, ()):
        w = dm.when
        if w is None or not w.start or w.precision not in ("day", "range") or dates_nothing(ctx, dm):
            continue
        start = getattr(dm, "start", None)
        if isinstance(start, int) and fronted(ctx, text[sent.start_char:start]):
            return glossed(ctx, dm)
    return None


def fronted(ctx: DocContext, before: str) -> bool:
    """Whether the words before a date in its sentence leave it fronted, before the clause: nothing, a heading
    ending in a colon, and at most a preposition of time from dates.yaml's `frame_words` ("On", "Around")."""
    words = re.sub(r"^[^.:;]{0,60}:\s*", "", before.strip()).lower().split()
    return len(words) <= 2 and all(w in date_words().frame_words for w in words)


def told_after_when(ctx: DocContext, si: int, members: set[int] | frozenset[int]) -> When | None:
    """The date of the sentence after sentence `si` in the same paragraph when that sentence tells no happening of
    its own, only when or how the event went ("Gunmen killed a trader. His body was found on 9 May.", "... The
    incident took place on Tuesday night."): a sentence with no event but the group's (or a reference back, "the
    incident") goes on with the same happening, so its day is the event's. Only a day or a short span within
    LEAD_DAYS before publication, never a date a reporting verb governs ("police said on Monday"), a dateline's
    or one that dates nothing."""
    doc = ctx.doc
    nxt = continuation(ctx, si, members)
    if nxt is None:
        return None
    cands = []
    for dm in by_sentence(ctx, "dates", ctx.dates).get(nxt, ()):
        w = dm.when
        if w is None or not w.start or w.precision not in ("day", "range") or dates_nothing(ctx, dm):
            continue
        if (date.fromisoformat((w.end or w.start)[:10]) - date.fromisoformat(w.start[:10])).days > LEAD_DAYS:
            continue  # a long span is no day of the event
        if ctx.published is not None and not 0 <= (ctx.published - date.fromisoformat(w.start[:10])).days <= LEAD_DAYS:
            continue
        dt = doc[dm.token_i]
        if governing_verb(dt, 6).lemma_ in ctx.lex.reporting_verbs:
            continue  # "a spokesman said on Monday": the day of the report
        cands.append(dm)
    if not cands:
        return None
    root = ctx.sents[nxt].root
    return glossed(ctx, min(cands, key=lambda dm: tree_distance(root, doc[dm.token_i])))


def dates_nothing(ctx: DocContext, dm: Any, members: set[int] | frozenset[int] = frozenset()) -> bool:
    """Whether a (resolved) date mention dates no event beside it: a dateline's, one after publication, a
    document's ("a letter dated 4 May"), or the period a happening is compared over ("the biggest challenge
    since ... 1997"; an event in `members` inside that phrase keeps it)."""
    tok = ctx.doc[dm.token_i]
    return (in_dateline(ctx, tok.idx) or future(ctx, dm.when) or document_date(ctx, dm)
            or compared_since(ctx, tok, members))


def glossed(ctx: DocContext, dm: Any) -> When:
    """A date mention's day, or the calendar day written in brackets right after a relative date ("today (21
    April)", "on Sunday [17 October]", "this morning (28/01)"): the writer's own gloss of the relative word, which
    dates the event where the word, read against publication, may not."""
    end = getattr(dm, "end", None)
    if not isinstance(end, int) or dm.when is None or dm.when.strategy not in ("relative", "weekday"):
        return dm.when
    text = doc_text(ctx.doc)
    if not text[end:end + 3].lstrip().startswith(("(", "[")):
        return dm.when
    starts = cached(ctx, "dates_by_start", lambda: {getattr(o, "start", None): o for o in ctx.dates})
    for start in range(end + 1, end + 4):  # the bracket may end the parser's sentence: look by offset
        other = starts.get(start)
        w = other.when if other is not None else None
        if (w is not None and w.precision == "day" and w.strategy not in ("relative", "weekday")
                and re.fullmatch(r"\s*[(\[]\s*", text[end:start]) and not future(ctx, w)):
            return w
    return dm.when

def since_when(ctx: DocContext, dm: Any, members: set[int] | frozenset[int]) -> When | None:
    """"the deadliest since March 2019, when a bomber killed 12": the clause that "when" hangs on a date tells
    what happened at that date, so "since" (a span from it up to now) does not date that happening: the date
    after "since" does. None when the event is not told in such a clause."""
    w = dm.when
    text = getattr(dm, "text", "") or ""
    if w is None or w.start is None or not text.lower().startswith("since "):
        return None
    doc = ctx.doc
    for c in when_clauses(doc, dm):
        if any(c.i == i or is_ancestor(c, doc[i]) for i in members):
            got = resolve_date(text[6:], ctx.published.isoformat() if ctx.published else None)
            return got if got.start is not None else None
    return None


def document_date(ctx: DocContext, dm: Any) -> bool:
    """Whether a date is a document's, told by "dated" before it ("in a letter dated 4 May", "a decree dated
    2 March 2020"): the day it was written or signed, not a happening's."""
    start = getattr(dm, "start", None)  # a mention made by hand may carry its token only
    if not isinstance(start, int):
        return False
    before = doc_text(ctx.doc)[max(0, start - 16):start].lower()
    return bool(_DATED.search(before))


_DATED = re.compile(r"(?:^|[^a-z])dated\s+(?:[0-3]?\d(?:st|nd|rd|th)?\s+)?$")  # "dated 3 " before "March 2001" too


def future(ctx: DocContext, w: When) -> bool:
    """Whether a date lies wholly after publication: what is planned or announced for it ("Parliament will
    reconvene on 14 November") has not happened, so it never dates an event."""
    return ctx.published is not None and bool(w.start) and date.fromisoformat(w.start[:10]) > ctx.published


def other_clause(tok: Token, dt: Token) -> bool:
    """Whether a date belongs to a clause that does not hold the word: its verb neither governs the word nor
    lies under it (a conjoined or a separate clause of the sentence)."""
    verb = governing_verb(dt, 6)
    if verb.pos_ not in ("VERB", "AUX") or is_ancestor(tok, dt):
        return False
    return verb.i != governing_verb(tok, 6).i and not is_ancestor(verb, tok)


def names_which(w: When, dt: Token, members: set[int] | frozenset[int], mentioned: Any) -> bool:
    """Whether a month (or a year) modifies a noun that is no happening, naming which thing it is, not when the
    event was: "demanding their unpaid October wages", "against the results of the September 2019 vote"."""
    if w.precision not in ("month", "year") or dt.dep_ not in ("compound", "nmod", "amod", "npadvmod"):
        return False
    noun = dt.head
    return noun.pos_ == "NOUN" and noun.i not in members and noun.i not in mentioned and noun.i != dt.i


def names_other_happening(w: When, dt: Token, members: set[int] | frozenset[int], mentioned: Any) -> bool:
    """Whether a month or a year modifies the noun of another happening told beside the event, naming which one
    it is ("the verdict in the 2011 shooting", "anger over the March killings"): that happening's date, never the
    date of an event the noun is not part of."""
    if w.precision not in ("month", "year") or dt.dep_ not in ("compound", "nmod", "amod", "nummod", "npadvmod"):
        return False
    noun = dt.head
    return noun.pos_ == "NOUN" and noun.i in mentioned and noun.i not in members and noun.i != dt.i


def in_named_aside(dt: Token, tok: Token, members: set[int] | frozenset[int]) -> bool:
    """Whether a date lies in a relative clause on a name ("Governor X, who took office two years ago, ...",
    "the Y party, which was founded in 1990"): it tells the named one's past, not when an event outside the
    clause happened."""
    node = dt
    for _ in range(12):
        if node.head.i == node.i:
            return False
        if node.dep_ in ("relcl", "acl") and node.pos_ in ("VERB", "AUX"):
            head = node.head
            if head.pos_ != "PROPN":
                return False
            inside = {t.i for t in node.subtree}
            return tok.i not in inside and not (inside & set(members))
        node = node.head
    return False


def told_as_before(dt: Token, tok: Token, members: set[int] | frozenset[int]) -> bool:
    """Whether a date belongs to a clause in the past perfect that does not hold the event ("retook the town,
    which rebels had seized in May", "protested the arrest of a leader who had been detained on Monday"): the
    past perfect tells a time before the one the sentence narrates, so its date is never the event's own day."""
    verb = governing_verb(dt, 6)
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ != "VBN":
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
        return False
    inside = {t.i for t in verb.subtree}
    return tok.i not in inside and not (inside & set(members))


def compared_since(ctx: DocContext, dt: Token, members: set[int] | frozenset[int]) -> bool:
    """Whether a date marks the period a happening is compared over, not its own day: it sits in a "since"
    phrase on a superlative or "first" ("the deadliest attack since 2013", "the first deaths since a skirmish in
    1975", "the biggest challenge since the handover in 1997"). An event inside that phrase or clause keeps it
    ("Since the march coincided with the crisis in July": "since" as "because", the march inside)."""
    heads = ctx.lex.cue("since_heads")
    node = dt
    for _ in range(8):
        if node.head.i == node.i:
            return False
        if node.i in members:
            return False  # "since a skirmish in 1975" dates the skirmish itself
        since = node.lower_ == "since" and node.dep_ == "prep"  # "the first since a skirmish in 1975"
        if since or (node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children)):
            if any(is_ancestor(node, ctx.doc[i]) for i in members):
                return False
            top = node.head  # "the biggest challenge since the colony reverted ... in 1997"
            near = [top] + [c for c in top.children if c.dep_ in ("amod", "advmod", "acomp", "attr", "dobj", "nsubj")]
            near += [g for c in near[1:] for g in c.children if g.dep_ == "amod"]
            return any(t.tag_ in ("JJS", "RBS") or t.lower_ in heads for t in near)
        node = node.head
    return False


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


LEAD_PARAGRAPHS = 3  # captions and a standfirst may come before the lead
LEAD_DAYS = 7  # a lead dates the story it opens when its day lies within a week of publication


def lead_run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "lead": in a report whose lead dates the whole story ("On Sunday, the army struck in several
    provinces ..."), an event still undated in a later paragraph with no date of its own is one of that story's
    parts and takes the lead's day (`when.strategy: lead`, so users can filter it).

    First, a reference back that merge joined to no earlier event ("... was wounded on 8 February. Police say
    this attack was political", the wounding not read as an event) is about what the sentence before tells:
    it takes that sentence's date."""
    for d in drafts:
        if d.when.strategy == "prior":
            continue  # the cause a clause came after (events/link.py cause_told): no later day is its
        if d.when.start is None and d.when.precision == "unknown" and definite_noun(ctx.doc[d.anchor.token_i]):
            prev = previous_when(ctx, ctx.sent_of[d.anchor.token_i])
            if prev is not None:
                d.when = prev
    lead = lead_when(ctx)
    if lead is None:
        return drafts
    dated = dated_paragraphs(ctx)
    for d in drafts:
        if d.when.start is not None or d.when.precision != "unknown" or d.when.strategy == "prior":
            continue
        paras = {ctx.para_of[s] for s in d.sents}
        if paras & dated:
            continue  # the paragraph tells its own time; what it leaves undated is not the lead's
        d.when = replace(lead, strategy="lead")
    return drafts


def lead_sentences(ctx: DocContext) -> list[int]:
    """The sentences of the story's lead: the first paragraph of the body (among the first LEAD_PARAGRAPHS,
    a caption skipped) that tells an event; none when no such paragraph."""
    return cached(ctx, "lead_sentences", lambda: _lead_sentences(ctx))


def told_sentences(ctx: DocContext) -> frozenset[int]:
    """The sentences that hold an event mention."""
    return cached(ctx, "told_sentences", lambda: frozenset(ctx.sent_of[m.token_i] for m in ctx.mentions))


def _lead_sentences(ctx: DocContext) -> list[int]:
    doc = ctx.doc
    if doc is None or not ctx.sents:
        return []
    body = [si for si, s in enumerate(ctx.sents) if s.end_char > ctx.title_end and doc[s.start].idx >= ctx.title_end]
    told = told_sentences(ctx)
    paras: dict[int, list[int]] = {}
    for si in body:
        paras.setdefault(ctx.para_of[si], []).append(si)
    for sents in list(paras.values())[:LEAD_PARAGRAPHS]:
        text = doc_text(doc)[ctx.sents[sents[0]].start_char:ctx.sents[sents[-1]].end_char]
        if is_caption(text):
            continue  # a photo's caption above the story is not its lead
        if any(si in told for si in sents):
            return sents
    return []


def lead_when(ctx: DocContext) -> When | None:
    """The day the story's lead tells its happening on: a day-precise date in the first paragraph of the body,
    in a sentence with an event mention, within a week before publication (not a dateline's date), else None."""
    doc = ctx.doc
    lead = lead_sentences(ctx)
    if not lead:
        return None
    told = told_sentences(ctx)
    lead_sents = lead[:2]
    for si in lead_sents:
        if si not in told:
            continue
        for dm in ctx.dates:
            if (dm.when is None or dm.token_i < 0 or ctx.sent_of.get(dm.token_i) != si
                    or dm.when.precision != "day" or not dm.when.start or in_dateline(ctx, doc[dm.token_i].idx)):
                continue
            if ctx.published is not None:
                age = (ctx.published - date.fromisoformat(dm.when.start[:10])).days
                if not 0 <= age <= LEAD_DAYS:
                    continue
            return glossed(ctx, dm)
    return None


def dated_paragraphs(ctx: DocContext) -> set[int]:
    """Paragraphs that carry a date of their own (a dateline's is not one, nor a date that never dates an event:
    one after publication, one inside a "since" phrase)."""
    out: set[int] = set()
    for dm in ctx.dates:
        if dm.when is None or dm.token_i < 0 or dm.token_i not in ctx.sent_of:
            continue
        if dm.when.precision == "unknown" or dates_nothing(ctx, dm):
            continue
        out.add(ctx.para_of[ctx.sent_of[dm.token_i]])
    return out
