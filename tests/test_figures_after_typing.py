"""A figure is attached after typing: whether it suits its event (a crowd's size suits a protest or a riot,
a toll a violent event) depends on the event's final type, and typing may change the family a trigger
word first gave (damage done by demonstrators is a riot). Sentences our own."""
from __future__ import annotations

import pytest

from sitrep.events.stages import STAGES
from sitrep.extractor import Extractor
from sitrep.records import Article

pytestmark = pytest.mark.model


def test_figures_run_after_typing() -> None:
    names = [s.name for s in STAGES]
    assert names.index("figures") > names.index("typing")


def test_a_crowd_retyped_as_a_riot_keeps_its_size(extractor: Extractor) -> None:
    (ev,) = extractor.extract(Article(id="t", text="Some 200 demonstrators set fire to cars in Nantes on Friday."))
    assert (ev.type, ev.subtype) == ("Riots", "Violent demonstration")
    assert ev.participants is not None and ev.participants.best == 200
