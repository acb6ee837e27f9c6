"""The where stage: the place each draft happened at."""
from __future__ import annotations

from spacy.tokens import Token

from sitrep.records import Place
from sitrep.tree import is_ancestor, self_and_heads, token_lemma

from .common import event_places, grievance_of, in_dateline, mention_plover, offset_clause, place_at, place_told_in_sentence
from .context import DocContext, Draft, by_sentence
from .context_place import context_place


def place_of(ctx: DocContext, d: Draft) -> Place | None:
    """Where the draft happened: a special reading, else the general rule for the anchor then each member,
    corrected for places of another clause, a town named beside its province, and a facility named before."""
    from sitrep.resolve.event_place import event_place

    tok = ctx.doc[d.anchor.token_i]
    grievance = grievance_of(ctx, tok.i)
    if grievance is not None:  # "protesting against air strikes on X": only its own words place what a protest is against
        own = [p for p in event_places(ctx) if p.token_i in grievance]
        if own:
            return event_place(ctx.doc, own, tok.i, hint=ctx.hint)
        if not any(dm.token_i in grievance for dm in ctx.dates):
            return None  # told again from elsewhere in the story, where its place is; a dated one is placed as usual
    where = special_place(ctx, tok)
    if where is None:
        for m in [d.anchor] + [x for x in d.members if x is not d.anchor]:
            got = event_place(ctx.doc, event_places(ctx), m.token_i, hint=ctx.hint)
            if where is None:
                where = got
            elif got is not None and _inside(got, where):
                where = got  # a member names a part of the anchor's place: the most specific words win

    if where is not None and place_in_other_clause(ctx, tok, where):
        where = None  # "X came two days after bombs hit Giza": Giza is where the earlier one happened
    if where is not None and where.feature == "admin1":
        where = town_named_with(ctx, where) or where
    if not place_told_in_sentence(ctx, tok):
        where = facility_place(ctx, tok) or where
        if where is None:  # the sentence names no place: the one it refers back to, its paragraph's, the next's
            where = context_place(ctx, tok, frozenset(m.token_i for m in d.members))
    return where


def _inside(q: Place, p: Place) -> bool:
    """Whether place q lies inside p and says more: a part of the same town ("the capital's Qaboun district" of
    Damascus), a town of the province, a province or town of the country."""
    if q.geonameid is not None and q.geonameid == p.geonameid:
        if q.strategy == "unresolved-in" and p.strategy != "unresolved-in" and (q.text or "") != (p.text or ""):
            return True  # a name no gazetteer row holds, placed in p ("targeting the village of X" after "in Y")
        return q.feature == "place" and len(q.text or "") > len(p.text or "") and (q.precision or 1) <= (p.precision or 1)
    if p.feature == "admin1":
        return q.feature == "place" and q.admin1 == p.name and q.country == p.country
    if p.feature == "country":
        return q.feature in ("place", "admin1") and q.country == p.country
    return False


