"""Checks on an input's bytes and text: decoding, binary data, size, and whether it is English."""
from __future__ import annotations

import re

from sitrep.errors import InputError
from sitrep.lexicon import english_function_words

# the English test looks at this many leading characters and only judges texts with enough words
_LANG_SAMPLE_CHARS = 3000
_LANG_MIN_WORDS = 20  # shorter texts (a headline, one sentence) are not judged
_LANG_MIN_RATIO = 0.08  # English news runs at 0.2-0.4, other languages below 0.05
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# C0 controls other than tab, newline, vertical tab, form feed, carriage return: signs of binary data
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

MAX_CHARS = 5_000_000


def decode_bytes(data: bytes) -> str:
    """Text of a file's bytes: UTF-8 (BOM allowed), else cp1252 without control characters; else InputError."""
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError("binary or undecodable: neither UTF-8 nor cp1252") from exc
    if _CONTROL_RE.search(text):
        raise InputError("binary or undecodable: neither UTF-8 nor cp1252 without control characters")
    return text


def decode_line(raw: bytes) -> str | None:
    """One line's text, or None when it cannot be decoded."""
    try:
        return decode_bytes(raw)
    except InputError:
        return None


def english_ratio(text: str) -> float | None:
    """Share of common English function words among the first words; None when too short to judge."""
    words = _WORD_RE.findall(text[:_LANG_SAMPLE_CHARS])
    if len(words) < _LANG_MIN_WORDS:
        return None
    common = english_function_words()
    return sum(1 for w in words if w.lower() in common) / len(words)


def latin_share(text: str) -> float | None:
    """Share of Latin-script letters among the first letters; None when there are too few to judge."""
    letters = [c for c in text[:_LANG_SAMPLE_CHARS] if c.isalpha()]
    if len(letters) < _LANG_MIN_WORDS:
        return None
    # Basic Latin through Latin Extended-B: English and the languages that borrow its words
    return sum(1 for c in letters if c < "\u0250") / len(letters)


def check_article(text: str, title: str = "", language: str | None = None, max_chars: int = MAX_CHARS) -> str | None:
    """Why an article's text cannot be used (empty, too large, not English), or None if it can."""
    if not text.strip():
        return "empty: no text"
    if len(text) > max_chars:
        return f"too large: {len(text):,} characters (limit {max_chars:,})"
    if language and language.strip().lower().split("-")[0].split("_")[0] not in ("en", "eng", "english"):
        return f"not English: language is {language!r}"
    sample = f"{title}\n{text}" if title and not text.startswith(title) else text
    latin = latin_share(sample)
    if latin is not None and latin < 0.5:
        return "not English: mostly written in a non-Latin script"
    ratio = english_ratio(sample)
    if ratio is not None and ratio < _LANG_MIN_RATIO:
        return f"not English: only {ratio:.0%} common English words"
    return None
