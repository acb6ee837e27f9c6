"""The relevance gate: a hashed linear model over the raw text, scored on windows of words.

An article's score is the highest logit of any window of `window` words (every `step` words): an event is
reported in a sentence or two, so a long business story with one shooting in it still scores as high as the
shooting alone. The article passes when its score reaches the threshold; the gate never reads the parse.

The weights are arrays in an .npz file (loaded with allow_pickle=False) and the rest is a JSON file beside it;
`bench/train_gate.py` writes both.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.errors import SitrepError
from sitrep.gate.features import token_buckets, words
from sitrep.records import Article

log = logging.getLogger(__name__)

MODEL_NPZ = "gate_model.npz"
MODEL_JSON = "gate_model.json"
FORMAT = "sitrep-gate/1"


class GateModelError(SitrepError):
    """The gate's model files are missing, unreadable or do not fit together."""


@dataclass(frozen=True)
class GateVerdict:
    """What the gate said of one article: its score, the threshold, and whether the article goes on to parsing."""

    score: float
    threshold: float

    @property
    def passed(self) -> bool:
        """True when the article is parsed (its score reaches the threshold)."""
        return self.score >= self.threshold

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "threshold": self.threshold, "passed": self.passed}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GateVerdict":
        return cls(score=float(data["score"]), threshold=float(data["threshold"]))


@dataclass(frozen=True)
class GateModel:
    """The weights and settings of the gate (immutable; one per process is enough)."""

    weights: np.ndarray  # float32, 2**bits: one weight per bucket (words and pairs share the buckets)
    bias: float
    bits: int
    pairs: bool
    window: int
    step: int
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.weights.shape != (1 << self.bits,):
            raise GateModelError(f"gate weights have shape {self.weights.shape}, expected ({1 << self.bits},)")
        if self.window < 1 or not 1 <= self.step <= self.window:
            raise GateModelError(f"gate window {self.window} / step {self.step} make no sense")

    # ------------------------------------------------------------------ scoring
    def score_words(self, tokens: list[str]) -> float:
        """The highest window logit of a word sequence (the bias alone for no words)."""
        if not tokens:
            return self.bias
        uni, bi = token_buckets(tokens, self.bits, self.pairs)
        n = len(tokens)
        cu = np.concatenate([[0.0], np.cumsum(self.weights[uni], dtype=np.float64)])
        cb = np.concatenate([[0.0], np.cumsum(self.weights[bi], dtype=np.float64)]) if len(bi) else np.zeros(1)
        if n <= self.window:
            starts, ends = np.array([0]), np.array([n])
        else:
            starts = np.arange(0, n - self.window + self.step, self.step)
            starts = starts[starts < n]
            ends = np.minimum(starts + self.window, n)
        # a pair i (words i, i+1) is inside [s, e) when s <= i and i + 1 < e
        pair_ends = np.maximum(ends - 1, starts) if len(bi) else np.zeros_like(ends)
        pair_starts = np.minimum(starts, pair_ends) if len(bi) else np.zeros_like(starts)
        sums = cu[ends] - cu[starts] + (cb[pair_ends] - cb[pair_starts] if len(bi) else 0.0)
        return float(self.bias + np.max(sums))

    def score(self, text: str, title: str = "") -> float:
        """The score of a text (with its title, when the text does not start with it)."""
        head = title.strip()
        if head and not text.lstrip().startswith(head):
            text = f"{head}\n{text}"
        return self.score_words(words(text))

    def verdict(self, article: Article, threshold: float | None = None) -> GateVerdict:
        """The gate's verdict on one article (against the model's threshold unless another is given)."""
        return GateVerdict(self.score(article.text, article.title or ""),
                           self.threshold if threshold is None else threshold)

    # ------------------------------------------------------------------ files
    def save(self, npz: Path, meta_json: Path) -> None:
        """Write the weights (.npz, no pickled objects) and the settings and provenance (.json)."""
        np.savez_compressed(npz, weights=self.weights.astype(np.float32), bias=np.array([self.bias]))
        meta = {"format": FORMAT, "bits": self.bits, "pairs": self.pairs, "window": self.window,
                "step": self.step, "threshold": self.threshold, **self.meta}
        meta_json.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_files(cls, npz: Any, meta_json: Any) -> "GateModel":
        """Read a model written by `save` (paths or importlib Traversables); GateModelError if it is not one."""
        try:
            meta = json.loads(meta_json.read_text(encoding="utf-8"))
            with npz.open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:
                weights = np.asarray(arrays["weights"], dtype=np.float32)
                bias = float(arrays["bias"][0])
        except (OSError, ValueError, KeyError, IndexError) as exc:
            raise GateModelError(f"cannot read the gate model ({npz}, {meta_json}): {exc}") from exc
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise GateModelError(f"{meta_json}: not a {FORMAT} model file")
        known = {"format", "bits", "pairs", "window", "step", "threshold"}
        try:
            return cls(weights=weights, bias=bias, bits=int(meta["bits"]), pairs=bool(meta["pairs"]),
                       window=int(meta["window"]), step=int(meta["step"]), threshold=float(meta["threshold"]),
                       meta={k: v for k, v in meta.items() if k not in known})
        except (KeyError, TypeError, ValueError) as exc:
            raise GateModelError(f"{meta_json}: missing or bad setting: {exc}") from exc
