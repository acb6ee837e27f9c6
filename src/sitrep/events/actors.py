"""The actors stage: who acted (actor1) and who it was done to (actor2), read from the anchor's clause."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Token

from sitrep.gazetteer import demonyms
from sitrep.records import Actor
from sitrep.tree import subject_of, token_lemma
from sitrep.nlp.triggers import Mention

from .common import PRONOUNS, in_dateline
from .context import DocContext, Draft, by_token

# event types whose toll counts the people they harmed (an agreement or an arrest told beside a toll did not harm)
HARMFUL = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
Namer = Callable[..., "Actor | None"]  # (token, own country=None) -> the party it names


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "actors": the parties of each draft's anchor, else of its other members, else who speaks."""
    for d in drafts:
        anchor, tok = d.anchor, ctx.doc[d.anchor.token_i]
        country = d.where.country if d.where and d.where.country else ctx.focus
        on = d.when.start
        d.actor1, d.actor2 = actors_of(ctx, anchor, country, on)
        for m in d.members:  # "attacked a checkpoint, killing nine soldiers": the victims come from the member
            if m is not anchor and (d.actor1 is None or d.actor2 is None) and d.toll_clause is None:
                b1, b2 = actors_of(ctx, m, country, on)
                d.actor1, d.actor2 = d.actor1 or b1, d.actor2 or b2
        if anchor.weak:
            d.actor1 = d.actor1 or ctx.namer.actor(tok, country, on)
        if (d.actor2 is None or d.actor2.kind == "unknown") and d.toll_clause is None and d.type in HARMFUL:
            d.actor2 = toll_victim(ctx, d, country, on) or d.actor2  # a name of no known kind may be a place
        if d.actor1 is None:
            d.actor1 = speaker_as_actor(ctx, tok, country, on)
        if d.actor2 is not None and d.actor2.kind == "unknown" and d.subtype in TERRITORY:
            d.actor2 = None  # "retook Palmyra", "seized the village of X": the ground taken, not a side
    return drafts


# ground changing hands: the taken object is territory; the other side is an armed actor of a known kind
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                       "Non-violent transfer of territory"})


def toll_victim(ctx: DocContext, d: Draft, country: str | None, on: str | None) -> Actor | None:
    """The harmed an event's toll names where its own clause names no target: "Troops shelled the town. Two
    civilians died." The toll may stand in the event's sentences or in the next sentence of its paragraph when
    that sentence tells nothing but harm (cues.yaml toll_verbs, harm_verbs, victim_subject_verbs)."""
    verbs = ctx.lex.cue("toll_verbs") | ctx.lex.cue("harm_verbs") | ctx.lex.cue("victim_subject_verbs")
    si = ctx.sent_of.get(d.anchor.token_i)
    if si is None or not ctx.sents:
        return None
    sents = [si]
    nxt = si + 1
    if nxt < len(ctx.sents) and (not ctx.para_of or ctx.para_of[nxt] == ctx.para_of[si]):
        told = [token_lemma(ctx.doc[m.token_i]) for m in ctx.mentions if ctx.sent_of.get(m.token_i) == nxt]
        if told and all(w in verbs for w in told):
            sents.append(nxt)
    doers = {a.name for a in (d.actor1,) if a is not None}
    for s in sents:
        for t in ctx.sents[s]:
            lemma = token_lemma(t)
            if t.pos_ != "VERB" or lemma not in verbs:
                continue
            for c in t.children:
                if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and lemma in ctx.lex.cue("victim_subject_verbs")) \
                        or (c.dep_ == "dobj" and lemma not in ctx.lex.cue("victim_subject_verbs")):
                    got = actor_at(ctx, c, country, on)
                    # "the assailant was killed": a word for the doer names whoever did it, not its victim
                    if got is not None and got.kind != "unknown" and got.name not in doers \
                            and not got.name.startswith("Unidentified Armed Group"):
                        return got
    return None


