"""`keys`: the API keys, each mapping its holder to one salesperson."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    JsonOption,
    SalespersonOption,
    StoreOption,
    app,
    open_store,
    out,
    print_json,
    resolved,
    sub_app,
)
from graph_mtl.i18n import _
from graph_mtl.services.access import issue_key, revoke_key
from graph_mtl.services.search import resolve

__all__ = ["keys_app"]

keys_app = sub_app("API keys: each maps its holder to one salesperson.")
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    salesperson: SalespersonOption,
    admin: Annotated[
        bool,
        typer.Option(
            "--admin",
            help="An admin key: it may also change salespeople, forget anyone and "
            "import the team's needs, roles, capabilities and channels.",
        ),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Make a key for a salesperson; it is printed once, alone on the last line."""
    with open_store(store) as graph:
        salesperson = resolve(graph, salesperson, "person", field="salesperson")
        issued = issue_key(graph, salesperson, today=date.today(), admin=admin)
    created = (
        _(
            "Created an admin key, {id}, for {salesperson}. Keep the key: it is not stored "
            "and cannot be shown again."
        )
        if admin
        else _(
            "Created a key, {id}, for {salesperson}. Keep the key: it is not stored "
            "and cannot be shown again."
        )
    )
    out.print(
        created.format(id=issued.record.id, salesperson=salesperson),
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
    out.print(_("Revoked {id}.", id=key_id), markup=False, highlight=False)


@keys_app.command("list")
def keys_list(
    salesperson: Annotated[
        str | None,
        typer.Option(
            "--salesperson",
            metavar="PERSON",
            help="Only this salesperson's keys: an id or a whole name.",
        ),
    ] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Every key's id, salesperson, creation date and state (never the key)."""
    with open_store(store) as graph:
        found = graph.api_keys(
            salesperson_id=resolved(graph, salesperson, "person", field="salesperson")
        )
    if as_json:
        print_json({"keys": [k.model_dump(mode="json", exclude={"key_hash"}) for k in found]})
        return
    if not found:
        out.print(_("No API keys."), markup=False)
        return
    table = Table(title=_("API keys"), title_justify="left")
    for column in (_("id"), _("salesperson"), _("created"), _("role"), _("state")):
        table.add_column(column)
    for k in found:
        state = _("revoked") if k.revoked else _("live")
        role = _("admin") if k.admin else _("salesperson")
        table.add_row(k.id, k.salesperson_id, k.created_on.isoformat(), role, state)
    out.print(table)
