"""`team`: the opt-in team network, whose ties may carry teammates' paths, and who on
the team is closest to an account's key persons."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    JsonOption,
    MaxHopsOption,
    ModeOption,
    SalespersonOption,
    StoreOption,
    app,
    open_store,
    out,
    print_json,
    session,
    sub_app,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode
from graph_mtl.i18n import _
from graph_mtl.services.access import COMMAND_LINE, set_sharing
from graph_mtl.services.phrases import hops
from graph_mtl.services.search import resolve
from graph_mtl.services.team_closest import TeamClosest, team_closest

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


@team_app.command("closest")
def team_closest_cmd(
    target: Annotated[
        str,
        typer.Argument(
            metavar="ACCOUNT|PERSON",
            help="An account (its key persons) or one person: an id or a whole name.",
        ),
    ],
    need: Annotated[
        str | None,
        typer.Option("--need", help="One need of the account (default: all of its needs)."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PERSON",
            help="The salesperson you are (default: nobody's position, as an admin sees the team).",
        ),
    ] = None,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Who on the team is closest to each key person of an account (or to one person):
    the salespeople ranked by their best chain, whom each would ask first, and your own
    chain beside them. A salesperson who does not share their ties is listed only to
    themself and to admins."""
    with session(store, source=source) as s:
        found = team_closest(
            s.store, target, source=s.source, need_id=need, mode=mode, max_hops=max_hops
        )
    if as_json:
        print_json(found)
        return
    _print_closest(found)


def _print_closest(found: TeamClosest) -> None:
    if not found.people:
        out.print(
            _("No key persons at {name} ({id}).", name=found.target_name, id=found.target),
            markup=False,
        )
        return
    for person in found.people:
        title = (
            _("Closest to {name} ({role})", name=person.name, role=person.role_name)
            if person.role_name
            else _("Closest to {name}", name=person.name)
        )
        if not person.teammates:
            out.print(
                _("{title}: no salesperson within {hops}", title=title, hops=hops(found.max_hops)),
                markup=False,
            )
            continue
        table = Table(title=title, title_justify="left")
        for at, column in enumerate(
            ("#", _("salesperson"), _("asks first"), _("strength"), _("hops"), _("chain"))
        ):
            table.add_column(column, justify="right" if at in (0, 3, 4) else "left")
        for rank, chain in enumerate(person.teammates, start=1):
            who = _("{name} (you)", name=chain.name) if chain.you else chain.name
            table.add_row(
                str(rank),
                who,
                chain.ask_name,
                f"{chain.strength:.3f}",
                str(chain.hops),
                " > ".join(chain.path.names),
            )
        out.print(table)
        if found.source is not None:
            own = (
                _(
                    "your chain: {names} ({strength:.3f}, {hops})",
                    names=" > ".join(person.own.names),
                    strength=person.own.strength,
                    hops=hops(person.own.hops),
                )
                if person.own
                else _("your chain: none within {hops}", hops=hops(found.max_hops))
            )
            out.print(own, markup=False, highlight=False)
