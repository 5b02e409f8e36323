"""`find`: people, customers and channels by name, company, title or e-mail."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import JsonOption, StoreOption, app, open_store, out, print_json
from graph_mtl.services.search import Kind, find

__all__ = ["find_cmd"]


@app.command("find")
def find_cmd(
    text: Annotated[str, typer.Argument(help="A name, company, title or e-mail, or part of one.")],
    kind: Annotated[
        Kind | None, typer.Option("--kind", help="Only people, customers or channels.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many matches.")] = 20,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Find people, customers and channels by name (Chinese or Latin, case aside),
    best match first, with the ids every other command takes."""
    with open_store(store) as graph:
        found = find(graph, text, kind=kind, limit=limit)
    if as_json:
        print_json(found)
        return
    if not found.matches:
        out.print(f"Nothing matches {found.query!r}.", markup=False)
        return
    table = Table(title=f"Matches for {found.query!r}", title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("kind", "name", "about"):
        table.add_column(column)
    for m in found.matches:
        table.add_row(m.id, m.kind, m.name, m.detail)
    out.print(table)
