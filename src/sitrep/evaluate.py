"""Score sitrep against a user's hand-coded gold file (ACLED CSV columns, or the CASE 2021 task-2 TSV)."""
from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

from sitrep.errors import InputError
from sitrep.geo import km
from sitrep.nlp.numbers import stated_low
from sitrep.records import Article, Event
from sitrep.taxonomy import load_taxonomy

# CASE 2021 task-2 labels (Hürriyetoğlu et al. 2021) -> ACLED sub-event types; the five labels outside
# ACLED's scope (disasters, diplomacy, organised crime, attributions) map to None: not a conflict event
CASE_SUBTYPES: dict[str, str | None] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement", "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash", "ARREST": "Arrests", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack", "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
    "MAN_MADE_DISASTER": None, "DIPLO": None, "NATURAL_DISASTER": None, "ORG_CRIME": None, "ATTRIB": None,
}
_ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%B %d, %Y")
NEAR_KM = 25.0  # a predicted place this close to the gold coordinates counts as right
# a gold file with no publication column: each note counts as published this many days after its event (ACLED's
# notes are written within a day or so of the event, so "on Monday" in one is the Monday just past)
ANCHOR_DAYS = 1
FIELDS = ("event_type", "sub_event_type", "event_date", "location", "coordinates", "fatalities", "actor1", "actor2")


def __getattr__(name: str) -> Any:
    """SUBTYPES (every ACLED sub-type, in order) and TYPE_OF_SUBTYPE (sub-type -> type), from sitrep.taxonomy."""
    if name == "SUBTYPES":
        return load_taxonomy().all_subtypes()
    if name == "TYPE_OF_SUBTYPE":
        return dict(load_taxonomy().subtype_types())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class GoldRecord:
    """One hand-coded row: the text to run and whatever gold fields the file has (None when absent)."""

    id: str
    text: str
    event_type: str | None = None
    sub_event_type: str | None = None
    event_date: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    published: str | None = None  # the anchor for relative dates
    country: str | None = None  # ACLED's `country` column: passed to sitrep as the article's country hint


@dataclass(frozen=True)
class GoldFile:
    """The rows of a gold file, its format, which fields it codes, and what anchors relative dates."""

    path: str
    format: str  # "acled" or "case"
    records: tuple[GoldRecord, ...]
    fields: tuple[str, ...]
    anchor: str  # "published", "timestamp", "event_date + 1 day" or "none"


@dataclass(frozen=True)
class TypeScore:
    """Precision, recall and F1 of one label, with its counts."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 0 when the label has no gold rows."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """Gold rows of this label."""
        return self.tp + self.fn


@dataclass(frozen=True)
class Evaluation:
    """What `evaluate` measured: per-field accuracy and per-type scores."""

    gold: GoldFile
    n: int
    field_accuracy: dict[str, float]
    field_counts: dict[str, int]  # rows the accuracy of each field is over
    types: tuple[TypeScore, ...]
    macro_f1: float
    no_event: int  # rows for which sitrep gave no (non-historical) event
    errors: tuple[str, ...] = field(default_factory=tuple)


def type_scores(pairs: Iterable[tuple[str | None, str | None]], labels: Sequence[str]) -> tuple[tuple[TypeScore, ...], float]:
    """Per-label scores and their macro-F1 from (gold, predicted) pairs; None is "no event of these labels"."""
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn = dict.fromkeys(labels, 0)
    for gold, pred in pairs:
        if pred is not None and pred in tp:
            if pred == gold:
                tp[pred] += 1
            else:
                fp[pred] += 1
        if gold is not None and gold in fn and pred != gold:
            fn[gold] += 1
    scores = tuple(TypeScore(label, tp[label], fp[label], fn[label]) for label in labels)
    macro = sum(s.f1 for s in scores) / len(scores) if scores else 0.0
    return scores, macro


def first_event(events: Sequence[Event]) -> Event | None:
    """The event a one-event gold row is compared with: the first that is not history."""
    return next((e for e in events if not e.historical), None)


# ---------------------------------------------------------------------------- reading gold files
def _date(value: str | None) -> date | None:
    value = (value or "").strip()
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    f = _float(value)
    return int(f) if f is not None else None


def _anchor(row: dict[str, str], anchor: str) -> str | None:
    """The publication date a row's relative dates are resolved against, following the file's anchor rule."""
    if anchor == "published":
        d = _date(row.get("published", "")[:10])
        return d.isoformat() if d else None
    if anchor == "timestamp":
        raw = (row.get("timestamp") or "").strip()
        if raw.isdigit():  # ACLED's timestamp is Unix seconds (when the row was last changed)
            return datetime.fromtimestamp(int(raw), tz=timezone.utc).date().isoformat()
        d = _date(raw[:10])
        return d.isoformat() if d else None
    if anchor == "event_date + 1 day":
        # a coded note is written within a day or so of its event: "on Monday" in it is the Monday just past
        # (never the event date itself, which would leak the answer to "today")
        d = _date(row.get("event_date"))
        return (d + timedelta(days=ANCHOR_DAYS)).isoformat() if d else None
    return None


def read_gold(path: str | Path) -> GoldFile:
    """Read an ACLED-column CSV (text in `notes`) or a CASE 2021 task-2 TSV (id, EventSnippet, SubType).

    UTF-8 (with or without a BOM) or UTF-16 with its BOM; any other encoding, a binary file or a malformed CSV
    is an InputError naming the file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read gold file: {exc.strerror or exc}", str(p)) from exc
    raw = _decode_gold(data, p)
    try:
        return _parse_gold(p, raw)
    except csv.Error as exc:
        raise InputError(f"not a readable CSV or TSV gold file: {exc}", str(p)) from exc


