"""Who did the harm to whom, read from the parse (events/typing/agency.py), and the means that decide the sub-type
of one happening told twice (events/typing/method.py). Sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.events.typing.method import by_means
from sitrep.lexicon import LexiconError, parse_triggers

ATTACK = ("Violence against civilians", "Attack")
SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
CLASH = ("Battles", "Armed clash")


def test_a_suicide_bombing_outranks_an_attack_but_not_a_clash() -> None:
    assert by_means(ATTACK, SUICIDE) == SUICIDE
    assert by_means(SUICIDE, ATTACK) is None
    assert by_means(CLASH, SUICIDE) is None


def test_parse_checks_are_named_and_checked() -> None:
    rule = {"from": ["Violence against civilians: Attack"], "to": "Protests: Excessive force against protesters"}
    _, rules = parse_triggers({"triggers": [], "refine": [{**rule, "parse": ["force_on_crowd"]}]})
    assert rules[0].parse == ("force_on_crowd",)
    with pytest.raises(LexiconError, match="parse check"):
        parse_triggers({"triggers": [], "refine": [{**rule, "parse": ["guesswork"]}]})


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    import spacy

    from sitrep.settings import Settings

    return spacy.load(Settings().model)


class _Ctx:
    def __init__(self) -> None:
        from sitrep.actors import ActorNamer

        self.namer = ActorNamer()


FORCE_ON_CROWD = [
    "Soldiers shot dead two people at a sit-in outside the governor's office on Sunday.",
    "Three marchers died after troops cracked down on a rally in the river port on Friday.",
    "Troops fired live rounds at crowds calling for the governor's resignation on Monday, wounding 9.",
    "Two protesters were killed on Monday when police fired on a march in the capital, police said.",
    "Riot police clubbed several marchers who had sat down in the road.",
    "Dozens of demonstrators were wounded by soldiers who used live ammunition.",
    "The army used lethal force against the crowd outside the palace.",
    "Marchers shot by the police were taken to the main hospital.",
    "Gendarmes fired on protesting teachers near the station, killing one.",
    "Four marchers died from gunfire late on Sunday at a sit-in near the consulate.",
    "More than 35 marchers were killed and hundreds wounded when the generals broke up a sit-in outside the palace.",
    "The junta has widened its violent crackdown on peaceful marchers across the delta.",
]
NO_FORCE_ON_CROWD = [
    # the police report or investigate a death they did not cause
    "A bystander was killed near the protests on Monday when shots were fired at a parked car, police said.",
    "Detectives were looking into the death of a marcher struck by a bus at the rally.",
    # the officers are the ones hurt
    "The marches turned tense on Monday night, when 12 officers were injured and 40 people arrested.",
    # a march over a past killing by police
    "Students marched on Monday following the death of their classmate, shot by police last week.",
    "Crowds marched through the city after soldiers killed a farmer at a checkpoint last week.",
    # less-lethal force is an intervention; gunmen no one names are not the state
    "Riot officers used rubber bullets and tear gas on the marchers on Monday.",
    "Officials used force to disperse a gathering of union members on Monday.",
    "Gunmen opened fire on the protesters from a rooftop, killing three.",
    "Soldiers opened fire at lorries during a march over unpaid wages.",
    "Two marchers were hurt by rubber bullets.",
    "Two marchers died from their injuries in hospital.",
    "Rebel attacks on the protesters continued.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", FORCE_ON_CROWD)
def test_the_state_s_force_on_the_crowd(nlp, text: str) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import force_on_crowd_sent

    assert any(force_on_crowd_sent(s, _Ctx()) for s in nlp(text).sents)


@pytest.mark.model
@pytest.mark.parametrize("text", NO_FORCE_ON_CROWD)
def test_police_and_crowd_words_without_that_agency(nlp, text: str) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import force_on_crowd_sent

    assert not any(force_on_crowd_sent(s, _Ctx()) for s in nlp(text).sents)


@pytest.mark.model
@pytest.mark.parametrize("text, hurt", [
    ("Police said 25 people had been detained and eight officers hurt when the march reached the square.", True),
    ("Youths threw bricks at the line of riot police, injuring four officers.", True),
    ("Two policemen were hospitalised after marchers beat them with sticks.", True),
    ("Police beat several marchers with batons on Monday.", False),
    ("The protesters were beaten by soldiers.", False),
    ("Hundreds rallied for a soldier killed by a comrade at his barracks.", False),
])
def test_the_state_s_men_hurt_by_others(nlp, text: str, hurt: bool) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import force_hurt_sent

    assert any(force_hurt_sent(s, _Ctx()) for s in nlp(text).sents) == hurt


@pytest.mark.model
@pytest.mark.parametrize("text, killed", [
    ("Two students were killed as riot police broke up the march.", True),
    ("A teacher died during the third day of their sit-in.", True),
    ("Dozens were injured as officers dispersed the crowd with batons.", False),
    ("Three policemen were killed by the crowd.", False),
])
def test_people_killed(nlp, text: str, killed: bool) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import people_killed_sent

    assert any(people_killed_sent(s, _Ctx()) for s in nlp(text).sents) == killed


@pytest.mark.model
@pytest.mark.parametrize("text, mob", [
    ("A band of angry villagers beat a suspected cattle thief until he died.", True),
    ("Some forty people attacked the clerk at the ward office over the delayed payments.", True),
    ("Supporters of the mayor assaulted two rival canvassers outside the market hall.", True),
    ("The shopkeeper was stabbed by youths after a quarrel over change.", True),
    ("Armed youths attacked the clerk at the ward office.", False),
    ("Unidentified men stabbed the clerk outside his house.", False),
    ("Gunmen attacked the clerk at the ward office.", False),
    ("The raid left a dozen people killed and many more hurt.", False),
    # a kind of act named as a subject, or a participle before a passive whose subject is its patient: no deed
    ("Beating prisoners or burning their homes is forbidden by the old laws of the valley.", False),
    ("Attacking clinics whether by arson, looting, killing the staff, or scaring ... sick people are prohibited in "
     "the code, the minister said.", False),
    # "set fire", "set ablaze": a harm verb of the mob too, with the fire word; "set up" is not
    ("Dozens of farmers set fire to the tax collector's jeep near the grain depot.", True),
    ("Angry traders set two municipal lorries ablaze outside the bazaar.", True),
    ("Villagers set up a roadblock outside the grain depot.", False),
])
def test_a_mob_s_harm(nlp, text: str, mob: bool) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import mob_harm_sent

    assert any(mob_harm_sent(s, _Ctx()) for s in nlp(text).sents) == mob


@pytest.mark.model
@pytest.mark.parametrize("text, mob", [
    ("Supporters of the two mayoral hopefuls clashed outside the count centre.", True),
    ("Nine were hurt in a brawl between traders and hawkers over pitches at the old market.", True),
    ("Rebels clashed with villagers on the ridge road.", False),
    ("Soldiers clashed with supporters of the sheikh near the mosque.", False),
    ("Armed youths of two clans clashed over grazing land.", False),
])
def test_a_fight_between_groups_of_people(nlp, text: str, mob: bool) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import mob_clash_sent

    assert any(mob_clash_sent(s, _Ctx()) for s in nlp(text).sents) == mob


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    return Pipeline(Settings(typer="rules"))


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    ("Thousands marched against the new tax in the capital on Saturday; 31 were arrested and 9 officers were injured.",
     "Violent demonstration"),
    ("No fewer than 30 cadets died in an attack on a police college on Monday. A young suicide bomber blew "
     "himself up beside the gate as the cadets paraded.", "Suicide bomb"),
    ("Gendarmes fired on protesting teachers near the station on Monday, killing one.",
     "Excessive force against protesters"),
    ("A crowd of traders beat a suspected pickpocket to death at the bus park on Monday.", "Mob violence"),
    ("Gunmen shot dead a trader at the bus park on Monday.", "Attack"),
    ("On 3 May 2021, a group of drivers held a demonstration outside the transport ministry in Kalva. They burned "
     "tyres and demanded lower fuel prices.", "Violent demonstration"),
    ("Rebels and the police exchanged fire for two hours outside the depot on Monday, and a guard was killed.",
     "Armed clash"),
    ("Party men threw crude bombs at a rival councillor's home in the town on Monday, wounding two.",
     "Mob violence"),
    ("A roadside bomb killed two traders on the highway south of the town on Monday.",
     "Remote explosive/landmine/IED"),
    ("Strikers enforcing the hartal torched two buses near the bus terminal in the city on Monday.",
     "Violent demonstration"),
    ("On 3 May 2021, hundreds of nurses demonstrated outside the main hospital in Kalva over unpaid wages. The "
     "march ended in the afternoon.", "Peaceful protest"),
])
def test_sub_types_from_agency_and_means(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


def test_parse_checks_the_lexicon_accepts_are_the_ones_typing_has() -> None:
    """triggers.yaml's `parse:` names are validated against lexicon.PARSE_CHECKS; each must be a check of agency.py."""
    from sitrep.events.typing.agency import CHECKS
    from sitrep.lexicon import PARSE_CHECKS

    assert PARSE_CHECKS == frozenset(CHECKS)


