"""READERS: name → reader, tried in order; the first that accepts a file reads it (text takes the rest)."""
from __future__ import annotations

from pathlib import Path

from sitrep.readers.base import Reader
from sitrep.readers.feed import FEED_EXTENSIONS, FeedReader
from sitrep.readers.html import HTML_EXTENSIONS, HtmlReader
from sitrep.readers.jsonl import JSONL_EXTENSIONS, JsonlReader
from sitrep.readers.text import TEXT_EXTENSIONS, TextReader

READERS: dict[str, Reader] = {
    "jsonl": JsonlReader(),
    "html": HtmlReader(),
    "feed": FeedReader(),
    "text": TextReader(),  # last: unknown extensions are read as plain text
}

# files a folder is searched for (a file named on its own is read whatever its extension)
INPUT_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + JSONL_EXTENSIONS + FEED_EXTENSIONS


def reader_for(path: Path) -> Reader:
    """The first reader in READERS that accepts `path`."""
    for reader in READERS.values():
        if reader.accepts(path):
            return reader
    return READERS["text"]
