"""Dependency-tree helpers: the one place that walks spaCy's (English) dependency tree for the other modules.

Governing words, clauses, subjects and distances in the tree. Every module that asks "which verb
governs this word" or "is this word inside that clause" asks here, so a second language's parser
labels change one module.
"""
from __future__ import annotations

import weakref
from typing import Iterable, Iterator

from spacy.tokens import Doc, Token

# Doc.text joins every token's text on each access (linear in the article): kept here once per Doc.
_DOC_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc and kept while the Doc lives (a Doc's text never changes)."""
    text = _DOC_TEXTS.get(doc)
    if text is None:
        text = _DOC_TEXTS[doc] = doc.text
    return text


def token_lemma(tok: Token) -> str:
    """Lower-case lemma, falling back to the lower-case word (the small model misses some lemmas)."""
    return (tok.lemma_ or tok.lower_).lower()


_CLAUSAL = frozenset({"advcl", "ccomp", "relcl", "conj", "parataxis", "csubj", "acl", "pcomp", "xcomp"})


def clause_tokens(tok: Token) -> list[Token]:
    """The tokens of the trigger's own clause: from its verb down, not into other clauses' verbs."""
    root = tok
    if tok.pos_ not in ("VERB", "AUX"):
        head = tok
        for _ in range(3):
            if head.head.i == head.i:
                break
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                root = head
                break
    out, stack = [], [root]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            # a nested clause is another statement ("..., after a week in which 40 were killed"),
            # except the trigger's own subtree, which is always in
            if c.dep_ in _CLAUSAL and c.pos_ in ("VERB", "AUX") and not (c.i == tok.i or is_within(tok, c)):
                continue
            stack.append(c)
    if not any(t.i == tok.i for t in out):
        out.extend(tok.subtree)
    out.sort(key=lambda t: t.i)
    return out


def is_within(tok: Token, top: Token) -> bool:
    """Whether `top` governs `tok` (or is it)."""
    t = tok
    for _ in range(60):
        if t.i == top.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def clause_text(tok: Token) -> str:
    """Lower-case text and lemmas of the trigger's clause, space-padded for phrase search."""
    toks = clause_tokens(tok)
    return " " + " ".join(t.lower_ for t in toks) + " " + " ".join(token_lemma(t) for t in toks) + " "


def near_text(tok: Token, holders: frozenset[str] = frozenset()) -> str:
    """clause_text plus the arguments of clauses the trigger governs directly ("found arms believed to be ...",
    where the parser makes the arms the subject of "believed")."""
    extra: list[Token] = []
    if tok.dep_ == "acl" and tok.head.i != tok.i:
        extra.append(tok.head)  # "shells fired at the town": the noun a participle describes is its object
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "acl", "advcl") and c.pos_ in ("VERB", "AUX"):
            for g in c.children:
                if g.dep_ in ("nsubj", "nsubjpass", "dobj"):
                    extra.extend(g.subtree)
        if c.dep_ == "dobj" and holders:
            # "left a bag containing a bomb", "parked a car packed with explosives": what the object holds
            for g in c.children:
                if g.dep_ == "acl" and g.pos_ == "VERB" and token_lemma(g) in holders:
                    for h in g.children:
                        if h.dep_ == "dobj" or (h.dep_ == "prep" and h.lower_ == "with"):
                            extra.extend(h.subtree)
    if not extra:
        return clause_text(tok)
    return clause_text(tok) + " ".join(t.lower_ for t in extra) + " " + " ".join(token_lemma(t) for t in extra) + " "


def _sentence_text(tok: Token) -> str:
    """Lower-case text and lemmas of the trigger's whole sentence, space-padded for phrase search."""
    toks = list(tok.sent)
    return " " + " ".join(t.lower_ for t in toks) + " " + " ".join(token_lemma(t) for t in toks) + " "


def has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Whether any phrase occurs in `text` (as produced by clause_text) as whole words."""
    return any(f" {p} " in text for p in phrases)


def subject_of(tok: Token) -> Token | None:
    """The grammatical subject of a verb (following relative pronouns and conjoined verbs)."""
    for t in (tok, tok.head if tok.dep_ in ("conj", "xcomp", "advcl") else None):
        if t is None:
            continue
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if c.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                    return t.head
                return c
    return None


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    anc = {}
    t, d = a, 0
    while True:
        anc[t.i] = d
        if t.head.i == t.i or d > 60:
            break
        t, d = t.head, d + 1
    t, d = b, 0
    while True:
        if t.i in anc:
            return anc[t.i] + d
        if t.head.i == t.i or d > 60:
            return 99
        t, d = t.head, d + 1


def governors(b: Token) -> frozenset[int]:
    """The indexes of every token that governs `b`: `is_ancestor(a, b)` is `a.i in governors(b)` (one walk up
    for many questions about the same token)."""
    out: set[int] = set()
    t = b
    for _ in range(60):
        if t.head.i == t.i:
            break
        t = t.head
        out.add(t.i)
    return frozenset(out)


def is_ancestor(a: Token, b: Token) -> bool:
    """Whether `a` governs `b` (directly or not)."""
    t = b
    for _ in range(60):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i == a.i:
            return True
    return False


# Roots are found by index (`tok.head.i == tok.i`): spaCy makes a new Token object on every access, so
# `tok.head is tok` is never true.


def self_and_heads(tok: Token, limit: int = 60) -> Iterator[Token]:
    """The token, then its head, its head's head, ... up to the root: at most `limit` tokens."""
    node = tok
    for _ in range(limit):
        yield node
        if node.head.i == node.i:
            return
        node = node.head


def heads_above(tok: Token, limit: int = 60) -> Iterator[Token]:
    """The token's head, its head's head, ... up to the root: at most `limit` tokens. spaCy makes the root
    its own head, so from the root this is the root itself."""
    node = tok
    for _ in range(limit):
        node = node.head
        yield node
        if node.head.i == node.i:
            return


def governing_verb(tok: Token, steps: int = 4) -> Token:
    """The verb (or auxiliary) a word belongs to: the word itself if it is one, else the first verb at most
    `steps` heads up; with none that near, the word `steps` heads up (or the root)."""
    verb = tok
    for _ in range(steps):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def conj_heads(verb: Token, limit: int = 4) -> list[Token]:
    """The verb and the verbs it is conjoined to, at most `limit` ("was later searched and ... were detained":
    [detained, searched])."""
    heads = [verb]
    while heads[-1].dep_ == "conj" and heads[-1].head.i != heads[-1].i and len(heads) < limit:
        heads.append(heads[-1].head)
    return heads


def phrase_head(tok: Token) -> Token:
    """The head noun of the compound a word is part of ("the government-sponsored X news outlet": "outlet")."""
    head = tok
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    return head
