"""GeoJSON: one RFC 7946 FeatureCollection of Point features (null geometry when unplaced)."""
from __future__ import annotations

from typing import Any, Iterable, TextIO

from sitrep.records import Event
from sitrep.writers.json_array import _write_items
from sitrep.writers.registry import writer


def geojson_feature(event: Event) -> dict[str, Any]:
    """An RFC 7946 Feature: a [lon, lat] Point (or null geometry) with the whole record as properties."""
    where = event.where
    geometry = None
    if where is not None and where.lat is not None and where.lon is not None:
        geometry = {"type": "Point", "coordinates": [where.lon, where.lat]}
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": event.as_dict()}


@writer("geojson", suffix=".geojson", media_type="application/geo+json")
def write_geojson(events: Iterable[Event], stream: TextIO) -> None:
    """One GeoJSON FeatureCollection, written feature by feature."""
    stream.write('{"type": "FeatureCollection", "features": [')
    empty = _write_items(stream, (geojson_feature(event) for event in events))
    stream.write("]}\n" if empty else "\n]}\n")

