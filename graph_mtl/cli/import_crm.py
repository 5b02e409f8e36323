"""`import-crm`: the team's CRM contacts and companies, through a column mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from graph_mtl.cli._common import app, grouped
from graph_mtl.cli._imports import Importing, run_import
from graph_mtl.domain.ports import GraphStore
from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, ngettext
from graph_mtl.ingest.crm import load_mapping
from graph_mtl.services.networks import CrmImport, import_crm

__all__ = ["import_crm_cmd"]


@app.command("import-crm")
@grouped
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
    *,
    how: Importing,
) -> None:
    """Import CRM contacts as people at their customers; a contact owner who is a
    salesperson gets a tie, its strength from the last activity. All or nothing."""

    def crm(store: GraphStore, **shared: Any) -> CrmImport:
        # A bad mapping is an error like any other here.
        return import_crm(store, path, load_mapping(mapping), **shared)

    run_import(crm, how, headline=_headline)


def _headline(found: CrmImport, _salesperson: str) -> str:
    return _(
        "{contacts} ({new:,} new; {owned:,} owned by a salesperson); "
        "{matched:,} at a known customer, {created} created",
        contacts=ngettext(
            "{n} {crm} contact",
            "{n} {crm} contacts",
            found.contacts,
            n=number(found.contacts),
            crm=found.crm,
        ),
        new=found.new_people,
        owned=found.owned,
        matched=found.matched_companies,
        created=ngettext(
            "{n} customer",
            "{n} customers",
            found.customers_created,
            n=number(found.customers_created),
        ),
    )
