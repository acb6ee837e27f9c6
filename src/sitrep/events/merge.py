"""The merge stage: drafts that tell the same happening (again, or by a reference back) become one."""
from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from sitrep.records import Count, Place, Source
from sitrep.tree import is_ancestor, token_lemma

from .common import (
    POLITICAL_VIOLENCE, PRECISION_RANK, VIOLENT, answered, contrasted, dated_in_sentence, definite_noun, in_link_clause,
    in_series, named_in, period_days, place_rank, place_told_in, type_plover, within,
)
from .context import DocContext, Draft, by_sentence, cached, governed_by
from .link import link_target
from .protest import one_protest, protest_reading, severity
from .typing.method import by_means
from .when import lead_sentences


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "merge"."""
    for _ in range(3):  # a merge can make two tellings twins (same toll, same day): merge again
        before = len(drafts)
        drafts = merge(ctx, drafts)
        if len(drafts) == before:
            break
    return drafts


def merge(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    index = _Candidates()
    for d in sorted(drafts, key=lambda d: min(d.sents)):
        target = antecedent(ctx, d, out)
        if target is not None:
            if target.where is not None and not place_told_for(ctx, d, target.where):
                d.where = None
            absorb(ctx, target, d)
            index.add(index.pos[id(target)], target)
            continue
        same = [out[i] for i in index.of(d) if same_happening(ctx, out[i], d)]
        # the nearest telling wins: "attacks in X on Sunday, killing five" is one happening with its toll
        target = min(same, key=lambda o: min(abs(x - y) for x in o.sents for y in d.sents)) if same else None
        detail = None if target is not None else (elaborated(ctx, d, out, index) or told_of(ctx, d, out, index))
        if detail is not None:
            absorb(ctx, detail, d, sources=False)
            detail_sources(ctx, detail, d)
            index.add(index.pos[id(detail)], detail)
        elif target is not None:
            absorb(ctx, target, d)
            index.add(index.pos[id(target)], target)
        else:
            index.add(len(out), d)
            out.append(d)
    return out


FAMILY_SPAN = 4  # sentences: an elaboration follows the telling it elaborates closely


def family(d: Draft) -> str:
    """The family of happenings an event belongs to: political violence is one (a clash, its bombing, its
    killings are told of one fight); a protest is one; each strategic development is its own."""
    if d.type == "Strategic developments":
        return f"{d.type}: {d.subtype}"
    return "violence" if d.type in POLITICAL_VIOLENCE else d.type


def kin(o: Draft, d: Draft) -> bool:
    """Whether a mention with no place or date of its own may tell a part of event `o`: one of its family, or a
    riot and the violence of its family (a mob's fight told again as "both groups attacked each other", the blows
    of a riot told as an attack on a man: ACLED codes a riot with the violence it is told with as one event)."""
    fo, fd = family(o), family(d)
    return fo == fd or {fo, fd} == {"Riots", "violence"}


def elaborated(ctx: DocContext, d: Draft, earlier: list[Draft], index: "_Candidates | None" = None) -> Draft | None:
    """The earlier event a mention with no place and no date of its own elaborates (its toll, its attackers,
    how it unfolded): the last one of its family told a few sentences before, whose toll does not contradict
    it (a smaller toll is a part of its toll). A mention with a place or a date of its own is told as a happening of its own."""
    own_place = d.where is not None and place_told_in(ctx, d)
    own_date = d.when.start is not None and any(dated_in_sentence(ctx, si) for si in d.sents)
    # "after shooting the judge, the guard exchanged fire with police": told as a sequel, a happening of its own
    sequel = d.when.strategy in ("linked", "announced") or link_target(
        ctx, d, earlier, ctx.lex.cue("sequence_adverbs"), ctx.lex.cue("link_preps")) is not None
    if own_place or own_date or sequel or in_series(ctx, d) or d.subtype in OPPOSITE_GAINS:
        return None  # ground changing hands is a happening of its own, not a detail of the fighting told before
    first = min(d.sents)
    # only drafts told up to FAMILY_SPAN sentences back can qualify: the index keeps just those (a walk over
    # every earlier draft made long articles quadratic)
    near = (earlier[i] for i in index.ending_after(first - FAMILY_SPAN)) if index is not None else reversed(earlier)
    kin_only: Draft | None = None
    for o in near:
        if kin_only is not None and (family(o) != family(d) or max(o.sents) != max(kin_only.sents)):
            continue
        if not kin(o, d) or first - max(o.sents) > FAMILY_SPAN or first < min(o.sents):
            continue
        if told_as_series(ctx, o):
            continue  # "a series of attacks": its parts are happenings of their own
        if d.where is not None and (o.where is None or place_key(o.where) != place_key(d.where)) \
                and not named_in(ctx, d.where, o.sents):
            continue  # a place from the sentence before that is not the event's: a part told apart
        ko, kd = o.counts.get("killed"), d.counts.get("killed")
        if ko is not None and kd is not None and (kd.best or 0) > (ko.high or ko.best or 0):
            continue  # a larger toll is another happening's; a smaller one is a part of this one's ("eight of them")
        if family(o) == family(d) or kin_only is not None:
            return o
        # a riot and a killing told in one sentence ("soldiers shot a man, sparking riots"): a later retelling of
        # the killing elaborates the killing, not the riot it set off
        kin_only = o
    return kin_only


# ACLED codes one event per happening with what the state did about it and what it cost (codebook: arrests at a
# demonstration make it a "Protest with intervention"; a toll is the event's fatalities). On 87,932 ACLED train
# notes (one note, one event): of 1,603 notes that tell a protest or riot first and arrests only in a later
# sentence, none is typed Arrests; of 581 that tell violence first and arrests later, none; of 136 that tell a
# protest or riot first and a curfew or a deployment later, one is typed Change to group/activity (of 57 that tell
# a clash or an attack first and a deployment or a curfew later, none is a strategic development); of 3,440 that
# tell violence, a riot or a protest first and a toll sentence with no doer later, 10% are typed Attack (most of
# them attacks told first). The kinds of mention that elaborate an event of another family, and the types of the
# events each may elaborate:
ELABORATION_HOSTS = {
    "arrests": VIOLENT,  # its arrests (of protesters, of the attackers)
    "toll": VIOLENT,  # "nine people were killed", "two were wounded": its figures
    "response": VIOLENT,  # a curfew, troops deployed to a riot, a protest or a clash
}
RESPONSE_SUBTYPES = frozenset({"Change to group/activity", "Other"})
CROWDS = frozenset({"Protests", "Riots"})


def told_of(ctx: DocContext, d: Draft, earlier: list[Draft], index: "_Candidates | None" = None) -> Draft | None:
    """The earlier event of another family a mention elaborates (ELABORATION_HOSTS): arrests made at it, its toll
    told in a sentence that names no doer, the state's curfew or deployment against it. The mention has no place or
    date of its own, or the event's place and day, and is told at most FAMILY_SPAN sentences after it; it joins the
    event with its figures. Not a second real happening: one told as a further one ("in another attack", "days
    later", another town or day), arrests of a named person (a leader taken in a crackdown is a happening of its
    own), suspects arrested after an attack with a place, a day or a sequel word of their own, a death told as a
    sequel, a toll larger than the event's or counted over a period."""
    kind = elaboration(ctx, d)
    if kind is None or d.when.strategy in ("linked", "announced") or in_series(ctx, d) or contrasted(ctx, d):
        return None
    if later_by_a_period(ctx, d):
        return None
    sequel = link_target(ctx, d, earlier, ctx.lex.cue("sequence_adverbs"), ctx.lex.cue("link_preps")) is not None
    if kind == "toll" and sequel:
        return None  # "the assailant was later killed": a death told as a sequel is a happening of its own
    own_place = d.where is not None and place_told_in(ctx, d)
    own_date = d.when.start is not None and any(dated_in_sentence(ctx, si) for si in d.sents)
    # suspects arrested after an attack ("police later detained three suspects", "arrested in connection with the
    # bombing", "police arrested four men in X on Monday") are the state's next move, a happening of its own: of an
    # attack or a clash, only arrests told with no place, date or sequel word of their own are its part (protesters
    # arrested at their protest are the protest's wherever told: ACLED's intervention)
    hosts = ELABORATION_HOSTS[kind]
    if kind == "arrests" and (own_place or own_date or sequel):
        hosts = CROWDS
    first = min(d.sents)
    near = (earlier[i] for i in index.ending_after(first - FAMILY_SPAN)) if index is not None else reversed(earlier)
    for o in near:
        if o.type not in hosts or first - max(o.sents) > FAMILY_SPAN or first < min(o.sents):
            continue
        if d.where is not None and (o.where is None or not (place_key(o.where) == place_key(d.where)
                                                            or (own_place and within(o.where, d.where)))):
            if own_place or not named_in(ctx, d.where, o.sents):
                continue  # at another town (or, taken from the sentence before, not the event's)
        if d.when.start is not None and o.when.start is not None and not (
                o.when.start <= (d.when.end or d.when.start) and d.when.start <= (o.when.end or o.when.start)):
            continue  # on another day
        if own_date and o.when.start is None:
            continue
        ko, kd = o.counts.get("killed"), d.counts.get("killed")
        if ko is not None and kd is not None and (kd.best or 0) > (ko.high or ko.best or 0):
            continue  # a larger toll is another happening's
        if not own_place:
            d.where = None  # the event keeps its own place
        if not own_date:
            d.when = o.when
        return o
    return None


