"""Distances on the globe, in one place."""
from __future__ import annotations

import math
from typing import Any

EARTH_KM = 6371.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, h)))


def km_between(a: Any, b: Any) -> float:
    """km() between two things with .lat and .lon (a place, a gazetteer row); 1e9 when either lacks a point."""
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 1e9
    return km(a.lat, a.lon, b.lat, b.lon)