def speaker_as_actor(ctx: DocContext, tok: Token, country: str | None, on: str | None) -> Actor | None:
    """"The army says it has retaken X": the pronoun subject is the party that speaks."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    if verb is None or verb.dep_ != "ccomp":
        return None
    subj = subject_of(verb)
    says = verb.head
    if subj is None or subj.lower_ not in ("it", "they", "we") or token_lemma(says) not in ctx.lex.reporting_verbs:
        return None
    speaker = subject_of(says)
    if speaker is None or speaker.lower_ in PRONOUNS:
        return None
    # "the army command": the head may name no party, its modifier does
    for t in [speaker] + [c for c in speaker.children if c.dep_ in ("compound", "amod", "poss")]:
        got = actor_at(ctx, t, country, on)
        if got is not None and got.kind != "unknown":
            return got
    return None


def _pobjs(tok: Token) -> list[Token]:
    return [g for g in tok.children if g.dep_ == "pobj"]


def actors_of(ctx: DocContext, m: Mention, country: str | None, on: str | None) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) of one mention."""
    tok = ctx.doc[m.token_i]
    def name(t: Token, own: str | None = None) -> Actor | None:
        return actor_at(ctx, t, country, on, own)

    if tok.pos_ in ("VERB", "AUX") and not m.weak:
        a1, a2 = _verb_actors(ctx, tok, name)
    else:
        a1, a2 = _noun_actors(ctx, tok, name)
    if a1 is not None and a2 is not None and a1.name == a2.name and a1.text == a2.text:
        a2 = None
    return a1, a2


