"""Names the parse shows to be places that the place finder left out (resolve.event_place.parsed_names): the
ranker's extra unresolved candidates; and a neighbourhood named under a city's dateline. On sentences written
for these tests."""
from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import find_place_mentions, resolve_places
from sitrep.resolve.event_place import PARSED, parsed_names, unresolved_name


def _names(model: Language, gaz: Gazetteer, text: str) -> list[str]:
    doc = model(text)
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    got = parsed_names(doc, ms)
    assert all(m.sent_i == PARSED and m.place is None and unresolved_name(m) for m in got)
    taken = {m.text for m in ms}
    assert not any(m.text in taken for m in got)  # never a name the finder already holds
    return [m.name for m in got] + [f"finder:{t}" for t in taken]


@pytest.mark.model
def test_a_name_before_a_settlement_or_facility_noun_is_a_place(model: Language, gaz: Gazetteer) -> None:
    # the finder or the parse: the village's name is a candidate once
    got = _names(model, gaz, "Gunmen raided Tavrosk village in the north and burned ten houses.")
    assert ("Tavrosk" in got) != any(g.startswith("finder:Tavrosk") for g in got)
    assert "Qelmari Airport" in _names(model, gaz, "The militants shelled the Qelmari Airport on Sunday night.")


@pytest.mark.model
def test_no_date_no_name_that_goes_on_and_no_bare_noun(model: Language, gaz: Gazetteer) -> None:
    assert _names(model, gaz, "The talks were held in January and ended in March.") == []
    got = _names(model, gaz, "Police met the Group of Twenty delegates at the Street before noon.")
    assert "Group" not in got and "Street" not in got
    # a facility a known place owns: that place says where, not the facility's unknown name
    for text in ("Hundreds rallied in front of Chicago's Drake Hotel on Friday.",
                 "Hundreds marched outside Boston's famous Lenox Hotel on Friday."):
        assert not any("Hotel" in g and not g.startswith("finder:") for g in _names(model, gaz, text))


@pytest.mark.model
def test_a_neighbourhood_under_a_dateline_lies_in_the_dateline_city(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    art = Article(id="d1", text="PARIS — Riot police fired tear gas at protesters in the Belleville neighborhood on "
                                "Saturday, officials said.", published="2021-05-02")
    [res] = pipe.extract_many([art])
    w = res.events[0].where
    assert w is not None and w.name == "Paris" and w.text == "Belleville" and w.strategy == "dateline-part"
    assert w.precision == 2


@pytest.mark.model
def test_sites_only_without_the_bare_names(model: Language, gaz: Gazetteer) -> None:
    # bare=False: only names a noun shows to be places, a subset of all the parsed names
    for text in ("About two hundred students protested outside the Dorvesh Palace on Friday.",
                 "Rebels attacked the convoy near Ulvaro Bridge and fled into Zembrak."):
        doc = model(text)
        ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
        sites = [m.name for m in parsed_names(doc, ms, bare=False)]
        assert set(sites) <= {m.name for m in parsed_names(doc, ms)}
        assert any(n.endswith(("Palace", "Bridge")) for n in sites)
        assert "Zembrak" not in sites


def _event_where(pipe, text: str):  # noqa: ANN001, ANN202
    from sitrep.records import Article

    [res] = pipe.extract_many([Article(id="s1", text=text, published="2021-05-02")])
    return [e.where for e in res.events]


@pytest.mark.model
def test_a_site_the_event_happened_at_is_its_place(pipe) -> None:  # noqa: ANN001
    # a facility no gazetteer row holds, told as where the event happened ("outside", "at", the object stormed)
    wheres = _event_where(pipe, "About two hundred students protested outside the Dorvesh Palace on Friday.")
    assert any(w is not None and "Dorvesh Palace" in (w.text or "") for w in wheres)
    # the site as the object of the trigger: the event happened at it, not in the town the attribution names
    wheres = _event_where(pipe, "According to a source in Raqqa, the militants stormed the Zelvan Hospital on "
                                "Wednesday afternoon.")
    assert any(w is not None and "Zelvan Hospital" in (w.text or "") for w in wheres)


@pytest.mark.model
def test_a_site_named_for_another_happening_is_not_the_place(pipe) -> None:  # noqa: ANN001
    # the site hangs on a later clause ("was taken to"), not on the killing
    wheres = _event_where(pipe, "Gunmen shot dead a shopkeeper on Monday, and his brother was later taken to the "
                                "Varnoth Memorial Hospital for treatment.")
    assert not any(w is not None and "Varnoth" in (w.text or "") for w in wheres)


@pytest.mark.model
def test_a_place_that_acts_is_not_the_nearest_place(model: Language, gaz: Gazetteer) -> None:
    from sitrep.resolve.event_place import _names_other

    def other(text: str, name: str, trigger: str) -> bool:
        doc = model(text)
        ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
        m = next(m for m in ms if m.text == name)
        return _names_other(doc, m, next(t.i for t in doc if t.text == trigger))

    # a city as the subject of another verb: a government by metonymy
    assert other("Five soldiers were killed on Monday, and Moscow denied any role in the fighting.", "Moscow",
                 "killed")
    # a modifier of a place noun, an official's town and an object of the trigger's preposition still say where
    assert not other("Three people were killed near the Kandahar airport on Monday.", "Kandahar", "killed")
    assert not other("Three people were killed in the raid, the Kandahar police chief told reporters.", "Kandahar",
                     "killed")
    assert not other("Three people were killed in Kandahar on Monday.", "Kandahar", "killed")


@pytest.mark.model
def test_a_town_name_the_model_cut_is_read_whole(model: Language, gaz: Gazetteer) -> None:
    # place_names.whole_names: a person's or organisation's entity inside a longer name the gazetteer holds
    for text, whole in (("Police said two men were arrested in Dera Ismail Khan late on Tuesday.", "Dera Ismail Khan"),
                        ("Fighters moved towards Mazar-e-Sharif before dawn.", "Mazar-e-Sharif")):
        doc = model(text)
        ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
        assert whole in [m.text for m in ms] and not any(m.text != whole and m.text in whole for m in ms)
    # the name inside an organisation's name stays embedded; two places joined by a hyphen stay two
    doc = model("The New York Times described a clash on the Gaza-Israel border.")
    texts = [m.text for m in find_place_mentions(doc, gaz)]
    assert "New York" in texts and "Gaza" in texts and "Gaza-Israel" not in texts


@pytest.mark.model
def test_ground_taken_inside_a_known_place_is_the_place(pipe) -> None:  # noqa: ANN001
    # "stormed X in eastern Y": a name no gazetteer row holds, taken inside a known town, is where it happened,
    # placed in that town
    wheres = _event_where(pipe, "Government troops stormed Zarvoneh in eastern Aleppo on Monday.")
    w = next(w for w in wheres if w is not None)
    assert w.text == "Zarvoneh" and w.name == "Aleppo" and w.strategy == "unresolved-in"
    # a person captured in a town: the town
    wheres = _event_where(pipe, "Police captured Ahmed Rashid Karimi in Kabul on Monday.")
    assert all(w is None or "Karimi" not in (w.text or "") for w in wheres)
