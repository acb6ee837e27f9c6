"""Who did the harm to whom, read from the parse: the agency checks that typing rules may ask for (triggers.yaml
refine `parse:`).

ACLED's "Excessive force against protesters" is force used by the state (police, troops) that kills or hurts people
of a protest: the force is the agent of a harm whose patient is the crowd. Words of both kinds in one sentence do not
make it ("police said a marcher was hit by a bus", "twelve officers were hurt at the march", "marchers gathered after
the police shooting of a boy"); the parse of the harm verb tells who acted and on whom."""
from __future__ import annotations

import functools
from typing import Callable, Iterable

from spacy.tokens import Span, Token

from sitrep.tree import subject_of, token_lemma

from sitrep.lexicon import load_lexicon

from ..context import DocContext, cached


@functools.lru_cache(maxsize=None)
def _w(name: str) -> frozenset[str]:
    """A word list of cues.yaml (the force_* lists), read from the lexicon once (it is loaded once)."""
    return load_lexicon().cue(name)

# the kinds of actor whose force on a crowd ACLED codes so: the state's, and the militias that act for a ruler or
# a party ("beaten by plainclothes militiamen")
_FORCE_KINDS = frozenset({"state_forces", "political_militia"})
# prepositions through which a harm verb names whom it hit ("fired on the march", "charged at the crowd")
_AT = frozenset({"on", "at", "into", "upon", "against", "toward", "towards"})
# prepositions through which a harm names the protest it happened at ("shot two men at the sit-in")
_DURING = frozenset({"at", "during", "in"})


def _crowd_word(tok: Token, ctx: DocContext | None) -> bool:
    low, lemma = tok.lower_, token_lemma(tok)
    if low in _w("force_crowd") or lemma in _w("force_crowd") or low in _w("force_crowd_doing"):
        return True
    if any(c.dep_ in ("amod", "compound") and c.lower_ in _w("force_crowd_doing") for c in tok.children):
        return True  # "protesting students", "striking miners"
    if any(c.lower_ == "sit" and c.dep_ in ("compound", "nmod") for c in tok.children):
        return True  # "a sit-in", parsed as "sit" and "in"
    return ctx is not None and ctx.namer is not None and ctx.namer.kind_of(tok) == "protesters"


def _of_group(tok: Token) -> Token:
    """"Hundreds of protesters", "some of the marchers": the people a count or group is of."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            g = next((x for x in c.children if x.dep_ == "pobj"), None)
            if g is not None:
                return g
    return tok


def _is_state(tok: Token, ctx: DocContext | None) -> bool:
    tok = _of_group(tok)
    entry = ctx.namer.entry(tok) if ctx is not None and ctx.namer is not None else None
    if entry is not None and entry.kind in _FORCE_KINDS and not entry.name.startswith("Unidentified"):
        return True  # (gunmen no one names are not a ruler's militia: their shooting is an attack)
    if tok.lower_ in _w("force_state_heads") or token_lemma(tok) in _w("force_state_heads"):
        # "security forces", "riot police", but not "rebel forces" or "opposition forces"
        return not any(c.dep_ in ("amod", "compound") and token_lemma(c) in ("rebel", "opposition", "militia", "insurgent")
                       for c in tok.children)
    return low_weapon(tok)


def low_weapon(tok: Token) -> bool:
    return tok.lower_ in _w("force_state_weapons")


def _patients(verb: Token) -> list[Token]:
    """Whom the verb's harm hit: its object or passive subject, the noun a participle describes ("marchers shot
    by police"), and the object of "on/at" ("fired on the march", "opened fire at the crowd")."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not out:  # "clubbed and injured marchers": the first verb shares its conjunct's object
        out = [g for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" for g in c.children if g.dep_ == "dobj"]
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        out.append(verb.head)
    holders = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "prt")]
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in _AT:
                out.extend(g for g in c.children if g.dep_ == "pobj")
                # "fired on protesting teachers", parsed as a clause: the protesting ones
                out.extend(g for g in c.children if g.dep_ == "pcomp" and g.lower_ in _w("force_crowd_doing"))
    for o in list(out):
        out.extend(c for c in o.children if c.dep_ == "conj")
    return [_of_group(o) for o in out if o.ent_type_ not in ("DATE", "TIME")]  # "hit on Friday": a time


