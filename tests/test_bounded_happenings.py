"""Only bounded, realised happenings are event mentions (issue 11): ongoing activities, a group's record, trends,
a happening named again as the subject of a judging verb, charges and what is offered, opposed, banned or put off
are not. Each check is a general fact of English, on sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _mentions(pipe, text: str) -> list[str]:  # noqa: ANN001
    doc = pipe.nlp(text)
    return [doc[m.token_i].text for m in doc._.sitrep_mentions]


def _events(pipe, text: str):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published="2021-04-20"))


def test_the_perfect_progressive_is_an_ongoing_activity_unless_it_names_a_day(pipe) -> None:  # noqa: ANN001
    assert "fighting" not in _mentions(pipe, "The militia, which had been fighting the army for a decade, signed a "
                                             "truce.")
    assert _mentions(pipe, "Rebels have been shelling Kadugli since Sunday.") == ["shelling"]


def test_a_present_perfect_relative_clause_tells_a_groups_record(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "The faction, which has mounted ambushes on convoys across the south, named a new "
                           "commander.") == []
    assert _mentions(pipe, "The union, which has staged protests in every province, elected a new leader.") == []
    assert _mentions(pipe, "The faction, which ambushed a convoy near Kadugli on Sunday, named a new commander.") \
        == ["ambushed"]
    assert "defected" in _mentions(pipe, "Conscripts who have defected to the rebels gathered in Kadugli on Sunday.")


def test_a_trend_of_happenings_is_not_one_of_them(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "Insurgents have intensified bombings in the capital.") == []
    assert _mentions(pipe, "A surge in kidnappings across the province has worried traders.") == []
    assert _mentions(pipe, "Insurgents intensified bombings in the capital on Tuesday, killing four.") != []


def test_a_happening_named_again_by_a_judging_verb_is_not_a_new_one(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "Troops and rebels clashed near Kadugli on Sunday. The clashes marked a turning point "
                           "for the region.") == ["clashed"]
    assert _mentions(pipe, "Troops and rebels clashed near Kadugli on Sunday. Fighting there prompted an appeal "
                           "by the bishop.") == ["clashed"]
    # told for the first time, or indefinite, it is the happening
    assert _mentions(pipe, "The clashes marked a turning point for the region.") == ["clashes"]
    assert "bombing" in _mentions(pipe, "Troops and rebels clashed near Kadugli on Sunday. A bombing in the market "
                                        "prompted a curfew.")


def test_what_is_offered_opposed_banned_or_put_off_did_not_happen(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "The union postponed its march through Kadugli.") == []
    assert _mentions(pipe, "The council banned rallies in the capital.") == []
    assert _mentions(pipe, "Elders opposed the deployment of soldiers to their valley.") == []
    assert _mentions(pipe, "The rebels swore to storm the garrison.") == []
    assert _mentions(pipe, "The march through Kadugli was banned.") == []
    # a quoted slogan after the happening governs nothing in it
    assert "Marchers" in _mentions(pipe, 'Marchers burned flags and carried signs reading, "We reject the new law."')
    assert _mentions(pipe, "The general offered his soldiers to the governor to help him drive the rebels out of "
                           "Kadugli.") == []


def test_a_gerund_takes_the_tense_of_its_verb(pipe) -> None:  # noqa: ANN001
    # (after a title: a text's first line is read as a headline, whose present tense tells news)
    assert _mentions(pipe, "New media law\n\nThe minister said the new law is about attacking the press.") == []


def test_a_charge_names_no_happening_but_an_accusation_reports_one(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "A court convicted the former guard of murdering a trader in Kadugli.") == []
    assert _mentions(pipe, "Two men were charged with attacking a police post in Kadugli.") == []
    assert _mentions(pipe, "Villagers accused soldiers of killing three farmers in Kadugli on Sunday.") == ["killing"]
    # "in charge of" is no charge
    assert _mentions(pipe, "He is one of the officers in charge of the army's assault on Kadugli.") == ["assault"]


def test_handing_over_is_a_transfer_of_territory_only_for_a_place(pipe) -> None:  # noqa: ANN001
    assert _events(pipe, "Donors handed over tents to the relief agency in Kadugli on Sunday.") == []
    evs = _events(pipe, "The rebels handed over the garrison town of Kadugli to the army on Sunday.")
    assert [e.subtype for e in evs] == ["Non-violent transfer of territory"]


def test_a_long_planned_happening_has_come(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "The rebels' long-planned attack on Kadugli began on Sunday.") == ["attack"]
    assert _mentions(pipe, "The rebels' planned attack on Kadugli was delayed.") == []


def test_a_measure_undone_is_not_the_measure_taken(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "The governor lifted the curfew in Kadugli on Sunday.") == []
    assert "curfew" in _mentions(pipe, "The army imposed a curfew in Kadugli on Sunday.")


def test_an_allegation_is_not_a_report(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "Monitors are looking into an allegation that the militia had seized the town of "
                           "Kadugli.") == []


def test_a_hunger_strike_begun_or_kept_up_is_a_protest(pipe) -> None:  # noqa: ANN001
    assert _mentions(pipe, "Two activists kept up their hunger strike, seeking the release of an editor.") != []
    evs = _events(pipe, "Twenty prisoners in Kadugli began a hunger strike on Sunday.")
    assert [e.type for e in evs] == ["Protests"]
