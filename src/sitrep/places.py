"""Place stage: find place names in a Doc, resolve them to GeoNames entries, and pick an event's place."""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.gazetteer import Gazetteer, GeoRow, admin1_abbreviations, demonyms, normalise, place_words
from sitrep.geo import km
from sitrep.records import Place
from sitrep.nlp.paragraphs import blank_line_between
from sitrep.resolve.dateline import dateline_end
from sitrep.resolve.focus import focus_by_votes

KINDS = ("place", "demonym", "part", "relative", "country_scope", "embedded")
# Kinds that name a place but never say where an event happened: "Turkish", "the Texas Forest Service"
_NOT_EVENT_KINDS = frozenset({"demonym", "embedded"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETS = frozenset({"the", "a", "an"})
_GENERIC_PREFIX = "the "
_WORD = re.compile(r"[^\W\d_]+")
# Single words the model missed are only taken from the gazetteer for places at least this big
_MIN_POP_SINGLE = 20000
_MIN_POP_MULTI = 2000
_MIN_POP_BIG = 100_000


@dataclass(frozen=True)
class PlaceMention:
    """A place phrase in a Doc: char offsets into doc.text, its kind, the bare name and, once resolved, the Place."""

    start: int
    end: int
    text: str
    kind: str  # place | demonym | part | relative | country_scope | embedded (a place word inside a name)
    name: str
    place: Place | None = None
    sent_i: int = -1
    token_i: int = -1  # the phrase's syntactic head token, for attaching it to an event
    tagged: bool = False  # the model itself called the name a place (GPE/LOC/FAC)

    def as_dict(self, article_id: str) -> dict[str, Any]:
        """Flat record for `sitrep places` output."""
        p = self.place
        return {
            "article": article_id, "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "geonameid": p.geonameid if p else None, "name": p.name if p else self.name,
            "feature": p.feature if p else None, "admin1": p.admin1 if p else None,
            "country": p.country if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
            "strategy": p.strategy if p else None, "score": p.score if p else None,
        }


# ---------------------------------------------------------------- finding

def _is_generic(name: str) -> bool:
    return name.startswith(_GENERIC_PREFIX)


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int, str]:
    a = doc[start].idx
    b = doc[end - 1].idx + len(doc[end - 1].text)
    return a, b, doc[start:end].text  # doc.text would re-join the whole Doc on every call


def _span_root(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the last one when heads are missing)."""
    if not doc.has_annotation("DEP"):
        return end - 1
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return i
    return end - 1


def _is_cap(tok: Token) -> bool:
    text = tok.text
    return bool(text) and text[0].isupper() and (text.istitle() or (text.isupper() and len(text) > 1)
                                                  or any(c.islower() for c in text[1:]))


def _extend_article_left(doc: Doc, start: int) -> int:
    """Take a lower-case Arabic article into the name: "al-Rastan" tokenised as al / - / Rastan."""
    arts = place_words()["name_articles"]
    if start >= 2 and doc[start - 1].text in ("-", "‐") and doc[start - 2].lower_ in arts:
        return start - 2
    if start >= 1 and doc[start - 1].lower_.rstrip("-‐") in arts and doc[start - 1].text.endswith(("-", "‐")):
        return start - 1
    return start


class _Finder:
    """One pass over a Doc: base names (entities + gazetteer), then the phrase grammar around them."""

    def __init__(self, doc: Doc, gaz: Gazetteer | None) -> None:
        self.doc = doc
        self.gaz = gaz
        self.words = place_words()
        self.demonyms = demonyms()
        self.abbreviations = admin1_abbreviations()
        self.has_tags = doc.has_annotation("TAG") or doc.has_annotation("POS")
        # token char offsets and sentence starts as arrays: walking Token objects is the slow part of the stage
        self.idx = doc.to_array(IDX) if len(doc) else numpy.zeros(0, dtype="uint64")
        starts = [0]
        if doc.has_annotation("SENT_START") and len(doc):
            starts += [int(i) for i in numpy.flatnonzero(doc.to_array(SENT_START) == 1) if i > 0]
        self.sent_starts = starts
        self.taken = [False] * len(doc)
        self.text = doc.text  # joined once: Doc.text rebuilds the string on every access
        # surnames of the people named in full: a lone "Ripley" after "John Ripley" is the person
        self.surnames = {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
        # and their first names: "Georgia Smith" ... "Georgia said" / "Georgia's coach" is the same person
        # ("Greer Station" mistagged as a person names a place: its last word is a place noun)
        place_nouns = self.words["facility_nouns"] | self.words["part_nouns"] | self.words["generic_places"]
        self.first_names = {ent[0].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) == 2
                            and ent[1].lower_ not in place_nouns}

    def personal(self, start: int, end: int) -> bool:
        """A one-word name that is someone's surname here, after a title ("Sen. Lincoln"), or who speaks ("X said")."""
        doc = self.doc
        if start > 0 and doc[start - 1].lower_.rstrip(".") in self.words["person_titles"]:
            return True
        if end - start == 1 and doc[start].dep_ == "nsubj" and doc[start].head.lemma_.lower() in self.words["speech_verbs"] \
                and not self.big_city(doc[start].text) \
                and (self.gaz is None or all(r.feature == "place" for r in self.gaz.lookup(doc[start].text))):
            return True  # "Petrova said": a person (a big town or a country speaking is a government)
        if end - start == 1 and self.after_kin(start):
            return True  # "his wife, X," / "daughters, X and Y"
        if end - start == 1 and doc[start].lower_ in self.first_names and self.person_slot(start):
            return True
        return end - start == 1 and doc[start].lower_ in self.surnames

    def after_kin(self, start: int) -> bool:
        """Whether a name follows "<relative noun> ," directly or as the second of "X and Y"."""
        doc, kin = self.doc, self.words["kin_nouns"]
        k = start - 1
        if k >= 2 and doc[k].lower_ == "and" and _is_cap(doc[k - 1]):
            k -= 2
        return k >= 1 and doc[k].text == "," and doc[k - 1].lower_ in kin

    def person_slot(self, i: int) -> bool:
        """A lone first name where a person stands: speaking, owning ("X's"), or subject of a verb."""
        doc = self.doc
        if i + 1 < len(doc) and doc[i + 1].text in _POSSESSIVE:
            return True
        if i > 0 and doc[i - 1].lower_ in ("said", "says", "told", "added"):
            return True
        return doc.has_annotation("DEP") and doc[i].dep_ in ("nsubj", "nsubjpass") \
            and _governing_prep(doc[i]) is None

    def tokens_starting(self, offsets: Iterable[int]) -> list[int]:
        """Indices of the tokens that start exactly at the given char offsets (others skipped)."""
        out = []
        n = len(self.idx)
        for off in offsets:
            i = int(numpy.searchsorted(self.idx, off))
            if i < n and int(self.idx[i]) == off:
                out.append(i)
        return out

    def sent_of(self, i: int) -> int:
        return bisect.bisect_right(self.sent_starts, i) - 1

    def mention(self, start: int, end: int, kind: str, name: str, head: int | None = None) -> PlaceMention:
        a, b, text = _char_span(self.doc, start, end)
        # with a parse the phrase's own root attaches it to events; without one, the given head word
        root = _span_root(self.doc, start, end) if head is None or self.doc.has_annotation("DEP") else head
        return PlaceMention(a, b, text, kind, name, None, self.sent_of(root), root)

    # -- base names
    def base_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, label) of candidate names: model entities, then gazetteer matches it missed."""
        doc = self.doc
        spans: list[tuple[int, int, str]] = []
        place_heads: set[int] = set()
        for ent in doc.ents:
            label = ent.label_
            lower = ent.text.lower()
            first_word = doc[ent.start + 1] if doc[ent.start].lower_ == "the" and len(ent) > 1 else doc[ent.start]
            if not any(t.text[:1].isupper() for t in ent) or first_word.lower_.rstrip(".") in self.words["person_titles"] \
                    or (label != "NORP" and self.personal(first_word.i, ent.end)):
                pass  # "passenger van", "Ms.", a surname: no place name
            elif label in _PLACE_LABELS:
                first = ent.start + 1 if doc[ent.start].lower_ == "the" and len(ent) > 1 else ent.start
                spans.append((_extend_article_left(doc, first), ent.end, label))
                place_heads.update(range(ent.start, ent.end))
            elif lower in self.demonyms or doc[ent.end - 1].lower_ in self.demonyms:
                spans.append((ent.start, ent.end, "NORP"))
            elif label == "ORG" and doc[ent.end - 1].lower_ in self.words["facility_nouns"]:
                spans.append((ent.start, ent.end, "FACORG"))
            elif label == "NORP" and self.gaz_ok(ent.text, _MIN_POP_MULTI):
                # the small model often calls Arab towns NORP ("Aleppo", "al-Rastan")
                spans.append((ent.start, ent.end, "GAZ"))
                place_heads.update(range(ent.start, ent.end))
            elif label in ("PERSON", "ORG", "PRODUCT") and (
                    (self.placelike(ent, place_heads)
                     and self.gaz_ok(ent.text, 0 if self.named_apposition(ent) else _MIN_POP_MULTI))
                    or (self.primary_ok(ent.text) and self.big_city(ent.text))):
                # the small model also calls big towns ORG in subject position ("Hama developed into...")
                spans.append((ent.start, ent.end, "GAZ"))
            elif label == "ORG" and (inner := self.inner_place(first_word.i, ent.end)) is not None:
                spans.append((*inner, "EMBEDDED"))  # "the Dublin City Council", "CTV Winnipeg"
            elif label == "ORG" and len(ent) > 1 and first_word.lower_ in self.demonyms and first_word.i + 1 < ent.end:
                spans.append((first_word.i, first_word.i + 1, "NORP"))  # "American Airlines"
            for i in range(ent.start, ent.end):
                self.taken[i] = True
        for start, end, _ in spans:
            for i in range(start, end):
                self.taken[i] = True
        spans.extend(self.gazetteer_spans())
        spans.extend(self.generic_spans())
        spans.sort()
        return spans

    def gaz_ok(self, text: str, floor: int) -> bool:
        """Whether the gazetteer knows `text` as a place of at least `floor` people (or a country/province)."""
        if self.gaz is None:
            return False
        rows = self.gaz.lookup(text)
        if not rows and " " in text.strip():
            rows = self.gaz.fuzzy(text)
        return bool(rows) and (rows[0].population >= floor or rows[0].feature != "place")

    def primary_ok(self, text: str) -> bool:
        """Whether `text` is the main name of some gazetteer entry (not only an alternate: "Hamas" is not Hamm)."""
        return self.gaz is not None and any(self.gaz.is_primary_match(text, r) for r in self.gaz.lookup(text))

    def inner_place(self, start: int, end: int) -> tuple[int, int] | None:
        """The first place name inside a longer name, as token offsets: at its start, or after other words."""
        if end - start < 2:
            return None
        for a in range(start, end):
            k = self.leading_place(a, end, inside=a > start)
            if k is not None and (a > start or k < end):
                return a, k
        return None

    def leading_place(self, start: int, end: int, inside: bool = False) -> int | None:
        """End of a place name that opens a longer name ("Dublin City Council", "Texas Forest Service"), or None."""
        doc = self.doc
        if doc[start].lower_ == "the":
            start += 1
        if self.gaz is None or (end - start < 2 and not inside):
            return None
        common = self.words["facility_nouns"] | self.words["part_nouns"] | self.words["not_places"] \
            | self.words["directions"]
        for k in range(min(end if inside else end - 1, start + 3), start, -1):
            if not all(_is_cap(t) for t in doc[start:k]) or (k - start == 1 and doc[start].lower_ in common):
                continue
            if k - start > 1 and doc[k - 1].lower_ in self.words["county_nouns"]:
                return k  # "the Boone County Fair": a county, placed later from context
            name = doc[start:k].text
            rows = [r for r in self.gaz.lookup(name) if self.gaz.is_primary_match(name, r) or r.feature == "country"]
            # a one-word town must be a real town ("Spring", "Metro" open many names); the resolver checks
            # later that a small one lies in the article's country
            floor = _MIN_POP_SINGLE
            if rows and (rows[0].feature != "place" or rows[0].population >= floor):
                return k
        return None

    def big_city(self, text: str) -> bool:
        """Whether a one-word name is, first of all, a populated place of over 100,000 people."""
        if self.gaz is None or " " in text.strip():
            return False
        rows = self.gaz.lookup(text)
        return bool(rows) and rows[0].feature == "place" and rows[0].population >= _MIN_POP_BIG

    def placelike(self, ent: Span, place_heads: set[int]) -> bool:
        """A PERSON/ORG entity in a place's slot: object of a place preposition, or joined to a place by "and"."""
        if not self.doc.has_annotation("DEP"):
            return False
        root = ent.root
        prep = _governing_prep(root)
        if prep is not None and prep.lower_ in self.words["event_preps"] | self.words["route_preps"]:
            return True
        return self.named_apposition(ent) or (root.dep_ == "conj" and root.head.i in place_heads)

    def named_apposition(self, ent: Span) -> bool:
        """"a town north of the city, X,": an apposition to a place noun or a direction names the town."""
        root = ent.root
        return root.dep_ == "appos" and root.head.lower_ in self.words["generic_places"] | self.words["directions"]

    def gazetteer_spans(self) -> list[tuple[int, int, str]]:
        """Capitalised runs the model left untagged that name a populated place, or demonyms."""
        doc, out = self.doc, []
        not_places = self.words["not_places"]
        n = len(doc)
        text = self.text
        # only tokens that start with a capital letter can open a name: find them in the text, not token by token
        caps = self.tokens_starting(m.start() for m in _WORD.finditer(text) if text[m.start()].isupper())
        next_free = 0
        for i in caps:
            if i < next_free:
                continue
            tok = doc[i]
            if self.taken[i] or not _is_cap(tok) or tok.lower_.rstrip(".") in not_places \
                    or tok.lower_.rstrip(".") in self.words["person_titles"] or self.personal(i, i + 1):
                continue
            if tok.text in self.abbreviations and "." in tok.text:
                out.append((i, i + 1, "GAZ"))  # "Ky.", "B.C.": a province
                self.taken[i] = True
                continue
            j = i
            while j < n and j - i < 4 and not self.taken[j] and _is_cap(doc[j]):
                j += 1
            matched = False
            for end in range(j, i, -1):  # longest first
                start = _extend_article_left(doc, i)
                words = doc[i:end]
                lower = words.text.lower()
                if end - i == 1 and lower in self.demonyms:
                    out.append((i, end, "NORP"))
                    matched = True
                    break
                shouted = all(t.text.isupper() and len(t.text) > 4 for t in words)  # "BEIRUT:", tagged anyhow
                if self.gaz is None or (self.has_tags and not shouted
                                        and any(t.pos_ not in ("PROPN", "") for t in words)):
                    continue
                if end - i == 1 and i == self.sent_starts[self.sent_of(i)] and not self.has_tags:
                    continue  # a capital letter at a sentence start says nothing
                rows = self.gaz.lookup(words.text)
                if end - i == 1:  # one word: a main name, or another name of a big town ("Dad", "Malia" are not)
                    rows = [r for r in rows if self.gaz.is_primary_match(words.text, r)
                            or r.population >= _MIN_POP_BIG]
                floor = _MIN_POP_SINGLE if end - i == 1 else _MIN_POP_MULTI
                if rows and (rows[0].population >= floor or rows[0].feature == "country"):
                    out.append((start, end, "GAZ"))
                    matched = True
                    break
            for k in range(i, j if matched else i + 1):
                self.taken[k] = True
            next_free = j if matched else i + 1
        return out

    def generic_spans(self) -> list[tuple[int, int, str]]:
        """"the city", "the capital", "the country": anaphors resolved later from context."""
        doc, out = self.doc, []
        generic = self.words["generic_places"] | {"country"}
        found = (m.start() for m in _WORD.finditer(self.text) if m.group().lower() in generic)
        for i in self.tokens_starting(found):
            tok = doc[i]
            if i > 0 and doc[i - 1].lower_ == "the" and not self.taken[i]:
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                if nxt is not None and (_is_cap(nxt) or nxt.lower_ == "of"):
                    continue  # "the capital Damascus", "the city of Y": the name itself is the mention
                out.append((i - 1, i + 1, "GENERIC"))
        return out

    # -- grammar
    def run(self) -> list[PlaceMention]:
        doc, w = self.doc, self.words
        out: list[PlaceMention] = []
        used_until = -1
        for start, end, label in self.base_spans():
            if start < used_until:
                continue
            name = doc[start:end].text
            if self.dedicated(start):
                # "the church of St. Paul": a name inside the building's name, never where an event happened
                out.append(self.mention(start, end, "embedded", name))
                used_until = max(used_until, end)
                continue
            if label == "GENERIC":
                name = _GENERIC_PREFIX + doc[end - 1].lower_
            if label == "NORP":
                if self.language(start, end):
                    continue  # "speaks French": a language, no place at all
                if doc[start:end].text.lower() in self.demonyms or doc[end - 1].lower_ in self.demonyms:
                    out.append(self.mention(start, end, "demonym", name))
                continue
            if label == "EMBEDDED":
                out.append(self.mention(start, end, "embedded", name))
                used_until = max(used_until, end)
                continue
            if label == "FACORG":
                m = self.facility(start, end)
                if m is not None:
                    out.append(m)
                continue
            m = (self.part_before(start, end, name) or self.possessive_part(start, end, name)
                 or self.part_after_in(start, end, name) or self.relative(start, end, name)
                 or self.region(start, end, name) or self.scope(start, end, name)
                 or self.plural_parts(start, end, name))
            if m is None:
                if label == "FAC" and doc[end - 1].lower_ in w["part_nouns"] | w["facility_nouns"]:
                    m = self.facility(start, end)
                    if m is None:
                        continue
                else:
                    m = self.mention(start, end, "place", name)
            if label in _PLACE_LABELS:
                m = replace(m, tagged=True)
            out.append(m)
            used_until = max(used_until, self.token_end(m))
        runs = [self.feature_name_run(m) for m in out]
        # only a run the model cut into two or more town names ("San Lorenzo" + "Norte") is dropped; one naming a
        # province or country ("the North Texas Metroplex area") keeps its places
        broad = {r for m, r in zip(out, runs) if r is not None and self.gaz is not None
                 and any(row.feature in ("admin1", "country") and self.gaz.is_primary_match(m.name, row)
                         for row in self.gaz.lookup(m.name))}
        out = [m for m, r in zip(out, runs) if r is None or r in broad or sum(1 for x in runs if x == r) < 2]
        # a name swallowed by a longer phrase ("Salaheddine" in "the Salaheddine district of Aleppo") goes
        return [m for m in out if not any(o is not m and o.start <= m.start and m.end <= o.end
                                          and o.end - o.start > m.end - m.start for o in out)]

    def dedicated(self, start: int) -> bool:
        """Whether a name follows "church of" ("the church of St. Peter and St. Paul"): a patron, not a place."""
        doc, j = self.doc, start - 1
        if j >= 0 and doc[j].lower_ in ("and", "&"):
            j -= 1
            k = j
            while j >= 0 and k - j < 4 and (_is_cap(doc[j]) or doc[j].text == "."):
                j -= 1  # back over the first patron's name
            if j == k:
                return False
        return j >= 1 and doc[j].lower_ == "of" and doc[j - 1].lower_ in self.words["dedication_nouns"]

    def feature_name_run(self, m: PlaceMention) -> tuple[int, int] | None:
        """The run of proper nouns around `m` when it names a local feature ("the Puerto Lindo Norte junction"):
        the model's pieces of such a run must not be resolved one by one to towns far away."""
        if m.kind not in ("place",):
            return None
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        a, b = span.start, span.end
        while a > 0 and self.doc[a - 1].pos_ == "PROPN" and _is_cap(self.doc[a - 1]):
            a -= 1
        while b < len(self.doc) and self.doc[b].pos_ == "PROPN" and _is_cap(self.doc[b]):
            b += 1
        if (a, b) == (span.start, span.end):
            return None  # the whole name: "the Kabul airport" is at Kabul
        last = self.doc[b - 1]
        if last.dep_ == "compound" and last.head.pos_ == "NOUN" and last.head.i == b and last.head.is_lower:
            return (a, b)
        return None

    def language(self, start: int, end: int) -> bool:
        """Whether a one-word demonym names a language: "speaks (fluent) French", "English language classes"."""
        doc, w = self.doc, self.words
        if end - start != 1:
            return False
        if end < len(doc) and doc[end].lower_ in w["language_nouns"]:
            return True
        k = start - 1
        if k >= 0 and doc[k].lower_ in w["language_fillers"] and doc[k].lower_ not in w["language_verbs"]:
            k -= 1
        return k >= 0 and doc[k].lower_ in w["language_verbs"]

    def token_end(self, m: PlaceMention) -> int:
        """Index after the last token of a mention (to skip names it swallowed)."""
        for i in range(max(0, m.token_i), len(self.doc)):
            if self.doc[i].idx >= m.end:
                return i
        return len(self.doc)

    def facility(self, start: int, end: int) -> PlaceMention | None:
        """"Aleppo University", "Kabul airport": a part of the place its first words name."""
        if self.gaz is None:
            return None
        for k in range(end - 1, start, -1):
            name = self.doc[start:k].text
            rows = self.gaz.lookup(name)
            # the main name of a real town only: alternates hold odd words ("Third", "Royal")
            if rows and rows[0].feature == "place" and self.gaz.is_primary_match(name, rows[0]) \
                    and rows[0].population >= (_MIN_POP_SINGLE if k - start == 1 else _MIN_POP_MULTI):
                return self.mention(start, end, "part", name)
            if rows and rows[0].feature != "place" and self.gaz.is_primary_match(name, rows[0]):
                return self.mention(start, k, "embedded", name)  # "Texas Tech University": named after, not in
        return None

    def part_before(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"the X neighborhood of Y" / "the old quarter of Y" -> a part of Y."""
        doc, parts = self.doc, self.words["part_nouns"]
        if start < 2 or doc[start - 1].lower_ != "of" or doc[start - 2].lower_ not in parts:
            return None
        p = start - 2
        first = p
        for k in range(p - 1, max(-1, p - 7), -1):
            t = doc[k]
            if t.lower_ in _DETS:
                first = k
                break
            if t.is_punct and t.text not in ("-", "'", "’") or t.lower_ in ("in", "at", "on", "of", "from", "to"):
                break
            first = k
        return self.mention(first, end, "part", name, head=p)

    def possessive_part(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"Y's X district", "the capital's X district" -> a part of Y."""
        doc, parts = self.doc, self.words["part_nouns"]
        if end >= len(doc) or doc[end].text not in _POSSESSIVE:
            return None
        for k in range(end + 1, min(len(doc), end + 6)):
            if doc[k].lower_ in parts:
                return self.mention(start, k + 1, "part", name, head=k)
            if doc[k].is_punct and doc[k].text not in ("-", "'", "’"):
                return None
        return None

    def part_after_in(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"X Square in Y" -> a part of Y, the phrase starting at X."""
        doc, parts = self.doc, self.words["part_nouns"] | self.words["facility_nouns"]
        if start < 3 or doc[start - 1].lower_ not in ("in", "of") or doc[start - 2].lower_ not in parts:
            return None
        if not _is_cap(doc[start - 2]) or not _is_cap(doc[start - 3]):
            return None
        first = start - 3
        while first > 0 and _is_cap(doc[first - 1]) and first > start - 7:
            first -= 1
        if first > 0 and doc[first - 1].lower_ == "the":
            first -= 1
        return self.mention(first, end, "part", name, head=start - 2)

    def plural_parts(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"two Homs neighborhoods" -> parts of Homs."""
        doc = self.doc
        if end < len(doc) and doc[end].lower_ in self.words["part_nouns"] and doc[end].lower_.endswith("s") \
                and not (end + 1 < len(doc) and doc[end + 1].lower_ == "of"):
            return self.mention(start, end + 1, "part", name, head=end)
        return None

    def relative(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"30 miles south of Y", "a town north of Y", "on the outskirts of Y" -> near Y."""
        doc, w = self.doc, self.words
        if start < 2 or doc[start - 1].lower_ != "of":
            return None
        d = start - 2
        word = doc[d].lower_
        if word not in w["directions"] and word not in w["near_words"]:
            return None
        first = d
        if d >= 1 and doc[d - 1].lower_ in w["distance_units"]:
            first = d - 1
            if d >= 2 and (doc[d - 2].like_num or doc[d - 2].pos_ == "NUM"):
                first = d - 2
                if d >= 3 and doc[d - 3].lower_ in ("some", "about", "around", "nearly", "roughly"):
                    first = d - 3
        elif d >= 1 and doc[d - 1].lower_ in ("the",) and word in w["near_words"]:
            first = d - 1
        elif d >= 2 and doc[d - 1].lower_ in w["generic_places"] and doc[d - 2].lower_ in ("a", "an", "the"):
            first = d - 2  # "a town north of Y"
        return self.mention(first, end, "relative", name, head=d)

    def region(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"Homs province", "the province of Homs" -> the province (admin1)."""
        doc, regions = self.doc, self.words["region_nouns"]
        if end < len(doc) and doc[end].lower_ in regions:
            return self.mention(start, end + 1, "place", f"{name} {doc[end].lower_}")
        if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in regions \
                and doc[start - 3].lower_ == "the":
            return self.mention(start - 3, end, "place", f"{name} {doc[start - 2].lower_}", head=start - 2)
        return None

    def scope(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"across Syria", "throughout the country" -> the whole country."""
        doc = self.doc
        if start < 1 or doc[start - 1].lower_ not in self.words["scope_words"]:
            return None
        if name == "the country" or (self.gaz is not None and (row := self.gaz.country(name)) is not None
                                     and row.feature == "country"):
            return self.mention(start - 1, end, "country_scope", name, head=start)
        return None


def find_place_mentions(doc: Doc, gaz: Gazetteer | None = None) -> list[PlaceMention]:
    """Place phrases of a Doc, in text order (unresolved: `place` is None)."""
    return _Finder(doc, gaz).run()


# ---------------------------------------------------------------- resolving

def _km(a: GeoRow | Place, b: GeoRow | Place) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 1e9
    return km(a.lat, a.lon, b.lat, b.lon)


def _precision(kind: str, row: GeoRow) -> int:
    if row.feature != "place":
        return 3
    return 2 if kind == "relative" else 1


def _place(m: PlaceMention, row: GeoRow, strategy: str, score: float) -> Place:
    return Place(text=m.text, name=row.name, geonameid=row.geonameid, feature=row.feature, admin1=row.admin1,
                 country=row.country, lat=row.lat, lon=row.lon, precision=_precision(m.kind, row),
                 strategy=strategy, score=round(score, 3))


def _is_acronym(name: str) -> bool:
    """"SRT", "B", "PA": capitals only, at most four letters (alternate names hold airport and other codes)."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _strategies(gaz: Gazetteer) -> list[tuple[str, Callable[[str], list[GeoRow]]]]:
    """Ordered named ways to get candidates for a name; the first that yields any wins."""
    words = place_words()
    regions, natural = words["region_nouns"], words["natural_features"]
    abbreviations = admin1_abbreviations()

    def abbreviation(name: str) -> list[GeoRow]:
        text = name.strip()
        code = abbreviations.get(text) if ("." in text or len(text) > 2) else None
        row = gaz.admin1_by_code(code) if code else None
        return [row] if row is not None else []

    def region(name: str) -> list[GeoRow]:
        parts = name.split()
        if len(parts) > 1 and parts[-1].lower() in regions:
            row = gaz.admin1(None, " ".join(parts[:-1]))
            rows = [r for r in gaz.lookup(" ".join(parts[:-1])) if r.feature == "admin1"]
            return rows or ([row] if row else [])
        return []

    def country(name: str) -> list[GeoRow]:
        rows = gaz.lookup(name)
        if not any(r.feature == "country" for r in rows):
            return []
        # a province or a town of the same main name competes ("Georgia" the state, Lebanon in Ohio)
        return [r for r in rows if r.feature == "country" or gaz.is_primary_match(name, r)]

    def natural_feature(name: str) -> bool:
        return any(w.lower().rstrip(".") in natural for w in name.split())

    def exact(name: str) -> list[GeoRow]:
        rows = [r for r in gaz.lookup(name) if gaz.is_primary_match(name, r)]
        if _is_acronym(name):  # "LIMA" in capitals is still Lima; "PA" or "B" is not a town
            rows = [r for r in rows if r.feature != "place" or r.population >= _MIN_POP_BIG]
        return rows

    def alternate(name: str) -> list[GeoRow]:
        if natural_feature(name):
            return []  # "Lake X" is no town's other name
        short = len(gaz.key_of(name).replace(" ", "")) < 4 or _is_acronym(name)
        return [r for r in gaz.lookup(name) if not (short and r.feature == "place")]

    common = words["part_nouns"] | words["facility_nouns"] | words["generic_places"] | words["not_places"]

    def fuzzy(name: str) -> list[GeoRow]:
        parts = name.split()
        # only proper names are respelt: "Town Hall", "a Wal-Mart" or "Market District" are not variants of towns
        if natural_feature(name) or _is_acronym(name) or len(gaz.key_of(name)) < 5 \
                or any(p.lower() in common for p in parts) \
                or not all(p[:1].isupper() or p.lower().rstrip("-") in words["name_articles"] for p in parts):
            return []
        return gaz.fuzzy(name)

    return [("abbreviation", abbreviation), ("region", region), ("country", country), ("exact", exact),
            ("alternate", alternate), ("fuzzy", fuzzy)]


def _candidates(gaz: Gazetteer, name: str, strategies: list[tuple[str, Callable[[str], list[GeoRow]]]]
                ) -> tuple[str, list[GeoRow]]:
    if gaz.key_of(name) in _world_regions():
        return "none", []
    parts = name.split()
    if len(parts) == 1 and name.lower() in place_words()["directions"]:
        return "none", []  # "East", "Northeast": a direction, not the province some country calls so
    if len(parts) > 1 and parts[-1].lower() in place_words()["county_nouns"]:
        return "county", []  # placed from context once the article's provinces are known
    for label, fn in strategies:
        rows = fn(name)
        if not rows and label == "fuzzy" and (town := _municipality_town(name)) is not None:
            rows = [r for r in dict(strategies)["exact"](town) if r.feature == "place"]
            label = "municipality"
        if not rows and label == "fuzzy" and len(parts) > 1 and parts[0].lower() in _area_words():
            # "Far North Queensland", "Northern Texas", "Central Java": an area of the named province or country
            rest = parts[1:]
            while len(rest) > 1 and rest[0].lower() in _area_words():
                rest = rest[1:]
            rows = [r for r in gaz.lookup(" ".join(rest)) if r.feature != "place"]
            label = "area"
        if rows:
            if label == "exact":  # a primary-name hit still competes with bigger alternate-name places
                ids = {r.geonameid for r in rows}
                alt = [r for r in dict(strategies)["alternate"](name) if r.geonameid not in ids]
                rows = rows + alt
            return label, _province_first(rows)[:12]
    return "none", []


def _municipality_town(name: str) -> str | None:
    """The town's name inside "X Township" / "City of X" / "Town of X", or None."""
    words = place_words()["municipality_words"]
    parts = name.split()
    if len(parts) >= 3 and parts[0].lower() in words and parts[1].lower() == "of":
        return " ".join(parts[2:])
    if len(parts) >= 2 and parts[-1].lower().rstrip(".") in words:
        return " ".join(parts[:-1])
    return None


def _own_town(a1: GeoRow, rows: list[GeoRow]) -> bool:
    """Whether the name means a town: the province's main town (Homs in Homs) or a big one of its country.

    A province named like a lesser town of its own (Quebec, whose biggest town is elsewhere) keeps the name;
    a city of the same name abroad at least half the province's size takes it (a far province is no better
    guess than a big city)."""
    return any(r.feature == "place"
               and ((r.country == a1.country
                     and ((r.admin1 == a1.name and r.population >= 0.2 * a1.population) or
                          (r.admin1 != a1.name and r.population >= _MIN_POP_BIG)))
                    or (r.country != a1.country and r.population >= max(_MIN_POP_BIG, 0.5 * a1.population)))
               for r in rows)


def _province_first(rows: list[GeoRow]) -> list[GeoRow]:
    """A province whose name no town inside it bears goes before the towns ("Virginia" the state, not a town)."""
    for i, r in enumerate(rows):
        if r.feature == "admin1" and i > 0 and not _own_town(r, rows) \
                and all(x.feature == "place" for x in rows[:i]):
            return [r] + rows[:i] + rows[i + 1:]
    return rows


@functools.lru_cache(maxsize=1)
def _area_words() -> frozenset[str]:
    return place_words()["directions"] | frozenset({"far", "central", "upper", "lower", "greater", "outer", "inner"})


@functools.lru_cache(maxsize=1)
def _world_regions() -> frozenset[str]:
    return frozenset(normalise(w) for w in place_words()["world_regions"])


@dataclass
class _Context:
    """What the whole article says about where it is: focus country, provinces named, clear places."""

    focus: str | None
    countries: set[str | None]
    provinces: Counter[tuple[str | None, str | None]]
    anchors: list[Place]
    neighbours: dict[int, float]  # candidate town -> weight of the other names with a candidate near it
    settled: dict[tuple[str | None, str | None], set[str]] = field(default_factory=dict)  # after a first pass


def _context(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]]) -> _Context:
    """Votes over the article: clear names count whole, ambiguous ones split their vote among their countries."""
    votes: Counter[str] = Counter()
    provinces: Counter[tuple[str | None, str | None]] = Counter()
    anchors: list[Place] = []
    for m, (label, rows) in zip(mentions, cands):
        if not rows:
            continue
        clear = len(rows) == 1 or rows[0].population > 200 * max(1, rows[1].population) or label == "abbreviation"
        if clear:
            top = rows[0]
            votes[top.country or ""] += 1.0
            if top.feature != "country" and top.admin1:
                provinces[(top.country, top.admin1)] += 1
            if top.feature == "place" and m.kind not in _NOT_EVENT_KINDS:
                anchors.append(_place(m, top, label, 1.0))
        else:
            ctry = sorted({r.country or "" for r in rows[:6]})  # sorted: set order varies between runs
            for c in ctry:
                votes[c or ""] += 1.0 / len(ctry)
    votes.pop("", None)
    neighbours = _neighbours(mentions, cands)
    # half votes of one ambiguous name must not decide on their own ("Tripoli" alone stays the larger one)
    focus = focus_by_votes(votes)
    seen = {c for c, v in votes.items() if v >= 1.0}
    return _Context(focus, seen, provinces, list({p.geonameid: p for p in anchors}.values()), neighbours)


def _cell(row: GeoRow) -> tuple[int, int]:
    return (math.floor((row.lat or 0.0) * 2), math.floor((row.lon or 0.0) * 2))  # half-degree squares


def _neighbours(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]]) -> dict[int, float]:
    """For each candidate town: how many other names of the article have a candidate within about 100 km.

    Local news names towns near each other: Decatur, Madison and Huntsville together point to one
    state. Each other name counts 1 / the square root of its number of candidate towns, so a name found
    everywhere adds less.
    Squares of half a degree and their eight neighbours stand in for distances (no pairwise loop)."""
    by_name: dict[str, list[GeoRow]] = {}
    for m, (_, rows) in zip(mentions, cands):
        towns = [r for r in rows if r.feature == "place" and r.lat is not None]
        if towns and m.kind not in _NOT_EVENT_KINDS:
            by_name.setdefault(m.name.lower(), towns)
    if len(by_name) < 2:
        return {}
    cells: dict[tuple[int, int], dict[str, float]] = {}
    for key, towns in by_name.items():
        for r in towns:
            cells.setdefault(_cell(r), {})[key] = 1.0 / math.sqrt(len(towns))
    out: dict[int, float] = {}
    for key, towns in by_name.items():
        for r in towns:
            ci, cj = _cell(r)
            near: dict[str, float] = {}
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    near.update(cells.get((ci + di, cj + dj), {}))
            near.pop(key, None)
            if near:
                out[r.geonameid] = sum(near.values())
    return out


