"""Trigger entries for shooting at a target, coming under fire and custody, on hand-made Docs (spacy.blank)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.actors import ActorNamer
from sitrep.triggers import TriggerFinder

NLP = spacy.blank("en")


def _doc(rows: list[tuple]) -> Doc:
    """rows: (word, lemma, pos, tag, dep, head index)."""
    return Doc(NLP.vocab, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows])


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder(actor_kind=ActorNamer().kind_of)


def test_fired_on_a_target_is_an_attack(finder: TriggerFinder) -> None:
    doc = _doc([("Gunmen", "gunman", "NOUN", "NNS", "nsubj", 1), ("fired", "fire", "VERB", "VBD", "ROOT", 1),
                ("on", "on", "ADP", "IN", "prep", 1), ("a", "a", "DET", "DT", "det", 4),
                ("convoy", "convoy", "NOUN", "NN", "pobj", 2)])
    assert [(doc[m.token_i].text, m.type) for m in finder(doc)] == [("fired", "Violence against civilians")]


def test_fired_alone_is_no_attack(finder: TriggerFinder) -> None:
    doc = _doc([("The", "the", "DET", "DT", "det", 1), ("manager", "manager", "NOUN", "NN", "nsubjpass", 3),
                ("was", "be", "AUX", "VBD", "auxpass", 3), ("fired", "fire", "VERB", "VBN", "ROOT", 3)])
    assert finder(doc) == []


def test_came_under_fire_but_not_under_criticism(finder: TriggerFinder) -> None:
    rows = [("Troops", "troop", "NOUN", "NNS", "nsubj", 1), ("came", "come", "VERB", "VBD", "ROOT", 1),
            ("under", "under", "ADP", "IN", "prep", 1), ("fire", "fire", "NOUN", "NN", "pobj", 2)]
    assert [m.lemma for m in finder(_doc(rows))] == ["come"]
    rows[3] = ("criticism", "criticism", "NOUN", "NN", "pobj", 2)
    assert finder(_doc(rows)) == []


def test_taken_into_custody_is_an_arrest(finder: TriggerFinder) -> None:
    doc = _doc([("She", "she", "PRON", "PRP", "nsubjpass", 2), ("was", "be", "AUX", "VBD", "auxpass", 2),
                ("taken", "take", "VERB", "VBN", "ROOT", 2), ("into", "into", "ADP", "IN", "prep", 2),
                ("custody", "custody", "NOUN", "NN", "pobj", 3)])
    assert [m.subtype for m in finder(doc)] == ["Arrests"]
