"""One event per happening (issue 11, item 4): mentions that elaborate one happening join it, and background
that tells no happening is no event. Test sentences of our own (numbered as the items of the issue)."""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


def _events(pipe, text: str):  # noqa: ANN001, ANN202
    return pipe.extract(Article(id="t", text=text, published="2021-04-20"))


def _brief(evs) -> list[tuple]:  # noqa: ANN001
    return [(e.type, e.subtype, e.where and e.where.name, e.when.start, [v.text[:40] for v in e.evidence])
            for e in evs]


# 2. a reference back ("the fighting in Zorzor") is to an event at its own place, never one at another town


def test_a_reference_back_naming_another_town_is_not_the_earlier_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Liberia clashes\n\nSoldiers clashed with rebels in Gbarnga on Monday, residents said. "
                        "The fighting in Zorzor forced hundreds of families to flee.")
    assert sorted(e.where.name for e in evs if e.where is not None) == ["Gbarnga", "Zorzor"], _brief(evs)


def test_a_place_its_sentence_names_for_someone_else_does_not_move_the_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Liberia clashes\n\nSoldiers clashed with rebels in Gbarnga on Monday, residents said. "
                        "The government in Monrovia condemned the fighting.")
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "Gbarnga", _brief(evs)


def test_a_local_force_working_on_a_death_places_it_in_its_own_town(pipe) -> None:  # noqa: ANN001
    # a police force in another town investigating a death tells another happening, not the protest before it
    evs = _events(pipe, "Protests spread\n\nPolice fired tear gas at protesters in Gbarnga on Saturday, residents "
                        "said. Police in Zorzor were examining the death of a protester crushed under a bus.")
    assert sorted(e.where.name for e in evs if e.where is not None) == ["Gbarnga", "Zorzor"], _brief(evs)


def test_a_reference_back_at_a_town_corrects_an_earlier_country_wide_place(pipe) -> None:  # noqa: ANN001
    # the first telling's country is the victim's ("Ghana's ambassador"), not where it happened
    evs = _events(pipe, "Envoy shot\n\nA gunman shot Ghana's ambassador to Liberia on Monday at a photo exhibition. "
                        "Officials said the attack in Gbarnga was meant to harm ties between the two countries.")
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "Gbarnga", _brief(evs)


@pytest.mark.parametrize("text", [
    # the place of the clause the reference back is the subject of
    "Ceasefire\n\nRival clans in northern Liberia agreed a ceasefire on Thursday, officials said. The agreement was "
    "reached at a meeting of elders in Gbarnga, the deputy governor said.",
    # only a country known: the local source's town is the best the story tells
    "Convoy attack\n\nRebels ambushed an army convoy in Liberia on Monday, killing two soldiers. The attack took place "
    "on a rural road, a police officer in Gbarnga said.",
])
def test_a_reference_back_in_the_same_country_still_places_the_event(pipe, text) -> None:  # noqa: ANN001
    evs = _events(pipe, text)
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "Gbarnga", _brief(evs)


# 3. a happening told at the level of a country, then at a town of it in the next sentence, is one happening


def test_a_country_level_lead_and_the_town_in_the_next_sentence_are_one_happening(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Sudan fighting\n\nHeavy fighting broke out in Sudan on Saturday, residents said. "
                        "Rebels clashed with the army in El Fasher, a witness said.")
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "El Fasher", _brief(evs)


def test_a_country_level_telling_with_its_own_toll_stays_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Sudan fighting\n\nHeavy fighting in Sudan killed 40 people on Saturday, the United Nations "
                        "said. Rebels clashed with the army in El Fasher, a witness said.")
    assert len(evs) == 2, _brief(evs)


def test_a_country_level_telling_and_the_town_after_an_aside_are_one_happening(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Kidnapping\n\nGunmen kidnapped two aid workers in northern Liberia on Friday night, "
                        "officials said. The ministry had first named them as Ghanaians. The two were abducted in "
                        "Zorzor, near the border.")
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "Zorzor", _brief(evs)
    assert evs[0].when.start == "2021-04-16", _brief(evs)


# 5. a protest told with no place, on the day of the story's riot at one place, is that riot's protest

_RIOT = "Rioters clashed with police in Gbarnga on Sunday, residents said."
_ASIDE = "The mayor said the city would pay for the repairs. Schools will reopen next week, he said."
_MARCH = "Hundreds of people had marched peacefully on Sunday morning, witnesses said."


def test_a_placeless_protest_on_the_day_of_a_riot_joins_it(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, f"Gbarnga unrest\n\n{_RIOT}\n\n{_ASIDE}\n\n{_MARCH}")
    assert len(evs) == 1 and evs[0].type == "Riots", _brief(evs)


def test_a_placeless_protest_on_a_day_of_riots_at_two_places_stays_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, f"Unrest\n\n{_RIOT} In Zorzor, rioters clashed with police on Sunday.\n\n{_ASIDE}\n\n{_MARCH}")
    assert sorted(e.type for e in evs) == ["Protests", "Riots", "Riots"], _brief(evs)


