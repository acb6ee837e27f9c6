"""The `sitrep` command: the only place that prints, and that turns errors into messages and exit codes.

apps.py holds the Typer apps and the entry point; common.py what the commands share; each *_cmds module one
group of commands. Importing this package registers them all, in the order `sitrep --help` lists them."""
from __future__ import annotations

from sitrep.cli.apps import _main, app, gazetteer_app, main
from sitrep.cli.common import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, MAX_DATE_NOTICES, _articles, _check_published,
                               _choose_format, _db, _db_option, _err, _output, _print_rows, _Report, _run, _where)
from sitrep.cli import extract_cmds, evaluate_cmds, ingest_cmds, export_cmds, gazetteer_cmds  # noqa: F401  isort: skip
from sitrep.cli import watch_cmds, shard_cmds, serve_cmds, train_cmds  # noqa: F401  isort: skip
from sitrep.cli.evaluate_cmds import evaluate_cmd
from sitrep.cli.export_cmds import CERTAINTIES, _filters, export, stats
from sitrep.cli.extract_cmds import extract, places
from sitrep.cli.gazetteer_cmds import _default_gazetteer_path, _gazetteer_class, gazetteer_build, gazetteer_info
from sitrep.cli.ingest_cmds import ingest, quarantine
from sitrep.cli.watch_cmds import watch

__all__ = ["app", "gazetteer_app", "main"]
