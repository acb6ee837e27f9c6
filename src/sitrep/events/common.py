"""Constants and small helpers the event stages share (all take the document context explicitly)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.numbers import parse_count
from sitrep.records import Place
from sitrep.resolve.dateline import in_spans
from sitrep.resolve.dates import duration
from sitrep.taxonomy import load_taxonomy
from sitrep.tree import governing_verb, self_and_heads, subject_of, token_lemma

from .context import DocContext, Draft, by_sentence, by_token, cached

PRECISION_RANK = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}
COUNT_FOR = {"killed": "killed", "dead": "killed", "injured": "injured", "wounded": "injured",
             "arrested": "arrested", "detained": "arrested", "participants": "participants", "released": "released"}
VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
# political violence: the types whose actor1 is an armed party (one family of happenings, merge.family)
POLITICAL_VIOLENCE = VIOLENT - {"Riots", "Protests"}
AGGREGATE_DAYS = 45  # a noun with a longer span ("over four months of protests") is a summary, not a happening
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "this", "that"})


def type_plover(type_: str, default: str | None) -> str | None:
    """The PLOVER type an event of ACLED type `type_` gets when retyped (taxonomy.yaml), else `default`."""
    return load_taxonomy().type_plover.get(type_, default)


def proper_type(text: str) -> tuple[str, str] | None:
    """ACLED "type: sub-type" in any case -> its proper (type, sub-type) spelling (cue lists are read in lower case)."""
    return load_taxonomy().proper().get(text)


def in_dateline(ctx: DocContext, offset: int) -> bool:
    """Whether a char offset lies in a dateline ("KIRKUK, Iraq, Sept. 9 (Reuters) -")."""
    return in_spans(offset, ctx.datelines)


def mention_plover(ctx: DocContext, tok: Token) -> str | None:
    """PLOVER type of the mention anchored at `tok`, if any."""
    for m in by_token(ctx, "mentions", ctx.mentions).get(tok.i, ()):
        return m.plover
    return None


def place_at(ctx: DocContext, tok: Token) -> Place | None:
    for p in by_token(ctx, "places", ctx.places).get(tok.i, ()):
        if p.place is not None and p.kind not in ("demonym", "embedded"):
            return p.place
    return None


def event_places(ctx: DocContext) -> list[Any]:
    """Place mentions that can be where an event happened: not words of an attribution
    ("according to Al-Ahram", "the Kabul governor said"), which name who speaks."""
    return cached(ctx, "event_places", lambda: _event_places(ctx))


def _event_places(ctx: DocContext) -> list[Any]:
    doc = ctx.doc
    speaking: set[int] = set()
    for t in doc:
        if t.lower_ == "according" and t.dep_ == "prep":
            speaking |= {g.i for g in t.subtree}
        elif token_lemma(t) in ctx.lex.reporting_verbs and t.pos_ == "VERB":
            subj = subject_of(t)
            if subj is not None and subj.i > t.i:  # "..., said the Kabul governor": inverted attribution
                speaking |= {g.i for g in subj.subtree}
    # a place the model itself calls a place ("said the Kabul police chief") still says where it was
    return [p for p in ctx.places if p.token_i not in speaking
            or (0 <= p.token_i < len(doc) and doc[p.token_i].ent_type_ in ("GPE", "LOC", "FAC"))]


def place_told_in_sentence(ctx: DocContext, tok: Token) -> bool:
    """Whether any resolved place is named in the trigger's sentence."""
    si = ctx.sent_of[tok.i]
    return any(getattr(p, "place", None) is not None and getattr(p, "kind", "") != "demonym"
               for p in by_sentence(ctx, "event_places", event_places(ctx)).get(si, ()))


def place_told_in(ctx: DocContext, d: Draft) -> bool:
    """Whether the draft's place is named in one of its own sentences."""
    return named_in(ctx, d.where, d.sents)


def named_in(ctx: DocContext, place: Place | None, sents: Iterable[int]) -> bool:
    """Whether a place is named in one of the sentences."""
    places = by_sentence(ctx, "places", ctx.places)
    return any(getattr(p, "place", None) == place for si in sents for p in places.get(si, ()))


