"""An event at a place no gazetteer row holds ("the village of X") is placed in the article's country hint when no
resolved place of the sentence or the article says which country holds it. Sentences written for these tests."""
from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.gazetteer import Gazetteer
from sitrep.places import find_place_mentions, resolve_places
from sitrep.resolve.event_place import event_place
from sitrep.resolve.focus import hint_code, hint_place

pytestmark = pytest.mark.model


def _place(model: Language, gaz: Gazetteer, text: str, trigger: str, hint: str | None):  # noqa: ANN202
    doc = model(text)
    ms = resolve_places(find_place_mentions(doc, gaz), gaz, doc.text)
    trig = next(t.i for t in doc if t.text == trigger)
    return event_place(doc, [m for m in ms if m.place is not None] + [m for m in ms if m.place is None], trig,
                       hint=hint_place(hint_code(hint, gaz), gaz))


def test_hint_country_reads_a_code_or_a_name(gaz: Gazetteer) -> None:
    def hint(text):  # noqa: ANN001, ANN202
        return hint_place(hint_code(text, gaz), gaz)

    assert hint("Kenya") == hint("ke") and (hint("KE").country, hint("KE").name) == ("KE", "Kenya")
    assert hint("Nowhereland") is None and hint(None) is None and hint(" ") is None


def test_unknown_village_takes_the_hint_country_at_country_level(model: Language, gaz: Gazetteer) -> None:
    text = "Armed men burned ten houses in the village of Dorvelisk on Tuesday."
    place = _place(model, gaz, text, "burned", "Kenya")
    assert place is not None and place.text == "Dorvelisk" and place.country == "KE"
    assert place.precision == 3 and place.strategy == "unresolved-in" and place.feature == "country"
    bare = _place(model, gaz, text, "burned", None)
    assert bare is not None and bare.country is None and bare.strategy == "unresolved"


def test_a_place_named_in_the_sentence_still_holds_the_village(model: Language, gaz: Gazetteer) -> None:
    place = _place(model, gaz, "Armed men burned ten houses in the village of Dorvelisk near Nakuru on Tuesday.",
                   "burned", "Uganda")
    assert place is not None and place.country == "KE"  # the town named beside it, not the hint


def test_hint_reaches_the_event_through_the_pipeline(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    art = Article(id="h1", text="On 3 May 2021, protesters blocked the road to the hamlet of Dorvelisk over land.",
                  published="2021-05-04", country="Kenya")
    [res] = pipe.extract_many([art])
    assert res.events and res.events[0].where is not None and res.events[0].where.country == "KE"
    assert res.events[0].where.text == "Dorvelisk"