def _verb_actors(ctx: DocContext, tok: Token, name: Namer) -> tuple[Actor | None, Actor | None]:
    a1 = a2 = None
    # "the patrol came under fire" says what happened to the subject, as a passive would
    passive = any(c.dep_ in ("nsubjpass", "auxpass") or (c.dep_ == "prep" and c.lower_ == "under")
                  for c in tok.children)
    subj = _own_subject(ctx, tok)
    # "was shot and killed": the second verb shares the first one's passive subject, the victim
    passive = passive or (subj is not None and subj.dep_ == "nsubjpass" and tok.tag_ == "VBN")
    hit = lambda t: target_of(ctx, t, name)  # noqa: E731
    for c in tok.children:
        if c.dep_ == "agent":
            for g in _pobjs(c):
                a1 = name(g)
        elif c.dep_ == "dobj" and not passive:
            a2 = a2 or hit(c)
        elif c.dep_ == "prep" and (c.lower_ in ("against", "on", "at", "with", "upon") or (
                c.lower_ == "to" and any(o.dep_ == "dobj" and token_lemma(o) == "fire" for o in tok.children))):
            for g in _pobjs(c):  # "set fire to X": X is the target
                a2 = a2 or hit(g)
        elif c.dep_ == "prep" and c.lower_ == "between":
            a1, a2 = between(c, name, a1, a2)
    if a1 is None and token_lemma(tok) in ctx.lex.cue("victim_subject_verbs"):
        a1 = after_agent(tok, name)
    if subj is not None:
        if passive and token_lemma(tok) in ctx.lex.cue("moved_subject_verbs"):
            a1 = a1 or name(subj)  # "troops were deployed to X": the forces moved, nobody was harmed
        elif passive or token_lemma(tok) in ctx.lex.cue("victim_subject_verbs"):  # "three died": the victims
            a2 = a2 or name(subj)
        else:
            a1 = a1 or name(subj)
            if a2 is None and token_lemma(tok) in ctx.lex.cue("contest_nouns") | {"engage"}:
                # "rebels and soldiers clashed": the subjects of a fight are its two sides
                pair = next((c for c in subj.children if c.dep_ == "conj"), None)
                if pair is not None:
                    a2 = name(pair)
                else:
                    _, a2 = between(subj, name, None, None, of_head=True)
    elif tok.dep_ in ("advcl", "conj", "xcomp") and tok.head.pos_ == "VERB":
        s2, patient = _chain_subject(tok)
        if s2 is not None and patient:  # "left the market and were abducted and killed by gunmen"
            a2 = a2 or name(s2)
        elif s2 is not None:
            a1 = a1 or name(s2)
    if a2 is None and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj") and tok.head.pos_ == "VERB":
        for c in tok.head.children:  # "fired on protesters, killing two": the head's target
            if c.dep_ == "dobj":
                a2 = a2 or hit(c)
            elif c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "upon"):
                for g in _pobjs(c):
                    a2 = a2 or hit(g)
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        a2 = a2 or name(tok.head)  # "seven people reported killed"
    if a1 is None:
        a1 = operation_force(ctx, tok, name)
    if a2 is None:
        a2 = aimed_at(ctx, tok, hit)
    if a2 is None:
        a2 = force_post(ctx, tok, hit)
    if a2 is None:
        for c in tok.children:  # "opened fire on a station, wounding three policemen": the harmed are the target
            if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG" and token_lemma(c) in ctx.lex.cue("harm_verbs"):
                obj = next((g for g in c.children if g.dep_ == "dobj"), None)
                # "wounding members of the security forces": the group the members belong to
                of = [g for p in (obj.children if obj is not None else ()) if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"]
                a2 = next((a for a in (name(t) for t in ([obj] if obj is not None else []) + of) if a), None)
                if a2 is not None:
                    break
    return a1, a2


def force_post(ctx: DocContext, verb: Token, hit: Namer) -> Actor | None:
    """"a bomb went off near an army post", "threw grenades into a police station": a state force's post, base or
    convoy where the violence struck (cues.yaml post_preps) is that force's, and the force is the target. Only a
    state force: "near a market" or "outside a school" names no party."""
    preps = ctx.lex.cue("post_preps")
    heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for g in _pobjs(c):
                    got = hit(g)
                    if got is not None and got.kind in ("state_forces", "external"):
                        return got
    return None


def aimed_at(ctx: DocContext, verb: Token, hit: Namer) -> Actor | None:
    """"exploded near a market, targeting soldiers", "fired shells, hitting an army post": the object of a
    targeting verb (cues.yaml target_verbs) in an -ing clause on the event's verb is its target."""
    verbs = ctx.lex.cue("target_verbs")
    for c in verb.children:
        if c.dep_ in ("advcl", "conj", "xcomp") and c.tag_ == "VBG" and token_lemma(c) in verbs:
            for g in c.children:
                if g.dep_ == "dobj":
                    got = hit(g)
                    if got is not None:
                        return got
    return None


def target_of(ctx: DocContext, tok: Token, name: Namer) -> Actor | None:
    """The party a target phrase names; a thing attacked names its owner when it names no party itself: "the
    house of a journalist", "a lawmaker's car", "a police station", "the base of the 5th Brigade". "set fire to
    X", "opened fire on X": the thing's own "to/on/at" object is the target."""
    got = name(tok)
    if got is not None:
        return got
    if tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.pos_ == "PROPN" or token_lemma(tok) in ctx.lex.generic_heads:
        return None  # a place, a name, or people ("members of ...": actor_at reads those) own nothing here
    for c in tok.children:
        if c.dep_ == "poss":
            got = name(c)
        elif c.dep_ in ("compound", "amod", "nmod") and ctx.namer.entry(c) is not None:
            got = name(c)
        elif c.dep_ == "prep" and c.lower_ == "of":
            got = next((a for a in map(name, _pobjs(c)) if a is not None), None)
        elif c.dep_ == "prep" and c.lower_ in ("to", "on", "at") and token_lemma(tok) == "fire":
            got = next((a for a in (target_of(ctx, g, name) for g in _pobjs(c)) if a is not None), None)
        if got is not None:
            return got
    return None


def operation_force(ctx: DocContext, tok: Token, name: Namer) -> Actor | None:
    """The force whose operation a harm happened in: "was killed during a police raid", "died in an army
    operation", "was shot in a raid by anti-drug agents" (cues.yaml operation_nouns); the other side of a fight
    the harmed were in: "died in a gunfight with officers" (contest_nouns)."""
    nouns, contests = ctx.lex.cue("operation_nouns"), ctx.lex.cue("contest_nouns")
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in ("during", "in", "amid"):
            continue
        for g in _pobjs(c):
            contest = token_lemma(g) in contests
            if token_lemma(g) not in nouns and not contest:
                continue
            for m in g.children:
                got = None
                if m.dep_ in ("compound", "amod", "poss", "nmod") and ctx.namer.entry(m) is not None:
                    got = name(m)
                elif m.dep_ == "prep" and (m.lower_ == "by" or (contest and m.lower_ == "with")):
                    # "killed in a shootout with police": the other side of the fight did the killing
                    got = next((a for a in map(name, _pobjs(m)) if a is not None), None)
                if got is not None:
                    return got
    return None


def after_agent(tok: Token, name: Namer) -> Actor | None:
    """Who did what the harmed died of: "died after being beaten by police", "died after he was shot by
    soldiers" (the agent of a passive verb in the victim verb's "after" clause)."""
    for c in tok.children:
        verbs = []
        if c.dep_ == "prep" and c.lower_ in ("after", "following"):
            verbs = [g for g in c.children if g.dep_ == "pcomp" and g.pos_ in ("VERB", "AUX")]
        elif c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "after" for m in c.children):
            verbs = [c]
        for v in verbs:
            for a in v.children:
                if a.dep_ == "agent":
                    got = next((x for x in map(name, _pobjs(a)) if x is not None), None)
                    if got is not None:
                        return got
    return None


