"""Ranking a name's candidates: what the whole article says (focus, provinces, neighbours) and one score each."""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from sitrep.gazetteer import Gazetteer, GeoRow, admin1_abbreviations
from sitrep.geo import km_between
from sitrep.nlp.place_mention import NOT_EVENT_KINDS, PlaceMention
from sitrep.nlp.place_tokens import MIN_POP_BIG
from sitrep.records import Place
from sitrep.resolve.focus import focus_by_votes
from sitrep.resolve.place_candidates import own_town


def _precision(kind: str, row: GeoRow) -> int:
    if row.feature != "place":
        return 3
    return 2 if kind == "relative" else 1


def place_of(m: PlaceMention, row: GeoRow, strategy: str, score: float) -> Place:
    """The Place a mention resolves to: the gazetteer row, how it was found, and its share of the ranking."""
    if row.geonameid < 0:  # a second-level division at the middle of its towns (no GeoNames id here)
        return Place(text=m.text, name=row.name, geonameid=None, feature="place", admin1=row.admin1,
                     country=row.country, lat=row.lat, lon=row.lon, precision=2, strategy="division",
                     score=round(score, 3))
    return Place(text=m.text, name=row.name, geonameid=row.geonameid, feature=row.feature, admin1=row.admin1,
                 country=row.country, lat=row.lat, lon=row.lon, precision=_precision(m.kind, row),
                 strategy=strategy, score=round(score, 3))


@dataclass
class Context:
    """What the whole article says about where it is: focus country, provinces named, clear places."""

    focus: str | None
    countries: set[str | None]
    provinces: Counter[tuple[str | None, str | None]]
    anchors: list[Place]
    neighbours: dict[int, float]  # candidate town -> weight of the other names with a candidate near it
    settled: dict[tuple[str | None, str | None], set[str]] = field(default_factory=dict)  # after a first pass


def article_context(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]],
                    hint: str | None = None, near_cands: list[tuple[str, list[GeoRow]]] | None = None) -> Context:
    """Votes over the article: clear names count whole, ambiguous ones split their vote among their countries."""
    votes: Counter[str] = Counter()
    provinces: Counter[tuple[str | None, str | None]] = Counter()
    anchors: list[Place] = []
    clear_votes: set[str] = set()  # countries some clear name voted for (a tie of split votes alone decides nothing)
    for m, (label, rows) in zip(mentions, cands):
        if not rows:
            continue
        clear = len(rows) == 1 or rows[0].population > 200 * max(1, rows[1].population) or label == "abbreviation"
        if clear:
            top = rows[0]
            votes[top.country or ""] += 1.0
            clear_votes.add(top.country or "")
            if top.feature != "country" and top.admin1:
                provinces[(top.country, top.admin1)] += 1
            if top.feature == "place" and m.kind not in NOT_EVENT_KINDS:
                anchors.append(place_of(m, top, label, 1.0))
        else:
            ctry = sorted({r.country or "" for r in rows[:6]})  # sorted: set order varies between runs
            for c in ctry:
                votes[c or ""] += 1.0 / len(ctry)
    votes.pop("", None)
    neighbours = _neighbours(mentions, near_cands if near_cands is not None else cands)
    # half votes of one ambiguous name must not decide on their own ("Tripoli" alone stays the larger one)
    focus = focus_by_votes(votes, hint, clear_votes)
    seen = {c for c, v in votes.items() if v >= 1.0}
    return Context(focus, seen, provinces, list({p.geonameid: p for p in anchors}.values()), neighbours)


def _cell(row: GeoRow) -> tuple[int, int]:
    return (math.floor((row.lat or 0.0) * 2), math.floor((row.lon or 0.0) * 2))  # half-degree squares


