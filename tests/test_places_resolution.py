"""Place resolution facts: a weak reading abroad under the article's country, municipality and region words,
and Romance names joined by a linking word (hand-made Docs, sentences written for these tests)."""
from __future__ import annotations

from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import PlaceMention, find_place_mentions, resolve_places
from test_places import gaz, nlp, plain  # noqa: F401  (module fixtures)


def _resolved(doc, gaz: Gazetteer, country: str | None = None) -> list[PlaceMention]:
    return resolve_places(find_place_mentions(doc, gaz), gaz, doc.text, country)


def _by_text(ms: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {m.text: m for m in ms}


def test_a_small_town_abroad_is_no_reading_when_the_article_is_about_another_country(
        nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Villagers blocked a road in Gauripur on Tuesday .", {"Gauripur": "GPE"})
    # no country given: the gazetteer's Gauripur (a town in India) stands
    assert _by_text(_resolved(doc, gaz))["Gauripur"].place.country == "IN"
    # a report about Bangladesh: a village the gazetteer lacks, not the small Indian town across the border
    assert _by_text(_resolved(doc, gaz, "BD"))["Gauripur"].place is None
    # the article naming India keeps the Indian town
    doc = plain(nlp, "Indian police blocked a road in Gauripur on Tuesday .", {"Gauripur": "GPE", "Indian": "NORP"})
    assert _by_text(_resolved(doc, gaz, "BD"))["Gauripur"].place.country == "IN"


def test_another_languages_name_of_a_foreign_city_is_no_reading_under_another_country(
        nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Gunmen burned shops in Tiro on Sunday .", {"Tiro": "GPE"})
    assert _by_text(_resolved(doc, gaz, "BF"))["Tiro"].place is None
    # a big city's own name abroad stands, hint or not
    doc = plain(nlp, "Crowds gathered in Beirut on Sunday .", {"Beirut": "GPE"})
    assert _by_text(_resolved(doc, gaz, "BF"))["Beirut"].place.country == "LB"


def test_a_town_under_another_of_its_names_with_a_municipality_word(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Students marched in Barisal City on Monday .", {"Barisal City": "GPE"})
    m = _by_text(_resolved(doc, gaz))["Barisal City"]
    assert m.place is not None and m.place.country == "BD" and m.place.feature == "place"
    assert m.place.strategy == "municipality"


def test_south_asian_subdistricts_named_after_their_seat(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Two groups fought in Lakshmipur Sadar on Sunday .", {"Lakshmipur Sadar": "GPE"})
    m = _by_text(_resolved(doc, gaz, "BD"))["Lakshmipur Sadar"]
    assert m.place is not None and m.place.country == "BD" and m.place.strategy == "municipality"


def test_a_province_noun_after_a_variant_spelling_of_the_province(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Drones struck the Zaporizhia region overnight .", {"Zaporizhia region": "GPE"})
    m = _by_text(_resolved(doc, gaz))["Zaporizhia region"]
    assert m.place is not None and m.place.feature == "admin1" and m.place.country == "UA"


def test_a_romance_name_with_a_linking_word_is_one_name(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Vendors rallied in San Jose del Monte on Friday .", {"San Jose": "GPE", "Monte": "GPE"})
    ms = _resolved(doc, gaz)
    assert [(m.text, m.place.name, m.place.country) for m in ms if m.place] == [
        ("San Jose del Monte", "San Jose del Monte", "PH")]


def test_a_piece_of_an_unknown_longer_name_is_not_a_town_alone(nlp: Language, gaz: Gazetteer) -> None:
    # "Barrio Nuevo del Monte" is made up: its last word alone is no town (not El Monte in California)
    doc = plain(nlp, "Residents of Barrio Nuevo del Monte protested on Friday .", {"Monte": "GPE"})
    assert not any(m.place is not None for m in _resolved(doc, gaz))
    # a country's name after a linking word stays
    doc = plain(nlp, "Fans of Real Club de Mexico cheered .", {"Mexico": "GPE"})
    assert any(m.place is not None and m.place.feature == "country" for m in _resolved(doc, gaz))


def test_a_second_level_province_read_as_an_organisation_is_the_province(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Soldiers patrolled a highway in Negros Oriental on Friday .", {"Negros Oriental": "ORG"})
    ms = [m for m in _resolved(doc, gaz) if m.place is not None]
    assert [(m.text, m.place.country, m.place.feature) for m in ms] == [("Negros Oriental", "PH", "admin1")]


def test_a_name_runs_on_through_a_linking_word_when_the_whole_is_known(nlp: Language, gaz: Gazetteer) -> None:
    # the model tags the first word only; the whole is a province of the Philippines
    doc = plain(nlp, "Police raided a farm in Lanao del Norte on Monday .", {"Lanao": "GPE"})
    ms = [m for m in _resolved(doc, gaz) if m.place is not None]
    assert [(m.text, m.place.country, m.place.feature) for m in ms] == [("Lanao del Norte", "PH", "admin1")]
    # a linking word before an unknown run leaves the first name alone
    doc = plain(nlp, "Police raided a farm in Lanao de Foo on Monday .", {"Lanao": "GPE"})
    assert [m.text for m in _resolved(doc, gaz) if m.place is not None] == ["Lanao"]


def test_a_region_noun_after_a_country_name_is_no_spelling_variant(nlp: Language, gaz: Gazetteer) -> None:
    # an armed group's "province" named after a country is not a province whose name is spelt like it
    m = _by_text(_resolved(plain(nlp, "Fighters of the Somalia Province group withdrew .",
                                 {"Somalia Province": "GPE"}), gaz))["Somalia Province"]
    assert m.place is None or m.place.country == "SO"


def test_a_district_named_after_its_seat_town_is_placed_near_the_town(nlp: Language, gaz: Gazetteer) -> None:
    m = _by_text(_resolved(plain(nlp, "Farmers blocked a highway in Comilla district on Sunday .",
                                 {"Comilla district": "GPE"}), gaz))["Comilla district"]
    assert m.place is not None and m.place.name == "Comilla" and m.place.precision == 2
    assert m.place.strategy == "district"


def test_a_province_named_after_its_main_town(nlp: Language, gaz: Gazetteer) -> None:
    m = _by_text(_resolved(plain(nlp, "Workers marched across Yangon Region on Sunday .",
                                 {"Yangon Region": "GPE"}), gaz))["Yangon Region"]
    assert m.place is not None and m.place.feature == "admin1" and m.place.country == "MM"


def test_a_town_placed_in_a_second_level_province_of_the_article_is_not_its_namesake_abroad(
        nlp: Language, gaz: Gazetteer) -> None:
    # (a made-up report: no town of the name lies in the Philippines; a big one lies in India)
    doc = plain(nlp, "Gunmen shot a farmer in Fatehpur , Bukidnon , and fled toward Malaybalay .",
                {"Fatehpur": "GPE", "Malaybalay": "GPE"})
    ms = _by_text(_resolved(doc, gaz, "PH"))
    assert ms["Fatehpur"].place is None and ms["Malaybalay"].place.country == "PH"
    # a town followed by a first-level province abroad is another matter ("Valencia, Carabobo" is Venezuela's)
    doc = plain(nlp, "Students marched in Valencia , Carabobo , on Monday .", {"Valencia": "GPE", "Carabobo": "GPE"})
    assert _by_text(_resolved(doc, gaz))["Valencia"].place.country == "VE"


def test_a_big_town_bearing_the_name_among_its_other_names_stays_a_candidate(nlp: Language, gaz: Gazetteer) -> None:
    # many towns bear "Valencia" as their main name; the big one in Bukidnon lists it among its other names
    doc = plain(nlp, "Gunmen shot a farmer in Valencia , Bukidnon , on Monday .", {"Valencia": "GPE"})
    m = _by_text(_resolved(doc, gaz, "PH"))["Valencia"]
    assert m.place is not None and m.place.country == "PH" and m.place.admin1 == "Northern Mindanao"


def test_an_entity_running_into_a_bracket_is_two_names(nlp: Language, gaz: Gazetteer) -> None:
    # the model may read "Town (Province" as one entity: the town and its province
    doc = plain(nlp, "Teachers protested in Suwanee ( Georgia ) on Monday .", {"Suwanee ( Georgia": "GPE"})
    ms = [m for m in _resolved(doc, gaz) if m.place is not None]
    assert [(m.text, m.place.country, m.place.feature) for m in ms] == [("Suwanee", "US", "place"),
                                                                       ("Georgia", "US", "admin1")]


def test_the_capital_of_the_articles_country_before_a_namesake_town_in_a_named_province(
        nlp: Language, gaz: Gazetteer) -> None:
    text = ("Crowds marched in Provo , Utah , and in Salt Lake City on Saturday . "
            "In Washington , guards stood at the gate .")
    doc = plain(nlp, text, {"Provo": "GPE", "Utah": "GPE", "Salt Lake City": "GPE", "Washington": "GPE"})
    m = _by_text(_resolved(doc, gaz))["Washington"]
    assert m.place is not None and m.place.geonameid == 4140963  # Washington, D.C., not the Utah town


def test_the_name_after_town_comma_is_the_province_holding_the_town(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "A baker from Tacoma , Washington , shared her recipe .", {"Tacoma": "GPE", "Washington": "GPE"})
    m = _by_text(_resolved(doc, gaz))["Washington"]
    assert m.place is not None and m.place.feature == "admin1" and m.place.admin1 == "Washington"


def test_a_dateline_name_in_capitals_is_a_place_even_when_the_model_calls_part_of_it_a_group(
        nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "SAN ANTONIO — Marchers filled a plaza downtown on Friday .", {"SAN": "ORG"})
    m = _by_text(_resolved(doc, gaz))["SAN ANTONIO"]
    assert m.place is not None and m.place.geonameid == 4726206 and m.kind == "place"


def test_a_town_the_gazetteer_lacks_in_an_abbreviated_province_is_that_province(nlp: Language, gaz: Gazetteer) -> None:
    # a made-up town, named like a Texas town the gazetteer holds, placed by the text in Missouri
    doc = plain(nlp, "Deputies stopped a truck in Holliday , Mo. , on Friday . Holliday has one school .",
                {"Holliday": "GPE"})
    ms = [m for m in _resolved(doc, gaz) if m.text == "Holliday"]
    assert len(ms) == 2
    for m in ms:  # the second mention keeps the first one's reading (one sense per article)
        assert m.place is not None and m.place.feature == "admin1" and m.place.admin1 == "Missouri"
    # a list of places ("Toronto, Kansas") says nothing of where Toronto lies
    doc = plain(nlp, "Fans came from Toronto , Kansas , and Ottawa .", {"Toronto": "GPE", "Kansas": "GPE", "Ottawa": "GPE"})
    assert _by_text(_resolved(doc, gaz))["Toronto"].place.country == "CA"


def test_the_city_is_the_town_just_before_it_else_the_storys_town_else_none(nlp: Language, gaz: Gazetteer) -> None:
    ents = {"Mosul": "GPE", "Baghdad": "GPE"}
    # the town of the sentence before
    doc = plain(nlp, "Talks were held in Baghdad on Monday . Gunmen stormed the city later .", ents, sents=True)
    assert _by_text(_resolved(doc, gaz))["the city"].place.name == "Baghdad"
    # a town named once, paragraphs before, is no antecedent
    doc = plain(nlp, "Talks were held in Baghdad on Monday . Officials praised the talks . \n\n "
                     "Gunmen stormed the city later .", ents, sents=True)
    assert _by_text(_resolved(doc, gaz))["the city"].place is None
    # the town the story keeps naming is
    doc = plain(nlp, "Fighting raged in Mosul . Residents fled Mosul . Talks were held in Baghdad . "
                     "Officials praised the talks . \n\n Gunmen stormed the city later .", ents, sents=True)
    assert _by_text(_resolved(doc, gaz))["the city"].place.name == "Mosul"


def test_names_the_gazetteer_lacks_told_beside_a_known_town_lie_there(nlp: Language, gaz: Gazetteer) -> None:
    ents = {"Qaryat Zorb": "GPE", "Tell Wardo": "GPE", "Ain Fakhra": "GPE", "Aleppo": "GPE", "Idlib": "GPE"}
    doc = plain(nlp, "Fighters seized the hamlets of Qaryat Zorb , Tell Wardo and Ain Fakhra just east of Aleppo .", ents)
    got = _by_text(_resolved(doc, gaz))
    for name in ("Qaryat Zorb", "Tell Wardo", "Ain Fakhra"):
        p = got[name].place
        assert p is not None and p.strategy == "beside" and p.name == "Aleppo" and p.precision == 2
    doc = plain(nlp, "Shells fell on Qaryat Zorb in Idlib province .", {**ents, "Idlib province": "GPE"})
    p = _by_text(_resolved(doc, gaz))["Qaryat Zorb"].place
    assert p is not None and p.feature == "admin1" and p.precision == 3
    # a known town named later, not beside it, says nothing of where the name lies
    doc = plain(nlp, "Shells fell on Qaryat Zorb , officials in Aleppo said .", ents)
    assert _by_text(_resolved(doc, gaz))["Qaryat Zorb"].place is None