def elaboration(ctx: DocContext, d: Draft) -> str | None:
    """Which kind of elaboration of another event a mention may be (ELABORATION_HOSTS), if any."""
    if d.type == "Strategic developments" and d.subtype == "Arrests":
        return None if named_arrestee(ctx, d) else "arrests"
    if d.type == "Strategic developments" and d.subtype in RESPONSE_SUBTYPES:
        return "response"
    if d.type in VIOLENT and d.actor1 is None and toll_only(ctx, d):
        return "toll"
    return None


def toll_only(ctx: DocContext, d: Draft) -> bool:
    """Whether a mention tells only a toll: each of its words is a verb told in the passive or "died", with no doer
    ("by ...") and no event word beside it, that is a harm verb (cues.yaml toll_verbs, harm_verbs) or whose
    victims are counted dead or hurt ("nine were killed", "two others were wounded", "two men were shot dead"; not
    "nine were killed in an air strike", not "gunmen killed nine", not "the station was raided")."""
    verbs = ctx.lex.cue("toll_verbs") | ctx.lex.cue("harm_verbs")
    counted = any(d.counts.get(k) is not None for k in ("killed", "injured"))
    for m in d.members:
        tok = ctx.doc[m.token_i]
        if tok.pos_ != "VERB" or not (token_lemma(tok) in verbs or counted):
            return False
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or tok.tag_ == "VBN" and tok.dep_ in (
            "acl", "amod")
        if not (passive or token_lemma(tok) == "die") or any(c.dep_ == "agent" for c in tok.children):
            return False
        if counted_over_a_period(ctx, tok):
            return False
    return True