def _agent(verb: Token) -> Token | None:
    """Who did the harm: the agent of a passive verb ("by police"), else the subject (through conjoined verbs and
    participle clauses: "police opened fire, killing four")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children) or (verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN"):
        return None
    own = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if own:  # "injuries among the marchers as the authorities suppressed ...": the subject next to the verb
        return own[-1]
    node = verb
    for _ in range(3):
        subj = subject_of(node)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                return node.head
            return subj
        if node.dep_ not in ("conj", "advcl", "xcomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _force_verb(verb: Token) -> bool:
    """Whether the verb tells injurious force, not firing tear gas or using force to disperse."""
    lemma = token_lemma(verb)
    if verb.pos_ not in ("VERB", "AUX") and not (lemma == "crackdown"):
        return False
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if lemma == "open":
        return any(token_lemma(o) in _w("force_open_objects") for o in objs)
    if lemma == "crack":
        return any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)
    if lemma == "use":
        return any(o.lower_ in _w("force_use_objects") and (o.lower_ != "force" or any(
            token_lemma(c) in _w("force_soft_force") for c in o.children)) and not any(
            c.lower_ in _w("force_less_lethal_soft") for c in o.subtree) for o in objs)
    if lemma in ("fire", "shoot") and any(o.lower_ in _w("force_less_lethal") or any(c.lower_ in _w("force_less_lethal_soft") for c in o.subtree)
                                          for o in objs):
        return False  # "fired tear gas at the crowd": an intervention
    return lemma in _w("force_harm_verbs")


def _person(tok: Token) -> bool:
    return (tok.lower_ in _w("force_people") or token_lemma(tok) in _w("force_people") or tok.like_num or tok.ent_type_ == "PERSON"
            or (tok.tag_ == "PRP" and tok.lower_ not in ("it", "itself")))


def _at_protest(verb: Token, ctx: DocContext | None) -> bool:
    """"shot two men at the sit-in", "beat a student during a protest": the harm names the protest it hit."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in _DURING:
            if any(g.dep_ == "pobj" and (_crowd_word(g, ctx) or any(
                    x.dep_ == "compound" and _crowd_word(x, ctx) for x in g.children)) for g in c.children):
                return True
    return False


def harms(sent: Span, ctx: DocContext | None = None) -> list[tuple[bool, bool | None, Token]]:
    """Each force verb of the sentence as (agent is the state, patient is the crowd (None: no patient told), verb)."""
    out = []
    for t in sent:
        if token_lemma(t) not in _w("force_harm_verbs") or not _force_verb(t):
            continue
        agent = _agent(t)
        state = agent is not None and _is_state(agent, ctx)
        pats = _patients(t)
        if token_lemma(t) in ("fire", "shoot", "use", "open"):
            # "fired live rounds to clear the protests": whom the firing was for
            pats += [p for c in t.children if c.dep_ in ("xcomp", "advcl") and token_lemma(c) in _w("force_act_on")
                     for p in _patients(c)]
        crowd: bool | None = None
        if pats:
            crowd = any(_crowd_word(p, ctx) for p in pats) or (_at_protest(t, ctx) and any(_person(p) for p in pats))
        elif _at_protest(t, ctx):
            crowd = True
        out.append((state, crowd, t))
    return out


