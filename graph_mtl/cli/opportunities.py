"""`opportunities`: the pipeline that `evaluate --record` built."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    JsonOption,
    StoreOption,
    app,
    open_store,
    out,
    print_json,
    resolved,
)
from graph_mtl.domain.models import OpportunityKind
from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, ngettext
from graph_mtl.services.phrases import shown
from graph_mtl.services.pipeline import pipeline

__all__ = ["opportunities_cmd"]


@app.command("opportunities")
def opportunities_cmd(
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PERSON",
            help="Only what this salesperson recorded: an id or a whole name.",
        ),
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option("--customer", help="Only at this customer: an id or a whole name."),
    ] = None,
    kind: Annotated[
        OpportunityKind | None,
        typer.Option("--kind", help="Only leads, or business opportunities."),
    ] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Recorded leads and business opportunities, newest first, with their quality and
    the leads that were upgraded."""
    with open_store(store) as graph:
        source = resolved(graph, source, "person", field="from")
        customer = resolved(graph, customer, "customer", field="customer")
        found = pipeline(graph, source=source, customer=customer, kind=kind)
    if as_json:
        print_json(found)
        return
    if not found.opportunities:
        out.print(
            _("Nothing recorded yet: graph-mtl evaluate ... --record stores an evaluation."),
            markup=False,
        )
        return
    table = Table(
        title=_("The pipeline, newest first"),
        caption=_(
            "{opportunities}, {leads}, {upgraded:,} upgraded from a lead",
            opportunities=ngettext(
                "{n} business opportunity",
                "{n} business opportunities",
                found.business_opportunities,
                n=number(found.business_opportunities),
            ),
            leads=ngettext("{n} lead", "{n} leads", found.leads, n=number(found.leads)),
            upgraded=found.upgraded,
        ),
        title_justify="left",
    )
    table.add_column(_("id"), no_wrap=True)
    columns = (_("recorded"), _("customer"), _("contact"), _("need"), _("kind"))
    for column in columns:
        table.add_column(column)
    table.add_column(_("quality"), justify="right")
    for e in found.opportunities:
        what = shown(e.kind) + (_(" (was a lead)") if e.upgraded else "")
        table.add_row(
            e.id,
            str(e.recorded_on),
            e.customer_name,
            e.contact_name,
            e.need_name,
            what,
            f"{e.quality:.2f}",
        )
    out.print(table)