def _numbered_road(name: str) -> bool:
    """Whether a name is a numbered road ("Interstate 40", "Route 5", "S.R.", "Highway 59 to"), by road_words."""
    roads = place_words()["road_words"]
    words = name.lower().replace(".", "").split()
    for n in (2, 1):
        if len(words) >= n and " ".join(words[:n]) in roads:
            rest = words[n:]
            return not rest or rest[0][:1].isdigit() or all(x in roads for x in rest)
    return False


def place_names(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """The resolved place names of an article, for `sitrep places` (anaphors like "the city" left out).

    A name the model tagged but no gazetteer row holds stays listed, unresolved, unless it is a numbered road
    (a line through many places, never one place)."""
    return [m for m in mentions if not _is_generic(m.name)
            and (m.place is not None or (m.tagged and not _numbered_road(m.name)))]


def resolve_places(mentions: list[PlaceMention], gaz: Gazetteer, text: str) -> list[PlaceMention]:
    """Mentions with `place` filled by the ranked winner of the named strategies (None when nothing fits)."""
    demo = demonyms()
    strategies = _strategies(gaz)
    cands: list[tuple[str, list[GeoRow]]] = []
    for m in mentions:
        if m.kind == "demonym":
            code = demo.get(m.name.lower()) or demo.get(m.name.split()[-1].lower())
            row = gaz.country(code) if code else None
            cands.append(("demonym", [row] if row else []))
        elif _is_generic(m.name):
            cands.append(("context", []))
        elif text.startswith(".", m.end) and text[max(0, m.start - 2):m.start] == ", " \
                and (code := admin1_abbreviations().get(m.name + ".")) and (row := gaz.admin1_by_code(code)):
            cands.append(("abbreviation", [row]))  # "Brandon, Man." with the period split off as a full stop
        else:
            cands.append(_candidates(gaz, m.name, strategies))
    ctx = _context(mentions, cands)
    focus = ctx.focus
    out = _rank_all(mentions, cands, ctx, gaz, text)
    # second pass: the provinces the other names landed in pull this one ("Madison" near Decatur and Huntsville)
    ctx.settled = _settled_provinces(out, gaz)
    if ctx.settled:
        out = _rank_all(mentions, cands, ctx, gaz, text)
    out = _resolve_counties(out, cands, gaz, text, focus)
    return _named_appositions(_resolve_generic(out, gaz, focus), text)


_APPOSITION_GAP = re.compile(r"\s*,\s*")


def _named_appositions(mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
    """"a town north of the city, al-Rastan, ...": the relative phrase is the town named right after it."""
    out = list(mentions)
    for k, m in enumerate(out[:-1]):
        nxt = out[k + 1]
        if m.kind != "relative" or nxt.place is None or nxt.place.feature != "place" or nxt.kind != "place":
            continue
        first = m.text.split(" ", 2)
        if len(first) < 2 or first[0].lower() not in _DETS or first[1].lower() not in place_words()["generic_places"]:
            continue  # only "a town ..." / "the village ..." phrases stand for a town of their own
        if _APPOSITION_GAP.fullmatch(text[m.end:nxt.start]):
            out[k] = replace(m, place=nxt.place.replace(text=m.text, precision=1, strategy="apposition"))
    return out


def _settled_provinces(mentions: list[PlaceMention], gaz: Gazetteer) -> dict[tuple[str | None, str | None], set[str]]:
    """(country, province) -> the names resolved to towns or to that province in it."""
    out: dict[tuple[str | None, str | None], set[str]] = {}
    for m in mentions:
        p = m.place
        if p is not None and p.feature != "country" and p.admin1 and m.kind not in _NOT_EVENT_KINDS:
            out.setdefault((p.country, p.admin1), set()).add(gaz.key_of(m.name))
    return out


def _rank_all(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]], ctx: _Context, gaz: Gazetteer,
              text: str) -> list[PlaceMention]:
    """Each mention with the best-scored of its candidates (unchanged when it has none)."""
    focus = ctx.focus
    standalone = {gaz.key_of(m.name) for m in mentions if m.kind not in _NOT_EVENT_KINDS}
    out: list[PlaceMention] = []
    for m, (label, rows) in zip(mentions, cands):
        if not rows:
            out.append(m)
            continue
        if label == "fuzzy" and " " not in m.name.strip():
            # a one-word near miss is only trusted inside the article's own country ("Europe" is not "Erpe")
            rows = [r for r in rows if focus and r.country == focus]
            if not rows:
                out.append(m)
                continue
        hint = _hierarchy_hint(text, m.end, gaz)
        key = gaz.key_of(m.name)
        main_named = frozenset(r.country for r in rows if r.feature == "place" and key == gaz.key_of(r.name))
        scored = [(_score(r, label, key, ctx, hint, gaz, _own_town(r, rows), main_named), r) for r in rows]
        scored.sort(key=lambda x: x[0], reverse=True)
        top = scored[0][0]
        share = 1.0 / sum(math.exp(s - top) for s, _ in scored)
        row = scored[0][1]
        strategy = label
        if label == "exact" and key != gaz.key_of(row.name):
            strategy = "alternate"
        if m.kind == "embedded" and row.feature == "place" and row.population < _MIN_POP_BIG \
                and " " not in m.name and ((focus is not None and row.country != focus) or key not in standalone):
            # "the Spring Fair", "Falcon Industries": a small town's name inside another name counts only when
            # the article also names the town on its own ("Torrington firefighters" ... "in Torrington")
            out.append(m)
            continue
        out.append(replace(m, place=_place(m, row, strategy, share)))
    return out


