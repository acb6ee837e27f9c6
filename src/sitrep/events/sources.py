"""The sources stage: who each draft is attributed to ("..., police said", "according to the ministry")."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.gazetteer.tables import countries_table
from sitrep.records import Source
from sitrep.tree import doc_text, governing_verb, has_phrase, heads_above, is_ancestor, phrase_head, subject_of, token_lemma

from .common import PRONOUNS
from .context import DocContext, Draft, by_token, cached


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "sources": in the order the drafts are told, so that "she said" is who was quoted before."""
    history: list[Source] = []
    for d in sorted(drafts, key=lambda d: min(d.sents)):
        tok = ctx.doc[d.anchor.token_i]
        subj = attribution_subject(ctx, tok)
        got = sources_named(ctx, subj, history) if subj is not None else []
        if not got:
            src = carried_source(ctx, ctx.sent_of[tok.i], history)
            got = [src] if src is not None else []
        for src in got:
            if src not in d.sources:
                d.sources.append(src)
            history.append(src)
    return drafts


def sources_named(ctx: DocContext, subj: Token, history: list[Source]) -> list[Source]:
    """The source a subject names, and one for each party joined to it ("officials and the army said",
    "police and witnesses said": two parties, each of its own kind)."""
    out = [source(ctx, subj, history)]
    if subj.lower_ in PRONOUNS:
        return out
    for c in conjuncts(subj):
        if c.lower_ not in PRONOUNS and c.pos_ in ("NOUN", "PROPN"):
            extra = source(ctx, c, history)
            if extra.kind != "unknown" and extra not in out:
                out.append(extra)
    return out


def conjuncts(tok: Token) -> list[Token]:
    """The nouns joined to `tok` by "and" or commas, in order."""
    out: list[Token] = []
    todo = [c for c in tok.children if c.dep_ == "conj"]
    while todo and len(out) < 8:
        c = todo.pop(0)
        out.append(c)
        todo.extend(g for g in c.children if g.dep_ == "conj")
    return out


def quoted_before(ctx: DocContext, pron: Token, history: list[Source] | None = None) -> Source | None:
    """Who "she said" is: the last party named as the subject of a reporting verb in the sentences
    before, whether or not those sentences told an event ("..., says Jane Roe, an analyst. ..., she said")."""
    si = ctx.sent_of[pron.i]
    for sj in range(si - 1, max(-1, si - 4), -1):
        for t in reversed(list(ctx.sents[sj])):
            if token_lemma(t) in ctx.lex.reporting_verbs and t.pos_ in ("VERB", "AUX"):
                subj = subject_of(t)
                if subj is not None and subj.lower_ not in PRONOUNS:
                    # with the sources told so far, so that "the agency" is the agency named before
                    return source(ctx, subj, history or [])
    return None


def carried_source(ctx: DocContext, si: int, history: list[Source]) -> Source | None:
    """An unattributed sentence between sentences that quote one party goes on quoting it
    ("..., the statement said. Gunmen then fired on a patrol. The statement said ...")."""
    found: list[Source] = []
    for sj in (si - 1, si + 1):
        if not 0 <= sj < len(ctx.sents) or ctx.para_of[sj] != ctx.para_of[si]:
            return None
        root = ctx.sents[sj].root
        subj = subject_of(root) if token_lemma(root) in ctx.lex.reporting_verbs and root.pos_ in ("VERB", "AUX") else None
        if subj is None or subj.lower_ in PRONOUNS:
            return None
        got = source(ctx, subj, history)
        if got.kind in ("reporter", "unknown"):
            return None
        found.append(got)
    # both neighbours quote the same kind of party: the account runs on through this sentence
    return found[0] if found[0].kind == found[1].kind else None


def source_of(ctx: DocContext, tok: Token, history: list[Source]) -> Source | None:
    """The party a reporting verb above the trigger (or "according to") attributes it to."""
    subj = attribution_subject(ctx, tok)
    return source(ctx, subj, history) if subj is not None else None


def attribution_subject(ctx: DocContext, tok: Token) -> Token | None:
    """The word naming who a reporting verb above the trigger (or "according to") attributes it to."""
    said = ctx.lex.reporting_verbs
    for node in heads_above(tok, 10):
        if token_lemma(node) in said and node.pos_ in ("VERB", "AUX"):
            if node.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in node.children):
                continue  # "seven people reported killed": a report, not an attribution to the people
            subj = subject_of(node)
            if subj is not None:
                return subj
    verb = governing_verb(tok, 4)
    for c in verb.children:  # "X attacked Y, a captain said": the parser may join the attribution as a conj
        if c.dep_ == "conj" and c.i > tok.i and token_lemma(c) in said and c.pos_ == "VERB":
            subj = subject_of(c)
            if subj is not None and subj.i > verb.i:
                return subj
    sent = tok.sent
    for t in sent:
        if t.lower_ == "according" and t.dep_ == "prep":
            for g in t.subtree:
                if g.dep_ == "pobj" and g.head.lower_ == "to":
                    return g
    root = sent.root
    if token_lemma(root) in said and root.i != tok.i and not is_ancestor(tok, root):
        subj = subject_of(root)
        if subj is not None and subj.i > tok.i:
            return subj
    return None


