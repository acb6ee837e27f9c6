"""Candidates for a place name: ordered named strategies over the gazetteer, the first that yields any wins."""
from __future__ import annotations

import functools
import zlib
from typing import Callable

from sitrep.gazetteer import Gazetteer, GeoRow, admin1_abbreviations, normalise, place_words
from sitrep.gazetteer.tables import admin2_points
from sitrep.nlp.place_tokens import MIN_POP_BIG, MIN_POP_SINGLE


def _is_acronym(name: str) -> bool:
    """"SRT", "B", "PA": capitals only, at most four letters (alternate names hold airport and other codes)."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def name_strategies(gaz: Gazetteer) -> list[tuple[str, Callable[[str], list[GeoRow]]]]:
    """Ordered named ways to get candidates for a name; the first that yields any wins."""
    words = place_words()
    regions, natural = words["region_nouns"], words["natural_features"]
    abbreviations = admin1_abbreviations()

    def abbreviation(name: str) -> list[GeoRow]:
        text = name.strip()
        code = abbreviations.get(text) if ("." in text or len(text) > 2) else None
        row = gaz.admin1_by_code(code) if code else None
        return [row] if row is not None else []

    def region(name: str) -> list[GeoRow]:
        parts = name.split()
        if len(parts) > 1 and parts[-1].lower() in regions:
            row = gaz.admin1(None, " ".join(parts[:-1]))
            rows = [r for r in gaz.lookup(" ".join(parts[:-1])) if r.feature == "admin1"]
            # "Maguindanao province": a second-level province lies in its first-level one
            base = " ".join(parts[:-1])
            rows = rows or ([row] if row else []) or gaz.division_provinces(base)
            if not rows and not _is_acronym(base) and len(gaz.key_of(base)) >= 5 and not gaz.lookup(base):
                # the noun says it is a province: a spelling variant of a province's name ("Zaporizhia region"),
                # only for a name that is nothing as it stands ("Somalia Province" is a group's, not a province's)
                rows = [r for r in gaz.fuzzy(base) if r.feature == "admin1"]
            if not rows:
                # a province named after its main town ("Yangon Region", "Mandalay Region"): the province the
                # town (under its main name, a real town) lies in
                towns = [r for r in gaz.lookup(base) if r.feature == "place" and r.population >= MIN_POP_SINGLE
                         and gaz.is_primary_match(base, r) and r.admin1]
                a1 = gaz.admin1(towns[0].country, towns[0].admin1 or "") if towns else None
                rows = [a1] if a1 is not None else []
            return rows
        return []

    def country(name: str) -> list[GeoRow]:
        rows = gaz.lookup(name)
        if not any(r.feature == "country" for r in rows):
            return []
        # a province or a town of the same main name competes ("Georgia" the state, Lebanon in Ohio)
        return [r for r in rows if r.feature == "country" or gaz.is_primary_match(name, r)]

    def natural_feature(name: str) -> bool:
        return any(w.lower().rstrip(".") in natural for w in name.split())

    def exact(name: str) -> list[GeoRow]:
        rows = [r for r in gaz.lookup(name) if gaz.is_primary_match(name, r)]
        if _is_acronym(name):  # "LIMA" in capitals is still Lima; "PA" or "B" is not a town
            rows = [r for r in rows if r.feature != "place" or r.population >= MIN_POP_BIG]
        return rows

    def alternate(name: str) -> list[GeoRow]:
        if natural_feature(name):
            return []  # "Lake X" is no town's other name
        short = len(gaz.key_of(name).replace(" ", "")) < 4 or _is_acronym(name)
        return [r for r in gaz.lookup(name) if not (short and r.feature == "place")]

    common = words["part_nouns"] | words["facility_nouns"] | words["generic_places"] | words["not_places"]

    def fuzzy(name: str) -> list[GeoRow]:
        parts = name.split()
        # only proper names are respelt: "Town Hall", "a Wal-Mart" or "Market District" are not variants of towns
        if natural_feature(name) or _is_acronym(name) or len(gaz.key_of(name)) < 5 \
                or any(p.lower() in common for p in parts) \
                or not all(p[:1].isupper() or p.lower().rstrip("-") in words["name_articles"] for p in parts):
            return []
        return gaz.fuzzy(name)

    def division(name: str) -> list[GeoRow]:
        # a second-level division no town or province of its country is named after ("Sultan Kudarat"): the
        # province that holds it, before any spelling variant of a town elsewhere
        return [] if natural_feature(name) or _is_acronym(name) else gaz.division_provinces(name)

    return [("abbreviation", abbreviation), ("region", region), ("country", country), ("exact", exact),
            ("alternate", alternate), ("division", division), ("fuzzy", fuzzy)]


def candidates(gaz: Gazetteer, name: str, strategies: list[tuple[str, Callable[[str], list[GeoRow]]]]
               ) -> tuple[str, list[GeoRow]]:
    """(strategy label, up to 12 candidate rows) for a name: the first strategy of `strategies` that yields any."""
    if gaz.key_of(name) in _world_regions():
        return "none", []
    parts = name.split()
    if len(parts) == 1 and name.lower() in place_words()["directions"]:
        return "none", []  # "East", "Northeast": a direction, not the province some country calls so
    if county_base(name) is not None:
        return "county", []  # placed from context once the article's provinces are known
    for label, fn in strategies:
        rows = fn(name)
        if not rows and label == "fuzzy" and len(parts) > 1 and parts[-1].lower() in DISTRICT_WORDS:
            # "Comilla district": an administrative district is named after the town that seats it; placed
            # near that town (precision 2), when the whole names nothing
            rows = [r for r in dict(strategies)["exact"](" ".join(parts[:-1])) if r.feature == "place"]
            label = "district"
        if not rows and label == "fuzzy" and (town := _municipality_town(name)) is not None:
            # the town under its main name, else under another of its names ("Barisal City": Barishal)
            rows = [r for r in dict(strategies)["exact"](town) if r.feature == "place"] \
                or [r for r in dict(strategies)["alternate"](town) if r.feature == "place"]
            label = "municipality"
        if not rows and label == "fuzzy" and len(parts) > 1 and parts[0].lower() in _area_words():
            # "Far North Queensland", "Northern Texas", "Central Java": an area of the named province or country
            rest = parts[1:]
            while len(rest) > 1 and rest[0].lower() in _area_words():
                rest = rest[1:]
            rows = [r for r in gaz.lookup(" ".join(rest)) if r.feature != "place"]
            label = "area"
        if rows and label in ("exact", "alternate") and not _is_acronym(name) and len(gaz.key_of(name)) >= 4:
            # a second-level division of the name where no town or province of its country bears it ("Kent",
            # "Norfolk" in England) competes with the towns of that name abroad
            rows = rows + division_points(gaz, name, rows)
        if rows:
            if label == "exact":  # a primary-name hit still competes with bigger alternate-name places
                ids = {r.geonameid for r in rows}
                alt = [r for r in dict(strategies)["alternate"](name) if r.geonameid not in ids]
                # the biggest of those keep a place among the candidates, however many towns bear the name as
                # their main name ("Valencia": a big town of the Philippines lists it among its other names)
                head = MAX_CANDIDATES - ALT_KEPT
                rows = rows[:head] + alt[:ALT_KEPT] + rows[head:] + alt[ALT_KEPT:]
            return label, _province_first(rows)[:MAX_CANDIDATES]
    return "none", []


def county_base(name: str) -> str | None:
    """The county's own name in "Douglas County" or "Douglas County Sheriff's" (the words before the county
    noun; what follows it names the county's office, not another place), else None ("County Cork": no words
    before the noun)."""
    words = name.split()
    nouns, churches = place_words()["county_nouns"], place_words()["dedication_nouns"]
    for i in range(1, len(words)):
        if words[i].lower().removesuffix("'s").removesuffix("’s") in nouns:
            # "St. Mary's Parish Church" is a church, not a county
            return None if any(w.lower() in churches for w in words[i + 1:]) else " ".join(words[:i])
    return None


TOWNS_PEOPLE = 20_000  # people a division stands for per town of it that the town table lists (a rough size)


def division_points(gaz: Gazetteer, name: str, rows: list[GeoRow]) -> list[GeoRow]:
    """Second-level divisions of this name ("Leicestershire", "Kent" in England) as rows at the middle of their
    towns, in countries where no town or province of `rows` bears the name (there the town or province is meant)."""
    taken = {r.country for r in rows} | {r.country for r in gaz.lookup(name) if r.feature != "country"}
    return [r for r in admin2_rows(gaz, name) if r.country not in taken and r.admin1 is not None]


def admin2_rows(gaz: Gazetteer, name: str) -> list[GeoRow]:
    """The second-level divisions named `name` as town rows at the middle of their towns (admin2.tsv), with a
    negative id stable per division (they have no GeoNames id of their own) and a rough size by their towns."""
    out = []
    for code, lat, lon, towns in admin2_points().get(gaz.key_of(name), ()):
        a1 = gaz.admin1_by_code(code)
        out.append(GeoRow(geonameid=-1 - zlib.crc32(f"{code}|{name}".encode()), name=name, feature="place",
                          country=code.split(".")[0], admin1=a1.name if a1 is not None else None, lat=lat, lon=lon,
                          population=towns * TOWNS_PEOPLE))
    return out


DISTRICT_WORDS = frozenset({"district"})
MAX_CANDIDATES = 12  # candidate rows ranked per name
ALT_KEPT = 3  # of them, kept for the biggest towns that bear an exact name among their other names


def _municipality_town(name: str) -> str | None:
    """The town's name inside "X Township" / "City of X" / "Town of X", or None."""
    words = place_words()["municipality_words"]
    parts = name.split()
    if len(parts) >= 3 and parts[0].lower() in words and parts[1].lower() == "of":
        return " ".join(parts[2:])
    if len(parts) >= 2 and parts[-1].lower().rstrip(".") in words:
        return " ".join(parts[:-1])
    return None


