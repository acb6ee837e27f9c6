"""The fold stage: a mention told with neither a place nor a date of its own is not a happening of its own.

After merging, a draft that still has no place (not even a country) and no date told in its own sentences is
either a detail of a happening the article tells nearby ("He killed young men.", "Several were shot dead.",
"Fires were set throughout downtown.") or no happening at all: a quote, a generality, an aside
("When it comes to being attacked, ..."). The first joins the nearest event of its family told a few sentences
away as evidence (it adds no figure or party: the merge stage already joined what elaborates an event); the
second is dropped. An event record is a happening at a place and a time: with neither, it cannot be mapped,
counted or matched to another report of it.
"""
from __future__ import annotations

from sitrep.records import When
from sitrep.tree import is_ancestor

from .common import VIOLENT, contrasted, dated_in_sentence, in_series
from .context import DocContext, Draft, by_sentence
from .merge import FAMILY_SPAN, OPPOSITE_GAINS, family, place_key
from .when import lead_when


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "fold"."""
    if all(bare(ctx, d) for d in drafts):
        return drafts  # a note or a snippet that places and dates nothing: its mentions are all it tells
    # "In another attack, ...", a part of "a series of attacks", a sequel ("later", "after shooting him"): told as
    # a further happening (merge.elaborated leaves these apart too), it stays one, place or not
    further = {id(d) for d in drafts if in_series(ctx, d) or contrasted(ctx, d)
               or d.when.strategy in ("linked", "announced")}
    placed = [d for d in drafts if d.where is not None or id(d) in further]
    kept = {id(d) for d in placed}
    # dated, but no place: the same day's event of its family told beside it is where it happened
    hosts = [o for o in placed if o.where is not None]
    for d in drafts:
        if id(d) not in kept and not bare(ctx, d):
            host = nearest(d, [o for o in hosts if same_day(o, d)]) or riot_of_the_day(d, hosts) \
                or scene_of(ctx, d, hosts) or only_one_that_day(d, hosts)
            if host is not None:
                join(host, d)
                continue
            # a place is told before what refers to it: an event told later, on another day, is no antecedent
            near = nearest(d, [o for o in hosts if o.where is not None and o.where.feature != "country"
                               and min(o.sents) < min(d.sents)])
            if near is not None:
                d.where = near.where
            kept.add(id(d))
    out = [d for d in drafts if id(d) in kept]
    for d in drafts:
        if id(d) not in kept and bare(ctx, d):
            host = nearest(d, out)
            if host is not None:
                join(host, d)
    # only a country: a detail of the event of its family told beside it in that country, when it has no date of
    # its own or the same day ("gunmen stormed a college in northern X on Thursday ..." then the town's telling)
    for d in out:
        # (ground changing hands is a happening of its own: merge.OPPOSITE_GAINS)
        if id(d) in kept and d.where is not None and d.where.feature == "country" and id(d) not in further \
                and d.subtype not in OPPOSITE_GAINS:
            loose = undated(ctx, d)
            host = nearest(d, [o for o in out if o is not d and id(o) in kept and o.where is not None
                               and o.where.feature != "country" and o.where.country == d.where.country
                               and (loose or told_again_there(ctx, o, d))])
            if host is not None and host.when.start is None and d.when.start is not None:
                join(d, host)  # the dated telling keeps its day and takes the town
                d.where = host.where
                kept.discard(id(host))
            elif host is not None:
                join(host, d)
                kept.discard(id(d))
    # damage told at the place and on the day of a riot or an attack beside it is that happening's damage
    for d in out:
        if id(d) in kept and id(d) not in further:
            host = scene_of(ctx, d, [o for o in out if id(o) in kept])
            if host is not None:
                join(host, d)
                kept.discard(id(d))
    return [d for d in drafts if id(d) in kept and not placeless_history(ctx, d)]


def told_again_there(ctx: DocContext, o: Draft, d: Draft) -> bool:
    """Whether a town's telling `o` is the same kind of happening (type and sub-type) as `d`, dated and told at
    the level of the country, on its day: dated that day, or still undated while `d` is dated on the day the
    story's lead tells ("Gunmen stormed a college in northern X on Thursday ..." then, with no date of its own,
    "... students were evacuated from the campus in Y": the town's telling would take the lead's day)."""
    if (o.type, o.subtype) != (d.type, d.subtype):
        return False  # "police killed 7 across the country" beside a peaceful march in one town: two happenings
    if same_day(o, d):
        # a toll told for the whole country may sum up several reports (merge.country_then_town), the town's
        # among them: "police killed 7 across the country on Friday ... in X, they fired on a march on Friday"
        return not any(k in d.counts for k in ("killed", "injured"))
    if o.when.start is not None or o.when.precision != "unknown":
        return False
    lead = lead_when(ctx)
    return lead is not None and overlap(lead, d.when)


def scene_of(ctx: DocContext, d: Draft, told: list[Draft]) -> Draft | None:
    """The riot, protest or violent event told within FAMILY_SPAN sentences at the very place of a looting or
    property destruction (at its own place, if it has none), on an overlapping day (or both undated), if any, the
    nearest one. ACLED codes looting and property destruction as an event of its own only when it is no part of a
    larger happening: "fires were set downtown" beside a riot there that day is the riot's damage, "gunmen seized
    the hotel" the attack's."""
    if d.subtype != "Looting/property destruction" or (d.where is not None and d.where.feature == "country"):
        return None
    # ("shops were looted after fighting there": the damage is what its sentence tells, `inside`)
    return closest(d, [o for o in told if o is not d and o.type in VIOLENT and o.where is not None
                       and (d.where is None or place_key(o.where) == place_key(d.where))
                       and (same_day(o, d) or (o.when.start is None and d.when.start is None))
                       and not inside(ctx, o, d)])


