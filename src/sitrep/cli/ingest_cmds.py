"""`sitrep ingest` and `sitrep quarantine`: filling the store, and what could not go in."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import (EXIT_FAILED, EXIT_OK, _check_published, _check_stdin, _db, _db_option, _err, _print_rows,
                               _run)
from sitrep.cli.train_cmds import settings_with, typer_option

QUARANTINE_TABLE_PAGE = 500  # rows per printed table of `sitrep quarantine`


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files (.txt .html .jsonl .xml/.rss/.atom) and folders."),
    db: Optional[Path] = _db_option(),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Worker processes, each loading the model once."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input.", callback=_check_published),
    typer_spec: Optional[str] = typer_option(),
) -> None:
    """Extract articles into the store, skipping those already there; then merge reports of one happening."""

    def body() -> int:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from sitrep.ingest import Ingest
        from sitrep.pipeline import Pipeline

        _check_stdin(inputs)
        console = Console(stderr=True)
        run = Ingest(_db(db), Pipeline(settings_with(typer_spec, n_process=workers)), workers=workers)
        columns = (SpinnerColumn(), BarColumn(), TextColumn("{task.completed} articles"),
                   TextColumn("{task.fields[rate]:.1f} articles/s"), TextColumn("{task.fields[events]} events"),
                   TextColumn("{task.fields[skipped]} already stored"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as bar:
            task = bar.add_task("ingest", total=None, rate=0.0, events=0, skipped=0)

            def show(stats: Any) -> None:
                bar.update(task, completed=stats.done, rate=stats.rate(), events=stats.events, skipped=stats.skipped)

            stats = run.run(inputs, published=published, progress=show)
        _err(f"{stats.stored} articles stored ({stats.events} events), {stats.skipped} already stored, "
             f"{stats.quarantined} quarantined, {stats.clusters} clusters; {stats.rate():.1f} articles/s "
             f"into {_db(db)}")
        if stats.quarantined:
            _err("see `sitrep quarantine` for the inputs that could not be used")
        return EXIT_FAILED if stats.quarantined else EXIT_OK

    _run(body)


@app.command()
def quarantine(
    db: Optional[Path] = _db_option(),
    fmt: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
) -> None:
    """List the inputs that could not be ingested, with the reason."""
    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from table, jsonl", param_hint="--format")

    def body() -> int:
        from sitrep.store import Store

        import itertools

        with Store.open(_db(db), readonly=True) as store:
            # streamed: a million quarantined lines are printed a page at a time, never held at once
            rows = store.iter_quarantine()
            if fmt == "jsonl":
                for row in rows:
                    typer.echo(json.dumps(row, ensure_ascii=False))
                return EXIT_OK
            shown = False
            while page := list(itertools.islice(rows, QUARANTINE_TABLE_PAGE)):
                _print_rows(page)
                shown = True
            if not shown:
                typer.echo("nothing quarantined")
        return EXIT_OK

    _run(body)

