"""`find`: people, customers and channels by name, company, title or e-mail."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import JsonOption, StoreOption, app, open_store, out, print_json
from graph_mtl.i18n import _
from graph_mtl.services.phrases import shown
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
        out.print(_("Nothing matches {query!r}.", query=found.query), markup=False)
        return
    table = Table(title=_("Matches for {query!r}", query=found.query), title_justify="left")
    table.add_column(_("id"), no_wrap=True)
    for column in (_("kind"), _("name"), _("about")):
        table.add_column(column)
    for m in found.matches:
        table.add_row(m.id, shown(m.kind), m.name, m.detail)
    out.print(table)