def _neighbours(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]]) -> dict[int, float]:
    """For each candidate town: how many other names of the article have a candidate within about 100 km.

    Local news names towns near each other: Decatur, Madison and Huntsville together point to one
    state. Each other name counts 1 / the square root of its number of candidate towns, so a name found
    everywhere adds less.
    Squares of half a degree and their eight neighbours stand in for distances (no pairwise loop)."""
    by_name: dict[str, list[GeoRow]] = {}
    for m, (_, rows) in zip(mentions, cands):
        towns = [r for r in rows if r.feature == "place" and r.lat is not None]
        if towns and m.kind not in NOT_EVENT_KINDS:
            by_name.setdefault(m.name.lower(), towns)
    if len(by_name) < 2:
        return {}
    cells: dict[tuple[int, int], dict[str, float]] = {}
    for key, towns in by_name.items():
        for r in towns:
            cells.setdefault(_cell(r), {})[key] = 1.0 / math.sqrt(len(towns))
    out: dict[int, float] = {}
    for key, towns in by_name.items():
        for r in towns:
            ci, cj = _cell(r)
            near: dict[str, float] = {}
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    near.update(cells.get((ci + di, cj + dj), {}))
            near.pop(key, None)
            if near:
                out[r.geonameid] = sum(near.values())
    return out


def rank_all(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]], ctx: Context, gaz: Gazetteer,
             text: str) -> list[PlaceMention]:
    """Each mention with the best-scored of its candidates (unchanged when it has none)."""
    focus = ctx.focus
    standalone = {gaz.key_of(m.name) for m in mentions if m.kind not in NOT_EVENT_KINDS}
    out: list[PlaceMention] = []
    shared = _shared_hints(mentions, cands, gaz, text)
    for m, (label, rows) in zip(mentions, cands):
        if not rows:
            out.append(m)
            continue
        if label == "fuzzy" and " " not in m.name.strip():
            # a one-word near miss is only trusted inside the article's own country ("Europe" is not "Erpe")
            rows = [r for r in rows if focus and r.country == focus]
            if not rows:
                out.append(m)
                continue
        if unknown_in_division(text, m.end, gaz, rows, focus):
            out.append(m)
            continue
        hint = hierarchy_hint(text, m.end, gaz)
        abbreviated = _abbreviated_tail(text, m.end)
        if hint is None and gaz.key_of(m.name) in shared:
            # one sense per discourse: a name the article placed once ("Holliday, Mo.") keeps that place
            hint, abbreviated = shared[gaz.key_of(m.name)]
        unk = _outside_named_province(rows, hint, gaz) if abbreviated else None
        if unk is not None:  # a town the gazetteer lacks, in the province the text names: that province, never a
            out.append(replace(m, place=place_of(m, unk, "in-province", 0.5)))  # namesake elsewhere
            continue
        key = gaz.key_of(m.name)
        main_named = frozenset(r.country for r in rows if r.feature == "place" and key == gaz.key_of(r.name))
        namesake: dict[str | None, int] = {}  # the biggest town of each country that bears the name as its main name
        for r in rows:
            if r.feature == "place" and key == gaz.key_of(r.name):
                namesake[r.country] = max(namesake.get(r.country, 0), r.population)
        scored = [(score_candidate(r, label, key, ctx, hint, gaz, own_town(r, rows), main_named,
                                   namesake.get(r.country, 0)), r) for r in rows]
        holder = _holder_of_previous(out, m, text)
        if holder is not None:  # "Tacoma, Washington": the name after "Town, " is the province that holds the town
            scored = [(s + HOLDER_BONUS if r.feature == "admin1" and (r.country, r.name) == holder else s, r)
                      for s, r in scored]
        scored.sort(key=lambda x: x[0], reverse=True)
        top = scored[0][0]
        share = 1.0 / sum(math.exp(s - top) for s, _ in scored)
        row = scored[0][1]
        strategy = label
        if label == "exact" and key != gaz.key_of(row.name):
            strategy = "alternate"
        if m.kind == "embedded" and row.feature == "place" and row.population < MIN_POP_BIG \
                and " " not in m.name and ((focus is not None and row.country != focus) or key not in standalone):
            # "the Spring Fair", "Falcon Industries": a small town's name inside another name counts only when
            # the article also names the town on its own ("Torrington firefighters" ... "in Torrington")
            out.append(m)
            continue
        out.append(replace(m, place=place_of(m, row, strategy, share)))
    return out


