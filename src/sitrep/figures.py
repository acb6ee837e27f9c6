"""Casualty and crowd figures: parse "at least 24" into low/best/high and tie each figure to its event word."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Sequence

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token

from sitrep.records import Count

log = logging.getLogger(__name__)

CATEGORIES = ("killed", "injured", "arrested", "participants", "released", "detained", "displaced")
_TOKEN_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+|-")
_DIGITS_RE = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
_YEAR_MIN, _YEAR_MAX = 1800, 2100
# ties of a figure's phrase: "between 10 and 20", "tens of thousands"
_MAX_LEFT_MODIFIER_TOKENS = 4


def _load_yaml(name: str) -> dict[str, Any]:
    """One of the package's data files as a dict."""
    text = resources.files("sitrep").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"data/{name} is not a mapping")
    return data


@dataclass(frozen=True)
class NumberWords:
    """The lexicon of numbers.yaml, in lookup-ready form."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    articles: frozenset[str]
    vague: dict[tuple[str, ...], tuple[int | None, int | None, int | None]]
    vague_multipliers: tuple[tuple[str, ...], ...]
    modifiers: tuple[tuple[tuple[str, ...], str], ...]  # longest phrase first
    joiners: frozenset[str]

    vague_heads: frozenset[str]  # content words of vague quantities ("dozens", "handful", "tens")
    modifier_words: frozenset[str]  # every word that may stand left of a number as part of its figure


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    """numbers.yaml, loaded once."""
    raw = _load_yaml("numbers.yaml")
    vague = {tuple(k.split()): (v[0], v[1], v[2]) for k, v in raw["vague"].items()}
    mods = sorted(((tuple(k.split()), str(v)) for k, v in raw["modifiers"].items()), key=lambda kv: -len(kv[0]))
    articles = frozenset(raw["article_words"])
    glue = {"of", "or", "so", "a", "an"}
    mod_words = {w for phrase, _ in mods for w in phrase}
    mod_words |= {w for phrase in vague for w in phrase if not phrase[-1].endswith("s")}
    return NumberWords(
        units={k: int(v) for k, v in raw["units"].items()},
        tens={k: int(v) for k, v in raw["tens"].items()},
        scales={k: int(v) for k, v in raw["scales"].items()},
        articles=articles,
        vague=vague,
        vague_multipliers=tuple(tuple(m.split()) for m in raw["vague_multipliers"]),
        modifiers=tuple(mods),
        joiners=frozenset(str(j) for j in raw["range_joiners"]),
        vague_heads=frozenset(w for phrase in vague for w in phrase if w not in glue),
        modifier_words=frozenset(mod_words | articles),
    )


_Triple = tuple[int | None, int | None, int | None]


def _match_phrase(toks: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Does the multi-word phrase start at toks[i]?"""
    return tuple(toks[i : i + len(phrase)]) == phrase


def _parse_vague(toks: Sequence[str], i: int, nw: NumberWords) -> tuple[_Triple, int] | None:
    """A vague quantity at toks[i] ("dozens", "tens of thousands", "several hundred"), longest first."""
    best: tuple[_Triple, int] | None = None
    for phrase, triple in nw.vague.items():
        if _match_phrase(toks, i, phrase) and (best is None or len(phrase) > best[1] - i):
            best = (triple, i + len(phrase))
    for mult in nw.vague_multipliers:
        j = i + len(mult)
        if _match_phrase(toks, i, mult) and j < len(toks) and toks[j] in nw.scales:
            plural = (toks[j] + "s",)
            triple = nw.vague.get(plural)
            if triple is not None and (best is None or j + 1 > best[1]):
                best = (triple, j + 1)
    if best is not None:
        # "dozens" must not swallow "dozens of thousands"-like runs it does not know: fine as is
        return best
    return None


