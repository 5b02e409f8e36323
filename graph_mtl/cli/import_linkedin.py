"""`import-linkedin`: a salesperson's LinkedIn data export, as LinkedIn delivers it."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from graph_mtl.cli._common import SalespersonOption, app, grouped
from graph_mtl.cli._imports import Importing, run_import
from graph_mtl.domain.wording import count, number
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
        partial(import_linkedin, path=path, salesperson_id=salesperson), how, headline=_headline
    )


def _headline(found: NetworkImport) -> str:
    return (
        f"{count(found.connections, 'connection')} of {found.salesperson} "
        f"({found.new_people} new, {found.known_people} known; "
        f"{count(found.hidden, 'hidden profile')} and {count(found.repeated, 'repeated row')} "
        f"skipped; {count(found.messages, 'message')} counted); "
        f"{number(found.matched_companies)} at a known customer, "
        f"{count(found.customers_created, 'customer')} created"
    )
