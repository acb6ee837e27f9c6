"""Resolvers of date phrases relative to the publication date ("on Friday", "six weeks ago", "last month") and to
another date ("two days after Sunday"), and the length of a time phrase ("three weeks")."""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta

from sitrep.nlp.dates_words import date_words
from sitrep.records import When
from sitrep.resolve.dates_calendar import (
    _add_months,
    _month_end,
    _month_year,
    _num,
    _span_back,
    _unit_of,
    _unknown,
    _when,
    _words,
)


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
    later = next((w for w in words[wd_idx + 1:] if w in dw.weekday_names), None)
    if later is not None:
        # "on Tuesday and Wednesday", "Friday to Sunday": two days joined, the span from the first to the second; the
        # second is the latest such day by publication (the one after the first when the phrase looks ahead)
        gap = (dw.weekdays[later] - target) % 7 or 7
        if not before & dw.after:
            end = pub - timedelta(days=(pub.weekday() - dw.weekdays[later]) % 7)
            d = end - timedelta(days=gap)
        return _when(text, d, d + timedelta(days=gap), "range", "weekday")
    return _when(text, d, d, "day", "weekday")


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


def _approximate_years(year: int, n: int, prev: set[str], approximate: dict[str, str]) -> tuple[int, int]:
    """The years "N years ago" may mean, `year` being exactly N years back: with a word telling the count as
    approximate ("nearly 30 years ago"), a tenth of the count (at least one year) on the side the word gives."""
    sides = {approximate[w] for w in prev if w in approximate}
    slack = max(1, n // 10)
    lo = year - slack if sides & {"around", "above"} else year
    hi = year + slack if sides & {"around", "below"} else year
    return lo, hi


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
            lo, hi = _approximate_years(d.year, n, prev, dw.approximate)
            return _when(text, date(lo, 1, 1), date(hi, 12, 31), "year", "relative")
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
