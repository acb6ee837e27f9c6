"""The learned typer: a linear model over hashed word and character n-grams that weighs in on an event's
sub-type beside the trigger rules (events/typing/). Weights are numpy arrays in an .npz (read with
allow_pickle=False) with JSON metadata beside them; no code is ever run from a model file.

- `features.py`: the hashed features of a text (stable crc32 hashing, no vocabulary);
- `model.py`: `TyperModel` (predict, save) and `load_typer` (validates shapes and metadata);
- `train.py`: fitting a model on coded rows (needs the `train` extra: scikit-learn).
"""
from __future__ import annotations

from .features import FeatureConfig, hashed_features
from .model import NONE_LABEL, TyperError, TyperModel, default_model_path, load_typer, resolve_typer

__all__ = ["FeatureConfig", "NONE_LABEL", "TyperModel", "default_model_path", "hashed_features", "load_typer", "resolve_typer", "TyperError"]
