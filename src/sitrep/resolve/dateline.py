"""Datelines, in one place: the line a wire report opens with ("KIRKUK, Iraq, Sept. 9, 2019 (Reuters) - ").

A dateline names where a report was filed and when it was published, so it never gives an event its place or
date. Three readings of it are used, kept here as named variants because each caller needs a different one:

- `dateline_spans(text)`: every dateline-like line in the first 5,000 characters (the events' variant: a place
  name, a comma, up to 90 characters, an optional agency in brackets, a dash; in capitals or with a year);
- `dateline_end(text)`: the end of a leading dateline in capitals at the very start (the places' variant);
- `find_dateline(text)`: the publication date a dateline in the first ~300 characters gives (the readers' variant).
"""
from __future__ import annotations

import re
from functools import lru_cache

from sitrep.nlp.dates_words import _alt, date_words
from sitrep.nlp.place_dateline import DATELINE_HEAD, LEAD_DATELINE, dateline_name_spans  # noqa: F401 (re-exported)
from sitrep.resolve.dates_calendar import _make_date

# the events' variant: any line of the head of the text that looks like a dateline
EVENT_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Za-z .'\u2019-]{1,40},[^\n]{0,90}?(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014]{1,2}\s")
# the places' variant: a dateline in capitals at the very start of the text (defined beside the place finder, which
# reads the name in capitals it opens with: `sitrep.nlp.place_dateline`)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _has_year(text: str) -> bool:
    """Whether a dateline candidate carries a year (so it is a dateline, not a sentence with a comma)."""
    return bool(_YEAR.search(text))


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every dateline in the first 5,000 characters: its place in capitals, or a year in it."""
    return [(m.start(), m.end()) for m in EVENT_DATELINE.finditer(text[:5000])
            if text[m.start():m.start() + 40].split(",")[0].strip().isupper()
            or _has_year(text[m.start():m.end()])]


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a character offset falls inside one of the spans."""
    return any(a <= offset < b for a, b in spans)


def dateline_end(text: str) -> int:
    """End offset of a leading dateline in capitals ("KABUL, Afghanistan (Reuters) - "), else 0."""
    m = LEAD_DATELINE.match(text[:160])
    return m.end() if m else 0


@lru_cache(maxsize=1)
def _date_regexes() -> tuple[re.Pattern[str], ...]:
    """Full dates (day, month and year) as they appear at the top of an article."""
    mon = _alt(date_words().months)
    return (
        re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"),
        re.compile(rf"\b([0-3]?\d)(?:st|nd|rd|th)?\s+({mon})\.?,?\s+(\d{{4}})\b", re.I),
        re.compile(rf"\b({mon})\.?\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
    )


def find_dateline(text: str) -> str | None:
    """The publication date (ISO) from a dateline in the first ~300 characters of an article, else None."""
    if not isinstance(text, str):
        return None
    head = text[:300]
    dw = date_words()
    best: tuple[int, str] | None = None
    for k, pat in enumerate(_date_regexes()):
        for m in pat.finditer(head):
            if k == 0:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            elif k == 1:
                d, mo, y = int(m.group(1)), dw.months[m.group(2).lower()], int(m.group(3))
            else:
                mo, d, y = dw.months[m.group(1).lower()], int(m.group(2)), int(m.group(3))
            if not 1900 <= y <= 2100:
                continue
            got = _make_date(y, mo, d)
            if got is None:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), got.isoformat())
            break
    return best[1] if best else None