def counted_over_a_period(ctx: DocContext, tok: Token) -> bool:
    """"A week in which 40 were killed", "nine were killed over the past month": a toll counted over a period (a
    unit of cues.yaml period_days) sums up the period's happenings; it is no figure of the one told before it."""
    units = period_days(ctx)
    up = tok
    for _ in range(3):  # "a week in which activists estimate 40 were killed": the clause may be reported
        if up.dep_ == "relcl" and token_lemma(up.head) in units:
            return True
        if up.dep_ not in ("ccomp", "conj") or up.head.i == up.i:
            break
        up = up.head
    return any(c.dep_ == "prep" and any(token_lemma(g) in units for g in c.children if g.dep_ == "pobj")
               for c in tok.children)


def named_arrestee(ctx: DocContext, d: Draft) -> bool:
    """Whether the arrest takes a named person ("police arrested opposition leader X", "the arrest of X")."""
    tok = ctx.doc[d.anchor.token_i]
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ == "of"):
            if any(t.ent_type_ == "PERSON" for t in c.subtree):
                return True
    return False


def later_by_a_period(ctx: DocContext, d: Draft) -> bool:
    """"Two days later, police arrested ...", "a week after the march": a span of days told between the happening
    told before and this one makes it a happening of its own."""
    units = period_days(ctx)
    for si in d.sents:
        for t in ctx.sents[si]:
            if token_lemma(t) in units and t.head.lower_ in ("later", "after", "afterwards") and t.dep_ == "npadvmod":
                return True
    return False


def told_as_series(ctx: DocContext, o: Draft) -> bool:
    """Whether an event is told as several happenings ("a series of attacks", "a wave of bombings")."""
    nouns = ctx.lex.cue("series_nouns")
    for m in o.members:
        tok = ctx.doc[m.token_i]
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and token_lemma(tok.head.head) in nouns:
            return True
    return False


class _Candidates:
    """Which earlier drafts (positions in `out`) may tell the same happening as a draft: `same_happening` is
    true only for drafts told near it (two sentences or less), at the same place, or with the same toll on the
    same day. The keys of a draft are added again when it absorbs another (old keys stay: a candidate too many
    is only checked, never merged by mistake), so the stage asks about a few drafts, not every earlier one."""

    def __init__(self) -> None:
        self.by_sent: dict[int, set[int]] = {}
        # position -> its draft's last sentence, for the drafts at a place or with a toll told within REACH
        # sentences (pruned as drafts come in: a long article's 500th report at one town is not checked
        # against the 499 before it)
        self.by_place: dict[int, dict[int, int]] = {}
        self.by_toll: dict[tuple[object, ...], dict[int, int]] = {}
        self.pos: dict[int, int] = {}  # id(draft) -> its position in `out`
        self.last: dict[int, int] = {}  # position -> the last sentence of its draft, for those still near

    def add(self, pos: int, d: Draft) -> None:
        self.pos[id(d)] = pos
        end = self.last[pos] = max(d.sents)
        for si in d.sents:
            self.by_sent.setdefault(si, set()).add(pos)
        if d.where is not None:
            self.by_place.setdefault(place_key(d.where), {})[pos] = end
        key = self._toll(d)
        if key is not None:
            self.by_toll.setdefault(key, {})[pos] = end

    @staticmethod
    def _toll(d: Draft) -> tuple[object, ...] | None:
        k = d.counts.get("killed")
        return (k.low, k.best, d.when.start) if k is not None and d.when.start else None

    def ending_after(self, floor: int) -> list[int]:
        """Positions of the drafts whose last sentence is `floor` or later, latest position first. Drafts come
        in order of their first sentence, so `floor` only rises: a draft that ends before it is dropped for good
        (added back if it absorbs a later telling), and each call costs the drafts near the end, not all."""
        for pos in [p for p, last in self.last.items() if last < floor]:
            del self.last[pos]
        return sorted(self.last, reverse=True)

    def of(self, d: Draft) -> list[int]:
        found: set[int] = set()
        for si in d.sents:
            for sj in range(si - 2, si + 3):
                found |= self.by_sent.get(sj, set())
        floor = min(d.sents) - REACH
        if d.where is not None:
            found |= _near(self.by_place.get(place_key(d.where)), floor)
        key = self._toll(d)
        if key is not None:
            found |= _near(self.by_toll.get(key), floor)
        return sorted(found)