def _chain_subject(tok: Token) -> tuple[Token | None, bool]:
    """The subject a verb shares with the verbs it is conjoined to, further up than subject_of looks, and
    whether it is the verb's patient. Conjoined verbs share their subject, and a to-infinitive shares its
    head's ("farmers went to their fields to work and were captured and shot by gunmen": the farmers were
    shot); a verb with a passive agent or auxiliary, or conjoined to a passive one ("were captured and
    shot"), says what happened to that subject."""
    passive = any(c.dep_ in ("agent", "auxpass") for c in tok.children) or (
        tok.dep_ == "conj" and tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.head.children))
    t = tok
    for depth in range(4):
        if t.dep_ not in ("conj", "advcl", "xcomp") or t.head.pos_ not in ("VERB", "AUX"):
            break
        if depth > 1 and t.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            break  # further up, only an infinitive of purpose shares its head's subject, not "when ..."
        t = t.head
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that"):
                return (t.head, passive) if t.dep_ == "relcl" else (None, passive)
            return subj, passive
    return None, passive


def _own_subject(ctx: DocContext, tok: Token) -> Token | None:
    """The verb's subject; a dateline the parser hung on the verb as a second subject ("NAIROBI, Kenya - Gunmen
    stormed ...": "NAIROBI" read as a subject) is no party, the other subject is."""
    subj = subject_of(tok)
    if subj is not None and subj.head.i == tok.i and in_dateline(ctx, subj.idx):
        return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != subj.i
                     and not in_dateline(ctx, c.idx)), subj)
    return subj


def _noun_actors(ctx: DocContext, tok: Token, name: Namer) -> tuple[Actor | None, Actor | None]:
    a1: Actor | None = None
    a2 = targeted(ctx, tok, name)
    # "Floyd's death", "the journalist's abduction": the possessor of a noun of what befell someone is its patient,
    # unless an "of" names the patient ("the army's killing of three farmers")
    patient_poss = token_lemma(tok) in ctx.lex.cue("patient_nouns") and not any(
        c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    for c in tok.children:
        if c.dep_ == "poss" and patient_poss:
            a2 = a2 or name(c)
        elif c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and ctx.namer.entry(c) is not None):
            a1 = a1 or name(c)
        elif c.dep_ == "prep" and c.lower_ == "by":
            for g in _pobjs(c):
                a1 = name(g)
        elif c.dep_ == "prep" and (c.lower_ in ("of", "against", "on")
                                   or (c.lower_ == "with" and token_lemma(tok) in ctx.lex.cue("contest_nouns"))):
            for g in _pobjs(c):
                a2 = a2 or name(g)
        elif c.dep_ == "prep" and c.lower_ == "between":
            a1, a2 = between(c, name, a1, a2)
    if tok.dep_ == "dobj" and a1 is None and tok.head.pos_ == "VERB" and not responds(ctx, tok.head):
        s1 = subject_of(tok.head)  # "militants launched an attack": who launched it did it
        if s1 is not None:
            a1 = name(s1)
    if tok.dep_ in ("nsubj",) and a1 is None and tok.head.pos_ == "VERB":
        for c in tok.head.children:
            if c.dep_ == "prep" and c.lower_ in ("against", "with"):
                for g in _pobjs(c):
                    a2 = a2 or name(g)
            elif c.dep_ == "prep" and c.lower_ == "between":  # "a clash broke out between X and Y"
                a1, a2 = between(c, name, a1, a2)
    if a2 is None and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during"):
        verb = tok.head.head  # "eight policemen were wounded in an attack by rebels": the harmed are its target
        if verb.pos_ == "VERB" and token_lemma(verb) in ctx.lex.cue("harm_verbs"):
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            a2 = name(subj) if subj is not None else None
    return a1, a2


