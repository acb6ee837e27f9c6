"""`sitrep extract` and `sitrep places`: articles in, event records (or place mentions) out."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import (_articles, _check_output, _check_published, _check_stdin, _choose_format, _force_option,
                               _gate_option, _output, _print_rows, _raw_csv_option, _Report, _run, _writer)
from sitrep.cli.train_cmds import settings_with, typer_option
from sitrep.errors import SitrepError
from sitrep.readers import Origin, iter_inputs
from sitrep.records import Event


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files (.txt .html .jsonl .xml/.rss/.atom), folders, or - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input.", callback=_check_published),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="table, json, jsonl, csv or geojson (default: table on a terminal, else jsonl)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    raw_csv: bool = _raw_csv_option(),
    force: bool = _force_option(),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: from settings)."),
    gate: bool = _gate_option(False),
    typer_spec: Optional[str] = typer_option(),
) -> None:
    """Extract event records from articles."""
    _check_output(output, None, inputs=inputs)  # inputs first: `-o X.db` over an input is refused as one
    chosen = _choose_format(fmt, output)
    write = _writer(chosen, raw_csv)
    _check_output(output, chosen, inputs=inputs, force=force)

    def body() -> int:
        from sitrep import pipeline as pipeline_mod

        _check_stdin(inputs)
        settings = (settings_with(typer_spec, gate=gate) if workers is None
                    else settings_with(typer_spec, n_process=workers, gate=gate))
        pipe = pipeline_mod.Pipeline(settings)
        report = _Report()
        pairs = ((a, o) for o, a in _articles(iter_inputs(inputs, published=published), report))

        def events() -> Iterator[Event]:
            # in input order; each result carries where its article came from
            for result in pipe.extract_ordered(pairs, n_process=workers):
                if result.error:
                    report.article_error(result.origin or Origin(result.article.id, None), result.error)
                yield from result.events

        with _output(output) as stream:
            write(events(), stream)
        return report.finish()

    _run(body)


@app.command()
def places(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files, folders, or - for stdin."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl or table."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD.", callback=_check_published),
) -> None:
    """Print every place mention of each article with its resolved GeoNames place."""
    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from jsonl, table", param_hint="--format")

    def body() -> int:
        from sitrep import pipeline as pipeline_mod

        _check_stdin(inputs)
        pipe = pipeline_mod.Pipeline()
        report = _Report()
        rows: list[dict[str, Any]] = []
        for origin, article in _articles(iter_inputs(inputs, published=published), report):
            try:
                mentions = pipe.places(article)
            except SitrepError as exc:
                report.article_error(origin, str(exc))
                continue
            for mention in mentions:
                row = mention.as_dict(article.id)
                if fmt == "jsonl":
                    typer.echo(json.dumps(row, ensure_ascii=False))
                else:
                    rows.append(row)
        if fmt == "table":
            _print_rows(rows)
        return report.finish()

    _run(body)