REACH = 60  # sentences: a report of the happening told again at its town or with its toll, this far back at most


def _near(ends: dict[int, int] | None, floor: int) -> set[int]:
    """The positions whose draft ends at sentence `floor` or later; those ending before it are dropped for good
    (drafts come in order of their first sentence, so `floor` only rises; a draft that absorbs a later telling
    is added again with its new end)."""
    if not ends:
        return set()
    for pos in [p for p, end in ends.items() if end < floor]:
        del ends[pos]
    return set(ends)


ANTECEDENT_REACH = 24  # events: a reference back names one of the last few happenings told, not any of a long list


def antecedent(ctx: DocContext, d: Draft, earlier: list[Draft]) -> Draft | None:
    """An undated definite noun ("the attack", "his killing") refers back to the last event of its type."""
    tok = ctx.doc[d.anchor.token_i]
    scene = d.noun and not d.counts and at_scene(ctx, tok)
    more = added_to(ctx, d)
    if more is not None:
        tok = more  # "two guards were also killed in the attack": more victims of the attack told before
    elif (hurt_in := harmed_in_known(ctx, d)) is not None:
        tok = hurt_in  # "two people were wounded in the fighting": the toll of the fighting told before
    elif d.noun:
        if not (definite_noun(tok) or scene or beside_reference(ctx, d)):
            return None  # "the protests" usually sums up many happenings; "an attack" is a new one
    elif not d.counts and (known := told_as_known(ctx, tok)) is not None:
        tok = known  # "since the army launched the offensive", "the area that was attacked": a happening told before
    elif d.when.start or not (in_link_clause(ctx, tok) and d.where is None and not d.counts):
        return None  # "after shooting the ambassador": a reference back, not a second shooting
    generic = token_lemma(tok) in ctx.lex.cue("anaphor_nouns")
    contest = tok.pos_ in ("NOUN", "PROPN") and token_lemma(tok) in ctx.lex.cue("contest_nouns")
    # "the fighting around Zorzor" refers to an event there, not one elsewhere; so does "police in Zorzor were
    # investigating the death": a local force acts where it is posted
    own = own_place(ctx, tok) or local_force_place(ctx, d, tok)
    for o in reversed(earlier[-ANTECEDENT_REACH:]):
        if any(k in o.counts for k in d.counts) and more is None:
            continue  # "the attack killed 5" told beside an attack with a toll may be another attack
        if own is not None and o.where is not None and o.where.feature == "place" and not same_area(own, o.where):
            continue  # an event at another town (a country-wide place may be a party's, "Russia's ambassador")
        if d.when.start and not (o.when.start and o.when.start <= (d.when.end or d.when.start)
                                 and d.when.start <= (o.when.end or o.when.start)):
            continue  # "Sunday's explosion" is the explosion told for Sunday, not another day's
        if o.type == d.type and (o.type != "Strategic developments" or o.subtype == d.subtype):
            return o
        if generic and o.type in VIOLENT and d.type in VIOLENT and o.type != "Protests":
            return o
        if contest and o.type in FIGHTS and d.type in FIGHTS:
            return o  # "the fighting" after a mob's clash: the clash told before, whatever its coded type
    return None


FIGHTS = frozenset({"Battles", "Riots"})  # the types of a clash between two sides


def harmed_in_known(ctx: DocContext, d: Draft) -> Token | None:
    """The definite event noun a harm verb's clause tells its victims in ("two people were wounded in the
    fighting", "one man died during the clash": cues.yaml harm_verbs and toll_verbs), if any: "the" presents the
    happening as told before, the clause gives its toll."""
    verb = ctx.doc[d.anchor.token_i]
    if verb.pos_ != "VERB" or token_lemma(verb) not in (ctx.lex.cue("harm_verbs") | ctx.lex.cue("toll_verbs")):
        return None
    nouns = ctx.lex.cue("anaphor_nouns") | ctx.lex.cue("contest_nouns") | ctx.lex.trigger_lemmas
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            for tok in c.children:
                if tok.dep_ == "pobj" and definite_noun(tok) and token_lemma(tok) in nouns:
                    return tok
    return None


def told_as_known(ctx: DocContext, tok: Token) -> Token | None:
    """The word by which a verb mention tells a happening as one the reader already knows, if any: its object is a
    definite event noun ("since the army launched the offensive", "they carried out the attack": "the" presents
    the happening as told before), or the verb restricts a definite noun ("the area that was attacked", "the men
    who were arrested": a restrictive relative clause presupposes its happening, it does not report it)."""
    nouns = ctx.lex.cue("anaphor_nouns") | ctx.lex.cue("operation_nouns") | ctx.lex.trigger_lemmas
    for c in tok.children:
        if c.dep_ == "dobj" and definite_noun(c) and c.lower_ not in ("this", "that") and token_lemma(c) in nouns:
            return c
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.head.children):
        return tok
    return None


