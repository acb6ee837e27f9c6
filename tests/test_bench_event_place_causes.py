"""bench/event_place.py --tune-causes: the stage that first made an event's place wrong, on traces written here."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def ep() -> ModuleType:
    """bench/event_place.py loaded by path (bench/ is scripts, not a package)."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_event_place_causes", BENCH / "event_place.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _place(text: str, feature: str = "place") -> SimpleNamespace:
    return SimpleNamespace(text=text, name=text, feature=feature, strategy="exact")


ITEM = {"gold": ["Alpha"], "text": "Made-up sentence for the test."}


def test_no_event_by_whether_a_draft_held_the_verb(ep: ModuleType) -> None:
    held = [("group", [(4, None, None, frozenset({4}), 0)]), ("typing", [])]
    assert ep.cause_of(ITEM, [], None, 4, held, None) == "no event (a draft held the verb, dropped by typing)"
    assert ep.cause_of(ITEM, [], None, 7, held, None) == "no event (no draft held the verb)"


def test_the_first_stage_that_made_it_wrong(ep: ModuleType) -> None:
    right, wrong = _place("Alpha"), _place("Beta")
    trace = [("where", [(4, None, right, frozenset({4}), 0)]), ("per_place", [(4, None, right, frozenset({4}), 0)]),
             ("merge", [(4, None, wrong, frozenset({4}), 0)]), ("fold", [(4, None, wrong, frozenset({4}), 0)])]
    e = SimpleNamespace(where=wrong)
    assert ep.cause_of(ITEM, [e], e, 4, trace, right) == "merge (now exact)"


def test_another_trigger_and_the_where_stage(ep: ModuleType) -> None:
    wrong = _place("Beta")
    trace = [("where", [(2, None, wrong, frozenset({2, 4}), 0)])]
    e = SimpleNamespace(where=wrong)
    assert ep.cause_of(ITEM, [e], e, 4, trace, wrong) == "anchored on another trigger, its rule place wrong"
    assert ep.cause_of(ITEM, [e], e, 2, trace, wrong) == "where stage changed the pick (now exact)"
