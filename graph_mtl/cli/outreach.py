"""`outreach` (T2): for each key person of an account, what to say and whom to ask."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from graph_mtl.cli._common import (
    CustomerArgument,
    FromOption,
    JsonOption,
    ModeOption,
    PlaybookOption,
    StoreOption,
    Ties,
    app,
    grouped,
    out,
    print_json,
    session,
)
from graph_mtl.cli.committee import channel_list, route
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.wording import count
from graph_mtl.services.outreach import OutreachPlan, PersonPlan, outreach_plan
from graph_mtl.services.search import resolve

__all__ = ["outreach_cmd"]


@app.command("outreach")
@grouped
def outreach_cmd(
    customer: CustomerArgument,
    source: FromOption,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: Annotated[
        int | None,
        typer.Option("--max-hops", help="At most this many ties (default: the playbook's)."),
    ] = None,
    playbook: PlaybookOption = None,
    *,
    ties: Ties,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """An outreach plan (T2): for each key person, the path to use and whom to ask, the
    message strategy (target: show that we are able; potential: an unexpected insight)
    and an introduction request to send."""
    with session(store, source=source, playbook=playbook, ties=ties) as s:
        customer = resolve(s.view, customer, "customer", field="customer")
        plan = outreach_plan(
            s.view, s.playbook, customer, s.salesperson, mode=mode, max_hops=max_hops
        )
    if as_json:
        print_json(plan)
        return
    _print_plan(plan)


def _print_plan(plan: OutreachPlan) -> None:
    head = [
        f"{plan.customer_name} ({plan.customer}), {plan.status} customer",
        f"strategy: {plan.strategy.replace('_', ' ')}",
        f"coverage {plan.coverage:.0%} within {count(plan.max_hops, 'hop')}",
    ]
    body: list[Text | Table] = [Text(" · ".join(head), style="bold")]
    body += [Text(f"- {note}") for note in plan.notes]
    if plan.needs:
        body.append(Text("needs: " + ", ".join(n.name for n in plan.needs)))
    body += [Text(f"not an opportunity: {n.name} ({n.reason})") for n in plan.not_opportunities]
    if plan.seat_coverage is not None:
        body.append(Text(f"coverage by required seats {plan.seat_coverage:.0%}"))
    body += [
        Text(f"{m.text}" + (f": ask {', '.join(m.ask)} who it is" if m.ask else ""))
        for m in plan.vacant_seats
    ]
    # A panel wraps its text inside its border; soft wrapping would crop it instead.
    out.print(Panel(Group(*body), title="Outreach plan", title_align="left"), soft_wrap=False)
    if not plan.people:
        out.print("No key persons to reach.", markup=False)
    for person in plan.people:
        out.print(_person_panel(person, plan.max_hops), soft_wrap=False)


def _person_panel(person: PersonPlan, max_hops: int) -> Panel:
    lines = [
        Text(person.action, style="bold"),
        Text(f"path: {route(person.path, max_hops)}"),
        Text(f"message ({person.strategy.replace('_', ' ')}): {person.message}"),
    ]
    if person.introduction:
        lines.append(Text(f"introduction request to {person.ask_name}: {person.introduction}"))
    if person.channels:
        lines.append(Text(f"channels: {channel_list(person.channels)}"))
    title = f"{person.name} · {person.role_name} · {person.power.replace('_', ' ')}"
    return Panel(Group(*lines), title=title, title_align="left")
