"""`import-crm`: the team's CRM contacts and companies, through a column mapping."""

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
    StoreOption,
    app,
    open_playbook,
    open_store,
    out,
    print_json,
)
from graph_mtl.cli._imports import IncludeForgottenOption, print_findings
from graph_mtl.domain.wording import count
from graph_mtl.ingest.crm import load_mapping
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.networks import import_crm

__all__ = ["import_crm_cmd"]


@app.command("import-crm")
def import_crm_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder holding the contacts (and companies) CSV, or the contacts CSV."
        ),
    ],
    mapping: Annotated[
        str, typer.Option("--mapping", help="hubspot, salesforce, or a mapping file (TOML).")
    ],
    create_customers: CreateCustomersOption = False,
    dry_run: DryRunOption = False,
    include_forgotten: IncludeForgottenOption = False,
    playbook: PlaybookOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Import CRM contacts as people at their customers; a contact owner who is a
    salesperson gets a tie, its strength from the last activity. All or nothing."""
    rules = open_playbook(playbook)
    with open_store(store) as graph:  # a bad mapping is an error like any other here
        found = import_crm(
            graph,
            path,
            load_mapping(mapping),
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
        f"{verb} {count(found.contacts, found.crm + ' contact')} "
        f"({found.new_people:,} new; {found.owned:,} owned by a salesperson); "
        f"{found.matched_companies:,} at a known customer, "
        f"{count(found.customers_created, 'customer')} created",
        markup=False,
        highlight=False,
    )
    print_findings(found, can_create=not create_customers)
