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
from graph_mtl.domain.wording import count
from graph_mtl.services.committee import ChannelReach, Committee, committee
from graph_mtl.services.paths import WarmPath, knows_them
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
    about = found.need or "all recorded needs"
    if not found.members:
        out.print(
            f"No key persons at {found.customer_name} ({found.customer}) for {about}.",
            markup=False,
        )
        for note in found.notes:
            out.print(note, markup=False, style="dim")
        return
    table = Table(
        title=f"Key persons at {found.customer_name} ({about}) and the warm path to each",
        caption=(
            f"coverage {found.coverage:.0%}: {found.reached} of {len(found.members)} "
            f"within {count(found.max_hops, 'hop')}"
        ),
        title_justify="left",
    )
    for column in ("person", "role", "power", "strength", "path"):
        table.add_column(column, justify="right" if column == "strength" else "left")
    for m in found.members:
        table.add_row(
            m.name,
            m.role_name,
            m.power.replace("_", " "),
            f"{m.path.strength:.3f}" if m.path else "",
            knows_them(m.path) if m.known and m.path else route(m.path, found.max_hops),
        )
    out.print(table)
    names = {m.id: m.name for m in found.members}
    if found.door_openers:
        doors = Table(title="Door openers (ask these first)", title_justify="left")
        for column in ("introducer", "tie", "why", "reaches"):
            doors.add_column(column)
        for d in found.door_openers:
            who = f"{d.name} (key person)" if d.is_member else d.name
            doors.add_row(
                who,
                f"{d.strength:.2f}",
                "; ".join([*d.reasons, *([d.record] if d.record else [])]),
                ", ".join(names[m] for m in d.reaches),
            )
        out.print(doors)
    if found.gaps:
        gaps = Table(title="Gaps: no warm path; channels instead", title_justify="left")
        for column in ("person", "role", "channels"):
            gaps.add_column(column)
        for g in found.gaps:
            gaps.add_row(g.name, g.role_name, channel_list(g.channels) or "no channel reaches them")
        out.print(gaps)
    _print_vacant_seats(found)
    for note in found.notes:
        out.print(note, markup=False, style="dim")


def _print_vacant_seats(found: Committee) -> None:
    if found.seat_coverage is not None:
        out.print(
            f"coverage by required seats {found.seat_coverage:.0%}: {found.required_seats_covered} "
            f"of {count(found.required_seats, 'required seat')} held by someone you reach",
            markup=False,
        )
    if not found.vacant_seats:
        return
    table = Table(title="Seats nobody is known to hold", title_justify="left")
    for column in ("seat", "needed", "how to find them"):
        table.add_column(column)
    where = channel_list(found.company_channels)
    for m in found.vacant_seats:
        ask = f"ask {', '.join(m.ask)} who it is" if m.ask else ""
        how = "; ".join(part for part in (ask, where) if part) or "no contact or channel yet"
        table.add_row(m.text, "required" if m.required else "optional", how)
    out.print(table)


def route(path: WarmPath | None, max_hops: int) -> str:
    if path is None:
        return f"no warm path within {count(max_hops, 'hop')}"
    return " > ".join(path.names) + f"  ({count(path.hops, 'hop')})"


def channel_list(channels: Sequence[ChannelReach], *, shown: int = 3) -> str:
    parts = [
        f"{c.name} → {'them' if c.reaches == 'person' else 'their company'} {c.strength:.2f}"
        + (f", you reach {c.path.names[-1]} in {count(c.path.hops, 'hop')}" if c.path else "")
        for c in channels[:shown]
    ]
    more = len(channels) - shown
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")
