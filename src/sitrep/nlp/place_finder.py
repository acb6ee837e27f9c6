"""find_place_mentions: base names, then the phrase grammar around them, as unresolved PlaceMentions."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from sitrep.nlp.build import abbreviation_forms

from sitrep.gazetteer import Gazetteer
from sitrep.nlp.place_mention import GENERIC_PREFIX, PlaceMention
from sitrep.nlp.place_names import NameFinding
from sitrep.nlp.place_phrases import PhraseGrammar
from sitrep.nlp.place_tokens import PLACE_LABELS


class _Finder(NameFinding, PhraseGrammar):
    """One pass over a Doc: base names (entities + gazetteer), then the phrase grammar around them."""

    def run(self) -> list[PlaceMention]:
        """The place mentions of the Doc, in text order."""
        doc, w = self.doc, self.words
        out: list[PlaceMention] = []
        used_until = -1
        abbreviations = abbreviation_forms()
        for start, end, label in self.base_spans():
            if start < used_until:
                continue
            if end - start == 1 and doc[start].text in abbreviations:
                continue  # "Brig." of "Brig. Gen. X" (also a Swiss town): a title before a name, no place
            name = doc[start:end].text
            if self.dedicated(start):
                # "the church of St. Paul": a name inside the building's name, never where an event happened
                out.append(self.mention(start, end, "embedded", name))
                used_until = max(used_until, end)
                continue
            if label != "NORP" and self.language(start, end):
                continue  # "people who speak Hindi": a language, whatever the model or the gazetteer say
            if label == "GENERIC":
                name = GENERIC_PREFIX + doc[end - 1].lower_
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
            if label in PLACE_LABELS:
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


def find_place_mentions(doc: Doc, gaz: Gazetteer | None = None) -> list[PlaceMention]:
    """Place phrases of a Doc, in text order (unresolved: `place` is None)."""
    return _Finder(doc, gaz).run()
