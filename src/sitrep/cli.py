"""The `sitrep` command: the only place that prints, and that turns errors into messages and exit codes."""
from __future__ import annotations

import collections
import contextlib
import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, TextIO

import typer

from sitrep.errors import SitrepError
from sitrep.inputs import Origin, Quarantined, iter_inputs, parse_iso_date
from sitrep.records import Article, Event
from sitrep.writers import get_writer, writer_names

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# after this many "no publication date" notices the rest are only counted, so a big batch stays readable
MAX_DATE_NOTICES = 10
# output file extensions that choose a format when --format is not given
FORMAT_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".geojson": "geojson", ".parquet": "parquet"}
EXPORT_FORMATS = ("csv", "json", "jsonl", "geojson", "parquet", "table")
CERTAINTIES = ("confirmed", "reported", "claimed", "unconfirmed")

app = typer.Typer(
    name="sitrep",
    help="News reports in, traceable event records out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build or inspect the on-disk GeoNames index.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


def _err(message: str) -> None:
    """One `sitrep: ...` line on stderr."""
    typer.echo(f"sitrep: {message}", err=True)


def _where(path: str, line: int | None) -> str:
    return path if line is None else f"{path}:{line}"


class _Report:
    """Counts failures and prints the stderr lines of one run."""

    def __init__(self) -> None:
        self.failed = 0
        self.undated = 0

    def quarantined(self, item: Quarantined) -> None:
        """An input that could not be read."""
        self.failed += 1
        _err(f"{_where(item.path, item.line)}: {item.reason}")

    def article_error(self, origin: Origin, message: str) -> None:
        """An article that was read but could not be processed."""
        self.failed += 1
        _err(f"{_where(origin.path, origin.line)}: {message}")

    def undated_article(self, origin: Origin, article: Article) -> None:
        """An article without a publication date: relative dates will come out unknown."""
        self.undated += 1
        if self.undated <= MAX_DATE_NOTICES:
            _err(f"{_where(origin.path, origin.line)}: article {article.id!r} has no publication date; "
                 "relative dates will be 'unknown' (give --published YYYY-MM-DD)")

    def finish(self) -> int:
        """Closing summary lines; the exit code."""
        if self.undated > MAX_DATE_NOTICES:
            _err(f"{self.undated - MAX_DATE_NOTICES} more articles have no publication date")
        return EXIT_FAILED if self.failed else EXIT_OK


def _articles(items: Iterable[tuple[Origin, Article | Quarantined]], report: _Report,
              origins: collections.deque[Origin] | None = None) -> Iterator[tuple[Origin, Article]]:
    """The readable articles of the inputs; quarantined ones are reported on the way."""
    for origin, item in items:
        if isinstance(item, Quarantined):
            report.quarantined(item)
            continue
        if item.published is None:
            report.undated_article(origin, item)
        if origins is not None:
            origins.append(origin)
        yield origin, item


def _check_published(value: Optional[str]) -> Optional[str]:
    """--published must be a real YYYY-MM-DD date."""
    if value is None:
        return None
    parsed = parse_iso_date(value)
    if parsed is None:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")
    return parsed


def _choose_format(fmt: Optional[str], output: Optional[Path], allowed: Iterable[str]) -> str:
    """The explicit --format, else one implied by -o's extension, else table on a terminal and jsonl otherwise."""
    allowed = list(allowed)
    if fmt is not None:
        if fmt not in allowed:
            raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(allowed)}", param_hint="--format")
        return fmt
    if output is not None:
        by_suffix = FORMAT_BY_SUFFIX.get(output.suffix.lower())
        return by_suffix if by_suffix in allowed else "jsonl"
    return "table" if sys.stdout.isatty() and "table" in allowed else "jsonl"


@contextlib.contextmanager
def _output(path: Optional[Path]) -> Iterator[TextIO]:
    """The chosen output stream: the -o file (UTF-8) or stdout."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise SitrepError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def _run(body: Any) -> None:
    """Run a command body; library errors become one message and exit 1, never a traceback."""
    try:
        code = body()
    except SitrepError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_FAILED) from None
    except BrokenPipeError:
        # the reader (`| head`) went away: nothing more to say; stop Python complaining at exit
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_FAILED) from None
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


@app.callback()
def _main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress and warnings.")) -> None:
    """News reports in, traceable event records out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="sitrep: %(name)s: %(message)s",
                        stream=sys.stderr)


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files (.txt .html .jsonl .xml/.rss/.atom), folders, or - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input.", callback=_check_published),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="table, json, jsonl, csv or geojson (default: table on a terminal, else jsonl)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: from settings)."),
) -> None:
    """Extract event records from articles."""
    chosen = _choose_format(fmt, output, writer_names())

    def body() -> int:
        from sitrep import pipeline as pipeline_mod
        from sitrep.settings import Settings

        settings = Settings() if workers is None else Settings(n_process=workers)
        pipe = pipeline_mod.Pipeline(settings)
        report = _Report()
        origins: collections.deque[Origin] = collections.deque()
        articles = (a for _, a in _articles(iter_inputs(inputs, published=published), report, origins))

        def events() -> Iterator[Event]:
            for result in pipe.extract_many(articles, n_process=workers):
                # results come back in input order, so the oldest origin is this article's
                origin = origins.popleft() if origins else Origin(result.article.id, None)
                if result.error:
                    report.article_error(origin, result.error)
                yield from result.events

        with _output(output) as stream:
            get_writer(chosen)(events(), stream)
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


