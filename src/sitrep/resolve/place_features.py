"""place_features: what the event's-place ranker knows of one candidate place mention for one trigger.

A candidate is a resolved place mention of the trigger's sentence. Its features (all numbers, named) say how
it hangs on the trigger in the parse (path length, whether the trigger governs it, the clauses crossed), how
it is governed (the preposition; a modifier, possessive or compound of a noun: "X-backed rebels", "backed by
X's air power"), whether it sits in an attribution ("said in X") or a dateline, what it resolved to (town,
province, country, precision, how the name was matched), and how it relates to the other candidates (a town
inside a province named in the same sentence, the province around a named town, the nearest candidate).
`sitrep.resolve.event_place` scores them with the weights in data/event_place_model.json
(bench/train_event_place.py learns them).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from spacy.tokens import Doc, Token

from sitrep.gazetteer import countries_table, normalise, place_words
from sitrep.nlp.place_mention import PlaceMention
from sitrep.nlp.place_tokens import governing_prep
from sitrep.resolve.dateline import in_spans

PREPS = ("in", "at", "near", "on", "of", "from", "to", "into", "across", "outside", "by", "over", "around",
         "between", "with", "for", "against", "throughout", "inside", "within", "toward", "through")
DEPS = ("pobj", "compound", "poss", "amod", "nsubj", "nsubjpass", "dobj", "appos", "conj", "npadvmod", "nmod",
        "attr", "ROOT")
STRATEGIES = ("exact", "alternate", "country", "demonym", "admin1", "fuzzy", "apposition", "context", "focus")
ENTS = ("GPE", "LOC", "FAC", "PERSON", "ORG", "NORP")
MAX_UP = 12


def _path(a: Token, b: Token) -> tuple[int, int, int]:
    """(steps up from a, steps up from b) to their lowest common ancestor, and the verbs crossed on a's way."""
    up_a: dict[int, int] = {}
    t, n = a, 0
    while True:
        up_a[t.i] = n
        if t.head.i == t.i or n >= MAX_UP:
            break
        t, n = t.head, n + 1
    t, m = b, 0
    while t.i not in up_a:
        if t.head.i == t.i or m >= MAX_UP:
            return MAX_UP, MAX_UP, 0
        t, m = t.head, m + 1
    lca, verbs = t.i, 0
    t = a
    while t.i != lca:
        if t.i != a.i and t.pos_ in ("VERB", "AUX"):
            verbs += 1
        t = t.head
    return up_a[lca], m, verbs


def _attribution(tok: Token, trigger: Token) -> bool:
    """A speech verb other than the trigger governs the mention ("said in X", "told reporters in X")."""
    speech = place_words()["speech_verbs"]
    t = tok
    for _ in range(MAX_UP):
        if t.head.i == t.i or t.i == trigger.i:
            return False
        t = t.head
        if t.i == trigger.i:
            return False
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in speech:
            return True
    return False