def added_to(ctx: DocContext, d: Draft) -> Token | None:
    """The definite event noun a draft's clause adds victims to ("two guards were also killed in the attack",
    cues.yaml additive_adverbs): its anchor verb takes an additive adverb and a definite event noun after "in" or
    "during". Its toll is more of that happening's, not another's."""
    verb = ctx.doc[d.anchor.token_i]
    if not any(c.dep_ == "advmod" and c.lower_ in ctx.lex.cue("additive_adverbs") for c in verb.children):
        return None
    nouns = ctx.lex.cue("anaphor_nouns") | ctx.lex.trigger_lemmas
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            for tok in c.children:
                if tok.dep_ == "pobj" and tok.tag_ == "NN" and definite_noun(tok) and token_lemma(tok) in nouns:
                    return tok
    return None


def own_place(ctx: DocContext, tok: Token) -> Place | None:
    """The place an event noun names itself ("the clashes in Zorzor", "the fighting around Zorzor"), if any."""
    return next((p.place for p in governed_by(ctx, "places", ctx.places).get(tok.i, ())
                 if p.place is not None and p.kind not in ("demonym", "embedded")), None)


def local_force_place(ctx: DocContext, d: Draft, tok: Token) -> Place | None:
    """The town of a local force that is the subject of a clause governing the event noun ("Police in Zorzor were
    investigating the death"): police act where they are posted, unlike a government or ministry, which speaks of
    events anywhere from its capital ("the government in Monrovia condemned the fighting")."""
    if d.where is None or d.where.feature != "place":
        return None
    forces = ctx.lex.cue("local_force_nouns")
    for si in d.sents:
        for p in by_sentence(ctx, "places", ctx.places).get(si, ()):
            if p.place != d.where or p.token_i < 0:
                continue
            place = ctx.doc[p.token_i]
            for v in tok.ancestors:
                for c in v.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and not is_ancestor(c, tok) and is_ancestor(c, place) \
                            and token_lemma(c) in forces:
                        return d.where
    return None


def place_told_for(ctx: DocContext, d: Draft, earlier: Place) -> bool:
    """Whether a reference back's place tells where the happening it refers to (told at `earlier`) was: its own
    ("the fighting in Zorzor"), or one its sentence tells in the same country ("the bomb went off near the village
    of X"). Not one borrowed from the sentence before, one in the subject of the clause that speaks of it (who
    speaks or acts: "the government in Monrovia condemned the fighting") when the earlier telling has a town,
    nor one in another country ("the fighting came as the prime minister was visiting Washington")."""
    if d.where is None or not place_told_in(ctx, d):
        return False
    tok = ctx.doc[d.anchor.token_i]
    if d.where == own_place(ctx, tok):
        return True
    if d.where.country != earlier.country:
        return False
    # with only a country known, a local source's town ("..., a police officer in Kirkuk said") is the best told
    local = earlier.feature == "country"
    told = [p for si in d.sents for p in by_sentence(ctx, "places", ctx.places).get(si, ()) if p.place == d.where]
    return not all(in_party(ctx, ctx.doc[p.token_i], tok, local) for p in told if p.token_i >= 0)


def in_party(ctx: DocContext, place: Token, tok: Token, local: bool = False) -> bool:
    """Whether a place word lies in the subject of a clause that governs the event noun `tok` (and not in the
    noun's own words): "The government in Monrovia condemned the fighting". `local`: the subject of a reporting
    verb (who tells of it) does not count."""
    for v in tok.ancestors:
        if local and token_lemma(v) in ctx.lex.reporting_verbs:
            continue
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass") and not is_ancestor(c, tok) and c.i != tok.i \
                    and (c.i == place.i or is_ancestor(c, place)):
                return True
    return False


def place_key(p: Place) -> object:
    """What tells two places apart: the GeoNames id, else (a place with none: an unresolved name, a county placed
    at its middle) its name, level and coordinates, so that two id-less places are not taken for one."""
    return p.geonameid if p.geonameid is not None else ("", (p.name or p.text).casefold(), p.feature, p.lat, p.lon)


def same_area(a: Place, b: Place) -> bool:
    """Whether two places may name where one happening was: the same place, or one is the country or the
    province the other lies in ("in Liberia" and "in Gbarnga"); two towns are two places."""
    if (a.geonameid is not None and a.geonameid == b.geonameid) or within(a, b):
        return True
    return a.country == b.country and ((a.feature == "admin1" and a.admin1 == b.admin1)
                                       or (b.feature == "admin1" and b.admin1 == a.admin1))


def beside_reference(ctx: DocContext, d: Draft) -> bool:
    """"a 12-kilogram bomb caused the blast": an undated mention sharing a clause with a reference back
    ("the blast") to an event of its type is about that event."""
    if d.when.start or d.counts:
        return False
    tok = ctx.doc[d.anchor.token_i]
    for m in _mentions_by_head(ctx).get(tok.head.i, ()):
        o = ctx.doc[m.token_i]
        if o.i != tok.i and m.type == d.type and definite_noun(o) \
                and o.tag_ != "NNS" and not dated_in_sentence(ctx, ctx.sent_of[o.i]):
            return True
    return False


def _mentions_by_head(ctx: DocContext) -> dict[int, list[Any]]:
    """The mentions under each head token, in order."""
    def make() -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = {}
        for m in ctx.mentions:
            out.setdefault(ctx.doc[m.token_i].head.i, []).append(m)
        return out
    return cached(ctx, "mentions_by_head", make)