# 6. background with only a past year and no place below a country is no happening the story reports


def test_background_with_only_a_past_year_and_no_place_is_dropped(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Border clash\n\nSoldiers from both countries clashed on the disputed border on Monday, "
                        "killing four, officials said.\n\nIt was the worst violence on that frontier since a feud in "
                        "1998 between the two neighbours.")
    assert [e.when.start for e in evs] == ["2021-04-19"], _brief(evs)


def test_a_past_happening_at_a_town_is_kept(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Border clash\n\nSoldiers from both countries clashed on the disputed border on Monday, "
                        "killing four, officials said.\n\nIn 2014, rebels attacked a school in Zorzor, killing six.")
    assert any(e.when.start == "2014-01-01" and e.where is not None and e.where.name == "Zorzor"
               for e in evs), _brief(evs)



def test_who_tells_a_detail_is_a_source_and_the_outlet_still_tells_the_happening(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Clash in Gbarnga\n\nSoldiers clashed with rebels in Gbarnga on Saturday. Rebels fired "
                        "rockets at an army post, the army said.")
    assert len(evs) == 1, _brief(evs)
    assert [s.kind for s in evs[0].sources] == ["reporter", "combatant"], evs[0].sources
    assert evs[0].certainty == "reported"  # the army tells a detail: the happening is not only its claim


def test_ground_changing_hands_is_a_happening_of_its_own(pipe) -> None:  # noqa: ANN001
    # the state retaking ground and an armed group seizing villages are two happenings, whatever they share
    evs = _events(pipe, "Fighting in Anbar\n\nThe defence ministry said on Monday that government forces, backed by "
                        "allied air strikes, reclaimed about a quarter of the territory held by the rebels in Iraq. "
                        "Residents said the rebels captured three villages, giving them a foothold for further attacks.")
    subtypes = [e.subtype for e in evs]
    assert "Government regains territory" in subtypes and "Non-state actor overtakes territory" in subtypes, \
        _brief(evs)


# 4. damage told at the scene of a riot or an attack is that happening's; support told of a party is its event's;
#    a lead told at the level of the country is the town's happening told after it


def test_fires_set_at_a_riot_the_same_night_are_the_riots_damage(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Unrest in Gbarnga\n\nIn Gbarnga, rioters hurled stones at police and torched two police "
                        "cars on Saturday night. Several shops were burned in the town center.")
    assert [e.type for e in evs] == ["Riots"], _brief(evs)


def test_property_destruction_with_no_riot_beside_it_stays_an_event(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Looting\n\nUnknown men looted shops in Gbarnga on Saturday night, officials said. "
                        "Rioters clashed with police in Zorzor on Sunday.")
    assert "Looting/property destruction" in [e.subtype for e in evs], _brief(evs)


def test_air_support_of_the_troops_is_part_of_their_offensive(pipe) -> None:  # noqa: ANN001
    # the support names a country of its own: still the troops' offensive, not a strike of its own
    evs = _events(pipe, "Fighting near Zorzor\n\nRebels launched an assault on Zorzor on Monday, residents said.\n\n"
                        "The ministry said on Tuesday that government troops, backed by airstrikes from Guinea, "
                        "recaptured a quarter of the ground held by the rebels.")
    assert "Air/drone strike" not in [e.subtype for e in evs], _brief(evs)
    assert "Government regains territory" in [e.subtype for e in evs], _brief(evs)


def test_a_lead_told_for_the_country_is_the_town_happening_told_after_it(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "School raid\n\nGunmen kidnapped 40 pupils and killed a guard at a school in northern "
                        "Liberia on Monday, police said.\n\nThe gunmen abducted the pupils from their dormitory at "
                        "the school in Gbarnga, a teacher said.")
    assert len(evs) == 1 and evs[0].where is not None and evs[0].where.name == "Gbarnga", _brief(evs)
    assert evs[0].when.start == "2021-04-19", _brief(evs)


def test_victims_also_killed_in_the_attack_are_that_attacks(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Market attack\n\nGunmen attacked a market in Gbarnga on Monday, killing 12 people, police "
                        "said.\n\nA soldier and two guards also were killed in the attack, the governor said.")
    assert len(evs) == 1 and evs[0].killed is not None and evs[0].killed.best == 12, _brief(evs)


def test_victims_of_another_attack_stay_apart(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Market attack\n\nGunmen attacked a market in Gbarnga on Monday, killing 12 people, police "
                        "said.\n\nOn Tuesday a checkpoint in Zorzor was attacked and two soldiers died there.")
    assert len(evs) == 2, _brief(evs)


def test_the_cause_a_story_came_after_does_not_take_the_leads_day(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Unrest\n\nRioters torched shops in Gbarnga on Monday, police said.\n\nThe unrest came in the "
                        "wake of the killing of a local trader by soldiers in Zorzor.")
    riot = [e for e in evs if e.type == "Riots"]
    assert riot and riot[0].when.start == "2021-04-19", _brief(evs)
    assert all(e.when.start is None for e in evs if e.type != "Riots"), _brief(evs)
