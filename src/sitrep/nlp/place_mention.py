"""PlaceMention: a place phrase the finder marks in a Doc (unresolved until the resolver fills `place`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitrep.records import Place

KINDS = ("place", "demonym", "part", "relative", "country_scope", "embedded")
# Kinds that name a place but never say where an event happened: "Turkish", "the Texas Forest Service"
NOT_EVENT_KINDS = frozenset({"demonym", "embedded"})
GENERIC_PREFIX = "the "


@dataclass(frozen=True)
class PlaceMention:
    """A place phrase in a Doc: char offsets into doc.text, its kind, the bare name and, once resolved, the Place."""

    start: int
    end: int
    text: str
    kind: str  # place | demonym | part | relative | country_scope | embedded (a place word inside a name)
    name: str
    place: Place | None = None
    sent_i: int = -1
    token_i: int = -1  # the phrase's syntactic head token, for attaching it to an event
    tagged: bool = False  # the model itself called the name a place (GPE/LOC/FAC)

    def as_dict(self, article_id: str) -> dict[str, Any]:
        """Flat record for `sitrep places` output."""
        p = self.place
        return {
            "article": article_id, "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "geonameid": p.geonameid if p else None, "name": p.name if p else self.name,
            "feature": p.feature if p else None, "admin1": p.admin1 if p else None,
            "country": p.country if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
            "strategy": p.strategy if p else None, "score": p.score if p else None,
        }


def is_generic(name: str) -> bool:
    """Whether a name is an anaphor ("the city", "the capital") resolved from context."""
    return name.startswith(GENERIC_PREFIX)
