"""The default-actors stage: ACLED's conventions for who acts in protests and riots."""
from __future__ import annotations

import re

from sitrep.actors import ActorNamer
from sitrep.records import Actor
from sitrep.tree import token_lemma

from .common import POLITICAL_VIOLENCE
from .context import DocContext, Draft, cached


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
        d.actor1 = generic("Protesters ({country})", "protesters", country)
    if d.type == "Protests" and d.actor2 is None and counter_crowd(ctx, d):
        # "counter-protesters gathered across the street": ACLED codes the other crowd as the protest's second actor
        # (protesters in 0.85 of the 808 protest notes of acled-train's train split that name a counter-protest)
        d.actor2 = generic("Protesters ({country})", "protesters", country)
    if d.type == "Riots" and d.actor1 is not None and d.actor1.kind in ("state_forces", "external"):
        # "police fired tear gas" told with a riot: the force met the rioters, it did not riot
        if d.actor2 is None or d.actor2.kind in ("civilians", "protesters", "rioters"):
            d.actor2 = d.actor1
        d.actor1 = None
    if d.type == "Riots" and d.actor1 is not None and d.actor1.kind not in ("state_forces", "external", "rioters"):
        # "students vandalised vehicles", "protesters smashed windows", "assailants beat a man" told as a riot: the
        # crowd that rioted are rioters (ACLED codes actor1 "Rioters" on 98.8% of the 14,830 riots of acled-train's
        # train split; an unidentified armed group on 11, a named group on 9)
        d.actor1 = generic("Rioters ({country})", "rioters", d.actor1.country or country, d.actor1.text)
    if d.type == "Riots" and d.actor1 is None:
        d.actor1 = generic("Rioters ({country})", "rioters", country)
    if d.type == "Riots" and (d.actor2 is None or d.actor2.kind == "protesters" or (
            d.actor2.kind == "civilians" and clash(ctx, d))):
        # a riot told beside a state's force ("police fired tear gas", "police intervened"): the force met the
        # rioters. Of the 3,547 violent demonstrations of acled-train's train split whose note names the police, the
        # army, soldiers, troops or security forces, ACLED's actor2 is a state's force in 0.76; of the 1,755 such
        # mob violence notes, in 0.52 (civilians 0.15) (bench/actor_nouns.py, "convention"). Harmed people the
        # parse took as the second actor give way to the force when the riot is told as a clash: of the riots
        # that name a force and tell a clash (2,642 in bench/actor_nouns.py), ACLED's actor2 is a state's force in 0.67
        d.actor2 = named_force(ctx, d, country) or d.actor2
    if d.type == "Riots" and (d.actor2 is None or d.actor2.kind in ("civilians", "protesters")) and clash(ctx, d):
        # a riot told as a clash ("supporters of two candidates clashed", "hurt when two groups clashed"):
        # the other side rioted too. Of the 5,724 riots of acled-train's train split whose note says "clash", ACLED's
        # actor2 is rioters in 3,011, state forces in 1,861 and civilians in 28; where no force (police, soldiers,
        # troops, army) is named, rioters in 2,619 of 3,205 (0.82), no actor2 in 402, civilians in 26
        d.actor2 = generic("Rioters ({country})", "rioters", country)
    if d.type == "Riots" and d.subtype == "Mob violence" and (d.actor2 is None or d.actor2.kind == "protesters"):
        # a mob's harm with no force met and no other side that fought back: ACLED's actor2 is civilians in 0.73 of
        # the 3,616 mob violence notes of acled-train's train split that name no force and tell no clash (none 0.19),
        # and never protesters (a crowd a mob attacked is its victims, not a protest)
        d.actor2 = civilians(d.actor2, country)
    if d.type in ("Violence against civilians", "Battles") and (d.actor1 is None or (
            d.actor1.kind in ("political_militia", "civilians") and d.actor1.name.startswith(("Unidentified Armed Group",
                                                                                                "Civilians")))) \
            and told_any(ctx, d, "feud_words"):
        # "rivals in a land dispute killed him", "killed in a feud": the unnamed hand of a local feud is a
        # communal militia. Of the 685 violence-against-civilians notes of acled-train's train split that tell a
        # feud (rivals, a feud, a land dispute, enmity), ACLED's actor1 is a communal, ethnic or clan militia in 0.46
        # (an unidentified armed group 0.23, a named group 0.29); of the 813 such battle notes, in 0.61
        # (bench/actor_nouns.py "convention")
        d.actor1 = generic("Communal Militia ({country})", "identity_militia", country,
                           d.actor1.text if d.actor1 else "")
    if d.type == "Battles" and (d.actor1 is None) != (d.actor2 is None):
        # a battle has two sides (ACLED codes an actor2 for every one of the 11,862 battles of acled-train's train
        # split, a state's force for 0.48): where the parse found one armed non-state side, a state's force its
        # sentences name is the other ("Two militants died in a shootout. Police recovered two rifles.")
        one = d.actor1 or d.actor2
        if one is not None and one.kind not in ("state_forces", "external"):
            force = named_force(ctx, d, country)
            if force is not None:
                d.actor1, d.actor2 = (d.actor1, force) if d.actor1 is not None else (force, d.actor2)
    if d.type in POLITICAL_VIOLENCE and d.actor1 is not None and d.actor1.kind == "civilians":
        # "unidentified men shot a trader", "two persons stabbed him": whoever does political violence is an armed
        # party; ACLED never codes civilians as actor1 of a battle, an explosion or violence against civilians (of
        # 33,304 such notes of acled-train's train split), and an unnamed hand is an unidentified armed group
        d.actor1 = generic("Unidentified Armed Group ({country})", "political_militia", d.actor1.country or country,
                           d.actor1.text)
    if d.actor1 is None and d.subtype in UNCLAIMED:
        # an attack or a bomb whose text names no perpetrator: ACLED codes an unknown hand "Unidentified Armed
        # Group" (about half of its IED and grenade notes, and every one that names nobody)
        d.actor1 = generic("Unidentified Armed Group ({country})", "political_militia", country)
    if d.actor1 is None and d.subtype == "Arrests":
        # an arrest whose text names no force: the police made it in 83% of acled-train's 433 arrest notes
        d.actor1 = generic("Police Forces of {country}", "state_forces", country)
    if d.subtype in ("Protest with intervention", "Excessive force against protesters") and (
            d.actor2 is None or d.actor2.kind in ("unknown", "protesters", "civilians")):
        # a protest that a force intervened in: in ACLED's coding the force is the police in 81% of the 2,223
        # such notes of acled-train's train split (the army in 1%), so an unnamed one is taken to be the police;
        # the second actor is the force, not a crowd or a name of no known kind (protesters in 26 of those notes).
        # Excessive force against protesters is coded the same way: the protesters act, the force is actor2 (a
        # state's force in 0.55 of its 390 notes, protesters in 0.11)
        d.actor2 = named_force(ctx, d, country) or generic("Police Forces of {country}", "state_forces", country)
    if d.subtype in ("Looting/property destruction", "Arrests") and d.actor2 is None:
        # what was looted or destroyed belonged to civilians, and whoever was arrested unnamed is a civilian: ACLED's
        # actor2 is civilians in 0.88 of the 751 looting and property destruction notes of acled-train's train
        # split and in 0.73 of its 433 arrests (bench/actor_nouns.py "convention")
        d.actor2 = generic("Civilians ({country})", "civilians", country)
    if d.type == "Violence against civilians" and (d.actor2 is None or d.actor2.kind in ("unknown", "protesters",
                                                                                         "rioters")):
        # ACLED's violence against civilians targets civilians by definition: its actor2 is "Civilians (country)"
        # in all 13,973 Attack, Abduction and Sexual violence notes of acled-train's train split; a victim the
        # text names without saying who ("a man", "two people") is a civilian there, and so is a crowd's member
        # harmed away from its protest ("an activist of the party was stabbed")
        d.actor2 = civilians(d.actor2, country)


