"""The CLI end to end with a fake Pipeline: formats, -o, stderr messages and exit codes."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
import types
from pathlib import Path
from typing import Any, Iterable, Iterator

import pytest
from typer.testing import CliRunner

from sitrep import pipeline as pipeline_mod
from sitrep.cli import app
from sitrep.errors import GazetteerError, ModelError
from sitrep.pipeline import ArticleResult
from sitrep.records import Article, Event, Evidence, Place, When

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = str(FIXTURES / "river-town.txt")
ENGLISH = ("Hundreds of teachers marched through the town centre on Thursday to demand higher pay, and the "
           "police said the march ended without incident after a rally outside the education office. ")


def _event(article: Article, n: int) -> Event:
    """A hand-made event tied to its article, placed so GeoJSON has a geometry."""
    return Event(
        id=f"{article.id}-{n}", article=article.id, type="Protests", subtype="Peaceful protest", plover="PROTEST",
        where=Place("the square", "Testville", 1, "place", "Test Province", "XX", 1.5, 2.5, 1),
        when=When("on Thursday", article.published, article.published, "day" if article.published else "unknown"),
        evidence=(Evidence(article.text[:20], 0, 20),),
    )


class FakePipeline:
    """Stands in for the real Pipeline: one event per article; text containing FAIL gives an error."""

    created: list[Any] = []

    def __init__(self, settings: Any = None) -> None:
        self.settings = settings
        FakePipeline.created.append(self)
        self.n_process: int | None = None

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        self.n_process = n_process
        for article in articles:
            if "FAIL" in article.text:
                yield ArticleResult(article, (), "processing failed: fake error")
            else:
                yield ArticleResult(article, (_event(article, 0),))

    def extract_ordered(self, pairs: Iterable[tuple[Article, Any]],
                        n_process: int | None = None) -> Iterator[ArticleResult]:
        for article, origin in pairs:
            for result in self.extract_many([article], n_process):
                yield dataclasses.replace(result, origin=origin)

    def places(self, article: Article) -> list[Any]:
        mention = types.SimpleNamespace(as_dict=lambda article_id: {"article": article_id, "text": "Testville",
                                                                     "geonameid": 1})
        return [mention]


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    FakePipeline.created = []
    monkeypatch.setattr(pipeline_mod, "Pipeline", FakePipeline)
    return CliRunner()


def _ok_file(tmp_path: Path, name: str, body: str = ENGLISH) -> str:
    path = tmp_path / name
    path.write_text("A headline\n" + body, encoding="utf-8")
    return str(path)


def test_extract_jsonl_to_stdout(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", GOOD, "--published", "2021-05-06"])
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["article"] for r in rows] == ["river-town"]
    assert rows[0]["when"]["start"] == "2021-05-06"
    assert res.stderr == ""


def test_undated_article_gets_a_notice(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", GOOD, "--format", "json"])
    assert res.exit_code == 0
    assert len(json.loads(res.stdout)) == 1
    assert "river-town.txt: article 'river-town' has no publication date" in res.stderr
    assert "'unknown'" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_bad_inputs_exit_1_but_the_rest_is_written(runner: CliRunner, tmp_path: Path) -> None:
    failing = _ok_file(tmp_path, "boom.txt", "FAIL " + ENGLISH)
    args = ["extract", str(FIXTURES / "batch.jsonl"), str(FIXTURES / "empty.txt"), failing, GOOD,
            "--published", "2021-01-01", "-f", "jsonl"]
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    assert [json.loads(line)["article"][:7] for line in res.stdout.splitlines()] == ["a1", "sha256-", "river-t"]
    err = res.stderr.splitlines()
    assert any(line.startswith("sitrep: ") and "batch.jsonl:2: malformed JSON" in line for line in err)
    assert any("batch.jsonl:6: not a JSON object" in line for line in err)
    assert any(line.endswith("empty.txt: empty file") for line in err)
    assert any("boom.txt: processing failed: fake error" in line for line in err)
    assert "Traceback" not in res.output


@pytest.mark.parametrize("args", [
    ["extract", GOOD, "--published", "06/05/2021"],
    ["extract", GOOD, "--published", "2021-02-30"],
    ["extract", GOOD, "--format", "xlsx"],
    ["extract", GOOD, "--workers", "0"],
    ["extract", GOOD, "--no-such-flag"],
    ["extract"],
    ["places", GOOD, "--format", "csv"],
])
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert not FakePipeline.created  # nothing ran


@pytest.mark.parametrize("suffix, fmt", [(".csv", None), (".geojson", None), (".out", "csv"), (".json", None)])
def test_output_file_and_formats(runner: CliRunner, tmp_path: Path, suffix: str, fmt: str | None) -> None:
    out = tmp_path / f"events{suffix}"
    args = ["extract", GOOD, "--published", "2021-05-06", "-o", str(out)] + (["--format", fmt] if fmt else [])
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    body = out.read_text(encoding="utf-8")
    if suffix == ".geojson":
        doc = json.loads(body)
        assert doc["features"][0]["geometry"]["coordinates"] == [2.5, 1.5]
    elif suffix == ".json":
        assert json.loads(body)[0]["article"] == "river-town"
    else:
        rows = list(csv.DictReader(io.StringIO(body)))
        assert rows[0]["event_id_cnty"] == "river-town-0" and rows[0]["event_date"] == "2021-05-06"


def test_table_format(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", GOOD, "--published", "2021-05-06", "--format", "table"])
    assert res.exit_code == 0
    assert "the square" in res.stdout
    assert "Peaceful protest" in res.stdout and "2021-05-06" in res.stdout


def test_default_format_off_a_terminal_is_jsonl(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", GOOD, "--published", "2021-05-06"])
    json.loads(res.stdout.splitlines()[0])


def test_workers_reach_the_pipeline(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", GOOD, "--workers", "3", "--published", "2021-05-06"])
    assert res.exit_code == 0
    pipe = FakePipeline.created[0]
    assert pipe.n_process == 3 and pipe.settings.n_process == 3


def test_stdin_both_ways(runner: CliRunner) -> None:
    jsonl = json.dumps({"id": "x1", "text": ENGLISH, "published": "2020-02-02"}) + "\n{broken\n"
    res = runner.invoke(app, ["extract", "-"], input=jsonl)
    assert res.exit_code == 1
    assert json.loads(res.stdout)["article"] == "x1"
    assert "sitrep: <stdin>:2: malformed JSON" in res.stderr
    res = runner.invoke(app, ["extract", "-", "--published", "2020-02-02"], input="Title line\n" + ENGLISH)
    assert res.exit_code == 0 and json.loads(res.stdout)["article"].startswith("sha256-")  # stdin: a content hash


def test_library_errors_become_messages(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(FakePipeline):
        def __init__(self, settings: Any = None) -> None:
            raise ModelError("spaCy model 'xx' is not installed")

    monkeypatch.setattr(pipeline_mod, "Pipeline", Broken)
    res = runner.invoke(app, ["extract", GOOD])
    assert res.exit_code == 1
    assert res.stderr.strip() == "sitrep: spaCy model 'xx' is not installed"


def test_unwritable_output_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["extract", GOOD, "-o", str(tmp_path / "missing-dir" / "x.jsonl")])
    assert res.exit_code == 1 and "cannot write" in res.stderr


def test_places(runner: CliRunner) -> None:
    res = runner.invoke(app, ["places", GOOD, str(FIXTURES / "empty.txt")])
    assert res.exit_code == 1
    assert json.loads(res.stdout) == {"article": "river-town", "text": "Testville", "geonameid": 1}
    assert "empty.txt: empty file" in res.stderr
    table = runner.invoke(app, ["places", GOOD, "--format", "table"])
    assert table.exit_code == 0 and "Testville" in table.stdout


def test_gazetteer_commands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[Any] = []

    class FakeGazetteer:
        @staticmethod
        def build(path: Path) -> dict[str, Any]:
            calls.append(("build", path))
            return {"path": str(path), "places": 42}

        @staticmethod
        def open(path: Path) -> Any:
            if not Path(path).exists():
                raise GazetteerError(f"no gazetteer at {path}")
            return types.SimpleNamespace(info=lambda: {"path": str(path), "places": 42})

    monkeypatch.setitem(sys.modules, "sitrep.gazetteer", types.SimpleNamespace(Gazetteer=FakeGazetteer))
    runner = CliRunner()
    target = tmp_path / "g.sqlite"
    res = runner.invoke(app, ["gazetteer", "build", "--path", str(target)])
    assert res.exit_code == 0 and json.loads(res.stdout) == {"path": str(target), "places": 42}
    assert calls == [("build", target)]
    res = runner.invoke(app, ["gazetteer", "info", "--path", str(target)])
    assert res.exit_code == 1 and res.stderr.strip() == f"sitrep: no gazetteer at {target}"
    target.write_text("x")
    res = runner.invoke(app, ["gazetteer", "info", "--path", str(target)])
    assert res.exit_code == 0 and json.loads(res.stdout)["places"] == 42