def _resolve_counties(mentions: list[PlaceMention], cands: list[tuple[str, list[GeoRow]]], gaz: Gazetteer,
                      text: str, focus: str | None) -> list[PlaceMention]:
    """"X County" (no gazetteer row): a province of that name, else the most-named town of its province."""
    if not any(label == "county" for label, _ in cands):
        return mentions
    towns: Counter[int] = Counter(m.place.geonameid for m in mentions if m.place is not None
                                  and m.place.feature == "place" and m.kind not in _NOT_EVENT_KINDS
                                  and m.place.geonameid is not None and (focus is None or m.place.country == focus))
    provinces: Counter[tuple[str | None, str | None]] = Counter(
        (m.place.country, m.place.admin1) for m in mentions if m.place is not None and m.place.feature != "country"
        and m.kind not in _NOT_EVENT_KINDS and (focus is None or m.place.country == focus))
    out: list[PlaceMention] = []
    for m, (label, _) in zip(mentions, cands):
        if label != "county" or m.place is not None:
            out.append(m)
            continue
        base = " ".join(m.name.split()[:-1])
        own = [r for r in gaz.lookup(base) if r.feature == "admin1" and (focus is None or r.country == focus)]
        if own:  # some countries' counties are their provinces
            out.append(replace(m, place=_place(m, own[0], "region", 0.8)))
            continue
        hint = _hierarchy_hint(text, m.end, gaz)
        province = hint[0] if hint and hint[0][1] else (provinces.most_common(1)[0][0] if provinces else None)
        if province is None:
            out.append(m)
            continue
        in_province = [(n, gid) for gid, n in towns.items() if (row := gaz.get(gid)) is not None
                       and (row.country, row.admin1) == province]
        if in_province:
            row = gaz.get(max(in_province)[1])
            assert row is not None
            out.append(replace(m, place=replace(_place(m, row, "county", 0.5), precision=2)))
            continue
        a1 = next((r for r in gaz.lookup(province[1] or "") if r.feature == "admin1" and r.country == province[0]),
                  None)
        out.append(replace(m, place=_place(m, a1, "county", 0.4)) if a1 is not None else m)
    return out