def _dies(sent: Span, ctx: DocContext | None) -> bool:
    """A person of the crowd died or was hurt ("three marchers died", "protesters were wounded")."""
    for t in sent:
        if token_lemma(t) in ("die", "kill", "injure", "wound", "hurt", "shoot") and t.pos_ in ("VERB", "AUX"):
            for subj in (c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")):
                if _crowd_word(_of_group(subj), ctx) and (token_lemma(t) == "die" or subj.dep_ == "nsubjpass"):
                    return True
    return False


def _acts_on_crowd(sent: Span, ctx: DocContext | None) -> bool:
    for t in sent:
        if token_lemma(t) in _w("force_act_on") and t.pos_ in ("VERB", "AUX"):
            agent = _agent(t)
            if agent is not None and _is_state(agent, ctx) and any(_crowd_word(p, ctx) for p in _patients(t)):
                return True
    return False


def _died_of_lethal_means(sent: Span, ctx: DocContext | None) -> bool:
    """"Four marchers died from gunfire", "protesters were killed by live ammunition": the crowd killed by a
    weapon of war, with no one else named as its user."""
    for t in sent:
        if token_lemma(t) not in ("die", "kill", "wound", "injure") or t.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not _crowd_word(_of_group(subj), ctx) or (token_lemma(t) != "die" and subj.dep_ != "nsubjpass"):
            continue
        for c in t.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by", "of"):
                for g in c.children:
                    if g.dep_ == "pobj" and (g.lower_ in _w("force_lethal_means") or token_lemma(g) in _w("force_lethal_means")) \
                            and not any(x.lower_ in _w("force_less_lethal_soft") for x in g.subtree):
                        return True
    return False


def _force_noun_on_crowd(sent: Span, ctx: DocContext | None) -> bool:
    """"its violent crackdown on peaceful demonstrators", "the army's attacks against the marchers": a noun of
    force aimed at the crowd, made the state's by its owner or its adjective (a demonym names the state's forces),
    or grave by its adjective (a crackdown is the state's by its meaning)."""
    for t in sent:
        if t.pos_ != "NOUN" or token_lemma(t) not in _w("force_force_nouns"):
            continue
        if not any(c.dep_ == "prep" and c.lower_ in ("on", "against", "at") and any(
                g.dep_ == "pobj" and _crowd_word(_of_group(g), ctx) for g in c.children) for c in t.children):
            continue
        mods = [c for c in t.children if c.dep_ in ("amod", "poss", "compound")]
        by = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        if any(_is_state(m, ctx) or (m.ent_type_ == "NORP" and m.dep_ == "amod") for m in mods + by):
            return True
        if token_lemma(t) == "crackdown" and any(token_lemma(m) in _w("force_grave") for m in mods):
            return True
    return False


def force_on_crowd_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells the state's force harming the crowd of a protest: a force verb whose agent is
    the state and whose patient is the crowd; or the state's force aimed at a crowd or at no one named beside
    people of the crowd killed or hurt ("two marchers died when troops opened fire")."""
    hs = harms(sent, ctx)
    if any(state and crowd for state, crowd, _ in hs):
        return True
    if _died_of_lethal_means(sent, ctx) or _force_noun_on_crowd(sent, ctx):
        return True
    return (any(state and crowd is not False for state, crowd, _ in hs) or _acts_on_crowd(sent, ctx)) and _dies(sent, ctx)


def _in_any_sentence(ctx: DocContext, sents: Iterable[int], key: str, test: Callable[[Span, DocContext], bool]) -> bool:
    """Whether `test` holds for one of the sentences `sents` (the draft's, or with the rule's scope "next" the two
    after them in the paragraph); each sentence is tested once per document (kept in the context's cache under
    `key`)."""
    seen = cached(ctx, key, dict)
    for si in sents:
        if si not in seen:
            seen[si] = test(ctx.sents[si], ctx)
        if seen[si]:
            return True
    return False


def force_hurt_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells the state's own men hurt or killed by someone not of the state ("twelve officers
    were injured", "protesters hurt three policemen"): at a protest, the crowd used force (ACLED: a violent
    demonstration)."""
    for t in sent:
        if token_lemma(t) not in _w("force_hurt") or t.pos_ not in ("VERB", "AUX"):
            continue
        pats = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        elliptic = t.dep_ == "conj" and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.head.children)
        if elliptic and not pats:  # "25 were detained and eight officers hurt": a passive with its "were" left out
            pats = [c for c in t.children if c.dep_ == "nsubj"]
        agent = None if elliptic else _agent(t)
        if agent is not None and _is_state(agent, ctx):
            continue
        if t.dep_ in ("acl", "relcl"):
            continue  # "a soldier killed in an ambush", "who was killed": a person described, often a grievance
        if any(_is_state(p, ctx) and not low_weapon(_of_group(p)) for p in pats):
            return True
    return False


