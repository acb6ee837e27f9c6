"""Finding candidate place names: model entities, gazetteer matches the model missed, and "the city" anaphors."""
from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from sitrep.nlp.place_scan import DocScan
from sitrep.nlp.place_tokens import (
    MIN_POP_BIG, MIN_POP_MULTI, MIN_POP_SINGLE, PLACE_LABELS, POSSESSED_SITES, POSSESSIVE, WORD, extend_article_left,
    governing_prep, is_cap,
)


# Words that make a DATE entity a date whatever else it holds: months, weekdays, seasons, feasts, eras
CALENDAR_WORDS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
spring summer autumn fall winter easter christmas xmas ramadan eid passover hanukkah diwali thanksgiving halloween
lent advent pentecost new year years day days week weeks month months today tonight yesterday tomorrow bc ad ce
bce century decade era age""".split())


@functools.lru_cache(maxsize=1)
def settlement_nouns() -> frozenset[str]:
    """The nouns a settlement's name stands beside (data/settlement_nouns.yaml), loaded once."""
    from sitrep.resources import DataFileError, read_yaml

    words = (read_yaml("settlement_nouns.yaml") or {}).get("settlement_nouns")
    if not isinstance(words, list) or not all(isinstance(w, str) and w == w.lower() for w in words):
        raise DataFileError("data/settlement_nouns.yaml: settlement_nouns must be a list of lower-case words")
    return frozenset(words)


@functools.lru_cache(maxsize=4)
def settlement_words(key: str) -> frozenset[str]:
    """Another list of data/settlement_nouns.yaml ("division_nouns", "name_openers", "taking_verbs"), loaded once."""
    from sitrep.resources import DataFileError, read_yaml

    words = (read_yaml("settlement_nouns.yaml") or {}).get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) and w == w.lower() for w in words):
        raise DataFileError(f"data/settlement_nouns.yaml: {key} must be a list of lower-case words")
    return frozenset(words)


