"""The merge stage's cost grows with the article, not with its square: the elaboration check looks only at
drafts told a few sentences back (FAMILY_SPAN), not at every earlier draft. Hand-built documents, no model."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.events import DocContext, Draft
from sitrep.events import merge
from sitrep.records import Article
from sitrep.triggers import Mention

NLP = spacy.blank("en")


def _doc(n: int) -> Doc:
    """n sentences "Police moved ." (each its own root)."""
    words, heads, deps, pos, tags, lemmas = [], [], [], [], [], []
    for i in range(n):
        b = 3 * i
        words += ["Police", "moved", "."]
        lemmas += ["police", "move", "."]
        pos += ["NOUN", "VERB", "PUNCT"]
        tags += ["NNS", "VBD", "."]
        deps += ["nsubj", "ROOT", "punct"]
        heads += [b + 1, b + 1, b + 1]
    return Doc(NLP.vocab, words=words, lemmas=lemmas, pos=pos, tags=tags, deps=deps, heads=heads,
               sent_starts=[i % 3 == 0 for i in range(3 * n)])


def _drafts(n: int) -> tuple[DocContext, list[Draft]]:
    # each sentence a development of its own kind: nothing merges, so every draft asks for what it elaborates
    doc = _doc(n)
    mentions = [Mention(3 * i + 1, "move", "Strategic developments", f"Other {i}", "OTHER") for i in range(n)]
    ctx = DocContext.for_doc(doc, mentions, Article(id="x", text=doc.text))
    drafts = [Draft(anchor=m, members=[m], type=m.type, subtype=m.subtype, plover=m.plover, sents={i})
              for i, m in enumerate(mentions)]
    return ctx, drafts


def _families_asked(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = [0]
    plain = merge.family

    def counting(d: Draft) -> str:
        calls[0] += 1
        return plain(d)

    monkeypatch.setattr(merge, "family", counting)
    ctx, drafts = _drafts(n)
    assert len(ctx.sents) == n
    out = merge.run(ctx, drafts)
    assert len(out) == n  # nothing merged
    return calls[0]


def test_the_elaboration_check_costs_linear_in_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _families_asked(150, monkeypatch), _families_asked(300, monkeypatch)
    # a walk over every earlier draft asks ~n²/2 times (4x for twice the drafts); a bounded one ~2x
    assert large <= 2.3 * small, (small, large)
    assert small <= 150 * 2 * (merge.FAMILY_SPAN + 2), small


def test_an_elaboration_still_joins_the_event_told_just_before() -> None:
    ctx, drafts = _drafts(8)
    for d in drafts:
        d.type, d.subtype, d.plover = "Battles", "Armed clash", "FIGHT"
    # sentences 0 and 6 tell clashes; the undated, placeless clash at 7 elaborates the one at 6, not the one at 0
    picked = [drafts[0], drafts[6]]
    out = merge.run(ctx, picked + [drafts[7]])
    assert len(out) == 2 and out[1].sents == {6, 7}
