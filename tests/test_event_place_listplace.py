"""The event's own place, issue 11 ("read news nobody tuned it on"): what holds a name the gazetteer does not know,
the clauses a candidate sits in, and a lead that names only a part of a country. Sentences written for these tests."""
from __future__ import annotations

from sitrep.nlp.place_mention import PlaceMention
from sitrep.records import Place
from sitrep.resolve.event_place import unresolved_place


def _m(name: str, place: Place | None, kind: str = "place") -> PlaceMention:
    return PlaceMention(0, len(name), name, kind, name, place=place)


def _place(name: str, feature: str, country: str, strategy: str = "exact", gid: int = 1) -> Place:
    return Place(text=name, name=name, geonameid=gid, feature=feature, admin1=None, country=country, lat=1.0,
                 lon=1.0, precision=3 if feature == "country" else 1, strategy=strategy)


def test_an_anaphor_resolved_abroad_does_not_hold_an_unknown_village() -> None:
    # "militants took the village of Tell Qasra, a base to strike the city": "the city" was resolved, from the
    # context, to a town of another country than the article's; the article's country holds the village instead
    village = _m("Tell Qasra", None)
    abroad = _m("the city", _place("Springfield", "place", "US", strategy="context", gid=2))
    home = _m("Syria", _place("Syria", "country", "SY", gid=3))
    mentions = [home, _m("Syria", _place("Syria", "country", "SY", gid=3)), abroad]
    got = unresolved_place(None, village, [abroad], mentions)  # type: ignore[arg-type]
    assert got.name == "Syria" and got.text == "Tell Qasra" and got.strategy == "unresolved-in"
    # an anaphor resolved inside the article's country still holds it, and so does a town named outright abroad
    local = _m("the city", _place("Homs", "place", "SY", strategy="context", gid=4))
    assert unresolved_place(None, village, [local], mentions + [local]).name == "Homs"  # type: ignore[arg-type]
    named = _m("Beirut", _place("Beirut", "place", "LB", gid=5))
    assert unresolved_place(None, village, [named], mentions + [named]).name == "Beirut"  # type: ignore[arg-type]


def _draft(where: Place | None, sent: int) -> "object":
    from sitrep.events.context import Draft

    return Draft(anchor=None, members=[], type="Protests", subtype="Peaceful protest", plover="PROTEST",  # type: ignore[arg-type]
                 sents={sent}, where=where)


def test_an_unplaced_event_happened_in_the_town_the_report_opens_on() -> None:
    from sitrep.events.where import article_town, article_town_run

    country = _place("France", "country", "FR", gid=12)
    town = _place("Leeds", "place", "GB", gid=10)
    other = _place("York", "place", "GB", gid=11)
    # a country-level lead, then the first event placed at a town, then more events at another town
    drafts = [_draft(country, 0), _draft(other, 5), _draft(town, 1), _draft(other, 6), _draft(None, 3)]
    got = article_town(drafts)  # type: ignore[arg-type]
    assert got is not None and got.name == "Leeds" and got.strategy == "article-town" and got.text == "Leeds"
    article_town_run(None, drafts)  # type: ignore[arg-type]
    assert drafts[4].where == got and drafts[1].where == other and drafts[0].where == country  # only the unplaced
    # no event placed at a town: nothing to give
    assert article_town([_draft(country, 0), _draft(None, 1)]) is None  # type: ignore[arg-type]
