"""Numbers and quantities in words (data/numbers.yaml): parse "at least 24" or "tens of thousands" into low/best/high."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from sitrep.records import Count
from sitrep.resources import read_yaml

_TOKEN_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+|-")
_DIGITS_RE = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")


@dataclass(frozen=True)
class NumberWords:
    """The lexicon of numbers.yaml, in lookup-ready form."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    articles: frozenset[str]
    vague: dict[tuple[str, ...], tuple[int | None, int | None, int | None]]
    vague_multipliers: tuple[tuple[str, ...], ...]
    modifiers: tuple[tuple[tuple[str, ...], str], ...]  # longest phrase first
    joiners: frozenset[str]

    vague_heads: frozenset[str]  # content words of vague quantities ("dozens", "handful", "tens")
    modifier_words: frozenset[str]  # every word that may stand left of a number as part of its figure


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    """numbers.yaml, loaded once."""
    raw = read_yaml("numbers.yaml")
    vague = {tuple(k.split()): (v[0], v[1], v[2]) for k, v in raw["vague"].items()}
    mods = sorted(((tuple(k.split()), str(v)) for k, v in raw["modifiers"].items()), key=lambda kv: -len(kv[0]))
    articles = frozenset(raw["article_words"])
    glue = {"of", "or", "so", "a", "an"}
    mod_words = {w for phrase, _ in mods for w in phrase}
    mod_words |= {w for phrase in vague for w in phrase if not phrase[-1].endswith("s")}
    return NumberWords(
        units={k: int(v) for k, v in raw["units"].items()},
        tens={k: int(v) for k, v in raw["tens"].items()},
        scales={k: int(v) for k, v in raw["scales"].items()},
        articles=articles,
        vague=vague,
        vague_multipliers=tuple(tuple(m.split()) for m in raw["vague_multipliers"]),
        modifiers=tuple(mods),
        joiners=frozenset(str(j) for j in raw["range_joiners"]),
        vague_heads=frozenset(w for phrase in vague for w in phrase if w not in glue),
        modifier_words=frozenset(mod_words | articles),
    )


_Triple = tuple[int | None, int | None, int | None]