def placeless_history(ctx: DocContext, d: Draft) -> bool:
    """"It was the worst violence there since a feud in 1982": background told with only a past year and no
    place below a country. Historical events are kept (DESIGN.md), but one with neither a town nor a day cannot
    be mapped or matched to any other report of it; a story's background is no happening it reports."""
    if d.where is not None and d.where.feature != "country":
        return False
    if d.when.precision != "year" or not d.when.start or ctx.published is None:
        return False
    return int(d.when.start[:4]) < ctx.published.year


def riot_of_the_day(d: Draft, hosts: list[Draft]) -> Draft | None:
    """"Protesters smashed windows in X on Sunday. ... Sunday's arrests followed earlier, peaceful protests.": a
    protest told with no place, on the day the story tells a riot at one place, is the protest that turned into
    that riot (or went on beside it): the riot's, if the story tells that day's riots at one place only."""
    if d.type != "Protests":
        return None
    riots = [o for o in hosts if o.type == "Riots" and o.where is not None and o.where.feature != "country"
             and same_day(o, d)]
    if len({o.where.geonameid for o in riots if o.where is not None}) != 1:
        return None
    return min(riots, key=lambda o: min(abs(x - y) for x in o.sents for y in d.sents))


def only_one_that_day(d: Draft, hosts: list[Draft]) -> Draft | None:
    """"A suicide bomber struck a bus in X on Monday ... (ten paragraphs on) Footage from the scene on Monday
    showed the blast had torn the bus apart": a happening told with a day but no place, when the story tells
    that day's happenings of its type at one town only, is that town's happening, however far apart the two
    tellings are (the nearest, if the town has several). Of its type, not only of its family: a killing and a
    clash told the same day far apart are often two happenings."""
    if d.when.precision != "day":
        return None
    same = [o for o in hosts if o.type == d.type and family(o) == family(d) and o.when.precision == "day"
            and same_day(o, d) and o.where is not None and o.where.feature != "country"]
    if len({place_key(o.where) for o in same if o.where is not None}) != 1:
        return None
    return min(same, key=lambda o: (min(abs(x - y) for x in o.sents for y in d.sents), min(o.sents)))


def join(host: Draft, d: Draft) -> None:
    """The host event takes the mention as evidence (no figure or party: see the module's note)."""
    host.members += [m for m in d.members if m not in host.members]
    host.sents |= d.sents


def same_day(a: Draft, b: Draft) -> bool:
    """Whether two dated drafts' times overlap."""
    return overlap(a.when, b.when)


def overlap(a: When, b: When) -> bool:
    """Whether two dated times overlap."""
    if not a.start or not b.start:
        return False
    return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)


def undated(ctx: DocContext, d: Draft) -> bool:
    """Whether a draft has no date of its own: none, or none told in its own sentences. Without a publication
    date "on Wednesday" places nothing on the calendar, but the sentence still tells a day of its own."""
    if ctx.published is None:
        dates = by_sentence(ctx, "dates", ctx.dates)
        return not any(dm.when is not None and dm.when.text for si in d.sents for dm in dates.get(si, ()))
    return d.when.start is None or not any(dated_in_sentence(ctx, si) for si in d.sents)


def bare(ctx: DocContext, d: Draft) -> bool:
    """Whether a draft has no place at all and no date of its own: none, or none told in its own sentences
    ("the worst violence since a feud in 1982": the year dates the feud, not the violence)."""
    return d.where is None and undated(ctx, d)


def nearest(d: Draft, told: list[Draft]) -> Draft | None:
    """The event of the draft's family told nearest to it, at most FAMILY_SPAN sentences away (before or
    after; the earlier one on a tie), if any."""
    return closest(d, [o for o in told if family(o) == family(d)])


def closest(d: Draft, told: list[Draft]) -> Draft | None:
    """Of `told`, the draft told nearest to `d`, at most FAMILY_SPAN sentences away (the earlier on a tie)."""
    best: tuple[int, int] | None = None
    host = None
    for o in told:
        gap = min(abs(x - y) for x in o.sents for y in d.sents)
        key = (gap, min(o.sents) > min(d.sents))
        if gap <= FAMILY_SPAN and (best is None or key < best):
            best, host = key, o
    return host


def inside(ctx: DocContext, o: Draft, d: Draft) -> bool:
    """Whether every mention of `o` lies in the clause of `d`'s word (its cause, its setting: "looted after
    fighting", "destroyed in an attack"): `d` is the happening its sentence tells, `o` a part of its telling."""
    tok = ctx.doc[d.anchor.token_i]
    return all(is_ancestor(tok, ctx.doc[m.token_i]) for m in o.members)
