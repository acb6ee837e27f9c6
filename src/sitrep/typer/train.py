"""Fitting a typer: hashed features (features.py) and a linear SVM (scikit-learn's LinearSVC, the `train`
extra), quantised into a TyperModel. Deterministic: fixed seed, rows in the order given.

Only training needs scikit-learn; loading and predicting (model.py) need numpy alone.
"""
from __future__ import annotations

import logging
import hashlib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from sitrep.errors import SitrepError

from .features import FeatureConfig, hashed_features
from .model import NONE_LABEL, Combine, TyperModel

log = logging.getLogger(__name__)

SEED = 12


class TrainingError(SitrepError):
    """The rows cannot train a typer (too few, one label only) or scikit-learn is missing."""


def matrix(texts: Iterable[str], cfg: FeatureConfig) -> Any:
    """The hashed features of many texts as a scipy CSR matrix (rows x cfg.n_features)."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for t in texts:
        f = hashed_features(t, cfg)
        indices.extend(f.keys())
        data.extend(f.values())
        indptr.append(len(indices))
    return csr_matrix((np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32),
                       np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, cfg.n_features))


def fit(texts: Sequence[str], labels: Sequence[str], weights: Sequence[float] | None = None,
        cfg: FeatureConfig = FeatureConfig(), c: float = 0.5, combine: Combine = Combine(),
        meta: Mapping[str, Any] | None = None) -> TyperModel:
    """A TyperModel fitted on (text, label) rows; `weights` weigh rows (e.g. news snippets above notes)."""
    try:
        from sklearn.svm import LinearSVC
    except ImportError as exc:
        raise TrainingError("training a typer needs scikit-learn: pip install 'sitrep[train]'") from exc
    if len(texts) != len(labels) or (weights is not None and len(weights) != len(texts)):
        raise TrainingError("texts, labels and weights differ in length")
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise TrainingError(f"need rows of at least two labels to train, got {len(classes)}")
    x = matrix(texts, cfg)
    clf = LinearSVC(C=c, random_state=SEED, max_iter=3000)
    clf.fit(x, np.asarray(labels, dtype=object), sample_weight=None if weights is None else np.asarray(weights, float))
    coef, bias = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # one row for two classes: the first class scores -w
        coef, bias = np.vstack([-coef[0], coef[0]]), np.array([-bias[0], bias[0]])
    return TyperModel.from_float([str(x) for x in clf.classes_], coef, bias, cfg, combine, meta)


def held_out(key: str, share: int = 10) -> bool:
    """Whether a row (by its text) is in the held-out `share` percent: a stable hash, the same on every run."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % 100 < share


@dataclass(frozen=True)
class TrainReport:
    """What `train_rows` did: row counts and the held-out rows' scores."""

    n_train: int
    n_held_out: int
    accuracy: float  # held-out rows whose best label is the gold label
    macro_f1: float  # over the sub-types seen in the held-out rows (none is only a negative)
    labels: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON-shaped report (kept in the model's metadata as "held_out")."""
        return {"n_train": self.n_train, "n_held_out": self.n_held_out, "accuracy": round(self.accuracy, 4),
                "macro_f1": round(self.macro_f1, 4)}


def train_rows(rows: Sequence[tuple[str, str]], share: int = 10, c: float = 0.5, cfg: FeatureConfig = FeatureConfig(),
               combine: Combine = Combine(), meta: Mapping[str, Any] | None = None) -> tuple[TyperModel, TrainReport]:
    """Fit a model on (text, label) rows ("" labels a text that reports no event) less a held-out `share`
    percent chosen by a stable hash of the text, and score it on those held-out rows."""
    train = [(t, y) for t, y in rows if not held_out(t, share)]
    test = [(t, y) for t, y in rows if held_out(t, share)]
    if not train:
        raise TrainingError("no rows left to train on")
    meta = dict(meta or {})
    model = fit([t for t, _ in train], [y for _, y in train], cfg=cfg, c=c, combine=combine, meta=meta)
    preds = [(y, model.predict(t)) for t, y in test]
    acc = sum(y == p for y, p in preds) / len(preds) if preds else 0.0
    report = TrainReport(len(train), len(test), acc, macro_f1(preds), model.labels)
    return TyperModel(model.labels, model.weights, model.scale, model.bias, model.features, model.combine,
                      {**meta, "held_out": report.as_dict()}), report


def macro_f1(pairs: Sequence[tuple[str, str]]) -> float:
    """Macro-F1 over the gold labels other than none ("" counts only as a negative)."""
    labels = sorted({g for g, _ in pairs if g != NONE_LABEL})
    if not labels:
        return 0.0
    f1s = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in pairs)
        fp = sum(g != lab and p == lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def accuracy(model: TyperModel, texts: Sequence[str], labels: Sequence[str]) -> float:
    """Share of rows whose best label is the gold label."""
    if not texts:
        return 0.0
    return sum(model.predict(t) == g for t, g in zip(texts, labels)) / len(texts)
