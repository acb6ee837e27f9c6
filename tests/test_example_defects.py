"""Typing and actor rules found by reading the bundled examples' output (test sentences of our own)."""
from __future__ import annotations

import pytest

from sitrep.records import Article


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipe, text: str, published: str = "2021-04-16"):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published=published))


@pytest.mark.model
def test_passive_toll_is_the_count_of_the_clash_its_clause_tells(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "At least nine people were killed on Wednesday when Iraqi soldiers fought fighters of the "
                        "Islamic State near the border.")
    assert len(evs) == 1, [(e.subtype, e.trigger) for e in evs]
    ev = evs[0]
    assert ev.subtype == "Armed clash"
    assert ev.killed is not None and ev.killed.low == 9
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "rebels" and ev.actor2.name == "Islamic State"


@pytest.mark.model
def test_habitual_adverb_covers_the_conjoined_verbs(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Its gunmen usually ambush patrols and set up camps in the hills.")
    assert evs == [], [(e.subtype, e.trigger) for e in evs]


@pytest.mark.model
def test_a_checkpoint_is_not_a_base(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Rebels set up checkpoints on the highway on Monday.")
    assert all(e.subtype != "Headquarters or base established" for e in evs), [(e.subtype, e.trigger) for e in evs]


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Hundreds of students rallied outside the ministry on Monday and dispersed at dusk.",
    "About 500 nurses who demonstrated outside parliament on Tuesday were not dispersed.",
])
def test_self_dispersal_or_negated_dispersal_is_no_intervention(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert evs and evs[0].subtype == "Peaceful protest", [(e.subtype, e.trigger) for e in evs]
    assert evs[0].actor2 is None  # the crowd is the protesters, not a second party


@pytest.mark.model
@pytest.mark.parametrize("text", ["Two men died in hospital on Friday.", "A police officer died of his wounds on Sunday."])
def test_a_later_death_is_no_new_event(pipe, text: str) -> None:  # noqa: ANN001
    assert _events(pipe, text) == []


@pytest.mark.model
def test_who_died_is_the_victim(pipe) -> None:  # noqa: ANN001
    ev = _events(pipe, "Three people died when soldiers opened fire on a crowd in the town on Sunday.")[0]
    assert ev.killed is not None and ev.killed.best == 3
    assert ev.actor1 is None or ev.actor1.kind != "civilians" or ev.type == "Protests"
    assert any(a is not None and a.kind == "state_forces" for a in (ev.actor1, ev.actor2))


def test_pieces_of_a_feature_name_are_no_towns() -> None:
    """The model cut a junction's name in two; neither piece is a town (hand-made Doc, real gazetteer)."""
    import spacy
    from spacy.tokens import Doc

    from sitrep.gazetteer import Gazetteer
    from sitrep.places import find_place_mentions

    rows = [("Police", 1, "nsubj", "NOUN", ""), ("cleared", 1, "ROOT", "VERB", ""), ("the", 5, "det", "DET", ""),
            ("Puerto", 4, "compound", "PROPN", "GPE"), ("Rosario", 5, "compound", "PROPN", "PERSON"),
            ("junction", 1, "dobj", "NOUN", ""), (".", 1, "punct", "PUNCT", "")]
    words = [r[0] for r in rows]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 5 + [False, False], heads=[r[1] for r in rows],
              deps=[r[2] for r in rows], pos=[r[3] for r in rows],
              ents=["O", "O", "O", "B-GPE", "B-PERSON", "O", "O"])
    found = find_place_mentions(doc, Gazetteer.open())
    assert [m.text for m in found if m.kind == "place"] == []
    # a single town before a facility noun stays: "the Rosario junction" is at Rosario
    doc2 = Doc(doc.vocab, words=["the", "Rosario", "junction"], heads=[2, 2, 2], deps=["det", "compound", "ROOT"],
               pos=["DET", "PROPN", "NOUN"], ents=["O", "B-GPE", "O"])
    assert [m.text for m in find_place_mentions(doc2, Gazetteer.open())] == ["Rosario"]


@pytest.mark.model
def test_a_force_told_with_a_riot_is_its_second_actor(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "The protest turned violent in the town on Friday when youths burned cars and stoned shops. "
                        "Police fired tear gas at them.")
    riots = [e for e in evs if e.type == "Riots"]
    assert riots, [(e.subtype, e.trigger) for e in evs]
    assert riots[0].actor1 is not None and riots[0].actor1.kind == "rioters"
    assert all(e.actor1 is None or e.actor1.kind != "state_forces" for e in riots)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The alliance said last month that it had begun preparations for the withdrawal of its troops from the region.",
    "The cabinet has withdrawn the pension bill after a week of strikes.",
    "Union leaders said they were ready to meet the ministers, but only after the troops pulled back from the squares.",
])
def test_no_transfer_of_territory(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert all(e.subtype != "Non-violent transfer of territory" for e in evs), [(e.subtype, e.trigger) for e in evs]


@pytest.mark.model
def test_a_withdrawal_of_forces_from_a_place_is_still_one(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Government troops withdrew from the town on Monday.")
    assert evs and evs[0].subtype == "Non-violent transfer of territory"


@pytest.mark.model
def test_destruction_by_a_strike_belongs_to_the_strike(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "On Monday, a jet dropped three bombs on the centre of the village, destroying a mosque.")
    assert [e.subtype for e in evs] == ["Air/drone strike"]


@pytest.mark.model
def test_moving_into_posts_another_force_left_is_a_transfer(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "About 200 militiamen left their posts near the dam on Tuesday and drove north. "
                        "Government soldiers moved into the posts an hour later.")
    assert all(e.subtype != "Change to group/activity" for e in evs), [(e.subtype, e.trigger) for e in evs]


@pytest.mark.model
def test_a_grievance_is_not_a_deed(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Thousands of nurses held a march in the capital on Friday against police violence.")
    assert evs and evs[0].subtype == "Peaceful protest", [(e.subtype, e.trigger) for e in evs]


@pytest.mark.model
def test_a_protest_camp_is_not_a_base(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Students had set up camp outside the university gates on Monday to protest against fees.")
    assert all(e.subtype != "Headquarters or base established" for e in evs), [(e.subtype, e.trigger) for e in evs]