def _hierarchy_hint(text: str, end: int, gaz: Gazetteer) -> tuple[tuple[str | None, str | None], str | None] | None:
    """The province and/or country named right after "Y, ..." ("Athens, Ga.", "Hama, Syria"), or None."""
    if not text.startswith(",", end):
        return None
    tail = re.split(r"[,;:\n(]|\.(?=\s|$)", text[end + 1:end + 40].strip() + " ", maxsplit=1)[0].strip()
    if not tail:
        return None
    code = admin1_abbreviations().get(tail) or admin1_abbreviations().get(tail + ".")
    if code:
        cc = code.split(".")[0]
        row = gaz.admin1_by_code(code)
        return ((cc, row.name if row else None), cc)
    for r in gaz.lookup(tail):
        if r.feature == "admin1":
            return ((r.country, r.name), r.country)
        if r.feature == "country":
            return ((r.country, None), r.country)
    return None


def _score(row: GeoRow, label: str, key: str, ctx: _Context,
           hint: tuple[tuple[str | None, str | None], str | None] | None, gaz: Gazetteer,
           own_town: bool, main_named: frozenset[str | None] = frozenset()) -> float:
    """Rank of one candidate: population, focus country, provinces named, "Y, Province" cues, nearness."""
    s = math.log10(row.population + 10)
    if row.feature == "admin1" and label != "region":
        # "Homs" the city before Homs the governorate; "Virginia" the state before towns elsewhere
        s += -2.0 if own_town else 0.5
    if row.feature == "country":
        s += 1.0
    if ctx.focus and row.country == ctx.focus:
        s += 2.5
    elif row.country in ctx.countries:
        s += 1.0
    if row.feature != "country" and ctx.provinces.get((row.country, row.admin1)):
        s += 1.2
    if hint:
        (h_country, h_a1), _ = hint
        if row.country == h_country and (h_a1 is None or row.admin1 == h_a1):
            s += 4.0
    others = ctx.settled.get((row.country, row.admin1), set()) - {key} if row.feature == "place" else set()
    if others:
        s += 0.8 * min(2, len(others))
    if row.feature == "place" and ctx.neighbours.get(row.geonameid):
        s += min(2.5, 1.5 * ctx.neighbours[row.geonameid])
    if ctx.anchors and row.feature == "place":
        for a in ctx.anchors:
            if a.geonameid != row.geonameid and _km(row, a) < 150:
                s += 1.0
                break
    if label == "exact" and key == gaz.key_of(row.name):
        s += 0.5
    elif label == "exact" and row.feature == "place" and row.country in main_named:
        # a town of the same country bears the name as its main name ("Manhattan" in Kansas): one that only
        # lists it among its other names needs more support
        s -= 1.0
    return s


