"""The event's place, round 3 of issue 11: datelines wherever the byline puts them, and the reference points of
distance-and-direction phrases. Sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.records import Article


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _places(ex: Extractor, text: str) -> list[tuple[str | None, str | None]]:
    return [(e.where.name if e.where else None, e.where.feature if e.where else None)
            for e in ex.extract(Article(id="t", text=text))]


@pytest.mark.model
def test_a_dateline_after_a_byline_is_not_the_event_place(ex: Extractor) -> None:
    head = "Jane Roe\n\nThe Wire Service\n\n"
    for text, city in ((head + "CAIRO — Attacks by militants on checkpoints in northern Sinai killed at least 12 "
                        "soldiers, officials said Friday.\n", "Cairo"),
                       (head + "MANILA, Philippines — New Year attacks by armed rebels in farming villages in the southern "
                        "Philippines left at least 11 people dead, officials said Sunday.\n", "Manila")):
        got = _places(ex, text)
        assert got and all(name != city for name, _ in got), (text, got)
    # the same city named in the body is a place like any other
    body = head + "Police fired tear gas at protesters in Nairobi on Sunday.\n"
    assert ("Nairobi", "place") in _places(ex, body)


@pytest.mark.model
def test_a_name_with_a_settlement_noun_in_apposition_is_a_place(ex: Extractor) -> None:
    # made-up village names: no gazetteer row holds them; "X, a village ..." says that X is a place, and the
    # town of the distance phrase only says where X lies
    from sitrep.resolve.event_place import event_place
    from sitrep.resolve.places import resolve_places

    doc = ex.nlp("Troops shelled Kafr Zummar, a village 40 km north of Hama, on Monday.")
    ms = resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)
    assert "Kafr Zummar" in {m.name for m in ms}
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "shelled"))
    assert place is not None and "Kafr Zummar" in place.text and place.country == "SY"
    # a village elder is a person: the noun modifies another noun, so the name before it stays no place
    doc = ex.nlp("Reporters met Yusuf Karam, a village elder, in Cairo on Monday.")
    assert "Yusuf Karam" not in {m.name for m in doc._.sitrep_places or []}


@pytest.mark.model
def test_the_city_after_a_city_state_is_that_city(ex: Extractor) -> None:
    # a country whose capital holds nearly all of its people is a city: "the city" after its name is it
    from sitrep.resolve.places import city_state, resolve_places

    assert city_state(ex.gazetteer, "SG") is not None and city_state(ex.gazetteer, "FR") is None
    for text, want in (("Singapore police cleared a protest camp today in the city's business district.", "SG"),
                       ("French police cleared a protest camp today in the city's business district.", None)):
        doc = ex.nlp(text)
        ms = resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)
        city = [m for m in ms if m.text.lower().startswith("the city")]
        assert city, text
        got = city[0].place
        assert (got.country if got is not None and got.feature == "place" else None) == want, (text, got)


@pytest.mark.model
def test_a_known_town_named_before_an_unknown_province_is_the_place(ex: Extractor) -> None:
    from sitrep.resolve.event_place import event_place
    from sitrep.resolve.places import resolve_places

    # "Cotabato Sur" is a made-up province: no gazetteer row holds it; the town named before it says more
    doc = ex.nlp("Rebels attacked an army post in Kidapawan city in Cotabato Sur province on Friday.")
    ms = resolve_places(doc._.sitrep_places or [], ex.gazetteer, doc.text)
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "attacked"))
    assert place is not None and place.name == "Kidapawan" and place.strategy != "unresolved-in"
