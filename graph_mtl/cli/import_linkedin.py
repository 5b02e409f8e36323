"""`import-linkedin`: a salesperson's LinkedIn data export, as LinkedIn delivers it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from graph_mtl.cli._common import (
    CreateCustomersOption,
    DryRunOption,
    JsonOption,
    PlaybookOption,
    SalespersonOption,
    StoreOption,
    app,
    open_playbook,
    open_store,
    out,
    print_json,
)
from graph_mtl.cli._imports import IncludeForgottenOption, print_findings
from graph_mtl.domain.wording import count, number
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.networks import import_linkedin

__all__ = ["import_linkedin_cmd"]


@app.command("import-linkedin")
def import_linkedin_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            help="The export zip (Basic_LinkedInDataExport_*.zip), its folder, or Connections.csv."
        ),
    ],
    salesperson: SalespersonOption,
    create_customers: CreateCustomersOption = False,
    dry_run: DryRunOption = False,
    include_forgotten: IncludeForgottenOption = False,
    playbook: PlaybookOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Import a salesperson's connections: one person each, with a tie whose strength
    comes from the evidence (connected since, messages and how recent). Message
    contents are never read into the store. All or nothing; importing the same
    export again changes nothing."""
    rules = open_playbook(playbook)
    with open_store(store) as graph:
        found = import_linkedin(
            graph,
            path,
            salesperson_id=salesperson,
            caller=COMMAND_LINE,
            playbook=rules,
            today=date.today(),
            create_customers=create_customers,
            dry_run=dry_run,
            include_forgotten=include_forgotten,
        )
    if as_json:
        print_json(found)
        return
    verb = "would import" if dry_run else "imported"
    out.print(
        f"{verb} {count(found.connections, 'connection')} of {found.salesperson} "
        f"({found.new_people} new, {found.known_people} known; "
        f"{count(found.hidden, 'hidden profile')} and {count(found.repeated, 'repeated row')} "
        f"skipped; {count(found.messages, 'message')} counted); "
        f"{number(found.matched_companies)} at a known customer, "
        f"{count(found.customers_created, 'customer')} created",
        markup=False,
        highlight=False,
    )
    print_findings(found, can_create=not create_customers)
