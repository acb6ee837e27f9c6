"""The Ray engine's command-line edges that need no Ray: the install hint without the extra, option checks."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app


def test_without_the_extra_engine_ray_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError, as without the extra
    shard = tmp_path / "a.jsonl"
    shard.write_text('{"id": "1", "text": "Police arrested ten protesters in the capital on Monday."}\n')
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", "--engine", "ray", "--db", str(db), str(shard)])
    assert result.exit_code == 1, result.output
    assert "pip install 'sitrep[ray]'" in result.output and "Traceback" not in result.output
    assert not db.exists()  # nothing was started or written


@pytest.mark.parametrize("args, message", [
    (["--engine", "spark"], "unknown engine"),
    (["--address", "auto"], "need --engine ray"),
    (["--shards", "out"], "need --engine ray"),
])
def test_engine_options_are_checked(tmp_path: Path, args: list[str], message: str) -> None:
    shard = tmp_path / "a.jsonl"
    shard.write_text('{"id": "1", "text": "x"}\n')
    result = CliRunner().invoke(app, ["ingest", *args, "--db", str(tmp_path / "s.db"), str(shard)])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "s.db").exists()


def test_load_refuses_a_folder_that_is_not_a_shard_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1 and "not a sitrep shard folder" in result.output, result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"
