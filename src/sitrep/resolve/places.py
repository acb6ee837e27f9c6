"""resolve_places: each PlaceMention's GeoNames place, from its candidates ranked in the article's context."""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from dataclasses import replace

from sitrep.geo import km_between
from sitrep.gazetteer import Gazetteer, GeoRow, admin1_abbreviations, demonyms, place_words
from sitrep.gazetteer.tables import admin2_points
from sitrep.nlp.place_mention import NOT_EVENT_KINDS, PlaceMention, is_generic
from sitrep.nlp.place_tokens import DETS
from sitrep.records import Place
from sitrep.resolve.place_candidates import admin2_rows, candidates, county_base, name_strategies
from sitrep.resolve.place_rank import article_context, hierarchy_hint, place_of, rank_all


def numbered_road(name: str) -> bool:
    """Whether a name is a numbered road ("Interstate 40", "Route 5", "S.R.", "Highway 59 to"), by road_words."""
    roads = place_words()["road_words"]
    words = name.lower().replace(".", "").split()
    for n in (2, 1):
        if len(words) >= n and " ".join(words[:n]) in roads:
            rest = words[n:]
            return not rest or rest[0][:1].isdigit() or all(x in roads for x in rest)
    return False


def place_names(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """The resolved place names of an article, for `sitrep places` (anaphors like "the city" left out).

    A name the model tagged but no gazetteer row holds stays listed, unresolved, unless it is a numbered road
    (a line through many places, never one place)."""
    return [m for m in mentions if not is_generic(m.name)
            and (m.place is not None or (m.tagged and not numbered_road(m.name)))]


def resolve_places(mentions: list[PlaceMention], gaz: Gazetteer, text: str,
                   country: str | None = None) -> list[PlaceMention]:
    """Mentions with `place` filled by the ranked winner of the named strategies (None when nothing fits);
    `country` (the article's hint, an ISO code: see `focus.hint_code`) is a prior of the focus vote."""
    demo = demonyms()
    strategies = name_strategies(gaz)
    cands: list[tuple[str, list[GeoRow]]] = []
    for m in mentions:
        if m.kind == "demonym":
            code = demo.get(m.name.lower()) or demo.get(m.name.split()[-1].lower())
            row = gaz.country(code) if code else None
            cands.append(("demonym", [row] if row else []))
        elif is_generic(m.name):
            cands.append(("context", []))
        elif text.startswith(".", m.end) and text[max(0, m.start - 2):m.start] == ", " \
                and (code := admin1_abbreviations().get(m.name + ".")) and (row := gaz.admin1_by_code(code)):
            cands.append(("abbreviation", [row]))  # "Brandon, Man." with the period split off as a full stop
        elif county_list(text, m.end) and not any(r.feature in ("admin1", "country") and gaz.is_primary_match(m.name, r)
                                                  for r in gaz.lookup(m.name)):  # "Ohio counties": Ohio's counties
            cands.append(("county", []))  # "Camden and Charlton counties": each name is a county's
        else:
            cands.append(candidates(gaz, m.name, strategies))
    ctx = article_context(mentions, cands, country, _with_county_points(mentions, cands, gaz))
    focus = ctx.focus
    out = rank_all(mentions, cands, ctx, gaz, text)
    # second pass: the provinces the other names landed in pull this one ("Madison" near Decatur and Huntsville)
    ctx.settled = _settled_provinces(out, gaz)
    if ctx.settled:
        out = rank_all(mentions, cands, ctx, gaz, text)
    out = _resolve_counties(out, cands, gaz, text, focus)
    # "Comilla district" placed at its seat town: near the town, not the town itself
    out = [replace(m, place=replace(m.place, precision=max(2, m.place.precision or 1)))
           if label == "district" and m.place is not None and m.place.feature == "place" else m
           for m, (label, _) in zip(out, cands)]
    out = _far_small_towns(_named_appositions(_resolve_generic(out, gaz, focus, text), text), gaz, focus)
    out = _beside_known(out, text)
    return _hinted_abroad(out, gaz, country)


def _with_county_points(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]], gaz: Gazetteer
                        ) -> list[tuple[str, list[GeoRow]]] | None:
    """The candidates with each "X County" standing as the middles of its namesakes (as towns without an id),
    for the nearness vote only: "Gainesville" beside "Hall County" is the Gainesville in Hall County.
    None when the article names no county."""
    if not any(label == "county" for label, _ in cands):
        return None
    out: list[tuple[str, list[GeoRow]]] = []
    for m, (label, rows) in zip(mentions, cands):
        if label == "county":
            base = county_base(m.name) or m.name  # "Camden and Charlton counties": the name alone
            rows = admin2_rows(gaz, base)
        out.append((label, rows))
    return out


