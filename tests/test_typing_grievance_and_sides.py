"""Typing (issue 11), on sentences written for these tests: a protest's grievance is not its crowd's violence, its own
blockade no intervention, and a remote weapon told with a fight of both sides is a battle, an explosion's victims
an explosion's."""
from __future__ import annotations

import pytest

CASES = [
    # what the protest is against ("vandalism") and its torches are no violence of its crowd
    ("Members of the youth wing held a torch march through the city on Monday to mark the leader's birthday.",
     "Peaceful protest"),
    ("Villagers formed a human chain on Friday, demanding punishment for those behind the vandalism of a temple.",
     "Peaceful protest"),
    ("Hundreds of women marched in the capital on Sunday to protest violence against women.", "Peaceful protest"),
    # the crowd's own acts still make a riot
    ("Protesters torched two buses and smashed shop windows in the capital on Monday.", "Violent demonstration"),
    # the crowd's acts told after the protest: bonfires, running battles, clashes with the police, fireworks at them
    ("Students marched through the town on Monday. They lit bonfires on the main road.", "Violent demonstration"),
    ("Farmers protested in the district on Tuesday and fought running battles with the police.",
     "Violent demonstration"),
    ("Hundreds of traders staged a protest in the market on Monday. Later there were clashes between the police and "
     "the traders.", "Violent demonstration"),
    ("Women held a vigil on Sunday and set off fireworks at the police line.", "Violent demonstration"),
    # a road blocked by the protesters is their protest, not an intervention; blocked by the police, it is one
    ("Taxi drivers blocked the highway on Monday in protest over the state of the road.", "Peaceful protest"),
    ("Police blocked the road on Monday to stop the march from reaching the parliament.", "Protest with intervention"),
    # shells, grenades or strikes in a fight of both sides: an armed clash
    ("Army artillery shelled rebel positions near the town on Monday. The rebels returned fire.", "Armed clash"),
    ("Rebels attacked an army post on Tuesday with rockets and the soldiers fired back.", "Armed clash"),
    ("Troops backed by airstrikes and a ground assault pushed into the rebel-held district on Sunday.", "Armed clash"),
    # one-sided, they stay remote violence
    ("Rebels fired mortar shells at the town on Sunday, killing two residents.", "Shelling/artillery/missile attack"),
    # an explosion's victims told in the next sentence: the explosion's event
    ("There was an explosion at a police post in the town on Friday. Two officers were killed.",
     "Remote explosive/landmine/IED"),
    ("A blast tore through a crowded market on Monday. Six people died.", "Remote explosive/landmine/IED"),
]


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    return Pipeline(Settings(typer="rules"))


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", CASES)
def test_first_event_sub_type(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events, text
    assert events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]