def definite_noun(tok: Token) -> bool:
    """A singular event noun with "the" or a possessive ("the attack", "Karlov's assassination")."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ == "NNS":
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "no", "any", "another", "each", "every")
               for c in tok.children)


def offset_clause(tok: Token, depth: int = 4) -> tuple[int, int, str, Token, Token] | None:
    """(sign, n, unit, clause head, length) when the token sits in "N units after/before ..." ("two days after X")."""
    for node in self_and_heads(tok, depth):
        marks = [c for c in node.children if c.dep_ in ("mark", "prep") and c.lower_ in ("after", "before")]
        if node.dep_ == "advcl" and marks:
            for c in [*node.children, *marks[0].children]:
                if c.dep_ == "npadvmod":
                    got = duration(" ".join(t.text for t in c.subtree))
                    if got is not None:
                        return (-1 if marks[0].lower_ == "after" else 1), got[0], got[1], node, c
    return None


def in_series(ctx: DocContext, d: Draft) -> bool:
    """Whether the sentence opens with a next-in-series phrase ("In another attack", "In a third incident")."""
    sent = ctx.sents[ctx.sent_of[d.anchor.token_i]]
    words = ctx.lex.cue("series_words")
    return any(t.lower_ in words for t in sent[:4])


def contrasted(ctx: DocContext, d: Draft) -> bool:
    """Whether a mention is told as a different happening ("another attack", "a third incident")."""
    words = ctx.lex.cue("contrast_words")
    tok = ctx.doc[d.anchor.token_i]
    near = list(tok.children) + [g for c in tok.children if c.dep_ == "prep" for g in c.subtree]
    if tok.head.i != tok.i and tok.head.dep_ == "pobj":
        near += list(tok.head.children)
    sent = ctx.sents[ctx.sent_of[tok.i]]
    opener = [t for t in sent[:4]]
    return any(t.lower_ in words for t in near + opener)


def in_link_clause(ctx: DocContext, tok: Token) -> bool:
    """Whether a verb mention is the object of "after"/"before" ("after shooting X")."""
    return tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ in ctx.lex.cue("link_preps")


def dated_in_sentence(ctx: DocContext, si: int | None) -> bool:
    """Whether a date that places something on the calendar is told in sentence `si`."""
    return any(dm.when is not None and dm.when.start for dm in by_sentence(ctx, "dates", ctx.dates).get(si, ()))


def span_text(span: Span, skip: set[int] | frozenset[int] = frozenset()) -> str:
    """Lower-case words and lemmas of a sentence, space-padded for phrase search (like clause_text)."""
    return words_of([t for t in span if t.i not in skip])


def words_of(toks: Sequence[Token]) -> str:
    """Lower-case words and lemmas of tokens, space-padded for phrase search."""
    return " " + " ".join(t.lower_ for t in toks) + " " + " ".join(token_lemma(t) for t in toks) + " "


def within(a: Place, b: Place) -> bool:
    """Whether one place is the country of the other ("in Jordan" and "in Karak")."""
    return (a.feature == "country" and a.country == b.country) or (b.feature == "country" and b.country == a.country)


def starts_with(tok: Token, phrases: frozenset[str]) -> bool:
    """Whether the words of a token's subtree start with one of the phrases ("in connection with ...")."""
    words = " ".join(t.lower_ for t in tok.subtree) + " "
    return any(words.startswith(p + " ") for p in phrases)


def place_rank(p: Place) -> tuple[int, int]:
    return (p.precision if p.feature == "place" else p.precision + 3, -len(p.text or ""))


def historical(ctx: DocContext, d: Draft) -> bool:
    """Whether the draft ended more than a year before the article was published (the record's `historical`)."""
    return bool(ctx.published and d.when.end
                and date.fromisoformat(d.when.end) < ctx.published - timedelta(days=365))


def period_days(ctx: DocContext) -> dict[str, int]:
    """cues.yaml period_days as {unit lemma: days}, read once per document."""
    def make() -> dict[str, int]:
        out = {}
        for row in ctx.lex.cue("period_days"):
            unit, days = row.split()
            out[unit] = int(days)
        return out
    return cached(ctx, "period_days", make)


def long_period(ctx: DocContext, unit: Token, default: int) -> bool:
    """Whether a period word of cues.yaml period_days, counted by its number ("two months", "the 11-week", else
    `default` of them), spans more than AGGREGATE_DAYS: a summary of many happenings, not one."""
    days = period_days(ctx).get(token_lemma(unit))
    if days is None:
        return False
    n = max([_count_of(c.text) for c in unit.children if c.dep_ == "nummod"] + [default])
    return n * days > AGGREGATE_DAYS


def _count_of(text: str) -> int:
    """A count written in digits or words ("11", "two"), else 0."""
    c = parse_count(text)
    return (c.best or c.low or 0) if c is not None else 0


