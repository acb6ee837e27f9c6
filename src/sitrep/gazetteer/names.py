"""Name keys: normalise() for exact lookups, skeleton() for spelling variants, region words stripped."""
from __future__ import annotations

import functools
import re
import unicodedata

from sitrep.gazetteer.tables import place_words

_APOSTROPHES = str.maketrans("", "", "'’‘ʻʼ`´ʿʾ")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")
# Spelling pairs that transliterations swap freely; applied before vowels are dropped.
_SKELETON_SUBS = (("kh", "k"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"), ("z", "s"),
                  ("dh", "d"), ("th", "t"), ("j", "g"))
_SKELETON_DROP = re.compile(r"[aeiouywh]")


@functools.lru_cache(maxsize=1)
def _articles() -> frozenset[str]:
    return place_words()["name_articles"]


def normalise(name: str) -> str:
    """Lookup key: lower case, no diacritics/apostrophes/hyphens, Arabic articles (al-, ar-, el-...) dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)
    words = _NON_ALNUM.sub(" ", text).split()
    if len(words) > 1:
        arts = _articles()
        kept = [w for w in words if w not in arts]
        words = kept or words
    return " ".join(words)


def skeleton(key: str) -> str:
    """Spelling-variant key of a normalised name: first letter, consonants only, doubles collapsed."""
    text = key.replace(" ", "")
    if not text:
        return ""
    for old, new in _SKELETON_SUBS:
        text = text.replace(old, new)
    return _DOUBLES.sub(r"\1", text[0] + _SKELETON_DROP.sub("", text[1:]))


def strip_region_words(key: str) -> str:
    """A key without its region nouns ("homs governorate" -> "homs")."""
    words = [w for w in key.split() if w not in place_words()["region_nouns"]]
    return " ".join(words)
