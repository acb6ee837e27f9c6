"""Protest readings (cues.yaml protest_severity, protest_escalation), shared by the aggregate and merge stages."""
from __future__ import annotations

from .common import proper_type
from .context import DocContext, Draft


def severity(ctx: DocContext, d: Draft) -> int | None:
    """Rank of a protest or riot reading in cues.yaml's protest_severity, None for other events."""
    order = ctx.lex.cues.get("protest_severity", ())
    key = f"{d.type}: {d.subtype}".lower()  # cue lists are read in lower case
    return order.index(key) if key in order else None


def protest_reading(ctx: DocContext, d: Draft) -> tuple[int, str, str] | None:
    """(rank, type, sub-type) a draft gives the protest it is told with: a protest or riot reading itself, or
    what an arrest or a state attack beside a protest makes of it (cues.yaml protest_escalation)."""
    rank = severity(ctx, d)
    if rank is not None:
        return rank, d.type, d.subtype
    key = f"{d.type}: {d.subtype}".lower()
    for rule in ctx.lex.cues.get("protest_escalation", ()):
        src, _, dst = (x.strip() for x in rule.partition("->"))
        if src != key or (d.type == "Violence against civilians" and (d.actor1 is None or d.actor1.kind != "state_forces")):
            continue
        to_type, _, to_sub = dst.partition(": ")
        order = ctx.lex.cues.get("protest_severity", ())
        if dst in order:
            proper = proper_type(dst)
            if proper:
                return order.index(dst), proper[0], proper[1]
    return None


def one_protest(ctx: DocContext, a: Draft, b: Draft) -> bool:
    """Whether two drafts can tell one protest: both give a protest reading and one of them is a protest."""
    ra, rb = protest_reading(ctx, a), protest_reading(ctx, b)
    return ra is not None and rb is not None and (severity(ctx, a) is not None or severity(ctx, b) is not None)
