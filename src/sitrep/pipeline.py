"""The Pipeline: loads the spaCy model and gazetteer once, runs every stage, in one or more processes."""
from __future__ import annotations

import logging
import multiprocessing
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator

from sitrep.records import Article, Event
from sitrep.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleResult:
    """What one article gave: its events, or the error that stopped it (the batch goes on)."""

    article: Article
    events: tuple[Event, ...]
    error: str | None = None


def title_end(article: Article) -> int:
    """Char offset where the title line ends when the text starts with the title (a .txt file), else 0."""
    title = (article.title or "").strip()
    if not title:
        return 0
    head = article.text.lstrip()
    if head.startswith(title) and head[len(title):].strip():
        return len(article.text) - len(head) + len(title)
    return 0  # no title line, or nothing but the title: then the title is the story


class Pipeline:
    """Loads models once and turns articles into events."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Any = None
        self._builder: Any = None

    # ---------------------------------------------------------------- loading
    @property
    def nlp(self) -> Any:
        """The spaCy pipeline with sitrep's components, loaded on first use."""
        if self._nlp is None:
            self._nlp = self._load()
        return self._nlp

    def _load(self) -> Any:
        from sitrep.nlp.build import build_nlp

        nlp, self._gaz = build_nlp(self.settings)
        return nlp

    @property
    def builder(self) -> Any:
        """The event builder (plain logic after the spaCy components)."""
        if self._builder is None:
            from sitrep.events import EventBuilder

            self._builder = EventBuilder()
        return self._builder

    # ---------------------------------------------------------------- one doc
    def _apply(self, doc: Any, article: Article) -> list[Event]:
        from sitrep.dates import resolve_mentions
        from sitrep.events import DocContext
        from sitrep.places import resolve_places

        _ = self.nlp
        places = resolve_places(doc._.sitrep_places or [], self._gaz, doc.text)
        dates = resolve_mentions(doc._.sitrep_dates or [], article.published)
        ctx = DocContext(article=article, places=places, dates=dates, figures=doc._.sitrep_figures or [],
                         title_end=title_end(article))
        return self.builder.build(doc, doc._.sitrep_mentions or [], ctx)

    def extract(self, article: Article) -> list[Event]:
        """Events of one article."""
        return self._apply(self.nlp(article.text), article)

    def places(self, article: Article) -> list[Any]:
        """Every place mention of one article, resolved (for `sitrep places`)."""
        from sitrep.places import place_names, resolve_places

        doc = self.nlp(article.text)
        return place_names(resolve_places(doc._.sitrep_places or [], self._gaz, doc.text))

    # ---------------------------------------------------------------- many
    def _run_chunk(self, articles: list[Article]) -> list[ArticleResult]:
        """Process a chunk with nlp.pipe; if the batch fails, fall back to one article at a time."""
        out: list[ArticleResult] = []
        try:
            docs = list(self.nlp.pipe([a.text for a in articles], batch_size=self.settings.batch_size))
        except Exception:  # one bad article must not sink its batch: retry them singly below
            log.debug("batch failed, retrying one by one", exc_info=True)
            docs = [None] * len(articles)
        for art, doc in zip(articles, docs):
            try:
                if doc is None:
                    doc = self.nlp(art.text)
                out.append(ArticleResult(art, tuple(self._apply(doc, art))))
            except Exception as exc:  # reported per article; the batch goes on
                log.debug("article %s failed", art.id, exc_info=True)
                out.append(ArticleResult(art, (), f"{type(exc).__name__}: {exc}"))
        return out

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        """Events of many articles, in input order, using `n_process` worker processes."""
        n = self.settings.n_process if n_process is None else n_process
        chunk = max(1, self.settings.batch_size)
        chunks = _chunks(iter(articles), chunk)
        if n <= 1:
            for c in chunks:
                yield from self._run_chunk(c)
            return
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(n, initializer=_worker_init, initargs=(self.settings,)) as pool:
            for results in pool.imap(_worker_run, chunks):
                yield from results


def _chunks(it: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while True:
        c = list(islice(it, size))
        if not c:
            return
        yield c


_WORKER: dict[str, Pipeline] = {}


def _worker_init(settings: Settings) -> None:
    """Load the model and gazetteer once per worker process."""
    p = Pipeline(Settings(model=settings.model, gazetteer=settings.gazetteer, n_process=1,
                          batch_size=settings.batch_size))
    _ = p.nlp
    _WORKER["p"] = p


def _worker_run(articles: list[Article]) -> list[ArticleResult]:
    return _WORKER["p"]._run_chunk(articles)


_DEFAULT: dict[str, Pipeline] = {}


def default_pipeline() -> Pipeline:
    """A process-wide Pipeline for the one-call API, created on first use."""
    if "p" not in _DEFAULT:
        _DEFAULT["p"] = Pipeline()
    return _DEFAULT["p"]
