"""`export-crm`: the warm paths to the key persons of a salesperson's accounts, as
the file the CRM's own importer reads (graph_mtl/services/crm_paths.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from graph_mtl.cli._common import (
    FromOption,
    MaxHopsOption,
    PlaybookOption,
    StoreOption,
    Ties,
    app,
    err,
    grouped,
    out,
    session,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS
from graph_mtl.errors import GraphMtlError
from graph_mtl.i18n import _, ngettext
from graph_mtl.ingest.crm_export import paths_csv
from graph_mtl.ingest.crm_mapping import load_mapping
from graph_mtl.services.crm_paths import CrmPaths, crm_paths

__all__ = ["export_crm_cmd"]


@app.command("export-crm")
@grouped
def export_crm_cmd(
    mapping: Annotated[
        str, typer.Option("--mapping", help="hubspot, salesforce, or a mapping file (TOML).")
    ],
    source: FromOption,
    out_path: Annotated[
        str,
        typer.Option("--out", help="The CSV file to write, or - for standard output."),
    ] = "-",
    customers: Annotated[
        list[str] | None,
        typer.Option(
            "--customers",
            help="Only these customers (repeat the option, or separate ids with commas).",
            show_default=False,
        ),
    ] = None,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    *,
    ties: Ties,
    playbook: PlaybookOption = None,
    store: StoreOption = None,
) -> None:
    """Write the file the CRM's importer reads to update its contacts: for each key
    person of your target accounts, the best connector to ask, the chain's strength
    and hops and the last interaction, keyed by the CRM's record id or e-mail."""
    try:
        columns = load_mapping(mapping)
    except GraphMtlError as exc:
        _fail(str(exc))
    named = [c for value in customers or () for c in value.replace(",", " ").split()] or None
    with session(store, source=source, playbook=playbook, ties=ties) as s:
        found = crm_paths(
            s.view, s.playbook, s.salesperson, columns, customers=named, max_hops=max_hops
        )
        text = paths_csv(found.rows, columns)
    if out_path == "-":
        sys.stdout.write(text)
        return
    try:
        Path(out_path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        _fail(_("cannot write {path}: {reason}", path=out_path, reason=exc.strerror or exc))
    out.print(_summary(found, out_path), markup=False, highlight=False)


def _summary(found: CrmPaths, path: str) -> str:
    reached = sum(1 for row in found.rows if row.hops is not None)
    line = _(
        "Wrote {path} for {crm}: {contacts}, {reached} with a way in.",
        path=path,
        crm=found.crm,
        contacts=ngettext("{n} contact", "{n} contacts", len(found.rows), n=len(found.rows)),
        reached=reached,
    )
    if found.not_in_crm:
        line += " " + _(
            "Left out, as {crm} holds no record or e-mail of them: {people}.",
            crm=found.crm,
            people=", ".join(found.not_in_crm),
        )
    return line


def _fail(message: str) -> NoReturn:
    err.print(_("error: {message}", message=message), markup=False, highlight=False)
    raise typer.Exit(1)
