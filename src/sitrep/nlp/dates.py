"""Finding date mentions in a Doc ("on Friday", "six weeks ago", "July 22, 2011"): the sitrep_dates component.

Finding only: each mention carries its offsets, words and head token; `sitrep.resolve.dates` places it on the calendar.
"""
from __future__ import annotations

import bisect

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import numpy
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from sitrep.nlp.dates_words import _regexes, date_words
from sitrep.records import When
from sitrep.tree import doc_text


@dataclass(frozen=True)
class DateMention:
    """A date phrase in a Doc: char offsets into doc.text, its words, its head token and (once resolved) its span."""

    start: int
    end: int
    text: str
    token_i: int
    when: When | None = None


def _span_head(doc: Doc, start: int, end: int) -> int | None:
    """The head token of the characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root.i


_WINDOW_BEFORE, _WINDOW_AFTER = 48, 64  # characters around a trigger word that a date phrase can span


@lru_cache(maxsize=64)
def _trigger_ids(words: frozenset[str]) -> numpy.ndarray:
    """spaCy string ids of trigger words, to compare with a Doc's LOWER column."""
    return numpy.array(sorted(get_string_id(w) for w in words), dtype=numpy.uint64)


def _window(text: str, offset: int) -> tuple[int, int]:
    """Characters around a trigger word, widened to whole words at the right edge."""
    lo = max(0, offset - _WINDOW_BEFORE)
    hi = min(len(text), offset + _WINDOW_AFTER)
    while hi < len(text) and text[hi].isalnum():
        hi += 1
    return lo, hi