def _resolve_generic(mentions: list[PlaceMention], gaz: Gazetteer, focus: str | None) -> list[PlaceMention]:
    """"the capital" -> the focus country's capital; "the city/town" -> the last place named before it."""
    out: list[PlaceMention] = []
    last_place: Place | None = None
    for m in mentions:
        if _is_generic(m.name) and m.place is None:
            word = m.name.split()[-1]
            row: GeoRow | None = None
            strategy = "context"
            if word == "capital" and focus:
                row, strategy = gaz.capital(focus), "capital"
            elif word == "country" and focus:
                row = gaz.country(focus)
            elif word in ("city", "town", "village") and last_place is not None and last_place.geonameid:
                row = gaz.get(last_place.geonameid)
            elif word == "province" and last_place is not None and last_place.admin1 and last_place.country:
                row = gaz.admin1(last_place.country, last_place.admin1)
            if row is not None:
                m = replace(m, place=_place(m, row, strategy, 0.6))
        if m.place is not None and m.place.feature == "place" and m.kind not in _NOT_EVENT_KINDS:
            last_place = m.place
        out.append(m)
    return out


# ---------------------------------------------------------------- the event's place

def _governing_prep(tok: Token) -> Token | None:
    """The preposition whose object `tok` is, looking through conjuncts and compounds ("between X and Y")."""
    t = tok
    for _ in range(6):
        if t.dep_ in ("conj", "compound", "appos", "amod", "nmod", "nummod") and t.head.i != t.i:
            t = t.head
        else:
            break
    if t.dep_ == "pobj" and t.head.i != t.i:
        return t.head
    return None


