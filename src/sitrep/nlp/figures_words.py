"""Figure words (data/figure_words.yaml): which verbs, nouns and adjectives name an event category, and who counts as
a person; the Figure mention and the token-level word tests built on them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from sitrep.records import Count
from sitrep.resources import read_yaml

CATEGORIES = ("killed", "injured", "arrested", "participants", "released", "detained", "displaced")


@dataclass(frozen=True)
class FigureWords:
    """The lexicon of figure_words.yaml, in lookup-ready form."""

    verbs: dict[str, str]  # lemma -> category
    phrasal: dict[tuple[str, str], str]  # (lemma, particle) -> category
    nouns: dict[str, str]
    adjectives: dict[str, str]
    subject_verbs: frozenset[str]
    people: frozenset[str]
    participant_nouns: frozenset[str]
    tally_nouns: frozenset[str]
    place_count_nouns: frozenset[str]
    death_complements: frozenset[str]
    groups: frozenset[str]
    part_words: frozenset[str]
    part_phrases: tuple[tuple[str, ...], ...]
    not_people: frozenset[str]
    person_pronouns: frozenset[str]
    killing_adverbs: frozenset[str]
    deathless_subtypes: frozenset[str]
    grievance_words: frozenset[str]
    label_nouns: frozenset[str]
    fatal_adjectives: frozenset[str]


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    """figure_words.yaml, loaded once."""
    raw = read_yaml("figure_words.yaml")
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
        participant_nouns=frozenset(raw.get("participant_nouns") or ()),
        tally_nouns=frozenset(raw.get("tally_nouns") or ()),
        place_count_nouns=frozenset(raw.get("place_count_nouns") or ()),
        death_complements=frozenset(raw.get("death_complements") or ()),
        groups=frozenset(raw["group_nouns"]),
        part_words=frozenset(str(w) for w in raw["part_words"] if " " not in str(w)),
        part_phrases=tuple(tuple(str(w).split()) for w in raw["part_words"] if " " in str(w)),
        not_people=frozenset(raw["not_people"]),
        person_pronouns=frozenset(raw["person_pronouns"]),
        killing_adverbs=frozenset(raw["killing_adverbs"]),
        deathless_subtypes=frozenset(raw.get("deathless_subtypes") or ()),
        grievance_words=frozenset(raw.get("grievance_words") or ()),
        label_nouns=frozenset(raw.get("label_nouns") or ()),
        fatal_adjectives=frozenset(raw.get("fatal_adjectives") or ()),
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


def _lemma(tok: Token) -> str:
    """The token's lemma, or its lower form when the Doc has no lemmas."""
    return (tok.lemma_ or tok.lower_).lower()


def _word_cat(tok: Token, fw: FigureWords) -> str | None:
    """The category a verb, noun or participle names, if any."""
    lem = _lemma(tok)
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or not tok.pos_:
        if any(c.dep_ == "advmod" and c.lower_ in fw.killing_adverbs for c in tok.children):
            return "killed"  # "two were fatally wounded", "mortally injured": a wounding that killed
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
                    if g.dep_ == "pobj" and child.lower_ == "to" and _lemma(g) in fw.death_complements:
                        return "killed"  # "beaten to death", "stabbed to death"
            elif child.dep_ in ("oprd", "acomp", "advmod", "xcomp") and child.lower_ in fw.death_complements:
                return "killed"  # "a man was shot dead", "gunmen shot dead a lawyer"
        if lem in fw.verbs:
            return fw.verbs[lem]
    if tok.lower_ in fw.adjectives:
        return fw.adjectives[tok.lower_]
    if lem in fw.nouns and tok.pos_ != "VERB":
        return fw.nouns[lem]
    if lem in fw.verbs:
        return fw.verbs[lem]
    return None


def _is_person(tok: Token, fw: FigureWords) -> bool:
    """One named or singular person ("a woman", "his father", "Ahmed Saleh", "he")."""
    if tok.lower_ in fw.person_pronouns:
        return True
    if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in tok.children):
        return False
    if tok.ent_type_ == "PERSON":
        return True
    return tok.tag_ in ("NN", "NNP", "") and (_lemma(tok) in fw.people or tok.lower_ in fw.people)


def _is_victim(tok: Token, fw: FigureWords) -> bool:
    """One being a killing is told of: a person, or any one-word singular noun that names no thing, place or time
    ("killed a ranger", "a rickshaw puller was shot dead"): what one kills or murders is a living being, so the
    noun needs no place in the people list."""
    if _is_person(tok, fw):
        return True
    # ("a Bangladeshi national": a noun after an article may be tagged as an adjective)
    nominal = tok.tag_ in ("NN", "NNP") or (tok.tag_ == "JJ" and tok.dep_ in ("nsubj", "nsubjpass", "dobj"))
    if not nominal or any(c.dep_ == "nummod" for c in tok.children):
        return False
    if tok.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                         "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"):
        return False
    if _lemma(tok) in fw.not_people or tok.lower_ in fw.not_people or _lemma(tok) in fw.nouns:
        return False
    # a determiner or a possessive marks one ("a ranger", "the trader", "his helper"); a bare noun may be a mass
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("no", "every", "all", "each", "some", "any")
               for c in tok.children)


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
