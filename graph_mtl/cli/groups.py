"""`committee`: an account's key-person group and the warm path to each member."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    FromOption,
    JsonOption,
    MaxHopsOption,
    ModeOption,
    StoreOption,
    app,
    open_store,
    out,
    print_json,
)
from graph_mtl.services import groups
from graph_mtl.services.paths import DEFAULT_MAX_HOPS, Mode, WarmPath, warm_paths


@app.command()
def committee(
    customer: Annotated[str, typer.Argument(help="The customer's id.")],
    source: FromOption,
    need: Annotated[
        str | None, typer.Option("--need", help="One need (default: all of the customer's).")
    ] = None,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The key-person group of a customer and the warm path to each member."""
    with open_store(store) as graph:
        members = groups.key_persons(graph, customer, need_id=need)
        reached = {
            m.id: warm_paths(graph, source, m.id, mode=mode, max_hops=max_hops) for m in members
        }
    if as_json:
        print_json(
            {
                "customer": customer,
                "members": [
                    {**m.model_dump(mode="json"), "path": _first(reached[m.id])} for m in members
                ],
            }
        )
        return
    table = Table(
        title=f"Key persons at {customer} and the warm path to each", title_justify="left"
    )
    for column in ("person", "role", "power", "strength", "path"):
        table.add_column(column)
    for m in members:
        best = reached[m.id]
        table.add_row(
            m.name,
            m.role_name,
            m.power.replace("_", " "),
            f"{best[0].strength:.3f}" if best else "",
            " > ".join(best[0].names) if best else f"no warm path within {max_hops} hops",
        )
    out.print(table)


def _first(found: list[WarmPath]) -> dict[str, Any] | None:
    return found[0].model_dump(mode="json") if found else None