def _parse_exact(toks: Sequence[str], i: int, nw: NumberWords) -> tuple[int, int] | None:
    """An exact number at toks[i] ("10,000", "two hundred and fifty", "1.5 million", "a dozen")."""
    total = 0.0
    current = 0.0
    last = ""  # kind of the previous token: digit, unit, tens, scale, article
    j = i
    n = len(toks)
    while j < n:
        tok = toks[j]
        nxt = toks[j + 1] if j + 1 < n else ""
        if _DIGITS_RE.match(tok):
            if last in ("digit", "unit", "tens", "scale", "article"):
                break
            current = float(tok.replace(",", ""))
            last = "digit"
        elif tok in nw.units:
            if last in ("digit", "unit", "article") or (last == "scale" and current == 0 and total == 0):
                break
            current += nw.units[tok]
            last = "unit"
        elif tok in nw.tens:
            if last in ("digit", "unit", "tens", "article"):
                break
            current += nw.tens[tok]
            last = "tens"
        elif tok in nw.scales:
            if last not in ("digit", "unit", "tens", "article", "scale"):
                break
            scale = nw.scales[tok]
            if scale < 1000:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
            last = "scale"
        elif tok in nw.articles and j == i and nxt in nw.scales:
            current = 1
            last = "article"
        elif tok == "and" and last == "scale" and (nxt in nw.units or nxt in nw.tens):
            pass  # "two hundred and fifty"
        elif tok == "-" and last == "tens" and nxt in nw.units:
            pass  # "twenty-five"
        else:
            break
        j += 1
    if j == i or last == "article":
        return None
    value = total + current
    if value > 1e15:  # nonsense, and keeps int() cheap
        return None
    return int(round(value)), j


def _parse_quantity(toks: Sequence[str], i: int, nw: NumberWords) -> tuple[_Triple, bool, int] | None:
    """A number or vague quantity at toks[i]: (low, best, high), whether exact, next index."""
    vague = _parse_vague(toks, i, nw)
    exact = _parse_exact(toks, i, nw)
    if exact is not None and (vague is None or exact[1] >= vague[1]):
        v = exact[0]
        return (v, v, v), True, exact[1]
    if vague is not None:
        return vague[0], False, vague[1]
    return None


def _apply(kind: str, base: _Triple, exact: bool) -> _Triple:
    """The bounds a modifier gives to a base quantity (see numbers.yaml)."""
    low, best, high = base
    if kind == "at_least":
        return low, best if exact else None, None
    if kind == "more_than":
        return (low + 1 if exact and low is not None else low), (best + 1 if exact and best is not None else None), None
    if kind == "at_most":
        return None, best if exact else None, high
    if kind == "less_than":
        if exact and best is not None:
            return None, max(best - 1, 0), max(best - 1, 0)
        return None, None, high
    if kind == "approx":
        return (None, best, None) if exact else base
    return base


def _consistent(low: int | None, best: int | None, high: int | None) -> _Triple:
    """Keep low <= best <= high, dropping the odd one out if a lexicon entry breaks it."""
    if low is not None and high is not None and low > high:
        low, high = high, low
    if best is not None and ((low is not None and best < low) or (high is not None and best > high)):
        best = None
    return low, best, high


def _parse_tokens(toks: Sequence[str], nw: NumberWords) -> tuple[_Triple, int] | None:
    """Parse a figure from the start of toks; returns the bounds and how many tokens it used."""
    kind = ""
    i = 0
    for phrase, mkind in nw.modifiers:
        if _match_phrase(toks, 0, phrase):
            kind, i = mkind, len(phrase)
            break
    first = _parse_quantity(toks, i, nw)
    if first is None:
        return None
    base, exact, j = first
    # ranges: "10 to 20", "15 or 20", "10-20", "between 10 and 20"
    if j + 1 < len(toks) and toks[j] in nw.joiners and (toks[j] != "and" or kind == "range"):
        second = _parse_quantity(toks, j + 1, nw)
        if second is not None:
            (lo1, _, _), (_, _, hi2) = base, second[0]
            lo = lo1 if lo1 is not None else base[1]
            hi = hi2 if hi2 is not None else second[0][1]
            return _consistent(lo, None, hi), second[2]
    if kind == "range":
        kind = "approx"  # "between 10" with no second end: keep it vague
    return _consistent(*_apply(kind, base, exact)), j


def _tokens(text: str) -> list[str]:
    """Lower-cased words, numbers and hyphens of a figure phrase."""
    return _TOKEN_RE.findall(text.lower().replace("\u2013", "-").replace("\u2014", "-"))


def parse_count(text: str) -> Count | None:
    """Parse a figure phrase ("at least 24 killed", "tens of thousands", "between 10 and 20") into a Count."""
    if not isinstance(text, str) or not text.strip():
        return None
    got = _parse_tokens(_tokens(text[:500]), number_words())
    if got is None:
        return None
    low, best, high = got[0]
    if low is None and best is None and high is None:
        return None
    return Count(low=low, best=best, high=high, text=text.strip())


# --------------------------------------------------------------------------- figures in a Doc


