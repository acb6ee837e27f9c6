"""Capitals back for news written all in lower case.

Some archives and research corpora keep their news lower-cased ("ahmedabad: curfew was imposed in kheda district on
wednesday ..."). The English model finds names, places and dates by their capitals: on such text it finds almost
none, so every event loses its place and most their date. `recase` gives the text its usual capitals back before it
is parsed, changing no character but a letter's case (every offset stays that of the article's own text):

- the first letter of each sentence and paragraph, and "i" standing alone;
- the days of the week and the months of data/dates.yaml; its bare_months, English words too ("may", "march"), only
  beside a number: "on may 5", "march 2002";
- countries, provinces, nationalities (always: "gujarat", "indian"), and towns of the gazetteer, one to three words
  ("tamil nadu"), where the words are not English words the model knows in lower case ("police", "reading" and
  "bath" are towns too).

Only a text that is nearly all lower case is touched (`lowercased`): a text with its capitals is never changed.
"""
from __future__ import annotations

import re
from typing import Callable, Container

MIN_LETTERS = 200  # a short text (a headline, a note) tells too little to judge its case
MAX_UPPER_SHARE = 0.01  # normal English prose has 2-4% capitals; a lower-cased one well under 1%

WORD = re.compile(r"[a-z][a-z']*")
SENTENCE_START = re.compile(r"(?:^|[.!?][\"'\u2019\u201d)\]]*\s+|\n\s*)[\"'\u2018\u201c(\[]*([a-z])")
NUMBER_NEAR = re.compile(r"\d")
LOWER = re.compile(r"[a-z]")
UPPER = re.compile(r"[A-Z]")


def lowercased(text: str) -> bool:
    """Whether a text is written (nearly) all in lower case."""
    lower = len(LOWER.findall(text))
    upper = len(UPPER.findall(text))
    return lower + upper >= MIN_LETTERS and upper <= (lower + upper) * MAX_UPPER_SHARE


def recase(text: str, place_kind: Callable[[str], str | None], english: Callable[[str], bool],
           always: Container[str] = frozenset()) -> str:
    """`text` with its usual capitals (see the module's doc). `place_kind(phrase)`: "country", "admin1" or "place"
    when the gazetteer holds the phrase, else None. `english(word)`: whether the word is one the model knows in
    lower case. `always`: words capitalised wherever they stand (nationalities)."""
    from sitrep.nlp.dates_words import date_words

    dw = date_words()
    calendar = (set(dw.weekday_names) | set(dw.month_names)) - dw.bare_months
    chars = list(text)

    def cap(start: int, end: int) -> None:
        for k in range(start, end):  # each word of the span: "tamil nadu", "al-bab" keeps its hyphen's case
            if k == start or text[k - 1] in " -":
                chars[k] = chars[k].upper()

    words = list(WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i].group()
        if w in calendar or w in always or (w in dw.bare_months and _beside_number(text, *words[i].span())):
            cap(*words[i].span())
            i += 1
            continue
        taken = 0
        for n in (3, 2, 1):
            span = words[i:i + n]
            if len(span) < n or any(text[a.end():b.start()] not in (" ", "-") for a, b in zip(span, span[1:])):
                continue
            phrase = text[span[0].start():span[-1].end()]
            kind = place_kind(phrase)
            if kind is None:
                continue
            if kind == "place" and all(english(s.group()) for s in span):
                continue  # "police", "new town": English words, whatever town bears them
            cap(span[0].start(), span[-1].end())
            taken = n
            break
        i += taken or 1
    for m in SENTENCE_START.finditer(text):
        chars[m.start(1)] = chars[m.start(1)].upper()
    for m in re.finditer(r"(?<![\w'])i(?![\w'])", text):
        chars[m.start()] = "I"
    return "".join(chars)


def _beside_number(text: str, start: int, end: int) -> bool:
    """Whether a digit stands within a word of the span ("may 5", "5 may", "march 2002")."""
    return bool(NUMBER_NEAR.search(text[max(0, start - 4):start])) or bool(NUMBER_NEAR.search(text[end:end + 4]))
