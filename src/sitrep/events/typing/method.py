"""One happening told twice, once by its victims and once by its means: which sub-type ACLED gives it.

ACLED codes an attack carried out by a suicide bomber as "Explosions/Remote violence: Suicide bomb", not as
"Violence against civilians: Attack" ("thirty cadets died in an assault on the college; a bomber set off his vest by
its gate" is one suicide bombing). Counted on ACLED train notes (split train, all 97k): of the 40 notes that
name a "suicide bomber", 14 are coded Suicide bomb, 20 Armed clash (a bombing within a fight stays a clash) and
none Attack; of the 12 with "blew himself/herself/themselves up", 5 Suicide bomb, 7 Armed clash, none Attack."""
from __future__ import annotations

# (type, sub-type) a telling of the means outranks, when both tell one happening
_OUTRANKS = {
    ("Explosions/Remote violence", "Suicide bomb"): frozenset({("Violence against civilians", "Attack")}),
}


def by_means(kept: tuple[str, str], other: tuple[str, str]) -> tuple[str, str] | None:
    """The (type, sub-type) of one happening told as `kept` and as `other`, when the means told by `other` decides
    it over `kept`; else None (the kept telling's type stands)."""
    return other if kept in _OUTRANKS.get(other, frozenset()) else None