def _match_phrase(toks: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Does the multi-word phrase start at toks[i]?"""
    return tuple(toks[i : i + len(phrase)]) == phrase


def _parse_vague(toks: Sequence[str], i: int, nw: NumberWords) -> tuple[_Triple, int] | None:
    """A vague quantity at toks[i] ("dozens", "tens of thousands", "several hundred"), longest first."""
    best: tuple[_Triple, int] | None = None
    for phrase, triple in nw.vague.items():
        if _match_phrase(toks, i, phrase) and (best is None or len(phrase) > best[1] - i):
            best = (triple, i + len(phrase))
    for mult in nw.vague_multipliers:
        j = i + len(mult)
        if _match_phrase(toks, i, mult) and j < len(toks) and toks[j] in nw.scales:
            plural = (toks[j] + "s",)
            triple = nw.vague.get(plural)
            if triple is not None and (best is None or j + 1 > best[1]):
                best = (triple, j + 1)
    if best is not None:
        # "dozens" must not swallow "dozens of thousands"-like runs it does not know: fine as is
        return best
    return None


def _parse_exact(toks: Sequence[str], i: int, nw: NumberWords) -> tuple[int, int] | None:
    """An exact number at toks[i] ("10,000", "two hundred and fifty", "1.5 million", "a dozen")."""
    total = 0.0
    current = 0.0
    last = ""  # kind of the previous token: digit, unit, tens, scale, article
    j = i
    n = len(toks)
    while j < n:
        tok = toks[j]
        nxt = toks[j + 1] if j + 1 < n else ""
        if _DIGITS_RE.match(tok):
            if last in ("digit", "unit", "tens", "scale", "article"):
                break
            current = float(tok.replace(",", ""))
            last = "digit"
        elif tok in nw.units:
            if last in ("digit", "unit", "article") or (last == "scale" and current == 0 and total == 0):
                break
            current += nw.units[tok]
            last = "unit"
        elif tok in nw.tens:
            if last in ("digit", "unit", "tens", "article"):
                break
            current += nw.tens[tok]
            last = "tens"
        elif tok in nw.scales:
            if last not in ("digit", "unit", "tens", "article", "scale"):
                break
            scale = nw.scales[tok]
            if scale < 1000:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
            last = "scale"
        elif tok in nw.articles and j == i and nxt in nw.scales:
            current = 1
            last = "article"
        elif tok == "and" and last == "scale" and (nxt in nw.units or nxt in nw.tens):
            pass  # "two hundred and fifty"
        elif tok == "-" and last == "tens" and nxt in nw.units:
            pass  # "twenty-five"
        else:
            break
        j += 1
    if j == i or last == "article":
        return None
    if j < n and toks[j].endswith("illion"):
        return None  # "nine septillion": a scale word not listed makes the figure unknown, never the bare 9
    value = total + current
    if value > 1e15:  # nonsense, and keeps int() cheap
        return None
    return int(round(value)), j


def _parse_quantity(toks: Sequence[str], i: int, nw: NumberWords) -> tuple[_Triple, bool, int] | None:
    """A number or vague quantity at toks[i]: (low, best, high), whether exact, next index."""
    vague = _parse_vague(toks, i, nw)
    exact = _parse_exact(toks, i, nw)
    if exact is not None and (vague is None or exact[1] >= vague[1]):
        v = exact[0]
        return (v, v, v), True, exact[1]
    if vague is not None:
        return vague[0], False, vague[1]
    return None


def _apply(kind: str, base: _Triple, exact: bool) -> _Triple:
    """The bounds a modifier gives to a base quantity (see numbers.yaml)."""
    low, best, high = base
    if kind == "at_least":
        return low, best if exact else None, None
    if kind == "more_than":
        return (low + 1 if exact and low is not None else low), (best + 1 if exact and best is not None else None), None
    if kind == "at_most":
        return None, best if exact else None, high
    if kind == "less_than":
        if exact and best is not None:
            return None, max(best - 1, 0), max(best - 1, 0)
        return None, None, high
    if kind == "approx":
        return (None, best, None) if exact else base
    return base


def _consistent(low: int | None, best: int | None, high: int | None) -> _Triple:
    """Keep low <= best <= high, dropping the odd one out if a lexicon entry breaks it."""
    if low is not None and high is not None and low > high:
        low, high = high, low
    if best is not None and ((low is not None and best < low) or (high is not None and best > high)):
        best = None
    return low, best, high


def _parse_tokens(toks: Sequence[str], nw: NumberWords) -> tuple[_Triple, int] | None:
    """Parse a figure from the start of toks; returns the bounds and how many tokens it used."""
    kind = ""
    i = 0
    for phrase, mkind in nw.modifiers:
        if _match_phrase(toks, 0, phrase):
            kind, i = mkind, len(phrase)
            break
    first = _parse_quantity(toks, i, nw)
    if first is None:
        return None
    base, exact, j = first
    # ranges: "10 to 20", "15 or 20", "10-20", "between 10 and 20"
    if j + 1 < len(toks) and toks[j] in nw.joiners and (toks[j] != "and" or kind == "range"):
        second = _parse_quantity(toks, j + 1, nw)
        if second is not None:
            (lo1, _, _), (_, _, hi2) = base, second[0]
            lo = lo1 if lo1 is not None else base[1]
            hi = hi2 if hi2 is not None else second[0][1]
            return _consistent(lo, None, hi), second[2]
    if kind == "range":
        kind = "approx"  # "between 10" with no second end: keep it vague
    return _consistent(*_apply(kind, base, exact)), j


def _tokens(text: str) -> list[str]:
    """Lower-cased words, numbers and hyphens of a figure phrase."""
    return _TOKEN_RE.findall(text.lower().replace("\u2013", "-").replace("\u2014", "-"))


def parse_count(text: str) -> Count | None:
    """Parse a figure phrase ("at least 24 killed", "tens of thousands", "between 10 and 20") into a Count."""
    if not isinstance(text, str) or not text.strip():
        return None
    got = _parse_tokens(_tokens(text[:500]), number_words())
    if got is None:
        return None
    low, best, high = got[0]
    if low is None and best is None and high is None:
        return None
    return Count(low=low, best=best, high=high, text=text.strip())


def stated_low(count: Count | None) -> int | None:
    """The lowest number a figure states in words: its low, except that "more than 20" states 20 (its low is
    21, DESIGN.md's bound). Coders who record the stated number (ACLED codes "more than 20 killed" as 20)
    compare this, not the bound."""
    if count is None or count.low is None:
        return None
    toks = _tokens(count.text[:500])
    nw = number_words()
    for phrase, kind in nw.modifiers:
        if _match_phrase(toks, 0, phrase):
            if kind == "more_than" and count.best == count.low and count.high is None:
                got = _parse_tokens(toks, nw)
                if got is not None and got[0][0] == count.low:
                    return count.low - 1
            break
    return count.low
