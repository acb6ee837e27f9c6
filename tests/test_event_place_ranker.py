"""The event's-place ranker: its features on sentences written for these tests, its packaged weights, and the
guard that keeps a far-away small town from standing for an unknown region or landmark."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import find_place_mentions, resolve_places
from sitrep.resolve.event_place import (MODEL_FIELDS, candidate_scores, event_place, ranker, ranker_candidates,
                                        ranker_features)
from sitrep.resolve.place_features import candidate_features


def _feats(model: Language, gaz: Gazetteer, text: str, trigger: str) -> dict[str, dict[str, float]]:
    doc = model(text)
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == trigger)
    here = [m for m in ms if m.place is not None]
    cands, feats = ranker_features(doc, here, trig)
    return {m.name: f for m, f in zip(cands, feats)}


def test_model_file_loads_and_validates() -> None:
    m = ranker()
    assert all(k in m for k in MODEL_FIELDS)
    assert len(m["features"]) == len(m["weights"]) and 0.0 < float(m["threshold"]) < 1.0
    assert "Halterman" in m["trained_on"]
    assert candidate_scores([{"bias_cand": 1.0}])[0] == pytest.approx(candidate_scores([{"bias_cand": 1.0}])[0])
    assert candidate_scores([]) == []


@pytest.mark.model
def test_features_attached_place_and_backer(model: Language, gaz: Gazetteer) -> None:
    f = _feats(model, gaz, "Turkish-backed rebels shelled the town of Manbij in Syria with help from Qatar on Monday.",
               "shelled")
    assert f["Manbij"]["under_trigger"] == 1.0 and f["Manbij"]["prep=of"] == 1.0
    assert f["Manbij"]["inside_named"] == 0.0  # Syria is a country, not a province
    assert f["Syria"]["feature=country"] == 1.0 and f["Syria"]["contains_named"] == 1.0
    assert "Qatar" not in f  # "from X" is a route end, never the event's place
    assert "Turkish" not in f  # a demonym never is a candidate


@pytest.mark.model
def test_features_modifier_possessive_and_attribution(model: Language, gaz: Gazetteer) -> None:
    f = _feats(model, gaz, "Troops backed by Russia's air force attacked Idlib, an official said in Damascus.",
               "attacked")
    assert f["Russia"]["modifier"] == 1.0 and f["Russia"]["dep=poss"] == 1.0
    assert f["Idlib"]["dep=dobj"] == 1.0 and f["Idlib"]["modifier"] == 0.0
    assert f["Damascus"]["attribution"] == 1.0 and f["Idlib"]["attribution"] == 0.0
    assert f["Idlib"]["path"] < f["Damascus"]["path"]


@pytest.mark.model
def test_features_town_inside_named_province(model: Language, gaz: Gazetteer) -> None:
    f = _feats(model, gaz, "Police arrested five men in Aleppo province near the town of Azaz on Sunday.", "arrested")
    assert f["Azaz"]["inside_named"] == 1.0
    province = next(v for k, v in f.items() if k.startswith("Aleppo"))
    assert province["contains_named"] == 1.0 and province["feature=admin1"] == 1.0


@pytest.mark.model
def test_ranker_prefers_the_attached_town_over_a_backer(model: Language, gaz: Gazetteer) -> None:
    doc = model("Rebels backed by Iran's air power captured the town of Saraqib on Tuesday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == "captured")
    place = event_place(doc, ms, trig)
    assert place is not None and place.country == "SY" and place.feature == "place"


@pytest.mark.model
def test_speaker_owner_is_not_a_candidate(model: Language, gaz: Gazetteer) -> None:
    doc = model("The gunman was killed in a shootout, Turkey's state-run news agency reported.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == "killed")
    assert not [m for m in ranker_candidates(doc, [m for m in ms if m.place is not None], trig)
                if m.name == "Turkey"]


@pytest.mark.model
def test_far_small_town_is_not_an_unknown_neighbourhood(model: Language, gaz: Gazetteer) -> None:
    # "al-Tijara" names a Damascus neighbourhood; GeoNames' only Tijara is a small town in India
    doc = model("A mortar hit a school in the al-Tijara neighbourhood in central Damascus on Thursday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert not any(m.place is not None and m.place.country == "IN" for m in ms)
    assert any(m.place is not None and m.place.name == "Damascus" for m in ms)


@pytest.mark.model
def test_landmark_named_after_a_far_city_stays_unresolved(model: Language, gaz: Gazetteer) -> None:
    doc = model("A bomb hit the Saint Paul Coptic Orthodox Church on Sunday. Police sealed off the Abbassiya "
                "district of Cairo, Egypt.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "hit"))
    assert place is None or place.country != "US"


def test_features_without_a_parse_are_still_given() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Clashes in Homs .")
    assert candidate_features(doc, [], 0) == []


@pytest.mark.model
def test_marching_through_a_city_is_in_it(model: Language, gaz: Gazetteer) -> None:
    doc = model("About 2,000 students marched through central Kyoto on Sunday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "marched"))
    assert place is not None and place.name == "Kyoto"


@pytest.mark.model
def test_unresolved_name_is_placed_in_what_holds_it(model: Language, gaz: Gazetteer) -> None:
    # "Wadi Khoreisat" is a made-up district: no gazetteer row holds it, its province does
    doc = model("Gunmen shot dead a teacher in Wadi Khoreisat, a district of Hama province, on Sunday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert any(m.name == "Wadi Khoreisat" and m.place is None for m in ms)
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "shot"))
    assert place is not None and "Wadi Khoreisat" in place.text
    assert place.name == "Hama" and place.country == "SY" and place.precision == 3
    assert place.strategy == "unresolved-in"


def test_unresolved_candidates_leave_out_acronyms_roads_and_anaphors() -> None:
    from sitrep.nlp.place_mention import PlaceMention
    from sitrep.resolve.event_place import unresolved_name

    def m(name: str, kind: str = "place", text: str = "") -> PlaceMention:
        return PlaceMention(0, len(text or name), text or name, kind, name)

    assert unresolved_name(m("Wadi Khoreisat")) and unresolved_name(m("Zahra", "part", "the Zahra district of Homs"))
    assert not unresolved_name(m("YPG")) and not unresolved_name(m("S.D.F."))
    assert not unresolved_name(m("Saint Barnabas")) and not unresolved_name(m("St. Aidan"))
    assert not unresolved_name(m("Mi8")) and not unresolved_name(m("Europe"))
    assert not unresolved_name(m("Route 58")) and not unresolved_name(m("the city"))
    assert not unresolved_name(m("Kurdish", "demonym"))


@pytest.mark.model
def test_names_beside_a_settlement_noun_are_places(model: Language, gaz: Gazetteer) -> None:
    # made-up names: the model tags neither as a place, no gazetteer row holds them; the noun says they are places
    doc = model("Jets struck the villages of Tell Marzouqa and Ain Qadeeb on Monday.")
    assert {"Tell Marzouqa", "Ain Qadeeb"} <= {m.name for m in find_place_mentions(doc, gaz)}
    doc = model("Gunmen raided the Zahret Rummana district on Sunday.")
    assert "Zahret Rummana" in {m.name for m in find_place_mentions(doc, gaz)}
    # the small model reads this made-up district's name as an organisation: before the noun it still counts
    doc = model("Troops secured the Bustan Al-Qasr district after a long offensive.")
    assert any(t.ent_type_ == "ORG" for t in doc if t.text == "Bustan")
    assert "Bustan Al-Qasr" in {m.name for m in find_place_mentions(doc, gaz)}
    # after "<noun> of", the slot itself says a place, even where the model reads a person or an organisation
    doc = model("A bomb killed two policemen in the village of Kfar Zibdeen near Idlib on Monday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert any(m.name == "Kfar Zibdeen" for m in ms)
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "killed"))
    assert place is not None and "Kfar Zibdeen" in place.text and place.name == "Idlib" and place.precision == 2


@pytest.mark.model
def test_a_group_beside_a_settlement_noun_is_not_a_place(model: Language, gaz: Gazetteer) -> None:
    doc = model("Fighters of the Islamic State group left the YPG area on Monday, and the Monday camp was quiet.")
    names = {m.name for m in find_place_mentions(doc, gaz)}
    assert not names & {"Islamic State", "YPG", "Monday"}


def test_settlement_nouns_file_is_lower_case_words() -> None:
    from sitrep.nlp.place_names import settlement_nouns

    words = settlement_nouns()
    assert {"village", "town", "district"} <= words and all(w == w.lower() and " " not in w for w in words)


@pytest.mark.model
def test_a_saint_opening_a_church_name_is_no_town(model: Language, gaz: Gazetteer) -> None:
    doc = model("Crowds gathered outside the Saint Barnabas and Saint Paul Orthodox Church in Alexandria on Sunday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert all(m.kind == "embedded" for m in ms if "Barnabas" in m.text)
    place = event_place(doc, ms, next(t.i for t in doc if t.text == "gathered"))
    assert place is not None and place.country == "EG"


@pytest.mark.model
def test_a_backer_country_is_not_the_fallback_place(model: Language, gaz: Gazetteer) -> None:
    # a country named only as a backer or a modifier says whose, not where (each gave the country before)
    for text, trigger in (("Three soldiers were killed when a U.S. patrol came under fire.", "killed"),
                          ("Gunmen killed two guards of a Kenya-backed militia on Monday.", "killed"),
                          ("Two men were wounded when Turkey-backed rebels fired on them.", "wounded")):
        doc = model(text)
        ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
        assert event_place(doc, ms, next(t.i for t in doc if t.text == trigger)) is None, text


@pytest.mark.model
def test_a_language_after_a_language_verb_is_no_place(model: Language, gaz: Gazetteer) -> None:
    doc = model("Police patrolled the streets amid attacks on people who speak Hindi, which is dominant in India.")
    names = {m.name for m in find_place_mentions(doc, gaz)}
    assert "Hindi" not in names and "India" in names


@pytest.mark.model
def test_a_region_named_beside_countries_only_is_no_far_small_town(model: Language, gaz: Gazetteer) -> None:
    # GeoNames holds "Kashmir" only as another name of a small US town; the sentence names two Asian countries
    doc = model("Troops patrolled Kashmir, a disputed region claimed by both India and Pakistan.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert not any(m.place is not None and m.place.country == "US" for m in ms)
    assert {m.place.country for m in ms if m.place is not None} == {"IN", "PK"}


@pytest.mark.model
def test_a_country_modifying_a_place_noun_still_says_where(model: Language, gaz: Gazetteer) -> None:
    doc = model("Protesters marched on a Hong Kong hotel on Monday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == "marched")
    assert any(m.name == "Hong Kong" for m in ranker_candidates(doc, ms, trig))
    doc = model("Five people were killed in a US air strike on Monday.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert not ranker_candidates(doc, ms, next(t.i for t in doc if t.text == "killed"))


@pytest.mark.model
def test_an_unresolved_adjective_is_no_candidate(model: Language, gaz: Gazetteer) -> None:
    from sitrep.nlp.place_mention import PlaceMention

    doc = model("Rebels shot down two helicopters over a key eastern Zorvanian city on Friday.")
    i = next(t.i for t in doc if t.text == "Zorvanian")
    m = PlaceMention(doc[i].idx, doc[i].idx + 9, "Zorvanian", "place", "Zorvanian", None, 0, i, True)
    assert doc[i].pos_ == "ADJ" or doc[i].dep_ == "amod"
    assert not ranker_candidates(doc, [m], next(t.i for t in doc if t.text == "shot"))


def _where(extractor, text: str, trigger: str):  # noqa: ANN001, ANN202
    from sitrep.records import Article

    art = Article(id="t", text=text)
    doc = next(iter(extractor.docs([art])))
    events = [e for e in extractor.events_of(doc, art) if (e.trigger or "").lower() == trigger]
    assert events, f"no event for {trigger!r}"
    return events[0].where


@pytest.mark.model
def test_country_of_the_sentence_is_the_last_resort(extractor) -> None:  # noqa: ANN001
    # no town anywhere in the report: the country the event's sentence names, at country level
    w = _where(extractor, "Masked men kidnapped two aid workers on Monday, officials in Niger said.", "kidnapped")
    assert w is not None and w.feature == "country" and w.country == "NE"


@pytest.mark.model
def test_ranked_country_keeps_the_bar(model: Language, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.resolve.event_place as ep

    doc = model("Masked men kidnapped two aid workers on Monday, officials in Niger said.")
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == "kidnapped")
    here = [m for m in ms if m.place is not None]
    got = ep.ranked_country(doc, here, trig)
    assert got is not None and got.feature == "country"
    strict = dict(ep.ranker(), country_threshold=1.01)
    monkeypatch.setattr(ep, "ranker", lambda: strict)
    assert ep.ranked_country(doc, here, trig) is None  # no country reaches a bar above every score
    monkeypatch.setattr(ep, "ranker", lambda: {k: v for k, v in strict.items() if k != "country_threshold"})
    assert ep.ranked_country(doc, here, trig) is None  # a model without the setting never takes a country so


def test_tree_score_reads_nodes() -> None:
    from sitrep.resolve.event_place import _tree_score

    # one stump on "nearest": left leaf (value <= 0.5) -1.0, right leaf +2.0; rate 0.5, prior log-odds 0.25
    trees = {"features": ["nearest"], "init": 0.25, "rate": 0.5,
             "nodes": [[[0, 0.5, 1, 2, 0.0], [-1, 0.0, -1, -1, -1.0], [-1, 0.0, -1, -1, 2.0]]]}
    assert _tree_score(trees, {"nearest": 1.0}) == pytest.approx(1.25)
    assert _tree_score(trees, {"dist": 0.3}) == pytest.approx(-0.25)  # a feature not given reads as 0


@pytest.mark.model
def test_features_reference_point_and_modified_noun(model: Language, gaz: Gazetteer) -> None:
    f = _feats(model, gaz, "Rebels shelled a highway south of the capital Algiers near Medea on Friday.", "shelled")
    assert f["Algiers"].get("ref_point") == 1.0 and f["Algiers"].get("ref_point_other") == 1.0
    assert not any(v.get("ref_point") for k, v in f.items() if k != "Algiers")
    f = _feats(model, gaz, "The Jaffna mayor was shot at her home.", "shot")
    assert f["Jaffna"].get("mod_head=other") == 1.0  # a title's modifier, not a place noun's nor the trigger's


@pytest.mark.model
def test_role_features_government_subject_and_backer(model: Language, gaz: Gazetteer) -> None:
    f = _feats(model, gaz, "Moscow accused the rebels of shelling the town of Donetsk overnight.", "shelling")
    assert f["Moscow"].get("actor_subject") == 1.0 and f["Moscow"].get("capital_bare") == 1.0
    assert not f["Donetsk"].get("actor_subject") and not f["Donetsk"].get("capital")
    f = _feats(model, gaz, "Fighters backed by Tehran stormed a village near Aleppo on Sunday.", "stormed")
    assert f["Tehran"].get("backer") == 1.0 and not f["Aleppo"].get("backer")
    f = _feats(model, gaz, "The ministry in Kabul said that three guards died in the attack.", "attack")
    assert not f["Kabul"].get("speech_subject")  # "the ministry in Kabul": the name hangs on a preposition


@pytest.mark.model
def test_role_features_a_more_specific_place_named_beside(model: Language, gaz: Gazetteer) -> None:
    f = _feats(model, gaz, "Gunmen attacked a bus in Nigeria near the town of Maiduguri on Monday.", "attacked")
    assert f["Nigeria"].get("more_specific_named") == 1.0 and f["Nigeria"].get("more_specific_after") == 1.0
    assert f["Maiduguri"].get("less_specific_named") == 1.0 and not f["Maiduguri"].get("more_specific_named")
