"""What every command shares: stderr messages, the run report, format and output choice, error handling."""
from __future__ import annotations

import collections
import contextlib
import errno
import functools
import io
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, TextIO

import typer

from sitrep.errors import SitrepError
from sitrep.readers import Origin, Quarantined, parse_iso_date
from sitrep.records import Article
from sitrep.writers import get_writer, writer_for_suffix, writer_names, writer_spec, writers

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# the shell's codes for a process ended by SIGPIPE (128 + 13) and by Ctrl-C, SIGINT (128 + 2)
EXIT_BROKEN_PIPE, EXIT_INTERRUPTED = 141, 130
# after this many "no publication date" notices the rest are only counted, so a big batch stays readable
MAX_DATE_NOTICES = 10


class _ClosedStdout(io.TextIOBase):
    """Stands in for a closed standard output (`sitrep ... >&-`, where Python sets sys.stdout to None): every
    write is a broken pipe, which _run turns into one message."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "standard output is closed")

    def isatty(self) -> bool:
        return False


def _guard_std_streams() -> None:
    """A closed stdout becomes _ClosedStdout and a closed stderr os.devnull, so no command meets None there."""
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  lives as long as the process


def _check_stdin(inputs: Iterable[str]) -> None:
    """`-` asks for standard input: a closed one is an error said in words, not a traceback from a reader."""
    if "-" in inputs and (sys.stdin is None or sys.stdin.closed):
        raise SitrepError("standard input is closed: pipe articles in, or give files or folders")


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
    """The explicit --format, else the one the registered writers give -o's extension, else table on a terminal
    and jsonl otherwise. An -o extension no writer claims (out.xlsx) is a usage error: guessing jsonl would
    write something the name promises is not there.

    `allowed` defaults to every registered writer (sitrep.writers), which also says which extension picks which."""
    allowed = writer_names() if allowed is None else list(allowed)
    if fmt is not None:
        if fmt not in allowed:
            raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(allowed)}", param_hint="--format")
        return fmt
    if output is not None:
        if not output.suffix:
            return "jsonl"  # no extension: the documented default off a terminal
        by_suffix = writer_for_suffix(output.suffix.lower())
        if by_suffix is None or by_suffix.name not in allowed:
            known = ", ".join(sorted(s.suffix for s in writers() if s.suffix and s.name in allowed))
            raise typer.BadParameter(f"no output format writes {output.suffix!r} files ({known} do); "
                                     f"give --format", param_hint="--output")
        return by_suffix.name
    return "table" if sys.stdout.isatty() and "table" in allowed else "jsonl"


# ---------------------------------------------------------------- -o: never over an input or a store

SQLITE_HEADER = b"SQLite format 3\x00"


def _is_sqlite(path: Path) -> bool:
    """Whether the file at `path` is an SQLite database (a sitrep store or any other), by its header."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _force_option() -> Any:
    return typer.Option(False, "--force", help="Let -o replace an existing file that is not a previous sitrep output.")


def _check_output(output: Optional[Path], fmt: Optional[str], inputs: Iterable[str | Path] = (),
                  force: bool = False, what: str = "input") -> None:
    """Refuse an -o that would destroy or feed back into what this run reads (a usage error, before anything runs).

    - never an input file, a file inside an input folder (the run would read its own output), or the store
      (`inputs` holds the inputs and the --db file);
    - never an SQLite database (`export -o sitrep.db` is one letter from `--db sitrep.db`), even with --force;
    - an existing file only if it is empty or a previous output of the chosen format, else only with --force.
      "Previous output" is judged by content, not by extension: the writer's recogniser (sitrep.writers)
      reads the file's beginning (a CSV header of sitrep's columns, a JSONL line that is an event record, ...),
      so `-o articles.jsonl` cannot replace a file of articles just because its extension fits.
    Devices and pipes (`-o /dev/null`) are written as they are. With `fmt` None only the first two are checked
    (the commands check them before choosing the format, so `-o sitrep.db` is refused as the store it is)."""
    if output is None:
        return
    target = output.resolve()

    def refuse(why: str) -> None:
        raise typer.BadParameter(f"{output}: {why}", param_hint="--output")

    if target.is_dir():
        refuse("is a folder; give a file name")
    for item in inputs:
        if str(item) == "-":
            continue
        source = Path(item)
        if not source.exists():
            continue
        where = source.resolve()
        if where == target or (target.exists() and os.path.samefile(where, target)):
            refuse(f"is the {what} {item}; write the output elsewhere")
        if source.is_dir() and where in target.parents:
            refuse(f"is inside the input folder {item}, so sitrep would read its own output; write it elsewhere")
    if not target.exists() or not target.is_file():
        return
    if _is_sqlite(target):
        refuse("is an SQLite database (a sitrep store?); sitrep never writes an export over one "
               "(did you mean --db?)")
    if fmt is not None and not force and not writer_spec(fmt).is_previous_output(target):
        refuse(f"exists and is not a previous sitrep {fmt} output; use --force to replace it")


@contextlib.contextmanager
def _output(path: Optional[Path]) -> Iterator[TextIO]:
    """The chosen output stream: stdout, or the -o file (UTF-8) written whole or not at all.

    The file is written to a temporary file beside it and renamed over it only when the writer has finished,
    so an error, a closed pipe or Ctrl-C half-way leaves any previous file as it was. Devices and pipes
    (`-o /dev/null`) are written in place."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = path.resolve()
    if target.exists() and not target.is_file():
        try:
            handle = target.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise SitrepError(f"cannot write {path}: {exc.strerror or exc}") from exc
        with handle:
            yield handle
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".sitrep-tmp", dir=target.parent)
    except OSError as exc:
        raise SitrepError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        try:
            os.chmod(tmp, _file_mode(target))
            handle = open(fd, "w", encoding="utf-8", newline="")
        except OSError:
            os.close(fd)
            raise
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise SitrepError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def _file_mode(target: Path) -> int:
    """The permissions the output gets: the replaced file's, else what open() would give (0666 less the umask)."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _run(body: Any) -> None:
    """Run a command body; library errors become one message and exit 1, never a traceback."""
    try:
        code = body()
    except SitrepError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_FAILED) from None
    except BrokenPipeError:
        # the reader (`| head`) went away or stdout was closed: one line, no traceback, and stop Python
        # complaining at exit
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _err("output closed before it was complete (broken pipe)")
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
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
    from rich.table import Table
    from rich.text import Text

    from sitrep.writers.table import make_console

    console = make_console()
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



def _gate_option(default: bool) -> Any:
    """--gate/--no-gate: run the relevance gate on the raw text first (articles it holds back are not parsed)."""
    return typer.Option(default, "--gate/--no-gate",
                        help="Run the relevance gate first: articles that cannot report an event are not parsed"
                             + (" (stored as gated; --no-gate parses everything, gated ones again)." if default
                                else "."))
