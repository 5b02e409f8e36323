"""`opportunities`: the pipeline that `evaluate --record` built."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import JsonOption, StoreOption, app, open_store, out, print_json
from graph_mtl.domain.models import OpportunityKind
from graph_mtl.domain.wording import count
from graph_mtl.services.pipeline import pipeline
from graph_mtl.services.search import resolve

__all__ = ["opportunities_cmd"]


@app.command("opportunities")
def opportunities_cmd(
    source: Annotated[
        str | None, typer.Option("--from", help="Only what this salesperson recorded.")
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", help="Only at this customer.")
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
        source = source and resolve(graph, source, "person", field="from")
        customer = customer and resolve(graph, customer, "customer", field="customer")
        found = pipeline(graph, source=source, customer=customer, kind=kind)
    if as_json:
        print_json(found)
        return
    if not found.opportunities:
        out.print(
            "Nothing recorded yet: graph-mtl evaluate ... --record stores an evaluation.",
            markup=False,
        )
        return
    table = Table(
        title="The pipeline, newest first",
        caption=(
            f"{count(found.business_opportunities, 'business opportunity')}, "
            f"{count(found.leads, 'lead')}, {found.upgraded:,} upgraded from a lead"
        ),
        title_justify="left",
    )
    table.add_column("id", no_wrap=True)
    for column in ("recorded", "customer", "contact", "need", "kind", "quality"):
        table.add_column(column, justify="right" if column == "quality" else "left")
    for e in found.opportunities:
        what = e.kind.replace("_", " ") + (" (was a lead)" if e.upgraded else "")
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
