"""`committee` (P3): an account's committee, the warm path to each member,
the door openers and the gaps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    CustomerArgument,
    FromOption,
    JsonOption,
    MaxHopsOption,
    ModeOption,
    StoreOption,
    Ties,
    app,
    grouped,
    out,
    print_json,
    session,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode
from graph_mtl.domain.wording import for_reader, number
from graph_mtl.i18n import _, ngettext
from graph_mtl.services.committee import ChannelReach, Committee, committee
from graph_mtl.services.paths import WarmPath, knows_them
from graph_mtl.services.phrases import hops, shown
from graph_mtl.services.search import resolve

__all__ = ["channel_list", "committee_cmd", "route"]


@app.command("committee")
@grouped
def committee_cmd(
    customer: CustomerArgument,
    source: FromOption,
    need: Annotated[
        str | None, typer.Option("--need", help="One need (default: all of the customer's).")
    ] = None,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    *,
    ties: Ties,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The committee of a customer (P3): each member's warm path, the coverage,
    the fewest introducers found who reach them all, and channels for the rest."""
    with session(store, source=source, ties=ties) as s:
        customer = resolve(s.view, customer, "customer", field="customer")
        found = committee(
            s.view,
            customer,
            s.salesperson,
            need_id=need,
            mode=mode,
            max_hops=max_hops,
            seats=s.playbook.committees,
        )
    if as_json:
        print_json(found)
        return
    _print_committee(found)


def _print_committee(found: Committee) -> None:
    about = found.need or _("all recorded needs")
    if not found.members:
        out.print(
            _(
                "No key persons at {name} ({customer}) for {about}.",
                name=found.customer_name,
                customer=found.customer,
                about=about,
            ),
            markup=False,
        )
        for note in found.notes:
            out.print(note, markup=False, style="dim")
        return
    table = Table(
        title=_(
            "Key persons at {name} ({about}) and the warm path to each",
            name=found.customer_name,
            about=about,
        ),
        caption=_(
            "coverage {coverage:.0%}: {reached} of {members} within {hops}",
            coverage=found.coverage,
            reached=found.reached,
            members=len(found.members),
            hops=hops(found.max_hops),
        ),
        title_justify="left",
    )
    for at, column in enumerate((_("person"), _("role"), _("power"), _("strength"), _("path"))):
        table.add_column(column, justify="right" if at == 3 else "left")
    for m in found.members:
        table.add_row(
            m.name,
            for_reader(m.role_name),
            shown(m.power),
            f"{m.path.strength:.3f}" if m.path else "",
            knows_them(m.path) if m.known and m.path else route(m.path, found.max_hops),
        )
    out.print(table)
    names = {m.id: m.name for m in found.members}
    if found.door_openers:
        doors = Table(title=_("Door openers (ask these first)"), title_justify="left")
        for column in (_("introducer"), _("tie"), _("why"), _("reaches")):
            doors.add_column(column)
        for d in found.door_openers:
            who = _("{name} (key person)", name=d.name) if d.is_member else d.name
            doors.add_row(
                who,
                f"{d.strength:.2f}",
                "; ".join([*d.reasons, *([d.record] if d.record else [])]),
                ", ".join(names[m] for m in d.reaches),
            )
        out.print(doors)
    if found.gaps:
        gaps = Table(title=_("Gaps: no warm path; channels instead"), title_justify="left")
        for column in (_("person"), _("role"), _("channels")):
            gaps.add_column(column)
        for g in found.gaps:
            reach = channel_list(g.channels) or _("no channel reaches them")
            gaps.add_row(g.name, for_reader(g.role_name), reach)
        out.print(gaps)
    _print_vacant_seats(found)
    for note in found.notes:
        out.print(note, markup=False, style="dim")


def _print_vacant_seats(found: Committee) -> None:
    if found.seat_coverage is not None:
        out.print(
            ngettext(
                "coverage by required seats {coverage:.0%}: {covered} of {n} required seat "
                "held by someone you reach",
                "coverage by required seats {coverage:.0%}: {covered} of {n} required seats "
                "held by someone you reach",
                found.required_seats,
                coverage=found.seat_coverage,
                covered=found.required_seats_covered,
                n=number(found.required_seats),
            ),
            markup=False,
        )
    if not found.vacant_seats:
        return
    table = Table(title=_("Seats nobody is known to hold"), title_justify="left")
    for column in (_("seat"), _("needed"), _("how to find them")):
        table.add_column(column)
    where = channel_list(found.company_channels)
    for m in found.vacant_seats:
        ask = _("ask {whom} who it is", whom=", ".join(m.ask)) if m.ask else ""
        how = "; ".join(part for part in (ask, where) if part) or _("no contact or channel yet")
        table.add_row(m.text, shown("required" if m.required else "optional"), how)
    out.print(table)


def route(path: WarmPath | None, max_hops: int) -> str:
    if path is None:
        return _("no warm path within {hops}", hops=hops(max_hops))
    return " > ".join(path.names) + f"  ({hops(path.hops)})"


def _them(reaches: str) -> str:
    return _("them") if reaches == "person" else _("their company")


def channel_list(channels: Sequence[ChannelReach], *, shown: int = 3) -> str:
    parts = [
        f"{c.name} → {_them(c.reaches)} {c.strength:.2f}"
        + (
            _(", you reach {name} in {hops}", name=c.path.names[-1], hops=hops(c.path.hops))
            if c.path
            else ""
        )
        for c in channels[:shown]
    ]
    more = len(channels) - shown
    return "; ".join(parts) + (_("; +{more} more", more=more) if more > 0 else "")