HOLDER_BONUS = 4.0  # as much as the hint the town itself took from the province after it


def _holder_of_previous(done: list[PlaceMention], m: PlaceMention, text: str) -> tuple[str | None, str | None] | None:
    """(country, province) of the town resolved just before `m` when only a comma stands between them ("Tacoma,
    Washington"), else None."""
    if not done:
        return None
    prev = done[-1]
    p = prev.place
    if p is None or p.feature != "place" or not p.admin1 or text[prev.end:m.start].strip() != ",":
        return None
    return (p.country, p.admin1)


def _shared_hints(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]], gaz: Gazetteer, text: str
                  ) -> dict[str, tuple[tuple[tuple[str | None, str | None], str | None], bool]]:
    """Name key -> the first "Y, Province" hint the article gives that name (and whether the province was
    abbreviated): the other mentions of the name take it, as a name keeps one sense throughout an article."""
    out: dict[str, tuple[tuple[tuple[str | None, str | None], str | None], bool]] = {}
    for m, (_, rows) in zip(mentions, cands):
        if not rows or m.kind in NOT_EVENT_KINDS or not text.startswith(",", m.end):
            continue
        key = gaz.key_of(m.name)
        if key not in out and (hint := hierarchy_hint(text, m.end, gaz)) is not None:
            out[key] = (hint, _abbreviated_tail(text, m.end))
    return out


def _abbreviated_tail(text: str, end: int) -> bool:
    """Whether "Y, " is followed by a province's abbreviation ("Holliday, Mo.", "Reno, Nev."): the style that only
    ever places a town, never lists places ("Toronto, Kansas, Ottawa")."""
    tail = _hint_tail(text, end)
    return bool(tail) and "." in text[end:end + len(tail) + 4] and bool(
        admin1_abbreviations().get(tail) or admin1_abbreviations().get(tail + "."))


def _outside_named_province(rows: list[GeoRow], hint: tuple[tuple[str | None, str | None], str | None] | None,
                            gaz: Gazetteer) -> GeoRow | None:
    """The province named after "Y, " ("Holliday, Mo.") when the name's candidates are towns of that province's
    country but none lies in it: a town the gazetteer lacks, inside that province. Else None."""
    if not hint or not hint[0][1] or not rows or any(r.feature != "place" for r in rows):
        return None
    country, a1 = hint[0]
    if not any(r.country == country for r in rows) or any(r.country == country and r.admin1 == a1 for r in rows):
        return None
    return gaz.admin1(country, a1 or "")


def hierarchy_hint(text: str, end: int, gaz: Gazetteer) -> tuple[tuple[str | None, str | None], str | None] | None:
    """The province and/or country named right after "Y, ..." ("Athens, Ga.", "Hama, Syria"), or None."""
    tail = _hint_tail(text, end)
    if not tail:
        return None
    code = admin1_abbreviations().get(tail) or admin1_abbreviations().get(tail + ".")
    if code:
        cc = code.split(".")[0]
        row = gaz.admin1_by_code(code)
        return ((cc, row.name if row else None), cc)
    for r in gaz.lookup(tail):
        if r.feature == "admin1":
            return ((r.country, r.name), r.country)
        if r.feature == "country":
            return ((r.country, None), r.country)
    for r in gaz.division_provinces(tail, beside_towns=True):  # "Esperanza, Sultan Kudarat": a second-level province
        return ((r.country, r.name), r.country)
    return None


def _hint_tail(text: str, end: int) -> str:
    """The words after "Y, " up to the next comma, colon, parenthesis or full stop ("" when no comma follows Y)."""
    if not text.startswith(",", end):
        return ""
    return re.split(r"[,;:\n(]|\.(?=\s|$)", text[end + 1:end + 40].strip() + " ", maxsplit=1)[0].strip()


