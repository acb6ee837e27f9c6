"""bench/coded_news.py: the extracted:required count per half, on keys written here (no ../shared needed)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def cn() -> ModuleType:
    """bench/coded_news.py loaded by path (bench/ is scripts, not a package)."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_coded_news", BENCH / "coded_news.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_counts_split_by_half_and_count_only_required(cn: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps([{"id": "a1", "half": "odd"}, {"id": "a2", "half": "even"}]))
    (tmp_path / "a1.gold.json").write_text(json.dumps({"events": [{"required": True}, {"required": False}]}))
    (tmp_path / "a2.gold.json").write_text(json.dumps({"events": [{"required": True}, {"required": True}]}))
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(json.dumps({"article": a}) for a in ["a1", "a1", "a1", "a2"]) + "\n")
    assert cn.counts(tmp_path, out, "odd") == (3, 1)
    assert cn.counts(tmp_path, out, "even") == (1, 2)


def test_skips_without_shared(cn: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["coded_news.py", "--check", "--shared", str(tmp_path)])
    assert cn.main() == 0
    assert "skipped" in capsys.readouterr().out
