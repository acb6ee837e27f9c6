"""The record types of DESIGN.md: frozen dataclasses that every stage passes and every writer views."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

T = TypeVar("T", bound="Record")


class Record:
    """Mixin giving frozen dataclasses a JSON-shaped `as_dict()` and a strict `from_dict()`."""

    # field name -> record class (or ("list", class)) for nested values; filled per subclass
    _nested: ClassVar[dict[str, Any]] = {}

    def as_dict(self) -> dict[str, Any]:
        """Plain dict with JSON field names; nested records become dicts too."""
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Inverse of `as_dict`; unknown keys are ignored, nested dicts become records."""
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, val in data.items():
            if key not in names:
                continue
            spec = cls._nested.get(key)
            if spec is not None and val is not None:
                if isinstance(spec, tuple):
                    val = tuple(spec[1].from_dict(v) if isinstance(v, dict) else v for v in val)
                elif isinstance(val, dict):
                    val = spec.from_dict(val)
            elif isinstance(val, list):
                val = tuple(val)
            kwargs[key] = val
        return cls(**kwargs)

    def replace(self: T, **changes: Any) -> T:
        """A copy with some fields changed (records are frozen)."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


def _plain(val: Any) -> Any:
    if isinstance(val, Record):
        return val.as_dict()
    if isinstance(val, (tuple, list)):
        return [_plain(v) for v in val]
    return val


def stable_hash(*parts: Any, length: int = 16) -> str:
    """Hex digest of canonical JSON of `parts`: the basis of every stable id."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


CONTENT_ID_PREFIX = "sha256-"


def content_id(title: str, text: str) -> str:
    """The id of an article that was given none: a hash of what it says (not of its date or its place in a file)."""
    return CONTENT_ID_PREFIX + stable_hash(title or "", text, length=16)


@dataclass(frozen=True)
class Article(Record):
    """One input article; `id` is the id the input gave, `hash` the content hash for idempotent ingest."""

    id: str
    text: str
    title: str = ""
    published: str | None = None  # ISO date YYYY-MM-DD, or None when unknown
    source: str | None = None
    url: str | None = None
    language: str | None = None
    published_from: str | None = None  # how `published` was found: "given", "input", "dateline" or None
    country: str | None = None  # a hint (ISO alpha-2 or an English name): place resolution's prior, never the answer

    @property
    def hash(self) -> str:
        """Content hash: the same title, text and date give the same hash."""
        return stable_hash(self.title, self.text, self.published, length=32)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict including the content hash (`country` only when the article carries one)."""
        out = super().as_dict()
        if out.get("country") is None:
            out.pop("country", None)
        out["hash"] = self.hash
        return out


# the Article fields that travel as string columns: the shard folders' article rows and the rows sent to Ray actors
ARTICLE_FIELDS = ("id", "title", "text", "published", "published_from", "source", "url", "language", "country")


@dataclass(frozen=True)
class Actor(Record):
    """Who acted or was acted on: words in the text, a normalised name, an ACLED kind, an ISO country."""

    text: str
    name: str
    kind: str = "unknown"
    country: str | None = None


@dataclass(frozen=True)
class Place(Record):
    """A GeoNames place with coordinates; `text` keeps the most specific words of the article."""

    text: str
    name: str
    geonameid: int | None
    feature: str  # "place", "admin1" or "country"
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: int = 1  # 1 the town or part of it, 2 near it / part of a region, 3 only province/country
    strategy: str | None = None  # which resolver strategy won
    score: float | None = None


@dataclass(frozen=True)
class When(Record):
    """A resolved date span: ISO start/end and a precision from DESIGN.md."""

    text: str | None = None
    start: str | None = None
    end: str | None = None
    precision: str = "unknown"  # day, range, week, month, year, unknown
    strategy: str | None = None


UNKNOWN_WHEN = When()


@dataclass(frozen=True)
class Count(Record):
    """A figure with its bounds: "at least 24" keeps low 24, best 24, high None."""

    low: int | None
    best: int | None
    high: int | None
    text: str


@dataclass(frozen=True)
class Source(Record):
    """A party the text attributes the event or its figures to."""

    text: str
    name: str | None
    kind: str = "unknown"


@dataclass(frozen=True)
class Evidence(Record):
    """A sentence the record rests on, with offsets into the article's `text`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event(Record):
    """One happening, in the schema of DESIGN.md."""

    id: str
    article: str
    type: str
    subtype: str
    plover: str
    actor1: Actor | None = None
    actor2: Actor | None = None
    where: Place | None = None
    when: When = UNKNOWN_WHEN
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    participants: Count | None = None
    sources: tuple[Source, ...] = ()
    certainty: str = "reported"
    historical: bool = False
    evidence: tuple[Evidence, ...] = ()
    articles: tuple[str, ...] = ()
    released: Count | None = None
    trigger: str | None = None  # the word that signalled the event, for tracing
    cluster: str | None = None  # the store's cluster of reports of one happening (sitrep.dedup)
    agreement: int | None = None  # on a merged record: how many independent outlets report it

    _nested: ClassVar[dict[str, Any]] = {}


Event._nested = {
    "actor1": Actor, "actor2": Actor, "where": Place, "when": When,
    "killed": Count, "injured": Count, "arrested": Count, "participants": Count, "released": Count,
    "sources": ("list", Source), "evidence": ("list", Evidence),
}

COUNT_FIELDS = ("killed", "injured", "arrested", "participants", "released")
CERTAINTY_ORDER = ("confirmed", "reported", "claimed", "unconfirmed")  # most to least certain
PRECISIONS = ("day", "range", "week", "month", "year", "unknown")


def event_id(article_id: str, type_: str, subtype: str, evidence_start: int, trigger: str | None,
             part: str | None = None) -> str:
    """Stable event id from the article id and the event's anchor in it (and, for one of several places a
    sentence told the happening at, that place: `part`)."""
    if part is not None:
        return stable_hash(article_id, type_, subtype, evidence_start, trigger, part)
    return stable_hash(article_id, type_, subtype, evidence_start, trigger)
