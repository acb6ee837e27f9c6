"""Language identification: py3langid (langid.py's model, shipped inside the package as NumPy arrays) names the
language of an article's text; `check_article` quarantines confident non-English texts with the language named.

The model is loaded once, on first use (about 0.3 s), never at import."""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from sitrep.records import Record

log = logging.getLogger(__name__)

SAMPLE_CHARS = 3000  # the identifier reads this many leading characters: enough for a confident answer
MIN_WORDS = 20  # shorter texts (a headline, one sentence) are not judged: identifiers guess on them
MIN_PROBABILITY = 0.9  # a non-English answer below this is not trusted (names, figures, mixed text)
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# the reasons `check_article` gives carry the language as `language 'xx'`; `stats` counts them by this
REASON_LANGUAGE_RE = re.compile(r"^not English: .*?language (?:is )?'([^']{1,40})'")


@dataclass(frozen=True)
class Detected(Record):
    """A language identifier's answer: ISO 639-1 code and its probability (0-1)."""

    language: str
    probability: float
    method: str = "py3langid"


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    log.debug("loading the py3langid model")
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_words: int = MIN_WORDS) -> Detected | None:
    """The language of `text` (its first SAMPLE_CHARS characters), or None when it has too few words to judge."""
    sample = text[:SAMPLE_CHARS]
    if len(_WORD_RE.findall(sample)) < min_words:
        return None
    language, probability = _identifier().classify(sample)
    return Detected(str(language), round(float(probability), 4))


def language_of_reason(reason: str) -> str | None:
    """The language code a quarantine reason names (`not English: ... language 'fr' ...`), or None."""
    match = REASON_LANGUAGE_RE.match(reason)
    return match.group(1).lower() if match else None