@dataclass(frozen=True)
class FigureWords:
    """The lexicon of figure_words.yaml, in lookup-ready form."""

    verbs: dict[str, str]  # lemma -> category
    phrasal: dict[tuple[str, str], str]  # (lemma, particle) -> category
    nouns: dict[str, str]
    adjectives: dict[str, str]
    subject_verbs: frozenset[str]
    people: frozenset[str]
    groups: frozenset[str]
    part_words: frozenset[str]
    part_phrases: tuple[tuple[str, ...], ...]
    not_people: frozenset[str]
    person_pronouns: frozenset[str]
    killing_adverbs: frozenset[str]


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    """figure_words.yaml, loaded once."""
    raw = _load_yaml("figure_words.yaml")
    verbs: dict[str, str] = {}
    phrasal: dict[tuple[str, str], str] = {}
    nouns: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for cat, words in raw["categories"].items():
        if cat not in CATEGORIES:
            raise ValueError(f"figure_words.yaml: unknown category {cat!r}")
        for v in words.get("verbs") or []:
            parts = str(v).split()
            if len(parts) == 2:
                phrasal[(parts[0], parts[1])] = cat
            else:
                verbs[parts[0]] = cat
        for w in words.get("nouns") or []:
            nouns[str(w)] = cat
        for w in words.get("adjectives") or []:
            adjectives[str(w)] = cat
    return FigureWords(
        verbs=verbs,
        phrasal=phrasal,
        nouns=nouns,
        adjectives=adjectives,
        subject_verbs=frozenset(str(w).split()[0] for w in raw["subject_verbs"]),
        people=frozenset(raw["people_nouns"]),
        groups=frozenset(raw["group_nouns"]),
        part_words=frozenset(str(w) for w in raw["part_words"] if " " not in str(w)),
        part_phrases=tuple(tuple(str(w).split()) for w in raw["part_words"] if " " in str(w)),
        not_people=frozenset(raw["not_people"]),
        person_pronouns=frozenset(raw["person_pronouns"]),
        killing_adverbs=frozenset(raw["killing_adverbs"]),
    )


@dataclass(frozen=True)
class Figure:
    """A figure in a Doc: its words, bounds, event category and the token of the event word it counts."""

    start: int
    end: int
    text: str
    count: Count
    category: str | None
    token_i: int
    verb_i: int | None
    part: bool = False


def _is_core(tok: Token, nw: NumberWords) -> bool:
    """Could this token be the number of a figure (not an ordinal, date or time)?"""
    low = tok.lower_
    if tok.ent_type_ in ("DATE", "TIME") and _counts_people(tok):
        pass  # "Between 10 and 20 people": the model sometimes tags a range of people as a date
    elif tok.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY"):
        return False
    if _DIGITS_RE.match(low):
        return True
    if low in nw.units or low in nw.tens or low in nw.scales:
        return True
    return low in nw.vague_heads


def _counts_people(tok: Token) -> bool:
    """Whether a number token counts a people noun ("10 and 20 people", "20 of the protesters")."""
    head = tok
    for _ in range(3):
        if head.dep_ not in ("nummod", "conj", "quantmod", "cc") or head.head is head:
            break
        head = head.head
    return head is not tok and (_lemma(head) in figure_words().people or head.lower_ in figure_words().people)


def _lemma(tok: Token) -> str:
    """The token's lemma, or its lower form when the Doc has no lemmas."""
    return (tok.lemma_ or tok.lower_).lower()


def _word_cat(tok: Token, fw: FigureWords) -> str | None:
    """The category a verb, noun or participle names, if any."""
    lem = _lemma(tok)
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or not tok.pos_:
        for child in tok.children:
            if child.dep_ == "prt":
                cat = fw.phrasal.get((lem, child.lower_))
                if cat:
                    return cat
            elif child.dep_ == "prep":  # "taken into custody": the verb and its preposition's object
                for g in child.children:
                    cat = fw.phrasal.get((lem, _lemma(g))) if g.dep_ == "pobj" else None
                    if cat:
                        return cat
        if lem in fw.verbs:
            return fw.verbs[lem]
    if tok.lower_ in fw.adjectives:
        return fw.adjectives[tok.lower_]
    if lem in fw.nouns and tok.pos_ != "VERB":
        return fw.nouns[lem]
    if lem in fw.verbs:
        return fw.verbs[lem]
    return None