def at_scene(ctx: DocContext, tok: Token) -> bool:
    """Whether an event noun names the happening whose scene is shown ("the scene of a bomb explosion")."""
    head = tok.head
    return (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i
            and token_lemma(head.head) in ctx.lex.cue("scene_nouns"))


OPPOSITE_GAINS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def same_happening(ctx: DocContext, a: Draft, b: Draft) -> bool:
    if answering(ctx, a, b) or answering(ctx, b, a):
        return False  # "protesters gathered after police shot a man": the killing came first, apart
    if told_there(ctx, a, b):
        return True
    # a protest told as peaceful in one sentence and as a riot, or with arrests, in the next is one happening
    # (the protest must be told first: an arrest told before a protest is usually what the protest is about)
    one = (a.type, a.subtype) != (b.type, b.subtype) and severity(ctx, a) is not None and one_protest(ctx, a, b) \
        and not (b.subtype == "Arrests" and named_arrestee(ctx, b)) and not later_by_a_period(ctx, b)
    # (a named leader taken is a crackdown's own event; "three days later" tells another day)
    means = a.type != b.type and not one and by_its_means(ctx, a, b)
    if a.type != b.type and not one and not means and not fight_told_again(ctx, a, b):
        return False
    if a.type in ("Strategic developments",) and a.subtype != b.subtype and not one:
        return False
    if {a.subtype, b.subtype} == OPPOSITE_GAINS:
        return False  # the state retaking ground and an armed group seizing it are two happenings, not one
    if a.sents.isdisjoint(b.sents) and in_series(ctx, b):
        return False  # "In another attack, ...": the sentence says it is a further happening
    if one and (severity(ctx, a) is None or severity(ctx, b) is None) \
            and min(abs(x - y) for x in a.sents for y in b.sents) > 1:
        return False  # an arrest or a shooting is part of a protest only when told right beside it
    if told_again(ctx, a, b):
        return True
    gap = min(abs(x - y) for x in a.sents for y in b.sents)
    # a bare mention (no date, no place, no figure) two sentences on still tells the same happening
    near = gap <= 1 or (gap <= 2 and not b.when.start and b.where is None and not b.counts
                        and ctx.para_of[min(a.sents)] == ctx.para_of[min(b.sents)])
    lead = country_then_town(ctx, a, b)
    near = near or lead
    ka, kb = a.counts.get("killed"), b.counts.get("killed")
    # the same toll on the same day: told again ("five were killed on Sunday ... in all, five were killed")
    twin = (ka is not None and kb is not None and (ka.low, ka.best) == (kb.low, kb.best)
            and a.when.precision == "day" and a.when.start == b.when.start and not contrasted(ctx, b))
    if a.where is not None and b.where is not None and not borrowed_from(ctx, b, a):
        if place_key(a.where) != place_key(b.where) and not (twin and within(a.where, b.where)) and not lead:
            return False
    elif not near and not twin:
        return False
    if a.when.start and b.when.start:
        if a.when.start > (b.when.end or b.when.start) or b.when.start > (a.when.end or a.when.start):
            return False
    elif not near and not (a.where is not None and b.where is not None and a.where.feature == "place"
                           and (a.when.start or (not b.when.start and told_in_lead(ctx, a)))
                           and not contrasted(ctx, b)):
        # an undated mention at the very town of a dated event of its type is told about that event; so is one
        # at the town of the undated happening the lead tells (the story's body goes through its lead's happening)
        return False
    for f in ("killed",):
        ca, cb = a.counts.get(f), b.counts.get(f)
        if ca and cb and not (tolls_overlap(ca, cb) if means else tolls_agree(ca, cb)):
            return False
    return True


def answering(ctx: DocContext, crowd: Draft, violence: Draft) -> bool:
    """Whether a protest or riot draft is the crowd that answered the violence another draft tells in its "after"
    clause (common.answered)."""
    heads = {m.token_i for m in crowd.members}
    return any(c is not None and c.head.i in heads for c in (answered(ctx, m) for m in violence.members))


def fight_told_again(ctx: DocContext, a: Draft, b: Draft) -> bool:
    """"Two groups of villagers clashed at the market on Tuesday night. The clashes went on for two hours.": a
    contest noun (cues.yaml contest_nouns) told right after a clash, in the same sentence or the next, is that
    clash told again, whether the clash was coded as a battle or as a mob's fight (Battles or Riots: the noun
    alone reads as an armed clash). Not when told as another ("another clash", "a second fight")."""
    if a.type not in FIGHTS or b.type not in FIGHTS or contrasted(ctx, b) or in_series(ctx, b):
        return False
    tok = ctx.doc[b.anchor.token_i]
    if tok.pos_ not in ("NOUN", "PROPN") or token_lemma(tok) not in ctx.lex.cue("contest_nouns"):
        return False
    return min(abs(x - y) for x in a.sents for y in b.sents) <= 1


