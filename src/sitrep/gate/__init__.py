"""The relevance gate: a cheap look at an article's raw text that says whether it can report an event at all.

Stream jobs (`sitrep ingest`, `watch`) run it before the spaCy pipeline by default and store the articles it
holds back as *gated* (counted by `sitrep stats`, listed by `sitrep gated`, re-extracted by `--no-gate`);
`extract` and `evaluate` parse everything unless asked (`--gate`).

    gate = Gate.default()            # the packaged model (data/gate_model.npz + .json), loaded once
    gate.verdict(article).passed     # False: do not parse this one
"""
from __future__ import annotations

from typing import Any

from sitrep.gate.model import MODEL_JSON, MODEL_NPZ, GateModel, GateModelError, GateVerdict
from sitrep.records import Article

__all__ = ["Gate", "GateModel", "GateModelError", "GateVerdict"]


class Gate:
    """A loaded gate model with its threshold; holds no per-article state (safe in threads and forks)."""

    def __init__(self, model: GateModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else float(threshold)

    @classmethod
    def default(cls, threshold: float | None = None) -> "Gate":
        """The gate of the model shipped in the package (GateModelError if its files are missing or bad)."""
        from sitrep.resources import data_path

        return cls(GateModel.from_files(data_path(MODEL_NPZ), data_path(MODEL_JSON)), threshold)

    def verdict(self, article: Article) -> GateVerdict:
        """Score one article against this gate's threshold."""
        return self.model.verdict(article, self.threshold)

    def passes(self, article: Article) -> bool:
        """True when the article should be parsed."""
        return self.verdict(article).passed

    def describe(self) -> dict[str, Any]:
        """The model's settings and provenance (for logs and `--verbose`)."""
        return {"threshold": self.threshold, "window": self.model.window, "bits": self.model.bits,
                **self.model.meta}