def _excluded(doc: Doc, m: PlaceMention, trigger: Token | None) -> bool:
    """A route end ("from X to Y", "between X and Y") or where a speaker was ("said by phone from X")."""
    w = place_words()
    if m.kind in _NOT_EVENT_KINDS:
        return True
    tok = doc[m.token_i]
    if doc.has_annotation("DEP"):
        prep = _governing_prep(tok)
        if prep is not None and prep.lower_ in w["route_preps"]:
            return True
        t = tok
        for _ in range(12):  # a speech verb on the way up, other than the trigger: an attribution
            if t.head.i == t.i or (trigger is not None and t.i == trigger.i):
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX", "") and t.lemma_.lower() in w["speech_verbs"] and \
                    (trigger is None or t.i != trigger.i) and prep is not None and prep.lower_ in ("from", "by"):
                return True
        return False
    # no parse: look at the words just before the name
    sent_lo = max(0, m.token_i - 6)
    before = [t.lower_ for t in doc[sent_lo:m.token_i]]
    first = doc.char_span(m.start, m.end, alignment_mode="expand")
    prev = doc[first.start - 1].lower_ if first is not None and first.start > 0 else ""
    return prev in w["route_preps"] or ("between" in before and prev == "and")


def _attachment(doc: Doc, m: PlaceMention, target: Token) -> int | None:
    """Path length from the mention up to `target` through an event preposition, or None when not attached."""
    w = place_words()
    tok = doc[m.token_i]
    prep = _governing_prep(tok)
    t, steps = tok, 0
    while t.i != target.i:
        if t.head.i == t.i or steps > 10:
            return None
        t = t.head
        steps += 1
        if t.i != target.i and t.pos_ in ("VERB", "AUX"):
            steps += 3  # through another clause's verb: "fled X after they met in Y" keeps Y farther
    if m.kind == "country_scope" or (prep is not None and prep.lower_ in w["event_preps"]):
        return steps
    if tok.dep_ in ("compound", "npadvmod", "appos", "nmod", "obl", "advmod", "poss", "dobj", "conj",
                "nsubjpass") \
            and steps <= 2:
        return steps + 3  # "Hama protesters": attached, but less directly than "in Hama"
    return None