_COUNTY_LIST = re.compile(r"(?:\s*(?:,|,? and|,? or|&)\s+(?:[A-Z][\w.'-]*\s+){0,2}?[A-Z][\w.'-]*)*\s+(counties|parishes)\b")


def county_list(text: str, end: int) -> bool:
    """Whether the name ending at `end` is one of a list of names before "counties" / "parishes" ("in Camden and
    Charlton counties", "Clarke, Madison and Oconee counties"): each names a county, not a town."""
    return _COUNTY_LIST.match(text, end, min(len(text), end + 200)) is not None


BIG_CITY = 1_000_000  # a city this big is known abroad by all its names ("Calcutta", "Bombay")


def _hinted_abroad(mentions: list[PlaceMention], gaz: Gazetteer, hint: str | None) -> list[PlaceMention]:
    """With the article's country given (`hint`), leave unresolved a weak reading abroad: a town in a country
    that no other name of the article lies in or names, that is small (a village of the article's country that
    the gazetteer lacks shares its name with a small town across the border: "Gauripur" in a Bangladeshi
    report is not the Indian town), or that only bears the name among its other names (another language's
    name of a foreign city, "Tiro" for Tyre, is no likelier than an unlisted village at home)."""
    if not hint:
        return mentions
    out = []
    for m in mentions:
        p = m.place
        if p is None or p.feature != "place" or p.geonameid is None or not p.country or p.country == hint \
                or m.kind == "demonym":
            out.append(m)
            continue
        named = any(o.place is not None and o.place.country == p.country and o.name != m.name for o in mentions)
        row = gaz.get(p.geonameid)
        pop = row.population if row is not None else 0
        weak = pop < SMALL_TOWN or (p.strategy in ("alternate", "fuzzy") and pop < BIG_CITY)
        out.append(replace(m, place=None) if weak and not named else m)
    return out


# a small town farther than this from every other place of the article, in a country the article never names, is a
# misreading ("El Alto", Bolivia's city the gazetteer lacks, was a Peruvian village 1,900 km from La Paz). 2,000 km
# before; 500 chosen on the geoparsing sets: precision TR-News 0.898 -> 0.901, LGL 0.847 -> 0.848, GWN 0.922 -> 0.924
# (TR-News acc161 0.959 -> 0.958); 300 gave the same. Beside countries alone (a backer: "rebels backed by Iran's air
# power captured Saraqib"), a country's point says little of where its region lies: COUNTRY_FAR_KM, as before
FAR_KM = 500.0
COUNTRY_FAR_KM = 4000.0
SMALL_TOWN = 50_000


@lru_cache(maxsize=1)
def _facility_nouns() -> frozenset[str]:
    from sitrep.resources import read_yaml

    return frozenset(str(w).lower() for w in read_yaml("cues.yaml").get("facility_nouns", []))


def far_landmark(m: PlaceMention, mentions: list[PlaceMention]) -> bool:
    """A landmark named after a town ("Saint Paul Coptic Orthodox Church" in a Cairo story) resolved to a town
    far from every other place of the article, in a country it does not name: never an event's place."""
    p = getattr(m, "place", None)
    if p is None or p.feature != "place" or not _landmark(m):
        return False
    others = [o.place for o in mentions if o.place is not None and o.name != m.name and o.place.feature != "country"]
    named = {o.place.country for o in mentions if o.place is not None and o.name != m.name
             and (o.place.feature != "place" or o.kind == "demonym")}
    far = [o for o in others if o.country != p.country]
    return bool(far) and p.country not in named and min(km_between(p, o) for o in far) > FAR_KM


def _landmark(m: PlaceMention) -> bool:
    """A named building or site ("Saint Paul Coptic Orthodox Church", "al-Shaab Stadium"), not a town."""
    words = (getattr(m, "text", "") or "").split()
    return len(words) > 1 and words[-1].lower() in _facility_nouns()


