"""The relevance gate: its model files, its scoring, the engines' hook, the store's gated articles and the CLI."""
from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
import pytest
from typer.testing import CliRunner

from ingest_stub import stub_event
from sitrep.cli import app
from sitrep.engines import ArticleResult, run_chunk
from sitrep.engines.local import LocalEngine
from sitrep.gate import Gate, GateModel, GateModelError, GateVerdict
from sitrep.gate.features import token_buckets, windows, words
from sitrep.ingest import Ingest
from sitrep.records import Article
from sitrep.settings import Settings
from sitrep.store import MIGRATIONS, SCHEMA_VERSION, Store, WriteBatch
from sitrep.store.migrations import _statements

# our own sentences (no text from ../shared)
EVENT = ("Police fired tear gas and live rounds at thousands of protesters in the capital on Tuesday, killing "
         "two demonstrators and wounding dozens, witnesses said.")
ATTACK = "Gunmen attacked a police checkpoint near the border town overnight, killing three officers."
BUSINESS = ("The company said its quarterly net profit rose four percent on higher sales of software licences, "
            "and its board raised the dividend to 12 cents a share, payable next month to shareholders.")
MARKETS = ("Wheat futures ended higher on the exchange as exporters reported firm demand from importers, while "
           "soybean oil and corn prices eased on expectations of a larger harvest and lower freight rates.")


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate.default()


# ---------------------------------------------------------------- the model files
def test_packaged_model_loads_without_pickle_and_says_where_it_came_from(gate: Gate) -> None:
    m = gate.model
    assert m.weights.dtype == np.float32 and m.weights.shape == (1 << m.bits,)
    assert np.isfinite(m.weights).all() and math.isfinite(m.bias) and math.isfinite(gate.threshold)
    assert 1 <= m.step <= m.window
    assert m.meta["trained_by"] == "bench/train_gate.py"
    assert "ACLED" in m.meta["attribution"] and "Reuters" in m.meta["attribution"]
    assert m.meta["tuning"]["held_out_notes"] > 0  # the threshold was set on held-out data