def by_its_means(ctx: DocContext, a: Draft, b: Draft) -> bool:
    """"A suicide bomber blew himself up at a market in X on Tuesday ... More than 40 people were killed in X on
    Tuesday": a killing and a happening whose means decides the type of both tellings (typing/method.py: a suicide
    bombing's victims are no attack of their own) may be one happening, told at one place on one day (checked as
    for any two tellings, same_happening), when the tolls can both hold (sources differ: "at least 50", "more than
    40") and the sentence does not tell it as another happening."""
    if by_means((a.type, a.subtype), (b.type, b.subtype)) is None \
            and by_means((b.type, b.subtype), (a.type, a.subtype)) is None:
        return False
    return not (contrasted(ctx, b) or in_series(ctx, b))


def tolls_overlap(a: Count, b: Count) -> bool:
    """Whether two tolls can be true together: their bounds overlap ("at least 50" and "more than 40" both hold
    of 55 dead; "20" and "4" never)."""
    lo_a, lo_b = a.low if a.low is not None else a.best, b.low if b.low is not None else b.best
    hi_a = a.high if a.high is not None else (a.best if a.low is None else None)
    hi_b = b.high if b.high is not None else (b.best if b.low is None else None)
    if lo_a is None or lo_b is None:
        return True
    return (hi_a is None or lo_b <= hi_a) and (hi_b is None or lo_a <= hi_b)


def tolls_agree(a: Count, b: Count) -> bool:
    """Whether two tolls may be one toll told twice: the same figure, or a vague one ("dozens") whose range holds
    the other's number ("more than 40")."""
    if (a.best, a.low) == (b.best, b.low):
        return True
    vague, exact = (a, b) if a.best is None else (b, a) if b.best is None else (None, None)
    if vague is None or exact is None or exact.best is None or vague.low is None:
        return False
    return vague.low <= exact.best and (vague.high is None or exact.best <= vague.high)


def borrowed_from(ctx: DocContext, b: Draft, a: Draft) -> bool:
    """"Protesters rallied outside a store in Dover (Kent, Delaware) on Friday. The protest lasted all afternoon.":
    a place a mention's own sentences do not name, taken from the sentence of the telling right before it, says
    nothing of where it happened apart from that telling (the two resolved the sentence's places differently)."""
    if b.where is None or place_told_in(ctx, b) or min(abs(x - y) for x in a.sents for y in b.sents) > 1:
        return False
    return named_in(ctx, b.where, a.sents)


def told_in_lead(ctx: DocContext, d: Draft) -> bool:
    """Whether an event is told in the story's lead (its first paragraph that tells an event, when.lead_sentences)."""
    return min(d.sents) in lead_sentences(ctx)


def country_then_town(ctx: DocContext, a: Draft, b: Draft) -> bool:
    """"Fighting raged in Sudan on Saturday. Rebels attacked army positions in El Fasher ...": a happening told
    at the level of a country it names, then in the next sentence (or the one after an aside, in the same
    paragraph) at a town of that country, in its family, is one happening at the town. Not when the
    country-level telling carries a toll of its own: then it may sum up several reports."""
    if a.where is None or b.where is None or a.where.feature != "country" or b.where.feature == "country":
        return False
    gap = min(b.sents) - max(a.sents)  # the next sentence, or the one after an aside, in the same paragraph
    if b.where.country != a.where.country or not (gap == 1 or (gap == 2 and ctx.para_of[min(b.sents)]
                                                                == ctx.para_of[max(a.sents)])):
        return False
    if family(a) != family(b):
        return False
    return not any(k in a.counts for k in ("killed", "injured")) and place_told_in(ctx, a)


def told_there(ctx: DocContext, a: Draft, b: Draft) -> bool:
    """"Heavy fighting broke out in the east of X on Sunday, killing six. The clashes centred on the airport of Y":
    news writing tells a happening first at the level of a country (or province) and then, in the next sentence
    (or the one after an aside, in the same paragraph), where in it it happened; the later sentence refers back
    to it ("the clashes", "the protesters were shot"), so it is one happening at the town, with the earlier
    telling's toll. The later telling refers back when its word is a definite event noun ("the clashes", "the
    attack") or its subject a definite crowd or victim noun (cues.yaml force_crowd, force_people: "the
    protesters", "the men"); both are political violence or a crowd's (a protest whose protesters are shot is one
    happening, ACLED: excessive force against protesters). Kept apart: a telling as another one ("another
    clash", "in a second attack"), one dated another day, one with a toll the earlier toll does not agree with or
    naming a second town (then the country-level telling may sum up several happenings, the town's a part), a
    town in another country or province."""
    if a.where is None or b.where is None or b.where.feature == "country" or a.where.feature == "place":
        return False
    if b.where.country != a.where.country or (a.where.feature == "admin1" and (
            b.where.feature != "place" or b.where.admin1 != a.where.admin1)):
        return False
    if a.type not in VIOLENT or b.type not in VIOLENT:
        return False
    gap = min(b.sents) - max(a.sents)
    if not (gap == 1 or (gap == 2 and ctx.para_of[min(b.sents)] == ctx.para_of[max(a.sents)])):
        return False
    if contrasted(ctx, b) or in_series(ctx, b) or later_by_a_period(ctx, b):
        return False
    if b.when.start is not None and any(dated_in_sentence(ctx, si) for si in b.sents) and not (
            a.when.start is not None and a.when.start <= (b.when.end or b.when.start)
            and b.when.start <= (a.when.end or a.when.start)):
        return False  # dated another day (or dated while the country-level telling is not)
    ka, kb = a.counts.get("killed"), b.counts.get("killed")
    if ka is not None and kb is not None and not tolls_agree(ka, kb):
        return False  # a different toll: the country's may sum up the town's and others
    towns = {place_key(p.place) for si in b.sents for p in by_sentence(ctx, "places", ctx.places).get(si, ())
             if getattr(p, "place", None) is not None and p.kind not in ("demonym",)
             and p.place.feature != "country" and p.place.country == a.where.country}
    if towns != {place_key(b.where)}:
        return False  # its place is not named in its sentence, or two towns are: the country's telling may sum up both
    return refers_back(ctx, b)


