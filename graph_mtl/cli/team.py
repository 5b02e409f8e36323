"""`team`: the opt-in team network, whose ties may carry teammates' paths."""

from __future__ import annotations

from typing import Annotated

import typer

from graph_mtl.cli._common import SalespersonOption, StoreOption, app, open_store, out, sub_app
from graph_mtl.services.access import COMMAND_LINE, set_sharing

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
        member = set_sharing(graph, COMMAND_LINE, salesperson, shared=not off)
    state = "shares" if member.shared else "does not share"
    out.print(
        f"{member.name} ({member.id}) {state} their ties with the team network.",
        markup=False,
        highlight=False,
    )