def people_killed_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells people killed by the state or by no one named ("two were killed as police broke up
    the march", "a student died"), not the state's own men: at a protest the police broke up, ACLED's line between
    an intervention and excessive force (injuries alone are not: ACLED codes most of them an intervention)."""
    for t in sent:
        if token_lemma(t) not in _w("force_killed_verbs") or t.pos_ not in ("VERB", "AUX"):
            continue
        if t.dep_ in ("acl", "relcl"):
            continue  # a person described, often the grievance
        passive = any(c.dep_ == "nsubjpass" for c in t.children) or (
            t.dep_ == "conj" and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.head.children))
        pats = [c for c in t.children if c.dep_ in (("nsubjpass", "nsubj") if passive or token_lemma(t) == "die" else ("dobj",))]
        if not pats:
            continue
        agent = None if (passive and not any(c.dep_ == "agent" for c in t.children)) or token_lemma(t) == "die" \
            else _agent(t)
        if agent is not None and not _is_state(agent, ctx):
            continue
        if any(not _is_state(p, ctx) for p in pats):
            return True
    return False


_ARMED_KINDS = frozenset({"state_forces", "rebels", "political_militia", "identity_militia", "external"})


def _mob(agent: Token, ctx: DocContext | None) -> bool:
    """Whether the agent is an unorganised group of people: a plural, counted or grouped people word of the mob
    list ("youths", "at least 20 people", "a group of villagers", "supporters of a candidate"), not an armed one
    ("armed youths", "unidentified men") nor of an armed group the namer knows ("members of <a rebel group>")."""
    heads = [agent, _of_group(agent)]
    if not any(h.lower_ in _w("mob_agents") or (token_lemma(h) in _w("mob_agents") and h.tag_ == "NNS") for h in heads):
        return False
    if any(x.lower_ in _w("mob_armed") for h in heads for x in h.subtree):
        return False
    if ctx is not None and ctx.namer is not None:
        for h in heads:
            entry = ctx.namer.entry(h)
            if entry is not None and entry.kind in _ARMED_KINDS and not entry.name.startswith("Unidentified"):
                return False
    return True


def _sets_fire(verb: Token) -> bool:
    """"set fire to a bus", "set a car ablaze", "set the shop on fire": the verb "set" with a word of fire."""
    return token_lemma(verb) == "set" and any(
        x.lower_ in _w("mob_set_fire_words") for c in verb.children if c.dep_ != "nsubj" for x in c.subtree)


def mob_harm_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells an unorganised group of people (see _mob) harming people or property with its
    own hands: the agent of a harm verb ("villagers beat a suspected thief", "a group of youths attacked a
    shop"). ACLED codes such violence mob violence, not an attack (which is an armed or organised actor's)."""
    for t in sent:
        if not (token_lemma(t) in _w("mob_harm_verbs") or _sets_fire(t)) or t.pos_ not in ("VERB", "AUX"):
            continue
        if t.tag_ == "VBN" and not any(c.dep_ in ("aux", "agent") for c in t.children):
            continue  # "with 14 people killed": a participle whose subject is its patient
        agent = _agent(t)
        if agent is not None and agent.dep_ == "nsubjpass" and agent.head.i != t.i and agent.i > t.i:
            continue  # "Attacking churches ..., people are forbidden": the passive subject of another verb, the
            # patient told after the participle, is not who did the harm
        if agent is not None and _mob(agent, ctx):
            return True
    return False


def _sides(fight: Token) -> list[Token]:
    """The sides of a fight word: a verb's subjects and the object of its "with" ("villagers clashed with
    traders"); a noun's objects of "between", "among" or "with" ("a clash between two factions"), each with its
    conjuncts ("supporters of A and B")."""
    out = [c for c in fight.children if c.dep_ in ("nsubj", "nsubjpass")] if fight.pos_ in ("VERB", "AUX") else []
    for c in fight.children:
        if c.dep_ == "prep" and c.lower_ in ("with", "between", "among", "amongst"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
    for o in list(out):
        out.extend(x for x in o.conjuncts)
    return out


def mob_clash_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells a fight (mob_fight_words) whose sides, as told, are groups of people (see _mob, or
    a word of mob_sides: "factions", "hawkers") and none the state's ("villagers clashed with traders", "a clash
    between supporters of two candidates"); ACLED codes it mob violence, not an armed clash."""
    for t in sent:
        if token_lemma(t) not in _w("mob_fight_words"):
            continue
        sides = _sides(t)
        if not sides or any(_is_state(x, ctx) for x in sides):
            continue
        if any(_mob(x, ctx) or x.lower_ in _w("mob_sides") for x in sides):
            if not any(x.lower_ in _w("mob_armed") for s in sides for x in s.subtree):
                return True
    return False


def _told_as_cause(verb: Token) -> bool:
    """Whether the verb tells what the crowd protests, not what was done to it: a person described ("activists
    arrested last month"), the content of a demand or a protest ("protesting that police detained their leader"), or
    what came before ("after police arrested two students, ...")."""
    node = verb
    for _ in range(4):
        if node.dep_ in ("relcl", "acl", "amod"):  # "release detained students": people described
            return True
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _w("intervene_cause_marks") for c in node.children):
            return True
        if node.dep_ not in ("ccomp", "xcomp", "pcomp", "pobj", "prep", "advcl", "conj") or node.head.i == node.i:
            return False
        conj = node.dep_ == "conj"  # "was punched and detained": the first verb's place decides
        node = node.head
        if not conj and (token_lemma(node) in _w("intervene_cause_heads") or node.lower_ in _w("intervene_cause_marks")):
            return True
    return False


def _intervention_verb(verb: Token) -> bool:
    """A verb of an attempt to disperse, stop or hold a crowd without injurious force: arresting, dispersing,
    charging, blocking ("police blocked the march"), or firing tear gas or water ("fired tear gas at the crowd")."""
    lemma = token_lemma(verb)
    if verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
        return False
    if lemma in _w("intervene_means_verbs"):  # "fired tear gas", "used water cannon": what was fired decides
        return any(c.dep_ == "dobj" and (c.lower_ in _w("force_less_lethal") or any(
            x.lower_ in _w("force_less_lethal_soft") for x in c.subtree)) for c in verb.children)
    if lemma == "break" or lemma == "round":  # "broke up the rally", "rounded up the marchers"
        return any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
    return lemma in _w("intervene_verbs")


def intervention_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells someone acting on the crowd of a protest to disperse, stop or hold it (ACLED: a
    protest with intervention): the state doing any intervention verb ("police intervened", "officers detained six
    students", "troops fired tear gas"); an intervention told with no doer, on the crowd ("the sit-in was broken
    up") or as arrests ("twenty were arrested"); others dispersing the crowd or harming it ("a rival group attacked
    the rally": the state's harm is excessive force, read by force_on_crowd). Not what the crowd protests
    ("demanding the release of activists arrested last week"), nor a verb without a tense of its own (a slogan).
    Calibrated on ACLED train notes (split train; 1,500 coded Peaceful protest, 1,300 Protest with intervention,
    seed 11), each (verb, doer, patient) counted: with the state as doer no verb held in more than one peaceful
    protest; with no doer, arrests held in 6 peaceful protests against 123 interventions; others stopping or
    blocking a crowd held as often in peaceful protests as in interventions, so they are left out."""
    for t in sent:
        lemma = token_lemma(t)
        harm = lemma in _w("intervene_harm_verbs") and t.pos_ == "VERB"
        if not (harm or _intervention_verb(t)) or _told_as_cause(t):
            continue
        if t.tag_ == "VB" and ((t.dep_ not in ("xcomp", "advcl", "conj", "ccomp", "pcomp") and not any(
                c.dep_ == "aux" for c in t.children)) or (t.i > t.sent.start and t.text[:1].isupper())):
            continue  # "a Stop the Steal rally": a slogan, not an act
        agent = _agent(t)
        state = agent is not None and _is_state(agent, ctx)
        pats = _patients(t)
        if lemma == "intervene":
            pats += [g for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "at") for g in c.children
                     if g.dep_ == "pobj"]
        crowd = any(_crowd_word(p, ctx) for p in pats)
        if not crowd and any(x.ent_type_ == "PERSON" for p in pats for x in p.subtree):
            continue  # "police arrested the union leader X": a named person taken is an arrest of its own (as
            # merge.named_arrestee keeps it), not an act on the crowd
        if harm:  # others' harm on the crowd; the state's is read by force_on_crowd
            if crowd and not state and agent is not None and not _crowd_word(_of_group(agent), ctx):
                return True
        elif state:
            return True
        elif agent is None:
            if crowd or lemma in _w("intervene_hold_verbs") or lemma in _w("intervene_means_verbs"):
                return True
        elif crowd and lemma in _w("intervene_others_verbs") and not _crowd_word(_of_group(agent), ctx):
            return True
    return False


def rammed_crowd_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells a vehicle driven into the crowd of a protest ("a truck drove into the marchers",
    "a driver ran over two protesters", "a car struck a demonstrator"): ACLED codes ramming a protest with a vehicle
    excessive force against protesters, whoever drove."""
    for t in sent:
        lemma = token_lemma(t)
        if t.pos_ != "VERB" or lemma not in _w("ram_verbs") or any(c.dep_ == "neg" for c in t.children):
            continue
        if t.dep_ == "relcl" or (t.dep_ == "acl" and lemma in _w("ram_hit_verbs")):
            continue  # "the death of a marcher struck by a bus", "an incident where a man drove ...": a person or an
            # earlier incident described, often an accident or a grievance
        into = [g for c in t.children if c.dep_ in ("prep", "prt") and c.lower_ in _w("ram_preps")
                for g in list(c.children) + ([x for x in t.children if x.dep_ == "dobj"] if c.dep_ == "prt" else [])
                if g.dep_ in ("pobj", "dobj")]
        pats = into + (_patients(t) if lemma in _w("ram_hit_verbs") else [])
        if not any(_crowd_word(_of_group(p), ctx) for p in pats):
            continue
        agent = _agent(t)
        if lemma in _w("ram_hit_verbs") and not (agent is not None and agent.lower_ in _w("ram_vehicles")):
            continue  # "a stone hit a marcher": only a vehicle's hit is ramming
        if agent is not None and _is_state(agent, ctx):
            continue  # police vehicles pushing into a crowd: their force is read by the other checks
        return True
    return False


def crowd_violence_sent(sent: Span, ctx: DocContext | None = None) -> bool:
    """Whether the sentence tells the crowd of a protest using violence or destroying property (ACLED: a violent
    demonstration, whatever force was used on it): a verb of violence or destruction whose doer is the crowd, a group
    of people or "they" ("students damaged the gate", "they threw stones at officers", "a policeman was beaten by
    marchers"), or, with no doer told, whose patient is property ("windows were smashed", "a car was set on fire").
    Not the state's acts ("police beat marchers": its force, read by force_on_crowd), nor what the crowd protests
    ("a march against the torching of homes") nor a negated act. When others are told harming the crowd ("party
    men attacked the rally, injuring ten"), a group of people's harm in that sentence is theirs, not the crowd's."""
    on_crowd = any(t.pos_ == "VERB" and token_lemma(t) in _w("intervene_harm_verbs") and any(
        _crowd_word(p, ctx) for p in _patients(t)) for t in sent)
    for t in sent:
        lemma = token_lemma(t)
        throw = lemma in _w("crowd_throw_verbs")
        breaks = lemma in _w("crowd_property_verbs") and not any(c.dep_ == "prt" for c in t.children) and any(
            c.dep_ in ("dobj", "nsubjpass") and (token_lemma(c) in _w("crowd_property") or c.lower_ in
                                                 _w("crowd_property")) for c in t.children)
        fire = _sets_fire(t)
        if t.pos_ not in ("VERB", "AUX") or not (lemma in _w("crowd_violence_verbs") or throw or fire or breaks):
            continue
        if any(c.dep_ == "neg" for c in t.children) or _told_as_cause(t):
            continue
        if throw and not any(c.dep_ == "prep" and c.lower_ in _AT for c in t.children):
            continue  # "threw flowers": only what is thrown at someone is violence
        if any(c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in _w("crowd_symbolic_objects") or token_lemma(c) in
                                                     _w("crowd_symbolic_objects")) for c in t.children):
            continue  # "burned an effigy": a symbol burnt, a peaceful protest's act
        if any(_crowd_word(p, ctx) for p in _patients(t)):
            continue  # "youths attacked the marchers": violence on the crowd, an intervention in it
        agent = _agent(t)
        if agent is not None and _is_state(agent, ctx):
            continue
        if any(_is_state(p, ctx) for p in _patients(t)):
            return True  # "an officer was hit by a rock": what happened to the police is the crowd's
        if agent is None:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
            if passive and fire:
                return True  # "fires were set in the street"
            if passive and any(token_lemma(p) in _w("crowd_property") or p.lower_ in _w("crowd_property")
                               for p in _patients(t)):
                return True
            continue
        if _crowd_word(_of_group(agent), ctx) or agent.lower_ in _w("crowd_pronouns"):
            return True
        if _mob(agent, ctx) and not on_crowd:
            return True
    return False


# the named parse checks a refine rule may ask for (triggers.yaml `parse:`): each holds when its sentence test holds
# for one of the sentences it is given (the draft's, or with the rule's scope "next" the two after them)
SENTENCE_TESTS: dict[str, Callable[[Span, DocContext], bool]] = {
    "force_on_crowd": force_on_crowd_sent, "force_hurt": force_hurt_sent, "people_killed": people_killed_sent,
    "mob_harm": mob_harm_sent, "mob_clash": mob_clash_sent, "intervention": intervention_sent,
    "rammed_crowd": rammed_crowd_sent, "crowd_violence": crowd_violence_sent,
}
CHECKS: dict[str, Callable[[DocContext, Iterable[int]], bool]] = {
    name: functools.partial(_in_any_sentence, key=name, test=test) for name, test in SENTENCE_TESTS.items()}