def modifier_of_noun(doc: Doc, tok: Token) -> bool:
    """The name qualifies a noun: "X-backed rebels", "X's air power", "the Kabul governor", "Turkish troops"."""
    if tok.dep_ in ("compound", "poss", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
        return True
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is not None and nxt.text in ("-", "‐") and tok.i + 2 < len(doc) and doc[tok.i + 2].pos_ in ("VERB", "ADJ")


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    """Nouns that name a kind of place ("town", "district", "province", "airport")."""
    w = place_words()
    return w["generic_places"] | w["part_nouns"] | w["region_nouns"] | w["facility_nouns"] | w["municipality_words"]


def _relation_features(doc: Doc, m: PlaceMention, cands: list[PlaceMention], tok: Token, prep: Token | None,
                       trigger_i: int) -> dict[str, float]:
    """How the mention stands to the other candidates and to the noun it qualifies: a reference point ("15 km
    south of X", "north of X": the event is elsewhere, near X), a container named after "of" ("Y town of X
    State": X holds Y, which says more), the contained place itself, and what noun a modifier qualifies (a place
    noun: "the X district"; the trigger: "the X clash"; another noun: "the X mayor", "X's regime")."""
    w = place_words()
    f: dict[str, float] = {}
    others = [o for o in cands if o is not m and 0 <= o.token_i < len(doc)]
    town_other = any(o.place is None or o.place.feature != "country" for o in others)
    if prep is not None and prep.lower_ in ("of", "from") and prep.head.i != prep.i:
        h = prep.head
        if h.lower_ in w["directions"] or h.lower_ in w["distance_units"] or h.lower_ == "away" \
                or h.head.lower_ in w["distance_units"]:
            f["ref_point"] = 1.0
            f["ref_point_other"] = 1.0 if town_other else 0.0
        elif prep.lower_ == "of" and any(o.token_i == h.i or doc[o.token_i].head.i == h.i for o in others):
            f["of_container"] = 1.0  # "Bama town of Borno State", "Kwande local government area of Benue state"
    for o in others:
        ot = doc[o.token_i]
        op = governing_prep(ot)
        if op is not None and op.lower_ == "of" and (op.head.i == tok.i or tok.head.i == op.head.i) \
                and op.head.i != op.i:
            f["has_of_container"] = 1.0
    if modifier_of_noun(doc, tok):
        h = tok.head
        kind = "trigger" if h.i == trigger_i else ("place" if h.lower_ in _place_nouns() or h.lemma_.lower()
                                                    in _place_nouns() else "other")
        f["mod_head=" + kind] = 1.0
    return f


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Country code -> its capital's name, normalised (countries.tsv)."""
    return {r["iso2"]: normalise(r["capital"]) for r in countries_table() if r.get("capital")}


# how specific a candidate is: a town (or a name no gazetteer holds: a village, a district), a province, a country
_LEVEL = {"place": 0, "admin1": 1, "country": 2}


def _level(m: PlaceMention) -> int:
    return _LEVEL.get(m.place.feature, 0) if m.place is not None else 0


def _noun_phrase_head(tok: Token) -> Token:
    """The head of the noun phrase a name qualifies ("the Kabul governor", "X's foreign ministry": the noun)."""
    t = tok
    for _ in range(3):
        if t.dep_ in ("compound", "poss", "amod", "nmod") and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN"):
            t = t.head
        else:
            break
    return t


_HOLDING_PREPS = ("in", "of", "near", "outside", "inside")


def _anchors(tok: Token) -> set[int]:
    """The tokens a phrase naming the place at `tok` may hang on: the name, its head, and the noun an "of" names
    it by ("the village of Y")."""
    out = {tok.i, tok.head.i}
    op = governing_prep(tok)
    if op is not None and op.lower_ == "of" and op.head.i != op.i:
        out.add(op.head.i)
    return out


def _role_features(doc: Doc, m: PlaceMention, cands: list[PlaceMention], tok: Token, prep: Token | None
                   ) -> dict[str, float]:
    """A name used for who acts rather than where (metonymy), and a more specific place named beside it.
    Metonymy: the name (or the noun phrase it qualifies) is the subject of a speech verb ("X said", "X's
    ministry said") or of a verb of governments ("X urged", "X accused"); it says who backs or leads an actor
    ("X-backed rebels", "backed by X"); a country's capital or a country with no locative preposition (a
    government, "pressure from X"); an adjective use. Specificity: another resolved candidate of the sentence, in
    the same country, is a town where this one is a province or country, or a province where this one is a country
    (after it, or anywhere), or the reverse; another candidate hangs on this one by a preposition ("the village of
    Y in X": X holds Y), or this one hangs on another."""
    w = place_words()
    f: dict[str, float] = {}
    p = m.place
    head = _noun_phrase_head(tok)
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.i != head.i:
        lemma = head.head.lemma_.lower()
        if lemma in w["speech_verbs"]:
            f["speech_subject"] = 1.0
        elif lemma in w["actor_verbs"]:
            f["actor_subject"] = 1.0
        elif lemma in w["locus_verbs"]:
            f["locus_subject"] = 1.0
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    backing = w["backing_words"]
    if nxt is not None and nxt.text in ("-", "‐") and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ in backing:
        f["backer"] = 1.0  # "X-backed", "X-led"
    elif nxt is not None and nxt.lower_ in backing and tok.dep_ in ("npadvmod", "compound", "amod"):
        f["backer"] = 1.0  # "X backed" written without its hyphen
    elif prep is not None and prep.lower_ == "by" and prep.head.lemma_.lower() in w["backing_verbs"]:
        f["backer"] = 1.0  # "backed by X", "led by X"
    locative = prep is not None and prep.lower_ in w["event_preps"]
    if p is not None and p.feature == "place" and p.country and normalise(p.name) == _capitals().get(p.country):
        f["capital"] = 1.0
        if not locative:
            f["capital_bare"] = 1.0  # "X said", "pressure from X", "talks with X"
    if p is not None and p.feature == "country" and not locative:
        f["country_bare"] = 1.0
    if tok.pos_ == "ADJ":
        f["adjective"] = 1.0
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is not None and any(c.dep_ == "compound" and c.pos_ == "PROPN" and not span.start <= c.i < span.end
                                for c in tok.children):
        f["name_cut"] = 1.0  # "Haroon X" with only X found: a part of a longer name (a person's), not a place's
    if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and tok.head.lower_ not in _place_nouns() \
            and tok.head.lemma_.lower() not in _place_nouns():
        f["appos_other"] = 1.0  # "his spokesman, X": the name of what the noun is (a person, a group)
    lvl = _level(m)
    for o in cands:
        if o is m or not 0 <= o.token_i < len(doc):
            continue
        if p is not None and o.place is not None and o.place.country == p.country:
            if _level(o) < lvl:
                f["more_specific_named"] = 1.0
                if o.token_i > m.token_i:
                    f["more_specific_after"] = 1.0
            elif lvl < _level(o):
                f["less_specific_named"] = 1.0
        if prep is not None and prep.lower_ in _HOLDING_PREPS and prep.head.i != prep.i \
                and prep.head.i in _anchors(doc[o.token_i]):
            f["holds_other"] = 1.0  # "Y in X", "the village of Y in X"
        op = governing_prep(doc[o.token_i])
        if op is not None and op.lower_ in _HOLDING_PREPS and op.head.i != op.i and op.head.i in _anchors(tok):
            f["held_by_other"] = 1.0
    return f


def candidate_features(doc: Doc, cands: list[PlaceMention], trigger_i: int,
                       datelines: Sequence[tuple[int, int]] = ()) -> list[dict[str, float]]:
    """One feature mapping per candidate (resolved mentions of one sentence), for trigger token `trigger_i`."""
    trig = doc[trigger_i]
    has_dep = doc.has_annotation("DEP")
    dists = [abs(m.token_i - trigger_i) for m in cands]
    nearest = min(dists) if dists else 0
    out = []
    for m, dist in zip(cands, dists):
        tok = doc[m.token_i]
        p = m.place
        f: dict[str, float] = {"bias_cand": 1.0, "n_cands": min(len(cands), 6) / 6.0}
        f["dist"] = min(dist, 30) / 30.0
        f["nearest"] = 1.0 if dist == nearest else 0.0
        f["before"] = 1.0 if m.token_i < trigger_i else 0.0
        if has_dep:
            up, down, verbs = _path(tok, trig)
            f["path"] = min(up + down, MAX_UP) / MAX_UP
            f["under_trigger"] = 1.0 if down == 0 else 0.0
            f["trigger_under"] = 1.0 if up == 0 else 0.0
            f["verbs_crossed"] = min(verbs, 3) / 3.0
            f["attribution"] = 1.0 if _attribution(tok, trig) else 0.0
            f["modifier"] = 1.0 if modifier_of_noun(doc, tok) else 0.0
            prep = governing_prep(tok)
            pw = prep.lower_ if prep is not None else "none"
            f["prep=" + (pw if pw in PREPS or pw == "none" else "other")] = 1.0
            if prep is not None and prep.head.i != prep.i:
                h = prep.head  # what the prepositional phrase hangs on
                f["prep_on_noun"] = 1.0 if h.pos_ in ("NOUN", "PROPN") else 0.0
                if pw == "of" and h.pos_ == "NOUN" and h.lower_ in place_words()["part_nouns"] | place_words()["region_nouns"]:
                    f["of_area_noun"] = 1.0  # "the village of X", "the countryside of X"
            f["dep=" + (tok.dep_ if tok.dep_ in DEPS else "other")] = 1.0
            f.update(_relation_features(doc, m, cands, tok, prep, trigger_i))
            f.update(_role_features(doc, m, cands, tok, prep))
        f["kind=" + getattr(m, "kind", "place")] = 1.0
        feat = p.feature if p is not None else "none"
        f["feature=" + feat] = 1.0
        f["precision"] = (p.precision if p is not None else 1) / 3.0
        ent = tok.ent_type_ if tok.ent_type_ in ENTS else ("none" if not tok.ent_type_ else "other")
        f["ent=" + ent] = 1.0
        if p is None:  # a name no gazetteer row holds: is a resolved town or province named near it (what holds it)?
            f["unresolved"] = 1.0
            f["unresolved_ent=" + ent] = 1.0  # what the tagger took the name for: a place, a person, a group
            f["parsed"] = 1.0 if m.sent_i == -2 else 0.0  # found by the parse, not the finder (event_place.PARSED)
            f["container_near"] = 1.0 if any(o.place is not None and o.place.feature != "country"
                                             and abs(o.token_i - m.token_i) <= 8 for o in cands) else 0.0
        else:
            f["unresolved_near"] = 1.0 if any(o.place is None and abs(o.token_i - m.token_i) <= 8
                                              for o in cands) else 0.0
        strat = (getattr(p, "strategy", None) or "") if p is not None else ""
        f["strategy=" + (strat if strat in STRATEGIES else "other")] = 1.0
        f["score"] = float(getattr(p, "score", None) or 0.0) if p is not None else 0.0
        f["tagged"] = 1.0 if getattr(m, "tagged", False) else 0.0
        f["dateline"] = 1.0 if in_spans(m.start, datelines) else 0.0
        if p is not None:
            others = [o.place for o in cands if o is not m and o.place is not None]
            f["inside_named"] = 1.0 if p.feature == "place" and any(
                o.feature == "admin1" and o.name == p.admin1 and o.country == p.country for o in others) else 0.0
            f["contains_named"] = 1.0 if p.feature in ("admin1", "country") and any(
                o.feature == "place" and ((p.feature == "admin1" and o.admin1 == p.name and o.country == p.country)
                                          or (p.feature == "country" and o.country == p.country))
                for o in others) else 0.0
            f["other_country"] = 1.0 if others and p.country and all(o.country != p.country for o in others) else 0.0
        out.append(f)
    return out
