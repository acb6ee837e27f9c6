"""Finding casualty and crowd figures in a parsed Doc, each tied to its event word: the sitrep_figures component."""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from sitrep.nlp.figures_ties import _anchor, _category, _counted, _is_part, _joined_people, _over_places
from sitrep.nlp.figures_words import (Figure, FigureWords, _conjuncts, _is_person, _is_victim, _lemma, _word_cat,
                                     figure_words)
from sitrep.nlp.numbers import _DIGITS_RE, NumberWords, _parse_tokens, number_words, parse_count
from sitrep.records import Count

_YEAR_MIN, _YEAR_MAX = 1800, 2100
# ties of a figure's phrase: "between 10 and 20", "tens of thousands"
_MAX_LEFT_MODIFIER_TOKENS = 4


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
        if head.dep_ not in ("nummod", "conj", "quantmod", "cc") or head.head.i == head.i:
            break
        head = head.head
    return head.i != tok.i and (_lemma(head) in figure_words().people or head.lower_ in figure_words().people)


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
    spread: set[int] = set()  # anchors of totals over several places ("arrested in 16 cities")
    summed: set[int] = set()  # number tokens already added into an earlier figure ("six police and two civilians")
    for start, end in _phrase_spans(doc, nw):
        text = doc[start:end].text
        count = parse_count(text)
        if count is None:
            continue
        anchor = _anchor(doc, start, end)
        if anchor.i in summed or _label(doc, start, end, fw):
            continue
        noun, slot = _counted(doc, anchor, start, end)
        if noun is not None:
            lem = _lemma(noun)
            if lem in fw.not_people or noun.lower_ in fw.not_people:
                continue  # "15 minutes", "four tanks", "Thirty miles"
            if slot.i == anchor.i and noun.i != anchor.i and fw.nouns.get(lem) == "participants" and lem not in fw.people:
                continue  # "one of the largest demonstrations", "dozens of rallies": a count of protests, not of people
            people = lem in fw.people or noun.lower_ in fw.people or noun.pos_ == "PRON" or lem in fw.nouns
        elif end - start == 1 and count.best is not None and _YEAR_MIN <= count.best <= _YEAR_MAX and "," not in text:
            continue  # a year
        cat, verb_i, group = _category(doc, start, end, noun, slot, fw)
        sstart = _sent_start(doc[start], has_sents)
        part = _is_part(doc, start, anchor, fw, sstart) or _one_of_a_figure(noun, slot, anchor, start, end)
        if noun is None and cat is None and not part:
            continue  # a bare number with nothing to count
        if noun is not None and not people and cat is None:
            continue  # "two mosques": an unknown noun counts people only when an event word says so
        promoted = False
        if part and cat is None:
            # a part counts what the figure before it in the sentence counts
            for prev in reversed(out):
                if prev.part or prev.token_i < sstart:
                    if prev.token_i in spread and prev.token_i >= sstart:
                        # the part of a total over several places counts a happening of its own
                        cat, verb_i, part, promoted = prev.category, prev.verb_i, False, True
                        break
                    continue
                cat, verb_i = prev.category, prev.verb_i
                break
        if not part and not promoted and cat is not None and _over_places(doc, verb_i, fw):
            part = True  # "1,300 arrested in 16 cities": a total of several happenings, no one event's count
            spread.add(anchor.i)
        if group:
            cat, verb_i = None, None
        if cat is None and not part and noun is not None and people and (
                _lemma(noun) in fw.participant_nouns or noun.lower_ in fw.participant_nouns):
            cat = "participants"  # "about 300 protesters blocked a road": the crowd's size
        last = end - 1
        if noun is not None and people and not part and count.best is not None \
                and count.low in (None, count.best) and count.high in (None, count.best):
            # "four soldiers and a woman were killed", "at least 10 soldiers and 19 gunmen were killed": the people
            # joined to the counted noun are counted too (the bound of the first number bounds the sum)
            extra, last_tok, nums = _joined_people(noun, fw, nw, harmed=cat in ("killed", "injured"))
            if extra:
                add = lambda v: None if v is None else v + extra  # noqa: E731
                count = Count(low=add(count.low), best=count.best + extra, high=add(count.high),
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


def _label(doc: Doc, start: int, end: int, fw: FigureWords) -> bool:
    """"refugee camp 4", "a class 10 student", "ward 7": digits right after a noun that names numbered things
    (figure_words.yaml label_nouns) are its name, they count nothing."""
    if end - start != 1 or start == 0 or not _DIGITS_RE.match(doc[start].lower_):
        return False
    prev = doc[start - 1]
    return prev.lower_ in fw.label_nouns or _lemma(prev) in fw.label_nouns


def _one_of_a_figure(noun: Token | None, slot: Token, anchor: Token, start: int, end: int) -> bool:
    """"one of at least 28 people killed", "two of the 40 detainees": a number taken out of a counted total is a
    part of that total, not the event's figure (the total is a figure of its own)."""
    if noun is None or slot.i != anchor.i or noun.i == anchor.i:
        return False  # not a partitive ("20 of them" has no number of its own after "of")
    return any(c.dep_ == "nummod" and not (start <= c.i < end) for c in noun.children)


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
        shared = tok.dep_ == "conj" and tok.head.pos_ == "VERB" and tok.head.i < tok.i
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
            shared and not any(c.dep_ in ("dobj", "nsubj") for c in tok.children)
            and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children))
        want = ("nsubjpass",) if passive else ("dobj",)
        if cat == "killed" and _lemma(tok) in fw.subject_verbs and not passive:
            want = ("nsubj",)  # "he died"
        cands = [c for c in tok.children if c.dep_ in want]
        if not cands and shared:
            # "shot and killed a volunteer", "was tortured and killed": the verbs share the one harmed
            cands = [c for c in tok.head.children if c.dep_ in want]
        one = _is_victim if cat == "killed" else _is_person  # "killed a ranger": what is killed lived
        # the nearest that names one ("Around 1 May, in X, a man was killed": the parser may take a date's number
        # for a second subject)
        patient = next((c for c in sorted(cands, key=lambda c: abs(c.i - tok.i)) if one(c, fw)), None)
        if patient is None:
            continue
        people = [patient] + _conjuncts(patient)
        if cat == "killed":
            # "killed a herder and his animals": livestock and things killed beside a person are not counted
            people = [p for p in people if not (_lemma(p) in fw.not_people or p.lower_ in fw.not_people)]
        if not all(one(p, fw) for p in people):
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
