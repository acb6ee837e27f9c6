"""The trigger-finding spaCy component (sitrep.nlp.triggers) in a small pipeline on hand-made Docs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import sitrep
from sitrep.nlp.triggers import EXTENSION, FACTORY, Mention, TriggerFinder, TriggersComponent

# what the model's tagger, parser, lemmatizer and ner give the trigger component; a hand-made Doc has them all
_HAND_PARSE = ["token.dep", "token.head", "token.tag", "token.pos", "token.lemma", "token.ent_type"]


@Language.component("test_hand_parse", assigns=_HAND_PARSE)
def _hand_parse(doc: Doc) -> Doc:
    """Stands for the model's pipes: the Doc comes in already annotated."""
    return doc


def _pipeline(with_parse: bool = True) -> Language:
    nlp = spacy.blank("en")
    if with_parse:
        nlp.add_pipe("test_hand_parse")
    nlp.add_pipe(FACTORY)
    return nlp


def _doc(nlp: Language, rows: list[tuple]) -> Doc:
    """rows: (word, lemma, pos, tag, dep, head index)."""
    return Doc(nlp.vocab, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows])


_ARREST = [("Soldiers", "soldier", "NOUN", "NNS", "nsubj", 1), ("detained", "detain", "VERB", "VBD", "ROOT", 1),
           ("twelve", "twelve", "NUM", "CD", "nummod", 3), ("villagers", "villager", "NOUN", "NNS", "dobj", 1),
           ("on", "on", "ADP", "IN", "prep", 1), ("Sunday", "Sunday", "PROPN", "NNP", "pobj", 4),
           (".", ".", "PUNCT", ".", "punct", 1)]


def test_the_component_finds_a_trigger() -> None:
    nlp = _pipeline()
    doc = nlp(_doc(nlp, _ARREST))
    mentions = getattr(doc._, EXTENSION)
    assert [(doc[m.token_i].text, m.type, m.subtype) for m in mentions] == [
        ("detained", "Strategic developments", "Arrests")]
    assert isinstance(mentions[0], Mention) and mentions[0].lemma == "detain"


def test_a_negated_trigger_is_no_mention() -> None:
    nlp = _pipeline()
    rows = [("Soldiers", "soldier", "NOUN", "NNS", "nsubj", 3), ("did", "do", "AUX", "VBD", "aux", 3),
            ("not", "not", "PART", "RB", "neg", 3), ("detain", "detain", "VERB", "VB", "ROOT", 3),
            ("anyone", "anyone", "PRON", "NN", "dobj", 3), (".", ".", "PUNCT", ".", "punct", 3)]
    assert nlp(_doc(nlp, rows))._.sitrep_mentions == []


def test_analyze_pipes_reports_its_assigns_without_problems() -> None:
    nlp = _pipeline()
    report = nlp.analyze_pipes(pretty=False)
    assert report["problems"][FACTORY] == []
    assert report["attrs"][f"doc._.{EXTENSION}"]["assigns"] == [FACTORY]
    meta = nlp.get_pipe_meta(FACTORY)
    assert meta.assigns == [f"doc._.{EXTENSION}"]
    assert set(meta.requires) <= set(_HAND_PARSE)


def test_analyze_pipes_names_what_it_requires_when_nothing_parses() -> None:
    nlp = _pipeline(with_parse=False)
    problems = nlp.analyze_pipes(pretty=False)["problems"][FACTORY]
    assert "token.dep" in problems and "token.lemma" in problems


def test_the_shim_and_the_component_module_are_one() -> None:
    import sitrep.triggers as shim
    import sitrep.nlp.triggers as component

    for name in ("Mention", "TriggerFinder", "TriggersComponent", "make_triggers", "register_extensions"):
        assert getattr(shim, name) is getattr(component, name)
    assert isinstance(_pipeline().get_pipe(FACTORY), TriggersComponent)
    assert TriggerFinder is component.TriggerFinder


def test_importing_twice_registers_the_factory_once() -> None:
    # in a fresh interpreter: import both names for the module, then reload it (a new function object)
    code = (
        "import importlib\n"
        "from spacy.language import Language\n"
        "import sitrep.triggers, sitrep.nlp.triggers as t\n"
        "first = Language.get_factory_meta('sitrep_triggers')\n"
        "importlib.reload(t); importlib.reload(sitrep.triggers)\n"
        "assert Language.get_factory_meta('sitrep_triggers') is first\n"
        "assert Language.has_factory('sitrep_triggers')\n"
        "print('ok')\n"
    )
    src = str(Path(sitrep.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
