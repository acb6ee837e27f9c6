"""The writer registry: every registered format round-trips records, extensions pick formats, unknown names say
what there is, and the CLI reads the registry (no list of its own)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

from sitrep.records import Actor, Count, Event, Evidence, Place, Source, When
from sitrep.writers import (
    UnknownWriterError,
    WriterSpec,
    csv_row,
    get_writer,
    parquet_row,
    writer_for_suffix,
    writer_names,
    writer_spec,
    writers,
)


def _events() -> list[Event]:
    """Three records: placed and counted, bare and historical, and a merged one of two articles."""
    text = "Police fired tear gas at traders in Lakeside on Tuesday; 2 were hurt, a witness said."
    placed = Event(
        id="r1", article="doc-1", type="Protests", subtype="Protest with intervention", plover="PROTEST",
        actor1=Actor("police", "Police Forces of Examplia", "state_forces", "XX"),
        actor2=Actor("traders", "Protesters (Examplia)", "protesters", "XX"),
        where=Place("Lakeside", "Lakeside", 77, "place", "East Province", "XX", -3.25, 36.5, 1),
        when=When("on Tuesday", "2022-08-09", "2022-08-09", "day"),
        injured=Count(2, 2, 2, "2"),
        sources=(Source("a witness", "witness", "witness"),),
        certainty="reported",
        evidence=(Evidence(text, 0, len(text)),),
    )
    bare = Event(id="r2", article="doc-2", type="Strategic developments", subtype="Other", plover="CONSULT",
                 historical=True, when=When("in 2019", "2019-01-01", "2019-12-31", "year"))
    merged = Event(id="c0123", article="doc-3", type="Violence against civilians", subtype="Attack",
                   plover="ASSAULT", where=Place("Hilltop", "Hilltop", None, "place", None, "XX", 1.0, 2.0, 2),
                   when=When("on Friday", "2022-08-12", "2022-08-12", "day"), killed=Count(3, 4, 5, "three to five"),
                   articles=("doc-3", "doc-4"), cluster="c0123", agreement=2, certainty="confirmed")
    return [placed, bare, merged]


def _render(spec: WriterSpec, events: list[Event]) -> Any:
    """What the writer produces: text, or bytes for a binary format (written to the text stream's buffer)."""
    if spec.binary:
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        spec.fn(iter(events), stream)
        stream.flush()
        return raw.getvalue()
    out = io.StringIO()
    spec.fn(iter(events), out)
    return out.getvalue()


def _cells(row: dict[str, Any]) -> dict[str, str]:
    return {k: "" if v is None else str(v) for k, v in row.items()}


def _read_json(text: str, events: list[Event]) -> None:
    assert [Event.from_dict(d) for d in json.loads(text)] == events


def _read_jsonl(text: str, events: list[Event]) -> None:
    assert [Event.from_dict(json.loads(line)) for line in text.splitlines()] == events


def _read_geojson(text: str, events: list[Event]) -> None:
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    assert [Event.from_dict(f["properties"]) for f in data["features"]] == events
    for feature, event in zip(data["features"], events):
        placed = event.where is not None and event.where.lat is not None
        want = {"type": "Point", "coordinates": [event.where.lon, event.where.lat]} if placed else None  # type: ignore[union-attr]
        assert feature["geometry"] == want


def _read_csv(text: str, events: list[Event]) -> None:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [_cells(csv_row(e)) for e in events]
    assert [r["event_id_cnty"] for r in rows] == [e.id for e in events]


def _read_parquet(data: bytes, events: list[Event]) -> None:
    import pyarrow.parquet as pq

    assert data[:4] == b"PAR1"
    assert pq.read_table(io.BytesIO(data)).to_pylist() == [parquet_row(e) for e in events]


def _read_table(text: str, events: list[Event]) -> None:
    for event in events:
        assert event.when.start in text and event.type in text
    for event in events:
        if len(event.articles) > 1:
            assert f"{len(event.articles)} articles, {event.agreement} outlets" in text


# a reader for every registered format: a new writer must add one here
READERS: dict[str, Callable[[Any, list[Event]], None]] = {
    "json": _read_json, "jsonl": _read_jsonl, "geojson": _read_geojson, "csv": _read_csv,
    "parquet": _read_parquet, "table": _read_table,
}


def test_every_registered_writer_has_a_reader_here() -> None:
    assert sorted(READERS) == writer_names()


@pytest.mark.parametrize("name", writer_names())
def test_every_registered_writer_round_trips(name: str) -> None:
    spec = writer_spec(name)
    assert spec.name == name and spec.fn is get_writer(name)
    READERS[name](_render(spec, _events()), _events())


@pytest.mark.parametrize("name", writer_names())
def test_every_writer_takes_no_events(name: str) -> None:
    out = _render(writer_spec(name), [])
    assert out is not None


def test_registry_metadata() -> None:
    specs = writers()
    assert [s.name for s in specs] == writer_names() == sorted(writer_names())
    assert all(s.media_type and "/" in s.media_type for s in specs)
    assert [s.name for s in specs if s.binary] == ["parquet"]
    suffixes = [s.suffix for s in specs if s.suffix is not None]
    assert len(suffixes) == len(set(suffixes)) and all(x.startswith(".") and x == x.lower() for x in suffixes)


@pytest.mark.parametrize(("suffix", "name"), [
    (".json", "json"), (".jsonl", "jsonl"), (".csv", "csv"), (".geojson", "geojson"), (".parquet", "parquet"),
    (".CSV", "csv"), ("GeoJSON", "geojson"), ("jsonl", "jsonl"),
])
def test_suffix_picks_the_writer(suffix: str, name: str) -> None:
    spec = writer_for_suffix(suffix)
    assert spec is not None and spec.name == name


@pytest.mark.parametrize("suffix", ["", ".", ".txt", ".xlsx", ".gz"])
def test_unclaimed_suffix_picks_nothing(suffix: str) -> None:
    assert writer_for_suffix(suffix) is None


def test_every_suffix_leads_back_to_its_writer() -> None:
    for spec in writers():
        if spec.suffix is not None:
            assert writer_for_suffix(spec.suffix) is spec
    assert writer_spec("table").suffix is None  # a terminal format: never picked by a file name


def test_unknown_format_error_lists_the_registered_names() -> None:
    with pytest.raises(UnknownWriterError) as err:
        get_writer("kml")
    message = str(err.value)
    assert "'kml'" in message and ", ".join(writer_names()) in message
    with pytest.raises(UnknownWriterError):
        writer_spec("")


@pytest.mark.parametrize("name", [n for n in writer_names() if writer_spec(n).suffix])
def test_cli_export_infers_the_format_from_the_extension(name: str, tmp_path: Path) -> None:
    from sitrep.cli import app
    from sitrep.records import Article
    from sitrep.store import Store, WriteBatch

    db = tmp_path / "s.db"
    events = sorted(_events()[:2], key=lambda e: e.when.start or "")  # the store gives the oldest first
    with Store.open(db) as store:
        store.write_batch(WriteBatch([(Article(id=e.article, text="Some text."), [e], None) for e in events]))
    out = tmp_path / f"events{writer_spec(name).suffix}"
    res = CliRunner().invoke(app, ["export", "--db", str(db), "--per-article", "--include-historical",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = out.read_bytes() if writer_spec(name).binary else out.read_text(encoding="utf-8")
    READERS[name](data, events)


def test_cli_unknown_format_lists_the_registered_names(tmp_path: Path) -> None:
    from sitrep.cli import app

    res = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.db"), "-f", "kml"])
    assert res.exit_code == 2
    assert ", ".join(writer_names()) in " ".join(res.stderr.replace("│", " ").split())


def test_a_new_writer_is_picked_up_by_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One decorated function is all a format needs: --format and -o FILE.ext find it through the registry."""
    from sitrep.cli import app
    from sitrep.records import Article
    from sitrep.store import Store, WriteBatch
    from sitrep.writers import registry, writer

    monkeypatch.setattr(registry, "_WRITERS", dict(registry._WRITERS))  # the test's format goes away after it

    @writer("ids", suffix=".ids", media_type="text/plain")
    def write_ids(events: Any, stream: Any) -> None:
        for event in events:
            stream.write(event.id + "\n")

    assert "ids" in writer_names() and writer_for_suffix(".IDS") is writer_spec("ids")
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        store.write_batch(WriteBatch([(Article(id=e.article, text="Some text."), [e], None) for e in _events()]))
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--db", str(db), "--per-article", "-o", str(tmp_path / "out.ids")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out.ids").read_text(encoding="utf-8").split() == ["r1", "c0123"]  # oldest first, no history
    res = runner.invoke(app, ["export", "--db", str(db), "--per-article", "--format", "ids"])
    assert res.exit_code == 0 and res.stdout.split() == ["r1", "c0123"]
    with pytest.raises(ValueError):
        writer("ids")(write_ids)  # one name, one writer
