"""event_place: where the event of a trigger token happened, among the article's resolved place mentions."""
from __future__ import annotations

import bisect
import json
import math
import weakref
from functools import lru_cache
from typing import Any, Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.gazetteer import normalise, place_words
from sitrep.nlp.paragraphs import blank_line_between
from sitrep.nlp.place_names import settlement_nouns, settlement_words
from sitrep.nlp.place_mention import NOT_EVENT_KINDS, PlaceMention, is_generic
from sitrep.nlp.place_tokens import governing_prep
from sitrep.records import Place
from sitrep.resolve.dateline import LEAD_DATELINE, dateline_spans, in_spans
from sitrep.resolve.place_features import candidate_features, modifier_of_noun
from sitrep.resolve.focus import focus_by_majority
from sitrep.resolve.places import far_landmark, numbered_road
from sitrep.tree import doc_text, is_ancestor

MODEL_FILE = "event_place_model.json"
MODEL_FIELDS = ("version", "features", "weights", "bias", "threshold", "trained_on")
HEAD_CHARS = 3000  # datelines open a report: only lines of its head are read as such
UNRESOLVED_KINDS = frozenset({"place", "part"})  # a name or "the X district of Y" that no gazetteer row holds


@lru_cache(maxsize=1)
def ranker() -> dict[str, Any]:
    """The learned weights of the event's-place ranker (data/event_place_model.json), loaded once and checked.
    `trees` (optional): gradient-boosted trees that score the candidates in place of the logistic weights
    (`_tree_score`; the weights stay for reading and for models without trees).
    `country_threshold` (optional): the score a country needs to be an event's place of last resort
    (`ranked_country`). `parsed_names` (optional, default false): the candidates include the names the parse
    shows to be places that the finder left out (`parsed_names`); a model must be used with the candidate set
    it was trained on (bench/train_event_place.py --parsed-names). `named_sites` (optional, default false; for a
    model trained without parsed names): the candidates also include the sites' names the parse finds beside a
    place noun ("X village", "the Y Airport", parsed_names(bare=False)), weighed only where the rule attaches them
    to the trigger through a preposition or as its object (SITE_ATTACHMENT)."""
    from sitrep.resources import DataFileError, read_text

    try:
        model = json.loads(read_text(MODEL_FILE))
    except ValueError as exc:
        raise DataFileError(f"data/{MODEL_FILE} is not valid JSON: {exc}") from exc
    missing = [k for k in MODEL_FIELDS if k not in model]
    if missing or len(model["features"]) != len(model["weights"]):
        raise DataFileError(f"data/{MODEL_FILE}: missing {missing} or features and weights of unequal length")
    model["w"] = dict(zip(model["features"], (float(x) for x in model["weights"])))
    trees = model.get("trees")
    if trees is not None:
        n = len(trees.get("features", ()))
        if not {"init", "rate", "nodes"} <= set(trees) or any(
                len(node) != 5 or not (node[0] < 0 or 0 <= node[0] < n) for tree in trees["nodes"] for node in tree):
            raise DataFileError(f"data/{MODEL_FILE}: malformed trees (init, rate, features, nodes of 5 fields)")
    return model


def _tree_score(trees: dict[str, Any], f: dict[str, float]) -> float:
    """The boosted trees' log-odds for one candidate's features. A node is [feature index, threshold, left,
    right, value]: a split (go left when the feature's value is at most the threshold) or, with index -1, a leaf
    whose value is added."""
    x = [f.get(name, 0.0) for name in trees["features"]]
    z = float(trees["init"])
    rate = float(trees["rate"])
    for tree in trees["nodes"]:
        k = 0
        while tree[k][0] >= 0:
            node = tree[k]
            k = node[2] if x[node[0]] <= node[1] else node[3]
        z += rate * tree[k][4]
    return z


def unresolved_name(m: PlaceMention) -> bool:
    """A named place the gazetteer does not hold ("the village of X", a neighbourhood, a landmark): not an
    anaphor ("the city"), not a numbered road (a line through many places), not a demonym."""
    return m.place is None and m.kind in UNRESOLVED_KINDS and not is_generic(m.name) and not numbered_road(m.name) \
        and not _acronym(m.name) and not _saint(m.name) and not any(c.isdigit() for c in m.name) \
        and normalise(m.name) not in _world_regions()


@lru_cache(maxsize=1)
def _world_regions() -> frozenset[str]:
    """"Europe", "the Middle East": a continent or world region is no event's place."""
    return frozenset(normalise(w) for w in place_words()["world_regions"])


