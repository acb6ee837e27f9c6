"""The sitrep_places spaCy component: finds the place mentions of a Doc (unresolved) into doc._.sitrep_places."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer
from sitrep.nlp.place_finder import find_place_mentions

ASSIGNS = ["doc._.sitrep_places"]


def register_extensions() -> None:
    """Declare doc._.sitrep_places (idempotent)."""
    if not Doc.has_extension("sitrep_places"):
        Doc.set_extension("sitrep_places", default=None)


class PlacesComponent:
    """spaCy component: writes the unresolved place mentions of a Doc to doc._.sitrep_places.

    The gazetteer is the one handed over with `use(gaz)`; without one, the index at the configured path
    (or the default one) is opened on first use."""

    def __init__(self, gazetteer: str = "") -> None:
        register_extensions()
        self.gazetteer_path = gazetteer
        self._gaz: Gazetteer | None = None

    def use(self, gaz: Gazetteer) -> "PlacesComponent":
        """Find names with this (already open) gazetteer; returns the component."""
        self._gaz = gaz
        return self

    @property
    def gaz(self) -> Gazetteer:
        """The gazetteer, opened on first use."""
        if self._gaz is None:
            self._gaz = Gazetteer.open(Path(self.gazetteer_path) if self.gazetteer_path else None)
        return self._gaz

    def __call__(self, doc: Doc) -> Doc:
        doc._.sitrep_places = find_place_mentions(doc, self.gaz)
        return doc


@Language.factory("sitrep_places", default_config={"gazetteer": ""}, assigns=ASSIGNS)
def make_places(nlp: Language, name: str, gazetteer: str) -> PlacesComponent:
    """Factory of the place-finding component (config: gazetteer path, empty for the default)."""
    return PlacesComponent(gazetteer)