# a photo caption's credit at the end of its paragraph: "(AP Photo/John Minchillo)", "(Photo: Reuters)", a
# bracketed "[Jane Roe/Agency]", a credit glued to the caption's last sentence (".AP Photo", ". Photograph:
# Jane Roe/Agency") or an agency's "AGENCY/Jane Roe"
PHOTO_CREDIT = re.compile(
    r"\((?:[^()\n]{0,40}\b(?:Photo|Photograph|Picture|Image)s?\b[^()\n]{0,60})\)\s*$"
    r"|\[[A-Z][^\[\]\n/]{1,60}/[^\[\]\n/]{2,40}\]\s*$"
    r"|[.!?]\s*(?:(?-i:[A-Z][A-Za-z]{1,12})\s?)?(?-i:Photo|Photograph|Picture)s?(?:\s*[:/]\s*[^\n]{1,60})?\s*$"
    r"|(?:^|[.\s])(?-i:[A-Z]{2,12}/[A-Z][a-z]+(?: [A-Z][a-z.]+){1,3})\s*$", re.I)


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption, told by the photo credit it ends with ("... (AP Photo/J. Doe)")."""
    return bool(PHOTO_CREDIT.search(paragraph.strip()))


# lines about the report, not the story: "Posted on June 3, 2019", "Updated: 3 June 2019 14:02 BST", a byline
# "By Jane Roe, Reuters", a related-story line "Related: ...", "Read more: ...". They never date an event.
META_LINE = re.compile(
    r"(?im)(?:^[ \t]*(?:by[ \t]+[A-Z][^\n]{0,80}$|(?:related(?: stories| articles)?|read more|see also|more on this)"
    r"\b[^\n]{0,300})|(?:^|[|\u2022\u00b7][ \t]*|\bThis article was )(?-i:Posted|Updated|Published|Last updated|"
    r"First published|posted|updated|published)(?:[ \t]+on)?:?[ \t]+[^\n]{0,60}?(?:\b(?:19|20)\d\d\b|\d{1,2}:\d\d|\bago\b))")


# a related-story line: "SEE ALSO: ...", "Related: ...", "Read more - ..." (a label and a colon or dash): another
# story's headline, never a sentence of this one
RELATED_LINE = re.compile(
    r"(?im)^[ \t]*(?:related(?:[ \t]+(?:stories|story|articles|coverage|content|news))?|read[ \t]+(?:more|also)|"
    r"also[ \t]+read|see[ \t]+also|more[ \t]+on[ \t]+this(?:[ \t]+story)?|recommended)[ \t]*[:\u2013\u2014-][^\n]*$")


# an embedded post's credit, glued into the text by a scraper: "... pic.twitter.com/x — Jane Roe (@janeroe)
# November 20, 2018": the day the post was made, never a happening's
EMBED_CREDIT = re.compile(
    r"[\u2014\u2013-]{1,2}[ \t]*[^\n()\u2014\u2013]{1,60}\(@\w{1,30}\)[ \t]*"
    r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+(?:19|20)\d\d|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+(?:19|20)\d\d)")


def related_line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the related-story lines anywhere in the text."""
    return [(m.start(), m.end()) for m in RELATED_LINE.finditer(text)]


def meta_line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of bylines, "posted/updated on" stamps and related-story lines in the first 5,000 characters
    and the last 3,000 (where related headlines gather)."""
    spans = [(m.start(), m.end()) for m in META_LINE.finditer(text[:5000])]
    tail = max(5000, len(text) - 3000)
    spans += [(m.start() + tail, m.end() + tail) for m in META_LINE.finditer(text[tail:])]
    spans += [(m.start(), m.end()) for m in EMBED_CREDIT.finditer(text)]
    return spans


@lru_cache(maxsize=1)
def _title_label() -> re.Pattern[str]:
    """A date closing a headline after a separator: "Militia activity log: 2014", "Monthly security digest - March 2020",
    "Field bulletin | 5 September 2022"."""
    mon = _alt(date_words().months)
    day = r"[0-3]?\d(?:st|nd|rd|th)?"
    date = (rf"(?:(?:{day}\s+)?(?:of\s+)?(?:{mon})\.?\s+(?:{day},?\s+)?)?(?:19|20)\d\d"
            rf"|\d{{4}}-\d\d-\d\d|\d\d?[/.]\d\d?[/.](?:19|20)\d\d")
    # a bracket after the label may narrow it ("Harbel district: May 2019 (14 May)"): that day is the event's
    return re.compile(rf"(?i)^[^\n]{{3,}}?(?:[:|\u2013\u2014]|\s-)[ \t]*(?P<label>(?:{date}))(?:[ \t]*\([^()\n]{{1,40}}\))?[ \t.]*$")


def title_label_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of a date that closes the first line (the headline) as a label after a colon, a dash or a bar:
    the period or the issue a report or a roundup covers ("Militia activity log: 2014", "Monthly security digest -
    March 2020"), not the day of a happening it tells, so it never dates an event (as a dateline's does not)."""
    if not isinstance(text, str):
        return []
    head = text.lstrip()
    first = head.split("\n", 1)[0][:300]
    m = _title_label().match(first)
    if not m:
        return []
    off = len(text) - len(head)
    return [(off + m.start("label"), off + m.end("label"))]
