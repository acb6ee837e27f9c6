"""Hashed features of a text: word unigrams and bigrams and character n-grams inside words, each hashed with
zlib.crc32 (stable across runs, machines and Python versions) into a fixed number of columns.

No vocabulary is kept: a model is its weights over the hashed columns, so it holds no text of the data it was
trained on. Counts are log-scaled (1 + log count) and the row is L2-normalised.
"""
from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class FeatureConfig:
    """How a text becomes hashed columns; stored in the model's metadata so a model is read as it was trained."""

    n_features: int = 1 << 17  # number of hashed columns (a power of two)
    word_ngrams: int = 2  # word n-grams 1..word_ngrams
    char_min: int = 3  # character n-grams of " word " from char_min to char_max
    char_max: int = 5

    def as_dict(self) -> dict[str, int]:
        """The JSON-shaped config."""
        return {"n_features": self.n_features, "word_ngrams": self.word_ngrams, "char_min": self.char_min,
                "char_max": self.char_max}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "FeatureConfig":
        """Read back `as_dict`; a missing or wrongly typed key raises KeyError or ValueError."""
        vals = {k: d[k] for k in ("n_features", "word_ngrams", "char_min", "char_max")}
        for k, v in vals.items():
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"feature setting {k!r} must be a positive integer, not {v!r}")
        if vals["n_features"] & (vals["n_features"] - 1) or vals["n_features"] > 1 << 24:
            raise ValueError("n_features must be a power of two no larger than 2**24")
        if vals["char_min"] > vals["char_max"] or vals["char_max"] > 10 or vals["word_ngrams"] > 4:
            raise ValueError("n-gram lengths out of range")
        return cls(**vals)


def words(text: str) -> list[str]:
    """The lower-cased words of a text, every digit as 0 (numbers generalise, their values do not)."""
    return [_DIGITS.sub("0", w) for w in _WORD.findall(text.lower())]


def _h(s: str, mask: int) -> int:
    return zlib.crc32(s.encode("utf-8")) & mask


@lru_cache(maxsize=200_000)
def _char_columns(word: str, lo: int, hi: int, mask: int) -> tuple[int, ...]:
    """The hashed columns of one word's character n-grams (cached: words repeat)."""
    w = f" {word} "
    out = []
    for n in range(lo, hi + 1):
        out.extend(_h("c" + w[i:i + n], mask) for i in range(len(w) - n + 1))
    return tuple(out)


def hashed_features(text: str, cfg: FeatureConfig = FeatureConfig()) -> dict[int, float]:
    """The text's features: hashed column -> weight (1 + log count, then L2-normalised); empty for no words."""
    mask = cfg.n_features - 1
    ws = words(text)
    counts: dict[int, int] = {}
    for n in range(1, cfg.word_ngrams + 1):
        for i in range(len(ws) - n + 1):
            col = _h("w" + " ".join(ws[i:i + n]), mask)
            counts[col] = counts.get(col, 0) + 1
    for w in ws:
        for col in _char_columns(w, cfg.char_min, cfg.char_max, mask):
            counts[col] = counts.get(col, 0) + 1
    if not counts:
        return {}
    vals = {c: 1.0 + math.log(k) for c, k in counts.items()}
    norm = math.sqrt(sum(v * v for v in vals.values()))
    return {c: v / norm for c, v in vals.items()}