def _clause_head(trigger: Token) -> Token | None:
    """The verb whose clause holds a nominal trigger ("protests ... drew": drew)."""
    t = trigger
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _with_prep_precision(doc: Doc, m: PlaceMention) -> Place | None:
    if m.place is None:
        return None
    prep = _governing_prep(doc[m.token_i]) if doc.has_annotation("DEP") else None
    if prep is not None and prep.lower_ in place_words()["near_words"] and m.place.precision < 2:
        return m.place.replace(precision=2)
    return m.place


def _next_sentence_town(doc: Doc, sents: list[Span], si: int, usable: list[PlaceMention]) -> Place | None:
    """The first town named in the next sentence of the same paragraph (what a dateline yields to), or None."""
    if si + 1 >= len(sents) or blank_line_between(doc, sents[si].end - 1, sents[si + 1].start + 1):
        return None
    nxt = [m for m in usable if sents[si + 1].start <= m.token_i < sents[si + 1].end
           and not _excluded(doc, m, None) and m.place is not None and m.place.feature == "place"]
    return _with_prep_precision(doc, nxt[0]) if nxt else None


def _sentences(doc: Doc) -> list[Span]:
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]


def _names_area(doc: Doc, m: PlaceMention) -> bool:
    """Whether a name is followed by an area noun ("the Y district", "Y province"): an area, not a town."""
    words = place_words()
    end = next((i for i in range(max(0, m.token_i), min(len(doc), m.token_i + 6)) if doc[i].idx >= m.end), len(doc))
    return end < len(doc) and doc[end].lower_ in words["part_nouns"] | words["region_nouns"]


