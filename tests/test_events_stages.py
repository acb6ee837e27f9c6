"""The event builder as stages over one frozen DocContext: every stage declares what it writes (a checking
runner, like spaCy's analyze_pipes), a stage runs alone on a hand-built context, one builder serves documents
interleaved and from threads, and the tree helpers the stages walk with."""
from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Iterator

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.events import STAGES, DocContext, Draft, EventBuilder, Stage, analyze_stages, run_stages
from sitrep.events.record import events_of
from sitrep.figures import Figure
from sitrep.records import Article, Count, Source
from sitrep.tree import (
    conj_heads, governing_verb, governors, heads_above, is_ancestor, is_within, phrase_head, self_and_heads, tree_distance,
)
from sitrep.triggers import Mention

NLP = spacy.blank("en")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
_FIELDS = [f.name for f in fields(Draft)]


def make_doc(rows: list[tuple]) -> Doc:
    """rows: (word, lemma, pos, tag, dep, head index, space after) for one or more sentences."""
    return Doc(
        NLP.vocab, words=[r[0] for r in rows], spaces=[r[6] if len(r) > 6 else True for r in rows],
        lemmas=[r[1] for r in rows], pos=[r[2] for r in rows], tags=[r[3] for r in rows],
        deps=[r[4] for r in rows], heads=[r[5] for r in rows],
    )


# ---------------------------------------------------------------- the checking runner
class UndeclaredWrite(AssertionError):
    """A stage wrote a Draft field (or added or dropped drafts) without declaring it."""


def _snapshot(d: Draft) -> dict[str, object]:
    return {f: copy.copy(getattr(d, f)) for f in _FIELDS}


@contextmanager
def _guard(stage: Stage) -> Iterator[None]:
    """While the stage runs, setting a field of a finished Draft that the stage did not declare fails."""
    plain = Draft.__setattr__
    last = _FIELDS[-1]

    def checked(self: Draft, name: str, value: object) -> None:
        if last in self.__dict__ and name not in stage.writes:  # a finished draft: not its construction
            raise UndeclaredWrite(f"stage {stage.name!r} sets Draft.{name} but declares {sorted(stage.writes)}")
        plain(self, name, value)

    Draft.__setattr__ = checked  # type: ignore[method-assign]
    try:
        yield
    finally:
        Draft.__setattr__ = plain  # type: ignore[method-assign]


def checking(stage: Stage) -> Stage:
    """The stage, run so that an undeclared write, addition or removal fails: assignments are caught as they
    happen, changes in place (counts, sources, members) by comparing each draft before and after."""

    def run(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
        before = [(d, _snapshot(d)) for d in drafts]
        with _guard(stage):
            out = stage.run(ctx, drafts)
        for d, was in before:
            changed = {f for f in _FIELDS if getattr(d, f) != was[f]}
            if changed - stage.writes:
                raise UndeclaredWrite(f"stage {stage.name!r} changes {sorted(changed - stage.writes)} in place")
        ins, outs = {id(d) for d, _ in before}, {id(d) for d in out}
        if not stage.adds and outs - ins:
            raise UndeclaredWrite(f"stage {stage.name!r} adds drafts but does not declare adds")
        if not stage.drops and ins - outs:
            raise UndeclaredWrite(f"stage {stage.name!r} drops drafts but does not declare drops")
        return out

    return replace(stage, run=run)


# ---------------------------------------------------------------- the examples, through the real model
@pytest.fixture(scope="module")
def recorded() -> list[tuple[Doc, list, DocContext, list]]:
    """(doc, mentions, inputs, events) of every bundled example, as the pipeline hands them to the builder."""
    from sitrep.inputs import read_inputs
    from sitrep.pipeline import Pipeline
    from sitrep.records import Article as Art
    from sitrep.settings import Settings

    calls: list[tuple[Doc, list, DocContext, list]] = []
    plain = EventBuilder.build

    def recording(self: EventBuilder, doc: Doc, mentions, ctx: DocContext):  # type: ignore[no-untyped-def]
        events = plain(self, doc, mentions, ctx)
        calls.append((doc, list(mentions), ctx, events))
        return events

    articles = [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Art)]
    assert len(articles) >= 10
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(EventBuilder, "build", recording)
        pipeline = Pipeline(Settings(typer="rules"))  # STAGES are the rules' stages (with a typer: test_typer.py)
        for art in articles:
            pipeline.extract(art)
    assert len(calls) == len(articles)
    return calls


@pytest.mark.model
def test_every_stage_declares_its_writes_on_the_examples(recorded) -> None:
    builder = EventBuilder(stages=[checking(s) for s in STAGES])
    n = 0
    for doc, mentions, inputs, events in recorded:
        assert builder.build(doc, mentions, inputs) == events  # the checks change nothing
        n += len(events)
    assert n > 20


