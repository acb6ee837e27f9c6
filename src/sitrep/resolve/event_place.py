"""event_place: where the event of a trigger token happened, among the article's resolved place mentions."""
from __future__ import annotations

import bisect
import weakref
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitrep.gazetteer import place_words
from sitrep.nlp.paragraphs import blank_line_between
from sitrep.nlp.place_mention import NOT_EVENT_KINDS, PlaceMention
from sitrep.nlp.place_tokens import governing_prep
from sitrep.records import Place
from sitrep.resolve.dateline import dateline_end
from sitrep.tree import doc_text


def _excluded(doc: Doc, m: PlaceMention, trigger: Token | None) -> bool:
    """A route end ("from X to Y", "between X and Y") or where a speaker was ("said by phone from X")."""
    w = place_words()
    if m.kind in NOT_EVENT_KINDS:
        return True
    tok = doc[m.token_i]
    if doc.has_annotation("DEP"):
        prep = governing_prep(tok)
        if prep is not None and prep.lower_ in w["route_preps"]:
            return True
        t = tok
        for _ in range(12):  # a speech verb on the way up, other than the trigger: an attribution
            if t.head.i == t.i or (trigger is not None and t.i == trigger.i):
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX", "") and t.lemma_.lower() in w["speech_verbs"] and \
                    (trigger is None or t.i != trigger.i) and prep is not None and prep.lower_ in ("from", "by"):
                return True
        return False
    # no parse: look at the words just before the name
    sent_lo = max(0, m.token_i - 6)
    before = [t.lower_ for t in doc[sent_lo:m.token_i]]
    first = doc.char_span(m.start, m.end, alignment_mode="expand")
    prev = doc[first.start - 1].lower_ if first is not None and first.start > 0 else ""
    return prev in w["route_preps"] or ("between" in before and prev == "and")


def _attachment(doc: Doc, m: PlaceMention, target: Token) -> int | None:
    """Path length from the mention up to `target` through an event preposition, or None when not attached."""
    w = place_words()
    tok = doc[m.token_i]
    prep = governing_prep(tok)
    t, steps = tok, 0
    while t.i != target.i:
        if t.head.i == t.i or steps > 10:
            return None
        t = t.head
        steps += 1
        if t.i != target.i and t.pos_ in ("VERB", "AUX"):
            steps += 3  # through another clause's verb: "fled X after they met in Y" keeps Y farther
    if m.kind == "country_scope" or (prep is not None and prep.lower_ in w["event_preps"]):
        return steps
    if tok.dep_ in ("compound", "npadvmod", "appos", "nmod", "obl", "advmod", "poss", "dobj", "conj",
                "nsubjpass") \
            and steps <= 2:
        return steps + 3  # "Hama protesters": attached, but less directly than "in Hama"
    return None


def _clause_head(trigger: Token) -> Token | None:
    """The verb whose clause holds a nominal trigger ("protests ... drew": drew)."""
    t = trigger
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _with_prep_precision(doc: Doc, m: PlaceMention) -> Place | None:
    if m.place is None:
        return None
    prep = governing_prep(doc[m.token_i]) if doc.has_annotation("DEP") else None
    if prep is not None and prep.lower_ in place_words()["near_words"] and m.place.precision < 2:
        return m.place.replace(precision=2)
    return m.place


def _next_sentence_town(doc: Doc, sents: list[Span], si: int, told_in: dict[int, list[PlaceMention]]) -> Place | None:
    """The first town named in the next sentence of the same paragraph (what a dateline yields to), or None."""
    if si + 1 >= len(sents) or blank_line_between(doc, sents[si].end - 1, sents[si + 1].start + 1):
        return None
    nxt = [m for m in told_in.get(si + 1, ())
           if not _excluded(doc, m, None) and m.place is not None and m.place.feature == "place"]
    return _with_prep_precision(doc, nxt[0]) if nxt else None


def _sentences(doc: Doc) -> list[Span]:
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]


# per Doc (while it lives): its sentences, and the usable place mentions of the last list asked about, by
# sentence; event_place is asked once per event, and these are linear in the article's length
_BY_DOC: "weakref.WeakKeyDictionary[Doc, dict[str, Any]]" = weakref.WeakKeyDictionary()


