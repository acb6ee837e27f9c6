"""The Typer apps of the `sitrep` command, its global options and the console entry point.

The commands are defined in the *_cmds modules, which register on these apps when sitrep.cli imports them."""
from __future__ import annotations

import logging
import sys

import typer

app = typer.Typer(
    name="sitrep",
    help="News reports in, traceable event records out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build or inspect the on-disk GeoNames index.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@app.callback()
def _main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress and warnings.")) -> None:
    """News reports in, traceable event records out."""
    from sitrep.cli.common import _guard_std_streams

    _guard_std_streams()
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="sitrep: %(name)s: %(message)s",
                        stream=sys.stderr)


def main() -> None:
    """Console entry point."""
    app()