def generic(template: str, kind: str, country: str | None, text: str = "") -> Actor:
    """An actor ACLED names by its convention ("Rioters ({country})") in the country given."""
    return Actor(text=text, name=ActorNamer._name(template, country), kind=kind, country=country)


def civilians(victim: Actor | None, country: str | None) -> Actor:
    """The victims as ACLED names them: civilians of their own country if known, keeping the words that told them."""
    cc = (victim and victim.country) or country
    return generic("Civilians ({country})", "civilians", cc, victim.text if victim else "")


def _told_sentences(ctx: DocContext, d: Draft) -> list[int]:
    """The draft's sentences and the one after its last in the same paragraph ("Rioters burned a bus. Police
    fired tear gas."): where what met the event is told."""
    sents = sorted(s for s in d.sents if 0 <= s < len(ctx.sents))
    if sents:
        nxt = sents[-1] + 1
        if nxt < len(ctx.sents) and (not ctx.para_of or ctx.para_of[nxt] == ctx.para_of[sents[-1]]):
            sents.append(nxt)
    return sents


def named_force(ctx: DocContext, d: Draft, country: str | None) -> Actor | None:
    """The first state's force (or a foreign state's) the draft's sentences name, other than its actor1."""
    if ctx.doc is None or ctx.namer is None:
        return None
    for si in _told_sentences(ctx, d):
        for t in ctx.sents[si]:
            if t.pos_ not in ("NOUN", "PROPN") or (t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN")
                                                   and ctx.namer.entry(t.head, d.when.start) is not None):
                continue
            got = ctx.namer.actor(t, country, d.when.start)
            if got is not None and got.kind in ("state_forces", "external") and (
                    d.actor1 is None or got.name != d.actor1.name):
                return got
    return None


_COUNTER = re.compile(r"\bcounter[\s-]?([a-z]+)")


def counter_crowd(ctx: DocContext, d: Draft) -> bool:
    """Whether the draft's sentences tell a counter-protest ("counter-protesters", "a counter demonstration":
    actors.yaml cues counter_crowd_nouns after "counter")."""
    nouns = ctx.lex.cue("counter_crowd_nouns")
    for si in _told_sentences(ctx, d):
        for m in _COUNTER.finditer(ctx.sents[si].text.lower()):
            if any(m.group(1).startswith(n) for n in nouns):
                return True
    return False


def told_any(ctx: DocContext, d: Draft, cue: str) -> bool:
    """Whether the draft's sentences hold a word or phrase of the cue list `cue` (whole words, any case)."""
    words = ctx.lex.cue(cue)
    if not words or ctx.doc is None:
        return False
    pattern = cached(ctx, "told_any:" + cue, lambda: re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"))
    return any(pattern.search(ctx.sents[si].text.lower()) for si in _told_sentences(ctx, d))


def clash(ctx: DocContext, d: Draft) -> bool:
    """Whether the draft is told as a fight between two sides ("clashed", "a clash", "a scuffle": cues.yaml
    contest_nouns, whose lemmas name the verbs too)."""
    if ctx.doc is None:
        return False
    words = ctx.lex.cue("contest_nouns")
    if any(token_lemma(ctx.doc[m.token_i]) in words for m in d.members):
        return True
    # "ten were hurt when rival factions clashed": the fight may be told in the toll's clause, not as a member
    return any(token_lemma(t) in words for si in sorted(d.sents) if 0 <= si < len(ctx.sents) for t in ctx.sents[si])


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "default_actors"."""
    for d in drafts:
        default_actors(ctx, d)
    return drafts
