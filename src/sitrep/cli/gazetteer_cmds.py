"""`sitrep gazetteer build|info`: the on-disk GeoNames index."""
from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any, Optional

import typer

from sitrep.cli.apps import gazetteer_app
from sitrep.cli.common import EXIT_OK, _run


def _gazetteer_class() -> Any:
    # imported on use: building the index needs data that a plain `sitrep extract --help` should not load
    return importlib.import_module("sitrep.gazetteer").Gazetteer


def _default_gazetteer_path() -> Path:
    from sitrep.settings import Settings

    return Settings().gazetteer


@gazetteer_app.command("build")
def gazetteer_build(
    path: Optional[Path] = typer.Option(None, "--path", help="Where to write the index (default: from settings)."),
) -> None:
    """Build the on-disk gazetteer index."""

    def body() -> int:
        info = _gazetteer_class().build(path or _default_gazetteer_path())
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK

    _run(body)


@gazetteer_app.command("info")
def gazetteer_info(
    path: Optional[Path] = typer.Option(None, "--path", help="The index to describe (default: from settings)."),
) -> None:
    """Describe the gazetteer index: where it is, what it holds."""

    def body() -> int:
        info = _gazetteer_class().open(path or _default_gazetteer_path()).info()
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK

    _run(body)