def _longest_first(cands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, the longest winning each overlap and the earlier-listed winning ties (in the
    order they were chosen). The chosen ones are kept sorted, so each candidate is checked against its two
    neighbours only: linear in the article's length, not quadratic."""
    order = sorted(range(len(cands)), key=lambda k: (-(cands[k][1] - cands[k][0]), k))
    chosen: list[tuple[int, int]] = []
    starts: list[int] = []
    ends: list[int] = []
    for k in order:
        s, e = cands[k]
        i = bisect.bisect_right(starts, s)
        if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
            continue  # overlaps a longer (or earlier) span already chosen
        starts.insert(i, s)
        ends.insert(i, e)
        chosen.append((s, e))
    return chosen


def _spans_inside(starts: list[int], ends: list[int], lo: int, hi: int) -> int:
    """How many of non-overlapping spans (sorted: `starts`, `ends`) lie within [lo, hi]."""
    return max(0, bisect.bisect_right(ends, hi) - bisect.bisect_left(starts, lo))


def _label_number(doc: Doc, text: str, s: int, e: int, head: int) -> bool:
    """Whether a bare four-digit number is a label after the noun it names ("Riot 1801", "Flight 1801",
    "Room 2010"), not a year: a year stands after a preposition, a month, a comma or a determiner.
    `text` is `doc.text`, passed in: spaCy rebuilds it from every token on each access."""
    text = text[s:e]
    if not (len(text) == 4 and text.isdigit()) or doc[head].i == 0:
        return False
    prev = doc[doc[head].i - 1]
    return prev.pos_ in ("NOUN", "PROPN") and prev.ent_type_ not in ("DATE", "GPE", "LOC", "ORG", "NORP") \
        and prev.whitespace_ != "" and prev.text[:1].isalpha()


def _bare_common_month(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are only a month name that is also a common word ("March", "May"), with no
    month-taking word before it ("in March", "last May"): then it is not a date."""
    dw = date_words()
    words = [t for t in doc[start:end] if not t.is_punct]
    if len(words) != 1 or words[0].lower_ not in dw.bare_months:
        return False
    prev = doc[start - 1] if start > 0 else None
    return prev is None or prev.lower_ not in dw.month_taking


_DAY_WORDS = frozenset({"Today", "Tonight", "Tomorrow", "Yesterday"})
_PAPER_WORDS = frozenset({"Daily", "Weekly", "Monthly", "Nightly"})  # "the Daily Star", "Philippine Daily Inquirer"


def _title_line(text: str, s: int) -> bool:
    """Whether the line holding offset s is written in title case (a headline): no longer word starts lower case."""
    lo = text.rfind("\n", 0, s) + 1
    hi = text.find("\n", s)
    words = [w for w in text[lo:hi if hi >= 0 else len(text)].split() if len(w) > 3 and w[:1].isalpha()]
    return bool(words) and not any(w[:1].islower() for w in words)


def _outlet_name(doc: Doc, text: str, s: int, e: int, head: int) -> bool:
    """Whether a capitalised time word is part of a proper name, an outlet's mostly: "Today" (or Tonight,
    Tomorrow, Yesterday) after a capitalised word inside the sentence ("USA Today", "Russia Today"); "Daily"
    (Weekly, Monthly, Nightly) beside a capitalised word ("Philippine Daily Inquirer", "the Daily Star"). Not in
    a title-case headline, which capitalises every word; "Daily clashes" and a sentence's first "Today" stay dates."""
    word = text[s:e]
    if word not in _DAY_WORDS and word not in _PAPER_WORDS:
        return False
    if _title_line(text, s):
        return False
    tok = doc[head]

    def capitalised(t: Any) -> bool:
        return t.is_alpha and t.text[:1].isupper()

    before = tok.i > 0 and not tok.is_sent_start and capitalised(doc[tok.i - 1]) and doc[tok.i - 1].whitespace_ != ""
    if word in _DAY_WORDS:
        return before
    after = tok.i + 1 < len(doc) and capitalised(doc[tok.i + 1]) and tok.whitespace_ != ""
    return before or after


def find_date_mentions(doc: Doc) -> list[DateMention]:
    """Date phrases of a Doc: spaCy DATE entities plus the patterns the small model misses."""
    rx = _regexes()
    text = doc_text(doc)
    cands: list[tuple[int, int]] = []
    arr = doc.to_array([LOWER, IDX])
    lowers, offsets = arr[:, 0], arr[:, 1]
    has_digit = any(c.isdigit() for c in text)
    found: set[tuple[int, int]] = set()
    for pat, triggers in rx.find:
        group = next((g for g in ("d1", "d2") if g in pat.groupindex), None)  # the date inside its context words
        if triggers is None:
            windows = [(0, len(text))] if has_digit else []
        else:
            # scan only a short window around each trigger word: a full scan per pattern costs ~0.1 ms
            hits = offsets[numpy.isin(lowers, _trigger_ids(triggers))]
            windows = [_window(text, int(o)) for o in hits]
        for lo, hi in windows:
            for m in pat.finditer(text, lo, hi):
                s, e = m.span(group) if group else m.span()
                if e > s and (s, e) not in found:
                    found.add((s, e))
                    cands.append((s, e))
    ours = sorted(_longest_first(cands))
    our_starts, our_ends = [s for s, _ in ours], [e for _, e in ours]
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if rx.duration_ent.search(ent.text):
            continue  # "11-year rule", "four-decade grip": lengths, not dates
        if _bare_common_month(doc, ent.start, ent.end):
            continue  # "the 'March on Georgia'", "a Women's March": a march, not the month
        inside = _spans_inside(our_starts, our_ends, ent.start_char, ent.end_char)
        if inside >= 2:
            continue  # the model merged two dates ("Dec. 10 and December 11"): keep ours apart
        cands.append((ent.start_char, ent.end_char))
    chosen = _longest_first(cands)
    out: list[DateMention] = []
    for s, e in sorted(chosen):
        head = _span_head(doc, s, e)
        if head is None or _label_number(doc, text, s, e, head) or _outlet_name(doc, text, s, e, head):
            continue
        out.append(DateMention(start=s, end=e, text=text[s:e], token_i=head))
    return out


def register_extensions() -> None:
    """Declare doc._.sitrep_dates (idempotent)."""
    if not Doc.has_extension("sitrep_dates"):
        Doc.set_extension("sitrep_dates", default=None)


class DatesComponent:
    """spaCy component: finds date mentions and writes them to doc._.sitrep_dates (resolving is the caller's)."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        doc._.sitrep_dates = find_date_mentions(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Annotate a stream of Docs."""
        for doc in docs:
            yield self(doc)


@Language.factory("sitrep_dates", assigns=["doc._.sitrep_dates"])
def make_dates(nlp: Language, name: str) -> DatesComponent:
    """Factory of the sitrep_dates component."""
    return DatesComponent(nlp, name)
