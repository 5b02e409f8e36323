"""`committee` (P3): an account's key-person group, the warm path to each member,
the door openers and the gaps; `outreach` (T2): what to say to each and whom to ask."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from graph_mtl.cli._common import (
    FromOption,
    JsonOption,
    MaxHopsOption,
    ModeOption,
    PlaybookOption,
    StoreOption,
    app,
    open_playbook,
    open_store,
    out,
    print_json,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode
from graph_mtl.services.committee import ChannelReach, Committee, committee
from graph_mtl.services.outreach import OutreachPlan, PersonPlan, outreach_plan
from graph_mtl.services.paths import WarmPath

__all__ = ["committee_cmd", "outreach_cmd"]

CustomerArgument = Annotated[str, typer.Argument(help="The customer's id.")]


@app.command("committee")
def committee_cmd(
    customer: CustomerArgument,
    source: FromOption,
    need: Annotated[
        str | None, typer.Option("--need", help="One need (default: all of the customer's).")
    ] = None,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The key-person group of a customer (P3): each member's warm path, the coverage,
    the fewest introducers found who reach them all, and channels for the rest."""
    with open_store(store) as graph:
        group = committee(graph, customer, source, need_id=need, mode=mode, max_hops=max_hops)
    if as_json:
        print_json(group)
        return
    _print_committee(group)


@app.command("outreach")
def outreach_cmd(
    customer: CustomerArgument,
    source: FromOption,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: Annotated[
        int | None,
        typer.Option("--max-hops", help="At most this many ties (default: the playbook's)."),
    ] = None,
    playbook: PlaybookOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """An outreach plan (T2): for each key person, the path to use and whom to ask, the
    message strategy (target: show that we are able; potential: an unexpected insight)
    and an introduction request to send."""
    rules = open_playbook(playbook)
    with open_store(store) as graph:
        plan = outreach_plan(graph, rules, customer, source, mode=mode, max_hops=max_hops)
    if as_json:
        print_json(plan)
        return
    _print_plan(plan)


def _print_committee(group: Committee) -> None:
    about = group.need or "all recorded needs"
    if not group.members:
        out.print(
            f"No key persons at {group.customer_name} ({group.customer}) for {about}.",
            markup=False,
        )
        for note in group.notes:
            out.print(note, markup=False, style="dim")
        return
    table = Table(
        title=f"Key persons at {group.customer_name} ({about}) and the warm path to each",
        caption=(
            f"coverage {group.coverage:.0%}: {group.reached} of {len(group.members)} "
            f"within {group.max_hops} hops"
        ),
        title_justify="left",
    )
    for column in ("person", "role", "power", "strength", "path"):
        table.add_column(column, justify="right" if column == "strength" else "left")
    for m in group.members:
        table.add_row(
            m.name,
            m.role_name,
            m.power.replace("_", " "),
            f"{m.path.strength:.3f}" if m.path else "",
            _route(m.path, group.max_hops),
        )
    out.print(table)
    names = {m.id: m.name for m in group.members}
    if group.door_openers:
        doors = Table(title="Door openers (ask these first)", title_justify="left")
        for column in ("introducer", "tie", "why", "reaches"):
            doors.add_column(column)
        for d in group.door_openers:
            who = f"{d.name} (key person)" if d.is_member else d.name
            doors.add_row(
                who,
                f"{d.strength:.2f}",
                "; ".join(d.reasons),
                ", ".join(names[m] for m in d.reaches),
            )
        out.print(doors)
    if group.gaps:
        gaps = Table(title="Gaps: no warm path; channels instead", title_justify="left")
        for column in ("person", "role", "channels"):
            gaps.add_column(column)
        for g in group.gaps:
            gaps.add_row(g.name, g.role_name, _channels(g.channels) or "no channel reaches them")
        out.print(gaps)
    for note in group.notes:
        out.print(note, markup=False, style="dim")


def _print_plan(plan: OutreachPlan) -> None:
    head = [
        f"{plan.customer_name} ({plan.customer}), {plan.status} customer",
        f"strategy: {plan.strategy.replace('_', ' ')}",
        f"coverage {plan.coverage:.0%} within {plan.max_hops} hops",
    ]
    body: list[Text | Table] = [Text(" · ".join(head), style="bold")]
    body += [Text(f"- {note}") for note in plan.notes]
    if plan.needs:
        body.append(Text("needs: " + ", ".join(n.name for n in plan.needs)))
    body += [Text(f"not an opportunity: {n.name} ({n.reason})") for n in plan.not_opportunities]
    out.print(Panel(Group(*body), title="Outreach plan", title_align="left"))
    if not plan.people:
        out.print("No key persons to reach.", markup=False)
    for person in plan.people:
        out.print(_person_panel(person, plan.max_hops))


def _person_panel(person: PersonPlan, max_hops: int) -> Panel:
    lines = [
        Text(person.action, style="bold"),
        Text(f"path: {_route(person.path, max_hops)}"),
        Text(f"message ({person.strategy.replace('_', ' ')}): {person.message}"),
    ]
    if person.introduction:
        lines.append(Text(f"introduction request to {person.ask_name}: {person.introduction}"))
    if person.channels:
        lines.append(Text(f"channels: {_channels(person.channels)}"))
    title = f"{person.name} · {person.role_name} · {person.power.replace('_', ' ')}"
    return Panel(Group(*lines), title=title, title_align="left")


def _route(path: WarmPath | None, max_hops: int) -> str:
    if path is None:
        return f"no warm path within {max_hops} hops"
    return " > ".join(path.names) + f"  ({path.hops} hop{'s' * (path.hops != 1)})"


def _channels(channels: Sequence[ChannelReach], *, shown: int = 3) -> str:
    parts = [
        f"{c.name} → {'them' if c.reaches == 'person' else 'their company'} {c.strength:.2f}"
        + (f", you reach {c.path.names[-1]} in {c.path.hops} hops" if c.path else "")
        for c in channels[:shown]
    ]
    more = len(channels) - shown
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")
