"""The default-actors stage: ACLED's conventions for who acts in protests and riots."""
from __future__ import annotations

from sitrep.actors import ActorNamer
from sitrep.records import Actor
from sitrep.tree import token_lemma

from .context import DocContext, Draft


# sub-types whose unnamed perpetrator ACLED codes as an unidentified armed group (shelling and air strikes are
# left out: a state's forces carry most of them)
UNCLAIMED = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence", "Remote explosive/landmine/IED",
                       "Grenade", "Suicide bomb"})


def default_actors(ctx: DocContext, d: Draft) -> None:
    country = d.where.country if d.where and d.where.country else ctx.focus
    if d.type == "Protests" and (d.actor1 is None or d.actor1.kind not in ("protesters", "rioters")):
        # ACLED's protest events: the protesters act; a force that intervened is the second actor
        # the crowd itself ("thousands of people marched") is the protesters, not a force that intervened
        if d.actor1 is not None and d.actor1.kind != "civilians" and d.subtype != "Peaceful protest" and (
                d.actor2 is None or d.actor2.kind in ("protesters", "rioters", "civilians")):
            d.actor2 = d.actor1
        d.actor1 = Actor(text="", name=ActorNamer._name("Protesters ({country})", country), kind="protesters", country=country)
    if d.type == "Riots" and d.actor1 is not None and d.actor1.kind in ("state_forces", "external"):
        # "police fired tear gas" told with a riot: the force met the rioters, it did not riot
        if d.actor2 is None or d.actor2.kind in ("civilians", "protesters", "rioters"):
            d.actor2 = d.actor1
        d.actor1 = None
    if d.type == "Riots" and d.actor1 is not None and d.actor1.kind not in ("state_forces", "external", "rioters"):
        # "students vandalised vehicles", "protesters smashed windows", "assailants beat a man" told as a riot: the
        # crowd that rioted are rioters (ACLED codes actor1 "Rioters" on 98.8% of the 14,830 riots of acled-train's
        # train split; an unidentified armed group on 11, a named group on 9)
        d.actor1 = Actor(text=d.actor1.text, name=ActorNamer._name("Rioters ({country})", d.actor1.country or country),
                         kind="rioters", country=d.actor1.country or country)
    if d.type == "Riots" and d.actor1 is None:
        d.actor1 = Actor(text="", name=ActorNamer._name("Rioters ({country})", country), kind="rioters", country=country)
    if d.type == "Riots" and (d.actor2 is None or d.actor2.kind in ("civilians", "protesters")) and clash(ctx, d):
        # a riot told as a clash ("supporters of two candidates clashed", "hurt when two groups clashed"):
        # the other side rioted too. Of the 5,724 riots of acled-train's train split whose note says "clash", ACLED's
        # actor2 is rioters in 3,011, state forces in 1,861 and civilians in 28; where no force (police, soldiers,
        # troops, army) is named, rioters in 2,619 of 3,205 (0.82), no actor2 in 402, civilians in 26
        d.actor2 = Actor(text="", name=ActorNamer._name("Rioters ({country})", country),
                         kind="rioters", country=country)
    if d.actor1 is None and d.subtype in UNCLAIMED:
        # an attack or a bomb whose text names no perpetrator: ACLED codes an unknown hand "Unidentified Armed
        # Group" (about half of its IED and grenade notes, and every one that names nobody)
        d.actor1 = Actor(text="", name=ActorNamer._name("Unidentified Armed Group ({country})", country),
                         kind="political_militia", country=country)
    if d.actor1 is None and d.subtype == "Arrests":
        # an arrest whose text names no force: the police made it in 83% of acled-train's 433 arrest notes
        d.actor1 = Actor(text="", name=ActorNamer._name("Police Forces of {country}", country), kind="state_forces",
                         country=country)
    if d.subtype == "Protest with intervention" and d.actor2 is None:
        # a protest that a force intervened in: in ACLED's coding the force is the police in 81% of the 2,223
        # such notes of acled-train's train split (the army in 1%), so an unnamed one is taken to be the police
        d.actor2 = Actor(text="", name=ActorNamer._name("Police Forces of {country}", country), kind="state_forces",
                         country=country)
    if d.type == "Violence against civilians" and (d.actor2 is None or d.actor2.kind == "unknown"):
        # ACLED's violence against civilians targets civilians by definition: its actor2 is "Civilians (country)"
        # in all 13,973 Attack, Abduction and Sexual violence notes of acled-train's train split; a victim the
        # text names without saying who ("a man", "two people") is a civilian there
        victim = d.actor2
        d.actor2 = Actor(text=victim.text if victim else "", kind="civilians",
                         name=ActorNamer._name("Civilians ({country})", (victim and victim.country) or country),
                         country=(victim and victim.country) or country)


def clash(ctx: DocContext, d: Draft) -> bool:
    """Whether the draft is told as a fight between two sides ("clashed", "a clash", "a scuffle": cues.yaml
    contest_nouns, whose lemmas name the verbs too)."""
    if ctx.doc is None:
        return False
    words = ctx.lex.cue("contest_nouns")
    return any(token_lemma(ctx.doc[m.token_i]) in words for m in d.members)


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "default_actors"."""
    for d in drafts:
        default_actors(ctx, d)
    return drafts