def _phrase_spans(doc: Doc, nw: NumberWords) -> list[tuple[int, int]]:
    """Token spans [start, end) of number phrases with their modifiers, left to right."""
    spans: list[tuple[int, int]] = []
    lowers = [t.lower_ for t in doc]
    cores = [_is_core(t, nw) for t in doc]
    n = len(doc)
    mod_words = nw.modifier_words
    i = 0
    while i < n:
        if not cores[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            if cores[j]:
                j += 1
            elif lowers[j] in ("of", "and", "-", "to", "or") and j + 1 < n and cores[j + 1]:
                j += 2
            else:
                break
        start = i
        while start > 0 and i - start < _MAX_LEFT_MODIFIER_TOKENS and lowers[start - 1] in mod_words:
            start -= 1
        # shrink from the left until the words parse as one figure that reaches the number
        toks = lowers[start:j]
        chosen: tuple[int, int] | None = None
        for s in range(start, i + 1):
            got = _parse_tokens(toks[s - start :], nw)
            if got is not None and s + got[1] > i:
                chosen = (s, s + got[1])
                break
        if chosen is not None:
            spans.append(chosen)
            i = max(chosen[1], i + 1)
        else:
            i = j
    return spans


def _anchor(doc: Doc, start: int, end: int) -> Token:
    """The phrase's syntactic head: the last token whose head lies outside the phrase."""
    for k in range(end - 1, start - 1, -1):
        h = doc[k].head.i
        if h < start or h >= end or h == k:
            return doc[k]
    return doc[end - 1]


def _partitive(tok: Token, start: int, end: int) -> Token | None:
    """The noun after "of" that a quantity counts ("thousands of people", "20 of them")."""
    for k in range(start, end):
        for child in tok.doc[k].children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and not (start <= pobj.i < end):
                        return pobj
    return None


def _counted(doc: Doc, anchor: Token, start: int, end: int) -> tuple[Token | None, Token]:
    """(the counted noun or None, the nominal that fills the clause slot)."""
    part = _partitive(anchor, start, end)
    if part is not None:
        return part, anchor
    if anchor.dep_ in ("nummod", "quantmod", "compound", "amod") and anchor.head.i >= end:
        head = anchor.head
        if head.pos_ in ("NOUN", "PROPN", "PRON") or not head.pos_:
            return head, head
    return None, anchor


def _slot_cat(slot: Token, fw: FigureWords) -> tuple[str | None, int | None, bool]:
    """Category from the clause around the nominal: (category, event token, is a group size)."""
    x = slot
    for _ in range(4):
        dep = x.dep_
        head = x.head
        if head.i == x.i:
            return None, None, False
        if dep in ("conj", "appos"):
            x = head
            continue
        if dep == "pobj":
            prep = head.lower_
            if prep == "by" or prep in fw.part_words:
                return None, None, False
            owner = head.head
            if prep == "of":
                if _lemma(owner) in fw.groups:
                    return None, None, True
                cat = fw.nouns.get(_lemma(owner)) or fw.nouns.get(owner.lower_) or _word_cat(owner, fw)
                return (cat, owner.i, False) if cat else (None, None, False)
            # "the death toll rose to 45": the verb's subject names the category
            for child in owner.children:
                if child.dep_ in ("nsubj", "nsubjpass") and _lemma(child) in fw.nouns:
                    return fw.nouns[_lemma(child)], child.i, False
            if prep in ("to", "at"):
                return None, None, False
            x = owner
            continue
        if dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "ROOT", "dep", "advmod", "nmod"):
            verb = head
            cat = _word_cat(verb, fw)
            if cat and dep == "nsubj" and _lemma(verb) not in fw.subject_verbs and verb.pos_ != "ADJ":
                cat = None  # "2,000 people held a rally": the subject of "hold" is not held
            if dep == "nsubj":
                for child in verb.children:
                    if child.dep_ in ("dobj", "attr") and fw.nouns.get(_lemma(child)) == "participants":
                        return "participants", child.i, False
                    if child.dep_ == "nsubj" and fw.nouns.get(_lemma(child)) and child.i != x.i and not cat:
                        break
            if cat:
                return cat, verb.i, False
            # "seven people reported killed", "left 30 people dead", "3 are dead"
            for child in verb.children:
                if child.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and child.i != x.i:
                    ccat = _word_cat(child, fw)
                    if ccat:
                        return ccat, child.i, False
            # "the toll rose to 45" where 45 came as the verb's object
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != x.i and _lemma(child) in fw.nouns:
                    if _lemma(child) in ("toll", "death", "fatality"):
                        return fw.nouns[_lemma(child)], child.i, False
            return None, None, False
        return None, None, False
    return None, None, False


