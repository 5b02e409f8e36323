"""`team`: the opt-in team network, whose ties may carry teammates' paths."""

from __future__ import annotations

from typing import Annotated

import typer

from graph_mtl.cli._common import SalespersonOption, StoreOption, app, open_store, out, sub_app
from graph_mtl.i18n import _
from graph_mtl.services.access import COMMAND_LINE, set_sharing
from graph_mtl.services.search import resolve

__all__ = ["team_app"]

team_app = sub_app("The team network: whose ties may carry teammates' paths.")
app.add_typer(team_app, name="team")


@team_app.command("share")
def team_share(
    salesperson: SalespersonOption,
    off: Annotated[bool, typer.Option("--off", help="Opt out again.")] = False,
    store: StoreOption = None,
) -> None:
    """Opt a salesperson in to the team network: their ties may carry teammates'
    paths, which then name them as the one to ask (never their ties' context)."""
    with open_store(store) as graph:
        salesperson = resolve(graph, salesperson, "person", field="salesperson")
        member = set_sharing(graph, COMMAND_LINE, salesperson, shared=not off)
    shares = (
        _("{name} ({id}) shares their ties with the team network.")
        if member.shared
        else _("{name} ({id}) does not share their ties with the team network.")
    )
    out.print(
        shares.format(name=member.name, id=member.id),
        markup=False,
        highlight=False,
    )
