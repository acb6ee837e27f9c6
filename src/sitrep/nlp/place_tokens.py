"""Token-level helpers and thresholds shared by the place finder and the event's-place rules."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitrep.gazetteer import place_words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETS = frozenset({"the", "a", "an"})
# Buildings and landmarks that stand where their owner's name says ("the town's city hall"); bases, camps,
# embassies and offices are left out: a country's base or embassy lies abroad, an office is a body
POSSESSED_SITES = frozenset({
    "hall", "courthouse", "statehouse", "capitol", "headquarters", "precinct", "airport", "station", "hospital",
    "stadium", "arena", "market", "bazaar", "mall", "square", "plaza", "park", "bridge", "cathedral", "mosque",
    "church", "temple", "synagogue", "library", "museum", "terminal", "port", "harbor", "harbour", "waterfront",
})
WORD = re.compile(r"[^\W\d_]+")
# Single words the model missed are only taken from the gazetteer for places at least this big
MIN_POP_SINGLE = 20000
MIN_POP_MULTI = 2000
MIN_POP_BIG = 100_000


def char_span(doc: Doc, start: int, end: int) -> tuple[int, int, str]:
    """Char offsets and text of tokens [start, end)."""
    a = doc[start].idx
    b = doc[end - 1].idx + len(doc[end - 1].text)
    return a, b, doc[start:end].text  # doc.text would re-join the whole Doc on every call


def span_root(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the last one when heads are missing)."""
    if not doc.has_annotation("DEP"):
        return end - 1
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return i
    return end - 1


def is_cap(tok: Token) -> bool:
    """Whether a token is written like a name: Title, ALL CAPS (two letters or more) or camelCase."""
    text = tok.text
    return bool(text) and text[0].isupper() and (text.istitle() or (text.isupper() and len(text) > 1)
                                                  or any(c.islower() for c in text[1:]))


def extend_article_left(doc: Doc, start: int) -> int:
    """Take a lower-case Arabic article into the name: "al-Rastan" tokenised as al / - / Rastan."""
    arts = place_words()["name_articles"]
    if start >= 2 and doc[start - 1].text in ("-", "‐") and doc[start - 2].lower_ in arts:
        return start - 2
    if start >= 1 and doc[start - 1].lower_.rstrip("-‐") in arts and doc[start - 1].text.endswith(("-", "‐")):
        return start - 1
    return start


def governing_prep(tok: Token) -> Token | None:
    """The preposition whose object `tok` is, looking through conjuncts and compounds ("between X and Y")."""
    t = tok
    for _ in range(6):
        if t.dep_ in ("conj", "compound", "appos", "amod", "nmod", "nummod") and t.head.i != t.i:
            t = t.head
        else:
            break
    if t.dep_ == "pobj" and t.head.i != t.i:
        return t.head
    return None