def _category(doc: Doc, start: int, end: int, noun: Token | None, slot: Token, fw: FigureWords) -> tuple[str | None, int | None, bool]:
    """(category, event token index, group size?) for one figure."""
    after = max(end, noun.i + 1 if noun is not None else end)
    if after < len(doc):
        nxt = doc[after]
        cat = fw.adjectives.get(nxt.lower_)
        # "5,000 people held a rally": a finite verb with an object is not a participle
        if cat and not any(c.dep_ == "dobj" for c in nxt.children):
            return cat, nxt.i, False  # "24 killed", "30 people dead", "hundreds detained"
    if noun is not None:
        lem = _lemma(noun)
        if lem in fw.nouns and lem not in fw.people:
            return fw.nouns[lem], noun.i, False  # "30 deaths", "a crowd of 5,000" handled below
        for child in noun.children:
            if child.dep_ in ("acl", "amod", "relcl") and child.i != noun.i:
                cat = _word_cat(child, fw)
                if cat and (child.dep_ != "relcl" or child.i == noun.i + 1):
                    return cat, child.i, False
                if child.dep_ == "acl":
                    # "five people reported killed": the participle's complement names it
                    for grand in child.children:
                        if grand.dep_ in ("xcomp", "oprd", "acomp"):
                            gcat = _word_cat(grand, fw)
                            if gcat:
                                return gcat, grand.i, False
    return _slot_cat(slot, fw)


def _is_part(doc: Doc, start: int, anchor: Token, fw: FigureWords, sent_start: int) -> bool:
    """A part of another figure ("including one in the capital", "among them two children")?"""
    for k in range(start - 1, max(sent_start, start - 4) - 1, -1):
        low = doc[k].lower_
        if low in fw.part_words or _lemma(doc[k]) in fw.part_words:
            return True
        if any(tuple(t.lower_ for t in doc[k : k + len(p)]) == p for p in fw.part_phrases):
            return True
        if doc[k].is_punct:
            break
    x = anchor
    for _ in range(3):
        if x.head.i == x.i:
            break
        x = x.head
        if x.lower_ in fw.part_words or (x.pos_ == "VERB" and _lemma(x) in fw.part_words):
            return True
    return False


def _sent_start(tok: Token, has_sents: bool) -> int:
    """Index of the first token of the token's sentence (0 without sentence boundaries)."""
    return tok.sent.start if has_sents else 0


def find_figures(doc: Doc) -> list[Figure]:
    """Figures of people in a parsed Doc, each with its category and the token of its event word."""
    nw = number_words()
    fw = figure_words()
    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    out: list[Figure] = []
    people = True
    summed: set[int] = set()  # number tokens already added into an earlier figure ("six police and two civilians")
    for start, end in _phrase_spans(doc, nw):
        text = doc[start:end].text
        count = parse_count(text)
        if count is None:
            continue
        anchor = _anchor(doc, start, end)
        if anchor.i in summed:
            continue
        noun, slot = _counted(doc, anchor, start, end)
        if noun is not None:
            lem = _lemma(noun)
            if lem in fw.not_people or noun.lower_ in fw.not_people:
                continue  # "15 minutes", "four tanks", "Thirty miles"
            people = lem in fw.people or noun.lower_ in fw.people or noun.pos_ == "PRON" or lem in fw.nouns
        elif end - start == 1 and count.best is not None and _YEAR_MIN <= count.best <= _YEAR_MAX and "," not in text:
            continue  # a year
        cat, verb_i, group = _category(doc, start, end, noun, slot, fw)
        sstart = _sent_start(doc[start], has_sents)
        part = _is_part(doc, start, anchor, fw, sstart)
        if noun is None and cat is None and not part:
            continue  # a bare number with nothing to count
        if noun is not None and not people and cat is None:
            continue  # "two mosques": an unknown noun counts people only when an event word says so
        if part and cat is None:
            # a part counts what the figure before it in the sentence counts
            for prev in reversed(out):
                if prev.part or prev.token_i < sstart:
                    continue
                cat, verb_i = prev.category, prev.verb_i
                break
        if group:
            cat, verb_i = None, None
        last = end - 1
        if noun is not None and people and not part and count.low == count.best == count.high and count.best is not None:
            # "four soldiers and a woman were killed": the people joined to the counted noun are counted too
            extra, last_tok, nums = _joined_people(noun, fw, nw)
            if extra:
                count = Count(low=count.best + extra, best=count.best + extra, high=count.best + extra,
                              text=doc[start:last_tok + 1].text)
                summed |= nums
                last = max(last, last_tok)
        out.append(Figure(
            start=doc[start].idx,
            end=doc[last].idx + len(doc[last].text),
            text=doc[start:last + 1].text if last > end - 1 else text,
            count=count,
            category=cat,
            token_i=anchor.i,
            verb_i=verb_i,
            part=part,
        ))
    out.extend(_unnumbered(doc, fw, {f.verb_i for f in out if f.verb_i is not None}))
    return out


