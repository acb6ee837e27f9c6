"""The one focus country: which country an article is about.

Two readings of one fact, kept as named variants because unifying them changes output:

- ``focus_by_votes`` (place resolution, before places are settled): clear names vote whole, an
  ambiguous name splits its vote among its candidate countries; the best country needs at least
  one whole vote, and ties break by country code so every run agrees (a tie of split votes alone
  names no country).
- ``focus_by_majority`` (event building, after places are resolved): the country most often named
  among the resolved places.

An article may carry a ``country`` hint (DESIGN.md: ISO alpha-2 or an English name). It is a prior, never the
answer: it seeds the vote with ``HINT_VOTES`` whole votes, so the names of the text still outvote it when they
clearly point elsewhere. It is passed down as an argument: ``resolve_places(..., country=)`` →
``article_context(..., hint=)`` → ``focus_by_votes(votes, hint)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sitrep.records import Place

HINT_VOTES = 2.0  # whole votes the hint seeds: it outweighs one ambiguous or clear name, not three clear ones


def hint_code(country: str | None, gaz: Any) -> str | None:
    """The ISO alpha-2 code of a country hint (a code or a country name the gazetteer knows), else None."""
    text = (country or "").strip()
    if not text:
        return None
    row = gaz.country(text) if gaz is not None else None
    if row is not None and row.country:
        return str(row.country).upper()
    return text.upper() if len(text) == 2 and text.isalpha() else None



def hint_place(code: str | None, gaz: Any) -> Place | None:
    """The country of an article's hint (an ISO code from `hint_code`) as a country-level Place without
    coordinates: where a place no gazetteer row holds lies when nothing in the text says which country holds it."""
    row = gaz.country(code) if code and gaz is not None else None
    if row is None or not row.country:
        return None
    return Place(text=row.name, name=row.name, geonameid=row.geonameid, feature="country", admin1=None,
                 country=str(row.country).upper(), lat=None, lon=None, precision=3, strategy="hint")


def focus_by_votes(votes: Mapping[str, float], hint: str | None = None,
                   clear: Iterable[str] | None = None) -> str | None:
    """The country with the most votes if it has at least one whole vote; ties go to the smaller code, except
    a tie that only split votes make (`clear`: the countries some clear name voted for): one ambiguous name
    repeated ("Huntsville" three times, in Alabama or in Ontario) says nothing of the country, so none.

    `hint` (the article's country, an ISO code) adds HINT_VOTES whole votes to its country."""
    if hint:
        seeded = dict(votes)
        seeded[hint] = seeded.get(hint, 0.0) + HINT_VOTES
        votes = seeded
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < 1.0:
        return None
    tied = [c for c, v in ranked if v >= ranked[0][1] - 1e-9]
    if len(tied) > 1 and clear is not None and not any(c in clear or c == hint for c in tied):
        return None
    return tied[0]


def focus_by_majority(mentions: Iterable[Any]) -> str | None:
    """The country most often named among resolved place mentions (first named wins a tie)."""
    c = Counter(m.place.country for m in mentions if getattr(m, "place", None) and m.place.country)
    return c.most_common(1)[0][0] if c else None