def responds(ctx: DocContext, verb: Token) -> bool:
    """Whether a verb taking an event noun as its object tells a response to the event, not doing it ("police are
    investigating the killing", "the union condemned the attack": actors.yaml cues response_verbs, and the
    reporting verbs): its subject did not do the event."""
    lemma = token_lemma(verb)
    return lemma in ctx.lex.cue("response_verbs") or lemma in ctx.lex.reporting_verbs


def targeted(ctx: DocContext, tok: Token, name: Namer) -> Actor | None:
    """The party an event noun is said to have targeted: "a bombing that targeted police", "the blast hit a
    police convoy" (cues.yaml target_verbs)."""
    verbs = ctx.lex.cue("target_verbs")
    heads = [c for c in tok.children if c.dep_ in ("relcl", "acl") and token_lemma(c) in verbs]
    if tok.dep_ == "nsubj" and token_lemma(tok.head) in verbs:
        heads.append(tok.head)
    for v in heads:
        for c in v.children:
            if c.dep_ == "dobj":
                got = name(c)
                if got is not None:
                    return got
    return None


def between(prep: Token, name: Namer, a1: Actor | None, a2: Actor | None, of_head: bool = False
            ) -> tuple[Actor | None, Actor | None]:
    """The two sides "between X and Y" names; with `of_head`, the two sides one phrase names ("Russian and
    Ukrainian forces")."""
    objs = [prep] if of_head else [g for g in prep.children if g.dep_ == "pobj"]
    if objs:
        first = objs[0]
        second = next((c for c in first.children if c.dep_ == "conj"), None)
        if second is None:  # "between Russian and Ukrainian forces": one head, a nationality for each side
            paired = next((g for m in first.children if m.dep_ in ("amod", "compound") and demonyms().get(m.lower_)
                           for g in m.children if g.dep_ == "conj" and demonyms().get(g.lower_)), None)
            other = name(first, demonyms()[paired.lower_]) if paired is not None else None
            if other is not None:
                return a1 or name(first), a2 or other
        a1 = a1 or name(first)
        if second is not None:
            a2 = a2 or name(second)
    return a1, a2


def actor_at(ctx: DocContext, tok: Token, country: str | None, on: str | None, own: str | None = None
             ) -> Actor | None:
    """The party a word names, looking through "dozens of", "a crowd of", "fighters of <group>"."""
    if tok.lower_ in PRONOUNS or in_dateline(ctx, tok.idx):
        return None
    if any(p.place is not None and p.kind not in ("demonym", "embedded")
           for p in by_token(ctx, "places", ctx.places).get(tok.i, ())):
        return None  # "shelled Idlib": a place, not a party
    if tok.pos_ == "NUM" or tok.lower_ in ("dozens", "hundreds", "thousands", "scores", "tens"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in _pobjs(c):
                    return actor_at(ctx, g, country, on)
    if token_lemma(tok) in ("crowd", "group", "number", "some", "one", "many", "most") and not tok.ent_type_:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in _pobjs(c):
                    return actor_at(ctx, g, country, on)
    got = ctx.namer.actor(tok, country, on, own)
    if got is None and token_lemma(tok) in ctx.lex.generic_heads:
        for c in tok.children:  # "fighters of <named group>": the named group is the party
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    e = ctx.namer.entry(g, on) if g.dep_ == "pobj" else None
                    if g.dep_ == "pobj" and (e is None or "{country}" not in e.name or e.country is not None
                                           or e.kind == "state_forces"):
                        return actor_at(ctx, g, country, on)
    return got
