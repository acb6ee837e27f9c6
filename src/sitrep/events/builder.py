"""EventBuilder: the long-lived configuration (lexicon, actor namer) that runs the stages over each document."""
from __future__ import annotations

from typing import Any, Sequence

from spacy.tokens import Doc

from sitrep.actors import ActorNamer
from sitrep.lexicon import Lexicon, load_lexicon
from sitrep.records import Event
from sitrep.typer import resolve_typer
from sitrep.nlp.triggers import Mention

from .context import DocContext
from .record import events_of
from .stages import STAGES, Stage, run_stages, with_typer
from .typing.rules import rule_ok


class EventBuilder:
    """Turns one Doc's annotations into Event records (plain logic over the record types).

    Holds only configuration: every per-document fact lives in the DocContext that `build` makes, so one
    builder may serve several documents at once (threads)."""

    _rule_ok = staticmethod(rule_ok)  # older callers (tests) read the rule check from here

    def __init__(self, lexicon: Lexicon | None = None, namer: ActorNamer | None = None,
                 stages: Sequence[Stage] = STAGES, typer: Any = "rules") -> None:
        """`typer`: "rules" (the trigger and refine rules alone), "learned" (the shipped model beside them), a
        model path (sitrep.typer.load_typer) or a loaded TyperModel."""
        self.lex = lexicon or load_lexicon()
        self.namer = namer or ActorNamer(self.lex)
        self.typer = resolve_typer(typer)
        self.stages = with_typer(self.typer, stages)

    def context(self, doc: Doc, mentions: Sequence[Mention], ctx: DocContext) -> DocContext:
        """The full per-document context for `build`'s inputs."""
        return DocContext.for_doc(doc, mentions, ctx.article, ctx.places, ctx.dates, ctx.figures, ctx.title_end,
                                  lex=self.lex, namer=self.namer, hint=ctx.hint)

    def build(self, doc: Doc, mentions: Sequence[Mention], ctx: DocContext) -> list[Event]:
        """Events of one article, one per happening, ordered by where they are first told."""
        full = self.context(doc, mentions, ctx)
        return events_of(full, run_stages(full, [], self.stages))
