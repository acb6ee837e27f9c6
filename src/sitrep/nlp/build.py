"""build_nlp: the spaCy model with sitrep's finding components, wired once."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from sitrep.errors import ModelError
from sitrep.nlp.attribute_rules import speed_up_attribute_ruler
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
# Abbreviations that end in a full stop but never end a sentence: a title or place noun that always has a name
# after it. "Brgy." / "Bgy." (the Philippines' barangay, its smallest division; "Brgys." the plural) is split by the
# model's tokenizer into the word and a full stop, which then ends the sentence before the barangay's name.


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


def name_abbreviations() -> dict[str, str]:
    """The abbreviations written before a name (data/name_abbreviations.yaml), each with the word it stands for."""
    from sitrep.resources import DataFileError, read_yaml

    table = read_yaml("name_abbreviations.yaml").get("name_abbreviations")
    if not isinstance(table, dict) or not all(isinstance(k, str) and k.endswith(".") and isinstance(v, str)
                                              for k, v in table.items()):
        raise DataFileError("data/name_abbreviations.yaml: name_abbreviations must map forms ending in '.' to words")
    return dict(table)


@lru_cache(maxsize=1)
def abbreviation_forms() -> dict[str, str]:
    """Each name abbreviation as written and in capitals, with the word it stands for."""
    return {form: norm for abbr, norm in name_abbreviations().items() for form in (abbr, abbr.upper())}


def add_abbreviations(nlp: Any) -> None:
    """Keep each abbreviation form one token with its full stop, so that the parser does not take the full stop
    for a sentence's end; its norm is the word it stands for."""
    from spacy.symbols import NORM, ORTH

    for form, norm in abbreviation_forms().items():
        nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: norm}])


def _register_abbreviations() -> None:
    """Register the component that lets no sentence start right after one of NAME_ABBREVIATIONS on the same line
    (the parser may still end one there: the name it introduces follows)."""
    from spacy.language import Language

    if "sitrep_abbreviations" in Language.factories:
        return
    forms = set(abbreviation_forms())

    @Language.component("sitrep_abbreviations", assigns=["token.is_sent_start"])
    def abbreviations(doc: Any) -> Any:
        """The token after a name abbreviation ("Brgy. Malagos") goes on the abbreviation's sentence."""
        for tok in doc[:-1]:
            if tok.text in forms and "\n" not in tok.whitespace_ and not doc[tok.i + 1].is_space:
                doc[tok.i + 1].is_sent_start = False
        return doc


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
    add_abbreviations(nlp)
    speed_up_attribute_ruler(nlp)
    register_paragraphs()
    _register_abbreviations()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitrep_paragraphs", before="parser")
        nlp.add_pipe("sitrep_abbreviations", before="parser")
    gaz = Gazetteer.open(settings.gazetteer)
    nlp.add_pipe("sitrep_places", config={"gazetteer": str(settings.gazetteer)})
    nlp.get_pipe("sitrep_places").use(gaz)
    nlp.add_pipe("sitrep_dates")
    nlp.add_pipe("sitrep_figures")
    nlp.add_pipe("sitrep_triggers")
    return nlp, gaz
