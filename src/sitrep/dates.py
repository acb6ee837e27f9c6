"""Date mentions: find them in a Doc ("on Friday", "six weeks ago", "July 22, 2011") and resolve them to calendar spans."""
from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable, Iterable

import numpy
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from sitrep.figures import _load_yaml, parse_count
from sitrep.records import When

log = logging.getLogger(__name__)

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class DateMention:
    """A date phrase in a Doc: char offsets into doc.text, its words, its head token and (once resolved) its span."""

    start: int
    end: int
    text: str
    token_i: int
    when: When | None = None


@dataclass(frozen=True)
class DateWords:
    """The lexicon of dates.yaml, in lookup-ready form."""

    weekdays: dict[str, int]
    weekday_names: tuple[str, ...]
    months: dict[str, int]
    month_names: tuple[str, ...]
    units: dict[str, int]
    before: frozenset[str]
    after: frozenset[str]
    ago: frozenset[str]
    month_parts: dict[str, tuple[int, int]]
    recurring: tuple[str, ...]
    deictic: dict[str, int]
    week_adjectives: tuple[str, ...]
    future_tolerance: int
    seasons: dict[str, tuple[int, int]]


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    """dates.yaml, loaded once."""
    raw = _load_yaml("dates.yaml")
    return DateWords(
        weekdays={str(k): int(v) for k, v in raw["weekdays"].items()},
        weekday_names=tuple(raw["weekday_names"]),
        months={str(k): int(v) for k, v in raw["months"].items()},
        month_names=tuple(raw["month_names"]),
        units={str(k): int(v) for k, v in raw["units"].items()},
        before=frozenset(raw["before_words"]),
        after=frozenset(raw["after_words"]),
        ago=frozenset(raw["ago_words"]),
        month_parts={str(k): (int(v[0]), int(v[1])) for k, v in raw["month_parts"].items()},
        recurring=tuple(raw["recurring"]),
        deictic={str(k): int(v) for k, v in raw["deictic"].items()},
        week_adjectives=tuple(raw["week_adjectives"]),
        future_tolerance=int(raw["future_tolerance_days"]),
        seasons={str(k): (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
    )


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest words first so "sept" beats "sep"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class _Regexes:
    """Compiled patterns, built once from the lexicon."""

    iso: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    slash: re.Pattern[str]
    month_year: re.Pattern[str]
    year: re.Pattern[str]
    decade: re.Pattern[str]
    find: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...]  # (pattern, trigger words; None = a digit)
    duration_ent: re.Pattern[str]


def _last_words(phrases: Iterable[str]) -> frozenset[str]:
    """The last word of each phrase: it must be present for the phrase to be."""
    return frozenset(p.split()[-1] for p in phrases)


@lru_cache(maxsize=1)
def _regexes() -> _Regexes:
    """Build the patterns for finding and resolving dates."""
    dw = date_words()
    months_any = _alt(dw.months)  # for resolving (lower-cased text)
    full = [m.capitalize() for m in dw.month_names]
    abbr = [m.capitalize() for m, n in dw.months.items() if m not in dw.month_names]
    # in running text: capitalised names; abbreviations only with a period or before a day number
    mon_text = rf"(?:{_alt(full)}|(?:{_alt(abbr)})\.)"
    mon_text_num = rf"(?:{_alt(full)}|(?:{_alt(abbr)})\.?)"
    wd_text = _alt(w.capitalize() for w in dw.weekday_names)
    num = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of|fifteen|twenty|thirty)"
    units = r"(?:days?|weeks?|fortnights?|months?|years?|decades?)"
    before = _alt(dw.before | dw.after | {"this"})
    adjs = _alt(dw.week_adjectives)
    parts = _alt(dw.month_parts)
    deictic = _alt(dw.deictic)
    recurring = _alt(dw.recurring)
    # each pattern runs only when one of its trigger words (or a digit) is in the Doc: most never scan at all
    month_words = frozenset(dw.months) | frozenset(m + "." for m in dw.months)
    units_words = frozenset({"day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months", "year", "years", "decade", "decades"})
    find: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = (
        (re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"), None),
        (re.compile(rf"\b(?:(?:{wd_text}),?\s+)?{mon_text_num}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"), month_words),
        (re.compile(rf"\b(?:(?:{wd_text}),?\s+)?{_DAY}\s+(?:of\s+)?{mon_text_num}(?:,?\s+{_YEAR})?\b"), month_words),
        (re.compile(rf"(?i:\b(?:{parts}))[\s-]+{mon_text}(?:\s+{_YEAR})?\b"), month_words),
        (re.compile(rf"(?i:\b(?:one|a|that)\s+(?:weekend|week|day|night)\s+in)\s+{mon_text}(?:\s+{_YEAR})?\b"), month_words),
        (re.compile(rf"(?i:\bsince)\s+(?:(?i:(?:{parts})[\s-]+)?{mon_text}(?:\s+{_YEAR})?|{_YEAR}|{wd_text}|(?i:(?:last|the\s+past)\s+\w+))\b"), frozenset({"since"})),
        (re.compile(rf"\b(?:{_alt(m.capitalize() for m in dw.month_names if m != 'may')})(?:\s+{_YEAR})?\b"), month_words),
        (re.compile(rf"\b(?i:in|of|since|early|late|until|last|next|this|by)\s+(?P<d1>May(?:\s+{_YEAR})?)\b"), frozenset({"may"})),
        (re.compile(rf"\b(?i:in|since|during|until|by|before|after|of|from)\s+(?P<d2>{_YEAR})\b"), None),
        (re.compile(rf"(?i:\bthe\s+)(?:1[89]|20)\d0s\b"), None),
        (re.compile(rf"(?i:\b(?:the\s+)?(?:{before})\s+)?\b(?:{wd_text})(?i:\s+(?:morning|afternoon|evening|night))?\b"), frozenset(dw.weekday_names)),
        (re.compile(rf"(?i:\b(?:the\s+)?(?:{before})\s+(?:week|weekend|month|year|fortnight|night))\b"), frozenset({"week", "weekend", "month", "year", "fortnight", "night"})),
        (re.compile(rf"(?i:\b(?:earlier|later)\s+this\s+(?:week|month|year))\b"), frozenset({"earlier", "later"})),
        (re.compile(rf"(?i:\b(?:a|the)\s+(?:(?:{adjs})\s+)(?:week|weekend|fortnight))\b"), frozenset(dw.week_adjectives)),
        (re.compile(rf"(?i:\bthe\s+weekend)\b"), frozenset({"weekend"})),
        (re.compile(rf"(?i:\b{num}\s+{units}\s+(?:ago|earlier))\b"), frozenset({"ago", "earlier"})),
        (re.compile(rf"(?i:\b(?:over|for|during|in|throughout)\s+(?:the\s+(?:past|last)\s+)?{num}\s+{units})\b"), units_words),
        (re.compile(rf"(?i:\bthe\s+(?:past|last|previous)\s+{num}\s+{units})\b"), units_words),
        (re.compile(rf"(?i:\b(?:{deictic}))\b"), _last_words(dw.deictic)),
        (re.compile(rf"(?i:\b(?:{recurring}))\b"), _last_words(dw.recurring)),
        # "killed in 24 hours", "over the past 48 hours", "six hours ago" (not "fought for two hours": a length)
        (re.compile(rf"(?i:\b(?:(?:in|over|during|within)\s+(?:the\s+(?:past|last)\s+)?(?:less\s+than\s+)?|the\s+(?:past|last)\s+)"
                    rf"{num}\s+hours?\b|\b{num}\s+hours?\s+ago\b)"), frozenset({"hours", "hour"})),
        # "last summer", "over the winter", "spring 2012"; "fall" only as "last/this/next fall" ("the fall of a town")
        (re.compile(rf"(?i:\b(?:(?:over|in|during|through|throughout)\s+)?(?:the\s+)?(?:(?:last|this|next|past|early|late)\s+)?"
                    rf"(?:spring|summer|autumn|winter)(?:\s+(?:of\s+)?{_YEAR})?|\b(?:last|this|next)\s+fall)\b"),
         frozenset({"spring", "summer", "autumn", "winter", "fall"})),
    )
    return _Regexes(
        iso=re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
        month_day=re.compile(rf"\b({months_any})\.?\s+([0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+({_YEAR})\b)?", re.I),
        day_month=re.compile(rf"\b([0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?({months_any})\b\.?(?:,?\s+({_YEAR})\b)?", re.I),
        slash=re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b"),
        month_year=re.compile(rf"\b({months_any})\b\.?(?:,?\s+({_YEAR})\b)?", re.I),
        year=re.compile(rf"\b({_YEAR})\b"),
        decade=re.compile(r"\b((?:1[89]|20)\d)0s\b"),
        find=find,
        duration_ent=re.compile(
            rf"^(?:about |some |nearly |more than |over |the )?{num}[\s-]+(?:minutes?|hours?|{units})(?:[\s-]+(?:old|long))?$"
            r"|-(?:year|month|day|week|decade)s?\b",
            re.I,
        ),
    )


# --------------------------------------------------------------------------- finding


def _span_head(doc: Doc, start: int, end: int) -> int | None:
    """The head token of the characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root.i


_WINDOW_BEFORE, _WINDOW_AFTER = 48, 64  # characters around a trigger word that a date phrase can span


@lru_cache(maxsize=64)
def _trigger_ids(words: frozenset[str]) -> numpy.ndarray:
    """spaCy string ids of trigger words, to compare with a Doc's LOWER column."""
    return numpy.array(sorted(get_string_id(w) for w in words), dtype=numpy.uint64)


def _window(text: str, offset: int) -> tuple[int, int]:
    """Characters around a trigger word, widened to whole words at the right edge."""
    lo = max(0, offset - _WINDOW_BEFORE)
    hi = min(len(text), offset + _WINDOW_AFTER)
    while hi < len(text) and text[hi].isalnum():
        hi += 1
    return lo, hi


def _longest_first(cands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, the longest winning each overlap and the earlier-listed winning ties."""
    order = sorted(range(len(cands)), key=lambda k: (-(cands[k][1] - cands[k][0]), k))
    chosen: list[tuple[int, int]] = []
    for k in order:
        s, e = cands[k]
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    return chosen


def find_date_mentions(doc: Doc) -> list[DateMention]:
    """Date phrases of a Doc: spaCy DATE entities plus the patterns the small model misses."""
    rx = _regexes()
    text = doc.text
    cands: list[tuple[int, int]] = []
    arr = doc.to_array([LOWER, IDX])
    lowers, offsets = arr[:, 0], arr[:, 1]
    has_digit = any(c.isdigit() for c in text)
    found: set[tuple[int, int]] = set()
    for pat, triggers in rx.find:
        group = next((g for g in ("d1", "d2") if g in pat.groupindex), None)  # the date inside its context words
        if triggers is None:
            windows = [(0, len(text))] if has_digit else []
        else:
            # scan only a short window around each trigger word: a full scan per pattern costs ~0.1 ms
            hits = offsets[numpy.isin(lowers, _trigger_ids(triggers))]
            windows = [_window(text, int(o)) for o in hits]
        for lo, hi in windows:
            for m in pat.finditer(text, lo, hi):
                s, e = m.span(group) if group else m.span()
                if e > s and (s, e) not in found:
                    found.add((s, e))
                    cands.append((s, e))
    ours = _longest_first(cands)
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if rx.duration_ent.search(ent.text):
            continue  # "11-year rule", "four-decade grip": lengths, not dates
        inside = sum(1 for s, e in ours if ent.start_char <= s and e <= ent.end_char)
        if inside >= 2:
            continue  # the model merged two dates ("Dec. 10 and December 11"): keep ours apart
        cands.append((ent.start_char, ent.end_char))
    chosen = _longest_first(cands)
    out: list[DateMention] = []
    for s, e in sorted(chosen):
        head = _span_head(doc, s, e)
        if head is None:
            continue
        out.append(DateMention(start=s, end=e, text=text[s:e], token_i=head))
    return out


def resolve_mentions(mentions: Iterable[DateMention], published: str | None) -> list[DateMention]:
    """The mentions with `when` filled in against the publication date."""
    return [replace(m, when=resolve_date(m.text, published)) for m in mentions]


# --------------------------------------------------------------------------- resolving


def _iso(d: date) -> str:
    """ISO form of a date."""
    return d.isoformat()


def _month_end(y: int, m: int) -> date:
    """The last day of a month."""
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    """(year, month) shifted by delta months."""
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def _when(text: str, start: date, end: date, precision: str, strategy: str) -> When:
    """A resolved When from two dates."""
    return When(text=text, start=_iso(start), end=_iso(end), precision=precision, strategy=strategy)


def _unknown(text: str, strategy: str | None) -> When:
    """A When that could not be placed on the calendar."""
    return When(text=text, start=None, end=None, precision="unknown", strategy=strategy)


def _make_date(y: int, m: int, d: int) -> date | None:
    """A date, or None if the parts are not a real day."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year(m: int, d: int, pub: date, dw: DateWords) -> date | None:
    """A month and day without a year: the publication's year, or the one before if that lands well after it."""
    cand = _make_date(pub.year, m, d)
    if cand is not None and (cand - pub).days <= dw.future_tolerance:
        return cand
    return _make_date(pub.year - 1, m, d) if (m, d) != (2, 29) or calendar.isleap(pub.year - 1) else None


def _explicit(text: str, pub: date | None) -> When | None:
    """ISO dates, "July 22, 2011", "22 July 2011", "Dec. 10"."""
    rx = _regexes()
    dw = date_words()
    m = rx.iso.search(text)
    if m:
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _when(text, d, d, "day", "explicit") if d else None
    for pat, order in ((rx.month_day, "md"), (rx.day_month, "dm")):
        m = pat.search(text)
        if not m:
            continue
        mon_s, day_s = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
        month = dw.months.get(mon_s.lower())
        day = int(day_s)
        if month is None or not 1 <= day <= 31:
            continue
        if m.group(3):
            d = _make_date(int(m.group(3)), month, day)
        elif pub is not None:
            d = _infer_year(month, day, pub, dw)
        else:
            return _unknown(text, "explicit")
        return _when(text, d, d, "day", "explicit") if d else None
    if rx.slash.search(text):
        return _dateparser(text, pub)
    return None


def _dateparser(text: str, pub: date | None) -> When | None:
    """Last resort for numeric dates ("10/12/2016"): dateparser, imported only when needed."""
    import datetime as _dt

    import dateparser  # slow to import and ~1.5 ms a call: only for the rare numeric form

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    if pub is not None:
        settings["RELATIVE_BASE"] = _dt.datetime(pub.year, pub.month, pub.day)
    try:
        got = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is not fatal
        log.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if got is None:
        return None
    d = got.date()
    return _when(text, d, d, "day", "dateparser")


def _words(text: str) -> list[str]:
    """Lower-cased words and numbers of a phrase."""
    return re.findall(r"[a-z]+|\d+", text.lower())


def _weekday(text: str, pub: date | None) -> When | None:
    """"on Friday", "the prior Friday", "next Monday", "since Tuesday"."""
    dw = date_words()
    words = _words(text)
    # abbreviations ("Sat", "Sun") only when capitalised: "the sun" is no Sunday
    wd_idx = next(
        (k for k, w in enumerate(words)
         if w in dw.weekdays and (w in dw.weekday_names or re.search(rf"\b{w.capitalize()}\b", text))),
        None,
    )
    if wd_idx is None:
        return None
    if pub is None:
        return _unknown(text, "weekday")
    target = dw.weekdays[words[wd_idx]]
    before = set(words[:wd_idx])
    if before & dw.after:
        ahead = (target - pub.weekday()) % 7 or 7
        d = pub + timedelta(days=ahead)
    else:
        back = (pub.weekday() - target) % 7
        if before & dw.before and back == 0:
            back = 7  # "the prior Friday" on a Friday is a week ago
        d = pub - timedelta(days=back)
    if "since" in words:
        return _when(text, d, pub, "range", "weekday")
    return _when(text, d, d, "day", "weekday")


def _num(words: list[str], k: int) -> int | None:
    """The number at words[k] ("six", "6", "a", "several")."""
    w = words[k]
    if w in ("a", "an"):
        return 1
    if w == "several":
        return 3
    if w == "few":
        return 3
    count = parse_count(" ".join(words[k : k + 3]))
    if count is None:
        return None
    return count.best if count.best is not None else count.low


def _unit_of(word: str) -> str | None:
    """The singular time unit a word names, if any."""
    for unit in ("hour", "day", "week", "fortnight", "month", "year", "decade"):
        if word in (unit, unit + "s"):
            return unit
    return None


def _span_back(pub: date, n: int, unit: str) -> date:
    """The date n units before pub (calendar months and years)."""
    if unit in ("month", "year", "decade"):
        months = n * {"month": 1, "year": 12, "decade": 120}[unit]
        y, m = _add_months(pub.year, pub.month, -months)
        return date(y, m, min(pub.day, calendar.monthrange(y, m)[1]))
    if unit == "hour":
        return pub - timedelta(days=-(-n // 24))  # "the past 24 hours" reaches into the day before
    return pub - timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])


def duration(text: str) -> tuple[int, str] | None:
    """(n, unit) of a length of time ("two days", "a week", "3 months"), else None."""
    if not isinstance(text, str):
        return None
    words = _words(text[:80])
    for k in range(1, len(words)):
        unit = _unit_of(words[k])
        if unit is not None:
            n = _num(words, k - 1)
            return (n, unit) if n is not None and 0 < n < 1000 else None
    return None


def shift_when(anchor: When, n: int, unit: str, sign: int, text: str) -> When:
    """The day `n` units before (sign -1) or after (+1) a day-precision anchor ("two days after Sunday")."""
    if anchor.start is None or anchor.precision != "day":
        return _unknown(text, "relative_to_event")
    base = date.fromisoformat(anchor.start)
    try:
        if unit in ("month", "year", "decade"):
            months = sign * n * {"month": 1, "year": 12, "decade": 120}[unit]
            y, m = _add_months(base.year, base.month, months)
            d = date(y, m, min(base.day, calendar.monthrange(y, m)[1]))
        elif unit == "hour":
            d = base + timedelta(days=sign * (n // 24))
        else:
            d = base + timedelta(days=sign * n * {"day": 1, "week": 7, "fortnight": 14}[unit])
    except (ValueError, OverflowError):
        return _unknown(text, "relative_to_event")  # past the calendar's edge
    return _when(text, d, d, "day", "relative_to_event")


def _relative(text: str, pub: date | None) -> When | None:
    """ago / last / previous / past / earlier this / late June / since / over N months / deictic words."""
    dw = date_words()
    low = " ".join(_words(text))
    words = low.split()
    if not words:
        return None
    is_relative = False
    if words[0] == "since" and len(words) > 1:
        # "since mid-April", "since last week": from the start of what follows up to publication
        if pub is None:
            return _unknown(text, "relative")
        rest = " ".join(words[1:])
        part_first = any(rest.startswith(p + " ") for p in dw.month_parts)
        got = (_relative(rest, pub) or _month_year(rest, pub)) if part_first else (_month_year(rest, pub) or _relative(rest, pub))
        if got is not None and got.start is not None:
            return _when(text, date.fromisoformat(got.start), pub, "range", "relative")
        return _unknown(text, "relative")
    # "over four months", "for three weeks", "the past ten days": a span ending at publication
    for k, w in enumerate(words):
        unit = _unit_of(w)
        if unit is None or k == 0:
            continue
        n = _num(words, k - 1) if words[k - 1] not in ("past", "last", "previous") else None
        if n is None and words[k - 1] in ("few",):
            n = 3
        prev = set(words[: k - 1])
        if n is not None and k + 1 < len(words) and words[k + 1] in dw.ago:
            if pub is None:
                return _unknown(text, "relative")
            d = _span_back(pub, n, unit) if unit != "hour" else pub - timedelta(days=n // 24)
            if unit in ("day", "hour"):
                return _when(text, d, d, "day", "relative")
            if unit in ("week", "fortnight"):
                return _when(text, d - timedelta(days=3), d + timedelta(days=3), "week", "relative")
            if unit == "month":
                return _when(text, date(d.year, d.month, 1), _month_end(d.year, d.month), "month", "relative")
            return _when(text, date(d.year, 1, 1), date(d.year, 12, 31), "year", "relative")
        if unit == "hour" and not (prev & {"over", "during", "past", "last", "in", "within"}):
            continue  # "for two hours" is how long, not when
        if n is not None and (prev & {"over", "for", "during", "throughout", "past", "last", "previous", "in", "within"}):
            if pub is None:
                return _unknown(text, "relative")
            start = _span_back(pub, n, unit)
            if unit in ("day", "week", "fortnight"):
                start += timedelta(days=1)  # "the past 10 days" is ten days counting publication day
            return _when(text, start, pub, "range", "relative")
    if low in dw.deictic or any(low.endswith(" " + p) or low == p for p in dw.deictic):
        key = next(p for p in sorted(dw.deictic, key=len, reverse=True) if low == p or low.endswith(" " + p))
        if pub is None:
            return _unknown(text, "relative")
        d = pub + timedelta(days=dw.deictic[key])
        return _when(text, d, d, "day", "relative")
    last = words[-1]
    unit = {"weekend": "weekend", "week": "week", "fortnight": "fortnight", "month": "month", "year": "year"}.get(last)
    if unit is not None and len(words) >= 2:
        mod = words[-2]
        is_relative = True
        if pub is None:
            return _unknown(text, "relative")
        earlier = "earlier" in words
        if unit == "weekend":
            # last weekend: the latest Saturday-Sunday that ends before the publication day
            if mod in dw.before:
                sunday = pub - timedelta(days=(pub.weekday() - 6) % 7 or 7)
            elif mod in dw.after:
                sunday = pub + timedelta(days=(6 - pub.weekday()) % 7 or 7)
            else:  # "the weekend", "this weekend"
                sunday = pub + timedelta(days=6 - pub.weekday()) if mod == "this" or pub.weekday() >= 5 else pub - timedelta(days=pub.weekday() + 1)
            return _when(text, sunday - timedelta(days=1), sunday, "range", "relative")
        if unit == "week":
            monday = pub - timedelta(days=pub.weekday())
            if mod == "last" or mod == "previous" and "the" not in words:
                return _when(text, monday - timedelta(days=7), monday - timedelta(days=1), "week", "relative")
            if mod in dw.after:
                return _when(text, monday + timedelta(days=7), monday + timedelta(days=13), "week", "relative")
            if mod == "this":
                if earlier:
                    return _when(text, monday, pub, "range", "relative")
                return _when(text, monday, monday + timedelta(days=6), "week", "relative")
            # "the past week", "a bloody week", "the previous week": the seven days up to publication
            return _when(text, pub - timedelta(days=6), pub, "week", "relative")
        if unit == "fortnight":
            return _when(text, pub - timedelta(days=13), pub, "range", "relative")
        if unit == "month":
            if mod == "this":
                if earlier:
                    return _when(text, date(pub.year, pub.month, 1), pub, "range", "relative")
                return _when(text, date(pub.year, pub.month, 1), _month_end(pub.year, pub.month), "month", "relative")
            if mod in dw.before:
                if "past" in words:
                    return _when(text, _span_back(pub, 1, "month"), pub, "range", "relative")
                y, m = _add_months(pub.year, pub.month, -1)
                return _when(text, date(y, m, 1), _month_end(y, m), "month", "relative")
            if mod in dw.after:
                y, m = _add_months(pub.year, pub.month, 1)
                return _when(text, date(y, m, 1), _month_end(y, m), "month", "relative")
        if unit == "year":
            if mod == "this":
                if earlier:
                    return _when(text, date(pub.year, 1, 1), pub, "range", "relative")
                return _when(text, date(pub.year, 1, 1), date(pub.year, 12, 31), "year", "relative")
            if mod in dw.before:
                if "past" in words:
                    return _when(text, _span_back(pub, 1, "year"), pub, "range", "relative")
                return _when(text, date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31), "year", "relative")
            if mod in dw.after:
                return _when(text, date(pub.year + 1, 1, 1), date(pub.year + 1, 12, 31), "year", "relative")
    # "late June", "mid-March 2012"
    for part, (d0, d1) in sorted(dw.month_parts.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(part + " "):
            rest = low[len(part) + 1 :]
            got = _month_year(rest, pub)
            if got is None or got.start is None or got.precision != "month":
                return got and replace(got, text=text)
            s = date.fromisoformat(got.start)
            last_day = calendar.monthrange(s.year, s.month)[1]
            return _when(text, s.replace(day=d0), s.replace(day=min(d1, last_day)), "range", "relative")
    if any(low == r or low.startswith(r + " ") or low.endswith(" " + r) for r in dw.recurring):
        return _unknown(text, "recurring")
    return _unknown(text, "relative") if is_relative else None


def _month_year(text: str, pub: date | None) -> When | None:
    """"in June" (the latest June not after publication), "June 2010", "in 1982"."""
    rx = _regexes()
    dw = date_words()
    m = rx.month_year.search(text)
    if m:
        month = dw.months[m.group(1).lower()]
        if m.group(2):
            y = int(m.group(2))
        elif pub is not None:
            y = pub.year if month <= pub.month else pub.year - 1
        else:
            return _unknown(text, "month_year")
        return _when(text, date(y, month, 1), _month_end(y, month), "month", "month_year")
    m = rx.year.search(text)
    if m and not rx.decade.search(text):
        y = int(m.group(1))
        return _when(text, date(y, 1, 1), date(y, 12, 31), "year", "month_year")
    return None


def _decade(text: str, pub: date | None) -> When | None:
    """"the 1980s": a ten-year range."""
    m = _regexes().decade.search(text)
    if not m:
        return None
    y = int(m.group(1)) * 10
    return _when(text, date(y, 1, 1), date(y + 9, 12, 31), "range", "decade")


def _season(text: str, pub: date | None) -> When | None:
    """"last summer", "over the winter", "spring 2012": a range of calendar months."""
    dw = date_words()
    words = _words(text)
    name = next((w for w in words if w in dw.seasons), None)
    if name is None or (name == "fall" and not set(words) & {"last", "this", "next"}):
        return None
    m0, m1 = dw.seasons[name]
    years = [int(w) for w in words if len(w) == 4 and w.isdigit()]

    def span(y: int) -> tuple[date, date]:
        """The season that begins in year y."""
        y1 = y + 1 if m1 < m0 else y
        return date(y, m0, 1), _month_end(y1, m1)

    if years:
        y = years[0] - (1 if m1 < m0 else 0)  # "winter 2012" is the winter that ends in 2012
        s, e = span(y)
        return _when(text, s, e, "range", "season")
    if pub is None:
        return _unknown(text, "season")
    y = pub.year if (pub.month, pub.day) >= (m0, 1) else pub.year - 1
    if m1 < m0 and pub.month <= m1:
        y = pub.year - 1  # January of a winter that began last December
    s, e = span(y)
    if "last" in words or "past" in words:
        if e >= pub:
            s, e = span(y - 1)
    elif "next" in words:
        s, e = span(y + 1)
    elif "this" in words:
        s, e = span(pub.year - 1 if m1 < m0 and pub.month <= m1 else pub.year)  # this year's, even if still ahead
        return _when(text, s, e, "range", "season")
    return _when(text, s, min(e, pub) if s <= pub <= e else e, "range", "season")


_Strategy = Callable[[str, "date | None"], "When | None"]


def _strategies() -> tuple[tuple[str, _Strategy], ...]:
    """The named resolvers, in the order they are tried."""
    return (
        ("explicit", _explicit),
        ("weekday", _weekday),
        ("relative", _relative),
        ("season", _season),
        ("month_year", _month_year),
        ("decade", _decade),
    )


def _parse_published(published: str | None) -> date | None:
    """The publication date, or None when missing or not ISO."""
    if not published or not isinstance(published, str):
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        log.debug("publication date %r is not ISO; relative dates stay unknown", published)
        return None


def resolve_date(text: str, published: str | None) -> When:
    """Resolve a date phrase against the publication date (ISO YYYY-MM-DD); unknown when it cannot be placed."""
    if not isinstance(text, str) or not text.strip():
        return _unknown(text if isinstance(text, str) else "", None)
    pub = _parse_published(published)
    clean = text.strip()[:200]
    for name, strategy in _strategies():
        try:
            got = strategy(clean, pub)
        except (ValueError, OverflowError):
            # arithmetic past the calendar's edge (year 1 or 9999): treat as no answer
            log.debug("strategy %s failed on %r", name, clean, exc_info=True)
            got = None
        if got is not None:
            if got.start is not None and got.end is not None and got.start > got.end:
                return _unknown(text.strip(), name)  # "since 1999" in a 1998 article: no span to give
            return replace(got, text=text.strip())
    return _unknown(text.strip(), None)


# --------------------------------------------------------------------------- datelines


def find_dateline(text: str) -> str | None:
    """The publication date (ISO) a dateline gives (sitrep.resolve.dateline.find_dateline)."""
    from sitrep.resolve.dateline import find_dateline as _find

    return _find(text)


# --------------------------------------------------------------------------- spaCy component


def register_extensions() -> None:
    """Declare doc._.sitrep_dates (idempotent)."""
    if not Doc.has_extension("sitrep_dates"):
        Doc.set_extension("sitrep_dates", default=None)


class DatesComponent:
    """spaCy component: finds date mentions and writes them to doc._.sitrep_dates (resolving is the caller's)."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        doc._.sitrep_dates = find_date_mentions(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Annotate a stream of Docs."""
        for doc in docs:
            yield self(doc)


@Language.factory("sitrep_dates", assigns=["doc._.sitrep_dates"])
def make_dates(nlp: Language, name: str) -> DatesComponent:
    """Factory of the sitrep_dates component."""
    return DatesComponent(nlp, name)