def _decode_gold(data: bytes, p: Path) -> str:
    """The gold file's text: UTF-8 (a BOM allowed) or UTF-16 with its BOM; anything else is an InputError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("not a gold file: broken UTF-16 text", str(p)) from exc
    if b"\x00" in data[:8192]:
        raise InputError("not a gold file: binary data (NUL bytes), not CSV or TSV text "
                         "(UTF-16 needs its byte order mark)", str(p))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8 "
                         "(Latin-1 and Windows-1252 are not read)", str(p), line) from exc


def _parse_gold(p: Path, raw: str) -> GoldFile:
    first = raw.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    reader = csv.DictReader(raw.splitlines(), delimiter=delimiter)
    columns = [c.strip() for c in (reader.fieldnames or [])]
    reader.fieldnames = columns
    if "EventSnippet" in columns and "SubType" in columns:
        return _read_case(p, reader)
    if "notes" not in columns:
        raise InputError("not a gold file: expected ACLED columns (with `notes`) or CASE 2021's "
                         "id/EventSnippet/SubType", str(p), 1)
    anchor = next((a for a in ("published", "timestamp") if a in columns), None)
    if anchor is None:
        anchor = "event_date + 1 day" if "event_date" in columns else "none"
    records = []
    for n, row in enumerate(reader, start=2):
        text = (row.get("notes") or "").strip()
        if not text:
            continue
        sub = (row.get("sub_event_type") or "").strip() or None
        if sub is not None and not load_taxonomy().is_subtype(sub):
            raise InputError(f"unknown ACLED sub_event_type {sub!r}", str(p), n)
        d = _date(row.get("event_date"))
        records.append(GoldRecord(
            id=(row.get("event_id_cnty") or row.get("id") or str(n)).strip(), text=text,
            event_type=(row.get("event_type") or "").strip() or None, sub_event_type=sub,
            event_date=d.isoformat() if d else None, location=(row.get("location") or "").strip() or None,
            latitude=_float(row.get("latitude")), longitude=_float(row.get("longitude")),
            fatalities=_int(row.get("fatalities")), actor1=(row.get("actor1") or "").strip() or None,
            actor2=(row.get("actor2") or "").strip() or None, published=_anchor(row, anchor),
            country=(row.get("country") or "").strip() or None,
        ))
    fields = tuple(f for f in FIELDS
                   if ({"latitude", "longitude"} <= set(columns) if f == "coordinates" else f in columns))
    return GoldFile(str(p), "acled", tuple(records), fields, anchor)


def _read_case(p: Path, reader: csv.DictReader) -> GoldFile:
    records = []
    for n, row in enumerate(reader, start=2):
        code = (row.get("SubType") or "").strip()
        if code not in CASE_SUBTYPES:
            raise InputError(f"unknown CASE 2021 label {code!r}", str(p), n)
        sub = CASE_SUBTYPES[code]
        records.append(GoldRecord(
            id=(row.get("id") or str(n)).strip(), text=(row.get("EventSnippet") or "").strip(),
            event_type=load_taxonomy().type_of_subtype(sub) if sub else None, sub_event_type=sub,
        ))
    # CASE rows carry no dates: relative dates stay unresolved
    return GoldFile(str(p), "case", tuple(records), ("event_type", "sub_event_type"), "none")


# ---------------------------------------------------------------------------- comparing
def _norm_actor(name: str) -> str:
    """Lower case, without ACLED's bracketed years ("Military Forces of Syria (2000-)")."""
    out = name.lower()
    if "(" in out and out.rstrip().endswith(")") and any(ch.isdigit() for ch in out[out.rfind("("):]):
        out = out[:out.rfind("(")]
    return " ".join(out.replace(":", " ").split())


def actor_match(gold: str | None, predicted: str | None) -> bool:
    """Whether a predicted actor name names the gold actor (case-insensitive, one containing the other)."""
    if not gold:
        return not predicted
    if not predicted:
        return False
    g, p = _norm_actor(gold), _norm_actor(predicted)
    return bool(g and p) and (g == p or g in p or p in g)


_km = km


