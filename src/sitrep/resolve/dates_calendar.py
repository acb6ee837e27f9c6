"""Calendar arithmetic and the resolvers of absolute date phrases: "July 22, 2011", "in June", "the 1980s", "last summer"."""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from sitrep.nlp.dates_words import DateWords, _regexes, date_words
from sitrep.nlp.numbers import parse_count
from sitrep.records import When


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
    got = _day_pair(text, pub)
    if got is not None:
        return got
    m = rx.day_month_yy.search(text.strip())
    if m:  # "21 Jul 16": day, month, two-digit year (before "Jul 16" is read as July 16)
        month = dw.months.get(m.group(2).lower())
        d = _make_date(_full_year(int(m.group(3)), pub), month, int(m.group(1))) if month else None
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
    return _numeric(text, pub)


def _day_pair(text: str, pub: date | None) -> When | None:
    """"June 22 or 23", "22 or 23 June", "14 and 15 October 2019", "2-5 Jun 2016": the days from the first to the
    second (one of them, or each: the span holds both), or None when the phrase is not two days of one month."""
    dw = date_words()
    # "between 5-11 May", "from 3 to 5 May": the preposition opens the span, which keeps both ends
    m = _regexes().day_pair.match(re.sub(r"^(?:between|from)\s+", "", text.strip(), flags=re.I))
    if not m or bool(m.group(1)) == bool(m.group(4)):
        return None
    month = dw.months.get((m.group(1) or m.group(4)).lower())
    d1, d2 = int(m.group(2)), int(m.group(3))
    if month is None or not 1 <= d1 < d2 <= 31:
        return None
    if m.group(5):
        y = int(m.group(5))
    elif pub is not None:
        first = _infer_year(month, d1, pub, dw)
        if first is None:
            return None
        y = first.year
    else:
        return _unknown(text, "explicit")
    s, e = _make_date(y, month, d1), _make_date(y, month, d2)
    return _when(text, s, e, "range", "explicit") if s and e else None


def _span(text: str, pub: date | None) -> When | None:
    """"between May 3 and the evening of May 9", "from 30 June to 2 July 2019": the days from the first end to
    the second. A year written once, at the end, is both ends' ("from 28 December to 3 January 2020": the first
    end in the year before); without one, the second end is the latest such day by publication. None when
    either end is not a day of a named month."""
    m = _regexes().span.match(text.strip())
    if not m:
        return None
    second = _explicit(m.group(2), pub)
    if second is None or second.precision != "day" or second.start is None:
        return None
    end = date.fromisoformat(second.start)
    first = _explicit(f"{m.group(1)} {end.year}" if not _regexes().year.search(m.group(1)) else m.group(1), None)
    if first is None or first.precision != "day" or first.start is None:
        return None
    start = date.fromisoformat(first.start)
    if start > end and not _regexes().year.search(m.group(1)):
        start = _make_date(start.year - 1, start.month, start.day)  # "from 28 December to 3 January"
    if start is None or start > end or (end - start).days > 366:
        return None
    return _when(text, start, end, "range", "explicit")


def _easter(y: int) -> date:
    """Western Easter Sunday of a year (the Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _holiday_day(rule: tuple[str, tuple[int, ...]], y: int) -> date | None:
    """The day a holiday falls on in year y."""
    kind, nums = rule
    if kind == "fixed":
        return _make_date(y, nums[0], nums[1])
    if kind == "easter":
        return _easter(y) + timedelta(days=nums[0])
    month, weekday, n = nums
    if n < 0:  # the last such weekday of the month
        last = _month_end(y, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(y, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _holiday(text: str, pub: date | None) -> When | None:
    """"on Memorial Day", "Christmas Eve", "Good Friday 2016": the holiday's day in the year written, else its
    latest day by publication (as for a day without a year: a few days ahead still count as this year's).
    Two holidays joined ("over Christmas Day and Boxing Day"): the days from the first to the last."""
    dw = date_words()
    low = " ".join(text.lower().replace("\u2019", "'").split())
    names: list[tuple[int, str]] = []
    for n in sorted(dw.holidays, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w']){re.escape(n)}(?![\w'])", low):
            if not any(a <= m.start() < a + len(o) or m.start() <= a < m.end() for a, o in names):
                names.append((m.start(), n))
    if not names:
        return None
    year = _regexes().year.search(low)
    if year is None and pub is None:
        return _unknown(text, "holiday")
    first = min(names)[1]
    y = int(year.group(1)) if year else pub.year
    if year is None and pub is not None:
        d0 = _holiday_day(dw.holidays[first], y)
        if d0 is not None and (d0 - pub).days > dw.future_tolerance:
            y -= 1
    days: list[date] = []
    for _, n in sorted(names):
        d = _holiday_day(dw.holidays[n], y)
        if d is not None and days and d < days[-1]:
            d = _holiday_day(dw.holidays[n], y + 1)  # "New Year's Eve and New Year's Day": into the next year
        if d is None:
            return None
        days.append(d)
    s, e = min(days), max(days)
    if s != e and (e - s).days <= 31:
        return _when(text, s, e, "range", "holiday")
    if low.endswith(" weekend") and s.weekday() == 0:
        return _when(text, s - timedelta(days=2), s, "range", "holiday")  # "Memorial Day weekend": Saturday to Monday
    return _when(text, s, s, "day", "holiday")


def _full_year(yy: int, pub: date | None) -> int:
    """The year a two-digit year names: this century's unless that lies after the publication year."""
    top = pub.year if pub is not None else date.today().year
    return 2000 + yy if 2000 + yy <= top + 1 else 1900 + yy


def _numeric(text: str, pub: date | None) -> When | None:
    """"14/08/2020", "14.08.2020", "6/3" (no year: the latest such day by publication): day and month in the
    order dates.yaml's numeric_order gives (day first, as most of the world writes them); when that order names
    no real day and the other does ("8/14/2020"), the other. Unknown when no order makes a day."""
    dw = date_words()
    m = _regexes().numeric.match(text.strip())
    if not m or text.strip().strip("()").strip() in dw.not_dates:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    orders = ((b, a), (a, b)) if dw.day_first else ((a, b), (b, a))
    orders = tuple((mo, d) for mo, d in orders if 1 <= mo <= 12 and 1 <= d <= 31)
    if not orders:
        return _unknown(text, "numeric")
    if m.group(4):
        raw = m.group(4)
        y = int(raw) if len(raw) == 4 else _full_year(int(raw), pub)
        for mo, d in orders:
            day = _make_date(y, mo, d)
            if day is not None:
                return _when(text, day, day, "day", "numeric")
        return _unknown(text, "numeric")
    if pub is None:
        return _unknown(text, "numeric")
    for mo, d in orders:
        day = _infer_year(mo, d, pub, dw)
        if day is not None:
            return _when(text, day, day, "day", "numeric")
    return _unknown(text, "numeric")


def _words(text: str) -> list[str]:
    """Lower-cased words and numbers of a phrase."""
    return re.findall(r"[a-z]+|\d+", text.lower())


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
