"""`intros`: ask a connector for an introduction, record the answer, see what is pending."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    FromOption,
    JsonOption,
    MaxHopsOption,
    PlaybookOption,
    StoreOption,
    app,
    open_store,
    out,
    print_json,
    resolved,
    session,
    sub_app,
)
from graph_mtl.domain.models import IntroStatus
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS
from graph_mtl.i18n import _
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.intros import Intro, list_intros, request_intro, update_intro
from graph_mtl.services.phrases import shown
from graph_mtl.services.search import resolve
from graph_mtl.services.team_view import TeamView

__all__ = ["intros_app"]

intros_app = sub_app("Introduction requests: ask, record the answer, see what is open.")
app.add_typer(intros_app, name="intros")

NoteOption = Annotated[str, typer.Option("--note", help="Why, or what was said.")]


class Shown(StrEnum):
    OPEN = "open"
    ALL = "all"


@intros_app.command("request")
def request_cmd(
    source: FromOption,
    to: Annotated[
        str,
        typer.Option("--to", help="The person to be introduced to: an id or a whole name."),
    ],
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help="The connector to ask, an id or a whole name (default: the best path's first hop).",
        ),
    ] = None,
    note: NoteOption = "",
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Ask a connector to introduce you to someone; the request starts as requested."""
    with open_store(store) as graph:
        source = resolve(graph, source, "person", field="from")
        to = resolve(graph, to, "person", field="to")
        via = via and resolve(graph, via, "person", field="via")
        intro = request_intro(
            TeamView.of(graph, source),
            COMMAND_LINE,
            source=source,
            target=to,
            via=via,
            note=note,
            today=date.today(),
            max_hops=max_hops,
        )
    _print(
        intro,
        as_json,
        _(
            "Requested {id}: ask {via} to introduce you to {to}.",
            id=intro.id,
            via=intro.via_name,
            to=intro.to_name,
        ),
    )


@intros_app.command("list")
def list_cmd(
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PERSON",
            help="Only this salesperson's requests: an id or a whole name.",
        ),
    ] = None,
    status: Annotated[
        Shown, typer.Option("--status", help="open (requested or accepted), or all.")
    ] = Shown.OPEN,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Introduction requests, newest first: the open ones, or all of them."""
    with open_store(store) as graph:
        source = resolved(graph, source, "person", field="from")
        found = list_intros(graph, COMMAND_LINE, source=source, status=status.value)
    if as_json:
        print_json(found)
        return
    if not found.intros:
        none = _("No open introduction requests.") if status is Shown.OPEN else None
        out.print(none or _("No introduction requests."), markup=False)
        return
    title = _("Introduction requests ({status})", status=shown(status.value))
    table = Table(title=title, title_justify="left")
    table.add_column(_("id"), no_wrap=True, min_width=16)  # to be copied whole
    columns = (_("requested"), _("from"), _("to"), _("via"), _("status"), _("updated"))
    for column in columns:
        table.add_column(column)
    for i in found.intros:
        table.add_row(
            i.id,
            str(i.requested_on),
            i.salesperson_name,
            i.to_name,
            i.via_name,
            shown(i.status),
            str(i.updated_on),
        )
    out.print(table)


@intros_app.command("update")
def update_cmd(
    intro_id: Annotated[str, typer.Argument(help="The request's id (intros list shows it).")],
    status: Annotated[
        IntroStatus,
        typer.Option(
            "--status",
            help="The next step: accepted, declined or withdrawn, then met or no_response.",
        ),
    ],
    note: NoteOption = "",
    playbook: PlaybookOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Record a request's next step: accepted, declined or withdrawn, then met or
    no_response. Met gives you a tie to the person."""
    with session(store, playbook=playbook) as s:
        intro = update_intro(
            s.store,
            s.caller,
            intro_id,
            status=status,
            note=note,
            today=date.today(),
            rules=s.playbook.evidence,
        )
    _print(intro, as_json, _("{id} is now {status}.", id=intro.id, status=shown(intro.status)))


def _print(intro: Intro, as_json: bool, line: str) -> None:
    if as_json:
        print_json(intro)
    else:
        out.print(line, markup=False)