def _far_small_towns(mentions: list[PlaceMention], gaz: Gazetteer, focus: str | None) -> list[PlaceMention]:
    """Leave unresolved a small town in a country the article does not name, far from all its other places: a
    region or landmark missing from the gazetteer ("St. Peter's church" in a Cairo story, "the al-Tijara
    neighbourhood" of Damascus) that only a small town on another continent happens to be called."""
    placed = [m for m in mentions if m.place is not None]
    if len(placed) < 2:
        return mentions
    out = []
    for m in mentions:
        p = m.place
        if p is None or p.feature != "place" or p.geonameid is None:
            out.append(m)
            continue
        others = [o.place for o in placed if o.place is not None and o.name != m.name and o.place.feature != "country"
                  and o.place.country != p.country]  # a country's point (its capital) says little of a region
        named = {o.place.country for o in placed if o.place is not None and o.name != m.name
                 and o.kind != "embedded"}  # the countries of the article's other places
        far = FAR_KM
        if not others:  # only countries besides it ("Kashmir, claimed by India and Pakistan"): their points, farther
            others = [o.place for o in placed if o.place is not None and o.name != m.name
                      and o.place.feature == "country" and o.place.country != p.country and o.kind != "embedded"]
            far = COUNTRY_FAR_KM  # a country's point may lie far from its edge
        row = gaz.get(p.geonameid)
        if (others and p.country not in named and row is not None
                and row.population < SMALL_TOWN
                and min(km_between(p, o) for o in others) > far):
            out.append(replace(m, place=None))
            continue
        out.append(m)
    return out


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)")
_GAP_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)?|[^\w\s]")
BESIDE_CHARS = 60  # the words between a name and the place it lies beside or in, at most


def _lacking(m: PlaceMention) -> bool:
    """A proper name the finder marked as a place that no gazetteer row holds (a village, a quarter)."""
    return m.place is None and m.kind == "place" and not is_generic(m.name) and m.name[:1].isupper() \
        and not numbered_road(m.name)


def _beside_words(gap: str, relative_host: bool) -> bool:
    """Whether the words between a name and a known place say it lies beside or inside it ("just east of", ", near",
    "on the outskirts of", "in"), with only hedges, numbers and units besides; with hedges alone when the known
    place is itself a relative phrase ("X, just 10 km north of Y")."""
    words = place_words()
    rel = words["near_words"] | words["directions"] | {"in", "inside", "outside"}
    toks = [t.lower() for t in _GAP_WORD.findall(gap)]
    if any(not (t in rel or t in words["beside_fillers"] or t == "," or t[:1].isdigit()) for t in toks):
        return False
    return any(t in rel for t in toks) or relative_host