def own_town(a1: GeoRow, rows: list[GeoRow]) -> bool:
    """Whether the name means a town: the province's main town (Homs in Homs) or a big one of its country.

    A province named like a lesser town of its own (Quebec, whose biggest town is elsewhere) keeps the name;
    a city of the same name abroad at least half the province's size takes it (a far province is no better
    guess than a big city)."""
    return any(r.feature == "place"
               and ((r.country == a1.country
                     and ((r.admin1 == a1.name and r.population >= 0.2 * a1.population) or
                          (r.admin1 != a1.name and r.population >= MIN_POP_BIG)))
                    or (r.country != a1.country and r.population >= max(MIN_POP_BIG, 0.5 * a1.population)))
               for r in rows)


def _province_first(rows: list[GeoRow]) -> list[GeoRow]:
    """A province whose name no town inside it bears goes before the towns ("Virginia" the state, not a town)."""
    for i, r in enumerate(rows):
        if r.feature == "admin1" and i > 0 and not own_town(r, rows) \
                and all(x.feature == "place" for x in rows[:i]):
            return [r] + rows[:i] + rows[i + 1:]
    return rows


@functools.lru_cache(maxsize=1)
def _area_words() -> frozenset[str]:
    return place_words()["directions"] | frozenset({"far", "central", "upper", "lower", "greater", "outer", "inner"})


@functools.lru_cache(maxsize=1)
def _world_regions() -> frozenset[str]:
    return frozenset(normalise(w) for w in place_words()["world_regions"])