def event_place(doc: Doc, mentions: list[PlaceMention], trigger_i: int) -> Place | None:
    """Where the event of trigger token `trigger_i` happened: attached place, else same sentence, else the one before."""
    sents = _sentences(doc)
    starts = [s.start for s in sents]
    si = bisect.bisect_right(starts, trigger_i) - 1
    trigger = doc[trigger_i]
    usable = [m for m in mentions if m.place is not None and m.kind not in _NOT_EVENT_KINDS
              and 0 <= m.token_i < len(doc)]
    here = [m for m in usable if starts[si] <= m.token_i < sents[si].end]
    dateline = dateline_end(doc.text)
    if dateline and any(m.end <= dateline for m in here):
        # the dateline says where the report was filed: the body's place wins, in this sentence or the next
        body = [m for m in here if m.start >= dateline]
        told = None if body else _next_sentence_town(doc, sents, si, usable)
        if told is not None:
            return told
        here = body or here
    has_dep = doc.has_annotation("DEP")
    if has_dep:
        ranked: list[tuple[int, int, PlaceMention]] = []
        head = _clause_head(trigger)
        for m in here:
            if _excluded(doc, m, trigger):
                continue
            d = _attachment(doc, m, trigger)
            if d is None and head is not None:
                d2 = _attachment(doc, m, head)
                d = None if d2 is None else d2 + 5
            if d is not None:
                ranked.append((d, abs(m.token_i - trigger_i), m))
        if ranked:
            ranked.sort(key=lambda x: (x[0], x[1]))
            return _with_prep_precision(doc, ranked[0][2])
    rest = [m for m in here if not _excluded(doc, m, trigger)
            and not (has_dep and doc[m.token_i].dep_ == "poss" and m.place is not None and m.place.feature == "country")]
    if rest:
        best = min(rest, key=lambda m: abs(m.token_i - trigger_i))
        return _with_prep_precision(doc, best)
    if si > 0:
        prev = sents[si - 1]
        if not blank_line_between(doc, prev.end - 3, sents[si].start + 1):
            cands = [m for m in usable if prev.start <= m.token_i < prev.end and not _excluded(doc, m, None)]
            if cands and dateline and all(m.end <= dateline for m in cands):
                told = _next_sentence_town(doc, sents, si, usable)
                if told is not None:
                    return told
            if cands:
                root = prev.root
                attached = [m for m in cands if has_dep and _attachment(doc, m, root) is not None]
                pool = attached or cands
                towns = [m for m in pool if m.place is not None and m.place.feature == "place"]
                # "the town of X in the Y district": Y names the area X lies in, X is where it happened
                inner = [m for m in towns if not _names_area(doc, m)]
                return _with_prep_precision(doc, (inner or towns or pool)[-1])
    return None


# ---------------------------------------------------------------- spaCy component

def register_extensions() -> None:
    """Declare doc._.sitrep_places (idempotent)."""
    if not Doc.has_extension("sitrep_places"):
        Doc.set_extension("sitrep_places", default=None)


class PlacesComponent:
    """spaCy component: writes the unresolved place mentions of a Doc to doc._.sitrep_places."""

    def __init__(self, gazetteer: str = "") -> None:
        register_extensions()
        self.gazetteer_path = gazetteer
        self._gaz: Gazetteer | None = None

    @property
    def gaz(self) -> Gazetteer:
        """The gazetteer, opened on first use."""
        if self._gaz is None:
            from pathlib import Path
            self._gaz = Gazetteer.open(Path(self.gazetteer_path) if self.gazetteer_path else None)
        return self._gaz

    def __call__(self, doc: Doc) -> Doc:
        doc._.sitrep_places = find_place_mentions(doc, self.gaz)
        return doc


@Language.factory("sitrep_places", default_config={"gazetteer": ""})
def make_places(nlp: Language, name: str, gazetteer: str) -> PlacesComponent:
    """Factory of the place-finding component (config: gazetteer path, empty for the default)."""
    return PlacesComponent(gazetteer)
