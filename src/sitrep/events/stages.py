"""The event builder's stages and the order they run in.

A stage is a function `run(ctx, drafts) -> drafts` over one document's frozen DocContext. It declares the
Draft fields it may write (`writes`: set, or change in place) and whether it may add new drafts (`adds`) or
remove drafts (`drops`); tests/test_events_stages.py runs every stage through a checking runner that fails on
an undeclared write.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from . import actors, aggregate, certainty, defaults, draft, figures, fold, link, merge, per_place, sources, when, where
from .context import DocContext, Draft
from .typing import rules

StageFn = Callable[[DocContext, "list[Draft]"], "list[Draft]"]


@dataclass(frozen=True)
class Stage:
    name: str
    run: StageFn
    writes: frozenset[str] = frozenset()  # Draft fields the stage may set or change
    adds: bool = False  # may make new drafts
    drops: bool = False  # may remove drafts


STAGES: tuple[Stage, ...] = (
    Stage("group", draft.run, adds=True),  # one draft per group of mentions of one happening
    Stage("where", where.run, frozenset({"where"})),
    Stage("when", when.run, frozenset({"when"})),
    Stage("actors", actors.run, frozenset({"actor1", "actor2"})),
    Stage("link", link.run, frozenset({"when", "where"})),
    Stage("sources", sources.run, frozenset({"sources"})),
    Stage("aggregate", aggregate.run, drops=True),
    Stage("typing", rules.run, frozenset({"type", "subtype", "plover"}), drops=True),
    # after typing: whether a figure suits its event (a crowd's size a protest or riot) needs the final type
    Stage("figures", figures.run, frozenset({"counts"})),
    # one event per place: "protested in A and B" is a protest in A and one in B (before merge joins retellings)
    Stage("per_place", per_place.run, adds=True),
    Stage("merge", merge.run, frozenset({"members", "sents", "where", "when", "counts", "actor1", "actor2",
                                         "sources", "type", "subtype", "plover"}), drops=True),
    # a mention with neither place nor date of its own: evidence of the event of its family told beside it, or none
    Stage("fold", fold.run, frozenset({"members", "sents", "where"}), drops=True),
    # an event still placed nowhere: the town the report is about, when it is about one (events/where.py)
    Stage("article_town", where.article_town_run, frozenset({"where"})),
    # a figure of a mention that merge or fold joined to an event counts for it where it had no number
    Stage("refigure", figures.regather, frozenset({"counts"})),
    Stage("lead", when.lead_run, frozenset({"when"})),  # after merge: what joins an event takes its date there
    Stage("default_actors", defaults.run, frozenset({"actor1", "actor2"})),
    Stage("certainty", certainty.run, frozenset({"certainty"})),
)


def with_typer(model: Any, stages: Sequence[Stage] = STAGES) -> tuple[Stage, ...]:
    """`stages` with a typer model (sitrep.typer.TyperModel) beside the rules: the "typing" stage also asks
    the model, and a "learned_add" stage after "group" gives a short text the rules found nothing in its one
    event when the model is sure (events/typing/learned.py). None: the stages unchanged (rules only)."""
    if model is None:
        return tuple(stages)
    from .typing import learned

    out: list[Stage] = []
    for s in stages:
        if s.name == "typing":
            s = Stage("typing", learned.typing_run(model), s.writes, s.adds, s.drops)
        out.append(s)
        if s.name == "group":
            out.append(Stage("learned_add", learned.add_run(model), adds=True))
        if s.name == "lead":
            out.append(Stage("learned_note", learned.note_run(model), frozenset({"type", "subtype", "plover"})))
    return tuple(out)


def run_stages(ctx: DocContext, drafts: list[Draft] | None = None, stages: Sequence[Stage] = STAGES) -> list[Draft]:
    """Run the stages in order over one document's drafts (none to start with: the group stage makes them)."""
    out = list(drafts or [])
    for stage in stages:
        out = stage.run(ctx, out)
    return out


def analyze_stages(stages: Sequence[Stage] = STAGES) -> dict[str, list[str]]:
    """Which stages may write each Draft field, in run order (like spaCy's analyze_pipes for components);
    "+drafts" and "-drafts" list the stages that may add or remove drafts."""
    from dataclasses import fields

    out: dict[str, list[str]] = {f.name: [] for f in fields(Draft)}
    out["+drafts"], out["-drafts"] = [], []
    for s in stages:
        for name in sorted(s.writes):
            out.setdefault(name, []).append(s.name)
        if s.adds:
            out["+drafts"].append(s.name)
        if s.drops:
            out["-drafts"].append(s.name)
    return out
