"""`sitrep evaluate`: score sitrep against hand-coded data."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import EXIT_FAILED, EXIT_OK, _gate_option, _run
from sitrep.cli.train_cmds import settings_with, typer_option


@app.command("evaluate")
def evaluate_cmd(
    gold: Path = typer.Argument(..., metavar="GOLD", help="ACLED-column CSV (text in `notes`) or CASE 2021 task-2 TSV."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default 1)."),
    gate: bool = _gate_option(False),
    typer_spec: Optional[str] = typer_option(),
) -> None:
    """Score sitrep against hand-coded data: per-field accuracy and per-type precision/recall/F1."""

    def body() -> int:
        from sitrep import evaluate as evaluate_mod
        from sitrep import pipeline as pipeline_mod

        n = workers or 1
        pipe = pipeline_mod.Pipeline(settings_with(typer_spec, n_process=n, gate=gate))
        result = evaluate_mod.evaluate(gold, pipe, n_process=n)
        typer.echo(evaluate_mod.format_evaluation(result))
        return EXIT_FAILED if result.errors else EXIT_OK

    _run(body)

