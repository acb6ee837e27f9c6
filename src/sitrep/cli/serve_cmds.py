"""`sitrep serve`: the store as a web page and a JSON API, read-only."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import EXIT_OK, _db, _db_option, _err, _run


@app.command()
def serve(
    db: Optional[Path] = _db_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (another than loopback needs --token)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port (0: any free one)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="SITREP_TOKEN",
                                        help="Secret every request must carry (needed for a non-loopback --host; "
                                             "only secret behind TLS)."),
    tiles: Optional[str] = typer.Option(None, "--tiles", help="Online map tiles URL template ({z}/{x}/{y}); "
                                        "off by default, since tiles tell a third party where you look."),
) -> None:
    """Serve the store as a map with evidence cards and a JSON API (read-only) until Ctrl-C."""

    def body() -> int:
        from sitrep.serve import Server, assets_missing

        server = Server(_db(db), host=host, port=port, token=token, tiles=tiles)
        missing = assets_missing()
        if missing:
            _err(f"the map's files are not installed ({', '.join(missing)}): run `npm ci` in the repository "
                 "root; the API works without them")
        if tiles:
            _err(f"online tiles from {tiles}: the tile server sees which parts of the map you look at")
        url = server.url + (f"?token={token}" if token else "")
        typer.echo(f"sitrep: serving {_db(db)} read-only at {url} (Ctrl-C to stop)", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            _err("stopped")
        finally:
            server.close()
        return EXIT_OK

    _run(body)