def _beside_known(mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
    """A name the gazetteer lacks, told beside or inside a known town or province ("the villages of A, B and C just
    east of Y", "A, near Y", "A in Y province"), lies there: Y's place in A's words, precision 2 near a town, 3 in a
    province (strategy "beside"). A list of such names shares the place its last one is told beside. Never a
    country (a country says too little) nor a place told farther off than a short phrase."""
    out = list(mentions)
    for k, m in enumerate(out):
        if not _lacking(m):
            continue
        j = k + 1
        while j < len(out) and _lacking(out[j]) and _LIST_GAP.fullmatch(text, out[j - 1].end, out[j].start):
            j += 1
        if j >= len(out):
            continue
        host, gap = out[j], text[out[j - 1].end:out[j].start]
        p = host.place
        if p is None or p.feature not in ("place", "admin1") or host.kind in NOT_EVENT_KINDS or len(gap) > BESIDE_CHARS \
                or not _beside_words(gap, host.kind == "relative"):
            continue
        precision = 2 if p.feature == "place" else 3
        out[k] = replace(m, place=p.replace(text=m.text, precision=max(precision, p.precision or 1), strategy="beside"))
    return out


_APPOSITION_GAP = re.compile(r"\s*,\s*")


def _named_appositions(mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
    """"a town north of the city, al-Rastan, ...": the relative phrase is the town named right after it."""
    out = list(mentions)
    for k, m in enumerate(out[:-1]):
        nxt = out[k + 1]
        if m.kind != "relative" or nxt.place is None or nxt.place.feature != "place" or nxt.kind != "place":
            continue
        first = m.text.split(" ", 2)
        if len(first) < 2 or first[0].lower() not in DETS or first[1].lower() not in place_words()["generic_places"]:
            continue  # only "a town ..." / "the village ..." phrases stand for a town of their own
        if _APPOSITION_GAP.fullmatch(text[m.end:nxt.start]):
            out[k] = replace(m, place=nxt.place.replace(text=m.text, precision=1, strategy="apposition"))
    return out


def _settled_provinces(mentions: list[PlaceMention], gaz: Gazetteer) -> dict[tuple[str | None, str | None], set[str]]:
    """(country, province) -> the names resolved to towns or to that province in it."""
    out: dict[tuple[str | None, str | None], set[str]] = {}
    for m in mentions:
        p = m.place
        if p is not None and p.feature != "country" and p.admin1 and m.kind not in NOT_EVENT_KINDS:
            out.setdefault((p.country, p.admin1), set()).add(gaz.key_of(m.name))
    return out


def _resolve_counties(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]], gaz: Gazetteer,
                      text: str, focus: str | None) -> list[PlaceMention]:
    """"X County" (no gazetteer row): a province of that name, else the most-named town of its province."""
    if not any(label == "county" for label, _ in cands):
        return mentions
    towns: Counter[int] = Counter(m.place.geonameid for m in mentions if m.place is not None
                                  and m.place.feature == "place" and m.kind not in NOT_EVENT_KINDS
                                  and m.place.geonameid is not None and (focus is None or m.place.country == focus))
    provinces: Counter[tuple[str | None, str | None]] = Counter(
        (m.place.country, m.place.admin1) for m in mentions if m.place is not None and m.place.feature != "country"
        and m.kind not in NOT_EVENT_KINDS and (focus is None or m.place.country == focus))
    placed = [m.place for m in mentions if m.place is not None and m.place.feature == "place"
              and m.kind not in NOT_EVENT_KINDS and (focus is None or m.place.country == focus)]
    out: list[PlaceMention] = []
    for m, (label, _) in zip(mentions, cands):
        if label != "county" or m.place is not None:
            out.append(m)
            continue
        base = county_base(m.name) or m.name  # "Camden and Charlton counties": the plural noun after the list
        own = [r for r in gaz.lookup(base) if r.feature == "admin1" and (focus is None or r.country == focus)]
        if focus is None and admin2_points().get(gaz.key_of(base)):
            own = []  # no country known: a second-level county of that name is likelier than a province abroad
        if own:  # some countries' counties are their provinces
            out.append(replace(m, place=place_of(m, own[0], "region", 0.8)))
            continue
        hint = hierarchy_hint(text, m.end, gaz)
        county = _county_point(m, base, gaz, hint, provinces, placed, focus)
        if county is not None:
            out.append(replace(m, place=county))
            continue
        province = hint[0] if hint and hint[0][1] else (provinces.most_common(1)[0][0] if provinces else None)
        if province is None:
            out.append(m)
            continue
        in_province = [(n, gid) for gid, n in towns.items() if (row := gaz.get(gid)) is not None
                       and (row.country, row.admin1) == province]
        if in_province:
            row = gaz.get(max(in_province)[1])
            assert row is not None
            out.append(replace(m, place=replace(place_of(m, row, "county", 0.5), precision=2)))
            continue
        a1 = next((r for r in gaz.lookup(province[1] or "") if r.feature == "admin1" and r.country == province[0]),
                  None)
        out.append(replace(m, place=place_of(m, a1, "county", 0.4)) if a1 is not None else m)
    return out


COUNTY_NEAR_KM = 100.0  # a town of the article this close to a county's middle points to that county