@pytest.mark.model
@pytest.mark.parametrize("gap, violent", [(0, True), (6, False)])
def test_what_the_crowd_did_is_read_next_to_the_protest(extractor, gap: int, violent: bool) -> None:  # noqa: ANN001
    """A peaceful protest turns violent on its crowd's acts told in the sentences right after it; a paragraph
    with no blank line may be a whole article, where a smashed window six sentences on is another happening's."""
    from sitrep.records import Article

    filler = ["The council had met twice that week.", "Its budget was due in March.", "The mayor was abroad.",
              "A new road was planned for the spring.", "The bus fare rose in June.", "The library opened late."]
    text = " ".join(["About two hundred teachers marched to the council offices in Leeds on Monday to demand "
                     "higher pay."] + filler[:gap] + ["They smashed the windows of the office."])
    got = [f"{e.type}: {e.subtype}" for e in extractor.extract(Article(id="t", text=text))]
    assert ("Riots: Violent demonstration" in got) == violent


INTERVENTION = [
    "Officers detained eleven students outside the ministry gates.",
    "The vigil was broken up within an hour of its start.",
    "A band of ruling-party youths attacked the sit-in at the bus depot.",
    "Police intervened before the crowd could reach the square.",
    "Gendarmes fired tear gas at the farmers blocking the ring road.",
    "Twenty-three people were arrested as the night went on.",
]
NO_INTERVENTION = [
    # what the crowd protests, a crowd leaving by itself, a slogan, a statement
    "The marchers demanded the release of two organisers detained in March.",
    "The crowd dispersed quietly at dusk.",
    "Nurses held a 'Stop the Cuts' rally outside the clinic.",
    "Police said the rally had ended without incident.",
    "Hundreds of farmers marched to the district office after police arrested their union leader.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", INTERVENTION)
