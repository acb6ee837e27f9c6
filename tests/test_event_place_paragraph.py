"""The event's place from the paragraph: a name no gazetteer row holds, told right after a sentence that names a
town, lies in that town (sentences written for these tests)."""
from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import find_place_mentions, resolve_places
from sitrep.resolve.event_place import event_place


def _place(model: Language, gaz: Gazetteer, text: str, trigger: str):
    doc = model(text)
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = [t.i for t in doc if t.text == trigger][-1]
    return event_place(doc, ms, trig)


@pytest.mark.model
def test_unknown_name_after_a_town_lies_in_it(model: Language, gaz: Gazetteer) -> None:
    got = _place(model, gaz, "Two gunmen were shot dead outside the main market in central Nairobi on Friday. "
                 "A third gunman was killed nearby at the Hotel Zebrova.", "killed")
    assert got is not None and got.name == "Nairobi" and got.text == "Hotel Zebrova"


@pytest.mark.model
def test_unknown_name_after_a_new_paragraph_does_not(model: Language, gaz: Gazetteer) -> None:
    got = _place(model, gaz, "Two gunmen were shot dead outside the main market in central Nairobi on Friday.\n\n"
                 "A third gunman was killed nearby at the Hotel Zebrova.", "killed")
    assert got is None or got.name != "Nairobi"
