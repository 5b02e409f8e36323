"""`serve` (the HTTP API under uvicorn), `keys` (API keys) and `team` (the opt-in
team network)."""

from __future__ import annotations

import ipaddress
import os
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import JsonOption, StoreOption, app, err, open_store, out, print_json
from graph_mtl.domain.access import issue_key, revoke_key, set_sharing
from graph_mtl.settings import Settings

__all__ = ["is_loopback", "keys_app", "team_app"]

keys_app = typer.Typer(help="API keys: each maps its holder to one salesperson.")
team_app = typer.Typer(help="The team network: whose ties may carry teammates' paths.")
app.add_typer(keys_app, name="keys")
app.add_typer(team_app, name="team")

SalespersonOption = Annotated[
    str, typer.Option("--salesperson", help="The salesperson's person id.")
]


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
            f"error: --demo serves without keys, so only on loopback; not on {host}",
            markup=False,
        )
        raise typer.Exit(2)
    import uvicorn

    from api.app import create_app

    if workers > 1:
        # Each worker process builds its own app from the environment.
        if store is not None:
            os.environ["GRAPH_MTL_STORE"] = store
        os.environ["GRAPH_MTL_DEMO"] = "1" if demo else ""
        uvicorn.run(
            "api.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
        )
        return
    settings = Settings() if store is None else Settings(store=store)
    uvicorn.run(create_app(settings, demo=demo), host=host, port=port, log_level="info")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@keys_app.command("create")
def keys_create(salesperson: SalespersonOption, store: StoreOption = None) -> None:
    """Make a key for a salesperson; it is printed once, alone on the last line."""
    with open_store(store) as graph:
        issued = issue_key(graph, salesperson, today=date.today())
    out.print(
        f"Created {issued.record.id} for {salesperson}. Keep the key: it is not stored "
        "and cannot be shown again.",
        markup=False,
        highlight=False,
    )
    print(issued.key)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (see `keys list`).")],
    store: StoreOption = None,
) -> None:
    """Revoke a key for good: it stops working at once."""
    with open_store(store) as graph:
        revoke_key(graph, key_id)
    out.print(f"Revoked {key_id}.", markup=False, highlight=False)


@keys_app.command("list")
def keys_list(
    salesperson: Annotated[
        str | None, typer.Option("--salesperson", help="Only this salesperson's keys.")
    ] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Every key's id, salesperson, creation date and state (never the key)."""
    with open_store(store) as graph:
        found = graph.api_keys(salesperson_id=salesperson)
    if as_json:
        print_json({"keys": [k.model_dump(mode="json", exclude={"key_hash"}) for k in found]})
        return
    if not found:
        out.print("No API keys.", markup=False)
        return
    table = Table(title="API keys", title_justify="left")
    for column in ("id", "salesperson", "created", "state"):
        table.add_column(column)
    for k in found:
        state = "revoked" if k.revoked else "live"
        table.add_row(k.id, k.salesperson_id, k.created_on.isoformat(), state)
    out.print(table)


@team_app.command("share")
def team_share(
    salesperson: SalespersonOption,
    off: Annotated[bool, typer.Option("--off", help="Opt out again.")] = False,
    store: StoreOption = None,
) -> None:
    """Opt a salesperson in to the team network: their ties may carry teammates'
    paths, which then name them as the one to ask (never their ties' context)."""
    with open_store(store) as graph:
        member = set_sharing(graph, salesperson, shared=not off)
    state = "shares" if member.shared else "does not share"
    out.print(
        f"{member.name} ({member.id}) {state} their ties with the team network.",
        markup=False,
        highlight=False,
    )