def source(ctx: DocContext, subj: Token, history: list[Source]) -> Source:
    """The Source a subject of a reporting verb names (a pronoun: who was quoted before)."""
    doc = ctx.doc
    if subj.lower_ in PRONOUNS:
        quoted = quoted_before(ctx, subj, history)
        if quoted is not None:
            return quoted
        for prev in reversed(history):
            if prev.kind not in ("reporter", "unknown") or prev.name:
                return prev
        return Source(text=subj.text, name=None, kind="unknown")
    toks = own_words(subj)
    text = doc_text(doc)[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    kind = source_kind(ctx, toks)
    name = None
    ents, starts = cached(ctx, "ents", lambda: _ents(doc))
    for e in ents[bisect.bisect_left(starts, toks[0].i):]:
        if e.start > toks[-1].i:
            break  # the entities are in order: none further on lies within the subject
        if e.label_ in ("PERSON", "ORG") and toks[0].i <= e.start and e.end <= toks[-1].i + 1:
            if not any(t.text[:1].isupper() for t in e[1:]) and not e.text[:1].isupper():
                continue  # "the state news agency": a description, not a name
            name = e.text
            break
    if name is None and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subj.children):
        # "the news agency said": the agency named before ("the state-run X news agency")
        for prev in reversed(history):
            words = re.findall(r"[a-z]+", prev.text.lower())
            if subj.lower_ in words or token_lemma(subj) in words:
                return prev
    if kind == "unknown" and (name is not None or subj.pos_ == "PROPN"):
        kind = introduced_kind(ctx, name or subj.text, subj.i)
    elif kind == "unknown" and any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
        kind = introduced_kind(ctx, subj.text, subj.i)  # "the statement" = "a statement by the ministry"
    if kind == "unknown" and names_a_country(ctx, subj, toks):
        kind = "official"  # "Ukraine says ...": a state speaks through its government
    phrase = doc_text(doc)[subj.left_edge.idx: subj.idx + len(subj.text)] if subj.left_edge.i <= subj.i else subj.text
    return Source(text=phrase if len(text) > 120 else text, name=name, kind=kind)


def names_a_country(ctx: DocContext, subj: Token, toks: Sequence[Token]) -> bool:
    """Whether a subject is just the name of a country ("Ukraine", "the United States")."""
    if any(t.pos_ not in ("PROPN", "DET", "PUNCT") for t in toks):
        return False
    if any(p.place is not None and p.place.feature == "country"
           for p in by_token(ctx, "places", ctx.places).get(subj.i, ())):
        return True
    words = " ".join(t.lower_ for t in toks if t.pos_ == "PROPN")
    return words in country_names()


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names of the gazetteer's countries table, in lower case."""
    return frozenset(row["name"].lower() for row in countries_table() if row.get("name"))


def own_words(subj: Token) -> list[Token]:
    """The words of a subject without the parties joined to it ("officials and the army": "officials")."""
    joined = {g.i for c in subj.children if c.dep_ == "conj" for g in c.subtree}
    joined |= {c.i for c in subj.children if c.dep_ == "cc" or (c.is_punct and c.i > subj.i)}
    toks = [t for t in subj.subtree if t.i not in joined]
    while len(toks) > 1 and toks[-1].is_punct:
        toks.pop()
    return toks


def _ents(doc: Doc) -> tuple[list[Span], list[int]]:
    """The document's entities in order (doc.ents builds them anew on every access), and their starts."""
    ents = sorted(doc.ents, key=lambda e: e.start)
    return ents, [e.start for e in ents]


def _tokens_by_lower(doc: Doc) -> dict[str, list[int]]:
    """The indexes of each lower-case word's tokens, in order."""
    out: dict[str, list[int]] = {}
    for t in doc:
        out.setdefault(t.lower_, []).append(t.i)
    return out


def source_kind(ctx: DocContext, toks: Sequence[Token]) -> str:
    """The first source kind whose words occur among the tokens."""
    raw = doc_text(ctx.doc)[toks[0].idx: toks[-1].idx + len(toks[-1].text)].lower() if toks else ""
    words = " " + " ".join(t.lower_ for t in toks) + " " + " ".join(token_lemma(t) for t in toks) + " " + raw + " "
    for k, phrases in ctx.lex.source_kinds:
        if has_phrase(words, phrases):
            return k
    return "unknown"


def introduced_kind(ctx: DocContext, name: str, before: int) -> str:
    """The kind a name had where it was introduced ("Public Prosecutor X said" ... "Mr X said")."""
    doc = ctx.doc
    words = re.findall(r"\w+", name)
    if not words:
        return "unknown"
    key = words[-1].lower()  # "Al-Ahram" is the tokens "Al", "-", "Ahram"
    for i in cached(ctx, "tokens_by_lower", lambda: _tokens_by_lower(doc)).get(key, ()):
        if i >= before:
            break
        t = doc[i]
        head = phrase_head(t)  # "the government-sponsored X news outlet": the whole noun phrase
        lo = max(head.left_edge.i, head.i - 8)
        near = list(doc[lo:head.i + 1]) + [g for c in head.children if c.dep_ == "appos" for g in c.subtree]
        near += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.subtree]
        kind = source_kind(ctx, near)
        if kind != "unknown":
            return kind
    return "unknown"
