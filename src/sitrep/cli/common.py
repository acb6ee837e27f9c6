"""What every command shares: stderr messages, the run report, format and output choice, error handling."""
from __future__ import annotations

import collections
import contextlib
import functools
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, TextIO

import typer

from sitrep.errors import SitrepError
from sitrep.readers import Origin, Quarantined, parse_iso_date
from sitrep.records import Article
from sitrep.writers import get_writer, writer_for_suffix, writer_names

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# after this many "no publication date" notices the rest are only counted, so a big batch stays readable
MAX_DATE_NOTICES = 10


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


def _choose_format(fmt: Optional[str], output: Optional[Path], allowed: Optional[Iterable[str]] = None) -> str:
    """The explicit --format, else one implied by -o's extension, else table on a terminal and jsonl otherwise.

    `allowed` defaults to every registered writer (sitrep.writers), which also says which extension picks which."""
    allowed = writer_names() if allowed is None else list(allowed)
    if fmt is not None:
        if fmt not in allowed:
            raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(allowed)}", param_hint="--format")
        return fmt
    if output is not None:
        by_suffix = writer_for_suffix(output.suffix.lower())
        return by_suffix.name if by_suffix is not None and by_suffix.name in allowed else "jsonl"
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


def _raw_csv_option() -> Any:
    return typer.Option(False, "--raw-csv", help="CSV cells exactly as extracted (no leading ' before =, +, -, @).")


def _writer(name: str, raw_csv: bool) -> Any:
    """The registered writer `name`; --raw-csv turns off the CSV writer's formula neutralising (csv only)."""
    if raw_csv and name != "csv":
        raise typer.BadParameter(f"only applies to --format csv, not {name}", param_hint="--raw-csv")
    fn = get_writer(name)
    return functools.partial(fn, raw=True) if raw_csv else fn


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

