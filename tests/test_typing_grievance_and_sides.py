"""Typing (issue 11), on sentences written for these tests: a protest's grievance is not its crowd's violence, and a
remote weapon told with a fight of both sides is a battle, an explosion's victims an explosion's."""
from __future__ import annotations

import pytest

CASES = [
    # what the protest is against ("violence", "vandalism") and its torches are no violence of its crowd
    ("Teachers rallied outside the ministry on Monday in support of the strike and against police violence.",
     "Peaceful protest"),
    ("Members of the youth wing held a torch march through the city on Monday to mark the leader's birthday.",
     "Peaceful protest"),
    ("Villagers formed a human chain on Friday, demanding punishment for those behind the vandalism of a temple.",
     "Peaceful protest"),
    ("Hundreds of women marched in the capital on Sunday to protest violence against women.", "Peaceful protest"),
    # the crowd's own acts still make a riot
    ("Protesters torched two buses and smashed shop windows in the capital on Monday.", "Violent demonstration"),
    # shells, grenades or strikes in a fight of both sides: an armed clash
    ("Army artillery shelled rebel positions near the town on Monday. The rebels returned fire.", "Armed clash"),
    ("Militants clashed with soldiers at a checkpoint on Tuesday after throwing a hand grenade at them.", "Armed clash"),
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
