"""Death tolls as ACLED counts them: who is killed lives (a noun the people list lacks still counts one), verbs
joined by "and" share their object, a numbered conjunct of the killed is killed too, a fatal wounding is a
killing, and a peaceful protest carries no deaths (the one it protests is its grievance). Sentences our own."""
from __future__ import annotations

import pytest

from sitrep.extractor import Extractor
from sitrep.figures import find_figures
from sitrep.records import Article

pytestmark = pytest.mark.model


def _events(extractor: Extractor, text: str) -> list:
    return extractor.extract(Article(id="t", text=text, published="2024-03-20"))


def _killed(extractor: Extractor, text: str) -> int | None:
    ev = _events(extractor, text)[0]
    return ev.killed.best if ev.killed is not None else None


@pytest.mark.parametrize("text, n", [
    # one killed, named by a noun the people list does not hold
    ("Militants ambushed a patrol near Gao on Monday, killing a ranger and wounding three soldiers.", 1),
    ("A rickshaw puller was killed and nine more people were hurt as two groups fought in Mymensingh on "
     "Friday.", 1),
    ("A Bangladeshi national was beaten to death by border guards in Chuadanga on Friday.", 1),
    ("A lorry driver and his assistant were killed when attackers threw a petrol bomb at their vehicle in "
     "Barisal on Tuesday.", 2),
    # "shot and killed": the joined verbs share the object
    ("Gunmen shot and killed one female farmer and wounded another near Beni on Sunday.", 1),
    # a numbered conjunct of the dead is dead too, whatever its noun
    ("The army said 15 soldiers and 1 captain died when their convoy hit a mine near Gao on Monday.", 16),
])
def test_tolls(extractor: Extractor, text: str, n: int) -> None:
    assert _killed(extractor, text) == n


def test_a_peaceful_protest_carries_no_deaths(extractor: Extractor) -> None:
    evs = _events(extractor, "Residents staged a protest in Kandy on Monday against the death of two people in a "
                             "road accident.")
    assert evs[0].subtype == "Peaceful protest"
    assert evs[0].killed is None


def test_a_fatal_wounding_is_a_killing(extractor: Extractor) -> None:
    doc = extractor.parse("A local official was fatally wounded in Kano on Friday. Two guards were mortally "
                          "injured.")
    cats = {f.text: f.category for f in find_figures(doc)}
    assert cats["A local official"] == "killed"
    assert cats["Two"] == "killed"


def test_an_animal_killed_is_no_victim(extractor: Extractor) -> None:
    doc = extractor.parse("Raiders killed a camel and drove off the herd near Wajir on Monday.")
    assert not [f for f in find_figures(doc) if f.category == "killed"]


@pytest.mark.parametrize("text, n", [
    # a toll over a period longer than one happening sums up many: it is no event's count
    ("Gunmen attacked a village in Bokkos on Monday. The death toll from attacks in the state since January rose "
     "to 300.", None),
    ("Gunmen attacked a village in Bokkos on Monday. More than 200 people were killed in the past three months.", None),
    # a toll told in the sentence after its event, or beside it, with no event of its own
    ("Gunmen attacked a village in Bokkos on Monday. Seven people were killed.", 7),
    ("A tribal clash over land caused the death of one man near Kakamega on Monday.", 1),
])
def test_which_event_a_toll_counts_for(extractor: Extractor, text: str, n: int | None) -> None:
    assert _killed(extractor, text) == n


@pytest.mark.parametrize("text, n", [
    # the death a protest or riot is about is its grievance, not its toll
    ("Hundreds of traders rioted in Onitsha on Monday over the killing of two drivers by police.", None),
    ("Bus drivers set tyres alight and blocked a highway in Bhola on Monday, protesting the death of a fellow "
     "driver.", None),
    # deaths told as the outcome of the riot or of the force used on it stay its toll
    ("Protesters clashed with police in Dhaka on Monday and two demonstrators were killed.", 2),
    ("Police opened fire on protesters in Dhaka on Monday, killing two demonstrators.", 2),
    ("Two groups of villagers clashed near Horipur on Monday over a quarrel about farmland in which one man "
     "was killed.", 1),
])
def test_a_grievance_is_no_toll(extractor: Extractor, text: str, n: int | None) -> None:
    assert _killed(extractor, text) == n


def test_the_victim_is_the_subject_that_names_one(extractor: Extractor) -> None:
    # the parser may take the number of a date for a second subject of the passive
    assert _killed(extractor, "Around 1 December 2023, in Vila Nova, a man was killed near the old "
                              "bus depot.") == 1
    # livestock killed beside a person are not counted
    assert _killed(extractor, "On 8 November 2022, gunmen killed a herder and his animals in a village near "
                              "Djougou.") == 1


def test_a_number_in_a_name_counts_nothing(extractor: Extractor) -> None:
    # "camp 4", "ward 7": digits after a noun of numbered things name it
    assert _killed(extractor, "On 30 November 2023, gunmen shot and killed a shopkeeper at his home in refugee "
                              "camp 4 near Ukhiya.") == 1
    doc = extractor.parse("Unknown men beat a guard in ward 7 of the hospital on Monday.")
    assert not [f for f in find_figures(doc) if f.text == "7"]


@pytest.mark.parametrize("text, field, n", [
    # who sustains or suffers an injury is injured; a fatal one kills
    ("Rioters set a bus on fire in Feni on Monday; at least five people sustained burn injuries.", "injured", 5),
    ("Police fired tear gas at protesters in Lagos on Monday; 14 suffered injuries.", "injured", 14),
    ("Gunmen attacked a bus in Kano on Monday; two passengers suffered fatal injuries.", "killed", 2),
    ("A bomb exploded at a market in Quetta on Monday. Twelve people were hospitalised.", "injured", 12),
])
def test_injuries_borne(extractor: Extractor, text: str, field: str, n: int) -> None:
    count = getattr(_events(extractor, text)[0], field)
    assert count is not None and count.best == n
