"""The one loader of the package's data files (src/sitrep/data/): YAML mappings, text lines and paths.

Every module that reads a data file goes through here, so a missing or malformed file gives one typed error
(`DataFileError`, a `SitrepError`) naming the file, whoever asks for it.
"""
from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from sitrep.errors import SitrepError


class DataFileError(SitrepError):
    """A packaged data file is missing or malformed."""


def data_path(name: str) -> Any:
    """A Traversable for data/<name> (read it with .read_text / .open)."""
    return resources.files("sitrep").joinpath("data", name)


def read_text(name: str) -> str:
    """The text of data/<name>."""
    try:
        return str(data_path(name).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read data/{name}: {exc}") from exc


def read_yaml(name: str) -> dict[str, Any]:
    """data/<name> as a mapping (a DataFileError when it is not YAML or not a mapping)."""
    try:
        data = yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise DataFileError(f"data/{name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"data/{name} is not a mapping")
    return data


def read_lines(name: str) -> list[str]:
    """The non-blank lines of data/<name> that are not comments (#), stripped."""
    return [ln.strip() for ln in read_text(name).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
