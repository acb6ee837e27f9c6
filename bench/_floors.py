"""Floors in bench/baseline.json, shared by the accuracy benches: read, compare, raise (never lower), write."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Iterable

BASELINE = Path(__file__).resolve().parent / "baseline.json"


def read(path: Path = BASELINE) -> dict[str, Any]:
    """The whole baseline file ({} when it does not exist yet)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write(data: dict[str, Any], path: Path = BASELINE) -> None:
    """Write the whole baseline file, keys sorted so that diffs stay small."""
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def below(measured: dict[str, Any], floors: dict[str, Any], where: str = "") -> list[str]:
    """One message per figure under its floor, at any nesting depth; a floored figure not measured fails too."""
    problems: list[str] = []
    for key, floor in sorted(floors.items()):
        name = f"{where}{key}"
        got = measured.get(key)
        if isinstance(floor, dict):
            if not isinstance(got, dict):
                problems.append(f"{name}: not measured")
            else:
                problems.extend(below(got, floor, f"{name}: "))
        elif got is None or got < floor:
            problems.append(f"{name} {got} below floor {floor}")
    return problems


def rounded_down(value: float, places: int) -> float:
    """`value` cut to `places` decimals: a floor must never sit above the figure it was raised to."""
    scale = 10 ** places
    return math.floor(value * scale + 1e-9) / scale


def raised(floors: dict[str, Any], measured: dict[str, Any], metrics: Iterable[str], places: int = 2) -> dict[str, Any]:
    """New floors: each the higher of the old floor and the measured figure of a listed metric; never lower."""
    metrics = tuple(metrics)
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in floors.items()}
    for key, got in measured.items():
        if isinstance(got, dict):
            out[key] = raised(out.get(key) or {}, got, metrics, places)
        elif key in metrics:
            out[key] = max(out.get(key, 0.0), rounded_down(got, places))
    return out


def raise_section(section: str, measured: dict[str, Any], metrics: Iterable[str], places: int = 2,
                  path: Path = BASELINE) -> tuple[dict[str, Any], bool]:
    """Raise one section's floors to `measured` and write the file: (the section's new floors, whether changed)."""
    all_floors = read(path)
    new = dict(all_floors)
    new[section] = raised(all_floors.get(section, {}), measured, metrics, places)
    write(new, path)
    return new[section], new != all_floors


def gate(problems: list[str], name: str) -> int:
    """Print the figures under their floors (or that all pass) and return the exit code of a --check run."""
    for p in problems:
        print(f"BELOW FLOOR  {p}")
    if problems:
        return 1
    print(f"{name} gate: all figures at or above their floors")
    return 0
