"""`sitrep ingest` and `sitrep quarantine`: filling the store, and what could not go in."""
from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.shard_cmds import check_engine, ray_ingest
from sitrep.cli.common import (EXIT_FAILED, EXIT_OK, _check_published, _check_stdin, _db, _db_option, _err,
                               _gate_option, _print_rows, _run)
from sitrep.cli.train_cmds import settings_with, typer_option

QUARANTINE_TABLE_PAGE = 500  # rows per printed table of `sitrep quarantine`


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files (.txt .html .jsonl .xml/.rss/.atom) and folders."),
    db: Optional[Path] = _db_option(),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Worker processes, each loading the model once."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input.", callback=_check_published),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or ray (.jsonl/.parquet shards on Ray; needs sitrep[ray]).", callback=check_engine),
    address: Optional[str] = typer.Option(None, "--address", help="--engine ray: join this Ray cluster (auto, HOST:PORT); default a local Ray."),
    shards: Optional[str] = typer.Option(None, "--shards", help="--engine ray: keep the Parquet shards in this folder (path or URL)."),
    gate: bool = _gate_option(True),
    typer_spec: Optional[str] = typer_option(),
) -> None:
    """Extract articles into the store, skipping those already there; then merge reports of one happening."""
    if engine != "ray" and (address or shards):
        raise typer.BadParameter("--address and --shards need --engine ray", param_hint="--engine")
    if engine == "ray":
        _run(lambda: ray_ingest(inputs, _db(db), shards, address, workers, published))

    def body() -> int:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from sitrep.ingest import Ingest
        from sitrep.pipeline import Pipeline

        _check_stdin(inputs)
        console = Console(stderr=True)
        run = Ingest(_db(db), Pipeline(settings_with(typer_spec, n_process=workers, gate=gate)), workers=workers)
        columns = (SpinnerColumn(), BarColumn(), TextColumn("{task.completed} articles"),
                   TextColumn("{task.fields[rate]:.1f} articles/s"), TextColumn("{task.fields[events]} events"),
                   TextColumn("{task.fields[skipped]} already stored"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as bar:
            task = bar.add_task("ingest", total=None, rate=0.0, events=0, skipped=0)

            def show(stats: Any) -> None:
                bar.update(task, completed=stats.done, rate=stats.rate(), events=stats.events, skipped=stats.skipped)

            stats = run.run(inputs, published=published, progress=show)
        held = f" ({stats.gated} held back by the relevance gate: `sitrep gated`)" if stats.gated else ""
        _err(f"{stats.stored} articles stored{held} ({stats.events} events), {stats.skipped} already stored, "
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

        with Store.open(_db(db), readonly=True) as store:
            _list_rows(store.iter_quarantine(), fmt, "nothing quarantined")
        return EXIT_OK

    _run(body)


def _list_rows(rows: Iterator[dict[str, Any]], fmt: str, none: str,
               shown: Callable[[dict[str, Any]], dict[str, Any]] = lambda r: r) -> None:
    """Print rows as JSON lines, or as tables of `shown(row)` a page at a time (a million rows are streamed,
    never held at once); `none` when there is no row."""
    if fmt == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    any_row = False
    while page := list(itertools.islice(rows, QUARANTINE_TABLE_PAGE)):
        _print_rows([shown(r) for r in page])
        any_row = True
    if not any_row:
        typer.echo(none)



@app.command()
def gated(
    db: Optional[Path] = _db_option(),
    fmt: str = typer.Option("table", "--format", "-f", help="table, or jsonl (articles `sitrep ingest --no-gate` reads back)."),
) -> None:
    """List the articles the relevance gate held back (stored, not parsed).

    To extract them after all: `sitrep gated -f jsonl > gated.jsonl && sitrep ingest --no-gate gated.jsonl`
    (or ingest their inputs again with --no-gate)."""
    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from table, jsonl", param_hint="--format")

    def shown(r: dict[str, Any]) -> dict[str, Any]:
        score = None if r["gate_score"] is None else round(r["gate_score"], 2)
        return {"id": r["id"], "score": score, "title": (r["title"] or r["text"][:60]).strip()[:70],
                "origin": r["origin"]}

    def body() -> int:
        from sitrep.store import Store

        with Store.open(_db(db), readonly=True) as store:
            _list_rows(store.iter_gated(), fmt, "no article held back by the gate", shown)
        return EXIT_OK

    _run(body)
