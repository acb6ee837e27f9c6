"""Writers: JSON/JSONL round-trip, ACLED CSV columns and codes, GeoJSON validity, the table, the registry."""
from __future__ import annotations

import csv
import io
import json

import pytest

from sitrep.errors import SitrepError
from sitrep.records import Actor, Count, Event, Evidence, Place, Source, When
from sitrep.writers import (
    CSV_COLUMNS,
    UnknownWriterError,
    format_count,
    get_writer,
    writer_names,
)


def _events() -> list[Event]:
    """Two hand-made events: one fully placed and counted, one bare."""
    text = "Soldiers opened fire on marchers in Riverton on Monday, killing at least 3, medics said."
    full = Event(
        id="e1", article="art-1", type="Protests", subtype="Excessive force against protesters", plover="PROTEST",
        actor1=Actor("soldiers", "Military Forces of Examplia", "state_forces", "XX"),
        actor2=Actor("marchers", "Protesters (Examplia)", "protesters", "XX"),
        where=Place("Riverton", "Riverton", 123, "place", "North Province", "XX", 10.5, -20.25, 1),
        when=When("on Monday", "2021-05-03", "2021-05-03", "day"),
        killed=Count(3, 3, None, "at least 3"),
        participants=Count(None, 40, 40, "as many as 40"),
        sources=(Source("medics", "medics", "medical"),),
        certainty="reported",
        evidence=(Evidence(text, 0, len(text)),),
    )
    bare = Event(id="e2", article="art-2", type="Strategic developments", subtype="Other", plover="CONSULT",
                 actor1=Actor("=HYPERLINK(1)", "=HYPERLINK(1)", "unknown"), historical=True,
                 when=When("last spring", "2019-03-01", "2019-05-31", "range"))
    return [full, bare]


def _render(name: str, events: list[Event]) -> str:
    out = io.StringIO()
    get_writer(name)(iter(events), out)
    return out.getvalue()


def test_registry() -> None:
    assert {"json", "jsonl", "csv", "geojson", "table"} <= set(writer_names())
    with pytest.raises(UnknownWriterError) as err:
        get_writer("xlsx")
    assert isinstance(err.value, SitrepError) and "xlsx" in str(err.value)


@pytest.mark.parametrize("events", [[], None])
def test_json_round_trips(events: list[Event] | None) -> None:
    events = _events() if events is None else events
    data = json.loads(_render("json", events))
    assert isinstance(data, list)
    assert [Event.from_dict(d) for d in data] == events


def test_jsonl_one_event_a_line_with_article() -> None:
    lines = _render("jsonl", _events()).splitlines()
    assert len(lines) == 2
    rows = [json.loads(line) for line in lines]
    assert [r["article"] for r in rows] == ["art-1", "art-2"]
    assert [Event.from_dict(r) for r in rows] == _events()


def test_csv_columns_and_values() -> None:
    rows = list(csv.DictReader(io.StringIO(_render("csv", _events()))))
    assert len(rows) == 2
    assert tuple(rows[0]) == CSV_COLUMNS
    full, bare = rows
    assert full["event_id_cnty"] == "e1" and full["event_date"] == "2021-05-03"
    assert (full["event_type"], full["sub_event_type"]) == ("Protests", "Excessive force against protesters")
    assert (full["inter1"], full["inter2"]) == ("1", "6")
    assert (full["latitude"], full["longitude"]) == ("10.5", "-20.25")
    assert (full["country"], full["admin1"], full["location"], full["geo_precision"]) == ("XX", "North Province", "Riverton", "1")
    assert full["time_precision"] == "1"
    assert full["fatalities"] == "3"  # killed.low
    assert (full["participants_low"], full["participants_best"], full["participants_high"]) == ("", "40", "40")
    assert full["notes"].startswith("Soldiers opened fire") and full["evidence"] == f"0-{len(full['notes'])}"
    assert full["source"] == "medics" and full["historical"] == "false"
    # the bare event: unknown actor kind and no actor give 0; a range is time precision 2
    assert (bare["inter1"], bare["inter2"], bare["time_precision"]) == ("0", "0", "2")
    assert bare["fatalities"] == "" and bare["historical"] == "true"
    assert bare["event_end_date"] == "2019-05-31"
    # article text that looks like a spreadsheet formula is neutralised
    assert bare["actor1"].startswith("'=")


def test_fatalities_fall_back_to_best() -> None:
    event = _events()[0].replace(killed=Count(None, 12, 12, "as many as 12"))
    row = next(csv.DictReader(io.StringIO(_render("csv", [event]))))
    assert row["fatalities"] == "12"


@pytest.mark.parametrize("precision, code", [("day", "1"), ("week", "2"), ("month", "3"), ("year", "3"), ("unknown", "3")])
def test_csv_time_precision(precision: str, code: str) -> None:
    event = _events()[0].replace(when=When(None, None, None, precision))
    assert next(csv.DictReader(io.StringIO(_render("csv", [event]))))["time_precision"] == code


def test_geojson_is_valid_and_lon_lat_ordered() -> None:
    doc = json.loads(_render("geojson", _events()))
    assert doc["type"] == "FeatureCollection"
    placed, bare = doc["features"]
    for feat in doc["features"]:
        assert feat["type"] == "Feature" and isinstance(feat["properties"], dict)
    assert placed["geometry"] == {"type": "Point", "coordinates": [-20.25, 10.5]}
    lon, lat = placed["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert bare["geometry"] is None
    # properties are the whole record
    assert Event.from_dict(placed["properties"]) == _events()[0]
    assert json.loads(_render("geojson", [])) == {"type": "FeatureCollection", "features": []}


def test_table_shows_the_main_fields() -> None:
    out = _render("table", _events())
    for expected in ("2021-05-03", "Protests", "Riverton", "3+", "reported", "historical", "Soldiers opened"):
        assert expected in out
    assert "no events" in _render("table", [])


def test_table_shows_markup_like_text_literally() -> None:
    text = "Crowd chanted [/bold] and [red]slogans[/red] outside."
    event = _events()[1].replace(evidence=(Evidence(text, 0, len(text)),))
    assert "[red]slogans[/red]" in _render("table", [event])


@pytest.mark.parametrize("count, shown", [
    (Count(7, 7, 7, "7"), "7"),
    (Count(24, 24, None, "at least 24"), "24+"),
    (Count(None, 40, 40, "up to 40"), "≤40"),
    (Count(None, 500, None, "about 500"), "~500"),
    (Count(10, None, 20, "between 10 and 20"), "10-20"),
    (None, ""),
])
def test_format_count(count: Count | None, shown: str) -> None:
    assert format_count(count) == shown