def unknown_in_division(text: str, end: int, gaz: Gazetteer, rows: list[GeoRow], focus: str | None) -> bool:
    """"Valencia, Bukidnon" where no candidate lies in the focus country of the second-level province named
    after it: the text places the town in that province, so it is a town the gazetteer lacks, not the
    namesake abroad. Only a second-level province counts (lists of towns or first-level provinces,
    "Mosul, Aleppo", name places in several countries)."""
    tail = _hint_tail(text, end)
    if not tail or not focus or any(r.country == focus for r in rows):
        return False
    if any(r.feature in ("admin1", "country") for r in gaz.lookup(tail)) or admin1_abbreviations().get(tail):
        return False
    return any(r.country == focus for r in gaz.division_provinces(tail, beside_towns=True))


# a town whose country has a namesake at least this many times bigger (and a big city) needs the text's say-so
BIG_NAMESAKE = 50
BIG_NAMESAKE_PENALTY = 4.0
# news names a country's government by its capital ("Washington said", "talks in Moscow"): in an article about a
# country, its capital's name means the capital before a smaller namesake town of that country, even one in a
# province the article names for another town
CAPITAL_BONUS = 2.0


@functools.lru_cache(maxsize=4)
def capital_ids(gaz: Gazetteer) -> frozenset[int]:
    """The GeoNames ids of the countries' capitals (countries.tsv), once per gazetteer."""
    from sitrep.gazetteer.tables import countries_table

    rows = (gaz.capital(r["iso2"]) for r in countries_table() if r.get("capital"))
    return frozenset(r.geonameid for r in rows if r is not None)


def score_candidate(row: GeoRow, label: str, key: str, ctx: Context,
                    hint: tuple[tuple[str | None, str | None], str | None] | None, gaz: Gazetteer,
                    own_town: bool, main_named: frozenset[str | None] = frozenset(), namesake: int = 0) -> float:
    """Rank of one candidate: population, focus country, provinces named, "Y, Province" cues, nearness."""
    s = math.log10(row.population + 10)
    if row.feature == "admin1" and label != "region":
        # "Homs" the city before Homs the governorate; "Virginia" the state before towns elsewhere
        s += -2.0 if own_town else 0.5
    if row.feature == "country":
        s += 1.0
    if ctx.focus and row.country == ctx.focus:
        s += 2.5
    elif row.country in ctx.countries:
        s += 1.0
    if row.feature != "country" and ctx.provinces.get((row.country, row.admin1)):
        s += 1.2
    if hint:
        (h_country, h_a1), _ = hint
        if row.country == h_country and (h_a1 is None or row.admin1 == h_a1):
            s += 4.0
    others = ctx.settled.get((row.country, row.admin1), set()) - {key} if row.feature == "place" else set()
    if others:
        s += 0.8 * min(2, len(others))
    if row.feature == "place" and ctx.neighbours.get(row.geonameid):
        s += min(2.5, 1.5 * ctx.neighbours[row.geonameid])
    if ctx.anchors and row.feature == "place":
        for a in ctx.anchors:
            if a.geonameid != row.geonameid and km_between(row, a) < 150:
                s += 1.0
                break
    if row.feature == "place" and namesake >= MIN_POP_BIG and namesake >= BIG_NAMESAKE * max(row.population, 1):
        # a big city's name means the big city ("Atlanta" is Atlanta, Georgia, not the Indiana village near
        # Indianapolis) unless the text says otherwise ("Atlanta, Ind." adds the hint's 4.0): nearby places
        # named in the article alone do not make a village fifty times smaller the likelier reading
        s -= BIG_NAMESAKE_PENALTY
    if row.feature == "place" and row.country == ctx.focus and row.geonameid in capital_ids(gaz):
        s += CAPITAL_BONUS
    if label == "exact" and key == gaz.key_of(row.name):
        s += 0.5
    elif label == "exact" and row.feature == "place" and row.country in main_named:
        # a town of the same country bears the name as its main name ("Manhattan" in Kansas): one that only
        # lists it among its other names needs more support
        s -= 1.0
    return s
