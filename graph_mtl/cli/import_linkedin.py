"""`import-linkedin`: a salesperson's LinkedIn data export, as LinkedIn delivers it."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from graph_mtl.cli._common import SalespersonOption, app, grouped
from graph_mtl.cli._imports import Importing, run_import
from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, ngettext
from graph_mtl.services.networks import NetworkImport, import_linkedin

__all__ = ["import_linkedin_cmd"]


@app.command("import-linkedin")
@grouped
def import_linkedin_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            help="The export zip (Basic_LinkedInDataExport_*.zip), its folder, or Connections.csv."
        ),
    ],
    salesperson: SalespersonOption,
    *,
    how: Importing,
) -> None:
    """Import a salesperson's connections: one person each, with a tie whose strength
    comes from the evidence (connected since, messages and how recent). Message
    contents are never read into the store. All or nothing; importing the same
    export again changes nothing."""
    run_import(
        partial(import_linkedin, path=path), how, headline=_headline, salesperson=salesperson
    )


def _headline(found: NetworkImport, salesperson: str) -> str:
    return _counted(found, salesperson) + _more(found)


def _more(n: NetworkImport) -> str:
    """What the export's other files gave, when they gave anything."""
    if not (n.skipped_messages or n.joined or n.invitations_pending or n.positions):
        return ""
    return _(
        "; {skipped} not counted (spam, drafts, sponsored); {joined} joined to their "
        "profile by name; {pending} without a tie; {positions} of the salesperson's own",
        skipped=ngettext(
            "{n} message", "{n} messages", n.skipped_messages, n=number(n.skipped_messages)
        ),
        joined=ngettext("{n} connection", "{n} connections", n.joined, n=number(n.joined)),
        pending=ngettext(
            "{n} pending invitation",
            "{n} pending invitations",
            n.invitations_pending,
            n=number(n.invitations_pending),
        ),
        positions=ngettext("{n} position", "{n} positions", n.positions, n=number(n.positions)),
    )


def _counted(n: NetworkImport, salesperson: str) -> str:
    return _(
        "{connections} of {salesperson} ({new} new, {known} known; {hidden} and {repeated} "
        "skipped; {messages} counted); {matched} at a known customer, {created} created",
        connections=ngettext(
            "{n} connection", "{n} connections", n.connections, n=number(n.connections)
        ),
        salesperson=salesperson,
        new=n.new_people,
        known=n.known_people,
        hidden=ngettext("{n} hidden profile", "{n} hidden profiles", n.hidden, n=number(n.hidden)),
        repeated=ngettext(
            "{n} repeated row", "{n} repeated rows", n.repeated, n=number(n.repeated)
        ),
        messages=ngettext("{n} message", "{n} messages", n.messages, n=number(n.messages)),
        matched=number(n.matched_companies),
        created=ngettext(
            "{n} customer",
            "{n} customers",
            n.customers_created,
            n=number(n.customers_created),
        ),
    )
