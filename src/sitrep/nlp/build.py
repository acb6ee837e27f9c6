"""build_nlp: the spaCy model with sitrep's finding components, wired once."""
from __future__ import annotations

import re
from typing import Any, Iterator

from sitrep.errors import ModelError
from sitrep.nlp.paragraphs import register_paragraphs
from sitrep.settings import Settings


# sitrep's finding components, run after the model; on a long text they run once over the joined Doc
FINDERS = ("sitrep_places", "sitrep_dates", "sitrep_figures", "sitrep_triggers")
# The longest text the model parses in one piece: a longer one (up to the readers' 5 million characters) is
# parsed in paragraph-aligned pieces and joined. The parser's memory grows with the piece (a million
# characters in one piece peaked at 3 GB); a paragraph break is where the model's context ends anyway.
PIECE_CHARS = 250_000
_BREAK = re.compile(r"\n\s*\n\s*")  # a paragraph break, with the white space around it
_SENTENCE_END = re.compile(r"[.!?]['\")\u201d\u2019]*\s+")


def parse(nlp: Any, text: str, piece_chars: int = PIECE_CHARS) -> Any:
    """The Doc of `text` through the whole pipeline; a text longer than `piece_chars` (and than
    nlp.max_length) is parsed by the model in pieces cut at paragraph breaks (else sentence ends, else
    white space), joined into one Doc with the same text and offsets, then run through sitrep's finders."""
    if len(text) <= min(piece_chars, nlp.max_length):
        return nlp(text)
    from spacy.tokens import Doc

    docs = []
    for piece in text_pieces(text, min(piece_chars, nlp.max_length)):
        doc = nlp.make_doc(piece)
        for name, proc in nlp.pipeline:
            if name not in FINDERS:
                doc = proc(doc)
        docs.append(doc)
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    for name, proc in nlp.pipeline:
        if name in FINDERS:
            doc = proc(doc)
    return doc


def text_pieces(text: str, limit: int) -> Iterator[str]:
    """`text` cut into pieces of at most `limit` characters that join back into it, each ending after a run
    of white space: at the last paragraph break of the piece, else its last sentence end, else white space."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = 0
        for pattern in (_BREAK, _SENTENCE_END, re.compile(r"\s+")):
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit  # no white space at all: a hard cut
        yield text[start:start + cut]
        start += cut
    if start < len(text):
        yield text[start:]


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
