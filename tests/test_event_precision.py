"""One event per happening (issue 11): what a story tells with neither place nor date of its own is a detail of an
event told beside it or no happening; summaries of a period and dates a happening is compared against do not
make or date events. Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


def _events(pipe, text: str):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published="2021-04-20"))


def _brief(evs) -> list[tuple]:  # noqa: ANN001
    return [(e.type, e.subtype, e.where and e.where.name, e.when.start) for e in evs]


def test_a_generality_with_neither_place_nor_date_is_no_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Gbarnga arrests\n\nPolice arrested 12 opposition supporters in Gbarnga on Monday.\n\n"
                        "The opposition leader said the government has killed its members for years and will kill more.")
    assert [(e.subtype, e.where and e.where.name) for e in evs] == [("Arrests", "Gbarnga")], _brief(evs)


def test_an_aside_of_another_family_with_neither_place_nor_date_is_no_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Gbarnga clash\n\nSoldiers clashed with rebels in Gbarnga on Monday.\n\n"
                        "The rebels say soldiers torched their camp.")
    assert len(evs) == 1 and evs[0].type == "Battles", _brief(evs)


def test_a_dated_mention_with_no_place_happened_where_its_story_is_told(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Gbarnga unrest\n\nSoldiers clashed with rebels in Gbarnga on Friday.\n\n"
                        "On Saturday, rebels ambushed an army patrol, killing two soldiers.")
    by_day = {e.when.start: e for e in evs}
    assert set(by_day) == {"2021-04-16", "2021-04-17"}, _brief(evs)  # two days: two happenings
    assert by_day["2021-04-17"].where is not None and by_day["2021-04-17"].where.name == "Gbarnga"


def test_a_period_told_in_months_is_a_summary_not_a_happening(pipe) -> None:  # noqa: ANN001
    assert _events(pipe, "Gbarnga unrest\n\nThe 11-week protests in Gbarnga ended on Sunday.") == []
    # a short one still is a happening
    evs = _events(pipe, "Gbarnga unrest\n\nWorkers in Gbarnga held a two-day strike on Monday and Tuesday.")
    assert [e.type for e in evs] == ["Protests"], _brief(evs)


def test_the_year_a_happening_is_compared_to_does_not_date_it(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Gbarnga unrest\n\nGunmen attacked a market in Gbarnga, the deadliest attack in the region "
                        "since 2009.")
    attacks = [e for e in evs if e.where is not None and e.where.name == "Gbarnga"]
    assert attacks and all(not (e.when.start or "").startswith("2009") for e in attacks), _brief(evs)
    # a happening inside the "since" phrase keeps its own year
    evs = _events(pipe, "Gbarnga unrest\n\nThe clashes in Gbarnga were the worst since a riot in 2015.")
    assert any((e.when.start or "").startswith("2015") for e in evs), _brief(evs)


def test_a_note_that_places_and_dates_nothing_keeps_its_mentions(pipe) -> None:  # noqa: ANN001
    evs = pipe.extract(Article(id="n", text="Rebels ambushed an army convoy and killed four soldiers."))
    assert [e.type for e in evs] == ["Battles"], _brief(evs)
    # with no publication date, "on Wednesday" places nothing on the calendar, but it is a day of its own
    evs = pipe.extract(Article(id="n", text="Troops captured five villages in the north early on Wednesday, a "
                                            "week after rebels shelled a market in Gbarnga."))
    assert any(e.subtype == "Government regains territory" for e in evs), _brief(evs)


def test_the_ing_clause_of_a_modal_verb_is_no_happening(pipe) -> None:  # noqa: ANN001
    text = ("Gbarnga news\n\nSoldiers shelled rebel positions in Gbarnga on Monday.\n\n"
            "The town's fall would end the revolt, driving the rebels from their last stronghold.")
    evs = _events(pipe, text)
    assert [e.type for e in evs] == ["Explosions/Remote violence"], _brief(evs)
    # the same clause on a verb that happened is a happening ("attacked ..., driving them out")
    evs = _events(pipe, "Gbarnga news\n\nSoldiers stormed Gbarnga on Monday, driving the rebels from the town.")
    assert evs and all(e.when.start == "2021-04-19" for e in evs), _brief(evs)


def test_a_sentence_repeated_word_for_word_is_one_telling(pipe) -> None:  # noqa: ANN001
    repeated = "Thousands of protesters marched through central Gbarnga against the new fuel tax."
    text = (f"Gbarnga news\n\n{repeated}\n\nThe tax doubles the price of petrol. Traders say sales have fallen. "
            f"The finance minister defends the measure.\n\nShops in the capital stayed open.\n\n{repeated}")
    evs = _events(pipe, text)
    assert len([e for e in evs if e.type == "Protests"]) == 1, _brief(evs)