def test_an_intervention_on_the_crowd(nlp, text: str) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import intervention_sent

    assert any(intervention_sent(s, _Ctx()) for s in nlp(text).sents)


@pytest.mark.model
@pytest.mark.parametrize("text", NO_INTERVENTION)
def test_no_intervention_in_a_grievance_or_the_crowd_s_own_act(nlp, text: str) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import intervention_sent

    assert not any(intervention_sent(s, _Ctx()) for s in nlp(text).sents)


@pytest.mark.model
@pytest.mark.parametrize("text, rammed", [
    ("A pickup truck ploughed into the marchers on Elm Street.", True),
    ("A driver sped through a crowd of demonstrators outside the courthouse.", True),
    ("A sedan struck two protesters at the junction.", True),
    ("A stone struck two protesters near the stage.", False),
    ("The protesters drove to the capital in a long convoy of buses.", False),
])
def test_a_vehicle_driven_into_the_crowd(nlp, text: str, rammed: bool) -> None:  # noqa: ANN001
    from sitrep.events.typing.agency import rammed_crowd_sent

    assert any(rammed_crowd_sent(s, _Ctx()) for s in nlp(text).sents) == rammed


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    # what was done to the crowd, told in the sentence after the protest
    ("Teachers rallied outside the education office in Nakuru on Monday to demand back pay. Police dispersed "
     "them with batons.", "Protest with intervention"),
    ("Cyclists rallied in Dayton on Saturday against traffic deaths. A van drove into the crowd, hurting three "
     "riders.", "Excessive force against protesters"),
    ("Cyclists rallied in Dayton on Saturday against traffic deaths. The ride ended at the city hall.",
     "Peaceful protest"),
    ("Teachers rallied outside the education office in Nakuru on Monday to demand back pay. A gang of "
     "ruling-party youths attacked the marchers with sticks.", "Protest with intervention"),
    # what a protest is against is not what its crowd did
    ("Shopkeepers held a vigil in Kisii on Monday over the looting of their stalls.", "Peaceful protest"),
    # two groups of people fighting each other, neither the state: mob violence, not a violent demonstration
    ("On Monday, rioting activists of the ruling party and the opposition clashed in Kisii, injuring nine.",
     "Mob violence"),
    ("Nine people were hurt when activists of two student groups clashed on the campus in Kisii on Monday.",
     "Mob violence"),
])
def test_what_was_done_to_the_crowd_next(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    # ACLED: a killing by unidentified gunmen (an unidentified armed group) is an attack, even one called a
    # vigilante killing; a mob is a crowd
    ("Unidentified gunmen killed a suspected drug dealer outside his home in Cebu on Monday in what residents called "
     "a vigilante killing.", "Attack"),
    ("An angry mob lynched a suspected cattle thief in a village near Kisii on Monday.", "Mob violence"),
])
def test_armed_killers_make_an_attack_not_a_mob(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    # an arrest the crowd demands or protests is its cause, not an intervention in it
    ("Lawyers formed a human chain outside the court in Rajshahi on Sunday demanding the arrest of the mayor.",
     "Peaceful protest"),
    ("Farmers marched in Nakuru on Tuesday in support of two union organisers who were detained last week.",
     "Peaceful protest"),
    # the crowd's own violence or destruction makes a violent demonstration, whatever the police did
    ("Students rallied in Kisii on Monday against fee increases. They damaged the gate of the administration "
     "block before police fired tear gas to disperse them.", "Violent demonstration"),
    ("Hundreds marched to the governor's office in Nakuru on Friday over water cuts. Several shop windows were "
     "shattered and police arrested twelve people.", "Violent demonstration"),
    ("Nurses rallied in Eldoret on Monday over unpaid wages. A police officer was assaulted by the marchers near "
     "the hospital gate, and six nurses were arrested.", "Violent demonstration"),
    ("Farm workers rallied in Naivasha on Monday over pay. Police fired tear gas to disperse them, and a constable "
     "was hit by a rock thrown from the crowd.", "Violent demonstration"),
    ("Students rallied in Kisii on Monday over fees. They broke the windows of the library before police arrested "
     "four.", "Violent demonstration"),
    # violence done to the crowd by others is an intervention in it, not the crowd's
    ("Teachers rallied in Nakuru on Monday over back pay. A gang of youths wrecked their banners and beat two "
     "marchers.", "Protest with intervention"),
    # a symbol burnt is a peaceful protest's act
    ("Traders rallied in Eldoret on Monday over new market fees and burned an effigy of the mayor.",
     "Peaceful protest"),
])
def test_crowd_violence_and_causes(pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]
