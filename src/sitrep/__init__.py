"""sitrep: news reports in, traceable event records out (see DESIGN.md for the record)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitrep.records import Actor, Article, Count, Event, Evidence, Place, Source, When

if TYPE_CHECKING:
    from sitrep.pipeline import Pipeline

__all__ = ["Actor", "Article", "Count", "Event", "Evidence", "Place", "Source", "When", "Pipeline", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # the pipeline pulls in spaCy: import it only when asked for, so `import sitrep` stays cheap
    if name == "Pipeline":
        from sitrep.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def extract(text: str, published: str | None = None, title: str = "", article_id: str = "article") -> list[Event]:
    """Events of one article's text; `published` (YYYY-MM-DD) anchors relative dates."""
    from sitrep.pipeline import default_pipeline

    return default_pipeline().extract(Article(id=article_id, text=text, title=title, published=published))