def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "where"."""
    for d in drafts:
        d.where = place_of(ctx, d)
    return drafts


def special_place(ctx: DocContext, tok: Token) -> Place | None:
    """Places the general rule misses: "withdrew from X", "X, the site of a massacre", "an uprising there"."""
    from sitrep.resolve.event_place import event_place

    if mention_plover(ctx, tok) == "RETREAT":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "out"):
                for g in c.children:
                    if g.dep_ == "pobj" and place_at(ctx, g):
                        return place_at(ctx, g)
    for node in self_and_heads(tok, 4):  # "Hama, the site of a crackdown": the apposition names where it happened
        # (not a dateline's city, which a parse may take for the head of the lead's first noun)
        if node.dep_ == "appos" and place_at(ctx, node.head) and not in_dateline(ctx, node.head.idx):
            return place_at(ctx, node.head)
    verb = tok if tok.pos_ == "VERB" else tok.head
    near = [t for c in list(verb.children) for t in [c] + list(c.children)] + list(tok.children)
    if any(t.lower_ == "there" and t.dep_ == "advmod" for t in near):
        si = ctx.sent_of[tok.i]
        if si > 0 and ctx.para_of[si - 1] == ctx.para_of[si]:
            return event_place(ctx.doc, list(ctx.places), ctx.sents[si - 1].root.i)
    return None


def place_in_other_clause(ctx: DocContext, tok: Token, place: Place) -> bool:
    """Whether the place is named only inside an "N units after/before ..." clause that the trigger is not in."""
    si = ctx.sent_of[tok.i]
    toks = [ctx.doc[p.token_i] for p in by_sentence(ctx, "places", ctx.places).get(si, ())
            if getattr(p, "place", None) is not None and p.place.geonameid == place.geonameid]
    if not toks:
        return False
    for t in toks:
        off = offset_clause(t, depth=12)
        if off is None or off[3].i == tok.i or is_ancestor(off[3], tok):
            return False
    return True


def town_named_with(ctx: DocContext, broad: Place) -> Place | None:
    """"in Aschaffenburg, in north-western Bavaria": the town named right beside its province or country."""
    at = [p for p in ctx.places if getattr(p, "place", None) is not None and p.token_i >= 0
          and p.place.geonameid == broad.geonameid]
    told_in = by_sentence(ctx, "places", ctx.places)
    for b in at:
        for p in told_in.get(ctx.sent_of.get(b.token_i), ()):  # only a place of b's sentence can be beside it
            q = getattr(p, "place", None)
            if (q is None or q.feature != "place" or p.token_i < 0 or not 0 < b.token_i - p.token_i <= 7
                    or ctx.sent_of.get(p.token_i) != ctx.sent_of.get(b.token_i)):
                continue
            between = ctx.doc[p.token_i + 1:b.token_i]
            if q.admin1 == broad.name and all(t.pos_ not in ("PROPN", "VERB", "NUM") for t in between):
                return q
    return None


def facility_place(ctx: DocContext, tok: Token) -> Place | None:
    """"gathered outside the cathedral": where the cathedral was placed when first named."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    facilities = ctx.lex.cue("facility_nouns")
    nouns = [g for c in verb.children if c.dep_ in ("prep", "advmod") for g in c.children
             if g.dep_ == "pobj" and token_lemma(g) in facilities and any(x.lower_ == "the" for x in g.children)]
    for n in nouns:
        key = token_lemma(n)
        for t in ctx.doc[: ctx.sents[ctx.sent_of[tok.i]].start]:
            if t.lower_ != key or not t.text[:1].isupper():
                continue  # the facility's name ("St. Mark's Cathedral"), not another cathedral in passing
            sj = ctx.sent_of[t.i]
            near = [p for p in ctx.places if getattr(p, "place", None) is not None and p.token_i >= 0
                    and ctx.sent_of.get(p.token_i) == sj and getattr(p, "kind", "") not in ("demonym", "embedded")
                    and p.place.feature == "place"]
            if near:
                return min(near, key=lambda p: abs(p.token_i - t.i)).place
    return None


def article_town_run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """Stage "article_town" (after fold): an event that neither its own sentences nor the ones around it place
    ("The officer was arrested Friday and charged.") happened, as far as the report says, in the town the report
    is about; it gets that town, marked `strategy = "article-town"` so users can filter it."""
    town = article_town(drafts)
    if town is not None:
        for d in drafts:
            if d.where is None:
                d.where = town
        return drafts
    from sitrep.resolve.event_place import event_country

    for d in drafts:  # no town in the whole report: the country the event's own sentence names, if any
        if d.where is None:
            d.where = event_country(ctx.doc, event_places(ctx), d.anchor.token_i)
    return drafts


def article_town(drafts: list[Draft]) -> Place | None:
    """The town a report is about: the town of its first event placed at a town (a report opens on its main
    happening), or None when no event is placed at a town."""
    towns = [d for d in drafts if d.where is not None and d.where.feature == "place" and d.where.geonameid is not None
             and d.sents]
    if not towns:
        return None
    first = min(towns, key=lambda d: min(d.sents)).where
    assert first is not None
    return first.replace(text=first.name, precision=1, strategy="article-town")
