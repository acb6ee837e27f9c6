"""Event stage on hand-made Docs (spacy.blank): triggers, not-events, actors, sources, certainty, merging."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.actors import ActorNamer
from sitrep.events import DocContext, EventBuilder
from sitrep.figures import Figure
from sitrep.lexicon import LexiconError, load_lexicon, parse_actors, parse_triggers
from sitrep.records import Article, Count, Place, When
from sitrep.triggers import TriggerFinder

NLP = spacy.blank("en")


def make_doc(rows: list[tuple], ents: list[tuple[int, int, str]] = ()) -> Doc:
    """rows: (word, lemma, pos, tag, dep, head index, space after) for one or more sentences."""
    words = [r[0] for r in rows]
    doc = Doc(
        NLP.vocab, words=words, spaces=[r[6] if len(r) > 6 else True for r in rows],
        lemmas=[r[1] for r in rows], pos=[r[2] for r in rows], tags=[r[3] for r in rows],
        deps=[r[4] for r in rows], heads=[r[5] for r in rows],
    )
    if ents:
        doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=l) for s, e, l in ents]
    return doc


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder(actor_kind=ActorNamer().kind_of)


def test_arrest_is_found_with_actors_and_source(finder: TriggerFinder) -> None:
    rows = [
        ("Police", "police", "NOUN", "NNS", "nsubj", 1), ("arrested", "arrest", "VERB", "VBD", "ccomp", 10),
        ("30", "30", "NUM", "CD", "nummod", 3), ("students", "student", "NOUN", "NNS", "dobj", 1),
        ("in", "in", "ADP", "IN", "prep", 1), ("Kirkuk", "Kirkuk", "PROPN", "NNP", "pobj", 4),
        ("on", "on", "ADP", "IN", "prep", 1), ("Tuesday", "Tuesday", "PROPN", "NNP", "pobj", 6, False),
        (",", ",", "PUNCT", ",", "punct", 10), ("witnesses", "witness", "NOUN", "NNS", "nsubj", 10),
        ("said", "say", "VERB", "VBD", "ROOT", 10, False), (".", ".", "PUNCT", ".", "punct", 10),
    ]
    doc = make_doc(rows, ents=[(5, 6, "GPE"), (7, 8, "DATE")])
    mentions = finder(doc)
    assert [doc[m.token_i].text for m in mentions] == ["arrested"]
    assert (mentions[0].type, mentions[0].subtype) == ("Strategic developments", "Arrests")
    art = Article(id="a1", text=doc.text, published="2019-03-13")
    when = When(text="Tuesday", start="2019-03-12", end="2019-03-12", precision="day")
    date = type("D", (), {"token_i": 7, "when": when})()
    fig = Figure(start=doc[2].idx, end=doc[2].idx + 2, text="30", count=Count(30, 30, 30, "30"),
                 category="arrested", token_i=2, verb_i=1)
    events = EventBuilder().build(doc, mentions, DocContext(article=art, places=[], dates=[date], figures=[fig]))
    assert len(events) == 1
    ev = events[0]
    assert ev.arrested is not None and ev.arrested.best == 30
    assert ev.actor1 is not None and ev.actor1.kind == "state_forces"
    assert ev.actor2 is not None and ev.actor2.kind == "civilians"
    assert ev.when.start == "2019-03-12"
    assert [s.kind for s in ev.sources] == ["witness"]
    assert ev.certainty == "reported"
    assert ev.evidence[0].text == doc.text.strip()
    assert doc.text[ev.evidence[0].start:ev.evidence[0].end] == ev.evidence[0].text


def test_negated_modal_and_infinitive_triggers_are_not_events(finder: TriggerFinder) -> None:
    # "Troops did not shell the village."
    neg = make_doc([
        ("Troops", "troop", "NOUN", "NNS", "nsubj", 3), ("did", "do", "AUX", "VBD", "aux", 3),
        ("not", "not", "PART", "RB", "neg", 3), ("shell", "shell", "VERB", "VB", "ROOT", 3),
        ("the", "the", "DET", "DT", "det", 5), ("village", "village", "NOUN", "NN", "dobj", 3, False),
        (".", ".", "PUNCT", ".", "punct", 3),
    ])
    assert finder(neg) == []
    # "Rebels would seize the town."
    modal = make_doc([
        ("Rebels", "rebel", "NOUN", "NNS", "nsubj", 2), ("would", "would", "AUX", "MD", "aux", 2),
        ("seize", "seize", "VERB", "VB", "ROOT", 2), ("the", "the", "DET", "DT", "det", 4),
        ("town", "town", "NOUN", "NN", "dobj", 2, False), (".", ".", "PUNCT", ".", "punct", 2),
    ])
    assert finder(modal) == []
    # "Soldiers fled to avoid orders to shoot strikers."
    avoided = make_doc([
        ("Soldiers", "soldier", "NOUN", "NNS", "nsubj", 1), ("fled", "flee", "VERB", "VBD", "ROOT", 1),
        ("to", "to", "PART", "TO", "aux", 3), ("avoid", "avoid", "VERB", "VB", "advcl", 1),
        ("orders", "order", "NOUN", "NNS", "dobj", 3), ("to", "to", "PART", "TO", "aux", 6),
        ("shoot", "shoot", "VERB", "VB", "acl", 4), ("strikers", "striker", "NOUN", "NNS", "dobj", 6, False),
        (".", ".", "PUNCT", ".", "punct", 1),
    ])
    assert finder(avoided) == []


def test_present_generic_is_not_an_event_but_past_is(finder: TriggerFinder) -> None:
    # "Defections remain rare." / "Hundreds of soldiers defected on Monday."
    generic = make_doc([
        ("Defections", "defection", "NOUN", "NNS", "nsubj", 1), ("remain", "remain", "VERB", "VBP", "ROOT", 1),
        ("rare", "rare", "ADJ", "JJ", "acomp", 1, False), (".", ".", "PUNCT", ".", "punct", 1),
    ])
    assert finder(generic) == []
    past = make_doc([
        ("Soldiers", "soldier", "NOUN", "NNS", "nsubj", 1), ("defected", "defect", "VERB", "VBD", "ROOT", 1),
        ("on", "on", "ADP", "IN", "prep", 1), ("Monday", "Monday", "PROPN", "NNP", "pobj", 2, False),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=[(3, 4, "DATE")])
    m = finder(past)
    assert [(x.type, x.subtype) for x in m] == [("Strategic developments", "Change to group/activity")]


def test_weapon_words_choose_the_subtype(finder: TriggerFinder) -> None:
    # "Tanks fired shells at the market."
    doc = make_doc([
        ("Tanks", "tank", "NOUN", "NNS", "nsubj", 1), ("fired", "fire", "VERB", "VBD", "ROOT", 1),
        ("shells", "shell", "NOUN", "NNS", "dobj", 1), ("at", "at", "ADP", "IN", "prep", 1),
        ("the", "the", "DET", "DT", "det", 5), ("market", "market", "NOUN", "NN", "pobj", 3, False),
        (".", ".", "PUNCT", ".", "punct", 1),
    ])
    m = finder(doc)
    assert [(x.subtype) for x in m][0] == "Shelling/artillery/missile attack"
    ev = EventBuilder().build(doc, m[:1], DocContext(article=Article(id="x", text=doc.text), places=[], dates=[], figures=[]))
    assert ev[0].actor1 is not None and ev[0].actor1.kind == "state_forces"  # implied by "tanks"


def test_consequence_clause_joins_its_event_and_unverified_note_marks_it(finder: TriggerFinder) -> None:
    # "Rebels attacked a checkpoint, killing nine soldiers, a commander said. It could not be verified."
    rows = [
        ("Rebels", "rebel", "NOUN", "NNS", "nsubj", 1), ("attacked", "attack", "VERB", "VBD", "ccomp", 11),
        ("a", "a", "DET", "DT", "det", 3), ("checkpoint", "checkpoint", "NOUN", "NN", "dobj", 1, False),
        (",", ",", "PUNCT", ",", "punct", 1), ("killing", "kill", "VERB", "VBG", "advcl", 1),
        ("nine", "nine", "NUM", "CD", "nummod", 7), ("soldiers", "soldier", "NOUN", "NNS", "dobj", 5, False),
        (",", ",", "PUNCT", ",", "punct", 11), ("a", "a", "DET", "DT", "det", 10),
        ("commander", "commander", "NOUN", "NN", "nsubj", 11), ("said", "say", "VERB", "VBD", "ROOT", 11, False),
        (".", ".", "PUNCT", ".", "punct", 11),
        ("It", "it", "PRON", "PRP", "nsubjpass", 16), ("could", "could", "AUX", "MD", "aux", 16),
        ("not", "not", "PART", "RB", "neg", 16), ("be", "be", "AUX", "VB", "auxpass", 16),
        ("verified", "verify", "VERB", "VBN", "ROOT", 16, False), (".", ".", "PUNCT", ".", "punct", 16),
    ]
    rows = rows[:16] + [(r[0], r[1], r[2], r[3], r[4], 17 if r[5] == 16 else r[5], *r[6:]) for r in rows[16:]]
    rows[13] = ("It", "it", "PRON", "PRP", "nsubjpass", 17)
    rows[14] = ("could", "could", "AUX", "MD", "aux", 17)
    rows[15] = ("not", "not", "PART", "RB", "neg", 17)
    rows[16] = ("be", "be", "AUX", "VB", "auxpass", 17)
    doc = make_doc(rows)
    mentions = finder(doc)
    assert [doc[m.token_i].text for m in mentions] == ["attacked", "killing"]
    fig = Figure(start=doc[6].idx, end=doc[6].idx + 4, text="nine", count=Count(9, 9, 9, "nine"),
                 category="killed", token_i=6, verb_i=5)
    events = EventBuilder().build(doc, mentions, DocContext(article=Article(id="x", text=doc.text), places=[], dates=[], figures=[fig]))
    assert len(events) == 1, "the killing is part of the attack, not a second happening"
    ev = events[0]
    assert ev.killed is not None and ev.killed.best == 9
    assert (ev.type, ev.subtype) == ("Battles", "Armed clash")  # armed actors on both sides
    assert [s.kind for s in ev.sources] == ["combatant"]
    assert ev.certainty == "unconfirmed"


def test_same_happening_in_two_sentences_is_one_event(finder: TriggerFinder) -> None:
    # "Students protested in Lagos on Monday. Crowds of students marched to the parliament."
    rows = [
        ("Students", "student", "NOUN", "NNS", "nsubj", 1), ("protested", "protest", "VERB", "VBD", "ROOT", 1),
        ("in", "in", "ADP", "IN", "prep", 1), ("Lagos", "Lagos", "PROPN", "NNP", "pobj", 2),
        ("on", "on", "ADP", "IN", "prep", 1), ("Monday", "Monday", "PROPN", "NNP", "pobj", 4, False),
        (".", ".", "PUNCT", ".", "punct", 1),
        ("Protesters", "protester", "NOUN", "NNS", "nsubj", 8), ("marched", "march", "VERB", "VBD", "ROOT", 8),
        ("to", "to", "ADP", "IN", "prep", 8), ("parliament", "parliament", "NOUN", "NN", "pobj", 9, False),
        (".", ".", "PUNCT", ".", "punct", 8),
    ]
    doc = make_doc(rows, ents=[(3, 4, "GPE"), (5, 6, "DATE")])
    mentions = finder(doc)
    assert len(mentions) == 2
    lagos = Place(text="Lagos", name="Lagos", geonameid=2332459, feature="place", admin1="Lagos", country="NG",
                  lat=6.45, lon=3.39, precision=1)
    pm = type("P", (), {"token_i": 3, "place": lagos, "kind": "place", "start": doc[3].idx, "end": doc[3].idx + 5})()
    when = When(text="Monday", start="2019-03-11", end="2019-03-11", precision="day")
    dm = type("D", (), {"token_i": 5, "when": when})()
    events = EventBuilder().build(doc, mentions, DocContext(article=Article(id="x", text=doc.text, published="2019-03-13"),
                                                             places=[pm], dates=[dm], figures=[]))
    assert len(events) == 1
    assert len(events[0].evidence) == 2
    assert events[0].actor1 is not None and events[0].actor1.kind == "protesters"
    assert events[0].where is not None and events[0].where.geonameid == 2332459


def test_shipped_lexicons_are_valid() -> None:
    lex = load_lexicon()
    assert lex.triggers and lex.actors and lex.reporting_verbs
    assert "say" in lex.reporting_verbs
    # every entry's type/sub-type is ACLED's exact spelling (checked while parsing); kinds are known
    assert {a.kind for a in lex.actors} <= {"state_forces", "rebels", "political_militia", "identity_militia",
                                             "rioters", "protesters", "civilians", "external", "unknown"}


def test_bad_lexicon_entries_are_rejected() -> None:
    with pytest.raises(LexiconError):
        parse_triggers({"triggers": [{"lemmas": ["x"], "type": "Battles", "subtype": "Armed fight", "plover": "ASSAULT"}]})
    with pytest.raises(LexiconError):
        parse_triggers({"triggers": [{"lemmas": ["x"], "type": "Battles", "subtype": "Armed clash", "plover": "FIGHT"}]})
    with pytest.raises(LexiconError):
        parse_actors({"actors": [{"words": ["x"], "name": "X", "kind": "soldiers"}]})


def test_analyst_can_add_an_actor_word() -> None:
    actors, generic = parse_actors({"actors": [{"words": ["shabbiha"], "name": "Shabbiha Militia", "kind": "political_militia", "country": "SY"}]})
    assert actors[0].words == ("shabbiha",) and actors[0].kind == "political_militia"
    lex = load_lexicon()
    namer = ActorNamer(lex)
    doc = make_doc([("Shabbiha", "Shabbiha", "PROPN", "NNP", "nsubj", 1), ("attacked", "attack", "VERB", "VBD", "ROOT", 1)])
    actor = namer.actor(doc[0], country="SY")
    assert actor is not None and actor.kind == "political_militia" and actor.name == "Shabbiha Militia"