class NameFinding(DocScan):
    """The base names of a Doc: (start, end, label) token spans, with the checks that keep people's names out."""

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
        if k >= 2 and doc[k].lower_ == "and" and is_cap(doc[k - 1]):
            k -= 2
        return k >= 1 and doc[k].text == "," and doc[k - 1].lower_ in kin

    def person_slot(self, i: int) -> bool:
        """A lone first name where a person stands: speaking, owning ("X's"), or subject of a verb."""
        doc = self.doc
        if i + 1 < len(doc) and doc[i + 1].text in POSSESSIVE:
            return True
        if i > 0 and doc[i - 1].lower_ in ("said", "says", "told", "added"):
            return True
        return doc.has_annotation("DEP") and doc[i].dep_ in ("nsubj", "nsubjpass") \
            and governing_prep(doc[i]) is None

    def base_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, label) of candidate names: model entities, then gazetteer matches it missed."""
        doc = self.doc
        spans: list[tuple[int, int, str]] = self.dateline_name_tokens()
        place_heads: set[int] = {i for a, b, _ in spans for i in range(a, b)}
        for ent in self.entities():
            if any(i in place_heads for i in range(ent.start, ent.end)):
                continue  # "RIO DE" read as an organisation inside the dateline's "RIO DE JANEIRO"
            label = ent.label_
            lower = ent.text.lower()
            first_word = doc[ent.start + 1] if doc[ent.start].lower_ == "the" and len(ent) > 1 else doc[ent.start]
            if not any(t.text[:1].isupper() for t in ent) or first_word.lower_.rstrip(".") in self.words["person_titles"] \
                    or (label != "NORP" and self.personal(first_word.i, ent.end)):
                pass  # "passenger van", "Ms.", a surname: no place name
            elif label in PLACE_LABELS:
                first = ent.start + 1 if doc[ent.start].lower_ == "the" and len(ent) > 1 else ent.start
                spans.append((extend_article_left(doc, first), ent.end, label))
                place_heads.update(range(ent.start, ent.end))
            elif lower in self.demonyms or doc[ent.end - 1].lower_ in self.demonyms:
                spans.append((ent.start, ent.end, "NORP"))
            elif label == "ORG" and doc[ent.end - 1].lower_ in self.words["facility_nouns"]:
                spans.append((ent.start, ent.end, "FACORG"))
            elif label in ("PERSON", "ORG", "PRODUCT", "NORP", "LANGUAGE") and self.compass_before(ent):
                # "in eastern X", "central X": a compass adjective before a proper name marks a part of a place
                spans.append((ent.start, ent.end, "SETTLEMENT"))
                place_heads.update(range(ent.start, ent.end))
            elif label == "LANGUAGE" and self.primary_ok(ent.text) and self.big_city(ent.text):
                spans.append((ent.start, ent.end, "GAZ"))  # the small model reads some big Arab towns as languages
                place_heads.update(range(ent.start, ent.end))
            elif label in ("PERSON", "ORG", "PRODUCT", "NORP") and self.taken_ground(ent):
                # "troops captured X": the object of a verb of taking ground, a place the gazetteer holds
                spans.append((first_word.i, ent.end, "GAZ"))
                place_heads.update(range(ent.start, ent.end))
            elif label == "NORP" and self.gaz_ok(ent.text, MIN_POP_MULTI):
                # the small model often calls Arab towns NORP ("Aleppo", "al-Rastan")
                spans.append((ent.start, ent.end, "GAZ"))
                place_heads.update(range(ent.start, ent.end))
            elif label in ("PERSON", "ORG", "PRODUCT") and (
                    (self.placelike(ent, place_heads)
                     and self.gaz_ok(ent.text, 0 if self.named_apposition(ent) else MIN_POP_MULTI))
                    or (self.primary_ok(ent.text) and self.big_city(ent.text))):
                # the small model also calls big towns ORG in subject position ("Hama developed into...")
                spans.append((ent.start, ent.end, "GAZ"))
            elif label in ("DATE", "TIME") and self.undated(ent) and ent.root.dep_ == "pobj" \
                    and self.placelike(ent, place_heads) \
                    and self.gaz_ok(ent.text, MIN_POP_MULTI):
                # a date holds a number or a calendar word; a proper name the model read as one, itself the
                # object of a place preposition ("fighting in X near the border", not "at the X mall"), is a
                # town the gazetteer knows
                spans.append((ent.start, ent.end, "GAZ"))
            elif label == "ORG" and ent.end - first_word.i > 1 and self.gaz is not None \
                    and self.gaz.division_provinces(doc[first_word.i:ent.end].text):
                # a second-level province's whole name read as an organisation ("Negros Oriental"): the province,
                # not the word inside it that names something else ("Oriental", a region of Morocco)
                spans.append((first_word.i, ent.end, "GAZ"))
            elif label == "ORG" and (inner := self.inner_place(first_word.i, ent.end)) is not None:
                # "Reno's City Hall": the hall stands in the town that owns it, a place like any other;
                # "the Dublin City Council", "CTV Winnipeg": named after the place, not in it
                spans.append((*inner, "GAZ" if self.possessed_site(*inner, ent.end) else "EMBEDDED"))
            elif label == "ORG" and len(ent) > 1 and first_word.lower_ in self.demonyms and first_word.i + 1 < ent.end:
                spans.append((first_word.i, first_word.i + 1, "NORP"))  # "American Airlines"
            for i in range(ent.start, ent.end):
                self.taken[i] = True
        for start, end, _ in spans:
            for i in range(start, end):
                self.taken[i] = True
        spans.extend(self.settlement_spans({i for a, b, _ in spans for i in range(a, b)}))
        spans.extend(self.gazetteer_spans())
        spans.extend(self.generic_spans())
        spans.sort()
        return self.linked_names(self.whole_names(spans))

    def whole_names(self, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A town's whole name that the model cut: "Dera" + "Ismail Khan" read as a person, "Mazar" of
        "Mazar-e-Sharif" read as an organisation. The longest run of name words around a model entity (capitalised
        words, and pieces glued to them by hyphens) that the gazetteer holds as a populated place, a province or a
        country is one name: it replaces the spans inside it. A run the gazetteer does not hold changes nothing."""
        doc, n = self.doc, len(self.doc)
        if self.gaz is None:
            return spans

        def glued(k: int) -> bool:  # a hyphen, or a word, written with no space on either side of a hyphen
            t = doc[k]
            if t.text in ("-", "‐"):
                return k > 0 and not doc[k - 1].whitespace_ and not t.whitespace_
            return (k + 1 < n and not t.whitespace_ and doc[k + 1].text in ("-", "‐")) \
                or (k > 0 and doc[k - 1].text in ("-", "‐") and not doc[k - 1].whitespace_)

        def word(k: int) -> bool:  # a name word outside any other entity (two entities are two names)
            return not doc[k].ent_type_ and ((is_cap(doc[k]) and doc[k].lower_ not in self.words["person_titles"])
                                             or glued(k))

        found: list[tuple[int, int]] = []
        for ent in self.entities():
            if ent.label_ in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"):
                continue
            a, b = ent.start, ent.end
            while a > 0 and ent.start - a < 3 and doc[a - 1].sent_start != 1 and word(a - 1) \
                    and doc[a - 1].lower_ != "the":
                a -= 1
            while b < n and b - ent.end < 4 and word(b):
                b += 1
            best = None
            for s_ in range(a, ent.start + 1):
                for e in range(b, ent.end - 1, -1):
                    if (s_, e) == (ent.start, ent.end) or e - s_ < 2 or not is_cap(doc[s_]) or not is_cap(doc[e - 1]):
                        continue
                    rows = self.gaz.lookup(doc[s_:e].text)
                    if rows and (rows[0].feature in ("admin1", "country") or rows[0].population >= MIN_POP_MULTI) \
                            and (best is None or e - s_ > best[1] - best[0]):
                        best = (s_, e)
            if best is not None:
                found.append(best)
        if not found:
            return spans
        out = [sp for sp in spans if not any(sp[0] < e and s_ < sp[1] for s_, e in found)]
        for s_, e in found:
            out.append((s_, e, "GAZ"))
            for i in range(s_, e):
                self.taken[i] = True
        return sorted(set(out))

    def dateline_name_tokens(self) -> list[tuple[int, int, str]]:
        """(start, end, "GAZ") of the name in capitals opening a dateline ("RIO DE JANEIRO —") when the gazetteer
        holds it: the model rarely reads a name in capitals as a place (it often calls part of it an organisation)."""
        out: list[tuple[int, int, str]] = []
        if self.gaz is None:
            return out
        for a, b in self.dateline_names:
            span = self.doc.char_span(a, b)
            if span is None or not self.gaz.lookup(span.text):
                continue
            out.append((span.start, span.end, "GAZ"))
        return out

    def linked_names(self, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Names joined by a Romance linking word ("San Jose del Monte", "Puerto de la Cruz") are one name: a span
        runs on through the linking word and the capitalised words after it when the gazetteer holds the whole
        (a town's or a second-level province's name), and a one-word town name
        right after "<Capitalised> de/del/..." is never a town on its own ("Monte" of an unknown "X del Monte"
        is not El Monte): the piece of a longer proper name goes. Country and province names stay."""
        doc, out = self.doc, []
        links = self.words["name_links"]
        k = 0
        while k < len(spans):
            a, b, label = spans[k]
            whole = self._linked_whole(a, b) if label not in ("NORP", "GENERIC") else None
            if whole is not None:  # "Lanao del Norte", "San Jose del Monte": the spans inside it go
                out.append((a, whole, label))
                k += 1
                while k < len(spans) and spans[k][0] < whole:
                    k += 1
                continue
            if b - a == 1 and a >= 2 and doc[a - 1].text in links and is_cap(doc[a - 2]) \
                    and label not in ("NORP", "GENERIC") and self.gaz is not None \
                    and not any(r.feature != "place" for r in self.gaz.lookup(doc[a].text)):
                k += 1
                continue
            out.append(spans[k])
            k += 1
        return out

    def _linked_whole(self, a: int, b: int) -> int | None:
        """The end of the name that runs on from span [a, b) through a linking word and capitalised words when the
        gazetteer holds the whole ("Lanao" + "del Norte"), else None."""
        doc, n = self.doc, len(self.doc)
        if self.gaz is None or b + 1 >= n or doc[b].text not in self.words["name_links"]:
            return None
        e = b + 1
        while e < n and e - b <= 3 and (is_cap(doc[e]) or (doc[e].text in self.words["name_links"] and e + 1 < n
                                                             and is_cap(doc[e + 1]))):
            e += 1
        for end in range(e, b + 1, -1):  # longest first
            if not is_cap(doc[end - 1]):
                continue
            text = doc[a:end].text
            if self.gaz.lookup(text) or self.gaz.division_provinces(text):
                return end
        return None

    def entities(self) -> list[Span]:
        """The model's entities, each cut at brackets: "Suwanee (Georgia" read as one entity is two names, a town
        and the province in brackets after it; and without a possessive ending read into them ("Hong Kong’s")."""
        out: list[Span] = []
        for ent in self.doc.ents:
            if len(ent) > 1 and ent[-1].text in POSSESSIVE:  # "Hong Kong’s" read as one entity: the name is before it
                ent = Span(self.doc, ent.start, ent.end - 1, label=ent.label_)
            if not any(t.text in "()[]" for t in ent):
                out.append(ent)
                continue
            a = ent.start
            for k in range(ent.start, ent.end + 1):
                if k == ent.end or self.doc[k].text in "()[]":
                    if k > a:
                        out.append(Span(self.doc, a, k, label=ent.label_))
                    a = k + 1
        return out

    def plain_name_word(self, tok: Token) -> bool:
        """A capitalised word that opens a proper name and is no place, direction, title, demonym or acronym."""
        low = tok.lower_.rstrip(".")
        w = self.words
        return tok.text.istitle() and (not self.has_tags or tok.pos_ == "PROPN") and low not in w["not_places"] \
            and low not in w["directions"] and low not in w["person_titles"] and low not in self.demonyms \
            and low not in w["natural_features"] and low not in w["facility_nouns"] and low not in w["part_nouns"] \
            and low not in settlement_nouns()

    def undated(self, ent: Span) -> bool:
        """Whether a DATE/TIME entity holds no date at all: no digit, no calendar word, only capitalised words."""
        return all(is_cap(t) and not any(c.isdigit() for c in t.text) and t.lower_ not in self.words["not_places"]
                   and t.lower_ not in CALENDAR_WORDS for t in ent)

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
            if not all(is_cap(t) for t in doc[start:k]) or (k - start == 1 and doc[start].lower_ in common):
                continue
            if k - start > 1 and doc[k - 1].lower_ in self.words["county_nouns"]:
                return k  # "the Boone County Fair": a county, placed later from context
            name = doc[start:k].text
            rows = [r for r in self.gaz.lookup(name) if self.gaz.is_primary_match(name, r) or r.feature == "country"]
            # a one-word town must be a real town ("Spring", "Metro" open many names); the resolver checks
            # later that a small one lies in the article's country
            floor = MIN_POP_SINGLE
            if rows and (rows[0].feature != "place" or rows[0].population >= floor):
                return k
        return None

    def possessed_site(self, start: int, k: int, end: int) -> bool:
        """Whether a name [start, k) opening a longer name [start, end) is a town owning a building or landmark
        ("Reno's City Hall", "Lagos's Central Market"): the site stands in that town. A country before "'s" owns
        more than it holds ("Russia's Embassy", "Turkey's Air Base" may lie abroad), and an office or a body
        ("Chicago's Police Department") is not a site: both stay names, never where an event happened."""
        doc = self.doc
        if k + 1 >= end or doc[k].text not in POSSESSIVE or doc[end - 1].lower_ not in POSSESSED_SITES \
                or self.gaz is None:
            return False
        name = doc[start:k].text
        rows = [r for r in self.gaz.lookup(name) if self.gaz.is_primary_match(name, r)]
        return bool(rows) and rows[0].feature == "place"

    def compass_before(self, ent: Span) -> bool:
        """Whether a lower-case compass adjective ("eastern", "northwestern", "central") stands right before a
        one- or two-word capitalised name: "the rebels in eastern X" names a part of the place X."""
        doc = self.doc
        if ent.start == 0 or len(ent) > 2 or not all(is_cap(t) for t in ent):
            return False
        word = doc[ent.start - 1]
        return word.is_lower and (word.lower_ == "central" or (word.lower_ in self.words["directions"]
                                                              and word.lower_.endswith("ern")))

    def taken_ground(self, ent: Span) -> bool:
        """Whether an entity is the direct object of a verb of taking or striking ground ("stormed X", "shelled X")
        and the gazetteer holds its name as a town of 2,000 people or more, a province or a country (a hamlet's
        name is too often someone's: "captured Smith")."""
        doc = self.doc
        if self.gaz is None or not doc.has_annotation("DEP"):
            return False
        root = ent.root
        if root.dep_ != "dobj" or root.head.lemma_.lower() not in settlement_words("taking_verbs"):
            return False
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        return any(r.population >= MIN_POP_MULTI or r.feature != "place" for r in self.gaz.lookup(text))

    def big_city(self, text: str) -> bool:
        """Whether a one-word name is, first of all, a populated place of over 100,000 people."""
        if self.gaz is None or " " in text.strip():
            return False
        rows = self.gaz.lookup(text)
        return bool(rows) and rows[0].feature == "place" and rows[0].population >= MIN_POP_BIG

    def placelike(self, ent: Span, place_heads: set[int]) -> bool:
        """A PERSON/ORG entity in a place's slot: object of a place preposition, or joined to a place by "and"."""
        if not self.doc.has_annotation("DEP"):
            return False
        root = ent.root
        prep = governing_prep(root)
        if prep is not None and prep.lower_ in self.words["event_preps"] | self.words["route_preps"]:
            return True
        return self.named_apposition(ent) or (root.dep_ == "conj" and root.head.i in place_heads)

    def named_apposition(self, ent: Span) -> bool:
        """"a town north of the city, X,": an apposition to a place noun or a direction names the town."""
        root = ent.root
        return root.dep_ == "appos" and root.head.lower_ in self.words["generic_places"] | self.words["directions"]

    def settlement_spans(self, covered: set[int]) -> list[tuple[int, int, str]]:
        """Capitalised names beside a settlement noun: "the village of X", "the towns of X and Y", "X town",
        "the X and Y villages" (their own names, whether or not a gazetteer row holds them). After "<noun> of"
        the slot says it is a place, whatever the model tagged the name as; before the noun a name the model
        read as a person, a group's acronym ("the YPG area") or a date does not count (one it read as an
        organisation does: the small model often does so with Arabic names). `covered`: tokens of names found."""
        doc, out = self.doc, []
        nouns = settlement_nouns()
        divisions, openers = settlement_words("division_nouns"), settlement_words("name_openers")
        n = len(doc)
        found = (m.start() for m in WORD.finditer(self.text) if m.group().lower() in nouns | divisions | openers)
        for k in self.tokens_starting(found):
            runs = []
            low = doc[k].lower_
            if low in openers:  # "Kafr X", "Jabal al-X": a place's name, whatever the model tagged it
                if is_cap(doc[k]) and k not in covered and k + 1 < n and (is_cap(doc[k + 1]) or (
                        doc[k + 1].lower_.rstrip("-") in self.words["name_articles"] and k + 2 < n)):
                    a = self._name_run(k, 1, covered, True)
                    if a is not None and a[1] - a[0] >= 2:
                        runs.append(a)
            elif low in divisions:  # "the X Governorate", "X Tehsil"
                if k > 0 and not doc[k - 1].is_punct:
                    a = self._name_run(k - 1, -1, covered, False, tagged=self._head_noun(k))
                    runs += [a] if a is not None else []
            elif k + 2 < n and doc[k + 1].lower_ == "of":  # "the village of X", "the towns of X and Y"
                a = self._name_run(k + 2, 1, covered, True)
                if a is not None:
                    runs.append(a)
                    if a[1] + 1 < n and doc[a[1]].lower_ == "and" and doc[k].lower_.endswith("s"):
                        b = self._name_run(a[1] + 1, 1, covered, True)
                        runs += [b] if b is not None else []
            elif (c := self._apposed_noun(k)) is not None:  # "X, a small village 10 km north of Y"
                a = self._name_run(c - 1, -1, covered, True)
                runs += [a] if a is not None else []
            elif k > 0 and not doc[k - 1].is_punct:  # "X town", "the X and Y villages"
                a = self._name_run(k - 1, -1, covered, False, tagged=self._head_noun(k))
                if a is not None and a[0] > 0 and is_cap(doc[a[0] - 1]) and not doc[a[0] - 1].is_sent_start \
                        and doc[a[0] - 1].lower_ not in self.words["directions"]:
                    a = None  # the tail of a longer capitalised name ("Pinewood State Conservation Area")
                if a is not None:
                    runs.append(a)
                    if a[0] >= 2 and doc[a[0] - 1].lower_ == "and" and doc[k].lower_.endswith("s"):
                        b = self._name_run(a[0] - 2, -1, covered, False)
                        runs += [b] if b is not None else []
            for a, b in runs:
                out.append((a, b, "SETTLEMENT"))
                for i in range(a, b):
                    self.taken[i] = True
                    covered.add(i)
        return out

    def _apposed_noun(self, k: int) -> int | None:
        """The comma's token when settlement noun k heads an apposition to the name before it ("X, a village",
        "X, a small farming town"): "a"/"an" and at most three lower-case words between the comma and the noun,
        and the noun not a modifier itself ("X, a village elder" names a person). Else None."""
        doc = self.doc
        if not doc.has_annotation("DEP") or doc[k].dep_ in ("compound", "amod") or \
                (k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN", "PROPN")):
            return None
        j = k - 1
        while j > 0 and k - j <= 4 and doc[j].lower_ not in ("a", "an") and doc[j].text.islower():
            j -= 1
        if j < 2 or doc[j].lower_ not in ("a", "an") or doc[j - 1].text != ",":
            return None
        return j - 1

    def _head_noun(self, k: int) -> bool:
        """Whether the settlement noun at k heads its phrase ("X village was attacked"), not a modifier of another
        noun ("the X town hall"; "the X Tehsil area" still names a place): then the name before it is a place even
        when the model read it as a person."""
        doc = self.doc
        return k + 1 >= len(doc) or doc[k + 1].is_punct or doc[k + 1].pos_ not in ("NOUN", "PROPN") \
            or doc[k + 1].lower_ in settlement_nouns() | self.words["part_nouns"]

    def _name_run(self, i: int, step: int, covered: set[int], slot: bool,
                  tagged: bool = False) -> tuple[int, int] | None:
        """The run of proper-noun words starting at token i and going forward (step 1) or back (-1), at most
        four words, with name articles inside ("al-"): (start, end), or None. Words of a name already found are
        never taken; with `slot` (the place noun's "of" says it is a place) a name the model tagged as a person
        or an organisation is, and a title opens a name ("the town of Sheikh X"); with `tagged` (a head noun after
        the name: "X village") one it tagged as a person, a nationality or a product is too."""
        doc, n = self.doc, len(self.doc)
        w = self.words
        stop = w["not_places"] | w["directions"] | settlement_nouns() | w["region_nouns"] \
            | settlement_words("division_nouns") | (set() if slot else w["person_titles"])
        j, seen = i, []
        while 0 <= j < n and len(seen) < 4:
            t = doc[j]
            ok = (is_cap(t) or (t.lower_.rstrip("-") in w["name_articles"] and seen)) and j not in covered \
                and (slot or not self.taken[j] or t.ent_type_ in (("ORG", "PERSON", "NORP", "PRODUCT") if tagged
                                                                  else ("ORG",))) \
                and t.lower_.rstrip(".") not in stop and t.lower_ not in self.demonyms \
                and (slot or not self.has_tags or t.pos_ in ("PROPN", "") or t.lower_.rstrip("-") in w["name_articles"])
            if not ok and t.text in ("-", "‐") and seen:
                ok = True  # "Bustan Al - Basha": the model splits hyphens
            if not ok:
                break
            seen.append(j)
            j += step
        while seen and not is_cap(doc[seen[-1]]):
            seen.pop()  # a run never ends on an article or a hyphen
        if not seen:
            return None
        a, b = min(seen), max(seen) + 1
        if any(doc[x].ent_type_ in (("DATE", "TIME") if slot or tagged else ("PERSON", "DATE", "TIME", "NORP"))
               for x in range(a, b)) or (not slot and all(doc[x].text.isupper() for x in range(a, b) if is_cap(doc[x]))):
            return None  # "the YPG area" (a group's acronym), "the Smith farm"; a date is never a name
        return a, b

    def gazetteer_spans(self) -> list[tuple[int, int, str]]:
        """Capitalised runs the model left untagged that name a populated place, or demonyms."""
        doc, out = self.doc, []
        not_places = self.words["not_places"]
        n = len(doc)
        text = self.text
        # only tokens that start with a capital letter can open a name: find them in the text, not token by token
        caps = self.tokens_starting(m.start() for m in WORD.finditer(text) if text[m.start()].isupper())
        next_free = 0
        name_end = -1  # end of a run opened by a plain name word that named no place ("Vidya Sabha")
        for i in caps:
            if i < next_free:
                continue
            tok = doc[i]
            if self.taken[i] or not is_cap(tok) or tok.lower_.rstrip(".") in not_places \
                    or tok.lower_.rstrip(".") in self.words["person_titles"] or self.personal(i, i + 1):
                continue
            if tok.text in self.abbreviations and "." in tok.text:
                out.append((i, i + 1, "GAZ"))  # "Ky.", "B.C.": a province
                self.taken[i] = True
                continue
            j = i
            while j < n and j - i < 4 and not self.taken[j] and is_cap(doc[j]):
                j += 1
            matched = False
            for end in range(j, i, -1):  # longest first
                start = extend_article_left(doc, i)
                words = doc[i:end]
                lower = words.text.lower()
                if end - i == 1 and lower in self.demonyms:
                    out.append((i, end, "NORP"))
                    matched = True
                    break
                shouted = all(t.text.isupper() and len(t.text) > 4 for t in words) \
                    or self.in_dateline_name(words.start_char, words.end_char)  # "BEIRUT:", "RIO DE JANEIRO —"
                if self.gaz is None or (self.has_tags and not shouted
                                        and any(t.pos_ not in ("PROPN", "") for t in words)):
                    continue
                if end - i == 1 and i == self.sent_starts[self.sent_of(i)] and not self.has_tags:
                    continue  # a capital letter at a sentence start says nothing
                rows = self.gaz.lookup(words.text)
                if end - i == 1:  # one word: a main name, or another name of a big town ("Dad", "Malia" are not)
                    rows = [r for r in rows if self.gaz.is_primary_match(words.text, r)
                            or r.population >= MIN_POP_BIG]
                floor = MIN_POP_SINGLE if end - i == 1 else MIN_POP_MULTI
                if rows and rows[0].feature == "place" and end == name_end:
                    continue  # the last word of a longer name is not a town of its own ("Pradeshiya Sabha")
                if rows and (rows[0].population >= floor or rows[0].feature == "country"):
                    out.append((start, end, "GAZ"))
                    matched = True
                    break
            if not matched and j - i >= 2 and self.plain_name_word(tok):
                name_end = j
            for k in range(i, j if matched else i + 1):
                self.taken[k] = True
            next_free = j if matched else i + 1
        return out

    def generic_spans(self) -> list[tuple[int, int, str]]:
        """"the city", "the capital", "the country": anaphors resolved later from context."""
        doc, out = self.doc, []
        generic = self.words["generic_places"] | {"country"}
        found = (m.start() for m in WORD.finditer(self.text) if m.group().lower() in generic)
        for i in self.tokens_starting(found):
            tok = doc[i]
            if i > 0 and doc[i - 1].lower_ == "the" and not self.taken[i]:
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                if nxt is not None and (is_cap(nxt) or nxt.lower_ == "of"):
                    continue  # "the capital Damascus", "the city of Y": the name itself is the mention
                out.append((i - 1, i + 1, "GENERIC"))
        return out