def _county_point(m: PlaceMention, base: str, gaz: Gazetteer,
                  hint: tuple[tuple[str | None, str | None], str | None] | None,
                  provinces: Counter[tuple[str | None, str | None]], placed: list[Place],
                  focus: str | None) -> Place | None:
    """"Douglas County": the second-level division of that name at the middle of its towns (precision 2), among
    the namesakes of the focus country the one in the province the text gives ("Madison County, Ind."), else
    the one whose province the article names most and whose middle lies near its towns; None when several
    namesakes remain and nothing in the article picks one."""
    rows = admin2_points().get(gaz.key_of(base), ())
    if focus:
        rows = tuple(r for r in rows if r[0].split(".")[0] == focus)
    scored: list[tuple[float, GeoRow, tuple[str, float, float, int]]] = []
    for r in rows:
        a1 = gaz.admin1_by_code(r[0])
        if a1 is None or (hint and hint[0][1] and (a1.country, a1.name) != hint[0]):
            continue
        point = Place(text="", name="", geonameid=None, feature="place", admin1=a1.name, country=a1.country,
                      lat=r[1], lon=r[2])
        near = sum(1 for p in placed if km_between(point, p) < COUNTY_NEAR_KM)
        scored.append((min(3, provinces.get((a1.country, a1.name), 0)) + 1.5 * min(2, near), a1, r))
    if not scored:
        return None
    scored.sort(key=lambda x: (x[0], x[2][3]), reverse=True)
    best, a1, (_, lat, lon, _) = scored[0]
    if len(scored) > 1 and best <= scored[1][0]:
        return None  # namesakes the article does not tell apart
    name = m.name.title() if m.name.isupper() else m.name
    return Place(text=m.text, name=name, geonameid=None, feature="place", admin1=a1.name, country=a1.country,
                 lat=lat, lon=lon, precision=2, strategy="county", score=0.6)


def _recent(before: PlaceMention | None, m: PlaceMention, text: str) -> bool:
    """Whether `before` is told in the same paragraph as `m` or in the sentence just before it."""
    if before is None:
        return False
    if "\n" not in text[before.end:m.start]:
        return True
    return 0 <= before.sent_i and m.sent_i - 1 <= before.sent_i


def _resolve_generic(mentions: list[PlaceMention], gaz: Gazetteer, focus: str | None,
                     text: str = "") -> list[PlaceMention]:
    """"the capital" -> the focus country's capital; "the city/town" -> the town named last before it when that is
    in the same paragraph or the sentence before, else the town the article named most so far
    when it was named at least twice (the story's town), else nothing (a town named paragraphs before, once, is
    no likelier than an unnamed one: "visited the capital last week ... Fighters stormed the city")."""
    out: list[PlaceMention] = []
    last_place: Place | None = None
    last_m: PlaceMention | None = None
    named: Counter[int] = Counter()
    for m in mentions:
        if is_generic(m.name) and m.place is None:
            word = m.name.split()[-1]
            row: GeoRow | None = None
            strategy = "context"
            if word == "capital" and focus:
                row, strategy = gaz.capital(focus), "capital"
            elif word == "country" and focus:
                row = gaz.country(focus)
            elif word in ("city", "town", "village"):
                if last_place is not None and last_place.geonameid and _recent(last_m, m, text):
                    row = gaz.get(last_place.geonameid)
                elif named and (top := named.most_common(1)[0])[1] >= 2:
                    row = gaz.get(top[0])  # no town just before: the town the story is about
            elif word == "province" and last_place is not None and last_place.admin1 and last_place.country:
                row = gaz.admin1(last_place.country, last_place.admin1)
            if row is not None:
                m = replace(m, place=place_of(m, row, strategy, 0.6))
        if m.place is not None and m.place.feature == "place" and m.kind not in NOT_EVENT_KINDS:
            last_place, last_m = m.place, m
            if m.place.geonameid and not is_generic(m.name):
                named[m.place.geonameid] += 1
        elif m.place is not None and m.place.feature == "country" and m.kind not in NOT_EVENT_KINDS:
            city = city_state(gaz, m.place.country)
            if city is not None:  # "Hong Kong police cleared ... the city's downtown": a city-state is a city
                last_place, last_m = place_of(m, city, "context", 0.6), m
        out.append(m)
    return out


CITY_STATE_SHARE = 0.8  # a country whose capital holds this share of its people is a city ("Singapore")


def city_state(gaz: Gazetteer, country: str | None) -> GeoRow | None:
    """The capital of a city-state (Hong Kong, Singapore, Macau, Monaco): a country whose capital holds nearly
    all of its people, so that "the city" after the country's name is that capital. Else None."""
    if not country:
        return None
    ctry, cap = gaz.country(country), gaz.capital(country)
    if ctry is None or cap is None or not ctry.population:
        return None
    return cap if cap.population >= CITY_STATE_SHARE * ctry.population else None
