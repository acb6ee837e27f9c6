"""`sitrep ingest --engine ray` (the body) and `sitrep load`: Parquet shards written on Ray, then stored."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import EXIT_FAILED, EXIT_OK, _db, _db_option, _err, _run

ENGINES = ("local", "ray")


def check_engine(value: str) -> str:
    """--engine: local or ray (a usage error otherwise)."""
    if value not in ENGINES:
        raise typer.BadParameter(f"unknown engine {value!r}; choose from {', '.join(ENGINES)}")
    return value


def ray_ingest(inputs: list[str], db: Path, shards: Optional[str], address: Optional[str], actors: int,
               published: Optional[str]) -> int:
    """Run the shards of `inputs` on Ray into `shards` (a temporary folder beside the store when not given),
    then load them into the store at `db`; the exit status."""
    from sitrep.engines.ray_engine import RayOptions, require_ray
    from sitrep.ray_job import load_shards, run_shards
    from sitrep.settings import Settings

    require_ray()
    temporary = shards is None
    out = shards or tempfile.mkdtemp(prefix=".sitrep-shards-", dir=str(Path(db).resolve().parent))
    try:
        # kept shards get their clusters too (clusters/), for readers of the shards; the store dedups on load
        run = run_shards(inputs, out, Settings(), RayOptions(address=address, actors=actors), published=published,
                         dedup=not temporary)
        _err(f"ray: {run.shards} shards, {run.articles} articles ({run.events} events), {run.quarantined} "
             f"quarantined in {run.seconds:.1f} s" + ("" if temporary else f"; {run.clusters} clusters; shards in {out}"))
        loaded = load_shards(out, db)
    finally:
        if temporary:
            shutil.rmtree(out, ignore_errors=True)
    _err(f"{loaded.stored} articles stored ({loaded.events} events), {loaded.skipped} already stored, "
         f"{loaded.quarantined} quarantined, {loaded.clusters} clusters into {db}")
    if loaded.quarantined:
        _err("see `sitrep quarantine` for the inputs that could not be used")
    return EXIT_FAILED if loaded.quarantined else EXIT_OK


@app.command()
def load(
    shards: str = typer.Argument(..., metavar="SHARDS", help="A shard folder written by `sitrep ingest --engine ray --shards`."),
    db: Optional[Path] = _db_option(),
) -> None:
    """Bring a folder of Parquet shards into the store (articles already stored are skipped); then dedup."""

    def body() -> int:
        from sitrep.ray_job import load_shards

        stats = load_shards(shards, _db(db))
        _err(f"{stats.shards} shards: {stats.stored} articles stored ({stats.events} events), {stats.skipped} "
             f"already stored, {stats.quarantined} quarantined, {stats.clusters} clusters into {_db(db)}")
        return EXIT_FAILED if stats.quarantined else EXIT_OK

    _run(body)
