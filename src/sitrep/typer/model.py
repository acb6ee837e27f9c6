"""The typer's linear model: per-label weights over hashed columns, read from an .npz (allow_pickle=False) and
a JSON metadata file; `load_typer` checks every array's dtype and shape against the metadata before use.

A model on disk is two files side by side:
- `<name>.json`: {"format": "sitrep-typer", "version": 1, "weights": "<name>.npz", "labels": [...],
  "features": FeatureConfig.as_dict(), "combine": {...}, plus free-form "trained_on" and "held_out"};
- `<name>.npz`: `weights` (int8, labels x n_features; the per-label `scale` turns them back into floats),
  `scale` (float32, labels) and `bias` (float32, labels).
`sitrep train -o DIR` writes DIR/model.json and DIR/model.npz; `--typer PATH` takes the folder or the .json.
"""
from __future__ import annotations

import functools
import json
import logging
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from sitrep.errors import SitrepError

from .features import FeatureConfig, hashed_features

log = logging.getLogger(__name__)

FORMAT = "sitrep-typer"
VERSION = 1
NONE_LABEL = ""  # the label of "no event of these sub-types"
DEFAULT_NAME = "typer_model.json"  # the shipped model under src/sitrep/data/
MAX_LABELS = 1000


class TyperError(SitrepError):
    """A typer model file is missing, malformed or does not match its metadata."""


@dataclass(frozen=True)
class Combine:
    """How the model's answer joins the rules' (events/typing/learned.py); tuned on the tuning halves."""

    min_margin: float = 1.0  # the model retypes a draft when its best label beats the rules' label by this much
    retype_max_sents: int = 4  # the model retypes only in texts of at most this many sentences after the title (0: any)
    retype_min_score: float = 0.0  # ... and its best label itself scores above this (a linear SVM: > 0 is "this label")
    add_min_score: float = 0.0  # a short text with no rule event gets one when the best sub-type scores above this
    add_max_sents: int = 0  # "short": at most this many sentences after the title (0: never add; see train_typer.py)
    # in a text that reads as an event note (events/typing/learned.py note_like: short, untitled, no quotes, a
    # calendar date at its start) the model leads: it retypes at this margin (None: min_margin) and adds an event
    # in a note of at most note_add_max_sents sentences (0: as elsewhere). The defaults treat notes like any text.
    note_min_margin: float | None = None
    note_add_max_sents: int = 0
    # in a note, the model may retype the note's first event even when its sentences tell other happenings too
    # (reading the whole note, as it learned: a note's coding is its first event's); 0: never (as elsewhere)
    note_retype_first: int = 0

    def margin(self, note: bool) -> float:
        """The retyping margin in a note (`note`) or any other short text."""
        return self.note_min_margin if note and self.note_min_margin is not None else self.min_margin

    def as_dict(self) -> dict[str, float | None]:
        """The JSON-shaped settings."""
        return {"min_margin": self.min_margin, "retype_max_sents": self.retype_max_sents,
                "retype_min_score": self.retype_min_score,
                "add_min_score": self.add_min_score,
                "add_max_sents": self.add_max_sents, "note_min_margin": self.note_min_margin,
                "note_add_max_sents": self.note_add_max_sents, "note_retype_first": self.note_retype_first}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Combine":
        """Read back `as_dict` (missing keys take their defaults)."""
        out: dict[str, Any] = {}
        for k, default in (("min_margin", 1.0), ("retype_max_sents", 4), ("retype_min_score", 0.0), ("add_min_score", 0.0),
                           ("add_max_sents", 0), ("note_min_margin", None), ("note_add_max_sents", 0),
                           ("note_retype_first", 0)):
            v = d.get(k, default)
            if v is None and default is None:
                out[k] = None
                continue
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise ValueError(f"combine.{k} must be a number, not {v!r}")
            out[k] = int(v) if k.endswith(("_sents", "_first")) else float(v)
        return cls(**out)


@dataclass(frozen=True, eq=False)
class TyperModel:
    """A loaded linear typer: `scores(text)` per label, `predict(text)` the best label ("" for none)."""

    labels: tuple[str, ...]
    weights: np.ndarray  # int8, (len(labels), n_features)
    scale: np.ndarray  # float32, (len(labels),)
    bias: np.ndarray  # float32, (len(labels),)
    features: FeatureConfig = FeatureConfig()
    combine: Combine = Combine()
    meta: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_float(cls, labels: Sequence[str], weights: np.ndarray, bias: np.ndarray,
                   features: FeatureConfig, combine: Combine = Combine(),
                   meta: Mapping[str, Any] | None = None) -> "TyperModel":
        """A model from float weights (labels x n_features), quantised to int8 with one scale per label."""
        w = np.asarray(weights, dtype=np.float64)
        peak = np.abs(w).max(axis=1)
        scale = np.where(peak > 0, peak / 127.0, 1.0)
        q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
        return cls(tuple(labels), q, scale.astype(np.float32), np.asarray(bias, dtype=np.float32), features,
                   combine, dict(meta or {}))

    def scores(self, text: str) -> dict[str, float]:
        """Each label's linear score for the text."""
        return dict(zip(self.labels, self.score_array(text).tolist()))

    def score_array(self, text: str) -> np.ndarray:
        """The labels' scores for the text, in the order of `labels`."""
        feats = hashed_features(text, self.features)
        if not feats:
            return self.bias.astype(np.float64)
        cols = np.fromiter(feats.keys(), dtype=np.int64, count=len(feats))
        vals = np.fromiter(feats.values(), dtype=np.float64, count=len(feats))
        return (self.weights[:, cols].astype(np.float64) @ vals) * self.scale + self.bias

    def predict(self, text: str) -> str:
        """The best-scoring label ("" when the model says no event of these sub-types)."""
        s = self.score_array(text)
        return self.labels[int(np.argmax(s))]

    def save(self, json_path: str | Path) -> Path:
        """Write `<name>.json` and `<name>.npz` side by side; returns the JSON path."""
        p = Path(json_path)
        npz = p.with_suffix(".npz")
        with open(npz, "wb") as f:
            np.savez_compressed(f, weights=self.weights, scale=self.scale, bias=self.bias)
        meta = {**self.meta, "format": FORMAT, "version": VERSION, "weights": npz.name, "labels": list(self.labels),
                "features": self.features.as_dict(), "combine": self.combine.as_dict()}
        p.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return p