@pytest.mark.model
def test_one_builder_serves_documents_interleaved_and_from_threads(recorded) -> None:
    builder = EventBuilder()
    # stage by stage, alternating between two documents
    for (d1, m1, c1, e1), (d2, m2, c2, e2) in zip(recorded, recorded[1:] + recorded[:1]):
        x1, x2 = builder.context(d1, m1, c1), builder.context(d2, m2, c2)
        drafts1: list[Draft] = []
        drafts2: list[Draft] = []
        for stage in STAGES:
            drafts1 = stage.run(x1, drafts1)
            drafts2 = stage.run(x2, drafts2)
        assert events_of(x1, drafts1) == e1
        assert events_of(x2, drafts2) == e2
    # all documents, several times over, from four threads at once
    jobs = recorded * 4
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda r: builder.build(r[0], r[1], r[2]), jobs))
    assert got == [r[3] for r in jobs]


# ---------------------------------------------------------------- the checker itself
def _arrest_doc() -> tuple[Doc, list[Mention]]:
    # "Police arrested 30 students. The claim could not be verified."
    doc = make_doc([
        ("Police", "police", "NOUN", "NNS", "nsubj", 1), ("arrested", "arrest", "VERB", "VBD", "ROOT", 1),
        ("30", "30", "NUM", "CD", "nummod", 3), ("students", "student", "NOUN", "NNS", "dobj", 1, False),
        (".", ".", "PUNCT", ".", "punct", 1),
        ("The", "the", "DET", "DT", "det", 6), ("claim", "claim", "NOUN", "NN", "nsubjpass", 10),
        ("could", "could", "AUX", "MD", "aux", 10), ("not", "not", "PART", "RB", "neg", 10),
        ("be", "be", "AUX", "VB", "auxpass", 10), ("verified", "verify", "VERB", "VBN", "ROOT", 10, False),
        (".", ".", "PUNCT", ".", "punct", 10),
    ])
    return doc, [Mention(1, "arrest", "Strategic developments", "Arrests", "ARREST")]