def test_a_model_round_trips_and_bad_files_are_typed_errors(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    model = GateModel(weights=rng.normal(size=1 << 8).astype(np.float32), bias=-0.5, bits=8, pairs=True,
                      window=5, step=2, threshold=0.25, meta={"note": "test"})
    model.save(tmp_path / "m.npz", tmp_path / "m.json")
    back = GateModel.from_files(tmp_path / "m.npz", tmp_path / "m.json")
    assert np.array_equal(back.weights, model.weights) and back.bias == -0.5 and back.meta == {"note": "test"}
    assert back.score(EVENT) == pytest.approx(model.score(EVENT))
    # an object array needs pickle to load: refused, as a typed error
    np.savez(tmp_path / "p.npz", weights=np.array([{"x": 1}], dtype=object), bias=np.array([0.0]))
    with pytest.raises(GateModelError):
        GateModel.from_files(tmp_path / "p.npz", tmp_path / "m.json")
    (tmp_path / "bad.json").write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(GateModelError):
        GateModel.from_files(tmp_path / "m.npz", tmp_path / "bad.json")
    with pytest.raises(GateModelError):
        GateModel.from_files(tmp_path / "missing.npz", tmp_path / "m.json")


def test_window_scoring_is_the_best_window_of_the_sum_of_weights() -> None:
    rng = np.random.default_rng(1)
    model = GateModel(weights=rng.normal(size=1 << 10).astype(np.float32), bias=0.3, bits=10, pairs=True,
                      window=7, step=3, threshold=0.0)
    for n in (0, 1, 2, 6, 7, 8, 10, 23, 40):
        tokens = [f"w{int(i)}" for i in rng.integers(0, 50, size=n)]
        uni, bi = token_buckets(tokens, 10, True)
        best = -math.inf
        for s, e in windows(n, 7, 3):
            total = model.weights[uni[s:e]].sum() + model.weights[bi[s:max(s, e - 1)]].sum()
            best = max(best, float(total))
        expected = model.bias + (best if n else 0.0)
        assert model.score_words(tokens) == pytest.approx(expected, abs=1e-4), n
    spans = list(windows(23, 7, 3))
    assert spans[0] == (0, 7) and spans[-1][1] == 23 and all(b[0] - a[0] == 3 for a, b in zip(spans, spans[1:]))


def test_features_are_letters_only_and_stable() -> None:
    assert words("On 3 May, POLICE shot 2 men; they're 'wounded'.") == ["on", "may", "police", "shot", "men",
                                                                        "they're", "wounded"]
    a, _ = token_buckets(["police"], 18, False)
    b, _ = token_buckets(["police"], 18, False)
    assert a.tolist() == b.tolist()


# ---------------------------------------------------------------- what it lets through
@pytest.mark.parametrize("text", [EVENT, ATTACK])
def test_event_reports_pass(gate: Gate, text: str) -> None:
    assert gate.passes(Article(id="e", text=text))


@pytest.mark.parametrize("text", [BUSINESS, MARKETS])
def test_business_news_is_held_back(gate: Gate, text: str) -> None:
    verdict = gate.verdict(Article(id="b", text=text))
    assert not verdict.passed and verdict.score < verdict.threshold


def test_one_event_in_a_long_business_story_still_passes(gate: Gate) -> None:
    long_story = " ".join([BUSINESS, MARKETS] * 6 + [ATTACK] + [MARKETS, BUSINESS] * 6)
    assert not gate.passes(Article(id="x", text=" ".join([BUSINESS, MARKETS] * 12)))
    assert gate.passes(Article(id="y", text=long_story))


def test_verdict_round_trips() -> None:
    v = GateVerdict(score=-1.5, threshold=0.2)
    assert not v.passed and GateVerdict.from_dict(v.as_dict()) == v


# ---------------------------------------------------------------- the engines' hook
class FakeExtractor:
    """An extractor without spaCy: 'parsing' records the text; every parsed article gives one stub event."""

    def __init__(self, gate: Gate | None) -> None:
        self.gate = gate
        self.parsed: list[str] = []

    def docs(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[str]:
        for a in articles:
            self.parsed.append(a.text)
            yield a.text

    def events_of(self, doc: str, article: Article) -> list[Any]:
        return [stub_event(article)]


def test_run_chunk_parses_only_what_the_gate_lets_through(gate: Gate) -> None:
    pairs = [(Article(id=f"a{i}", text=t), i) for i, t in enumerate([BUSINESS, EVENT, MARKETS, ATTACK])]
    fake = FakeExtractor(gate)
    results = run_chunk(fake, pairs, 16)
    assert [r.origin for r in results] == [0, 1, 2, 3]
    assert [r.gated for r in results] == [True, False, True, False]
    assert fake.parsed == [EVENT, ATTACK]
    assert [len(r.events) for r in results] == [0, 1, 0, 1]
    assert all(r.gate is not None and r.error is None for r in results)
    # without a gate everything is parsed and no verdict is attached (the output is as before)
    plain = FakeExtractor(None)
    assert [r.gate for r in run_chunk(plain, pairs, 16)] == [None] * 4 and len(plain.parsed) == 4


def test_gate_is_off_unless_asked() -> None:
    assert Settings().gate is False
    assert not ArticleResult(Article(id="a", text="x"), ()).gated


# ---------------------------------------------------------------- the store
def _v1_store(path: Path) -> None:
    """A store as sitrep wrote it before the gate (schema version 1), with one article."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles(id, hash, text, ingested_at) VALUES ('old', 'h', 'an old article', 'then')")
    conn.close()


def test_an_old_store_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _v1_store(db)
    with pytest.raises(Exception, match="older"):
        Store.open(db, readonly=True).close()  # as before: read-only opening asks for one writing open first
    with Store.open(db) as store:
        assert store.version() == SCHEMA_VERSION >= 2
        assert store.counts()["articles"] == 1 and store.counts()["gated"] == 0
        assert store.conn.execute("SELECT gated, gate_score FROM articles WHERE id = 'old'").fetchone() == (0, None)
    with Store.open(db, readonly=True) as store:
        assert list(store.iter_gated()) == []


def test_gated_articles_are_stored_counted_listed_and_replaced_when_parsed(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    held = Article(id="b1", text=BUSINESS, title="Profit up", published="2024-01-02")
    kept = Article(id="e1", text=EVENT, published="2024-01-02")
    with Store.open(db) as store:
        store.write_batch(WriteBatch(articles=[(held, (), "in.jsonl:1"), (kept, (stub_event(kept),), "in.jsonl:2")],
                                     gated={"b1": -4.0}, gate_scores={"e1": 3.0}))
        assert store.counts()["gated"] == 1 and store.counts()["events"] == 1
        listed = list(store.iter_gated())
        assert [(r["id"], r["title"], r["text"], r["gate_score"], r["origin"]) for r in listed] == \
            [("b1", "Profit up", BUSINESS, -4.0, "in.jsonl:1")]
        assert store.has_article(held) and not store.has_article(held, parsed=True)
        assert store.has_article(kept, parsed=True)
        # the same article gated again is a no-op; parsed (an ungated run) it replaces the gated one
        assert store.write_batch(WriteBatch(articles=[(held, (), None)], gated={"b1": -4.0})) == (0, 0)
        assert store.write_batch(WriteBatch(articles=[(held, (stub_event(held),), None)])) == (1, 1)
        assert store.counts()["gated"] == 0 and list(store.iter_gated()) == []
        # a parsed article is never turned back into a gated one
        assert store.write_batch(WriteBatch(articles=[(kept, (), None)], gated={"e1": -1.0})) == (0, 0)
        assert store.counts()["events"] == 2


# ---------------------------------------------------------------- ingest
class GatedStubPipeline:
    """Pipeline.extract_unordered over the real LocalEngine and run_chunk with the real gate, without spaCy."""

    def __init__(self, gate: Gate | None) -> None:
        self.settings = Settings(gate=gate is not None, batch_size=4)
        self.extractor = FakeExtractor(gate)

    def extract_unordered(self, pairs: Iterable[Any], n_process: int | None = None) -> Iterator[ArticleResult]:
        return LocalEngine(self.extractor, batch_size=4).run(pairs)

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        raise AssertionError("ingest uses extract_unordered")


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    texts = [BUSINESS, EVENT, MARKETS, ATTACK, BUSINESS + " More figures.", EVENT + " More later."]
    src.write_text("".join(json.dumps({"id": f"n{i}", "text": t, "published": "2024-03-0" + str(i + 1)}) + "\n"
                           for i, t in enumerate(texts)), encoding="utf-8")
    return src


def test_ingest_stores_gated_articles_and_an_ungated_run_extracts_them(tmp_path: Path, gate: Gate) -> None:
    db, src = tmp_path / "s.db", _inputs(tmp_path)
    on = GatedStubPipeline(gate)
    stats = Ingest(db, on, workers=1, dedup=False).run([str(src)])
    assert (stats.stored, stats.gated, stats.events) == (6, 3, 3)
    assert sorted(on.extractor.parsed) == sorted([EVENT, ATTACK, EVENT + " More later."])
    # again with the gate: nothing to do
    again = Ingest(db, GatedStubPipeline(gate), workers=1, dedup=False).run([str(src)])
    assert (again.stored, again.skipped) == (0, 6)
    # without the gate: only the gated ones are extracted, and they are no longer gated
    off = GatedStubPipeline(None)
    redo = Ingest(db, off, workers=1, dedup=False).run([str(src)])
    assert (redo.stored, redo.skipped, redo.gated) == (3, 3, 0)
    assert sorted(off.extractor.parsed) == sorted([BUSINESS, MARKETS, BUSINESS + " More figures."])
    with Store.open(db, readonly=True) as store:
        assert store.counts()["gated"] == 0 and store.counts()["events"] == 6


def test_cli_lists_gated_articles_and_stats_counts_them(tmp_path: Path, gate: Gate) -> None:
    db = tmp_path / "s.db"
    Ingest(db, GatedStubPipeline(gate), workers=1, dedup=False).run([str(_inputs(tmp_path))])
    runner = CliRunner()
    out = runner.invoke(app, ["gated", "--db", str(db), "-f", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["id"] for r in rows] == ["n0", "n2", "n4"] and all(r["gate_score"] < gate.threshold for r in rows)
    # the listing is input the JSONL reader takes back (for `sitrep ingest --no-gate`)
    from sitrep.readers import iter_inputs

    (tmp_path / "g.jsonl").write_text(out.output, encoding="utf-8")
    back = [a for _, a in iter_inputs([str(tmp_path / "g.jsonl")]) if isinstance(a, Article)]
    assert [a.text for a in back] == [BUSINESS, MARKETS, BUSINESS + " More figures."]
    table = runner.invoke(app, ["gated", "--db", str(db)])
    assert table.exit_code == 0 and "n2" in table.output
    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert stats.exit_code == 0 and "3 articles held back by the relevance gate" in " ".join(stats.output.split())


@pytest.mark.parametrize("command, default", [("ingest", "--gate"), ("extract", "--no-gate"),
                                              ("evaluate", "--no-gate")])
def test_gate_options_everywhere(command: str, default: str) -> None:
    out = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert out.exit_code == 0 and "--gate" in out.output and "--no-gate" in out.output


@pytest.mark.model
def test_real_ingest_gates_by_default_and_extract_does_not(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "biz.txt").write_text(BUSINESS + "\n", encoding="utf-8")
    (tmp_path / "docs" / "riot.txt").write_text(EVENT + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    runner = CliRunner()
    out = runner.invoke(app, ["ingest", str(tmp_path / "docs"), "--db", str(db), "--workers", "1",
                              "--published", "2024-05-07"])
    assert out.exit_code == 0, out.output
    with Store.open(db, readonly=True) as store:
        assert store.counts()["articles"] == 2 and [r["id"] for r in store.iter_gated()] == ["biz"]
    out = runner.invoke(app, ["ingest", str(tmp_path / "docs"), "--db", str(db), "--workers", "1",
                              "--published", "2024-05-07", "--no-gate"])
    assert out.exit_code == 0, out.output
    with Store.open(db, readonly=True) as store:
        assert store.counts()["gated"] == 0
    from sitrep.pipeline import Pipeline

    art = Article(id="biz", text=BUSINESS, published="2024-05-07")
    assert Pipeline(Settings(gate=True)).extractor.gate is not None
    assert Pipeline(Settings(gate=True)).extract(art) == []


def test_a_gated_article_keeps_its_country_hint_through_the_store_and_back(tmp_path: Path) -> None:
    """The hint is the resolver's prior: `sitrep gated -f jsonl` must give it back, so that the article read again
    with --no-gate is resolved as it would have been the first time (an old store gets the column by migration)."""
    db = tmp_path / "s.db"
    _v1_store(db)
    hinted = Article(id="h1", text=BUSINESS, title="Profit up", published="2024-01-02", country="Nigeria")
    plain = Article(id="p1", text=BUSINESS, title="Profit down", published="2024-01-02")
    with Store.open(db) as store:
        assert store.conn.execute("SELECT country FROM articles WHERE id = 'old'").fetchone() == (None,)
        store.write_batch(WriteBatch(articles=[(hinted, (), "in.jsonl:1"), (plain, (), "in.jsonl:2")],
                                     gated={"h1": -4.0, "p1": -3.0}))
        listed = {r["id"]: r for r in store.iter_gated()}
    assert listed["h1"]["country"] == "Nigeria" and "country" not in listed["p1"]
    from sitrep.inputs import read_inputs  # the reader `sitrep gated -f jsonl`'s lines are fed back to

    path = tmp_path / "gated.jsonl"
    path.write_text(json.dumps({k: v for k, v in listed["h1"].items() if k not in ("origin", "gate_score")}) + "\n")
    (back,) = list(read_inputs([str(path)]))
    assert isinstance(back, Article) and back.country == "Nigeria" and back.hash == hinted.hash
