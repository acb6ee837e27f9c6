"""DocScan: the per-Doc arrays and state the place finder works over, and how it makes a mention."""
from __future__ import annotations

import bisect
from typing import Iterable

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer, admin1_abbreviations, demonyms, place_words
from sitrep.nlp.place_mention import PlaceMention
from sitrep.nlp.place_tokens import char_span, span_root
from sitrep.nlp.place_dateline import dateline_name_spans
from sitrep.tree import doc_text


class DocScan:
    """One pass over a Doc: token offsets, sentence starts, taken tokens and the names of people in it."""

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
        self.text = doc_text(doc)  # joined once: Doc.text rebuilds the string on every access
        self.dateline_names = dateline_name_spans(self.text)
        # surnames of the people named in full: a lone "Ripley" after "John Ripley" is the person
        self.surnames = {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
        # and their first names: "Georgia Smith" ... "Georgia said" / "Georgia's coach" is the same person
        # ("Greer Station" mistagged as a person names a place: its last word is a place noun)
        place_nouns = self.words["facility_nouns"] | self.words["part_nouns"] | self.words["generic_places"]
        self.first_names = {ent[0].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) == 2
                            and ent[1].lower_ not in place_nouns}

    def in_dateline_name(self, start: int, end: int) -> bool:
        """Whether chars [start, end) lie inside the name in capitals of a dateline ("RIO DE JANEIRO —")."""
        return any(a <= start and end <= b for a, b in self.dateline_names)

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
        """The index of the sentence holding token i."""
        return bisect.bisect_right(self.sent_starts, i) - 1

    def mention(self, start: int, end: int, kind: str, name: str, head: int | None = None) -> PlaceMention:
        a, b, text = char_span(self.doc, start, end)
        # with a parse the phrase's own root attaches it to events; without one, the given head word
        root = span_root(self.doc, start, end) if head is None or self.doc.has_annotation("DEP") else head
        return PlaceMention(a, b, text, kind, name, None, self.sent_of(root), root)
