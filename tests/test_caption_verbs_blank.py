"""A caption's verb that the parser read as a noun compound ("guards chase protesters"), on hand-made Docs."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.actors import ActorNamer
from sitrep.triggers import TriggerFinder

NLP = spacy.blank("en")
# "Prison guards chase protesters outside the stadium", parsed as one noun phrase
CAPTION = [("Prison", "prison", "NOUN", "NN", "compound", 1), ("guards", "guard", "NOUN", "NNS", "compound", 3),
           ("chase", "chase", "NOUN", "NN", "compound", 3), ("protesters", "protester", "NOUN", "NNS", "ROOT", 3),
           ("outside", "outside", "ADP", "IN", "prep", 3), ("the", "the", "DET", "DT", "det", 6),
           ("stadium", "stadium", "NOUN", "NN", "pobj", 4)]


def _doc(rows: list[tuple]) -> Doc:
    """rows: (word, lemma, pos, tag, dep, head index)."""
    return Doc(NLP.vocab, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows])


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder(actor_kind=ActorNamer().kind_of)


def test_verb_read_as_compound_in_a_verbless_caption_is_the_event(finder: TriggerFinder) -> None:
    found = [(m.lemma, m.subtype) for m in finder(_doc(CAPTION))]
    assert found == [("chase", "Protest with intervention")]


def test_compound_in_a_sentence_with_a_finite_verb_stays_a_noun(finder: TriggerFinder) -> None:
    rows = CAPTION + [("who", "who", "PRON", "WP", "nsubj", 8), ("fled", "flee", "VERB", "VBD", "relcl", 3)]
    assert finder(_doc(rows)) == []


def test_compound_not_after_a_subject_noun_stays_a_noun(finder: TriggerFinder) -> None:
    rows = [("A", "a", "DET", "DT", "det", 2), ("chase", "chase", "NOUN", "NN", "compound", 2),
            ("protesters", "protester", "NOUN", "NNS", "ROOT", 2)]
    assert finder(_doc(rows)) == []
