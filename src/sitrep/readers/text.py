"""Plain text (.txt, and any file no other reader claims): the first line is the title, the file is the text."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from sitrep.readers.base import Item, Origin, Quarantined, ReadContext, Reader

TEXT_EXTENSIONS = (".txt",)


def title_of(text: str) -> str:
    """First non-blank line of a plain text, stripped."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class TextReader(Reader):
    """One article per file. Last in the registry: it takes whatever the readers before it did not."""

    name = "text"
    extensions = TEXT_EXTENSIONS
    named_by_file = True

    def accepts(self, path: Path) -> bool:
        """Any file: unknown extensions are read as plain text."""
        return True

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """The file as one article."""
        yield self.read_one(path, ctx)

    def read_one(self, path: Path, ctx: ReadContext) -> Item:
        """A plain-text article: the first line is the title, the text is the whole file."""
        origin = Origin(str(path), None)
        text = ctx.read_text(path)
        if isinstance(text, Quarantined):
            return origin, text
        return ctx.article(origin, id=ctx.file_id(path), title=title_of(text), text=text)
