"""The Pipeline: loads the spaCy model and gazetteer once, runs every stage, in one or two processes."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable, Iterator

from sitrep.records import Article, Event
from sitrep.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleResult:
    """What one article gave: its events, or the error that stopped it (the batch goes on)."""

    article: Article
    events: tuple[Event, ...]
    error: str | None = None


class Pipeline:
    """Loads models once and turns articles into events. (Being written: see src/sitrep/events.py.)"""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def extract(self, article: Article) -> list[Event]:
        """Events of one article."""
        raise NotImplementedError

    def extract_many(self, articles: Iterable[Article], n_process: int | None = None) -> Iterator[ArticleResult]:
        """Events of many articles, in input order, using `n_process` worker processes."""
        raise NotImplementedError


_DEFAULT: dict[str, Pipeline] = {}


def default_pipeline() -> Pipeline:
    """A process-wide Pipeline for the one-call API, created on first use."""
    if "p" not in _DEFAULT:
        _DEFAULT["p"] = Pipeline()
    return _DEFAULT["p"]