def refers_back(ctx: DocContext, d: Draft) -> bool:
    """Whether a mention presents its happening as one told before: its word is an event noun with "the" or a
    possessive ("the clashes", "the attack"), or the subject of its verb is a crowd or victim noun with "the"
    ("the protesters were shot", "the men were killed"); not "another"/"a second" (contrasted)."""
    tok = ctx.doc[d.anchor.token_i]
    events = ctx.lex.cue("anaphor_nouns") | ctx.lex.cue("contest_nouns") | ctx.lex.trigger_lemmas
    people = ctx.lex.cue("force_crowd") | ctx.lex.cue("force_people")

    def definite(t: Token) -> bool:
        return t.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "their", "his", "her") for c in t.children)

    if tok.pos_ in ("NOUN", "PROPN"):
        return definite(tok) and token_lemma(tok) in events
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass") and definite(c) and (
                c.lower_ in people or token_lemma(c) in people or token_lemma(c) in events):
            return True
    return False


def told_again(ctx: DocContext, a: Draft, b: Draft) -> bool:
    """Whether b's sentence repeats, word for word, the sentence of a's mention of the same kind (web pages repeat
    a photo caption or a standfirst in the body): one telling twice, not two happenings."""
    if (a.type, a.subtype) != (b.type, b.subtype):
        return False
    tb = ctx.doc[b.anchor.token_i]
    text = ctx.sents[ctx.sent_of[tb.i]].text.strip()
    return len(text) > 40 and any(ctx.sents[ctx.sent_of[m.token_i]].text.strip() == text and m.lemma == b.anchor.lemma
                                  for m in a.members if ctx.sent_of[m.token_i] != ctx.sent_of[tb.i])


def detail_sources(ctx: DocContext, a: Draft, b: Draft) -> None:
    """Who tells a detail of a happening ("..., police and witnesses said"), when its kind is known, is among its
    sources; when the happening's own telling names nobody, the outlet tells it, and stays first: a party quoted
    on a detail does not make the whole happening that party's claim."""
    extra = [s for s in b.sources if s not in a.sources and s.kind not in ("reporter", "unknown")]
    if not extra:
        return
    if not a.sources:
        a.sources.append(Source(text="", name=ctx.article.source, kind="reporter"))
    a.sources.extend(extra)


def absorb(ctx: DocContext, a: Draft, b: Draft, sources: bool = True) -> None:
    """Draft `a` takes in what `b` tells."""
    a.members += b.members
    a.sents |= b.sents
    if b.where is not None and (a.where is None or place_rank(b.where) < place_rank(a.where) or (
            a.where.feature == "country" and b.where.feature != "country" and b.where.country == a.where.country)):
        a.where = b.where  # (a province of the country, told as precisely, still says more: "Donetsk")
    if PRECISION_RANK.get(b.when.precision, 5) < PRECISION_RANK.get(a.when.precision, 5):
        a.when = b.when
    for k, v in b.counts.items():
        have = a.counts.get(k)
        if have is not None and have.best is None and v.best is not None and tolls_agree(have, v):
            a.counts[k] = v  # a number beats a vague word for one toll ("dozens", then "more than 40")
        else:
            a.counts.setdefault(k, v)
    a.actor1 = a.actor1 or b.actor1
    # a party never fights itself: the other telling's victim is not the side this one already names
    if a.actor2 is None and b.actor2 is not None and not (a.actor1 is not None and a.actor1.name == b.actor2.name):
        a.actor2 = b.actor2
    for s in (b.sources if sources else ()):
        if s not in a.sources:
            a.sources.append(s)
    ra, rb = protest_reading(ctx, a), protest_reading(ctx, b)
    if one_protest(ctx, a, b) and ra is not None and rb is not None and (severity(ctx, a) is None or rb[0] > ra[0]):
        # one protest: the gravest reading told of it decides its sub-type (ACLED: violent protesters make
        # a riot whatever the police did; lethal force outranks a dispersal; arrests make an intervention)
        best = max(ra, rb)
        a.type, a.subtype = best[1], best[2]
        a.plover = b.plover if best is rb and severity(ctx, b) is not None else type_plover(a.type, a.plover)
    means = by_means((a.type, a.subtype), (b.type, b.subtype))  # "killed in an attack" + "a suicide bomber blew ..."
    if means is not None:
        a.type, a.subtype, a.plover = means[0], means[1], b.plover
