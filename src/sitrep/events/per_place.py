"""The per_place stage: one event per place when one sentence tells the same kind of happening at several.

"Thousands protested in Mombasa and Eldoret on Monday" tells two protests: ACLED codes an event at one location
(its unit is a happening at a place on a day), so a telling whose place is coordinated with other places of the
same sentence ("in A and B", "in A, B and C", "across A and B") becomes one draft per place, each with the same
type, date, parties, sources and evidence. A figure told for them together ("thousands") stays on the first
place's event only: copying it would count it once per place. Not for places that bound one stretch ("between
A and B", "from A to B": a road, a front line) or a place that is a country where the event's place is inside
it ("in Eldoret and across Kenya" keeps Eldoret). Runs before merge, so a later sentence telling one of the
places' happening again ("In Eldoret, police fired tear gas") joins that place's event.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from sitrep.records import Place
from sitrep.tree import governing_verb, is_ancestor

from .common import event_places
from .context import DocContext, Draft


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "per_place"."""
    out: list[Draft] = []
    for d in drafts:
        out.append(d)
        for place in conjoined_places(ctx, d):
            out.append(replace(d, where=place, counts={}, members=list(d.members), sents=set(d.sents),
                               sources=list(d.sources), part=place_part(place)))
    return out


def place_part(place: Place) -> str:
    """What tells a split event from its siblings in its id: the place's GeoNames id, else its words."""
    return str(place.geonameid) if place.geonameid is not None else (place.text or place.name or "")


def conjoined_places(ctx: DocContext, d: Draft) -> list[Place]:
    """The other places coordinated with the place the draft was given, in the order told (none when the
    draft's place was not told by one of its sentences' place names, or the coordination bounds a stretch)."""
    w = d.where
    if w is None or w.feature not in ("place", "admin1") or w.strategy not in ("exact", "alternate", "beside"):
        return []
    mentions = [m for m in event_places(ctx) if m.sent_i in d.sents and m.place is not None]
    own = next((m for m in mentions if m.place.geonameid == w.geonameid and m.text == w.text), None)
    if own is None or not (0 <= own.token_i < len(ctx.doc)):
        return []
    name = ctx.doc[own.token_i]
    chain = coordination(named_noun(name))
    if len(chain) < 2:  # the parse may hang "and the town of B" on the name A itself
        chain = coordination(name)
    if len(chain) < 2 or bounding(chain[0]) or not attached(ctx, d, chain[0]):
        return []
    by_token = {m.token_i: m for m in mentions}
    out, seen = [], {w.geonameid}
    for t in chain:
        m = by_token.get(t.i) or next((by_token[n.i] for n in names_of(t) if n.i in by_token), None)
        if m is None or m is own:
            continue
        p = m.place
        if p.feature not in ("place", "admin1") or p.geonameid in seen or contains(p, w) or contains(w, p):
            continue  # "in Juneau, Alaska": the province tells where the town lies, not a second place
        seen.add(p.geonameid)
        out.append(p.replace(text=m.text))
    return out


def attached(ctx: DocContext, d: Draft, root: Token) -> bool:
    """Whether the coordinated places lie under the telling itself (a member word or its clause's verb), not on
    another noun of the sentence ("governors in A and B activated troops after protests there turned violent":
    the governors' states, not places the protests were told at)."""
    doc = ctx.doc
    heads = [doc[m.token_i] for m in d.members] + [governing_verb(doc[d.anchor.token_i], 6)]
    return any(is_ancestor(h, root) for h in heads)


def named_noun(name: Token) -> Token:
    """The noun a place name is "of" ("the town of A"), which is what another "the village of B" is coordinated
    with ("in the town of A and the nearby village of B"); else the name itself."""
    head = name.head
    if name.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i != head.i:
        return head.head
    return name


def names_of(noun: Token) -> list[Token]:
    """The names a coordinated noun is "of" ("the nearby village of B" gives B)."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def contains(a: Place, b: Place) -> bool:
    """Whether province a is the one town b lies in."""
    return a.feature == "admin1" and b.feature == "place" and b.country == a.country and b.admin1 == a.name


def coordination(head: Token) -> list[Token]:
    """The heads of a coordination the token is part of ("Mombasa, Eldoret and Kisumu"), first one first."""
    root = head
    for _ in range(8):
        if root.dep_ != "conj" or root.head.i == root.i:
            break
        root = root.head
    out, todo = [], [root]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def bounding(first: Token) -> bool:
    """Whether the coordination names the ends of one stretch: the object of "between" ("clashes between A and
    B"), or a "from A to B" pair; or examples of a larger set ("including A and B", "such as A and B")."""
    node = first
    for _ in range(3):  # "between the port cities of A and B": through "of" to the preposition that rules
        if node.dep_ != "pobj":
            return False
        head = node.head
        if head.lower_ in ("including", "like", "as") or head.head.lower_ in ("including", "like", "as"):
            return True  # "in a dozen cities, including (near) A and B": examples of a larger set, told as one
        if head.lower_ in ("between", "from", "to"):
            return True
        if head.lower_ != "of" or head.head.pos_ not in ("NOUN", "PROPN"):
            return False
        node = head.head
    return False
