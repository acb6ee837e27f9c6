"""sitrep.places is a re-export shim over the finding (sitrep.nlp) and resolving (sitrep.resolve) halves."""
from __future__ import annotations

import sitrep.places as shim
from sitrep.nlp import place_finder, place_mention
from sitrep.nlp import places as component
from sitrep.resolve import event_place, place_rank
from sitrep.resolve import places as resolving


def test_every_name_imported_from_sitrep_places_is_the_new_modules_object() -> None:
    assert shim.PlaceMention is place_mention.PlaceMention
    assert shim.KINDS is place_mention.KINDS
    assert shim.find_place_mentions is place_finder.find_place_mentions
    assert shim.register_extensions is component.register_extensions
    assert shim.PlacesComponent is component.PlacesComponent
    assert shim.make_places is component.make_places
    assert shim.resolve_places is resolving.resolve_places
    assert shim.place_names is resolving.place_names
    assert shim.event_place is event_place.event_place
    assert shim._numbered_road is resolving.numbered_road
    assert shim._Context is place_rank.Context
    assert shim._score is place_rank.score_candidate
    assert all(hasattr(shim, name) for name in shim.__all__)


def test_resolving_never_imports_the_component() -> None:
    """resolve/ depends on nlp/ mentions only: importing it must not need the spaCy factory module."""
    import ast
    from pathlib import Path

    for mod in (resolving, place_rank, event_place):
        tree = ast.parse(Path(str(mod.__file__)).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "sitrep.nlp.places" not in imported and "sitrep.places" not in imported