def _saint(name: str) -> bool:
    """"Saint Peter", "St. Mark": a saint (a church's patron) when no gazetteer row holds the name; a place named
    after a saint ("St. Louis", "Saint-Denis") is a town the gazetteer knows."""
    first = name.split()[0].lower().rstrip(".") if name.split() else ""
    return first in ("saint", "st", "ste", "sainte")


def _acronym(name: str) -> bool:
    """"SDF", "YPG", "U.N.": capitals only, at most five letters: an organisation's short name, not a place's."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


# prepositions after which a proper name says where something is: "in X", "near X", "outside X"
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "into", "around", "across", "throughout",
                            "within"})
# named entity labels that are never a place's name, whatever the parse ("in January", "in Arabic")
NOT_PLACE_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "LANGUAGE",
                            "EVENT", "LAW"})


PARSED = -2  # the sent_i that marks a name parsed_names found (the finder's mentions carry -1 or their sentence)
# the farthest rule attachment (rule_ranks) of a site's name the parse found, when the model was not trained on
# them (`named_sites`): 0-2 through an event preposition of the trigger ("stormed the base at X Airport", "protested
# outside X Palace"), 4 its object or a direct modifier ("stormed the X Hospital", "a X Square rally": _attachment
# counts one step and adds 3 for a slot that is not an event preposition's; 3 left the object out)
SITE_ATTACHMENT = 4.0


def parsed_names(doc: Doc, mentions: Sequence[PlaceMention], bare: bool = True) -> list[PlaceMention]:
    """Names the place finder left out that the parse shows to be places: a proper name governed by a locative
    preposition ("clashed in X", "a blast near X"), a proper name standing before a settlement or area noun
    ("attacked X village", "in the X district"), or one whose own last word is such a noun ("stormed the X
    Airport", "captured X Camp"). News names many villages, districts and facilities no gazetteer holds, and the
    statistical tagger often calls them people or organisations; the ranker weighs them as unresolved names
    (kind "place", no Place), marked `tagged=False`. `bare=False`: only the names a noun shows to be places (a name
    before a settlement or area noun, or ending in one), not a bare name after a preposition."""
    if not doc.has_annotation("DEP"):
        return []
    w = place_words()
    area = settlement_nouns() | w["part_nouns"] | w["facility_nouns"]  # not "State": "the Islamic State"
    taken: set[int] = set()
    placed: set[int] = set()  # the tokens of the mentions the gazetteer placed
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
            if m.place is not None:
                placed.update(range(span.start, span.end))
    out: list[PlaceMention] = []
    seen: set[int] = set()
    for tok in doc:
        if tok.i in seen or tok.pos_ != "PROPN" or tok.i in taken or tok.ent_type_ in NOT_PLACE_ENTS:
            continue
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
            continue  # not the head of its name: the run is read from its last word
        # the run of proper-name words ending at tok (with the hyphens and articles inside a name)
        a = tok.i
        while a > 0 and (doc[a - 1].pos_ == "PROPN" or (doc[a - 1].text in ("-", "‐") and a > 1
                                                           and doc[a - 2].pos_ == "PROPN")) \
                and doc[a - 1].i not in taken and doc[a - 1].ent_type_ not in NOT_PLACE_ENTS:
            a -= 1
        while a < tok.i and doc[a].text in ("-", "‐"):
            a += 1
        run = doc[a:tok.i + 1]
        seen.update(range(a, tok.i + 1))
        k = a - 1
        while k > 0 and doc[k].pos_ == "ADJ":
            k -= 1  # "Lisbon's old X Hotel"
        owner = k - 1 if k > 0 and doc[k].lower_ in ("'s", "’s") else a - 1
        if (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of") or (owner >= 0 and owner in taken):
            continue  # the name goes on ("the Group of Eight") or a known place owns it ("the U.S. Embassy",
            # "Lisbon's Tivoli Hotel"): that place says where
        last = tok.lower_
        head = tok
        if len(run) == 1 and last in area:
            continue  # a capitalised noun alone ("in the Street", "at the Camp") names nothing
        if tok.head.i != tok.i and tok.dep_ in ("compound", "nmod") and tok.head.pos_ == "NOUN" \
                and tok.head.lower_ in area and tok.head.i == tok.i + 1:
            if len(run) == 1 and tok.ent_type_ == "NORP":
                continue  # "a Shi'ite mosque", "an Afghan village": a faith or a people, not the site's name
            head = tok.head  # "X village", "the X district"
        elif last in area and len(run) > 1:
            pass  # "X Camp", "the X Airport"
        elif _taken_inside(doc, tok, placed):
            pass  # "stormed X in eastern Y": ground taken inside a known place
        elif not bare:
            continue
        else:
            prep = governing_prep(tok)
            if prep is None or prep.lower_ not in LOCATIVE_PREPS or tok.dep_ != "pobj" \
                    or tok.ent_type_ not in ("", "GPE", "LOC", "FAC"):
                continue  # a bare name after "in"/"at" only when the tagger does not call it a person or group
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        name = doc.text[start:end]
        m = PlaceMention(start=start, end=end, text=name, kind="place", name=name, place=None,
                         sent_i=PARSED, token_i=head.i, tagged=False)
        if unresolved_name(m) and name[:1].isupper():
            out.append(m)
    return out


# prepositions that put a thing inside or beside a place ("X in eastern Y", "X near Y")
INSIDE_PREPS = frozenset({"in", "near", "outside"})


def _taken_inside(doc: Doc, tok: Token, placed: set[int]) -> bool:
    """"troops stormed X in eastern Y", "shelled X near Y": a proper name that is the direct object of a verb of
    taking or striking ground (data/settlement_nouns.yaml taking_verbs), right before "in"/"near" and a place the
    gazetteer holds, is ground inside or beside that place (a village, a district), whatever the tagger called it;
    a person "captured in Y" is the exception the tagger tells ("captured" with a person's name is left out)."""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.lower_ in ("in", "at") and tok.ent_type_ not in ("ORG", "PERSON"):
        pass  # "killed in X in Y"
    elif tok.dep_ != "dobj" or verb.lemma_.lower() not in settlement_words("taking_verbs"):
        return False
    elif tok.ent_type_ == "PERSON" and verb.lemma_.lower() in ("capture", "seize"):
        return False
    k = tok.i + 1
    if k >= len(doc) or doc[k].lower_ not in INSIDE_PREPS:
        return False
    k += 1
    while k < len(doc) and k - tok.i <= 4 and doc[k].i not in placed and doc[k].pos_ in ("ADJ", "DET"):
        k += 1  # "in eastern Y", "in the Y"
    return k < len(doc) and k in placed


def _inside(doc: Doc, c: PlaceMention, outer: PlaceMention) -> bool:
    """Whether `c` is a name the parse found as ground taken inside the place `outer` names ("stormed X in
    eastern Y", _taken_inside), `outer` being Y."""
    if getattr(c, "sent_i", -1) != PARSED or outer.place is None or not 0 <= c.token_i < len(doc) - 1:
        return False
    k = c.token_i + 1
    return doc[k].lower_ in INSIDE_PREPS and 0 < outer.token_i - k <= 3 and doc[c.token_i].dep_ in ("dobj", "pobj")


def ranker_candidates(doc: Doc, here: list[PlaceMention], trigger_i: int) -> list[PlaceMention]:
    """The mentions the ranker chooses among: resolved or an unresolved name, of a kind that can be an event's
    place, not excluded."""
    return [m for m in here if (m.place is not None or unresolved_name(m)) and m.kind not in NOT_EVENT_KINDS
            and 0 <= m.token_i < len(doc) and not _whose(doc, m) and not _people_adjective(doc, m)
            and (_through(doc, m) or not _excluded(doc, m, doc[trigger_i])) and not _in_speaker(doc, m, trigger_i)]


def _people_adjective(doc: Doc, m: PlaceMention) -> bool:
    """An unresolved one-word name used as an adjective ("a key eastern Ukrainian city", "Angolan planes"): a
    people's or a country's adjective, not a place's name."""
    if m.place is not None or " " in m.name.strip() or not doc.has_annotation("DEP"):
        return False
    tok = doc[m.token_i]
    return tok.pos_ == "ADJ" or tok.dep_ == "amod"


def _whose(doc: Doc, m: PlaceMention) -> bool:
    """A country named as a backer or a modifier of a noun that is no place ("a U.S. patrol", "a US air strike",
    "Turkey-backed rebels"): it says whose forces or deeds, not where they were. An owner may say where
    ("Somalia's capital"), and so does a modifier of a place noun ("a West Bank town", "a Hong Kong hotel")."""
    if not doc.has_annotation("DEP") or m.place is None or m.place.feature != "country":
        return False
    tok = doc[m.token_i]
    if tok.dep_ == "poss" or not modifier_of_noun(doc, tok):
        return False
    w = place_words()
    nouns = settlement_nouns() | w["generic_places"] | w["part_nouns"] | w["facility_nouns"] | w["region_nouns"]
    return not (tok.head.lemma_.lower() in nouns or tok.head.lower_ in nouns or tok.head.lower_ == "cities")


def _through(doc: Doc, m: PlaceMention) -> bool:
    """"marched through central Seoul": a route that lies inside the place, left for the ranker to weigh."""
    prep = governing_prep(doc[m.token_i]) if doc.has_annotation("DEP") else None
    return prep is not None and prep.lower_ == "through"


def _in_speaker(doc: Doc, m: PlaceMention, trigger_i: int) -> bool:
    """The name qualifies who speaks ("Turkey's state-run news agency reported", "the Kabul governor said"): an
    owner or modifier of the subject of a speech verb other than the trigger names a source, not where the event
    happened ("residents of X said" do tell where: a preposition on the way keeps the name)."""
    speech = place_words()["speech_verbs"]
    t = doc[m.token_i]
    if t.dep_ not in ("poss", "compound", "amod", "nmod"):
        return False
    for _ in range(8):
        if t.i == trigger_i or t.head.i == t.i or t.dep_ in ("pobj", "prep"):
            return False
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in speech and t.head.i != trigger_i:
            return True
        t = t.head
    return False


def rule_ranks(doc: Doc, cands: list[PlaceMention], trigger: Token) -> list[float | None]:
    """The hand rule's attachment distance of each candidate (through an event preposition, a modifier, or the
    clause's verb; None when not attached): the ranker weighs it beside its other features."""
    head = _clause_head(trigger)
    out: list[float | None] = []
    for m in cands:
        d = _attachment(doc, m, trigger)
        if d is None and head is not None:
            d2 = _attachment(doc, m, head)
            d = None if d2 is None else d2 + 5
        out.append(None if d is None else float(d))
    return out


def ranker_features(doc: Doc, here: list[PlaceMention], trigger_i: int, datelines: Sequence[tuple[int, int]] = ()
                    ) -> tuple[list[PlaceMention], list[dict[str, float]]]:
    """The ranker's candidates among the sentence's mentions and their features (also used to train it);
    `datelines`: the (start, end) of the article's dateline lines (resolve.dateline.dateline_spans)."""
    cands = ranker_candidates(doc, here, trigger_i)
    ranks = rule_ranks(doc, cands, doc[trigger_i])
    if not ranker().get("parsed_names"):
        # a site's name the parse found (the model was not trained on such candidates) is weighed only where the
        # event is told to have happened at it: through a preposition of the trigger or as its object
        keep = [k for k, (m, d) in enumerate(zip(cands, ranks))
                if getattr(m, "sent_i", -1) != PARSED or (d is not None and d <= SITE_ATTACHMENT)]
        cands, ranks = [cands[k] for k in keep], [ranks[k] for k in keep]
    feats = candidate_features(doc, cands, trigger_i, datelines)
    attached = [k for k, d in enumerate(ranks) if d is not None]
    pick = min(attached, key=lambda k: (ranks[k], abs(cands[k].token_i - trigger_i))) if attached else None
    for k, (f, d) in enumerate(zip(feats, ranks)):
        f["rule_attached"] = 0.0 if d is None else 1.0
        f["rule_dist"] = 1.0 if d is None else min(d, 15.0) / 15.0
        f["rule_pick"] = 1.0 if k == pick else 0.0
    return cands, feats


def candidate_scores(feats: list[dict[str, float]]) -> list[float]:
    """The ranker's probability, for each candidate's features, that it is where the trigger's event happened."""
    model = ranker()
    w, b = model["w"], float(model["bias"])
    trees = model.get("trees")
    out = []
    for f in feats:
        z = _tree_score(trees, f) if trees is not None else b + sum(w.get(k, 0.0) * v for k, v in f.items())
        out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return out


def ranked_place(doc: Doc, here: list[PlaceMention], trigger_i: int, datelines: Sequence[tuple[int, int]] = (),
                 threshold: float | None = None, mentions: list[PlaceMention] | None = None,
                 hint: Place | None = None, before: Sequence[PlaceMention] = ()) -> Place | None:
    """Among the sentence's place mentions that may be the event's place (not a route end nor where a speaker
    was), the best-scored when its score reaches the model's threshold, else None (the sentence does not say
    where this event happened). `hint`: the article's country hint; `before`: the towns the sentence before, in
    the same paragraph, names (both for `unresolved_place`)."""
    cands, feats = ranker_features(doc, here, trigger_i, datelines)
    if not cands:
        return None
    scopes = [k for k, (m, f) in enumerate(zip(cands, feats)) if f["rule_pick"] and (
        m.kind == "country_scope" or (m.place is not None and m.place.strategy == "apposition"))]
    if scopes:
        # explicit readings the rule attaches to the trigger: a scope ("killed across Syria, including one in
        # Homs": its extent) and a named apposition ("a village west of the city, Atarib, was shelled")
        return _with_prep_precision(doc, cands[scopes[0]])
    scores = candidate_scores(feats)
    best = max(range(len(cands)), key=lambda k: (scores[k], -abs(cands[k].token_i - trigger_i)))
    floor = float(ranker()["threshold"]) if threshold is None else threshold
    if scores[best] < floor:
        return None
    inner = [k for k, c in enumerate(cands) if scores[k] >= floor and _inside(doc, c, cands[best])]
    if inner:
        best = inner[0]  # "stormed X in eastern Y": X lies inside Y and says more
    m = cands[best]
    if m.place is not None:
        city = _dateline_city_of_part(doc, m, datelines, mentions or here)
        if city is not None:
            return city
        return _with_prep_precision(doc, m)
    town = _town_before_area(doc, m, cands)
    if town is not None:
        return _with_prep_precision(doc, town)
    return unresolved_place(doc, m, [c for k, c in sorted(enumerate(cands), key=lambda kc: -scores[kc[0]])
                                     if c.place is not None], mentions or here, hint, before)


CITY_PARTS = frozenset({"neighborhood", "neighbourhood", "quarter", "suburb"})
FAR_KM = 100.0


def _dateline_city_of_part(doc: Doc, m: PlaceMention, datelines: Sequence[tuple[int, int]],
                           mentions: Sequence[PlaceMention]) -> Place | None:
    """"RIVERTON — ... in the X neighborhood": a neighbourhood named under a city's dateline lies in that city.
    When the name resolved to a town of the same name far from the dateline's town, and the sentence names no
    other town the neighbourhood could belong to, the event's place is the dateline's town, in the
    neighbourhood's words (precision 2: a part of it)."""
    from sitrep.geo import km

    p = m.place
    if p is None or p.feature != "place" or p.lat is None or not datelines or not doc.has_annotation("DEP"):
        return None
    end = next((i for i in range(m.token_i, min(len(doc), m.token_i + 6)) if doc[i].idx >= m.end), len(doc))
    if end >= len(doc) or doc[end].lower_ not in CITY_PARTS:
        return None
    towns = [x.place for x in mentions if x.place is not None and in_spans(x.start, datelines)
             and x.place.feature == "place" and x.place.lat is not None]
    if not towns or any(t.geonameid == p.geonameid for t in towns):
        return None
    city = towns[0]
    sent = doc[m.token_i].sent
    others = [x for x in mentions if x is not m and x.place is not None and x.place.feature == "place"
              and sent.start <= x.token_i < sent.end and not in_spans(x.start, datelines)]
    if others or km(p.lat, p.lon, city.lat, city.lon) < FAR_KM:
        return None
    return city.replace(text=m.text, precision=2, strategy="dateline-part")


def ranked_country(doc: Doc, here: list[PlaceMention], trigger_i: int, datelines: Sequence[tuple[int, int]] = ()
                   ) -> Place | None:
    """The country of the sentence the ranker weighs most as the event's, when its score reaches the model's
    `country_threshold` (lower than the threshold of a place below country: a country is a coarse answer, true
    whenever any place inside it is): the last resort when nothing places the event more closely."""
    bar = ranker().get("country_threshold")
    cands, feats = ranker_features(doc, here, trigger_i, datelines)
    countries = [k for k, c in enumerate(cands) if c.place is not None and c.place.feature == "country"]
    if bar is None or not countries:
        return None
    scores = candidate_scores(feats)
    top = max(countries, key=lambda k: scores[k])
    return cands[top].place if scores[top] >= float(bar) else None


def _town_before_area(doc: Doc, m: PlaceMention, cands: list[PlaceMention]) -> PlaceMention | None:
    """"in Esperanza town in X province": an unknown area's name (a name and an area noun) with a known town
    named just before it, in the same phrase: the town lies in the area and says more, so it is the place."""
    words = place_words()
    last = m.name.split()[-1].lower() if m.name.split() else ""
    if not (_names_area(doc, m) or last in words["part_nouns"] | words["region_nouns"]):
        return None
    towns = [c for c in cands if c.place is not None and c.place.feature == "place" and c.kind != "relative"
             and 0 < m.token_i - c.token_i <= 6]
    if not towns:
        return None
    t = max(towns, key=lambda c: c.token_i)
    between = doc[t.token_i + 1:m.token_i]
    return t if not any(x.pos_ == "VERB" or x.text in (";", ".") for x in between) else None


def unresolved_place(doc: Doc, m: PlaceMention, ranked: list[PlaceMention], mentions: list[PlaceMention],
                     hint: Place | None = None, before: Sequence[PlaceMention] = ()) -> Place:
    """An event's place the gazetteer does not hold: its own words, placed in what holds it. The container is the
    best-ranked resolved place of the same sentence (the town or province it lies in or near; an anaphor only when
    it resolved inside the country the article is about), else that country (named as such among its places);
    precision 2 near a town, 3 when only the province or country is known. With neither, a place with no
    coordinates, in the country most of the article's places lie in; when no resolved place says which, in the
    article's country hint (`hint`, resolve.focus.hint_place: the article's own country, where an unnamed village
    lies unless its text says otherwise), at country level. `before`: the towns the sentence before names in the
    same paragraph; with no container in its own sentence, the last of them holds the name."""
    focus = focus_by_majority(mentions)
    # an anaphor ("the city") that the context resolved to a town of another country than the one the article is
    # about does not hold a name the gazetteer does not know: it points back at a place of another story
    near = [c.place for c in ranked if c.place is not None
            and not (c.place.strategy == "context" and focus is not None and c.place.country != focus)]
    container = near[0] if near else None
    if container is None and before:
        # the sentence names nothing that holds it, the one before in the same paragraph names a town: a name no
        # gazetteer row holds (a hotel, a village, a district) told right after a town lies in or near that town
        # ("...in the centre of X. A fourth man was killed nearby at the Y Hotel.")
        container = before[-1].place
    if container is None:
        named = [x.place for x in mentions if x.place is not None and x.place.country == focus
                 and x.place.feature == "country"]
        container = named[0] if named else None
    if container is None:
        if focus is None and hint is not None:
            return hint.replace(text=m.text, precision=3, strategy="unresolved-in")
        return Place(text=m.text, name=m.name, geonameid=None, feature="place", admin1=None,
                     country=focus, lat=None, lon=None, precision=1, strategy="unresolved")
    precision = 2 if container.feature == "place" else 3
    return container.replace(text=m.text, precision=max(precision, container.precision or 1),
                             strategy="unresolved-in")


def _excluded(doc: Doc, m: PlaceMention, trigger: Token | None) -> bool:
    """A route end ("from X to Y", "between X and Y") or where a speaker was ("said by phone from X")."""
    w = place_words()
    if m.kind in NOT_EVENT_KINDS:
        return True
    tok = doc[m.token_i]
    if _name_conjunct(tok):
        return True
    if doc.has_annotation("DEP"):
        prep = governing_prep(tok)
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


def _name_conjunct(tok: Token) -> bool:
    """"the Islamic State of Iraq and al-Sham": a name coordinated with a word inside an organisation's name, and
    not tagged a place itself, ends that name (as the place word the name holds does, kind "embedded"); it names
    who, not where."""
    head = tok.head
    return (tok.dep_ == "conj" and head.i != tok.i and head.ent_type_ == "ORG" and head.ent_iob_ == "I"
            and tok.ent_type_ not in ("GPE", "LOC", "FAC"))


def _attachment(doc: Doc, m: PlaceMention, target: Token) -> int | None:
    """Path length from the mention up to `target` through an event preposition, or None when not attached."""
    w = place_words()
    tok = doc[m.token_i]
    prep = governing_prep(tok)
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
    prep = governing_prep(doc[m.token_i]) if doc.has_annotation("DEP") else None
    if prep is not None and prep.lower_ in place_words()["near_words"] and m.place.precision < 2:
        return m.place.replace(precision=2)
    return m.place


def _next_sentence_town(doc: Doc, sents: "_Sentences", si: int, told_in: dict[int, list[PlaceMention]]) -> Place | None:
    """The first town named in the next sentence of the same paragraph (what a dateline yields to), or None."""
    if si + 1 >= len(sents) or blank_line_between(doc, sents[si].end - 1, sents[si + 1].start + 1):
        return None
    nxt = [m for m in told_in.get(si + 1, ())
           if not _excluded(doc, m, None) and m.place is not None and m.place.feature == "place"]
    return _with_prep_precision(doc, nxt[0]) if nxt else None


def article_datelines(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the article's datelines, once per Doc: a line of the head opening with a name in capitals
    and a dash ("CAIRO — ", "MEXICO CITY -- ", at the very start or after a byline) and every dateline-like line
    the one dateline module finds ("Kirkuk, Iraq, Sept. 9, 2019 (Reuters) - ")."""
    known = _BY_DOC.setdefault(doc, {"bounds": None, "starts": None, "of": None})
    if known.get("datelines") is None:
        text = doc_text(doc)
        lines = [0] + [k + 1 for k, c in enumerate(text[:HEAD_CHARS]) if c == "\n"]
        caps = []
        for a in lines:
            got = LEAD_DATELINE.match(text, a, min(len(text), a + 160))
            if got is not None and got.end() > a:
                caps.append((a, got.end()))
        known["datelines"] = caps + dateline_spans(text)
    return known["datelines"]


class _Sentences:
    """The sentences of a Doc by index, each Span made when asked for (held by no cache)."""

    def __init__(self, doc: Doc, bounds: list[tuple[int, int]]) -> None:
        self.doc, self.bounds = doc, bounds

    def __len__(self) -> int:
        return len(self.bounds)

    def __getitem__(self, i: int) -> Span:
        a, b = self.bounds[i]
        return self.doc[a:b]


def _sentences(doc: Doc) -> list[Span]:
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]


# per Doc (while it lives): its sentences, and the usable place mentions of the last list asked about, by
# sentence; event_place is asked once per event, and these are linear in the article's length
_BY_DOC: "weakref.WeakKeyDictionary[Doc, dict[str, Any]]" = weakref.WeakKeyDictionary()


def _usable_by_sentence(doc: Doc, mentions: list[PlaceMention]) \
        -> tuple[_Sentences, list[int], list[PlaceMention], dict[int, list[PlaceMention]], dict[int, list[PlaceMention]]]:
    """(sentences, their starts, the usable mentions, the usable mentions by sentence, the unresolved names by
    sentence, each in list order)."""
    known = _BY_DOC.setdefault(doc, {"bounds": None, "starts": None, "of": None})
    if known["bounds"] is None:  # bounds, not Spans: a Span holds its Doc, and a value holding its weak key
        bounds = [(s.start, s.end) for s in _sentences(doc)]  # would keep every Doc alive for ever
        known.update(bounds=bounds, starts=[a for a, _ in bounds])
    sents, starts = _Sentences(doc, known["bounds"]), known["starts"]
    of = known["of"]
    if of is None or of[0] is not mentions or of[1] != len(mentions):
        usable = [m for m in mentions if m.place is not None and m.kind not in NOT_EVENT_KINDS
                  and 0 <= m.token_i < len(doc) and not far_landmark(m, mentions)]
        told_in: dict[int, list[PlaceMention]] = {}
        for m in usable:
            told_in.setdefault(bisect.bisect_right(starts, m.token_i) - 1, []).append(m)
        unresolved: dict[int, list[PlaceMention]] = {}
        model = ranker()
        extra = parsed_names(doc, mentions) if model.get("parsed_names") else \
            parsed_names(doc, mentions, bare=False) if model.get("named_sites") else []
        for m in list(mentions) + extra:
            if unresolved_name(m) and 0 <= m.token_i < len(doc):
                unresolved.setdefault(bisect.bisect_right(starts, m.token_i) - 1, []).append(m)
        of = known["of"] = (mentions, len(mentions), usable, told_in, unresolved)
    return sents, starts, of[2], of[3], of[4]


def _names_area(doc: Doc, m: PlaceMention) -> bool:
    """Whether a name is followed by an area noun ("the Y district", "Y province"): an area, not a town."""
    words = place_words()
    end = next((i for i in range(max(0, m.token_i), min(len(doc), m.token_i + 6)) if doc[i].idx >= m.end), len(doc))
    return end < len(doc) and doc[end].lower_ in words["part_nouns"] | words["region_nouns"]


def event_place(doc: Doc, mentions: list[PlaceMention], trigger_i: int, hint: Place | None = None) -> Place | None:
    """Where the event of trigger token `trigger_i` happened: attached place, else same sentence, else the one before.
    `hint`: the article's country hint, the country of a place no gazetteer row holds when nothing else places it."""
    sents, starts, usable, told_in, unresolved_in = _usable_by_sentence(doc, mentions)
    si = bisect.bisect_right(starts, trigger_i) - 1
    trigger = doc[trigger_i]
    here = told_in.get(si, [])
    datelines = article_datelines(doc)
    if datelines and any(in_spans(m.start, datelines) for m in here):
        # a dateline ("MANILA, Philippines -", wherever the byline put it) says where the report was filed,
        # never where the event happened: the body's place wins, in this sentence or the next
        body = [m for m in here if not in_spans(m.start, datelines)]
        told = None if body else _next_sentence_town(doc, sents, si, told_in)
        if told is not None:
            return told
        here = body
    has_dep = doc.has_annotation("DEP")
    if has_dep:
        before = [m for m in told_in.get(si - 1, ()) if m.place is not None and m.place.feature == "place"
                  and not in_spans(m.start, datelines) and not _excluded(doc, m, None)] \
            if si > 0 and not blank_line_between(doc, sents[si - 1].end - 3, sents[si].start + 1) else []
        best = ranked_place(doc, here + [m for m in unresolved_in.get(si, []) if not in_spans(m.start, datelines)],
                            trigger_i, datelines, mentions=usable, hint=hint, before=before)
        if best is not None:
            return best
    if si > 0:
        prev = sents[si - 1]
        if not blank_line_between(doc, prev.end - 3, sents[si].start + 1):
            cands = [m for m in told_in.get(si - 1, ()) if not _excluded(doc, m, None)]
            if cands and datelines and all(in_spans(m.start, datelines) for m in cands):
                told = _next_sentence_town(doc, sents, si, told_in)
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
    # nothing the ranker trusts here, nothing just before: the nearest place of the sentence that is not a
    # country named as an owner or a modifier of a noun ("Turkey's news agency", "a US air strike",
    # "Iranian-backed militias"): such a country says whose, not where
    rest = [m for m in here if not _excluded(doc, m, trigger)
            and not (has_dep and m.place is not None and m.place.feature == "country"
                     and modifier_of_noun(doc, doc[m.token_i]))
            and not (has_dep and _names_other(doc, m, trigger_i))
            and not (has_dep and _in_clause_below(doc[m.token_i], trigger))]
    bar = ranker().get("fallback_threshold")
    if rest and has_dep and bar is not None:
        # the nearest place stands in only when the ranker gives some place of the sentence at least a small chance
        cands, feats = ranker_features(doc, here, trigger_i, datelines)
        if not cands or max(candidate_scores(feats)) < float(bar):
            return None
    if rest:
        return _with_prep_precision(doc, min(rest, key=lambda m: abs(m.token_i - trigger_i)))
    return None


def _in_clause_below(tok: Token, trigger: Token) -> bool:
    """A place named on a preposition in a relative clause, a clause modifying a noun or a reported clause beneath
    the trigger ("was shot on Sunday, a day after the mayor signed an order that closes the market in X", "demanded
    that the soldiers be tried in X"): it tells of a participant or of what was said, not where the trigger's event
    happened. A place qualifying a person ("a member of X's police") may still place an unplaced event."""
    if tok.dep_ != "pobj":
        return False
    t = tok
    for _ in range(20):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            break
        t = t.head
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_head(trigger) or trigger
    return t.i not in (trigger.i, verb.i) and t.dep_ in ("relcl", "acl", "ccomp") and (
        is_ancestor(trigger, t) or is_ancestor(verb, t))


def _names_other(doc: Doc, m: PlaceMention, trigger_i: int) -> bool:
    """A place named as the subject of another verb than the trigger ("Moscow denied any role", "Baghdad admits",
    "Hanoi agreed"): by metonymy a government or a team that acts or speaks, not where the trigger's event was.
    (A place qualifying an official, "the Kabul police chief said", may still place an unplaced event.)"""
    tok = doc[m.token_i]
    return tok.dep_ == "nsubj" and tok.head.i not in (tok.i, trigger_i) and tok.head.pos_ in ("VERB", "AUX")


def event_country(doc: Doc, mentions: list[PlaceMention], trigger_i: int) -> Place | None:
    """The last resort for an event that nothing else places: the country its own sentence names that the ranker
    weighs most as the event's (`ranked_country`), not one named in a dateline; None without a parse."""
    if not doc.has_annotation("DEP"):
        return None
    _, starts, _, told_in, _ = _usable_by_sentence(doc, mentions)
    si = bisect.bisect_right(starts, trigger_i) - 1
    datelines = article_datelines(doc)
    here = [m for m in told_in.get(si, []) if not in_spans(m.start, datelines)]
    return ranked_country(doc, here, trigger_i, datelines)
