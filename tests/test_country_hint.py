"""The article's country hint (issue 12 item 5): a prior of place resolution, never the answer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from sitrep import evaluate
from sitrep.gazetteer import Gazetteer
from sitrep.places import find_place_mentions, resolve_places
from sitrep.readers import ReadContext
from sitrep.readers.jsonl import JsonlReader
from sitrep.records import Article
from sitrep.resolve.focus import HINT_VOTES, focus_by_votes, hint_code

from test_places import plain


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


def test_the_hint_seeds_the_vote_and_clear_names_still_outvote_it() -> None:
    assert focus_by_votes({"FR": 0.5, "US": 0.5}) is None
    assert focus_by_votes({"FR": 0.5, "US": 0.5}, hint="US") == "US"
    assert focus_by_votes({}, hint="KE") == "KE"
    many = HINT_VOTES + 1.0  # more whole votes for another country than the hint brings
    assert focus_by_votes({"FR": many}, hint="US") == "FR"


def test_the_hint_applies_to_its_own_call_only() -> None:
    assert focus_by_votes({"GH": 1.0}, "NG") == "NG"
    assert focus_by_votes({"GH": 1.0}, None) == "GH"
    assert focus_by_votes({"GH": 1.0}) == "GH"  # nothing of the hinted call stays behind


def test_hint_code_takes_a_code_or_an_english_name(gaz: Gazetteer) -> None:
    assert hint_code("Syria", gaz) == "SY"
    assert hint_code("ke", gaz) == "KE"
    assert hint_code(" ", gaz) is None and hint_code(None, gaz) is None
    assert hint_code("Nowhereland Republic", gaz) is None


def test_the_hint_moves_an_ambiguous_town(nlp: Language, gaz: Gazetteer) -> None:
    doc = plain(nlp, "Voters in Paris met .", {"Paris": "GPE"})
    alone = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    assert alone[0].place is not None and alone[0].place.country == "FR"
    hinted = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text, "US")
    assert hinted[0].place is not None and hinted[0].place.country == "US"
    again = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)  # no hint left behind
    assert again[0].place is not None and again[0].place.country == "FR"


def test_article_country_round_trip_and_hash() -> None:
    plain_art = Article(id="a", text="Shelling hit the town.")
    hinted = plain_art.replace(country="UA")
    assert "country" not in plain_art.as_dict()  # records without a hint look as before
    assert hinted.as_dict()["country"] == "UA"
    assert Article.from_dict(hinted.as_dict()) == hinted
    assert hinted.hash == plain_art.hash  # a hint is not content


def test_jsonl_reader_reads_the_country(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    text = "Police dispersed a protest by farmers in the capital on Monday, officials said."
    path.write_text(json.dumps({"id": "a", "text": text, "country": "Kenya"}) + "\n"
                    + json.dumps({"id": "b", "text": text + " Again."}) + "\n", encoding="utf-8")
    items = [a for _, a in JsonlReader().read(path, ReadContext(None, 100_000, lambda t: None))]
    assert [getattr(a, "country", "?") for a in items] == ["Kenya", None]


def test_evaluate_reads_acleds_country_column(tmp_path: Path) -> None:
    path = tmp_path / "gold.csv"
    path.write_text("event_date,country,event_type,sub_event_type,notes\n"
                    "2021-05-03,Kenya,Protests,Peaceful protest,On 3 May 2021 traders marched in a town.\n"
                    "2021-05-04,,Protests,Peaceful protest,On 4 May 2021 traders marched again.\n", encoding="utf-8")
    assert [r.country for r in evaluate.read_gold(path).records] == ["Kenya", None]


def test_a_country_hint_nobody_knows_is_logged_and_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # a JSONL line with a hint that is no country (a typo, or a list) is read, logged and extracted as if it had none;
    # the line after it is read too
    from sitrep.pipeline import Pipeline

    path = tmp_path / "in.jsonl"
    text = "Police dispersed a protest by farmers in Nakuru on Monday, officials said."
    path.write_text(json.dumps({"id": "a", "text": text, "country": "Nowherelandia"}) + "\n"
                    + json.dumps({"id": "b", "text": text, "country": ["KE"]}) + "\n"
                    + json.dumps({"id": "c", "text": text}) + "\n", encoding="utf-8")
    items = [a for _, a in JsonlReader().read(path, ReadContext(None, 100_000, lambda t: None))]
    assert [a.id for a in items] == ["a", "b", "c"]
    pipe = Pipeline()
    with caplog.at_level("WARNING", logger="sitrep.extractor"):
        got = [[(e.type, e.where and e.where.name) for e in pipe.extract(a.replace(published="2024-05-06"))]
               for a in items]
    assert got[0] == got[1] == got[2] and got[0]
    assert "article a: country hint 'Nowherelandia'" in caplog.text and "article b: country hint" in caplog.text
    assert "article c:" not in caplog.text
