"""Event typing: the refine rules' options, and the sub-type distinctions on sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.events import EventBuilder
from sitrep.lexicon import LexiconError, Refinement, parse_triggers

_MIN = {"triggers": [], "refine": []}


def _rule(**kw: object) -> dict:
    base = {"from": ["Violence against civilians: Attack"], "to": "Battles: Armed clash"}
    base.update(kw)
    return base


def test_refine_scope_and_not_near_are_read_and_checked() -> None:
    _, rules = parse_triggers({**_MIN, "refine": [_rule(near_any=["convoy"], not_near_any=["mob"], scope="sentence")]})
    assert rules[0].scope == "sentence" and rules[0].not_near_any == ("mob",)
    with pytest.raises(LexiconError, match="scope"):
        parse_triggers({**_MIN, "refine": [_rule(scope="chapter")]})
    with pytest.raises(LexiconError, match="actor kinds"):
        parse_triggers({**_MIN, "refine": [_rule(actor1_kinds=["soldiers"])]})


def test_not_near_any_blocks_a_rule() -> None:
    r = Refinement(from_types=frozenset(), to_type="Battles", to_subtype="Armed clash", near_any=("convoy",),
                   not_near_any=("mob",))
    assert EventBuilder._rule_ok(r, " a convoy was hit ", "unknown", "unknown")
    assert not EventBuilder._rule_ok(r, " a mob hit a convoy ", "unknown", "unknown")


# ---------------------------------------------------------------------------- with the real model
CASES = [
    ("Police found a cache of rifles and ammunition buried behind a farmhouse on Monday.", "Disrupted weapons use"),
    ("Army engineers defused two roadside bombs on the main highway on Sunday.", "Disrupted weapons use"),
    ("Attackers hurled a grenade at a police post on Tuesday, wounding three officers.", "Grenade"),
    ("A suicide bomber blew himself up at a checkpoint on Friday, killing four guards.", "Suicide bomb"),
    ("Rebel commanders and the army agreed a three-day ceasefire on Wednesday.", "Agreement"),
    ("The foreign troops set up a new military base outside the town on Thursday.", "Headquarters or base established"),
    ("Government troops recaptured the town from the insurgents on Saturday.", "Government regains territory"),
    ("Insurgents seized control of the border town on Saturday after the soldiers fled.",
     "Non-state actor overtakes territory"),
    ("Militants ambushed an army convoy on Monday, killing six soldiers.", "Armed clash"),
    ("Hundreds of students marched peacefully through the capital on Monday.", "Peaceful protest"),
    ("Protesters threw stones at police and set fire to tyres in the capital on Monday.", "Violent demonstration"),
    ("Warplanes struck a market on Sunday, killing 12 civilians.", "Air/drone strike"),
    ("Rebels fired mortar shells at the town on Sunday, killing two residents.", "Shelling/artillery/missile attack"),
    ("Insurgents took control of the hill town on Friday without resistance after the garrison pulled out.",
     "Non-violent transfer of territory"),
    ("Riot police used water cannon against crowds of protesters outside the ministry on Monday.",
     "Protest with intervention"),
    ("Security agents continued to detain opposition members in the capital on Wednesday.", "Arrests"),
]


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline with the rules alone (the learned typer beside them: test_typer.py), loaded once."""
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    return Pipeline(Settings(typer="rules"))


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", CASES)
def test_first_event_has_the_coder_s_sub_type(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events, text
    assert events[0].subtype == subtype


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The rebels could agree a ceasefire next week.",
    "Officials discussed the prospect of a new round of peace talks.",
    "Nobody found any weapons in the house.",
    "Police detained four men suspected of planning attacks on the bridge.",
    "A landslide killed nine villagers after heavy rains on Tuesday.",
    "A gas tank exploded at a chemical factory on Monday. The blast killed three workers.",
    "Police plan to arrest the organisers.",
])
def test_not_events_stay_filtered(pipe, text: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    # an arrest of plotters is an event; the plotted attack and disaster deaths are not
    assert all(e.subtype == "Arrests" for e in events), [(e.subtype, e.trigger) for e in events]


# ---------------------------------------------------------------------------- actors
@pytest.mark.model
def test_passive_agent_is_actor1_and_subject_actor2(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    ev = pipe.extract(Article(id="t", text="Two farmers were shot dead by soldiers near the village on Monday.",
                              published="2022-05-10"))[0]
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"


@pytest.mark.model
def test_weapon_subject_implies_state_forces(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    ev = pipe.extract(Article(id="t", text="Tanks shelled the northern district on Sunday.", published="2022-05-10"))[0]
    assert ev.subtype == "Shelling/artillery/missile attack"
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"


@pytest.mark.model
def test_actor_role_follows_its_dated_entry(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    text = "Taliban fighters attacked a checkpoint on Monday."
    before = pipe.extract(Article(id="t", text=text, published="2019-03-05"))[0]
    after = pipe.extract(Article(id="t", text=text, published="2023-03-07"))[0]
    assert before.actor1 is not None and before.actor1.kind == "rebels"
    assert after.actor1 is not None and after.actor1.kind == "state_forces"


@pytest.mark.model
def test_present_perfect_lead_is_a_happening_but_a_blamed_series_is_not(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    lead = pipe.extract(Article(id="t", text="Clashes have broken out between soldiers and rebels near the border town.",
                                published="2022-05-10"))
    assert [e.subtype for e in lead] == ["Armed clash"]
    series = pipe.extract(Article(id="t", text="The group has been blamed for attacks in the region.",
                                  published="2022-05-10"))
    assert series == []


ACTOR_CASES = [
    # (text, published, actor1 kind, actor2 kind)
    ("Shabbiha gunmen attacked a village near Homs on Tuesday.", "2012-03-01", "political_militia", "civilians"),
    ("Security forces fired on protesters in Deraa on Friday, killing two.", "2011-05-01", "protesters", "state_forces"),
    ("Protesters were beaten by plainclothes militiamen in Aleppo on Friday.", "2012-03-01", "protesters",
     "political_militia"),
    ("In Homs, Assad's forces shelled a district on Thursday.", "2012-03-01", "state_forces", None),
]


@pytest.mark.model
@pytest.mark.parametrize("text, published, kind1, kind2", ACTOR_CASES)
def test_actor_kinds(pipe, text: str, published: str, kind1: str, kind2: str | None) -> None:  # noqa: ANN001
    from sitrep.records import Article

    ev = pipe.extract(Article(id="t", text=text, published=published))[0]
    assert ev.actor1 is not None and ev.actor1.kind == kind1
    assert (ev.actor2.kind if ev.actor2 else None) == kind2


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Losing the two towns would weaken the rebels badly.",
    "Desertions from the army stay rare.",
    "Only new elections will end the rallies.",
    "The army denied that it shelled the camp.",
    "If the talks fail, fighting could resume.",
    "Officials fear attacks on polling stations.",
    "The opposition demanded the release of all detainees.",
])
def test_irrealis_statements_are_not_events(pipe, text: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    assert pipe.extract(Article(id="t", text=text, published="2022-05-10")) == []


@pytest.mark.model
def test_reported_speech_stays_an_event_with_its_source_and_the_avoided_order_does_not(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    told = pipe.extract(Article(id="t", text="Residents said soldiers killed three men in the market on Friday.",
                                published="2022-05-10"))
    assert [e.subtype for e in told] == ["Attack"] and told[0].sources[0].kind == "resident"
    deserted = pipe.extract(Article(id="t", text="Some officers deserted last week to escape orders to fire on marchers.",
                                    published="2022-05-10"))
    assert [e.subtype for e in deserted] == ["Change to group/activity"]


# ---------------------------------------------------------------------------- protest severity (ACLED codebook)
PROTEST_CASES = [
    # protesters who use violence make a riot, whatever the police did
    ("Students pelted officers with rocks on Monday and the police answered with live rounds, killing one marcher.",
     "Violent demonstration"),
    ("Marchers and police clashed outside the town hall on Friday as tear gas filled the square.",
     "Violent demonstration"),
    # the crowd turned violent: a riot, told in one sentence and merged with the protest told next to it
    ("The march turned violent in the old town on Saturday. The rally had started peacefully at noon.",
     "Violent demonstration"),
    # two crowds fighting each other: mob violence
    ("Rival groups of protesters fought with sticks and bottles outside the court on Tuesday.", "Mob violence"),
    # lethal force by the state against a protest that was not violent
    ("Soldiers shot dead two people at a sit-in outside the governor's office on Sunday.",
     "Excessive force against protesters"),
    ("Police officers beat a student during a protest near the ministry on Thursday.",
     "Excessive force against protesters"),
    ("Three marchers died after troops cracked down on a rally in the river port on Friday.",
     "Excessive force against protesters"),
    ("Troops fired live rounds at crowds calling for the governor's resignation on Monday, wounding 9.",
     "Excessive force against protesters"),
    # police ending a peaceful gathering
    ("Police dispersed nurses who had gathered outside the health ministry on Monday.", "Protest with intervention"),
    ("Gendarmes stopped hundreds of miners from marching to the capital on Thursday.", "Protest with intervention"),
    ("Pensioners staged a sit-in outside the town hall on Monday over cuts.", "Peaceful protest"),
    # unarmed people fighting the police, or each other
    ("Pupils clashed with police outside the school on Thursday.", "Violent demonstration"),
    ("Men from two neighbouring hamlets fought with sticks and bricks over grazing land on Monday.", "Mob violence"),
    ("Masked youths set fire to a bus during the protest on Saturday.", "Violent demonstration"),
]

ARMED_CASES = [
    # victims who are villagers do not make a mob; the armed side decides
    ("Gunmen killed six villagers in a night raid on Sunday.", "Attack"),
    ("Militants stormed a hamlet and killed nine farmers on Saturday.", "Attack"),
    ("Villagers beat a suspected cattle thief to death on Tuesday.", "Mob violence"),
    # property destroyed from the air is an air strike; a base set up is no arson
    ("Government warplanes destroyed three houses near the market on Friday.", "Air/drone strike"),
    ("The foreign troops set up a new outpost near the dam on Monday.", "Headquarters or base established"),
    # an unnamed taker: the armed side named in the sentence decides
    ("The rebel fighters recaptured two hills near the lake on Sunday.", "Non-state actor overtakes territory"),
    # state forces at their own checkpoint, or an armed group killing civilians who 'spied for the army': attacks
    ("Soldiers killed a cyclist at a checkpoint after he failed to stop on Friday.", "Attack"),
    ("Jihadists beheaded three farmers accused of helping the army on Wednesday.", "Attack"),
    ("Suspected rebels hacked four herders to death on Sunday.", "Attack"),
    # ...but the same group hitting a patrol fights it
    ("Militants ambushed a police patrol near the pass on Monday.", "Armed clash"),
    # the weapon named with a participle or a particle verb
    ("Three guards were hurt when attackers set off a bomb hidden in a handcart on Monday.",
     "Remote explosive/landmine/IED"),
    ("Farmers counted scores of mortar shells fired at the valley on Sunday.", "Shelling/artillery/missile attack"),
]

ESCALATION_CASES = [
    # an arrest or a state shooting told right after a protest is part of that protest
    ("Hundreds of nurses marched to the ministry on Monday. Police detained 30 of them.", "Protest with intervention"),
    ("Thousands rallied against the junta in the port on Sunday. Soldiers shot dead two people.",
     "Excessive force against protesters"),
    ("Hundreds of nurses marched to the ministry on Monday. They demanded better pay.", "Peaceful protest"),
    # an arrest told first is what a protest is about, and two arrests never make a protest
    ("Police arrested two reporters in the capital on Monday. Dozens of colleagues were detained on Tuesday.",
     "Arrests"),
]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", ESCALATION_CASES)
def test_what_is_told_beside_a_protest_is_part_of_it(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", ARMED_CASES)
def test_the_armed_side_decides(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events, text
    assert events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", PROTEST_CASES)
def test_protest_severity(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events, text
    assert events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
def test_riot_police_alone_do_not_make_a_riot(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text="Thousands of teachers marched past riot police in the city centre on Monday.",
                                  published="2022-05-10"))
    assert events and events[0].type == "Protests"


@pytest.mark.model
def test_present_tense_caption_with_a_weekday_is_a_happening(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    caption = pipe.extract(Article(id="t", text="Soldiers detain a student in the capital, Friday, Oct. 7.",
                                   published="2022-10-10"))
    assert [e.subtype for e in caption] == ["Arrests"]
    habit = pipe.extract(Article(id="t", text="Families waited for news. Soldiers detain students in the capital.",
                                 published="2022-10-10"))
    assert habit == []


@pytest.mark.model
def test_a_present_tense_first_line_is_a_headline(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    head = pipe.extract(Article(id="t", text="Gunmen kill nine at a wedding in the north. Relatives mourned them.",
                                published="2022-05-10"))
    assert head and head[0].subtype == "Attack"
    later = pipe.extract(Article(id="t", text="Relatives mourned on Monday. Gunmen kill farmers in the north.",
                                 published="2022-05-10"))
    assert all(e.trigger != "kill" for e in later)


def test_not_actor2_kinds_stops_a_rule() -> None:
    _, rules = parse_triggers({**_MIN, "refine": [_rule(not_actor2_kinds=["civilians"])]})
    r = rules[0]
    assert EventBuilder._rule_ok(r, " x ", "rebels", "state_forces")
    assert not EventBuilder._rule_ok(r, " x ", "rebels", "civilians")
    with pytest.raises(LexiconError, match="actor kinds"):
        parse_triggers({**_MIN, "refine": [_rule(not_actor2_kinds=["farmers"])]})


CODEBOOK_CASES = [
    # bases: moved, built as an observation point, installed
    ("The militia moved its headquarters to the river town on Friday.", "Headquarters or base established"),
    ("Foreign troops have built a new observation point east of the dam.", "Headquarters or base established"),
    ("The army installed a checkpoint at the bridge on Sunday.", "Headquarters or base established"),
    # police ending a protest without lethal force: an intervention (rubber bullets are not lethal force)
    ("Police cleared the plaza of protesters early on Sunday.", "Protest with intervention"),
    ("Officials used force to disperse a gathering of union members on Monday.", "Protest with intervention"),
    ("Riot officers used rubber bullets and tear gas on the marchers on Monday.", "Protest with intervention"),
    # a death at a protest from police weapons is excessive force; protesters attacking is a riot
    ("A marcher died after being hit by a tear gas canister on Friday.", "Excessive force against protesters"),
    ("Demonstrators attacked a police station in the suburb on Monday.", "Violent demonstration"),
    ("Protesters stormed the provincial assembly on Tuesday.", "Violent demonstration"),
    # a crowd attacking someone with no protest told is mob violence
    ("A crowd beat a suspected pickpocket to death at the bus station on Sunday.", "Mob violence"),
    # the weapon named anywhere in the sentence; territory cleared of an armed group
    ("At least 6 people died when a helicopter fired on a village on Saturday.", "Air/drone strike"),
    ("The army said it had cleared the valley of militants on Sunday.", "Government regains territory"),
    # two armed sides engaging, repelling, trading fire
    ("Soldiers engaged rebels near the ford on Tuesday.", "Armed clash"),
    ("The militia said it had repelled a government offensive on the hill town.", "Armed clash"),
    ("Police and bandits traded fire for an hour in the suburb on Friday.", "Armed clash"),
    # people seized are abducted; taken into custody, arrested
    ("Masked men seized two teachers outside the school on Monday.", "Abduction/forced disappearance"),
    ("Scores of young men joined the militia in the hills last month.", "Change to group/activity"),
    ("A gas attack on the camp on Monday left dozens with breathing problems.", "Chemical weapon"),
    # strikes and boycotts are protests; a participle describing a person is no new event
    ("Dock workers went on strike at the harbour on Monday over unpaid wages.", "Peaceful protest"),
    ("Pupils boycotted lessons on Tuesday in protest at the new uniform rules.", "Peaceful protest"),
    ("Backers of the imprisoned poet marched to the court on Friday.", "Peaceful protest"),
    # a grenade fired from a launcher is a long-range weapon's attack; one thrown by hand a grenade
    ("Separatist units fired grenade launchers at the army's trenches outside the mining town on Sunday.",
     "Shelling/artillery/missile attack"),
    ("A man on a scooter lobbed a grenade into the tea stall on Sunday, wounding five.", "Grenade"),
    # mortars fired with small arms: sides fighting at close range; an aircraft shot down: a missile attack
    ("Rebel units fired mortars and small arms at the army's trenches outside the mining town on Sunday.",
     "Armed clash"),
    ("Militia gunners shot down an army helicopter over the eastern hills on Sunday.",
     "Shelling/artillery/missile attack"),
    # people killed in a clash are its toll: the fight is the event
    ("Three guards were killed and two wounded in the fighting near the dam on Sunday.",
     "Armed clash"),
    # people arrested and then tortured by their captors suffered an attack, not a mere arrest
    ("Soldiers detained four herders at the well on Sunday and tortured them overnight.", "Attack"),
    # crude bombs set off during a hartal or a blockade are the protest's violence
    ("Activists exploded four crude bombs near the bus depot on Sunday during the opposition's hartal.",
     "Violent demonstration"),
    # property wrecked by a group of people, not armed, is mob violence
    ("Supporters of the losing councillor vandalised the winner's campaign office in the ward on Sunday.",
     "Mob violence"),
]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", CODEBOOK_CASES)
def test_codebook_distinctions(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


# ---------------------------------------------------------------------------- excessive force needs force used on
# the crowd (ACLED: lethal or injurious force against protesters), not police and protest words in one sentence
NOT_EXCESSIVE_FORCE = [
    # the police are the investigators of a death, or the source that reports it
    "Detectives in Leeds were investigating the death on Monday of a marcher struck by a bus at the rally.",
    "A bystander was killed near the protests on Monday when shots were fired at a parked car, police said.",
    "Officers are investigating Monday's death of a demonstrator who fell beneath a lorry as the march moved off.",
    "On Monday a driver was shot dead in the area of the rallies by a gunman who fired at his van, officers said.",
    # the officers are the ones hurt: the crowd used force
    "The marches turned tense on Monday night, when 12 officers were injured and 40 people arrested.",
    # a protest that follows a killing by police is about that killing
    "Marchers gathered on Monday after a court acquitted a constable of shooting an unarmed boy in 2019.",
    "Protesters filled the port's streets on Monday in the wake of a taxi driver's shooting by a police officer.",
    "Students marched on Monday following the death of their classmate, shot by police last week.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", NOT_EXCESSIVE_FORCE)
def test_police_and_protest_words_alone_are_no_excessive_force(pipe, text: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert all(e.subtype != "Excessive force against protesters" for e in events), [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    ("The marches turned tense on Monday night, when 12 officers were injured and 40 people arrested.",
     "Violent demonstration"),
    ("Police opened fire on demonstrators in the capital on Monday, killing four, witnesses said.",
     "Excessive force against protesters"),
    ("Two protesters were killed on Monday when police fired on a march in the capital, police said.",
     "Excessive force against protesters"),
    ("Police opened fire on protesters following the rally on Monday, killing two.",
     "Excessive force against protesters"),
])
def test_officers_hurt_make_a_riot_and_force_on_the_crowd_stays(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]



# ACLED codebook: a violent demonstration is a demonstration turned violent; a crowd's violence with no
# demonstration (nor riot) told anywhere in the text is mob violence. Sentences written for this test.
@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    ("Youths threw stones at police officers in the market on Monday after a trader was arrested.", "Mob violence"),
    ("A crowd hurled rocks at soldiers guarding the mine on Friday after a worker died, police said.", "Mob violence"),
    ("Hundreds of protesters hurled rocks at soldiers guarding the mine on Friday.", "Violent demonstration"),
    ("Pupils clashed with police outside the school on Thursday.", "Violent demonstration"),
])
def test_crowd_violence_is_a_demonstration_only_where_one_is_told(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
def test_a_protest_told_in_another_paragraph_keeps_the_demonstration(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    text = ("Thousands of people protested in the capital on Friday against the new water tax.\n\n"
            "By nightfall a crowd had hurled rocks at soldiers guarding the ministry, officials said.")
    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert any(e.subtype == "Violent demonstration" for e in events), [(e.subtype, e.trigger) for e in events]
