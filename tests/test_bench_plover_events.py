"""bench/plover_events.py: item kinds, the fixed halves and the scoring, on items written here (no ../shared)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def pe() -> ModuleType:
    """bench/plover_events.py loaded by path (bench/ is scripts, not a package)."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_plover_events", BENCH / "plover_events.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_kinds_and_halves(pe: ModuleType, tmp_path: Path) -> None:
    assert pe.kind_of("FIGHT") == "event" and pe.kind_of("THREATEN") == "non_event" and pe.kind_of("COERCE") is None
    assert {pe.half_of(f"X-{i}") for i in range(20)} == {"tune", "judge"}
    assert pe.half_of("X-1") == pe.half_of("X-1")
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([{"id": "D", "event": "DOCUMENT"},
                                {"id": "A", "event": "FIGHT", "text": "Rebels shelled the town."},
                                {"id": "B", "event": "DEMAND", "text": "The party demanded new elections."},
                                {"id": "C", "event": "MOBILIZE", "text": "Troops were sent to the border."}]))
    assert [(it["id"], it["kind"]) for it in pe.read_items(path)] == [("A", "event"), ("B", "non_event")]


def test_score_counts_conflict_events_and_any_event_on_non_events(pe: ModuleType) -> None:
    items = [{"id": i, "kind": k, "half": "tune"} for i, k in
             (("e1", "event"), ("e2", "event"), ("n1", "non_event"), ("n2", "non_event"))]
    events = {"e1": [("Battles", "Armed clash", "fought")], "e2": [("Strategic developments", "Agreement", "deal")],
              "n1": [("Strategic developments", "Agreement", "deal")], "n2": []}
    got = pe.score(items, events)["tune"]
    assert (got["recall"], got["false_event"], got["clean"]) == (0.5, 0.5, 0.5)


def test_skips_without_shared(pe: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["plover_events.py", "--check", "--shared", str(tmp_path)])
    assert pe.main() == 0
    assert "skipped" in capsys.readouterr().out
