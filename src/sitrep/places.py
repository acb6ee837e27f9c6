"""Compatibility shim: the place stage now lives in two halves.

Finding (spaCy component, mentions): `sitrep.nlp.places`, `sitrep.nlp.place_finder`, `sitrep.nlp.place_mention`.
Resolving (plain functions over mentions and the gazetteer): `sitrep.resolve.places`, `sitrep.resolve.event_place`.
Every name imported from `sitrep.places` before the split is re-exported here; new code imports from the halves.
"""
from __future__ import annotations

from sitrep.nlp.place_finder import find_place_mentions
from sitrep.nlp.place_mention import KINDS, PlaceMention
from sitrep.nlp.places import PlacesComponent, make_places, register_extensions
from sitrep.resolve.event_place import event_place
from sitrep.resolve.place_rank import Context as _Context
from sitrep.resolve.place_rank import score_candidate as _score
from sitrep.resolve.places import numbered_road as _numbered_road
from sitrep.resolve.places import place_names, resolve_places

__all__ = [
    "KINDS", "PlaceMention", "PlacesComponent", "event_place", "find_place_mentions", "make_places", "place_names",
    "register_extensions", "resolve_places", "_Context", "_numbered_road", "_score",
]
