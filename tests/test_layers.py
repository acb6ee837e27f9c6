"""The import graph follows the data's path: no module imports a layer above its own.

    cli → ingest, evaluate → extractor, engines, pipeline → events, readers → resolve → nlp → base

`store`, `writers` and `dedup` see only the base (the record types and data files). The old module names kept
for callers outside the package (`sitrep.places`, `.dates`, `.figures`, `.triggers`, `.inputs`) are re-exports
that no module of the package may import.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "sitrep"

BASE = {"records", "errors", "settings", "resources", "geo", "tree", "taxonomy", "lexicon", "actors", "gazetteer",
        "typer"}
# layer of each top-level name under sitrep (a package's modules share its layer)
LAYERS: dict[str, int] = {
    **{name: 0 for name in BASE},
    "nlp": 1, "gate": 1,
    "resolve": 2,
    "events": 3, "readers": 3,
    "extractor": 4, "engines": 4, "pipeline": 4, "": 4,  # "" is the package itself (sitrep/__init__.py)
    "ingest": 5, "evaluate": 5, "watch": 5, "ray_job": 5, "serve": 5,
    "cli": 6,
}
RECORD_ONLY = {"store", "writers", "dedup"}  # may import the base and their own package
COMPAT = {"places", "dates", "figures", "triggers", "inputs"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Dotted names of the sitrep modules a file imports (relative imports resolved)."""
    mod = _module(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {n for n in out if n == "sitrep" or n.startswith("sitrep.")}


def _top(name: str) -> str:
    """The top-level name under sitrep: 'sitrep.nlp.dates' -> 'nlp'; 'sitrep' -> ''."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def edges() -> list[tuple[str, str]]:
    return [(_module(p), dep) for p in sorted(SRC.rglob("*.py")) for dep in sorted(_imports(p))]


def violations(pairs: list[tuple[str, str]]) -> list[str]:
    bad = []
    for src, dep in pairs:
        a, b = _top(src), _top(dep)
        if a == b or a in COMPAT:
            continue  # inside one package; a compat module re-exports from anywhere
        if b in COMPAT:
            bad.append(f"{src} imports the compat name {dep}")
        elif a in RECORD_ONLY:
            if b not in BASE:
                bad.append(f"{src} (sees only the record types) imports {dep}")
        elif b in RECORD_ONLY:
            if a not in ("ingest", "cli", "evaluate", "watch", "ray_job", "serve"):
                bad.append(f"{src} imports {dep}")
        elif a not in LAYERS or b not in LAYERS:
            bad.append(f"{src} -> {dep}: a module with no layer; add it to tests/test_layers.py")
        elif LAYERS[b] > LAYERS[a]:
            bad.append(f"{src} (layer {LAYERS[a]}) imports {dep} (layer {LAYERS[b]})")
    return bad


def test_every_top_level_module_has_a_layer() -> None:
    names = {_top(_module(p)) for p in SRC.rglob("*.py")}
    assert names <= set(LAYERS) | RECORD_ONLY | COMPAT, names - set(LAYERS) - RECORD_ONLY - COMPAT


def test_no_import_goes_up_a_layer() -> None:
    assert violations(edges()) == []


@pytest.mark.parametrize("pair, problem", [
    (("sitrep.nlp.dates", "sitrep.events.when"), "layer 1"),
    (("sitrep.resolve.places", "sitrep.extractor"), "layer 2"),
    (("sitrep.store.queries", "sitrep.pipeline"), "record types"),
    (("sitrep.events.where", "sitrep.places"), "compat"),
    (("sitrep.readers.walk", "sitrep.ingest"), "layer 3"),
])
def test_the_check_catches_an_upward_import(pair: tuple[str, str], problem: str) -> None:
    found = violations([pair])
    assert len(found) == 1 and problem in found[0]


def test_downward_and_same_package_imports_pass() -> None:
    assert violations([("sitrep.events.where", "sitrep.resolve.event_place"), ("sitrep.cli.common", "sitrep.store"),
                       ("sitrep.resolve.dates", "sitrep.nlp.dates"), ("sitrep.nlp.places", "sitrep.nlp.place_finder"),
                       ("sitrep.places", "sitrep.resolve.places")]) == []
