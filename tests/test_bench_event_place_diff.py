"""bench/event_place.py --diff-dumps: two dumps of tuning items compared, on rows written here (no ../shared)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def ep() -> ModuleType:
    """bench/event_place.py loaded by path (bench/ is scripts, not a package)."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_event_place", BENCH / "event_place.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _row(i: str, gold: list[str], ok: bool, event: str | None) -> dict:
    return {"id": i, "verb": "hit", "gold": gold, "ok": ok, "event": event,
            "text": f"Sentence {i} made up for the test."}


def test_diff_counts_fixed_and_broken(ep: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    before = [_row("1", ["Alpha"], False, "'Beta'->Beta"), _row("2", [], True, None), _row("3", ["Gamma"], True, "x")]
    after = [_row("1", ["Alpha"], True, "'Alpha'->Alpha"), _row("2", [], False, "'Delta'->Delta"),
             _row("3", ["Gamma"], True, "x")]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(json.dumps(r) + "\n" for r in before))
    b.write_text("".join(json.dumps(r) + "\n" for r in after))
    ep.diff_dumps(a, b, examples=5)
    out = capsys.readouterr().out
    assert "before: 3 items; named 0.500  none 1.000" in out
    assert "after: 3 items; named 1.000  none 0.000" in out
    assert "fixed: 1" in out and "broken: 1" in out
    assert "'Beta'->Beta => 'Alpha'->Alpha" in out