def when_clauses(doc: Doc, dm: Any) -> list[Token]:
    """The clauses "when" hangs on a date mention ("since March 2019, when a bomber killed 12"): each tells what
    happened at that date. Their heads, in text order."""
    start, end = getattr(dm, "start", None), getattr(dm, "end", None)
    if not isinstance(start, int) or not isinstance(end, int):
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return [c for t in (span if span is not None else ()) for c in t.children
            if c.dep_ in ("relcl", "advcl", "acl") and c.idx >= end
            and any(g.dep_ == "advmod" and g.lower_ == "when" for g in c.children)]


def consequence(ctx: DocContext, tok: Token) -> bool:
    """Whether an event word is what another happening caused ("shot a man, sparking protests", "which led to
    riots", "set off clashes"): the object of a consequence verb (cues.yaml consequence_verbs). "set" and "touch"
    only with "off"."""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.lower_ == "to" and verb.dep_ == "prep":
        verb = verb.head  # "led to riots"
        if token_lemma(verb) != "lead":
            return False
    elif tok.dep_ != "dobj":
        return False
    lemma = token_lemma(verb)
    if lemma not in ctx.lex.cue("consequence_verbs"):
        return False
    return lemma not in ("set", "touch") or any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def consequences(ctx: DocContext) -> list[set[int]]:
    """The token sets of the happenings other happenings caused (`consequence`), one per event word: what the causing
    event's typing must not read as its own words."""
    return [{x.i for x in ctx.doc[m.token_i].subtree} for m in ctx.mentions if consequence(ctx, ctx.doc[m.token_i])]


def answered(ctx: DocContext, m: Any) -> Token | None:
    """"Demonstrators gathered after police shot a teenager": violence told in an "after" clause of a protest or a
    riot is the happening the crowd answered, which came first; ACLED codes the killing apart from the protest. The
    clause's verb, when mention `m` is such violence (found once per article: merge asks for every pair)."""
    found = cached(ctx, "answered", lambda: {x.token_i: c for x in ctx.mentions if (c := _answered(ctx, x)) is not None})
    return found.get(m.token_i)


def _answered(ctx: DocContext, m: Any) -> Token | None:
    if m.type not in POLITICAL_VIOLENCE:
        return None
    tok = ctx.doc[m.token_i]
    clause = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok, 3)
    if clause.dep_ == "conj":
        clause = clause.head  # "after police shot and killed a teenager"
    if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "after" for c in clause.children):
        return None
    crowd = by_token(ctx, "mentions", ctx.mentions).get(clause.head.i, ())
    return clause if any(c.type in ("Protests", "Riots") for c in crowd) else None


def grievances(ctx: DocContext) -> list[set[int]]:
    """The token sets of what protests are against ("a movement against police violence", "staged a sit-in over the
    looting of shops", "protesting against air strikes on the bases"; cues.yaml grievance_preps after a
    grievance_heads word or its object): a happening before the protest, not one its crowd did there and then.
    Computed once per article."""
    def find() -> list[set[int]]:
        grievance = ctx.lex.cue("grievance_heads")
        causes = ctx.lex.cue("grievance_preps")
        return [{x.i for x in t.subtree} for t in ctx.doc
                if t.dep_ == "prep" and t.lower_ in causes and (token_lemma(t.head) in grievance or any(
                    c.dep_ in ("dobj", "attr") and token_lemma(c) in grievance for c in t.head.children))]
    return cached(ctx, "grievances", find)


def grievance_of(ctx: DocContext, i: int) -> set[int] | None:
    """The grievance (`grievances`) token i lies in, if any."""
    return next((g for g in grievances(ctx) if i in g), None)


def answered_asides(ctx: DocContext) -> list[set[int]]:
    """For each `answered` clause, the clause and the rest of its sentence, each an aside to the other: the
    killing is not typed by the crowd's words, nor the crowd by the killing's."""
    out: list[set[int]] = []
    for m in ctx.mentions:
        clause = answered(ctx, m)
        if clause is not None:
            inside = {x.i for x in clause.subtree}
            out += [inside, {t.i for t in clause.sent} - inside]
    return out


def continuation(ctx: DocContext, si: int, members: set[int] | frozenset[int]) -> int | None:
    """The next sentence of sentence `si`'s paragraph when it tells no happening of its own, only where, when or how
    the event went on ("Gunmen killed a trader. The attack took place in X on Tuesday."): no event mention but the
    group's, or a reference back ("the attack"). None otherwise."""
    nxt = si + 1
    if nxt >= len(ctx.sents) or ctx.para_of[nxt] != ctx.para_of[si]:
        return None
    for m in by_sentence(ctx, "mentions", ctx.mentions).get(nxt, ()):
        if m.token_i not in members and not definite_noun(ctx.doc[m.token_i]):
            return None  # the sentence tells a happening of its own
    return nxt
