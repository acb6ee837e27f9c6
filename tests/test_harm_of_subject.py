"""One event per happening: a happening told as the subject of a harm verb ("the bombing ... wounded 12") did the
harm; the verb tells its toll, not a second happening. And a possessive date ("last month's attack") dates the
happening it modifies. Test sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

pytestmark = pytest.mark.model


def test_a_bombing_that_wounded_people_is_one_bombing(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Blast in the port city\n\nThe bombing on Sunday near the ferry terminal in Mombasa wounded "
                        "eleven dock workers, police said.")
    assert len(evs) == 1, _brief(evs)
    assert evs[0].type == "Explosions/Remote violence", _brief(evs)
    assert evs[0].when.start == "2021-04-18" and evs[0].where is not None and evs[0].where.name == "Mombasa"


def test_a_harm_verb_without_a_happening_subject_is_still_an_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Shooting in the port city\n\nGunmen wounded eleven dock workers near the ferry terminal in "
                        "Mombasa on Sunday, police said.")
    assert len(evs) == 1 and evs[0].type == "Violence against civilians", _brief(evs)


def test_a_possessive_date_dates_its_happening(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Strikes in the port city\n\nMOMBASA (Agency) - Dock workers marched through Mombasa on "
                        "Monday.\n\nLast month's ambush on a police patrol near Malindi killed three officers.")
    ambush = [e for e in evs if e.where is not None and e.where.name == "Malindi"]
    assert len(ambush) == 1 and ambush[0].when.start == "2021-03-01", _brief(evs)


def test_a_when_clause_on_a_since_date_is_dated_by_that_date_and_keeps_its_means_to_itself(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Market attack\n\nMOMBASA (Agency) - Gunmen shot dead five traders at a market in Mombasa on "
                        "Monday, police said.\n\nIt was the worst attack on the town since June 2019, when a suicide "
                        "bomber killed nine people at a bus stop in Mombasa.")
    bomb = [e for e in evs if e.subtype == "Suicide bomb"]
    shot = [e for e in evs if e.when.start == "2021-04-19"]
    assert len(bomb) == 1 and bomb[0].when.start == "2019-06-01" and bomb[0].when.precision == "month", _brief(evs)
    assert len(shot) == 1 and shot[0].type == "Violence against civilians", _brief(evs)