def default_model_path() -> Path:
    """The model shipped inside the package (src/sitrep/data/typer_model.json)."""
    from sitrep.resources import data_path

    return Path(str(data_path(DEFAULT_NAME)))


def resolve_typer(spec: Any) -> "TyperModel | None":
    """The typer a setting names: "rules" (or None) -> None, "learned" -> the shipped model, a path -> that
    model, a TyperModel -> itself."""
    if spec is None or isinstance(spec, TyperModel):
        return spec
    if spec == "rules":
        return None
    if spec == "learned":
        return load_default()
    return load_typer(spec)


@functools.lru_cache(maxsize=1)
def load_default() -> TyperModel:
    """The shipped model, loaded once per process (read-only: every builder may share it)."""
    return load_typer(None)


def load_typer(path: str | Path | None = None) -> TyperModel:
    """Load and check a typer model: a folder (holding model.json), or the .json file itself; None is the
    shipped model. A TyperError names the file and what is wrong; nothing in the files is ever executed."""
    p = default_model_path() if path is None else Path(path)
    if p.is_dir():
        p = p / "model.json"
    try:
        meta = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TyperError(f"{p}: cannot read the typer model: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise TyperError(f"{p}: not a typer model (its metadata is not JSON: {exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise TyperError(f"{p}: not a typer model (no \"format\": \"{FORMAT}\" in its metadata)")
    if meta.get("version") != VERSION:
        raise TyperError(f"{p}: typer model version {meta.get('version')!r}; this sitrep reads version {VERSION}")
    try:
        features = FeatureConfig.from_dict(meta["features"])
        combine = Combine.from_dict(meta.get("combine") or {})
        labels = meta["labels"]
        weights_name = meta["weights"]
    except (KeyError, TypeError, ValueError) as exc:
        raise TyperError(f"{p}: bad typer metadata: {exc!s}") from exc
    if (not isinstance(labels, list) or not 2 <= len(labels) <= MAX_LABELS
            or not all(isinstance(x, str) for x in labels) or len(set(labels)) != len(labels)):
        raise TyperError(f"{p}: \"labels\" must be a list of 2 to {MAX_LABELS} distinct strings")
    if not isinstance(weights_name, str) or Path(weights_name).name != weights_name or not weights_name.endswith(".npz"):
        raise TyperError(f"{p}: \"weights\" must name an .npz file beside the metadata, not {weights_name!r}")
    arrays = _read_npz(p.parent / weights_name)
    n, d = len(labels), features.n_features
    want = {"weights": (np.int8, (n, d)), "scale": (np.float32, (n,)), "bias": (np.float32, (n,))}
    for name, (dtype, shape) in want.items():
        a = arrays.get(name)
        if a is None:
            raise TyperError(f"{p.parent / weights_name}: no array {name!r}")
        if a.dtype != dtype or a.shape != shape:
            raise TyperError(f"{p.parent / weights_name}: array {name!r} is {a.dtype}{a.shape}, "
                             f"the metadata needs {np.dtype(dtype)}{shape}")
        if a.dtype.kind == "f" and not np.isfinite(a).all():
            raise TyperError(f"{p.parent / weights_name}: array {name!r} holds NaN or infinite values")
    for a in arrays.values():
        a.setflags(write=False)  # one loaded model may serve many builders and threads
    extra = {k: v for k, v in meta.items() if k not in ("format", "version", "weights", "labels", "features", "combine")}
    log.debug("typer model %s: %d labels, %d columns", p, n, d)
    return TyperModel(tuple(labels), arrays["weights"], arrays["scale"], arrays["bias"], features, combine, extra)


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an .npz, read with allow_pickle=False (an object array is refused, never unpickled)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except OSError as exc:
        raise TyperError(f"{path}: cannot read the typer weights: {exc.strerror or exc}") from exc
    except (ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise TyperError(f"{path}: not a typer weights file (.npz of plain arrays): {exc}") from exc
