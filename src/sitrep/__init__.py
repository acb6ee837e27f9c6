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
    """Events of one article's text; `published` (YYYY-MM-DD) anchors relative dates.

    A `published` that is not a real YYYY-MM-DD date (2023-02-30, 08/07/2023) raises InvalidDateError (a
    ValueError) rather than being dropped, which would leave relative dates unknown without a word."""
    import datetime

    from sitrep.errors import InvalidDateError
    from sitrep.pipeline import default_pipeline
    from sitrep.readers import parse_iso_date

    if isinstance(published, datetime.date):
        published = published.isoformat()[:10]
    if published is not None:
        parsed = parse_iso_date(published) if isinstance(published, str) else None
        if parsed is None:
            raise InvalidDateError(f"published={published!r} is not a date in the form YYYY-MM-DD", article_id)
        published = parsed

    return default_pipeline().extract(Article(id=article_id, text=text, title=title, published=published))
