"""The phrase grammar around a place name: parts, facilities, relative places, provinces, country scope."""
from __future__ import annotations

from sitrep.nlp.place_mention import PlaceMention
from sitrep.nlp.place_scan import DocScan
from sitrep.nlp.place_tokens import DETS, MIN_POP_MULTI, MIN_POP_SINGLE, POSSESSIVE, is_cap


class PhraseGrammar(DocScan):
    """Widen a base name into the phrase it heads ("the X district of Y", "30 miles south of Y", "Homs province")."""

    def dedicated(self, start: int) -> bool:
        """Whether a name follows "church of" ("the church of St. Peter and St. Paul"): a patron, not a place."""
        doc, j = self.doc, start - 1
        if j >= 0 and doc[j].lower_ in ("and", "&"):
            j -= 1
            k = j
            while j >= 0 and k - j < 4 and (is_cap(doc[j]) or doc[j].text == "."):
                j -= 1  # back over the first patron's name
            if j == k:
                return False
        return (j >= 1 and doc[j].lower_ == "of" and doc[j - 1].lower_ in self.words["dedication_nouns"]) \
            or self.patron_before(start)

    def patron_before(self, start: int) -> bool:
        """Whether a saint's name opens a building's name ("the Saint Peter and Saint Paul Coptic Orthodox
        Church", "St. Mary's Cathedral"): the capitalised run from "Saint"/"St." ends in a dedication noun."""
        doc = self.doc
        if doc[start].lower_.rstrip(".") not in ("saint", "st", "ste", "sainte"):
            return False
        k = start
        while k < len(doc) and k - start < 10 and (is_cap(doc[k]) or doc[k].lower_ in ("and", "&", ".", "'s", "’s")):
            if doc[k].lower_ in self.words["dedication_nouns"]:
                return True
            k += 1
        return False

    def feature_name_run(self, m: PlaceMention) -> tuple[int, int] | None:
        """The run of proper nouns around `m` when it names a local feature ("the Puerto Lindo Norte junction"):
        the model's pieces of such a run must not be resolved one by one to towns far away."""
        if m.kind not in ("place",):
            return None
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        a, b = span.start, span.end
        while a > 0 and self.doc[a - 1].pos_ == "PROPN" and is_cap(self.doc[a - 1]):
            a -= 1
        while b < len(self.doc) and self.doc[b].pos_ == "PROPN" and is_cap(self.doc[b]):
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
                    and rows[0].population >= (MIN_POP_SINGLE if k - start == 1 else MIN_POP_MULTI):
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
            if t.lower_ in DETS:
                first = k
                break
            if t.is_punct and t.text not in ("-", "'", "’") or t.lower_ in ("in", "at", "on", "of", "from", "to"):
                break
            first = k
        return self.mention(first, end, "part", name, head=p)

    def possessive_part(self, start: int, end: int, name: str) -> PlaceMention | None:
        """"Y's X district", "the capital's X district" -> a part of Y."""
        doc, parts = self.doc, self.words["part_nouns"]
        if end >= len(doc) or doc[end].text not in POSSESSIVE:
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
        if not is_cap(doc[start - 2]) or not is_cap(doc[start - 3]):
            return None
        first = start - 3
        while first > 0 and is_cap(doc[first - 1]) and first > start - 7:
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
