"""The gate's features: lower-cased words and word pairs of a text, hashed into a fixed number of buckets.

Hashing (CRC-32 of the UTF-8 word, or of the pair joined by a space) keeps no vocabulary: the model is only
numbers, and the same text gives the same buckets in every process and on every machine. Both the training
script (bench/train_gate.py) and the gate itself use these functions, so they cannot drift apart.
"""
from __future__ import annotations

import re
import zlib
from typing import Iterator, Sequence

import numpy as np

WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")  # letters only: figures, dates and punctuation are no evidence
PAIR_SALT = b"\x01"  # pairs hash apart from words even if a word contained a space


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, in order."""
    return WORD.findall(text.lower())


def bucket(word: str, bits: int) -> int:
    """The bucket of one word."""
    return zlib.crc32(word.encode("utf-8")) & ((1 << bits) - 1)


def pair_bucket(first: str, second: str, bits: int) -> int:
    """The bucket of one pair of adjacent words."""
    return zlib.crc32(PAIR_SALT + f"{first} {second}".encode("utf-8")) & ((1 << bits) - 1)


def token_buckets(tokens: Sequence[str], bits: int, pairs: bool) -> tuple[np.ndarray, np.ndarray]:
    """(word buckets, pair buckets) of a word sequence; pair i joins words i and i+1 (len-1 of them)."""
    uni = np.fromiter((bucket(w, bits) for w in tokens), dtype=np.int64, count=len(tokens))
    if not pairs or len(tokens) < 2:
        return uni, np.zeros(0, dtype=np.int64)
    bi = np.fromiter((pair_bucket(a, b, bits) for a, b in zip(tokens, tokens[1:])), dtype=np.int64,
                     count=len(tokens) - 1)
    return uni, bi


def windows(n: int, size: int, step: int) -> Iterator[tuple[int, int]]:
    """[start, end) word spans covering n words: `size` long, every `step` words (one span when n <= size)."""
    if n <= size:
        yield 0, n
        return
    start = 0
    while True:
        end = min(start + size, n)
        yield start, end
        if end >= n:
            return
        start += step


def sample_buckets(tokens: Sequence[str], bits: int, pairs: bool) -> np.ndarray:
    """Every bucket of one training sample (its words, then its pairs), repeats kept (counts are features)."""
    uni, bi = token_buckets(tokens, bits, pairs)
    return np.concatenate([uni, bi]) if len(bi) else uni
