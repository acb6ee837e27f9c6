"""bench/type_confusion.py: the confusion count and the skip without the shared data, without the model."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def conf() -> ModuleType:
    """bench/type_confusion.py loaded by path (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_type_confusion", BENCH / "type_confusion.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_confusions_count_only_mismatches_most_frequent_first(conf: ModuleType) -> None:
    pairs = [("Attack", "Attack"), ("Mob violence", "Attack"), ("Mob violence", "Attack"), ("Arrests", "(none)")]
    assert conf.confusions(pairs, 5) == [("Mob violence", "Attack", 2), ("Arrests", "(none)", 1)]
    assert conf.confusions(pairs, 1) == [("Mob violence", "Attack", 2)]


def test_without_the_shared_data_it_says_so(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(BENCH / "type_confusion.py"), "--shared", str(tmp_path)],
                         capture_output=True, text=True, check=True)
    assert "skipped" in out.stdout
