"""The event stage: event mentions + places + dates + figures of a Doc -> Event records.

`EventBuilder.build` makes one frozen DocContext per document and runs the named stages of `stages.STAGES`
over it (group, where, when, actors, figures, link, sources, aggregate, typing, merge, default_actors,
certainty); `record` turns the finished drafts into Event records.
"""
from __future__ import annotations

from sitrep.tree import is_ancestor, tree_distance  # noqa: F401  (re-exported: older imports)

from .builder import EventBuilder
from .context import DocContext, Draft, cached
from .stages import STAGES, Stage, analyze_stages, run_stages

__all__ = ["DocContext", "Draft", "EventBuilder", "STAGES", "Stage", "analyze_stages", "cached", "is_ancestor",
           "run_stages", "tree_distance"]
