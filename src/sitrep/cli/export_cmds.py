"""`sitrep export` and `sitrep stats`: stored events out, filtered, in any registered format; counts."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from sitrep.cli.apps import app
from sitrep.writers.table import make_console
from sitrep.cli.common import (EXIT_OK, _check_output, _check_published, _choose_format, _db, _db_option, _force_option,
                               _output, _raw_csv_option, _run, _writer)

CERTAINTIES = ("confirmed", "reported", "claimed", "unconfirmed")


def _filters(since: Optional[str], until: Optional[str], country: Optional[str], type_: Optional[str],
             min_certainty: Optional[str], include_historical: bool) -> Any:
    """The store's Filters; a filter that can match nothing because it is misspelt is a usage error (exit 2),
    not an empty result."""
    from sitrep.gazetteer.tables import countries_table
    from sitrep.store import Filters
    from sitrep.taxonomy import load_taxonomy

    if min_certainty is not None and min_certainty not in CERTAINTIES:
        raise typer.BadParameter(f"choose from {', '.join(CERTAINTIES)}", param_hint="--min-certainty")
    if since is not None and until is not None and since > until:
        raise typer.BadParameter(f"{since} is after --until {until}: no date can match", param_hint="--since")
    if country is not None and country.upper() not in {row["iso2"].upper() for row in countries_table()}:
        raise typer.BadParameter(f"{country!r} is not an ISO 3166-1 alpha-2 country code (e.g. NG, SY, UA)",
                                 param_hint="--country")
    if type_ is not None:
        taxonomy = load_taxonomy()
        names = {name.lower() for name in (*taxonomy.type_names(), *taxonomy.all_subtypes())}
        if type_.lower() not in names:
            raise typer.BadParameter(f"{type_!r} is no event type or sub-event type; types: "
                                     f"{', '.join(taxonomy.type_names())}", param_hint="--type")
    return Filters(since=since, until=until, country=country, type=type_, min_certainty=min_certainty,
                   include_historical=include_historical)


@app.command()
def export(
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="csv, json, jsonl, geojson, parquet or table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    raw_csv: bool = _raw_csv_option(),
    force: bool = _force_option(),
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

    store_path = _db(db)
    store_files = [store_path, f"{store_path}-wal", f"{store_path}-shm"]
    # the store first, before the format: `-o sitrep.db` is refused as the store, not as an unknown extension
    _check_output(output, None, inputs=store_files, what="store")
    chosen = _choose_format(fmt, output)
    write = _writer(chosen, raw_csv)
    _check_output(output, chosen, inputs=store_files, force=force, what="store")
    filters = dataclasses.replace(_filters(since, until, country, type_, min_certainty, include_historical),
                                  min_articles=min_articles)

    def body() -> int:
        from sitrep.store import Store

        with Store.open(_db(db), readonly=True) as store, _output(output) as stream:
            write(store.events(filters, merged=not per_article), stream)
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
        from rich.table import Table
        from rich.text import Text

        from sitrep.store import Store

        from sitrep.readers.language import language_of_reason
        from sitrep.watch import feed_health

        with Store.open(_db(db), readonly=True) as store:
            totals = store.counts()
            counts = store.stats(filters, merged=not per_article)
            languages: dict[str, int] = {}
            for reason, n in store.quarantine_reasons("not English"):
                lang = language_of_reason(reason) or "unidentified"
                languages[lang] = languages.get(lang, 0) + n
            feeds_health = feed_health(store.conn)
        console = make_console(width=None if sys.stdout.isatty() else 160)
        console.print(Text(f"{_db(db)}: {totals['articles']} articles, {totals['events']} events, "
                           f"{totals['happenings']} happenings after merging, {totals['quarantine']} quarantined inputs"
                           + (f", {totals['gated']} articles held back by the relevance gate (`sitrep gated`)"
                              if totals.get("gated") else "")))
        tables = []
        for name, rows in counts.items():
            table = Table(header_style="bold", title=f"by {name}")
            table.add_column(name)
            table.add_column("events" if per_article else "happenings", justify="right")
            for key, n in rows:
                table.add_row(Text(key), str(n))
            tables.append(table)
        if languages:
            table = Table(header_style="bold", title="quarantined as not English, by language")
            table.add_column("language")
            table.add_column("inputs", justify="right")
            for lang, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])):
                table.add_row(Text(lang), str(n))
            tables.append(table)
        console.print(Columns(tables))
        if feeds_health:
            table = Table(header_style="bold", title="watched feeds")
            for col in ("feed", "last poll", "status", "failures", "entries", "stored", "last error"):
                table.add_column(col, justify="right" if col in ("failures", "entries", "stored") else "left")
            for h in feeds_health:
                table.add_row(Text(h["url"]), Text(h["last_poll"] or "never"), Text(h["last_status"] or ""),
                              str(h["failures"]), str(h["entries"]), str(h["stored"]), Text(h["last_error"] or ""))
            console.print(table)
        return EXIT_OK

    _run(body)

