"""One event per happening (issue 11, item 4): a mention of another family that elaborates an event told just
before it (the arrests made at a protest, the toll of a clash told in a sentence with no doer, the curfew or the
troops sent against a riot) joins that event with its figures; a second real happening (arrests days later, in
another town, of a named leader) stays apart. Test sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

pytestmark = pytest.mark.model

MARCH = ("Teachers march\n\nSeveral thousand people marched through central Gbarnga on Sunday to call for the release "
         "of jailed teachers. ")


@pytest.mark.parametrize("more", [
    "Riot police later detained 35 people, a rights group said.",  # no place or date of its own
    "Police detained 35 marchers in Gbarnga on Sunday, a rights group said.",  # the march's town and day
])
def test_arrests_at_a_protest_make_it_an_intervention_with_its_figure(pipe, more) -> None:  # noqa: ANN001
    evs = _events(pipe, MARCH + more)
    assert len(evs) == 1, _brief(evs)
    assert (evs[0].type, evs[0].subtype) == ("Protests", "Protest with intervention"), _brief(evs)
    assert evs[0].arrested is not None and evs[0].arrested.best == 35


@pytest.mark.parametrize("more", [
    "On Wednesday, police arrested 12 organisers in Zorzor.",  # another day, another town
    "Three days later, police arrested 12 of the organisers.",  # a span of days between the two
])
def test_arrests_on_another_day_or_in_another_town_stay_apart(pipe, more) -> None:  # noqa: ANN001
    evs = _events(pipe, MARCH + more)
    assert any(e.subtype == "Arrests" for e in evs), _brief(evs)


def test_a_named_leader_taken_is_an_arrest_of_its_own(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, MARCH + "Police in Gbarnga arrested the union leader Moses Kollie on Sunday evening.")
    assert [e.subtype for e in evs] == ["Peaceful protest", "Arrests"], _brief(evs)


def test_the_attackers_arrested_are_part_of_the_attack(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Village raid\n\nGunmen stormed a village near Zorzor on Tuesday and shot dead six farmers, "
                        "residents said. Police arrested two of the attackers.")
    assert len(evs) == 1 and evs[0].type == "Violence against civilians", _brief(evs)
    assert evs[0].arrested is not None and evs[0].arrested.best == 2


CLASH = "Border fighting\n\nGovernment troops fought rebels near Zorzor on Monday, officials said. "


def test_a_toll_with_no_doer_at_the_clash_town_and_day_is_its_toll(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, CLASH + "Nine people were killed in Zorzor on Monday, a nurse told reporters.")
    assert len(evs) == 1 and evs[0].type == "Battles", _brief(evs)
    assert evs[0].killed is not None and evs[0].killed.best == 9


def test_a_toll_in_another_town_stays_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, CLASH + "Nine people were killed in Gbarnga on Monday, a nurse told reporters.")
    assert len(evs) == 2, _brief(evs)


def test_a_killing_with_a_doer_is_no_toll(pipe) -> None:  # noqa: ANN001
    from sitrep.events.merge import toll_only  # noqa: F401  (the rule tested through the pipeline)

    evs = _events(pipe, CLASH + "In another attack, gunmen killed nine villagers in Zorzor on Monday.")
    assert len(evs) == 2, _brief(evs)


RIOT = ("Night of unrest\n\nRioters burned cars and looted shops in Gbarnga on Friday night after a man died in police "
        "custody. ")


@pytest.mark.parametrize("more", [
    "The mayor imposed a curfew and the governor sent in National Guard troops.",
    "In Gbarnga, crowds ignored a curfew and troops were deployed by the governor.",
])
def test_a_curfew_or_troops_sent_against_a_riot_are_part_of_it(pipe, more) -> None:  # noqa: ANN001
    evs = _events(pipe, RIOT + more)
    assert len(evs) == 1 and evs[0].type == "Riots", _brief(evs)
    assert len(evs[0].evidence) == 2, _brief(evs)


@pytest.mark.parametrize("text", [
    "People stayed home after a violent month in which doctors say thirty people were killed.",
    "Thirty people were killed over the past month, doctors say.",
])
def test_a_toll_counted_over_a_period_is_no_figure_of_one_happening(text) -> None:  # noqa: ANN001
    from types import SimpleNamespace

    import spacy

    from sitrep.events.merge import counted_over_a_period
    from sitrep.lexicon import load_lexicon
    from sitrep.settings import Settings

    doc = spacy.load(Settings().model)(text)
    killed = next(t for t in doc if t.text == "killed")
    assert counted_over_a_period(SimpleNamespace(lex=load_lexicon(), cache={}), killed)


MOB = ("Feud\n\nOn Sunday, a mob of villagers rampaged through the market in Gbarnga after a rumour spread about a "
       "stolen goat. ")


@pytest.mark.parametrize("text", [
    "Feud\n\nOn Sunday, supporters of two rival candidates fought with sticks and bricks in Gbarnga over a disputed "
    "count. Both groups attacked each other for an hour.",
    MOB + "A trader was beaten and his stall was set alight.",
])
def test_the_violence_told_of_a_riot_is_the_riot(pipe, text) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert len(evs) == 1 and evs[0].type == "Riots" and len(evs[0].evidence) == 2, _brief(evs)


def test_another_attack_elsewhere_after_a_riot_stays_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, MOB + "In another attack, gunmen shot a trader dead in Zorzor.")
    assert len(evs) == 2, _brief(evs)


def test_troops_sent_after_a_clash_are_part_of_it(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, CLASH + "The army deployed two more battalions to the area, an officer said.")
    assert len(evs) == 1 and evs[0].type == "Battles", _brief(evs)


def test_victims_counted_with_no_doer_at_the_riot_town_and_night_are_its_toll(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Riot\n\nRioters burned cars in Gbarnga on Friday night. Two people were shot dead in Gbarnga "
                        "on Friday night, a hospital official said.")
    assert len(evs) == 1 and evs[0].type == "Riots", _brief(evs)
    assert evs[0].killed is not None and evs[0].killed.best == 2


def test_a_place_raided_with_no_doer_is_no_toll(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, CLASH + "In Gbarnga, a police station was raided on Monday.")
    assert len(evs) == 2, _brief(evs)


def test_a_death_told_as_a_sequel_is_no_toll_of_the_attack(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Bus attack\n\nGunmen fired on a bus near Zorzor on Monday, wounding four passengers. One of "
                        "the gunmen was later killed.")
    assert all(e.killed is None or e.killed.best != 1 for e in evs if e.type == "Violence against civilians"), \
        _brief(evs)


@pytest.mark.parametrize("more", [
    "Police arrested four men in Zorzor on Tuesday, a spokesman said.",  # a place and a day of their own
    "Police later detained three suspects.",  # told as the next move
])
def test_suspects_arrested_after_an_attack_are_an_arrest_of_its_own(pipe, more) -> None:  # noqa: ANN001
    evs = _events(pipe, "Village raid\n\nGunmen stormed a village near Zorzor on Tuesday and shot dead six farmers, "
                        "residents said. " + more)
    assert any(e.subtype == "Arrests" for e in evs), _brief(evs)
