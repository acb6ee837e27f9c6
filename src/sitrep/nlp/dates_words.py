"""Date words (data/dates.yaml) and the patterns built from them, for finding and for resolving date phrases."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from sitrep.resources import read_yaml

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"


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
    day_first: bool
    bare_months: frozenset[str]
    month_taking: frozenset[str]
    not_dates: frozenset[str]
    holidays: dict[str, tuple[str, tuple[int, ...]]]  # name: (kind "fixed" | "weekday" | "easter", numbers)
    holiday_bare: frozenset[str]
    holiday_taking: frozenset[str]
    approximate: dict[str, str] = field(default_factory=dict)  # "nearly": "below", "about": "around", "over": "above"
    frame_words: frozenset[str] = frozenset()  # "On 5 May, ...": words a paragraph-opening date may follow
    anaphoric_days: dict[str, int] = field(default_factory=dict)  # "the next day": 1 (days from the day named last)
    # "the previous day": -1 from the day named last when the text named one shortly before, else from publication
    anaphoric_first: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    """dates.yaml, loaded once."""
    raw = read_yaml("dates.yaml")
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
        day_first=str(raw.get("numeric_order", "day_first")) == "day_first",
        bare_months=frozenset(str(x) for x in raw.get("bare_months", ())),
        month_taking=frozenset(str(x) for x in raw.get("month_taking_words", ())),
        not_dates=frozenset(str(x) for x in raw.get("numeric_not_dates", ())),
        holidays={**{str(k): ("fixed", tuple(int(x) for x in v)) for k, v in (raw.get("holidays_fixed") or {}).items()},
                  **{str(k): ("weekday", tuple(int(x) for x in v)) for k, v in (raw.get("holidays_weekday") or {}).items()},
                  **{str(k): ("easter", (int(v),)) for k, v in (raw.get("holidays_easter") or {}).items()}},
        holiday_bare=frozenset(str(x) for x in raw.get("holiday_bare", ())),
        holiday_taking=frozenset(str(x) for x in raw.get("holiday_taking_words", ())),
        approximate={str(w): str(side) for side, ws in (raw.get("approximate_words") or {}).items() for w in ws},
        frame_words=frozenset(str(x) for x in raw.get("frame_words", ())),
        anaphoric_days={str(k): int(v) for k, v in (raw.get("anaphoric_days") or {}).items()},
        anaphoric_first={str(k): int(v) for k, v in (raw.get("anaphoric_first") or {}).items()},
    )


def _holiday_text(name: str) -> str:
    """A holiday's name as running text writes it: each word capitalised ("New Year's Day"), either apostrophe."""
    words = [w if w in ("of",) else w[:1].upper() + w[1:] for w in name.split()]
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in words)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest words first so "sept" beats "sep"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class _Regexes:
    """Compiled patterns, built once from the lexicon."""

    iso: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    day_month_yy: re.Pattern[str]
    day_pair: re.Pattern[str]
    span: re.Pattern[str]
    numeric: re.Pattern[str]
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
    by_length = sorted(dw.holidays, key=lambda n: (-len(n), n))
    named_holidays = "|".join(_holiday_text(n) for n in by_length if n not in dw.holiday_bare)
    bare_holidays = "|".join(_holiday_text(n) for n in by_length if n in dw.holiday_bare)
    day_of = r"(?i:(?:the\s+)?(?:morning|afternoon|evening|night|dawn)\s+of\s+)?"  # "the evening of May 9"
    span_end = rf"{day_of}(?:{mon_text_num}\s+{_DAY}\b(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{mon_text_num}\b(?:,?\s+{_YEAR})?)"
    # each pattern runs only when one of its trigger words (or a digit) is in the Doc: most never scan at all
    month_words = frozenset(dw.months) | frozenset(m + "." for m in dw.months)
    units_words = frozenset({"day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months", "year", "years", "decade", "decades"})
    find: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = (
        (re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"), None),
        # holidays: "on Memorial Day", "Christmas Eve", "Good Friday 2016"; a name that is also a common modifier
        # ("Christmas tree") only after a time word or with a year
        (re.compile(rf"\b(?:{named_holidays})(?:\s+(?:and|or|to|through)\s+(?:{named_holidays}))?(?:\s+weekend|,?\s+{_YEAR})?(?![\w'’])"), _last_words(n for n in dw.holidays if n not in dw.holiday_bare)),
        (re.compile(rf"(?i:\b(?:{_alt(dw.holiday_taking)}))\s+(?P<d1>(?:{bare_holidays})(?:\s+{_YEAR})?)\b|\b(?:{bare_holidays})\s+{_YEAR}\b"),
         frozenset(dw.holiday_bare)),
        # numeric dates with a year: "14/08/2020", "14.08.2020", "31-12-2007" (a dash only with four digits)
        (re.compile(rf"(?<![\d/.-])\d\d?(?:/\d\d?/(?:\d{{4}}|\d\d)|\.\d\d?\.\d{{4}}|-\d\d?-\d{{4}})(?![\d/-]|\.\d)"), None),
        # without the year only where a date stands: "on 6/3", "from 15/3-19/3", "(01/02)"
        (re.compile(rf"(?i:\b(?:on|since|from|until|till|between|dated|night\s+of))\s+(?P<d1>\d\d?/\d\d?)(?![\d/]|\.\d)"), None),
        (re.compile(rf"\((?P<d2>\d\d?/\d\d?)\)"), None),
        # two days of one month, one of them or both: "June 22 or 23", "22 or 23 June", "14 and 15 October 2019",
        # "2-5 Jun 2016" (after the month, the second day must close the phrase: "on June 22 and 23 people died")
        (re.compile(rf"\b{mon_text_num}\s+{_DAY}\s*(?:or|and|to|-|–)\s*{_DAY}(?:,?\s+{_YEAR}\b|(?=\s*(?:[.,;:)]|$)|\s+(?:in|at|on|near|when|while|after|before|as|during|but)\b))"), month_words),
        (re.compile(rf"(?<![\d/.:-])\b{_DAY}\s*(?:or|and|to|-|–)\s*{_DAY}\s+(?:of\s+)?{mon_text_num}(?:,?\s+{_YEAR})?\b"), month_words),
        # a span between two dates of different months or days: "between May 3 and the evening of May 9",
        # "from 30 June to 2 July 2019" (each end a day of a named month; two days of one month are the pair above)
        (re.compile(rf"(?i:\b(?:between|from))\s+{span_end}\s+(?i:and|to|until|till|through)\s+{span_end}\b"),
         frozenset({"between", "from"})),
        (re.compile(rf"\b(?:(?:{wd_text}),?\s+)?{mon_text_num}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"), month_words),
        # "21 Jul 16": a two-digit year closes the phrase (before punctuation or the end: "on 5 May 16 people ..." is not one)
        (re.compile(rf"\b(?:(?:{wd_text}),?\s+)?{_DAY}\s+(?:of\s+)?{mon_text_num}(?:,?\s+{_YEAR}\b|\s+\d\d(?=\s*(?:[.,;:)]|$)))?\b"), month_words),
        (re.compile(rf"(?i:\b(?:{parts}))[\s-]+{mon_text}(?:\s+{_YEAR})?\b"), month_words),
        (re.compile(rf"(?i:\b(?:one|a|that)\s+(?:weekend|week|day|night)\s+in)\s+{mon_text}(?:\s+{_YEAR})?\b"), month_words),
        (re.compile(rf"(?i:\bsince)\s+(?:(?i:(?:{parts})[\s-]+)?{mon_text}(?:\s+{_YEAR})?|{_YEAR}|{wd_text}|(?i:(?:last|the\s+past)\s+\w+))\b"), frozenset({"since"})),
        (re.compile(rf"\b(?:{_alt(m.capitalize() for m in dw.month_names if m not in dw.bare_months)})(?:\s+{_YEAR})?\b"), month_words),
        # "March", "May": common words too; a date with a year, or after a month-taking word ("in May", "last March")
        (re.compile(rf"\b(?:{_alt(m.capitalize() for m in dw.bare_months)})\s+{_YEAR}\b"), month_words),
        (re.compile(rf"\b(?i:{_alt(dw.month_taking)})\s+(?P<d1>(?:{_alt(m.capitalize() for m in dw.bare_months)})(?:\s+{_YEAR})?)\b"),
         frozenset(dw.bare_months)),
        (re.compile(rf"\b(?i:in|since|during|until|by|before|after|of|from)\s+(?P<d2>{_YEAR})\b"), None),
        (re.compile(rf"(?i:\bthe\s+)(?:1[89]|20)\d0s\b"), None),
        # "on Friday", "last Sunday night", "on Tuesday and Wednesday" (two days joined: the span from one to the other)
        (re.compile(rf"(?i:\b(?:the\s+)?(?:{before})\s+)?\b(?:{wd_text})(?i:\s+(?:morning|afternoon|evening|night))?"
                    rf"(?:(?i:\s+(?:and|or|to|through|into)\s+|\s*[-\u2013]\s*)(?:{wd_text})(?i:\s+(?:morning|afternoon|evening|night))?)?\b"),
         frozenset(dw.weekday_names)),
        (re.compile(rf"(?i:\b(?:the\s+)?(?:{before})\s+(?:week|weekend|month|year|fortnight|night))\b"), frozenset({"week", "weekend", "month", "year", "fortnight", "night"})),
        (re.compile(rf"(?i:\b(?:earlier|later)\s+this\s+(?:week|month|year))\b"), frozenset({"earlier", "later"})),
        (re.compile(rf"(?i:\b(?:a|the)\s+(?:(?:{adjs})\s+)(?:week|weekend|fortnight))\b"), frozenset(dw.week_adjectives)),
        (re.compile(rf"(?i:\bthe\s+weekend)\b"), frozenset({"weekend"})),
        (re.compile(rf"(?i:\b{num}\s+{units}\s+(?:ago|earlier))\b"), frozenset({"ago", "earlier"})),
        # not a length that modifies a noun: "during a day-long strike", "in a two-week-old dispute"
        (re.compile(rf"(?i:\b(?:over|for|during|in|throughout)\s+(?:the\s+(?:past|last)\s+)?{num}\s+{units})\b(?![-\u2010\u2011])"), units_words),
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
        day_pair=re.compile(rf"^(?:({months_any})\.?\s+)?([0-3]?\d)(?:st|nd|rd|th)?\s*(?:or|and|to|-|–)\s*([0-3]?\d)(?:st|nd|rd|th)?"
                            rf"(?:\s+(?:of\s+)?({months_any})\b\.?)?(?:,?\s+({_YEAR}))?$", re.I),
        # "between May 3 and the evening of May 9", "from 30 June to 2 July 2019": (first end, second end)
        span=re.compile(rf"^(?:between|from)\s+(?:the\s+(?:morning|afternoon|evening|night|dawn)\s+of\s+)?(.+?)\s+"
                        rf"(?:and|to|until|till|through)\s+(?:the\s+(?:morning|afternoon|evening|night|dawn)\s+of\s+)?(.+?)\.?$", re.I),
        day_month_yy=re.compile(rf"\b([0-3]?\d)(?:st|nd|rd|th)?\s+({months_any})\b\.?\s+(\d\d)$", re.I),  # "21 Jul 16"
        # "14/08/2020", "14.08.2020", "31-12-2007", "6/3" (the year left out): day and month in the order of
        # dates.yaml's numeric_order, the whole phrase only (the finder decides where a bare "6/3" is a date)
        numeric=re.compile(r"^(?:\(\s*)?(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?:\s*\))?$"),
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
