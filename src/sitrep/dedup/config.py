"""The rules of data/dedup.yaml: how near and how close in time reports must be; which types form a family comes
from data/taxonomy.yaml (a dedup.yaml may still name its own `families` and `split_by_subtype`)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sitrep.errors import SitrepError
from sitrep.resources import DataFileError, read_yaml

# map grid for blocking: rows of 0.6° latitude (~66 km); each row's cells are as wide in km as they are high
# (wider in degrees towards the poles), so any two places closer than _GRID_KM are in neighbouring cells
_GRID_DEG = 0.6
_GRID_KM = 66.0  # a grid cell's smallest side in km
WEIGHTS = ("place", "date", "actors", "subtype", "evidence")


class DedupConfigError(SitrepError):
    """data/dedup.yaml is malformed."""


@dataclass(frozen=True)
class DedupConfig:
    """The rules of data/dedup.yaml."""

    families: dict[str, str]
    split_by_subtype: frozenset[str]
    max_km: dict[int, float]
    near_same_province_km: float
    date_slack_days: int
    max_span_days: int
    min_score: float
    weights: dict[str, float]

    def family(self, type_: str, subtype: str) -> str:
        """The family key of an ACLED type (and sub-type where the type is split)."""
        if type_ in self.split_by_subtype:
            return f"{type_}/{subtype}"
        return self.families.get(type_, type_)


def parse_config(data: Any) -> DedupConfig:
    """Validate and convert the contents of dedup.yaml."""
    from sitrep.taxonomy import load_taxonomy

    if not isinstance(data, dict):
        raise DedupConfigError("dedup.yaml: expected a mapping at the top")
    tax = load_taxonomy()
    if "families" not in data:  # the taxonomy's families (the packaged dedup.yaml names none)
        data = {**data, "families": tax.family_members(), "split_by_subtype": sorted(tax.split_by_subtype)}
    try:
        families: dict[str, str] = {}
        for name, types in (data.get("families") or {}).items():
            for t in types:
                if not tax.is_type(t):
                    raise DedupConfigError(f"dedup.yaml: family {name}: {t!r} is not an ACLED event type")
                if t in families:
                    raise DedupConfigError(f"dedup.yaml: {t!r} is in two families")
                families[t] = str(name)
        split = frozenset(data.get("split_by_subtype") or ())
        for t in split:
            if not tax.is_type(t):
                raise DedupConfigError(f"dedup.yaml: split_by_subtype: {t!r} is not an ACLED event type")
        max_km = {int(k): float(v) for k, v in (data["max_km"] or {}).items()}
        if set(max_km) != {1, 2} or any(v <= 0 or v >= _GRID_KM for v in max_km.values()):
            # the blocking grid is ~55 km: a larger radius could miss pairs
            raise DedupConfigError("dedup.yaml: max_km needs precisions 1 and 2, each in (0, 50) km")
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        if set(weights) != set(WEIGHTS) or abs(sum(weights.values()) - 1) > 1e-6:
            raise DedupConfigError(f"dedup.yaml: weights needs {', '.join(WEIGHTS)} summing to 1")
        near = float(data["near_same_province_km"])
        if not 0 < near < 2 * _GRID_KM:
            raise DedupConfigError(f"dedup.yaml: near_same_province_km must be in (0, {2 * _GRID_KM:.0f})")
        cfg = DedupConfig(families=families, split_by_subtype=split, max_km=max_km, near_same_province_km=near,
                          date_slack_days=int(data["date_slack_days"]), max_span_days=int(data["max_span_days"]),
                          min_score=float(data["min_score"]), weights=weights)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DedupConfigError(f"dedup.yaml: missing or malformed setting: {exc}") from exc
    if not 0 <= cfg.date_slack_days <= 7 or cfg.max_span_days < 1 or not 0 < cfg.min_score <= 1:
        raise DedupConfigError("dedup.yaml: date_slack_days in 0..7, max_span_days >= 1, min_score in (0, 1]")
    return cfg


@functools.lru_cache(maxsize=1)
def load_config() -> DedupConfig:
    """The packaged dedup rules, read once."""
    try:
        data = read_yaml("dedup.yaml")
    except DataFileError as exc:
        raise DedupConfigError(str(exc)) from exc
    return parse_config(data)

