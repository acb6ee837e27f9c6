"""The fields of an event (issue 11): figures, sources and actors, each a general fact of English, on sentences
of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article, Count


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _events(pipe, text: str, published: str = "2021-04-19"):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published=published))


def _one(pipe, text: str):  # noqa: ANN001, ANN202
    evs = _events(pipe, text)
    assert len(evs) == 1, [(e.type, e.subtype) for e in evs]
    return evs[0]


# --------------------------------------------------------------------------- figures


def test_a_vague_toll_gives_way_to_a_number() -> None:
    from sitrep.events.figures import better

    dozens = Count(low=24, best=None, high=99, text="dozens")
    fifty = Count(low=50, best=50, high=None, text="at least 50")
    assert better(fifty, None)
    assert better(fifty, dozens)  # "dozens were killed ... killed at least 50": the number says more
    assert not better(dozens, fifty)  # the number stays
    assert not better(Count(low=7, best=7, high=7, text="seven"), fifty)  # the first number told stays


@pytest.mark.model
@pytest.mark.parametrize("text, want", [
    ("About 400 protesters blocked a road in Lyon on Monday and police dispersed them.", 400),
    ("A group of about 2,000 demonstrators marched through Lyon on Monday.", 2000),
    ("In Lyon, police used tear gas on a group of about 300 protesters on Monday.", 300),
])
def test_a_count_of_protesters_is_the_crowd(pipe, text: str, want: int) -> None:  # noqa: ANN001
    ev = _one(pipe, text)
    assert ev.participants is not None and ev.participants.best == want, ev.participants


@pytest.mark.model
def test_protesters_killed_are_a_toll_not_a_crowd(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Two protesters were killed when police fired on a march in Lyon on Monday.")
    assert ev.killed is not None and ev.killed.best == 2
    assert ev.participants is None, ev.participants


@pytest.mark.model
def test_one_of_a_counted_toll_is_part_of_it(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "A teacher was one of at least 28 people killed in an attack in Gao on Monday.")
    assert ev.killed is not None and ev.killed.best == 28, ev.killed


@pytest.mark.model
def test_the_number_told_after_a_vague_toll_is_the_toll(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Dozens of people were killed in a bomb blast at a wedding hall in Gao on Monday. The explosion "
                    "killed at least 50 people and wounded more than 70 others, a health ministry spokesman said.")
    assert ev.killed is not None and ev.killed.best == 50, ev.killed
    assert ev.injured is not None and ev.injured.best == 71, ev.injured


# --------------------------------------------------------------------------- sources


@pytest.mark.model
def test_each_party_of_a_joint_attribution_is_a_source(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Gunmen stormed a hotel in Gao on Saturday, killing at least one guard, officials and the army said.")
    kinds = [s.kind for s in ev.sources]
    assert kinds[:2] == ["official", "combatant"], ev.sources
    ev = _one(pipe, "Protesters smashed windows in Gao on Monday, police and witnesses said.")
    assert {s.kind for s in ev.sources} == {"official", "witness"}, ev.sources


@pytest.mark.model
def test_a_state_speaking_is_its_government(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Mali says its troops clashed with gunmen near Gao on Monday.")
    assert evs and all(s.kind == "official" for e in evs for s in e.sources), [e.sources for e in evs]


@pytest.mark.model
def test_a_news_outlet_is_media(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Armed men kidnapped eight people in Gao on Monday, according to Sahel Daily News.")
    assert [s.kind for s in ev.sources] == ["media"], ev.sources


@pytest.mark.model
def test_a_tally_noun_says_what_its_figure_counts(pipe) -> None:  # noqa: ANN001
    from sitrep.figures import find_figures

    doc = pipe.nlp("A rights group said the number of detentions at the rally in Lyon reached 1,250 by Sunday.")
    got = [(f.category, f.count.best) for f in find_figures(doc) if f.count.best == 1250]
    assert got == [("detained", 1250)], got


# --------------------------------------------------------------------------- actors


@pytest.mark.model
def test_a_protest_met_by_police_stays_the_protesters_act(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Police fired tear gas at protesters in Lyon on Monday.")
    assert ev.actor1 is not None and ev.actor1.kind == "protesters", ev.actor1
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces", ev.actor2


@pytest.mark.model
def test_what_a_bombing_targeted_is_its_target(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "A bombing that targeted police outside a shrine in Lahore on Monday killed at least 10 people.")
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces", ev.actor2
    assert ev.killed is not None and ev.killed.best == 10


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Ethnic militias attacked a village near Jos on Monday, killing 12 villagers.",
    "Clan militias clashed in Beledweyne on Monday.",
    "Cattle raiders killed five people in Turkana on Monday.",
])
def test_groups_of_a_shared_identity_are_identity_militias(pipe, text: str) -> None:  # noqa: ANN001
    ev = _one(pipe, text)
    assert ev.actor1 is not None and ev.actor1.kind == "identity_militia", ev.actor1


@pytest.mark.model
def test_a_militia_without_an_identity_stays_political(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "A militia attacked a village near Jos on Monday.")
    assert ev.actor1 is not None and ev.actor1.kind == "political_militia", ev.actor1
    ev = _one(pipe, "Suspected rebels hacked four herders to death near Jos on Sunday.")
    assert ev.subtype == "Attack" and (ev.actor2 is None or ev.actor2.kind != "identity_militia"), ev.actor2


@pytest.mark.model
def test_a_total_over_several_places_gives_way_to_its_part(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "More than 900 people were arrested in 12 cities over the weekend, including 300 on Saturday in Lyon.")
    assert ev.arrested is not None and ev.arrested.best == 300, ev.arrested
    ev = _one(pipe, "Police arrested 40 people in Lyon on Monday, including 12 students.")
    assert ev.arrested is not None and ev.arrested.best == 40, ev.arrested  # one place: the total is the count


def test_a_day_after_a_number_is_not_what_it_counts() -> None:
    from spacy.tokens import Doc

    from sitrep.nlp.figures_ties import _counted

    words = ["including", "500", "Friday"]
    doc = Doc(_blank_vocab(), words=words, heads=[0, 2, 0], deps=["ROOT", "nummod", "pobj"],
              pos=["VERB", "NUM", "PROPN"], ents=["O", "O", "B-DATE"])
    noun, _ = _counted(doc, doc[1], 1, 2)
    assert noun is None


def _blank_vocab():  # noqa: ANN202
    import spacy

    return spacy.blank("en").vocab


@pytest.mark.model
def test_a_nationality_on_forces_names_that_states_forces(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Malian troops shelled a village near Gao on Monday.")
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces" and ev.actor1.country == "ML", ev.actor1
    ev = _one(pipe, "French forces shelled a camp near Gao on Monday.")
    assert ev.actor1 is not None and ev.actor1.kind == "external" and ev.actor1.country == "FR", ev.actor1


@pytest.mark.model
def test_a_group_that_is_no_state_is_not_its_forces(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kurdish forces clashed with gunmen near Kirkuk on Monday.")
    assert all(e.actor1 is None or e.actor1.kind != "state_forces" for e in evs), [e.actor1 for e in evs]


@pytest.mark.model
def test_the_crowd_that_riots_is_rioters(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Protesters smashed windows and threw stones at shops in Lyon on Monday.")
    assert ev.type == "Riots"
    assert ev.actor1 is not None and ev.actor1.kind == "rioters", ev.actor1


@pytest.mark.model
def test_a_person_named_by_trade_is_a_civilian(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Gunmen shot dead a lawyer in Gao on Monday.")
    assert ev.actor2 is not None and ev.actor2.kind == "civilians", ev.actor2


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "In Gao, a man was shot dead on Tuesday afternoon by gunmen.",
    "Gunmen shot dead a lawyer in Gao on Monday.",
    "Gunmen killed a musician in Gao on Monday.",
    "A trader was stabbed to death by gunmen in Gao on Monday.",
    "Gunmen shot and killed a volunteer at a camp near Gao on Monday.",
    "A teacher was tortured and killed by gunmen near Gao on Monday.",
])
def test_one_person_killed_is_a_toll_of_one(pipe, text: str) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert evs and evs[0].killed is not None and evs[0].killed.best == 1, [e.killed for e in evs]


@pytest.mark.model
def test_a_shooting_that_kills_no_one_has_no_toll(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Gunmen shot a lawyer in Gao on Monday; he survived.")
    assert all(e.killed is None for e in evs), [e.killed for e in evs]


@pytest.mark.model
def test_the_party_a_clash_is_with_is_the_other_side(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "The clash with police in Dhaka on Monday left ten activists injured.")
    assert ev.actor2 is not None and ev.actor2.kind == "state_forces", ev.actor2
    evs = _events(pipe, "An attack with grenades hit a market in Gao on Monday.")
    assert all(e.actor2 is None or e.actor2.kind != "unknown" for e in evs)  # "with" a weapon names no party


def test_a_number_sharpens_a_vague_count_only_within_it() -> None:
    from sitrep.events.figures import better

    tens_of_thousands = Count(low=20000, best=None, high=99999, text="tens of thousands")
    assert not better(Count(low=1, best=1, high=1, text="one"), tens_of_thousands)
    assert better(Count(low=None, best=30000, high=None, text="some 30,000"), tens_of_thousands)


@pytest.mark.model
def test_one_of_the_largest_protests_counts_no_people(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "Tens of thousands of people marched through Lyon on Friday, in one of the largest "
                    "demonstrations in the city in years.")
    assert ev.participants is not None and ev.participants.low == 20000, ev.participants


@pytest.mark.model
def test_joined_counts_add_up_under_their_bound(pipe) -> None:  # noqa: ANN001
    ev = _one(pipe, "At least 10 soldiers and 19 gunmen were killed in fighting in Gao on Thursday.")
    assert ev.killed is not None and (ev.killed.low, ev.killed.best) == (29, 29), ev.killed
