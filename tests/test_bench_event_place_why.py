"""bench/event_place.py --tune-why: why a verb gets no event (miss_reason), on sentences written here."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def ep() -> ModuleType:
    """bench/event_place.py loaded by path (bench/ is scripts, not a package)."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_event_place_why", BENCH / "event_place.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _why(ep: ModuleType, extractor: Any, text: str, word: str) -> tuple[str, str]:
    from sitrep.nlp.triggers import FACTORY

    doc = extractor.parse(text)
    tok = next(t for t in doc if t.text == word)
    return ep.miss_reason(extractor.nlp.get_pipe(FACTORY).finder, doc, tok)


def test_a_word_in_no_list(ep: ModuleType, extractor: Any) -> None:
    assert _why(ep, extractor, "The minister announced a new budget on Monday.", "announced") == \
        ("in no trigger list", "announce")


def test_a_modal_cue(ep: ModuleType, extractor: Any) -> None:
    assert _why(ep, extractor, "The rebels might attack the town next week.", "attack") == ("a not-an-event cue", "modal")


def test_a_listed_word_whose_entries_need_more(ep: ModuleType, extractor: Any) -> None:
    kind, detail = _why(ep, extractor, "The young skier captured her first title in the mountains.", "captured")
    assert kind == "listed, no entry matched" and detail == "conditions (capture)"
