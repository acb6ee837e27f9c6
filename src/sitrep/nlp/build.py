"""build_nlp: the spaCy model with sitrep's finding components, wired once."""
from __future__ import annotations

from typing import Any

from sitrep.errors import ModelError
from sitrep.nlp.paragraphs import register_paragraphs
from sitrep.settings import Settings


def build_nlp(settings: Settings) -> tuple[Any, Any]:
    """Load the spaCy model, add sitrep's components; return (nlp, gazetteer)."""
    import spacy

    # importing these registers their spaCy factories
    import sitrep.nlp.dates  # noqa: F401
    import sitrep.nlp.figures  # noqa: F401
    import sitrep.nlp.places  # noqa: F401
    import sitrep.nlp.triggers  # noqa: F401
    from sitrep.gazetteer import Gazetteer

    try:
        nlp = spacy.load(settings.model)
    except OSError as exc:
        raise ModelError(f"cannot load the spaCy model {settings.model!r}: {exc}") from exc
    register_paragraphs()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitrep_paragraphs", before="parser")
    gaz = Gazetteer.open(settings.gazetteer)
    nlp.add_pipe("sitrep_places", config={"gazetteer": str(settings.gazetteer)})
    nlp.get_pipe("sitrep_places").use(gaz)
    nlp.add_pipe("sitrep_dates")
    nlp.add_pipe("sitrep_figures")
    nlp.add_pipe("sitrep_triggers")
    return nlp, gaz
