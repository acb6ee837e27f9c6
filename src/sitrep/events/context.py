"""The per-document context every event stage reads (frozen), and the Draft each stage works on (mutable)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, Sequence, TypeVar

from spacy.tokens import Doc, Span

from sitrep.actors import ActorNamer
from sitrep.lexicon import Lexicon, load_lexicon
from sitrep.nlp.paragraphs import paragraph_index
from sitrep.records import Actor, Article, Count, Place, Source, When
from sitrep.resolve.dateline import dateline_spans, meta_line_spans
from sitrep.resolve.focus import focus_by_majority
from sitrep.tree import doc_text, governors
from sitrep.nlp.triggers import Mention

T = TypeVar("T")


@dataclass
class Draft:
    """A mutable event while it is being assembled from one or more mentions of the same happening."""

    anchor: Mention
    members: list[Mention]
    type: str
    subtype: str
    plover: str
    sents: set[int]
    actor1: Actor | None = None
    actor2: Actor | None = None
    where: Place | None = None
    when: When = field(default_factory=When)
    counts: dict[str, Count] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    certainty: str = "reported"
    noun: bool = False
    # the toll's own clause the draft was anchored on ("12 were killed when soldiers fought rebels"), if any:
    # the actors stage then takes no parties from the other members
    toll_clause: Mention | None = None
    # one of several places one sentence told the happening at (per_place): what tells its id from its siblings'
    part: str | None = None


@dataclass(frozen=True, eq=False)
class DocContext:
    """What the event stages need to know about one article, fixed once per document.

    Built two ways: by callers with the resolved annotations only (article, places, dates, figures,
    title_end: the inputs of `EventBuilder.build`), and by `DocContext.for_doc`, which adds the parsed Doc
    and the facts derived from it. Facts a stage derives lazily go in `cache` (see `cached`), never on an object.
    """

    article: Article
    places: Sequence[Any]  # resolved sitrep.places.PlaceMention
    dates: Sequence[Any]  # resolved sitrep.dates.DateMention
    figures: Sequence[Any]  # sitrep.figures.Figure
    title_end: int = 0  # char offset where the title line ends (no events are taken from the title)
    doc: Doc | None = None
    mentions: Sequence[Mention] = ()  # event mentions after the title
    sents: Sequence[Span] = ()
    sent_of: Mapping[int, int] = field(default_factory=dict)  # token index -> sentence index
    para_of: Sequence[int] = ()  # sentence index -> paragraph index
    datelines: Sequence[tuple[int, int]] = ()  # char spans of datelines
    metalines: Sequence[tuple[int, int]] = ()  # char spans of bylines, "posted on" stamps, related-story lines
    focus: str | None = None  # the article's focus country
    hint: Place | None = None  # the article's country hint, resolved (resolve.focus.hint_place)
    published: date | None = None
    lex: Lexicon | None = None
    namer: ActorNamer | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_doc(cls, doc: Doc, mentions: Sequence[Mention], article: Article, places: Sequence[Any] = (),
                dates: Sequence[Any] = (), figures: Sequence[Any] = (), title_end: int = 0,
                lex: Lexicon | None = None, namer: ActorNamer | None = None,
                hint: Place | None = None) -> "DocContext":
        """The full context of one parsed article (lexicon and namer: the builder's long-lived config)."""
        lex = lex or load_lexicon()
        sents = list(doc.sents)
        text = doc_text(doc)
        sent_of: dict[int, int] = {}
        for si, s in enumerate(sents):
            for t in s:
                sent_of[t.i] = si
        return cls(
            article=article, places=places, dates=dates, figures=figures, title_end=title_end, doc=doc,
            mentions=[m for m in mentions if doc[m.token_i].idx >= title_end],
            sents=sents, sent_of=sent_of, para_of=paragraph_index(text, sents),
            datelines=dateline_spans(text), metalines=meta_line_spans(text), focus=focus_by_majority(places), published=_iso(article.published),
            lex=lex, namer=namer or ActorNamer(lex), hint=hint,
        )


def cached(ctx: DocContext, key: str, make: Callable[[], T]) -> T:
    """A fact about the document, computed on first use and kept in the context's cache."""
    try:
        return ctx.cache[key]
    except KeyError:
        value = ctx.cache[key] = make()
        return value


def by_sentence(ctx: DocContext, key: str, items: Sequence[T]) -> Mapping[int | None, list[T]]:
    """`items` (anything with a `token_i`: places, dates, mentions) grouped by the sentence of their token, each
    group in the items' order; those with no token (token_i < 0) are left out, those outside the sentences are
    under None. Kept in the context's cache under `key`: a stage asks about one sentence, not the whole list."""
    def make() -> dict[int | None, list[T]]:
        out: dict[int | None, list[T]] = {}
        for item in items:
            ti = item.token_i  # type: ignore[attr-defined]
            if ti >= 0:
                out.setdefault(ctx.sent_of.get(ti), []).append(item)
        return out
    return cached(ctx, "by_sentence:" + key, make)


def by_token(ctx: DocContext, key: str, items: Sequence[T]) -> Mapping[int, list[T]]:
    """`items` grouped by their `token_i`, each group in the items' order (cached under `key`)."""
    def make() -> dict[int, list[T]]:
        out: dict[int, list[T]] = {}
        for item in items:
            out.setdefault(item.token_i, []).append(item)  # type: ignore[attr-defined]
        return out
    return cached(ctx, "by_token:" + key, make)


def governed_by(ctx: DocContext, key: str, items: Sequence[T]) -> Mapping[int, list[T]]:
    """`items` (with a `token_i` >= 0) under every token that governs theirs, each list in the items' order:
    `governed_by(...)[i]` holds the items whose token `is_ancestor(doc[i], ...)` (cached under `key`)."""
    def make() -> dict[int, list[T]]:
        out: dict[int, list[T]] = {}
        doc = ctx.doc
        for item in items:
            ti = item.token_i  # type: ignore[attr-defined]
            if ti >= 0:
                for g in governors(doc[ti]):
                    out.setdefault(g, []).append(item)
        return out
    return cached(ctx, "governed_by:" + key, make)


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None
