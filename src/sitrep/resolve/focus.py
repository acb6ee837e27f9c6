"""The one focus country: which country an article is about.

Two readings of one fact, kept as named variants because unifying them changes output:

- ``focus_by_votes`` (place resolution, before places are settled): clear names vote whole, an
  ambiguous name splits its vote among its candidate countries; the best country needs at least
  one whole vote, and ties break by country code so every run agrees.
- ``focus_by_majority`` (event building, after places are resolved): the country most often named
  among the resolved places.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any


def focus_by_votes(votes: Mapping[str, float]) -> str | None:
    """The country with the most votes if it has at least one whole vote; ties go to the smaller code."""
    best = min(votes.items(), key=lambda kv: (-kv[1], kv[0])) if votes else None
    return best[0] if best is not None and best[1] >= 1.0 else None


def focus_by_majority(mentions: Iterable[Any]) -> str | None:
    """The country most often named among resolved place mentions (first named wins a tie)."""
    c = Counter(m.place.country for m in mentions if getattr(m, "place", None) and m.place.country)
    return c.most_common(1)[0][0] if c else None
