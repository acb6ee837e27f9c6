"""Checks on an input's bytes and text: decoding, binary data, size, and whether it is English (`language.py`
names the language; a function-word ratio turns away tables of figures)."""
from __future__ import annotations

import re
from typing import IO, Any, Iterator

from sitrep.errors import InputError
from sitrep.lexicon import english_function_words
from sitrep.readers.language import MIN_PROBABILITY, detect_language

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


def line_text(raw: bytes | str) -> str | InputError:
    """One line's text (bytes decoded as `decode_bytes` does, a BOM dropped), or why it cannot be read."""
    if isinstance(raw, str):
        if "\x00" in raw:
            return InputError("binary data (NUL bytes) in the line, not text")
        return raw[1:] if raw.startswith("\ufeff") else raw
    try:
        return decode_bytes(raw)
    except InputError as exc:
        if "NUL" in exc.reason:
            return InputError("binary data (NUL bytes) in the line, not text")
        return InputError("undecodable line: neither UTF-8 nor cp1252")


def bad_unicode(value: str) -> bool:
    """True when `value` holds lone surrogates (invalid UTF-8 let through, or a JSON escape like \\ud800)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class TooLong(int):
    """The size of a line that was longer than the limit: skipped, never held in memory whole."""


_SKIP_CHUNK = 1 << 16


def bounded_lines(stream: IO[Any], limit: int) -> Iterator[bytes | str | TooLong]:
    """Lines of a stream (bytes or text), each at most `limit` long; a longer one gives its size as `TooLong`.

    A line over the limit is read on in chunks and dropped, so a 100 MB line costs `limit` of memory, not 100 MB."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        yield finish_line(stream, line, limit)


def finish_line(stream: IO[Any], piece: bytes | str, limit: int) -> bytes | str | TooLong:
    """`piece` (read with `readline(limit + 1)`) when it is a whole line; else the rest of its line is skipped in
    chunks and its size given as `TooLong`."""
    if len(piece) <= limit or piece[-1:] in (b"\n", "\n"):
        return piece
    size = len(piece)
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if chunk[-1:] in (b"\n", "\n"):
            break
    return TooLong(size)


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
    detected = detect_language(sample)
    if detected is not None and detected.language != "en" and detected.probability >= MIN_PROBABILITY:
        return f"not English: language '{detected.language}' detected ({detected.method}, p={detected.probability:.2f})"
    latin = latin_share(sample)
    if latin is not None and latin < 0.5:
        return "not English: mostly written in a non-Latin script"
    # not the language test (the identifier is): tables of figures and lists of names, which the identifier calls
    # English or nothing with low confidence, have almost no function words (bench/language.py measures it)
    ratio = english_ratio(sample)
    if ratio is not None and ratio < _LANG_MIN_RATIO:
        return f"not English: only {ratio:.0%} common English words"
    return None
