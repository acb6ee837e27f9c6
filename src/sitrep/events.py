"""Apply step of the event stage: event mentions + places + dates + figures of a Doc -> Event records."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.actors import ActorNamer, armed
from sitrep.dates import duration, shift_when
from sitrep.lexicon import ACLED_TYPES, Lexicon, Refinement, load_lexicon
from sitrep.records import (
    Actor, Article, Count, Event, Evidence, Place, Source, When, event_id,
)
from sitrep.nlp.paragraphs import paragraph_index
from sitrep.resolve.dateline import dateline_spans, in_spans
from sitrep.resolve.focus import focus_by_majority
from sitrep.tree import (  # noqa: F401  (is_ancestor, tree_distance re-exported: older imports)
    clause_text, clause_tokens, has_phrase, is_ancestor, subject_of, token_lemma, tree_distance,
)
from sitrep.triggers import Mention

_PRECISION_RANK = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}
_TYPE_PLOVER = {"Protests": "PROTEST", "Riots": "PROTEST", "Battles": "ASSAULT",
                "Explosions/Remote violence": "ASSAULT", "Violence against civilians": "ASSAULT"}
_COUNT_FOR = {"killed": "killed", "dead": "killed", "injured": "injured", "wounded": "injured",
              "arrested": "arrested", "detained": "arrested", "participants": "participants", "released": "released"}
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
_AGGREGATE_DAYS = 45  # a noun with a longer span ("over four months of protests") is a summary, not a happening
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "this", "that"})


@dataclass
class Draft:
    """A mutable event while it is being assembled from one or more mentions of the same happening."""

    anchor: Mention
    members: list[Mention]
    type: str
    subtype: str
    plover: str
    sents: set[int]
    actor1: Actor | None = None
    actor2: Actor | None = None
    where: Place | None = None
    when: When = field(default_factory=When)
    counts: dict[str, Count] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    certainty: str = "reported"
    noun: bool = False


@dataclass(frozen=True)
class DocContext:
    """What the apply step needs besides the mentions: the article and the resolved annotations."""

    article: Article
    places: Sequence[Any]  # resolved sitrep.places.PlaceMention
    dates: Sequence[Any]  # resolved sitrep.dates.DateMention
    figures: Sequence[Any]  # sitrep.figures.Figure
    title_end: int = 0  # char offset where the title line ends (no events are taken from the title)


class EventBuilder:
    """Turns one Doc's annotations into Event records (plain logic over the record types)."""

    def __init__(self, lexicon: Lexicon | None = None, namer: ActorNamer | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.namer = namer or ActorNamer(self.lex)

    # ------------------------------------------------------------------ main
    def build(self, doc: Doc, mentions: Sequence[Mention], ctx: DocContext) -> list[Event]:
        """Events of one article, one per happening, ordered by where they are first told."""
        self.doc, self.ctx = doc, ctx
        self.sents: list[Span] = list(doc.sents)
        self.sent_of = {}
        for si, s in enumerate(self.sents):
            for t in s:
                self.sent_of[t.i] = si
        self.para_of = paragraph_index(doc.text, self.sents)
        self.focus = focus_by_majority(ctx.places)
        self.published = _iso(ctx.article.published)
        self.datelines = dateline_spans(doc.text)
        mentions = [m for m in mentions if doc[m.token_i].idx >= ctx.title_end]
        self.ctx_mentions = list(mentions)
        groups = self._group(mentions)
        drafts = [self._draft(g) for g in groups]
        self._attach_figures(drafts)
        self._link(drafts)
        self._add_sources(drafts)
        drafts = [d for d in drafts if not self._aggregate(d)]
        drafts = [d for d in drafts if self._refine(d)]
        for _ in range(3):  # a merge can make two tellings twins (same toll, same day): merge again
            before = len(drafts)
            drafts = self._merge(drafts)
            if len(drafts) == before:
                break
        for d in drafts:
            self._default_actors(d)
            d.certainty = self._certainty(d)
        return [self._event(d) for d in sorted(drafts, key=lambda d: min(d.sents))]

    # ------------------------------------------------------------------ structure
    def _group(self, mentions: Sequence[Mention]) -> list[list[Mention]]:
        """Mentions governed by another mention of the same sentence join its group ("fought ..., killing 20")."""
        doc = self.doc
        groups: list[list[Mention]] = []
        owner: dict[int, int] = {}
        for m in mentions:
            tok = doc[m.token_i]
            parent = None
            for other in mentions:
                o = doc[other.token_i]
                if other is m or self.sent_of.get(o.i) != self.sent_of.get(tok.i) or not is_ancestor(o, tok):
                    continue
                if parent is None or is_ancestor(doc[parent.token_i], o):
                    parent = other
            if parent is None:
                parent = self._outcome_of(tok, mentions)
            if parent is None and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj"):
                # "dropped bombs on X, destroying a school": the consequence belongs to the bombs' event
                parent = next((o for o in mentions if o is not m and doc[o.token_i].head.i == tok.head.i
                               and doc[o.token_i].dep_ in ("dobj", "nsubj", "nsubjpass") and o.token_i < tok.i
                               and self.sent_of.get(o.token_i) == self.sent_of.get(tok.i)), None)
            if parent is not None and parent.token_i in owner and self._absorbable(tok, doc[parent.token_i]):
                gi = owner[parent.token_i]
                groups[gi].append(m)
                owner[m.token_i] = gi
            else:
                owner[m.token_i] = len(groups)
                groups.append([m])
        return groups

    def _outcome_of(self, tok: Token, mentions: Sequence[Mention]) -> Mention | None:
        """The clash a "before/until/when ..." clause ends ("got into a shootout before he was killed")."""
        if tok.dep_ != "advcl" or any(c.dep_ == "npadvmod" for c in tok.children):
            return None
        if not any(c.dep_ == "mark" and c.lower_ in self.lex.cue("outcome_marks") for c in tok.children):
            return None
        for other in mentions:
            o = self.doc[other.token_i]
            if o.i == tok.i or self.sent_of.get(o.i) != self.sent_of.get(tok.i):
                continue
            verb = o
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                    break
                verb = verb.head
            if verb.i == tok.head.i:
                return other
        return None

    def _toll_clause(self, tok: Token, parent: Token) -> bool:
        """"12 were killed when soldiers fought rebels": the passive toll is the count of the clause's clash."""
        if tok.dep_ != "advcl" or tok.head.i != parent.i or token_lemma(parent) not in self.lex.cue("toll_verbs"):
            return False
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in parent.children)
        if not (passive or token_lemma(parent) == "die"):
            return False
        return any(c.dep_ in ("mark", "advmod") and c.lower_ in self.lex.cue("toll_marks") for c in tok.children)

    def _absorbable(self, tok: Token, parent: Token) -> bool:
        """Whether a governed mention is part of its governor's happening rather than one of its own."""
        if self._toll_clause(tok, parent):
            return True
        if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp"):
            return True  # "fought the army, killing 20": a consequence
        if tok.dep_ in ("dobj", "pobj", "nsubjpass", "conj") and tok.head.i == parent.i:
            return True  # "crushed an uprising", "launched an attack"
        own_date = any(d.token_i >= 0 and is_ancestor(tok, self.doc[d.token_i]) for d in self.ctx.dates)
        own_place = any(
            getattr(p, "kind", "") != "demonym" and p.token_i >= 0 and is_ancestor(tok, self.doc[p.token_i])
            for p in self.ctx.places
        )
        return not (own_date or own_place)

    # ------------------------------------------------------------------ one draft
    def _draft(self, group: list[Mention]) -> Draft:
        anchor = group[0]
        strong = next((m for m in group if not m.weak), anchor)
        if anchor.weak and strong is not anchor:
            anchor = strong
        # the toll's own clause tells what happened: it is the event, the passive toll only its count
        clause = next((m for m in group if self._toll_clause(self.doc[m.token_i], self.doc[anchor.token_i])), None)
        if clause is not None:
            group = [clause] + [m for m in group if m is not clause]
            anchor = clause
        tok = self.doc[anchor.token_i]
        d = Draft(anchor=anchor, members=group, type=anchor.type, subtype=anchor.subtype, plover=anchor.plover,
                  sents={self.sent_of[m.token_i] for m in group}, noun=tok.pos_ in ("NOUN", "PROPN"))
        from sitrep.places import event_place

        d.where = self._special_place(tok)
        for m in [anchor] + [x for x in group if x is not anchor]:
            if d.where is not None:
                break
            d.where = event_place(self.doc, self._event_places(), m.token_i)
        d.when = self._when(tok, group)
        if d.where is not None and self._place_in_other_clause(tok, d.where):
            d.where = None  # "X came two days after bombs hit Giza": Giza is where the earlier one happened
        if d.where is not None and d.where.feature == "admin1":
            d.where = self._town_named_with(d.where) or d.where
        if not self._place_told_in_sentence(tok):
            d.where = self._facility_place(tok) or d.where
        country = d.where.country if d.where and d.where.country else self.focus
        d.actor1, d.actor2 = self._actors(anchor, country, d.when.start)
        for m in group:  # "attacked a checkpoint, killing nine soldiers": the victims come from the member
            if m is not anchor and (d.actor1 is None or d.actor2 is None) and clause is None:
                b1, b2 = self._actors(m, country, d.when.start)
                d.actor1, d.actor2 = d.actor1 or b1, d.actor2 or b2
        if anchor.weak:
            d.actor1 = d.actor1 or self.namer.actor(tok, country, d.when.start)
        if d.actor1 is None:
            d.actor1 = self._speaker_as_actor(tok, country, d.when.start)
        return d

    def _speaker_as_actor(self, tok: Token, country: str | None, on: str | None) -> Actor | None:
        """"The army says it has retaken X": the pronoun subject is the party that speaks."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else None
        if verb is None or verb.dep_ != "ccomp":
            return None
        subj = subject_of(verb)
        says = verb.head
        if subj is None or subj.lower_ not in ("it", "they", "we") or token_lemma(says) not in self.lex.reporting_verbs:
            return None
        speaker = subject_of(says)
        if speaker is None or speaker.lower_ in _PRONOUNS:
            return None
        # "the army command": the head may name no party, its modifier does
        for t in [speaker] + [c for c in speaker.children if c.dep_ in ("compound", "amod", "poss")]:
            got = self._actor(t, country, on)
            if got is not None and got.kind != "unknown":
                return got
        return None

    def _place_at(self, tok: Token) -> Place | None:
        for p in self.ctx.places:
            if p.token_i == tok.i and p.place is not None and p.kind not in ("demonym", "embedded"):
                return p.place
        return None

    def _special_place(self, tok: Token) -> Place | None:
        """Places the general rule misses: "withdrew from X", "X, the site of a massacre", "an uprising there"."""
        from sitrep.places import event_place

        if self.lex_plover(tok) == "RETREAT":
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "out"):
                    for g in c.children:
                        if g.dep_ == "pobj" and self._place_at(g):
                            return self._place_at(g)
        node = tok
        for _ in range(4):  # "Hama, the site of a crackdown": the apposition names where it happened
            if node.dep_ == "appos" and self._place_at(node.head):
                return self._place_at(node.head)
            if node.head is node:
                break
            node = node.head
        verb = tok if tok.pos_ == "VERB" else tok.head
        near = [t for c in list(verb.children) for t in [c] + list(c.children)] + list(tok.children)
        if any(t.lower_ == "there" and t.dep_ == "advmod" for t in near):
            si = self.sent_of[tok.i]
            if si > 0 and self.para_of[si - 1] == self.para_of[si]:
                return event_place(self.doc, list(self.ctx.places), self.sents[si - 1].root.i)
        return None

    def lex_plover(self, tok: Token) -> str | None:
        """PLOVER type of the mention anchored at `tok`, if any."""
        for m in self.ctx_mentions:
            if m.token_i == tok.i:
                return m.plover
        return None

    # ------------------------------------------------------------------ dates
    def _when(self, tok: Token, group: list[Mention]) -> When:
        """The date of the trigger's own clause, else of the sentence before it in the same paragraph."""
        si = self.sent_of[tok.i]
        members = {m.token_i for m in group}
        others = [self.doc[m.token_i] for m in self.ctx_mentions if m.token_i not in members]
        best = None
        for dm in self.ctx.dates:
            if dm.when is None or dm.token_i < 0 or self.sent_of.get(dm.token_i) != si:
                continue
            dt = self.doc[dm.token_i]
            if self.in_dateline(dt.idx):
                continue
            # a date inside another happening's phrase is that one's; it still beats the sentence before
            # ("When forces killed 72 in June, protests forced a withdrawal": June frames the whole sentence)
            foreign = any(is_ancestor(o, dt) and not is_ancestor(o, tok) and o.i != tok.i for o in others)
            # a recurring word ("daily clashes over the past two weeks") yields to the period it recurs over
            recurring = dm.when.strategy == "recurring"
            # a phrase that places nothing on the calendar ("between 10 and 20" tagged as a date) yields to one that does
            key = (foreign, recurring or dm.when.start is None, min(tree_distance(self.doc[i], dt) for i in members),
                   abs(dm.token_i - tok.i))
            if best is None or key < best[0]:
                best = (key, dm)
        off = self._offset_clause(tok)
        if off is not None:
            shifted = self._shifted(off, si)
            if shifted is not None:
                return shifted
        if best is not None:
            return best[1].when
        if self._definite_noun(tok):
            return When()  # "the attack" with no date of its own: it refers back (see _antecedent), not to the sentence before
        if si > 0 and self.para_of[si - 1] == self.para_of[si] and self.doc[self.sents[si - 1].start].idx >= self.ctx.title_end:
            prev = self.sents[si - 1]
            cands = [dm for dm in self.ctx.dates if dm.when is not None and dm.token_i >= 0
                     and self.sent_of.get(dm.token_i) == si - 1 and dm.when.precision != "unknown"]
            if cands:
                return min(cands, key=lambda dm: tree_distance(prev.root, self.doc[dm.token_i])).when
        return When()

    def _offset_clause(self, tok: Token, depth: int = 4) -> tuple[int, int, str, Token, Token] | None:
        """(sign, n, unit, clause head, length) when the token sits in "N units after/before ..." ("two days after X")."""
        node = tok
        for _ in range(depth):
            marks = [c for c in node.children if c.dep_ in ("mark", "prep") and c.lower_ in ("after", "before")]
            if node.dep_ == "advcl" and marks:
                for c in [*node.children, *marks[0].children]:
                    if c.dep_ == "npadvmod":
                        got = duration(" ".join(t.text for t in c.subtree))
                        if got is not None:
                            return (-1 if marks[0].lower_ == "after" else 1), got[0], got[1], node, c
            if node.head is node:
                break
            node = node.head
        return None

    def _shifted(self, off: tuple[int, int, str, Token, Token], si: int) -> When | None:
        """The date of an event told as "N units after/before" another: the other's date shifted, or None."""
        sign, n, unit, clause, length = off
        own = {t.i for t in length.subtree}  # "two days" is the shift, not a date of either event
        gov = clause.head
        outside = [dm for dm in self.ctx.dates if dm.when is not None and dm.when.start and dm.token_i >= 0
                   and self.sent_of.get(dm.token_i) == si and not is_ancestor(clause, self.doc[dm.token_i])
                   and dm.token_i != clause.i and not self.in_dateline(self.doc[dm.token_i].idx) and dm.token_i not in own]
        inside = [dm for dm in self.ctx.dates if dm.token_i >= 0 and is_ancestor(clause, self.doc[dm.token_i])
                  and dm.token_i not in own and dm.when is not None and dm.when.start]
        if inside:
            return None  # the clause has a date of its own
        marks = [c for c in clause.children if c.dep_ == "mark"]
        text = " ".join(t.text for t in length.subtree) + (f" {marks[0].text}" if marks else "")
        if outside:
            anchor = min(outside, key=lambda dm: tree_distance(gov, self.doc[dm.token_i])).when
            return shift_when(anchor, n, unit, sign, text)
        if gov.tag_ in ("VBZ", "VBP") and self.published is not None:
            # "It comes a week after ...": told in the present, the anchor is the time of writing
            now = When(text="", start=self.published.isoformat(), end=self.published.isoformat(), precision="day")
            return shift_when(now, n, unit, sign, text)
        return None

    def _place_in_other_clause(self, tok: Token, place: Place) -> bool:
        """Whether the place is named only inside an "N units after/before ..." clause that the trigger is not in."""
        si = self.sent_of[tok.i]
        toks = [self.doc[p.token_i] for p in self.ctx.places
                if p.token_i >= 0 and getattr(p, "place", None) is not None and self.sent_of.get(p.token_i) == si
                and p.place.geonameid == place.geonameid]
        if not toks:
            return False
        for t in toks:
            off = self._offset_clause(t, depth=12)
            if off is None or off[3].i == tok.i or is_ancestor(off[3], tok):
                return False
        return True

    def _event_places(self) -> list[Any]:
        """Place mentions that can be where an event happened: not words of an attribution
        ("according to Al-Ahram", "the Kabul governor said"), which name who speaks."""
        if getattr(self, "_places_doc", None) is not self.doc:
            speaking: set[int] = set()
            for t in self.doc:
                if t.lower_ == "according" and t.dep_ == "prep":
                    speaking |= {g.i for g in t.subtree}
                elif token_lemma(t) in self.lex.reporting_verbs and t.pos_ == "VERB":
                    subj = subject_of(t)
                    if subj is not None and subj.i > t.i:  # "..., said the Kabul governor": inverted attribution
                        speaking |= {g.i for g in subj.subtree}
            # a place the model itself calls a place ("said the Kabul police chief") still says where it was
            self._usable_places = [p for p in self.ctx.places if p.token_i not in speaking
                                   or (0 <= p.token_i < len(self.doc) and self.doc[p.token_i].ent_type_ in ("GPE", "LOC", "FAC"))]
            self._places_doc = self.doc
        return self._usable_places

    def _town_named_with(self, broad: Place) -> Place | None:
        """"in Aschaffenburg, in north-western Bavaria": the town named right beside its province or country."""
        at = [p for p in self.ctx.places if getattr(p, "place", None) is not None and p.token_i >= 0
              and p.place.geonameid == broad.geonameid]
        for b in at:
            for p in self.ctx.places:
                q = getattr(p, "place", None)
                if (q is None or q.feature != "place" or p.token_i < 0 or not 0 < b.token_i - p.token_i <= 7
                        or self.sent_of.get(p.token_i) != self.sent_of.get(b.token_i)):
                    continue
                between = self.doc[p.token_i + 1:b.token_i]
                if q.admin1 == broad.name and all(t.pos_ not in ("PROPN", "VERB", "NUM") for t in between):
                    return q
        return None

    def _place_told_in_sentence(self, tok: Token) -> bool:
        """Whether any resolved place is named in the trigger's sentence."""
        si = self.sent_of[tok.i]
        return any(getattr(p, "place", None) is not None and p.token_i >= 0 and self.sent_of.get(p.token_i) == si
                   and getattr(p, "kind", "") != "demonym" for p in self._event_places())

    def _facility_place(self, tok: Token) -> Place | None:
        """"gathered outside the cathedral": where the cathedral was placed when first named."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        facilities = self.lex.cue("facility_nouns")
        nouns = [g for c in verb.children if c.dep_ in ("prep", "advmod") for g in c.children
                 if g.dep_ == "pobj" and token_lemma(g) in facilities and any(x.lower_ == "the" for x in g.children)]
        for n in nouns:
            key = token_lemma(n)
            for t in self.doc[: self.sents[self.sent_of[tok.i]].start]:
                if t.lower_ != key or not t.text[:1].isupper():
                    continue  # the facility's name ("St. Mark's Cathedral"), not another cathedral in passing
                sj = self.sent_of[t.i]
                near = [p for p in self.ctx.places if getattr(p, "place", None) is not None and p.token_i >= 0
                        and self.sent_of.get(p.token_i) == sj and getattr(p, "kind", "") not in ("demonym", "embedded")
                        and p.place.feature == "place"]
                if near:
                    return min(near, key=lambda p: abs(p.token_i - t.i)).place
        return None

    def _definite_noun(self, tok: Token) -> bool:
        """A singular event noun with "the" or a possessive ("the attack", "Karlov's assassination")."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ == "NNS":
            return False
        return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "no", "any", "another", "each", "every")
                   for c in tok.children)

    # ------------------------------------------------------------------ linked events
    def _link(self, drafts: list[Draft]) -> None:
        """Undated follow-ups ("was later searched", "after shooting X", "in connection with the blast") take the
        date, and if they have none the place, of the event they are linked to."""
        done: list[Draft] = []
        cues = self.lex.cue("sequence_adverbs")
        preps = self.lex.cue("link_preps")
        for d in sorted(drafts, key=lambda d: min(d.sents)):
            if d.when.start is None and self._in_series(d):
                # "in a third incident, ...": a new happening of the series just told, in its time frame
                dated = [o for o in done if o.when.start and o.when.precision == "day"]
                if dated:
                    d.when = replace(dated[-1].when, strategy="linked")
            elif d.when.start is None and (said := self._announced(d)) is not None:
                d.when = said
            elif d.when.start is None and d.type in _VIOLENT and (whole := self._series_of(done)) is not None:
                d.when = replace(whole.when, strategy="linked")
            elif d.when.start is None and not self._definite_noun(self.doc[d.anchor.token_i]):
                target = self._link_target(d, done, cues, preps)
                if target is not None:
                    d.when = replace(target.when, strategy="linked") if target.when.start else d.when
                    if d.where is None or (target.where is not None and not self._place_told_in(d)):
                        d.where = target.where  # a place from the sentence before yields to the linked event's
            done.append(d)

    def _series_of(self, earlier: list[Draft]) -> Draft | None:
        """The earliest day-dated violent event told as several ("a series of attacks on Sunday"), if any."""
        nouns = self.lex.cue("series_nouns")
        for o in earlier:
            if o.type not in _VIOLENT or o.when.precision != "day" or not o.when.start:
                continue
            for m in o.members:
                tok = self.doc[m.token_i]
                if tok.dep_ == "pobj" and tok.head.lower_ == "of" and token_lemma(tok.head.head) in nouns:
                    return o
        return None

    def _link_target(self, d: Draft, earlier: list[Draft], cues: frozenset[str], preps: frozenset[str]) -> Draft | None:
        """The earlier event an undated draft is tied to by a sequence word or a linking preposition."""
        tok = self.doc[d.anchor.token_i]
        verb = tok
        for _ in range(4):  # "got into a shootout": the clause's verb carries the cue
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        heads = [verb]
        while heads[-1].dep_ == "conj" and heads[-1].head is not heads[-1] and len(heads) < 4:
            heads.append(heads[-1].head)  # "was later searched and ... were detained": the cue sits on the first verb
        members = {m.token_i for m in d.members}
        linked = False
        for h in heads:
            for c in h.children:
                low = c.lower_
                if c.i == tok.i or is_ancestor(c, tok):
                    continue  # "came after days of protests": the protests are what the cue points to
                if c.dep_ == "advmod" and low in cues:
                    linked = True
                elif c.dep_ == "advmod" and low in self.lex.cue("additive_adverbs"):
                    same = [o for o in earlier if (o.type, o.subtype) == (d.type, d.subtype)
                            and o.when.start and o.when.precision == "day"]
                    if same:
                        return same[-1]
                elif c.dep_ in ("prep", "advcl") and (_starts_with(c, preps) or (c.dep_ == "advcl" and any(
                        g.dep_ == "mark" and g.lower_ in preps for g in c.children))):
                    # the event named inside the cue ("after shooting the ambassador", "with the blast")
                    inner = [m for m in self.ctx_mentions if m.token_i not in members and is_ancestor(c, self.doc[m.token_i])]
                    inner += [m for m in d.members if m.token_i != d.anchor.token_i and is_ancestor(c, self.doc[m.token_i])]
                    for m in inner:
                        same = [o for o in earlier if o.type == m.type]
                        dated = [o for o in same if o.when.start]
                        if same:
                            return (dated or same)[-1]
                    # "in connection with the blast": an earlier event told with the same noun
                    nouns = {token_lemma(t) for t in c.subtree if t.pos_ == "NOUN"}
                    for o in reversed(earlier):
                        if any(token_lemma(self.doc[m.token_i]) in nouns for m in o.members):
                            return o
                    if c.dep_ == "prep":
                        linked = True
        if not linked:
            return None
        dated = [o for o in earlier if o.when.start and o.when.precision == "day"]
        return dated[-1] if dated else None

    # ------------------------------------------------------------------ actors
    def _actors(self, m: Mention, country: str | None, on: str | None) -> tuple[Actor | None, Actor | None]:
        tok = self.doc[m.token_i]
        a1 = a2 = None
        name = lambda t: self._actor(t, country, on)  # noqa: E731
        if tok.pos_ in ("VERB", "AUX") and not m.weak:
            # "the patrol came under fire" says what happened to the subject, as a passive would
            passive = any(c.dep_ in ("nsubjpass", "auxpass") or (c.dep_ == "prep" and c.lower_ == "under")
                          for c in tok.children)
            subj = subject_of(tok)
            for c in tok.children:
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            a1 = name(g)
                elif c.dep_ == "dobj" and not passive:
                    a2 = a2 or name(c)
                elif c.dep_ == "prep" and c.lower_ in ("against", "on", "at", "with"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            a2 = a2 or name(g)
                elif c.dep_ == "prep" and c.lower_ == "between":
                    a1, a2 = self._between(c, name, a1, a2)
            if subj is not None:
                if passive or token_lemma(tok) in self.lex.cue("victim_subject_verbs"):  # "three died": the victims
                    a2 = a2 or name(subj)
                else:
                    a1 = a1 or name(subj)
            elif tok.dep_ in ("advcl", "conj", "xcomp") and tok.head.pos_ == "VERB":
                s2 = subject_of(tok.head)
                if s2 is not None:
                    a1 = name(s2)
            if a2 is None and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj") and tok.head.pos_ == "VERB":
                for c in tok.head.children:  # "fired on protesters, killing two": the head's target
                    if c.dep_ == "dobj":
                        a2 = a2 or name(c)
                    elif c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "upon"):
                        for g in c.children:
                            if g.dep_ == "pobj":
                                a2 = a2 or name(g)
            if tok.dep_ == "acl" and tok.tag_ == "VBN":
                a2 = a2 or name(tok.head)  # "seven people reported killed"
            if a2 is None:
                for c in tok.children:  # "opened fire on a station, wounding three policemen": the harmed are the target
                    if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG" and token_lemma(c) in self.lex.cue("harm_verbs"):
                        obj = next((g for g in c.children if g.dep_ == "dobj"), None)
                        # "wounding members of the security forces": the group the members belong to
                        of = [g for p in (obj.children if obj is not None else ()) if p.dep_ == "prep" and p.lower_ == "of"
                              for g in p.children if g.dep_ == "pobj"]
                        a2 = next((a for a in (name(t) for t in ([obj] if obj is not None else []) + of) if a), None)
                        if a2 is not None:
                            break
        else:
            for c in tok.children:
                if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and self.namer.entry(c) is not None):
                    a1 = a1 or name(c)
                elif c.dep_ == "prep" and c.lower_ == "by":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            a1 = name(g)
                elif c.dep_ == "prep" and c.lower_ in ("of", "against", "on"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            a2 = a2 or name(g)
                elif c.dep_ == "prep" and c.lower_ == "between":
                    a1, a2 = self._between(c, name, a1, a2)
            if tok.dep_ == "dobj" and a1 is None and tok.head.pos_ == "VERB":
                s1 = subject_of(tok.head)  # "militants launched an attack": who launched it did it
                if s1 is not None:
                    a1 = name(s1)
            if tok.dep_ in ("nsubj",) and a1 is None and tok.head.pos_ == "VERB":
                for c in tok.head.children:
                    if c.dep_ == "prep" and c.lower_ in ("against", "with"):
                        for g in c.children:
                            if g.dep_ == "pobj":
                                a2 = a2 or name(g)
        if a1 is not None and a2 is not None and a1.name == a2.name and a1.text == a2.text:
            a2 = None
        return a1, a2

    def _between(self, prep: Token, name, a1: Actor | None, a2: Actor | None) -> tuple[Actor | None, Actor | None]:
        objs = [g for g in prep.children if g.dep_ == "pobj"]
        if objs:
            first = objs[0]
            second = next((c for c in first.children if c.dep_ == "conj"), None)
            a1 = a1 or name(first)
            if second is not None:
                a2 = a2 or name(second)
        return a1, a2

    def in_dateline(self, offset: int) -> bool:
        """Whether a char offset lies in a dateline ("KIRKUK, Iraq, Sept. 9 (Reuters) -")."""
        return in_spans(offset, self.datelines)

    def _actor(self, tok: Token, country: str | None, on: str | None) -> Actor | None:
        if tok.lower_ in _PRONOUNS or self.in_dateline(tok.idx):
            return None
        if any(p.token_i == tok.i and p.place is not None and p.kind not in ("demonym", "embedded") for p in self.ctx.places):
            return None  # "shelled Idlib": a place, not a party
        if tok.pos_ == "NUM" or tok.lower_ in ("dozens", "hundreds", "thousands", "scores", "tens"):
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return self._actor(g, country, on)
        if token_lemma(tok) in ("crowd", "group", "number", "some", "one", "many", "most") and not tok.ent_type_:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return self._actor(g, country, on)
        got = self.namer.actor(tok, country, on)
        if got is None and token_lemma(tok) in self.lex.generic_heads:
            for c in tok.children:  # "fighters of <named group>": the named group is the party
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        e = self.namer.entry(g, on) if g.dep_ == "pobj" else None
                        if g.dep_ == "pobj" and (e is None or "{country}" not in e.name):
                            return self._actor(g, country, on)
        return got

    def _default_actors(self, d: Draft) -> None:
        country = d.where.country if d.where and d.where.country else self.focus
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
        if d.type == "Riots" and d.actor1 is None:
            d.actor1 = Actor(text="", name=ActorNamer._name("Rioters ({country})", country), kind="rioters", country=country)

    # ------------------------------------------------------------------ figures
    def _attach_figures(self, drafts: list[Draft]) -> None:
        by_token: dict[int, Draft] = {}
        for d in drafts:
            for m in d.members:
                by_token[m.token_i] = d
        for f in self.ctx.figures:
            field_ = _COUNT_FOR.get(f.category or "")
            if field_ is None or f.part:
                continue
            owner = by_token.get(f.verb_i) if f.verb_i is not None else None
            if owner is None:
                tok = self.doc[f.token_i]
                t = tok
                for _ in range(12):
                    if t.i in by_token:
                        owner = by_token[t.i]
                        break
                    if t.head is t:
                        break
                    t = t.head
            if owner is None:
                si = self.sent_of.get(f.token_i)
                cands = [d for d in drafts if si in d.sents and self._suits(d, field_)]
                if cands:
                    owner = min(cands, key=lambda d: min(abs(m.token_i - f.token_i) for m in d.members))
                elif si is not None and not any(si in d.sents for d in drafts) and self._named_event(f, drafts, field_):
                    owner = self._named_event(f, drafts, field_)
                elif si is not None and not any(si in d.sents for d in drafts):
                    # "At least 25 people are dead, the ministry said": a toll told in a sentence of its own
                    # belongs to the event of the sentence before (the same paragraph)
                    prev = [d for d in drafts if (si - 1) in d.sents and self._suits(d, field_)
                            and field_ not in d.counts and self.para_of[si - 1] == self.para_of[si]]
                    if prev:
                        owner = max(prev, key=lambda d: d.anchor.token_i)
            if owner is not None and field_ not in owner.counts and self._suits(owner, field_):
                owner.counts[field_] = f.count

    def _named_event(self, f: Any, drafts: list[Draft], field_: str) -> Draft | None:
        """The earlier event a toll names ("three were wounded in the attack"): the last told with that noun."""
        if f.verb_i is None:
            return None
        verb = self.doc[f.verb_i]
        nouns = {token_lemma(g) for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
                 for g in c.children if g.dep_ == "pobj" and any(x.lower_ == "the" for x in g.children)}
        if not nouns:
            return None
        told = [d for d in drafts if min(d.sents) < self.sent_of[f.verb_i] and self._suits(d, field_)
                and any(token_lemma(self.doc[m.token_i]) in nouns for m in d.members)]
        return max(told, key=lambda d: max(d.sents)) if told else None

    @staticmethod
    def _suits(d: Draft, field_: str) -> bool:
        if field_ == "participants":
            return d.type in ("Protests", "Riots")
        if field_ in ("arrested", "released"):
            return True
        return d.type in _VIOLENT

    # ------------------------------------------------------------------ sources
    def _add_sources(self, drafts: list[Draft]) -> None:
        history: list[Source] = []
        for d in sorted(drafts, key=lambda d: min(d.sents)):
            tok = self.doc[d.anchor.token_i]
            src = self._source_of(tok, history)
            if src is None:
                src = self._carried_source(self.sent_of[tok.i], history)
            if src is not None:
                d.sources.append(src)
                history.append(src)

    def _quoted_before(self, pron: Token, history: list[Source] | None = None) -> Source | None:
        """Who "she said" is: the last party named as the subject of a reporting verb in the sentences
        before, whether or not those sentences told an event ("..., says Jane Roe, an analyst. ..., she said")."""
        si = self.sent_of[pron.i]
        for sj in range(si - 1, max(-1, si - 4), -1):
            for t in reversed(list(self.sents[sj])):
                if token_lemma(t) in self.lex.reporting_verbs and t.pos_ in ("VERB", "AUX"):
                    subj = subject_of(t)
                    if subj is not None and subj.lower_ not in _PRONOUNS:
                        # with the sources told so far, so that "the agency" is the agency named before
                        return self._source(subj, history or [])
        return None

    def _carried_source(self, si: int, history: list[Source]) -> Source | None:
        """An unattributed sentence between sentences that quote one party goes on quoting it
        ("..., the statement said. Gunmen then fired on a patrol. The statement said ...")."""
        found: list[Source] = []
        for sj in (si - 1, si + 1):
            if not 0 <= sj < len(self.sents) or self.para_of[sj] != self.para_of[si]:
                return None
            root = self.sents[sj].root
            subj = subject_of(root) if token_lemma(root) in self.lex.reporting_verbs and root.pos_ in ("VERB", "AUX") else None
            if subj is None or subj.lower_ in _PRONOUNS:
                return None
            got = self._source(subj, history)
            if got.kind in ("reporter", "unknown"):
                return None
            found.append(got)
        # both neighbours quote the same kind of party: the account runs on through this sentence
        return found[0] if found[0].kind == found[1].kind else None

    def _source_of(self, tok: Token, history: list[Source]) -> Source | None:
        """The party a reporting verb above the trigger (or "according to") attributes it to."""
        node = tok
        for _ in range(10):
            if node.head is node:
                break
            node = node.head
            if token_lemma(node) in self.lex.reporting_verbs and node.pos_ in ("VERB", "AUX"):
                if node.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in node.children):
                    continue  # "seven people reported killed": a report, not an attribution to the people
                subj = subject_of(node)
                if subj is not None:
                    return self._source(subj, history)
        verb = tok
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        for c in verb.children:  # "X attacked Y, a captain said": the parser may join the attribution as a conj
            if c.dep_ == "conj" and c.i > tok.i and token_lemma(c) in self.lex.reporting_verbs and c.pos_ == "VERB":
                subj = subject_of(c)
                if subj is not None and subj.i > verb.i:
                    return self._source(subj, history)
        sent = tok.sent
        for t in sent:
            if t.lower_ == "according" and t.dep_ == "prep":
                for g in t.subtree:
                    if g.dep_ == "pobj" and g.head.lower_ == "to":
                        return self._source(g, history)
        root = sent.root
        if token_lemma(root) in self.lex.reporting_verbs and root.i != tok.i and not is_ancestor(tok, root):
            subj = subject_of(root)
            if subj is not None and subj.i > tok.i:
                return self._source(subj, history)
        return None

    def _source(self, subj: Token, history: list[Source]) -> Source:
        if subj.lower_ in _PRONOUNS:
            quoted = self._quoted_before(subj, history)
            if quoted is not None:
                return quoted
            for prev in reversed(history):
                if prev.kind not in ("reporter", "unknown") or prev.name:
                    return prev
            return Source(text=subj.text, name=None, kind="unknown")
        toks = list(subj.subtree)
        text = self.doc.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
        kind = self._source_kind(toks)
        name = None
        for e in self.doc.ents:
            if e.label_ in ("PERSON", "ORG") and toks[0].i <= e.start and e.end <= toks[-1].i + 1:
                if not any(t.text[:1].isupper() for t in e[1:]) and not e.text[:1].isupper():
                    continue  # "the state news agency": a description, not a name
                name = e.text
                break
        if name is None and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subj.children):
            # "the news agency said": the agency named before ("the state-run X news agency")
            for prev in reversed(history):
                words = re.findall(r"[a-z]+", prev.text.lower())
                if subj.lower_ in words or token_lemma(subj) in words:
                    return prev
        if kind == "unknown" and (name is not None or subj.pos_ == "PROPN"):
            kind = self._introduced_kind(name or subj.text, subj.i)
        elif kind == "unknown" and any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
            kind = self._introduced_kind(subj.text, subj.i)  # "the statement" = "a statement by the ministry"
        phrase = self.doc.text[subj.left_edge.idx: subj.idx + len(subj.text)] if subj.left_edge.i <= subj.i else subj.text
        return Source(text=phrase if len(text) > 120 else text, name=name, kind=kind)

    def _source_kind(self, toks: Sequence[Token]) -> str:
        """The first source kind whose words occur among the tokens."""
        raw = self.doc.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)].lower() if toks else ""
        words = " " + " ".join(t.lower_ for t in toks) + " " + " ".join(token_lemma(t) for t in toks) + " " + raw + " "
        for k, phrases in self.lex.source_kinds:
            if has_phrase(words, phrases):
                return k
        return "unknown"

    def _introduced_kind(self, name: str, before: int) -> str:
        """The kind a name had where it was introduced ("Public Prosecutor X said" ... "Mr X said")."""
        words = re.findall(r"\w+", name)
        if not words:
            return "unknown"
        key = words[-1].lower()  # "Al-Ahram" is the tokens "Al", "-", "Ahram"
        for t in self.doc[:before]:
            if t.lower_ != key:
                continue
            head = t
            while head.dep_ in ("compound", "flat") and head.head is not head:
                head = head.head  # "the government-sponsored X news outlet": the whole noun phrase
            lo = max(head.left_edge.i, head.i - 8)
            near = list(self.doc[lo:head.i + 1]) + [g for c in head.children if c.dep_ == "appos" for g in c.subtree]
            near += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.subtree]
            kind = self._source_kind(near)
            if kind != "unknown":
                return kind
        return "unknown"

    # ------------------------------------------------------------------ certainty
    def _cue_sentences(self) -> set[int]:
        out = set()
        unver = self.lex.cue("unverified_words")
        verbs = self.lex.cue("verify_verbs")
        negs = self.lex.cue("verify_negators")
        for si, s in enumerate(self.sents):
            lows = {t.lower_.replace("\u2019", "'") for t in s}
            lemmas = {token_lemma(t) for t in s}
            text = " " + " ".join(t.lower_ for t in s) + " "
            if lows & unver:
                out.add(si)
            elif lemmas & verbs and (lows & negs or has_phrase(text, negs) or any(t.dep_ == "neg" for t in s)):
                out.add(si)
        return out

    def _certainty(self, d: Draft) -> str:
        if not hasattr(self, "_cues") or self._cues_doc is not self.doc:
            self._cues, self._cues_doc = self._cue_sentences(), self.doc
        attributed = any(s.kind != "reporter" for s in d.sources)
        for si in d.sents:
            for c in self._cues:
                if c == si or (attributed and 0 < c - si <= 3):
                    return "unconfirmed"
        if d.sources and all(s.kind in self.lex.interested for s in d.sources):
            return "claimed"
        confirm = self.lex.cues.get("confirm_patterns", ())
        for si in d.sents:
            text = " " + " ".join(t.lower_ for t in self.sents[si]) + " "
            if has_phrase(text, confirm):
                return "confirmed"
        return "reported"

    # ------------------------------------------------------------------ typing refinements
    def _refine(self, d: Draft) -> bool:
        """Apply the refine rules in order; False when a rule says the draft is no conflict event at all."""
        if getattr(self, "_sent_texts_doc", None) is not self.doc:
            # each sentence's words are joined once per article, however many drafts look at them
            self._unsaid = self._unasserted()
            self._sent_texts = [_span_text(sent, self._unsaid) for sent in self.sents]
            self._sent_texts_doc = self.doc
            self._para_texts: dict[frozenset[int], str] = {}
        texts = {"clause": " ".join(_words([t for t in clause_tokens(self.doc[m.token_i]) if t.i not in self._unsaid])
                                    for m in d.members)}
        texts["sentence"] = " ".join(self._sent_texts[si] for si in sorted(d.sents))
        paras = frozenset(self.para_of[si] for si in d.sents)
        if paras not in self._para_texts:
            self._para_texts[paras] = " ".join(t for si, t in enumerate(self._sent_texts) if self.para_of[si] in paras)
        texts["paragraph"] = self._para_texts[paras]
        k1 = d.actor1.kind if d.actor1 else "unknown"
        k2 = d.actor2.kind if d.actor2 else "unknown"
        for r in self.lex.refinements:
            if f"{d.type}: {d.subtype}" not in r.from_types or not self._rule_ok(r, texts[r.scope], k1, k2):
                continue
            if not r.to_type:
                return False
            d.type, d.subtype = r.to_type, r.to_subtype
            d.plover = r.plover or _TYPE_PLOVER.get(d.type, d.plover)
        return True

    def _unasserted(self) -> set[int]:
        """Tokens of what the text says did not happen, or what a crowd did by itself: "did not intervene",
        "without intervening", "the crowd dispersed". The typing rules must not read them as an intervention."""
        out: set[int] = set()
        selfish = self.lex.cue("self_acting_verbs")
        grievance = self.lex.cue("grievance_heads")
        for t in self.doc:
            if t.dep_ == "prep" and t.lower_ in ("against", "over") and token_lemma(t.head) in grievance:
                # "a movement against police violence": the grievance, not what the crowd did
                out.update(x.i for x in t.subtree)
            if t.pos_ not in ("VERB", "AUX"):
                continue
            negated = any(c.dep_ == "neg" for c in t.children) or (
                t.dep_ == "pcomp" and t.head.lower_ in self.lex.cue("negations"))
            intransitive = token_lemma(t) in selfish and not any(
                c.dep_ in ("dobj", "nsubjpass", "auxpass", "agent") for c in t.children)
            if not (negated or intransitive):
                continue
            out.add(t.i)
            for c in t.children:  # the verb's own words, not the clauses it governs
                if c.dep_ in ("neg", "aux", "auxpass", "prt", "dobj", "advmod"):
                    out.update(x.i for x in c.subtree)
        return out

    @staticmethod
    def _rule_ok(r: Refinement, text: str, k1: str, k2: str) -> bool:
        if r.near_any and not has_phrase(text, r.near_any):
            return False
        if r.and_near_any and not has_phrase(text, r.and_near_any):
            return False
        if r.not_near_any and has_phrase(text, r.not_near_any):
            return False
        if r.actor1_kinds and k1 not in r.actor1_kinds:
            return False
        if r.actor2_kinds and k2 not in r.actor2_kinds:
            return False
        if k2 in r.not_actor2_kinds:
            return False
        return True

    # ------------------------------------------------------------------ not happenings, same happenings
    def _aggregate(self, d: Draft) -> bool:
        w = d.when
        if self._perfect_plural(d):
            return True
        if w.precision != "range" or not w.start or not w.end:
            return False
        return (date.fromisoformat(w.end) - date.fromisoformat(w.start)).days > _AGGREGATE_DAYS

    def _merge(self, drafts: list[Draft]) -> list[Draft]:
        out: list[Draft] = []
        for d in sorted(drafts, key=lambda d: min(d.sents)):
            target = self._antecedent(d, out)
            if target is not None:
                if target.where is not None and not self._place_told_in(d):
                    d.where = None  # a place borrowed from the sentence before says nothing about a reference back
                self._absorb(target, d)
                continue
            same = [o for o in out if self._same(o, d)]
            # the nearest telling wins: "attacks in X on Sunday, killing five" is one happening with its toll
            target = min(same, key=lambda o: min(abs(x - y) for x in o.sents for y in d.sents)) if same else None
            if target is not None:
                self._absorb(target, d)
            else:
                out.append(d)
        return out

    def _antecedent(self, d: Draft, earlier: list[Draft]) -> Draft | None:
        """An undated definite noun ("the attack", "his killing") refers back to the last event of its type."""
        tok = self.doc[d.anchor.token_i]
        scene = d.noun and not d.counts and self._at_scene(tok)
        if d.noun:
            if not (self._definite_noun(tok) or scene or self._beside_reference(d)):
                return None  # "the protests" usually sums up many happenings; "an attack" is a new one
        elif d.when.start or not (self._in_link_clause(tok) and d.where is None and not d.counts):
            return None  # "after shooting the ambassador": a reference back, not a second shooting
        generic = token_lemma(tok) in self.lex.cue("anaphor_nouns")
        for o in reversed(earlier):
            if any(k in o.counts for k in d.counts):
                continue
            if d.when.start and not (o.when.start and o.when.start <= (d.when.end or d.when.start)
                                     and d.when.start <= (o.when.end or o.when.start)):
                continue  # "Sunday's explosion" is the explosion told for Sunday, not another day's
            if o.type == d.type and (o.type != "Strategic developments" or o.subtype == d.subtype):
                return o
            if generic and o.type in _VIOLENT and d.type in _VIOLENT and o.type != "Protests":
                return o
        return None

    def _perfect_plural(self, d: Draft) -> bool:
        """"Dozens have been killed in sectarian clashes": a plural event noun under a present perfect with no
        date in its sentence sums up a period, it is not one happening."""
        tok = self.doc[d.anchor.token_i]
        if d.when.precision == "day":
            return False
        verb = tok
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        # "killed in clashes": the plural must be an event word, not the places ("looted in the townships")
        in_plural = any(g.tag_ == "NNS" and token_lemma(g) in self.lex.trigger_lemmas for c in verb.children
                        if c.dep_ == "prep" and c.lower_ in ("in", "during") for g in c.children if g.dep_ == "pobj")
        # a plural event noun as the subject or object of a perfect ("clashes have broken out", "have cleared
        # landmines") is how news leads tell one fresh happening; after a preposition ("blamed for attacks",
        # "killed in clashes") it sums up many
        if not (in_plural or any(self.doc[m.token_i].tag_ == "NNS" and self.doc[m.token_i].dep_ == "pobj"
                                 for m in d.members)):
            return False
        if self._deed_at_protests(d, verb):
            return False
        if not any(c.dep_ == "aux" and token_lemma(c) == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children):
            return False
        si = self.sent_of[tok.i]
        return not any(dm.token_i >= 0 and self.sent_of.get(dm.token_i) == si and dm.when is not None and dm.when.start
                       for dm in self.ctx.dates)

    def _deed_at_protests(self, d: Draft, verb: Token) -> bool:
        """"Activists have been detained during protests": an arrest told at protests is what the state did to
        them (cues.yaml protest_escalation), one intervention, not a tally of many happenings."""
        if self._severity(d) is not None or self._protest_reading(d) is None:
            return False
        protest_at = {m.token_i for m in self.ctx_mentions if m.type == "Protests"}
        return any(g.i in protest_at for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "at")
                   for g in c.children if g.dep_ == "pobj")

    def _beside_reference(self, d: Draft) -> bool:
        """"a 12-kilogram bomb caused the blast": an undated mention sharing a clause with a reference back
        ("the blast") to an event of its type is about that event."""
        if d.when.start or d.counts:
            return False
        tok = self.doc[d.anchor.token_i]
        for m in self.ctx_mentions:
            o = self.doc[m.token_i]
            if o.i != tok.i and m.type == d.type and o.head.i == tok.head.i and self._definite_noun(o) \
                    and o.tag_ != "NNS" and not any(dm.token_i >= 0 and self.sent_of.get(dm.token_i) == self.sent_of[o.i]
                                                   and dm.when is not None and dm.when.start for dm in self.ctx.dates):
                return True
        return False

    def _at_scene(self, tok: Token) -> bool:
        """Whether an event noun names the happening whose scene is shown ("the scene of a bomb explosion")."""
        head = tok.head
        return (tok.dep_ == "pobj" and head.lower_ == "of" and head.head is not head
                and token_lemma(head.head) in self.lex.cue("scene_nouns"))

    def _place_told_in(self, d: Draft) -> bool:
        """Whether the draft's place is named in one of its own sentences."""
        return any(getattr(p, "place", None) == d.where and self.sent_of.get(p.token_i) in d.sents
                   for p in self.ctx.places if p.token_i >= 0)

    def _announced(self, d: Draft) -> When | None:
        """"The army says it has retaken X. ... In a statement on Saturday, the army's spokesman said ...": what a
        party says it has just done is dated by that party's dated statement in the next two sentences."""
        tok = self.doc[d.anchor.token_i]
        verb = tok
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        says = verb.head
        if not (any(c.dep_ == "aux" and token_lemma(c) == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
                and token_lemma(says) in self.lex.reporting_verbs and says.tag_ in ("VBZ", "VBP")):
            return None
        subj = subject_of(says)
        if subj is None:
            return None
        kind = self._source(subj, []).kind
        si = self.sent_of[tok.i]
        for sj in range(si + 1, min(si + 3, len(self.sents))):
            root = self.sents[sj].root
            other = subject_of(root) if token_lemma(root) in self.lex.reporting_verbs else None
            if other is None or self._source(other, []).kind != kind or kind in ("reporter", "unknown"):
                continue
            for dm in self.ctx.dates:
                if (dm.when is not None and dm.when.precision == "day" and dm.token_i >= 0
                        and self.sent_of.get(dm.token_i) == sj and is_ancestor(root, self.doc[dm.token_i])
                        and any(token_lemma(a) in self.lex.cue("statement_nouns") for a in self.doc[dm.token_i].ancestors)):
                    return replace(dm.when, strategy="announced")
        return None

    def _in_series(self, d: Draft) -> bool:
        """Whether the sentence opens with a next-in-series phrase ("In another attack", "In a third incident")."""
        sent = self.sents[self.sent_of[d.anchor.token_i]]
        words = self.lex.cue("series_words")
        return any(t.lower_ in words for t in sent[:4])

    def _contrasted(self, d: Draft) -> bool:
        """Whether a mention is told as a different happening ("another attack", "a third incident")."""
        words = self.lex.cue("contrast_words")
        tok = self.doc[d.anchor.token_i]
        near = list(tok.children) + [g for c in tok.children if c.dep_ == "prep" for g in c.subtree]
        if tok.head is not tok and tok.head.dep_ == "pobj":
            near += list(tok.head.children)
        sent = self.sents[self.sent_of[tok.i]]
        opener = [t for t in sent[:4]]
        return any(t.lower_ in words for t in near + opener)

    def _in_link_clause(self, tok: Token) -> bool:
        """Whether a verb mention is the object of "after"/"before" ("after shooting X")."""
        return tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ in self.lex.cue("link_preps")

    def _severity(self, d: Draft) -> int | None:
        """Rank of a protest or riot reading in cues.yaml's protest_severity, None for other events."""
        order = self.lex.cues.get("protest_severity", ())
        key = f"{d.type}: {d.subtype}".lower()  # cue lists are read in lower case
        return order.index(key) if key in order else None

    def _protest_reading(self, d: Draft) -> tuple[int, str, str] | None:
        """(rank, type, sub-type) a draft gives the protest it is told with: a protest or riot reading itself, or
        what an arrest or a state attack beside a protest makes of it (cues.yaml protest_escalation)."""
        rank = self._severity(d)
        if rank is not None:
            return rank, d.type, d.subtype
        key = f"{d.type}: {d.subtype}".lower()
        for rule in self.lex.cues.get("protest_escalation", ()):
            src, _, dst = (x.strip() for x in rule.partition("->"))
            if src != key or (d.type == "Violence against civilians" and (d.actor1 is None or d.actor1.kind != "state_forces")):
                continue
            to_type, _, to_sub = dst.partition(": ")
            order = self.lex.cues.get("protest_severity", ())
            if dst in order:
                proper = _PROPER.get(dst)
                if proper:
                    return order.index(dst), proper[0], proper[1]
        return None

    def _one_protest(self, a: Draft, b: Draft) -> bool:
        """Whether two drafts can tell one protest: both give a protest reading and one of them is a protest."""
        ra, rb = self._protest_reading(a), self._protest_reading(b)
        return ra is not None and rb is not None and (self._severity(a) is not None or self._severity(b) is not None)

    def _same(self, a: Draft, b: Draft) -> bool:
        # a protest told as peaceful in one sentence and as a riot, or with arrests, in the next is one happening
        # (the protest must be told first: an arrest told before a protest is usually what the protest is about)
        one = (a.type, a.subtype) != (b.type, b.subtype) and self._severity(a) is not None and self._one_protest(a, b)
        if a.type != b.type and not one:
            return False
        if a.type in ("Strategic developments",) and a.subtype != b.subtype and not one:
            return False
        if a.sents.isdisjoint(b.sents) and self._in_series(b):
            return False  # "In another attack, ...": the sentence says it is a further happening
        if one and (self._severity(a) is None or self._severity(b) is None) \
                and min(abs(x - y) for x in a.sents for y in b.sents) > 1:
            return False  # an arrest or a shooting is part of a protest only when told right beside it
        gap = min(abs(x - y) for x in a.sents for y in b.sents)
        # a bare mention (no date, no place, no figure) two sentences on still tells the same happening
        near = gap <= 1 or (gap <= 2 and not b.when.start and b.where is None and not b.counts
                            and self.para_of[min(a.sents)] == self.para_of[min(b.sents)])
        ka, kb = a.counts.get("killed"), b.counts.get("killed")
        # the same toll on the same day: told again ("five were killed on Sunday ... in all, five were killed")
        twin = (ka is not None and kb is not None and (ka.low, ka.best) == (kb.low, kb.best)
                and a.when.precision == "day" and a.when.start == b.when.start and not self._contrasted(b))
        if a.where is not None and b.where is not None:
            if a.where.geonameid != b.where.geonameid and not (twin and _within(a.where, b.where)):
                return False
        elif not near and not twin:
            return False
        if a.when.start and b.when.start:
            if a.when.start > (b.when.end or b.when.start) or b.when.start > (a.when.end or a.when.start):
                return False
        elif not near and not (a.where is not None and b.where is not None and a.where.feature == "place"
                               and a.when.start and not self._contrasted(b)):
            # an undated mention at the very town of a dated event of its type is told about that event
            return False
        for f in ("killed",):
            ca, cb = a.counts.get(f), b.counts.get(f)
            if ca and cb and (ca.best, ca.low) != (cb.best, cb.low):
                return False
        return True

    def _absorb(self, a: Draft, b: Draft) -> None:
        a.members += b.members
        a.sents |= b.sents
        if b.where is not None and (a.where is None or _place_rank(b.where) < _place_rank(a.where)):
            a.where = b.where
        if _PRECISION_RANK.get(b.when.precision, 5) < _PRECISION_RANK.get(a.when.precision, 5):
            a.when = b.when
        for k, v in b.counts.items():
            a.counts.setdefault(k, v)
        a.actor1 = a.actor1 or b.actor1
        # a party never fights itself: the other telling's victim is not the side this one already names
        if a.actor2 is None and b.actor2 is not None and not (a.actor1 is not None and a.actor1.name == b.actor2.name):
            a.actor2 = b.actor2
        for s in b.sources:
            if s not in a.sources:
                a.sources.append(s)
        ra, rb = self._protest_reading(a), self._protest_reading(b)
        if self._one_protest(a, b) and ra is not None and rb is not None and (self._severity(a) is None or rb[0] > ra[0]):
            # one protest: the gravest reading told of it decides its sub-type (ACLED: violent protesters make
            # a riot whatever the police did; lethal force outranks a dispersal; arrests make an intervention)
            best = max(ra, rb)
            a.type, a.subtype = best[1], best[2]
            a.plover = b.plover if best is rb and self._severity(b) is not None else _TYPE_PLOVER.get(a.type, a.plover)

    # ------------------------------------------------------------------ record
    def _event(self, d: Draft) -> Event:
        art = self.ctx.article
        evidence = []
        for si in sorted(d.sents):
            s = self.sents[si]
            text = s.text.strip()
            start = s.start_char + (len(s.text) - len(s.text.lstrip()))
            evidence.append(Evidence(text=text, start=start, end=start + len(text)))
        historical = False
        if self.published and d.when.end:
            historical = date.fromisoformat(d.when.end) < self.published - timedelta(days=365)
        sources = tuple(d.sources) or (Source(text="", name=art.source, kind="reporter"),)
        trigger = self.doc[d.anchor.token_i].text
        return Event(
            id=event_id(art.id, d.type, d.subtype, evidence[0].start if evidence else 0, trigger),
            article=art.id, type=d.type, subtype=d.subtype, plover=d.plover,
            actor1=d.actor1, actor2=d.actor2, where=d.where, when=d.when,
            killed=d.counts.get("killed"), injured=d.counts.get("injured"), arrested=d.counts.get("arrested"),
            participants=d.counts.get("participants"), released=d.counts.get("released"),
            sources=sources, certainty=d.certainty, historical=historical, evidence=tuple(evidence),
            articles=(art.id,), trigger=trigger,
        )


# ACLED "type: sub-type" in lower case -> its proper spelling (cue lists are read in lower case)
_PROPER = {f"{t}: {s}".lower(): (t, s) for t, subs in ACLED_TYPES.items() for s in subs}


def _span_text(span: Span, skip: set[int] | frozenset[int] = frozenset()) -> str:
    """Lower-case words and lemmas of a sentence, space-padded for phrase search (like clause_text)."""
    return _words([t for t in span if t.i not in skip])


def _words(toks: Sequence[Token]) -> str:
    """Lower-case words and lemmas of tokens, space-padded for phrase search."""
    return " " + " ".join(t.lower_ for t in toks) + " " + " ".join(token_lemma(t) for t in toks) + " "


def _within(a: Place, b: Place) -> bool:
    """Whether one place is the country of the other ("in Jordan" and "in Karak")."""
    return (a.feature == "country" and a.country == b.country) or (b.feature == "country" and b.country == a.country)


def _starts_with(tok: Token, phrases: frozenset[str]) -> bool:
    """Whether the words of a token's subtree start with one of the phrases ("in connection with ...")."""
    words = " ".join(t.lower_ for t in tok.subtree) + " "
    return any(words.startswith(p + " ") for p in phrases)


def _place_rank(p: Place) -> tuple[int, int]:
    return (p.precision if p.feature == "place" else p.precision + 3, -len(p.text or ""))


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None
