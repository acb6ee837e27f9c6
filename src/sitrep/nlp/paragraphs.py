"""The one paragraph rule: where sentences and paragraphs break in an article.

Three readings of one fact live here, side by side:

- ``register_paragraphs``: the spaCy component that starts a sentence after every line break
  (titles and paragraphs never run into the next line), except a hard wrap.
- ``paragraph_index`` (``PARAGRAPH_BY_GAP``): the paragraph number of each sentence, used by the
  event builder; a blank line, or a sentence that ends in a line break, starts a new paragraph.
- ``blank_line_between`` (``PARAGRAPH_BY_BLANK_LINE``): whether a token range holds a blank line,
  used by place resolution (a dateline yields to a town named in the same paragraph only).

The second and third differ on a sentence that ends in a single line break; unifying them changes
output, so they stay as named variants until a benchmarked commit unifies them.
"""

from __future__ import annotations

import re
from typing import Any

PARAGRAPH_BY_GAP = re.compile(r"\n\s*\n")
PARAGRAPH_BY_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

_TERMINAL = frozenset('.!?:;"\u201d\u2019)]')


def register_paragraphs() -> None:
    """Register the component that starts a sentence after every line break (titles, paragraphs)."""
    from spacy.language import Language

    if "sitrep_paragraphs" in Language.factories:
        return

    @Language.component("sitrep_paragraphs")
    def paragraphs(doc: Any) -> Any:
        """A line break ends a sentence (titles and paragraphs never run into the next line), except a hard wrap."""
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text_with_ws and not tok.is_space:
                if _hard_wrap(doc, tok):
                    continue  # "killed in Sunday's\n attacks": the parser decides, as within a line
                tok.is_sent_start = True
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and not tok.whitespace_.count("\n") and tok.is_alpha and not nxt.is_space \
                        and nxt.is_sent_start is None:
                    # the parser, given a start here, often ends the sentence after its first word ("Orders to
                    # arrest\n\nSecurity | sources said ..."), parting the subject from its verb
                    nxt.is_sent_start = False
            elif tok.is_space and "\n" in tok.text:
                tok.is_sent_start = False
        return doc


def _hard_wrap(doc: Any, tok: Any) -> bool:
    """Whether the line break before `tok` wraps a running sentence: the line before has no closing
    punctuation and the new line goes on in lower case ("in the\n northern city")."""
    k = tok.i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or not tok.text[:1].islower():
        return False
    return doc[k].text[-1:] not in _TERMINAL


def paragraph_index(text: str, sents: list[Any]) -> list[int]:
    """The paragraph number of each sentence: a blank line, or a sentence ending in a line break, starts a new one."""
    out, p = [], 0
    for si, s in enumerate(sents):
        if si > 0:
            gap = text[sents[si - 1].end_char:s.start_char] + sents[si - 1].text[-2:]
            if PARAGRAPH_BY_GAP.search(gap) or "\n" in sents[si - 1].text.strip("\n ")[-1:]:
                p += 1
        out.append(p)
    return out


def blank_line_between(doc: Any, a: int, b: int) -> bool:
    """Whether tokens [a, b) hold a paragraph break (a blank line)."""
    for tok in doc[max(0, a):min(b, len(doc))]:
        if PARAGRAPH_BY_BLANK_LINE.search(tok.text_with_ws) if tok.is_space else \
                tok.whitespace_ and PARAGRAPH_BY_BLANK_LINE.search(tok.whitespace_):
            return True
    return False
