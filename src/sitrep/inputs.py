"""Old home of the article readers, now in `sitrep.readers` (one module per format): every name imported from here
before the split still is.

`iter_inputs` and `read_inputs` look up `_dateline_finder` in this module when called, so a test that patches
`sitrep.inputs._dateline_finder` still changes how they read datelines (new code patches
`sitrep.readers.published.dateline_finder`, or passes `finder=`).
"""
from __future__ import annotations

from typing import Iterator, Sequence, TextIO

from sitrep.readers import walk as _walk
from sitrep.readers.base import STDIN_NAME, Item, Origin, Quarantined, ReadContext, Reader, where as _where
from sitrep.readers.checks import (
    _CONTROL_RE,
    _LANG_MIN_RATIO,
    _LANG_MIN_WORDS,
    _LANG_SAMPLE_CHARS,
    _WORD_RE,
    MAX_CHARS,
    check_article,
    decode_bytes,
    decode_line as _decode_line,
    english_function_words,
    english_ratio,
    latin_share,
)
from sitrep.readers.feed import (
    _ENTITY_RE,
    _XML_ENCODING_RE,
    FEED_EXTENSIONS,
    decode_xml as _decode_xml,
)
from sitrep.readers.html import HTML_EXTENSIONS, _extract, _TextExtractor, html_to_text, squash as _squash
from sitrep.readers.jsonl import JSONL_EXTENSIONS, str_or_none as _str_or_none
from sitrep.readers.published import (
    _ISO_DATE_RE,
    dateline_finder as _dateline_finder,
    no_dateline as _no_dateline,
    normalise_date,
    parse_iso_date,
)
from sitrep.readers.registry import INPUT_EXTENSIONS, READERS, reader_for
from sitrep.readers.text import TEXT_EXTENSIONS, title_of as _title_of
from sitrep.readers.walk import safe_lines as _safe_lines
from sitrep.records import Article


def read_inputs(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | Quarantined]:
    """Articles (and quarantined inputs) of files, folders and `-` (stdin), streamed in order."""
    for _origin, item in iter_inputs(paths, published=published, stdin=stdin, max_chars=max_chars):
        yield item


def iter_inputs(
    paths: Sequence[str],
    published: str | None = None,
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Item]:
    """Like `read_inputs`, with the origin (file, line) of each item for error messages."""
    # `_dateline_finder` is looked up here, when called: patches of sitrep.inputs._dateline_finder take effect
    return _walk.iter_inputs(paths, published=published, stdin=stdin, max_chars=max_chars,
                             finder=lambda: _dateline_finder())


__all__ = [
    "FEED_EXTENSIONS", "HTML_EXTENSIONS", "INPUT_EXTENSIONS", "JSONL_EXTENSIONS", "MAX_CHARS", "READERS", "STDIN_NAME",
    "TEXT_EXTENSIONS", "Item", "Origin", "Quarantined", "ReadContext", "Reader", "check_article", "decode_bytes",
    "english_function_words", "english_ratio", "html_to_text", "iter_inputs", "latin_share", "normalise_date",
    "parse_iso_date", "read_inputs", "reader_for",
]
