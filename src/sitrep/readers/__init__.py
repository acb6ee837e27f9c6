"""Article readers, one module per input format; bad input is quarantined (file and line named), never fatal.

    base.py       Origin, Quarantined, ReadContext (a run's options), the Reader base class
    text.py       .txt (and any file no other reader claims)      html.py   .html .htm
    jsonl.py      .jsonl, one article per line                    feed.py   RSS and Atom feeds
    checks.py     decoding, binary data, size, the English test   published.py  publication-date inference
    registry.py   READERS: name → reader, tried in order           walk.py   files, folders and stdin, in order
    ids.py        article ids (file names, JSONL ids, content hashes) and the run's check that none is shared
"""
from __future__ import annotations

from sitrep.readers.base import STDIN_NAME, Item, Origin, Quarantined, ReadContext, Reader
from sitrep.readers.checks import MAX_CHARS, check_article, decode_bytes, english_function_words, english_ratio, latin_share
from sitrep.readers.feed import FEED_EXTENSIONS, FeedReader
from sitrep.readers.html import HTML_EXTENSIONS, HtmlReader, html_to_text
from sitrep.readers.jsonl import JSONL_EXTENSIONS, JsonlReader
from sitrep.readers.published import dateline_finder, normalise_date, parse_iso_date
from sitrep.readers.registry import INPUT_EXTENSIONS, READERS, reader_for
from sitrep.readers.text import TEXT_EXTENSIONS, TextReader
from sitrep.readers.walk import iter_inputs, iter_read, read_inputs, read_stdin

__all__ = [
    "FEED_EXTENSIONS", "HTML_EXTENSIONS", "INPUT_EXTENSIONS", "JSONL_EXTENSIONS", "MAX_CHARS", "READERS", "STDIN_NAME",
    "TEXT_EXTENSIONS", "FeedReader", "HtmlReader", "Item", "JsonlReader", "Origin", "Quarantined", "ReadContext",
    "Reader", "TextReader", "check_article", "dateline_finder", "decode_bytes", "english_function_words",
    "english_ratio", "html_to_text", "iter_inputs", "iter_read", "latin_share", "normalise_date", "parse_iso_date",
    "read_inputs", "read_stdin", "reader_for",
]
