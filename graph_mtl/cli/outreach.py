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
from graph_mtl.domain.wording import for_reader
from graph_mtl.i18n import _
from graph_mtl.services.outreach import OutreachPlan, PersonPlan, outreach_plan
from graph_mtl.services.phrases import hops, shown
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
        _(
            "{name} ({customer}), {status} customer",
            name=plan.customer_name,
            customer=plan.customer,
            status=shown(plan.status),
        ),
        _("strategy: {strategy}", strategy=shown(plan.strategy)),
        _(
            "coverage {coverage:.0%} within {hops}",
            coverage=plan.coverage,
            hops=hops(plan.max_hops),
        ),
    ]
    body: list[Text | Table] = [Text(" · ".join(head), style="bold")]
    body += [Text(f"- {note}") for note in plan.notes]
    if plan.needs:
        body.append(Text(_("needs: {names}", names=", ".join(n.name for n in plan.needs))))
    body += [
        Text(_("not an opportunity: {name} ({reason})", name=n.name, reason=n.reason))
        for n in plan.not_opportunities
    ]
    if plan.seat_coverage is not None:
        body.append(
            Text(_("coverage by required seats {coverage:.0%}", coverage=plan.seat_coverage))
        )
    body += [
        Text(f"{m.text}" + (_(": ask {whom} who it is", whom=", ".join(m.ask)) if m.ask else ""))
        for m in plan.vacant_seats
    ]
    # A panel wraps its text inside its border; soft wrapping would crop it instead.
    out.print(Panel(Group(*body), title=_("Outreach plan"), title_align="left"), soft_wrap=False)
    if not plan.people:
        out.print(_("No key persons to reach."), markup=False)
    for person in plan.people:
        out.print(_person_panel(person, plan.max_hops), soft_wrap=False)


def _person_panel(person: PersonPlan, max_hops: int) -> Panel:
    lines = [
        Text(person.action, style="bold"),
        Text(_("path: {route}", route=route(person.path, max_hops))),
        Text(
            _(
                "message ({strategy}): {message}",
                strategy=shown(person.strategy),
                message=person.message,
            )
        ),
    ]
    if person.introduction:
        lines.append(
            Text(
                _(
                    "introduction request to {name}: {text}",
                    name=person.ask_name,
                    text=person.introduction,
                )
            )
        )
    if person.channels:
        lines.append(Text(_("channels: {channels}", channels=channel_list(person.channels))))
    title = f"{person.name} · {for_reader(person.role_name)} · {shown(person.power)}"
    return Panel(Group(*lines), title=title, title_align="left")
