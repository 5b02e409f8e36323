"""`serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import atexit
import ipaddress
import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from graph_mtl.cli._common import StoreOption, app, err
from graph_mtl.i18n import _
from graph_mtl.settings import get_settings

__all__ = ["is_loopback"]


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Serve the demo data from memory without keys, any `from` allowed "
            "(loopback only).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes; on the embedded store they share one search index.",
        ),
    ] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs and /openapi.json)."""
    if demo and not is_loopback(host):
        err.print(
            _("error: --demo serves without keys, so only on loopback; not on {host}", host=host),
            markup=False,
        )
        raise typer.Exit(2)
    from api.app import create_app
    from api.server import run

    settings = get_settings(store=store)
    where = (
        f"http://[{host}]:{port}" if ":" in host and "[" not in host else f"http://{host}:{port}"
    )
    err.print(
        _("graph-mtl's page: {where}/app    API docs: {where}/docs", where=where), markup=False
    )
    if workers > 1:
        # Each worker process builds its own app from the environment.
        if store is not None:
            os.environ["GRAPH_MTL_STORE"] = store
        os.environ["GRAPH_MTL_DEMO"] = "1" if demo else ""
        if demo and settings.server_state is None:  # the workers' demo stores are their own
            scratch = tempfile.mkdtemp(prefix="graph-mtl-server-")
            atexit.register(shutil.rmtree, scratch, ignore_errors=True)
            os.environ["GRAPH_MTL_SERVER_STATE"] = str(Path(scratch) / "server.db")
        run(
            "api.app:app_from_environment",
            header_timeout=settings.header_timeout,
            factory=True,
            host=host,
            port=port,
            workers=workers,
        )
        return
    run(
        create_app(settings, demo=demo),
        header_timeout=settings.header_timeout,
        host=host,
        port=port,
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
