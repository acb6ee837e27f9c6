"""Golden output: refactors must change no output (tests/golden/golden.py; --write regenerates on purpose)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "golden"


def _golden():
    spec = importlib.util.spec_from_file_location("sitrep_golden", HERE / "golden.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_examples_output_is_byte_identical():
    g = _golden()
    got = g.examples_output()
    want = (HERE / "examples.jsonl").read_text(encoding="utf-8")
    assert got == want, "examples differ: " + ", ".join(
        g.compare({"examples": g._by_article(want)}, {"examples": g._by_article(got)}))


def test_shared_outputs_hash_identical():
    g = _golden()
    if not g.SHARED.exists():
        pytest.skip(f"{g.SHARED} is absent: the golden hashes of the reference and dev sets are not checked")
    diffs = g.compare(json.loads((HERE / "hashes.json").read_text()), g.shared_hashes())
    assert not diffs, f"{len(diffs)} articles' output changed: {diffs[:30]}"