def _usable_by_sentence(doc: Doc, mentions: list[PlaceMention]) \
        -> tuple[list[Span], list[int], list[PlaceMention], dict[int, list[PlaceMention]]]:
    """(sentences, their starts, the usable mentions, the usable mentions by sentence, each in list order)."""
    known = _BY_DOC.get(doc)
    if known is None:
        sents = _sentences(doc)
        known = _BY_DOC[doc] = {"sents": sents, "starts": [s.start for s in sents], "of": None}
    sents, starts = known["sents"], known["starts"]
    of = known["of"]
    if of is None or of[0] is not mentions or of[1] != len(mentions):
        usable = [m for m in mentions if m.place is not None and m.kind not in NOT_EVENT_KINDS
                  and 0 <= m.token_i < len(doc)]
        told_in: dict[int, list[PlaceMention]] = {}
        for m in usable:
            told_in.setdefault(bisect.bisect_right(starts, m.token_i) - 1, []).append(m)
        of = known["of"] = (mentions, len(mentions), usable, told_in)
    return sents, starts, of[2], of[3]


def _names_area(doc: Doc, m: PlaceMention) -> bool:
    """Whether a name is followed by an area noun ("the Y district", "Y province"): an area, not a town."""
    words = place_words()
    end = next((i for i in range(max(0, m.token_i), min(len(doc), m.token_i + 6)) if doc[i].idx >= m.end), len(doc))
    return end < len(doc) and doc[end].lower_ in words["part_nouns"] | words["region_nouns"]


def event_place(doc: Doc, mentions: list[PlaceMention], trigger_i: int) -> Place | None:
    """Where the event of trigger token `trigger_i` happened: attached place, else same sentence, else the one before."""
    sents, starts, usable, told_in = _usable_by_sentence(doc, mentions)
    si = bisect.bisect_right(starts, trigger_i) - 1
    trigger = doc[trigger_i]
    here = told_in.get(si, [])
    dateline = dateline_end(doc_text(doc))
    if dateline and any(m.end <= dateline for m in here):
        # the dateline says where the report was filed: the body's place wins, in this sentence or the next
        body = [m for m in here if m.start >= dateline]
        told = None if body else _next_sentence_town(doc, sents, si, told_in)
        if told is not None:
            return told
        here = body or here
    has_dep = doc.has_annotation("DEP")
    if has_dep:
        ranked: list[tuple[int, int, PlaceMention]] = []
        head = _clause_head(trigger)
        for m in here:
            if _excluded(doc, m, trigger):
                continue
            d = _attachment(doc, m, trigger)
            if d is None and head is not None:
                d2 = _attachment(doc, m, head)
                d = None if d2 is None else d2 + 5
            if d is not None:
                ranked.append((d, abs(m.token_i - trigger_i), m))
        if ranked:
            ranked.sort(key=lambda x: (x[0], x[1]))
            return _with_prep_precision(doc, ranked[0][2])
    rest = [m for m in here if not _excluded(doc, m, trigger)
            and not (has_dep and doc[m.token_i].dep_ == "poss" and m.place is not None and m.place.feature == "country")]
    if rest:
        best = min(rest, key=lambda m: abs(m.token_i - trigger_i))
        return _with_prep_precision(doc, best)
    if si > 0:
        prev = sents[si - 1]
        if not blank_line_between(doc, prev.end - 3, sents[si].start + 1):
            cands = [m for m in told_in.get(si - 1, ()) if not _excluded(doc, m, None)]
            if cands and dateline and all(m.end <= dateline for m in cands):
                told = _next_sentence_town(doc, sents, si, told_in)
                if told is not None:
                    return told
            if cands:
                root = prev.root
                attached = [m for m in cands if has_dep and _attachment(doc, m, root) is not None]
                pool = attached or cands
                towns = [m for m in pool if m.place is not None and m.place.feature == "place"]
                # "the town of X in the Y district": Y names the area X lies in, X is where it happened
                inner = [m for m in towns if not _names_area(doc, m)]
                return _with_prep_precision(doc, (inner or towns or pool)[-1])
    return None