def _is_person(tok: Token, fw: FigureWords) -> bool:
    """One named or singular person ("a woman", "his father", "Ahmed Saleh", "he")."""
    if tok.lower_ in fw.person_pronouns:
        return True
    if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in tok.children):
        return False
    if tok.ent_type_ == "PERSON":
        return True
    return tok.tag_ in ("NN", "NNP", "") and (_lemma(tok) in fw.people or tok.lower_ in fw.people)


def _conjuncts(tok: Token) -> list[Token]:
    """The tokens joined to `tok` by "and"/commas, in order (not `tok` itself)."""
    out: list[Token] = []
    # "his mother, father and sister": the parser may hang the middle of a list on as an apposition
    todo = [c for c in tok.children if c.dep_ == "conj" or (c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children))]
    while todo and len(out) < 20:
        c = todo.pop(0)
        out.append(c)
        todo.extend(g for g in c.children if g.dep_ == "conj")
    return out


def _joined_people(noun: Token, fw: FigureWords, nw: NumberWords) -> tuple[int, int, set[int]]:
    """(how many people the conjuncts of a counted noun add, last token index, their number tokens)."""
    extra, last, nums = 0, noun.i, set()
    for c in _conjuncts(noun):
        num = next((g for g in c.children if g.dep_ == "nummod"), None)
        if num is not None and (_lemma(c) in fw.people or c.lower_ in fw.people):
            got = parse_count(num.text)
            if got is None or got.best is None:
                return 0, noun.i, set()
            extra += got.best
            nums.add(num.i)
        elif _is_person(c, fw):
            extra += 1
        else:
            return 0, noun.i, set()  # "soldiers and tanks": not all people, add nothing
        last = max(last, c.i)
    return extra, last, nums


def _unnumbered(doc: Doc, fw: FigureWords, counted_verbs: set[int]) -> list[Figure]:
    """Figures told without a number: "his father and brother were detained" (2), "shot him dead" (1)."""
    out: list[Figure] = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.i in counted_verbs:
            continue
        cat = _word_cat(tok, fw)
        if cat is None and any(c.dep_ == "advmod" and c.lower_ in fw.killing_adverbs for c in tok.children):
            cat = "killed"  # "fatally shot", "mortally wounded" said of one person
        if cat not in ("killed", "injured", "arrested", "detained", "released"):
            continue
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to") for c in tok.children):
            continue  # "not to kill a child", "plans to arrest him": no one counted
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        want = ("nsubjpass",) if passive else ("dobj",)
        if cat == "killed" and _lemma(tok) in fw.subject_verbs and not passive:
            want = ("nsubj",)  # "he died"
        patient = next((c for c in tok.children if c.dep_ in want), None)
        if patient is None or not _is_person(patient, fw):
            continue
        people = [patient] + _conjuncts(patient)
        if not all(_is_person(p, fw) for p in people):
            continue
        if any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for p in people for c in p.children):
            continue  # "his brother or his son": not both
        last = people[-1]
        first = patient.left_edge if patient.left_edge.i >= patient.i - 3 else patient
        n = len(people)
        out.append(Figure(start=first.idx, end=last.idx + len(last.text), text=doc[first.i:last.i + 1].text,
                          count=Count(low=n, best=n, high=n, text=doc[first.i:last.i + 1].text),
                          category=cat, token_i=patient.i, verb_i=tok.i))
    return out


def register_extensions() -> None:
    """Declare doc._.sitrep_figures (idempotent)."""
    if not Doc.has_extension("sitrep_figures"):
        Doc.set_extension("sitrep_figures", default=None)


class FiguresComponent:
    """spaCy component: finds figures and writes them to doc._.sitrep_figures."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        doc._.sitrep_figures = find_figures(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Annotate a stream of Docs."""
        for doc in docs:
            yield self(doc)


@Language.factory("sitrep_figures", assigns=["doc._.sitrep_figures"], requires=["token.dep"])
def make_figures(nlp: Language, name: str) -> FiguresComponent:
    """Factory of the sitrep_figures component."""
    return FiguresComponent(nlp, name)
