"""merge.antecedent looks back over the last few events only (a reference back names a recent happening; a walk
over every earlier event made long articles quadratic). Hand-made Docs, no model."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from sitrep.events import DocContext, Draft
from sitrep.events.merge import ANTECEDENT_REACH, antecedent
from sitrep.records import Article
from sitrep.triggers import Mention

_NLP = spacy.blank("en")


def _ctx_and_draft() -> tuple[DocContext, Draft]:
    rows = [("The", "the", "DET", "DT", "det", 1), ("attack", "attack", "NOUN", "NN", "nsubj", 2),
            ("ended", "end", "VERB", "VBD", "ROOT", 2), (".", ".", "PUNCT", ".", "punct", 2)]
    doc = Doc(_NLP.vocab, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
              tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows])
    m = Mention(token_i=1, lemma="attack", type="Violence against civilians", subtype="Attack", plover="ASSAULT")
    ctx = DocContext.for_doc(doc, [m], Article(id="x", text=doc.text))
    d = Draft(anchor=m, members=[m], type=m.type, subtype=m.subtype, plover=m.plover, sents={0}, noun=True)
    return ctx, d


def _other(i: int) -> Draft:
    m = Mention(token_i=0, lemma="protest", type="Protests", subtype="Peaceful protest", plover="PROTEST")
    return Draft(anchor=m, members=[m], type=m.type, subtype=m.subtype, plover=m.plover, sents={i})


def _attack() -> Draft:
    m = Mention(token_i=0, lemma="attack", type="Violence against civilians", subtype="Attack", plover="ASSAULT")
    return Draft(anchor=m, members=[m], type=m.type, subtype=m.subtype, plover=m.plover, sents={0})


def test_the_attack_refers_back_to_a_recent_attack() -> None:
    ctx, d = _ctx_and_draft()
    first = _attack()
    assert antecedent(ctx, d, [first] + [_other(i) for i in range(3)]) is first


def test_the_attack_does_not_reach_past_a_long_list_of_other_happenings() -> None:
    ctx, d = _ctx_and_draft()
    assert antecedent(ctx, d, [_attack()] + [_other(i) for i in range(ANTECEDENT_REACH + 5)]) is None