@app.command("evaluate")
def evaluate_cmd(
    gold: Path = typer.Argument(..., metavar="GOLD", help="ACLED-column CSV (text in `notes`) or CASE 2021 task-2 TSV."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default 1)."),
) -> None:
    """Score sitrep against hand-coded data: per-field accuracy and per-type precision/recall/F1."""

    def body() -> int:
        from sitrep import evaluate as evaluate_mod
        from sitrep import pipeline as pipeline_mod
        from sitrep.settings import Settings

        n = workers or 1
        pipe = pipeline_mod.Pipeline(Settings(n_process=n))
        result = evaluate_mod.evaluate(gold, pipe, n_process=n)
        typer.echo(evaluate_mod.format_evaluation(result))
        return EXIT_FAILED if result.errors else EXIT_OK

    _run(body)


def _print_rows(rows: list[dict[str, Any]]) -> None:
    """Dict rows as a rich table, with the union of their keys as columns."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not rows:
        console.print("no place mentions")
        return
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    table = Table(header_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        # Text cells: words from articles must never be read as rich markup
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    console.print(table)


# ---------------------------------------------------------------- the store

def _db_option() -> Any:
    return typer.Option(None, "--db", help="The store file (default: $SITREP_DB, else sitrep.db here).")


def _db(path: Optional[Path]) -> Path:
    from sitrep.store import default_db_path

    return path or default_db_path()


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files (.txt .html .jsonl .xml/.rss/.atom) and folders."),
    db: Optional[Path] = _db_option(),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Worker processes, each loading the model once."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input.", callback=_check_published),
) -> None:
    """Extract articles into the store, skipping those already there; then merge reports of one happening."""

    def body() -> int:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from sitrep.ingest import Ingest
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings

        console = Console(stderr=True)
        run = Ingest(_db(db), Pipeline(Settings(n_process=workers)), workers=workers)
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

        with Store.open(_db(db), readonly=True) as store:
            rows = store.quarantine()
        if fmt == "jsonl":
            for row in rows:
                typer.echo(json.dumps(row, ensure_ascii=False))
        elif rows:
            _print_rows(rows)
        else:
            typer.echo("nothing quarantined")
        return EXIT_OK

    _run(body)


def _filters(since: Optional[str], until: Optional[str], country: Optional[str], type_: Optional[str],
             min_certainty: Optional[str], include_historical: bool) -> Any:
    from sitrep.store import Filters

    if min_certainty is not None and min_certainty not in CERTAINTIES:
        raise typer.BadParameter(f"choose from {', '.join(CERTAINTIES)}", param_hint="--min-certainty")
    return Filters(since=since, until=until, country=country, type=type_, min_certainty=min_certainty,
                   include_historical=include_historical)


@app.command()
def export(
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="csv, json, jsonl, geojson, parquet or table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    db: Optional[Path] = _db_option(),
    since: Optional[str] = typer.Option(None, "--since", help="Events dated on or after YYYY-MM-DD.", callback=_check_published),
    until: Optional[str] = typer.Option(None, "--until", help="Events dated on or before YYYY-MM-DD.", callback=_check_published),
    country: Optional[str] = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code, e.g. NG."),
    type_: Optional[str] = typer.Option(None, "--type", help="ACLED event type or sub-event type."),
    min_certainty: Optional[str] = typer.Option(None, "--min-certainty", help="confirmed, reported, claimed or unconfirmed."),
    include_historical: bool = typer.Option(False, "--include-historical", help="Also events that are background history."),
    per_article: bool = typer.Option(False, "--per-article", help="One record per article's event instead of merged records."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Merged records reported by at least N articles."),
) -> None:
    """Write stored events: merged records (one per happening) by default."""
    import dataclasses

    chosen = _choose_format(fmt, output, EXPORT_FORMATS)
    filters = dataclasses.replace(_filters(since, until, country, type_, min_certainty, include_historical),
                                  min_articles=min_articles)

    def body() -> int:
        from sitrep.store import Store

        with Store.open(_db(db), readonly=True) as store, _output(output) as stream:
            get_writer(chosen)(store.events(filters, merged=not per_article), stream)
        return EXIT_OK

    _run(body)


@app.command()
def stats(
    db: Optional[Path] = _db_option(),
    since: Optional[str] = typer.Option(None, "--since", help="Events dated on or after YYYY-MM-DD.", callback=_check_published),
    until: Optional[str] = typer.Option(None, "--until", help="Events dated on or before YYYY-MM-DD.", callback=_check_published),
    country: Optional[str] = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code."),
    include_historical: bool = typer.Option(False, "--include-historical", help="Also count background history."),
    per_article: bool = typer.Option(False, "--per-article", help="Count per-article events instead of merged ones."),
) -> None:
    """Counts of stored events by type, country and month."""
    filters = _filters(since, until, country, None, None, include_historical)

    def body() -> int:
        from rich.columns import Columns
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from sitrep.store import Store

        with Store.open(_db(db), readonly=True) as store:
            totals = store.counts()
            counts = store.stats(filters, merged=not per_article)
        console = Console(width=None if sys.stdout.isatty() else 160)
        console.print(Text(f"{_db(db)}: {totals['articles']} articles, {totals['events']} events, "
                           f"{totals['clusters']} happenings after merging, {totals['quarantine']} quarantined inputs"))
        tables = []
        for name, rows in counts.items():
            table = Table(header_style="bold", title=f"by {name}")
            table.add_column(name)
            table.add_column("events" if per_article else "happenings", justify="right")
            for key, n in rows:
                table.add_row(Text(key), str(n))
            tables.append(table)
        console.print(Columns(tables))
        return EXIT_OK

    _run(body)


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


def main() -> None:
    """Console entry point."""
    app()
