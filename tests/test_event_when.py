"""The event's date (DESIGN.md): own clause, sentence before, the lead's day for the story's parts, else unknown.
Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article
from sitrep.resolve.dateline import is_caption


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipe, text: str, published: str = "2021-04-19"):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published=published))


def test_a_photo_credit_makes_a_caption() -> None:
    assert is_caption("Soldiers patrol a street in Harbel, Sunday, April 18. (AP Photo/Jane Roe)")
    assert is_caption("Riot police stand guard outside the court (Photo: Reuters)")
    assert not is_caption("Soldiers patrolled a street in Harbel on Sunday (the third day of the curfew).")


@pytest.mark.model
def test_the_lead_dates_the_parts_of_its_story_told_later_without_a_date(pipe) -> None:  # noqa: ANN001
    text = ("Harbel rally\n\nProtests over fuel prices spread across Liberia on Sunday, with police firing tear gas "
            "in three towns.\n\nIn Gbarnga, gunmen attacked a police station and killed two officers.\n\nIn 2009, soldiers killed two protesters in Gbarnga.")
    evs = _events(pipe, text)
    gb = [e for e in evs if e.where is not None and e.where.name == "Gbarnga" and e.when.start != "2009-01-01"]
    assert gb, [(e.subtype, e.where and e.where.name, e.when) for e in evs]
    assert gb[0].when.start == "2021-04-18" and gb[0].when.strategy == "lead"
    old = [e for e in evs if e.when.start and e.when.start.startswith("2009")]
    assert old and all(e.when.strategy != "lead" for e in old)


@pytest.mark.model
def test_an_old_lead_date_does_not_date_the_story(pipe) -> None:  # noqa: ANN001
    text = ("Harbel rally\n\nProtesters marched in Monrovia on March 2, 2019.\n\n"
            "In Gbarnga, police fired tear gas at hundreds of protesters who blocked the main road.")
    evs = _events(pipe, text)
    assert all(e.when.strategy != "lead" for e in evs), [(e.subtype, e.when) for e in evs]


@pytest.mark.model
def test_a_placeless_undated_elaboration_joins_the_happening_it_tells_of(pipe) -> None:  # noqa: ANN001
    text = ("Clash near Harbel\n\nAt least nine people were killed on Sunday when soldiers fought rebels near the town "
            "of Gbarnga, the army said.\n\nThe soldiers repelled the assault and killed five of the rebels, a "
            "spokesman said. Four soldiers were killed.")
    evs = _events(pipe, text)
    assert len(evs) == 1, [(e.subtype, e.where and e.where.name, e.when.start, e.killed) for e in evs]
    assert evs[0].killed is not None and evs[0].killed.best == 9
    assert len(evs[0].evidence) >= 2


@pytest.mark.model
def test_a_mention_with_a_place_of_its_own_stays_apart(pipe) -> None:  # noqa: ANN001
    text = ("Clash near Harbel\n\nAt least nine people were killed on Sunday when soldiers fought rebels near the town "
            "of Gbarnga, the army said. In Voinjama, gunmen attacked a police station and killed two officers.")
    evs = _events(pipe, text)
    assert len(evs) == 2, [(e.subtype, e.where and e.where.name, e.when.start, e.killed) for e in evs]


def test_report_lines_are_found() -> None:
    from sitrep.resolve.dateline import meta_line_spans

    for text, want in (("Posted on June 3, 2019\n\nTroops clashed.", "Posted on June 3, 2019"),
                       ("By Jane Roe, Reuters\nTroops clashed on Monday.", "By Jane Roe, Reuters"),
                       ("Troops clashed.\nRelated: Protests in 2019 turned violent", "Related: Protests in 2019 turned violent"),
                       ("Reuters | Published 3 June 2019", "| Published 3 June 2019")):
        assert [text[a:b] for a, b in meta_line_spans(text)] == [want]
    assert meta_line_spans("The ministry updated the death toll in 2019.") == []


@pytest.mark.model
def test_a_posted_on_line_never_dates_an_event(pipe) -> None:  # noqa: ANN001
    text = ("Gbarnga attack\nPosted on April 17, 2021\nGunmen attacked a police station in Gbarnga and killed "
            "two officers.")
    evs = _events(pipe, text)
    assert evs and all(e.when.start != "2021-04-17" for e in evs), [e.when for e in evs]