def fatalities_of(ev: Event | None) -> int:
    """ACLED's conservative figure: the lowest number the toll states, else killed.best, else 0.

    ACLED codes the number a report states, so "more than 20 killed" is 20 there, while the record's
    bound is 21 (DESIGN.md); the comparison reads the stated number (`numbers.stated_low`)."""
    if ev is None or ev.killed is None:
        return 0
    low = stated_low(ev.killed)
    return low if low is not None else (ev.killed.best or 0)


def field_checks(gold: GoldRecord, ev: Event | None, fields: Sequence[str]) -> dict[str, bool]:
    """Which of the file's coded fields sitrep got right for one row (a field the row leaves empty is skipped)."""
    out: dict[str, bool] = {}
    for f in fields:
        if f == "event_type":
            out[f] = (ev.type if ev else None) == gold.event_type
        elif f == "sub_event_type":
            out[f] = (ev.subtype if ev else None) == gold.sub_event_type
        elif f == "event_date" and gold.event_date:
            start, end = (ev.when.start, ev.when.end or ev.when.start) if ev else (None, None)
            out[f] = bool(start) and start <= gold.event_date <= (end or start)
        elif f == "location" and gold.location:
            where = ev.where if ev else None
            names = {x.lower() for x in ((where.name, where.text) if where else ()) if x}
            out[f] = gold.location.lower() in names or any(gold.location.lower() in n for n in names)
        elif f == "coordinates" and gold.latitude is not None and gold.longitude is not None:
            where = ev.where if ev else None
            out[f] = bool(where and where.lat is not None and where.lon is not None
                          and _km(gold.latitude, gold.longitude, where.lat, where.lon) <= NEAR_KM)
        elif f == "fatalities" and gold.fatalities is not None:
            out[f] = ev is not None and fatalities_of(ev) == gold.fatalities
        elif f in ("actor1", "actor2"):
            a = getattr(ev, f) if ev else None
            out[f] = actor_match(getattr(gold, f), a.name if a else None)
    return out


def score(gold: GoldFile, predictions: Sequence[Sequence[Event]], errors: Sequence[str] = ()) -> Evaluation:
    """Compare each gold row with the events sitrep gave for its text (same order as gold.records)."""
    right: dict[str, int] = dict.fromkeys(gold.fields, 0)
    total: dict[str, int] = dict.fromkeys(gold.fields, 0)
    pairs = []
    none = 0
    for rec, events in zip(gold.records, predictions):
        ev = first_event(events)
        none += ev is None
        pairs.append((rec.sub_event_type, ev.subtype if ev else None))
        for f, ok in field_checks(rec, ev, gold.fields).items():
            total[f] += 1
            right[f] += ok
    seen = {g for g, _ in pairs if g} | {p for _, p in pairs if p}
    subtypes = load_taxonomy().all_subtypes()
    labels = subtypes if gold.format == "case" else tuple(s for s in subtypes if s in seen)
    types, macro = type_scores(pairs, labels)
    acc = {f: right[f] / total[f] for f in gold.fields if total[f]}
    return Evaluation(gold, len(pairs), acc, {f: total[f] for f in gold.fields if total[f]}, types, macro, none,
                      tuple(errors))


def evaluate(path: str | Path, pipeline: Any = None, n_process: int = 1) -> Evaluation:
    """Run sitrep on every text of a gold file and score it; `pipeline` defaults to a new Pipeline."""
    gold = read_gold(path)
    if pipeline is None:
        from sitrep.pipeline import Pipeline

        pipeline = Pipeline()
    articles = [Article(id=r.id, text=r.text, published=r.published, country=r.country) for r in gold.records]
    predictions: list[tuple[Event, ...]] = []
    errors = []
    for result in pipeline.extract_many(articles, n_process=n_process):
        predictions.append(result.events)
        if result.error:
            errors.append(f"{result.article.id}: {result.error}")
    return score(gold, predictions, errors)


def format_evaluation(ev: Evaluation) -> str:
    """The evaluation as the plain-text report `sitrep evaluate` prints."""
    anchors = {"published": "relative dates anchored on the `published` column",
               "timestamp": "relative dates anchored on the `timestamp` column (no `published` column)",
               "event_date + 1 day": "relative dates anchored on event_date + 1 day (no `published` or "
                                     "`timestamp` column)",
               "none": "relative dates not anchored (the file has no date column)"}
    lines = [f"gold: {ev.gold.path} ({ev.gold.format}, {ev.n} rows); {anchors[ev.gold.anchor]}",
             f"rows with no event from sitrep: {ev.no_event}", "", "field accuracy (rows coding the field):"]
    for f in ev.gold.fields:
        if f in ev.field_accuracy:
            lines.append(f"  {f:16} {ev.field_accuracy[f]:.3f}  ({ev.field_counts[f]})")
    lines += ["", f"{'sub-event type':36} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for s in ev.types:
        lines.append(f"{s.label:36} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d} {s.tp + s.fp:5d}")
    lines.append(f"{'macro-F1 over ' + str(len(ev.types)) + ' sub-types':36} {'':>6} {'':>6} {ev.macro_f1:6.3f}")
    for e in ev.errors:
        lines.append(f"error: {e}")
    return "\n".join(lines)
