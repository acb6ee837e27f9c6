"""Extractor: the spaCy model, the gazetteer and the event builder, loaded once; articles in, events out.

An Extractor keeps no per-article state on itself, so two threads may call `extract` at once:
- the spaCy pipeline keeps its per-document state on the Doc;
- the EventBuilder holds only configuration; each `build` makes its own per-document context;
- the Gazetteer opens one read-only SQLite connection per thread; its caches hold deterministic lookups.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator

from sitrep.records import Article, Event
from sitrep.settings import Settings
from sitrep.tree import doc_text

log = logging.getLogger(__name__)


def title_end(article: Article) -> int:
    """Char offset where the title line ends when the text starts with the title (a .txt file), else 0."""
    title = (article.title or "").strip()
    if not title:
        return 0
    head = article.text.lstrip()
    if head.startswith(title) and head[len(title):].strip():
        return len(article.text) - len(head) + len(title)
    return 0  # no title line, or nothing but the title: then the title is the story


class Extractor:
    """The loaded model, gazetteer and event builder; `extract(article)` gives the article's events."""

    def __init__(self, settings: Settings | None = None, *, nlp: Any = None, gazetteer: Any = None,
                 builder: Any = None) -> None:
        self.settings = settings or Settings()
        if nlp is None:
            from sitrep.nlp.build import build_nlp

            nlp, gazetteer = build_nlp(self.settings)
        self.nlp = nlp
        self.gazetteer = gazetteer
        # the words the model knows in lower case, as loaded (its string store grows with every text parsed)
        self._english = frozenset(w for w in nlp.vocab.strings if w.islower()) if hasattr(nlp, "vocab") else frozenset()
        if builder is None:
            from sitrep.events import EventBuilder

            builder = EventBuilder(typer=self.settings.typer)
        self.builder = builder
        self.gate: Any = None  # the relevance gate (settings.gate): articles it holds back are not parsed
        if self.settings.gate:
            from sitrep.gate import Gate

            self.gate = Gate.default()

    # ---------------------------------------------------------------- one article
    def country_of(self, article: Article) -> str | None:
        """The ISO code of the article's country hint; a hint the gazetteer does not know is logged and ignored
        (the article is read as if it had none)."""
        from sitrep.resolve.focus import hint_code

        code = hint_code(article.country, self.gazetteer)
        if code is None and article.country and article.country.strip():
            log.warning("article %s: country hint %r is no country the gazetteer knows: ignored", article.id,
                        article.country)
        return code

    def events_of(self, doc: Any, article: Article) -> list[Event]:
        """Events of one article from its parsed Doc."""
        from sitrep.resolve.dates import resolve_mentions
        from sitrep.events import DocContext
        from sitrep.resolve.focus import hint_place
        from sitrep.resolve.places import resolve_places

        code = self.country_of(article)
        places = resolve_places(doc._.sitrep_places or [], self.gazetteer, doc_text(doc), code)
        dates = resolve_mentions(doc._.sitrep_dates or [], article.published)
        ctx = DocContext(article=article, places=places, dates=dates, figures=doc._.sitrep_figures or [],
                         title_end=title_end(article), hint=hint_place(code, self.gazetteer))
        return self.builder.build(doc, doc._.sitrep_mentions or [], ctx)

    def parse(self, text: str) -> Any:
        """The parsed Doc of one text; a text too long for the model in one piece is parsed in pieces."""
        from sitrep.nlp.build import parse

        return parse(self.nlp, self.readable(text))

    def readable(self, text: str) -> str:
        """The text as the model reads it: a text written all in lower case gets its usual capitals back
        (nlp/truecase.py; same length, so every offset is the article's own)."""
        from sitrep.nlp.truecase import lowercased, recase

        if self.gazetteer is None or not lowercased(text):
            return text
        from sitrep.gazetteer.tables import demonyms

        def kind(phrase: str) -> str | None:
            rows = self.gazetteer.lookup(phrase)
            return min((r.feature for r in rows), key=("country", "admin1", "place").index) if rows else None

        return recase(text, kind, self._english.__contains__, demonyms())

    def extract(self, article: Article) -> list[Event]:
        """Events of one article (none, unparsed, when the relevance gate is on and holds it back)."""
        if self.gate is not None and not self.gate.passes(article):
            return []
        return self.events_of(self.parse(article.text), article)

    def places(self, article: Article) -> list[Any]:
        """Every place mention of one article, resolved (for `sitrep places`)."""
        from sitrep.resolve.places import place_names, resolve_places

        doc = self.parse(article.text)
        return place_names(resolve_places(doc._.sitrep_places or [], self.gazetteer, doc_text(doc),
                                          self.country_of(article)))

    # ---------------------------------------------------------------- many
    def docs(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Any]:
        """Parsed Docs of many articles with `nlp.pipe` (batched: faster than one call each)."""
        from sitrep.nlp.build import PIECE_CHARS

        size = self.settings.batch_size if batch_size is None else batch_size
        texts = [self.readable(a.text) for a in articles]
        if any(len(t) > min(PIECE_CHARS, self.nlp.max_length) for t in texts):
            return (self.parse(t) for t in texts)  # a long one is parsed in pieces, each on its own
        return iter(self.nlp.pipe(texts, batch_size=size))