def test_the_checker_catches_undeclared_writes() -> None:
    doc, mentions = _arrest_doc()
    ctx = DocContext.for_doc(doc, mentions, Article(id="x", text=doc.text))
    drafts = run_stages(ctx, [], STAGES[:1])

    def sets_place(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
        for d in drafts:
            d.where = None
        return drafts

    def counts_in_place(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
        for d in drafts:
            d.counts["killed"] = Count(1, 1, 1, "1")
        return drafts

    with pytest.raises(UndeclaredWrite):
        checking(Stage("bad", sets_place, frozenset({"when"}))).run(ctx, drafts)
    with pytest.raises(UndeclaredWrite):
        checking(Stage("bad", counts_in_place)).run(ctx, drafts)
    with pytest.raises(UndeclaredWrite):
        checking(Stage("bad", lambda ctx, ds: [])).run(ctx, drafts)  # drops without saying so
    checking(Stage("good", sets_place, frozenset({"where"}))).run(ctx, drafts)


# ---------------------------------------------------------------- a stage alone
def test_a_stage_runs_alone_on_a_hand_built_context() -> None:
    doc, mentions = _arrest_doc()
    fig = Figure(start=doc[2].idx, end=doc[2].idx + 2, text="30", count=Count(30, 30, 30, "30"),
                 category="arrested", token_i=2, verb_i=1)
    ctx = DocContext.for_doc(doc, mentions, Article(id="x", text=doc.text), figures=[fig])
    assert ctx.sent_of[6] == 1 and len(ctx.sents) == 2
    draft = Draft(anchor=mentions[0], members=list(mentions), type="Strategic developments", subtype="Arrests",
                  plover="ARREST", sents={0})
    figures = next(s for s in STAGES if s.name == "figures")
    (out,) = checking(figures).run(ctx, [draft])
    assert out is draft and out.counts["arrested"].best == 30
    certainty = next(s for s in STAGES if s.name == "certainty")
    draft.sources.append(Source(text="police", name=None, kind="police"))
    checking(certainty).run(ctx, [draft])
    assert draft.certainty == "unconfirmed"  # the next sentence says it could not be verified
    assert "unverified_sentences" in ctx.cache  # derived once per document, on the context


def test_the_context_is_frozen_and_the_builder_keeps_no_document() -> None:
    doc, mentions = _arrest_doc()
    builder = EventBuilder()
    ctx = builder.context(doc, mentions, DocContext(article=Article(id="x", text=doc.text), places=[], dates=[],
                                                     figures=[]))
    with pytest.raises(AttributeError):
        ctx.doc = None  # type: ignore[misc]
    before = dict(vars(builder))
    events = builder.build(doc, mentions, ctx)
    assert [e.subtype for e in events] == ["Arrests"]
    assert vars(builder) == before


def test_stage_names_are_unique_and_declare_draft_fields() -> None:
    names = [s.name for s in STAGES]
    assert len(names) == len(set(names))
    for s in STAGES:
        assert s.writes <= set(_FIELDS), s.name
    # the group stage makes the drafts; per_place copies a draft told at several places (one per place)
    assert STAGES[0].adds and [s.name for s in STAGES if s.adds] == ["group", "per_place"]
    table = analyze_stages()
    assert table["+drafts"] == ["group", "per_place"] and table["certainty"] == ["certainty"]
    assert table["where"] == ["where", "link", "merge", "fold", "article_town"] and table["toll_clause"] == []


# ---------------------------------------------------------------- tree helpers
def _shootout() -> Doc:
    # "Two men got into a shootout and were later detained by the police chief."
    return make_doc([
        ("Two", "two", "NUM", "CD", "nummod", 1), ("men", "man", "NOUN", "NNS", "nsubj", 2),
        ("got", "get", "VERB", "VBD", "ROOT", 2), ("into", "into", "ADP", "IN", "prep", 2),
        ("a", "a", "DET", "DT", "det", 5), ("shootout", "shootout", "NOUN", "NN", "pobj", 3),
        ("and", "and", "CCONJ", "CC", "cc", 2), ("were", "be", "AUX", "VBD", "auxpass", 9),
        ("later", "later", "ADV", "RB", "advmod", 9), ("detained", "detain", "VERB", "VBN", "conj", 2),
        ("by", "by", "ADP", "IN", "agent", 9), ("the", "the", "DET", "DT", "det", 13),
        ("police", "police", "NOUN", "NN", "compound", 13), ("chief", "chief", "NOUN", "NN", "pobj", 10, False),
        (".", ".", "PUNCT", ".", "punct", 2),
    ])


def test_governing_verb_walks_up_to_the_clause_verb() -> None:
    doc = _shootout()
    assert governing_verb(doc[5]).text == "got"  # shootout -> into -> got
    assert governing_verb(doc[9]).text == "detained"  # a verb is its own
    assert governing_verb(doc[13]).text == "detained"  # chief -> by -> detained
    assert governing_verb(doc[5], steps=1).text == "into"  # no verb that near: where the walk stopped
    assert governing_verb(doc[2]).text == "got"


def test_heads_walk_to_the_root() -> None:
    doc = _shootout()
    assert [t.text for t in self_and_heads(doc[13])] == ["chief", "by", "detained", "got"]
    assert [t.text for t in self_and_heads(doc[13], 2)] == ["chief", "by"]
    assert [t.text for t in heads_above(doc[13])] == ["by", "detained", "got"]
    assert [t.text for t in heads_above(doc[13], 1)] == ["by"]
    assert [t.text for t in heads_above(doc[2])] == ["got"]  # spaCy: the root is its own head
    assert [t.text for t in self_and_heads(doc[2])] == ["got"]


def test_conj_heads_and_phrase_head() -> None:
    doc = _shootout()
    assert [t.text for t in conj_heads(doc[9])] == ["detained", "got"]
    assert [t.text for t in conj_heads(doc[2])] == ["got"]
    assert phrase_head(doc[12]).text == "chief"  # "police" in "the police chief"
    assert phrase_head(doc[13]).text == "chief"


def test_distances_and_ancestry_stop_at_the_root() -> None:
    # spaCy makes a new Token per access, so a root is found by index: a walk that asked `head is tok` never
    # stopped there and counted the root ~60 times (two children of the root came out ~120 apart)
    doc = _shootout()
    assert tree_distance(doc[1], doc[3]) == 2  # men -> got <- into
    assert tree_distance(doc[1], doc[13]) == 4  # men -> got <- detained <- by <- chief
    assert tree_distance(doc[2], doc[2]) == 0
    assert tree_distance(doc[5], doc[2]) == 2
    assert not is_ancestor(doc[2], doc[2])  # no token governs itself, the root neither
    assert is_ancestor(doc[2], doc[13]) and is_ancestor(doc[9], doc[13]) and not is_ancestor(doc[13], doc[9])
    assert governors(doc[2]) == frozenset()
    assert governors(doc[13]) == frozenset({10, 9, 2})
    assert is_within(doc[13], doc[9]) and is_within(doc[2], doc[2]) and not is_within(doc[9], doc[13])
