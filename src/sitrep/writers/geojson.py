"""GeoJSON: one RFC 7946 FeatureCollection of Point features (null geometry when unplaced)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, TextIO

from sitrep.records import Event
from sitrep.writers.json_array import _write_items
from sitrep.writers.registry import first_line, writer


def geojson_feature(event: Event) -> dict[str, Any]:
    """An RFC 7946 Feature: a [lon, lat] Point (or null geometry) with the whole record as properties."""
    where = event.where
    geometry = None
    if where is not None and where.lat is not None and where.lon is not None:
        geometry = {"type": "Point", "coordinates": [where.lon, where.lat]}
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": event.as_dict()}


_START = '{"type": "FeatureCollection", "features": ['


def _recognise(path: Path) -> bool:
    """A previous GeoJSON output starts as write_geojson starts."""
    return first_line(path).startswith(_START)


@writer("geojson", suffix=".geojson", media_type="application/geo+json", recognise=_recognise)
def write_geojson(events: Iterable[Event], stream: TextIO) -> None:
    """One GeoJSON FeatureCollection, written feature by feature."""
    stream.write(_START)
    empty = _write_items(stream, (geojson_feature(event) for event in events))
    stream.write("]}\n" if empty else "\n]}\n")

