"""`changes`: who joined or left your accounts since a day, as imports saw it."""

from __future__ import annotations

from datetime import date

from rich.table import Table

from graph_mtl.cli._common import (
    JsonOption,
    RecentOption,
    SinceOption,
    StoreOption,
    app,
    open_store,
    out,
    print_json,
)
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services.changes import job_changes
from graph_mtl.services.tie_rules import recent_since

__all__ = ["changes_cmd"]


@app.command("changes")
def changes_cmd(
    since: SinceOption = None,
    recent: RecentOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Who joined or left a customer since a day (--since) or within a span (--recent):
    the job changes that imports of LinkedIn exports and CRMs showed."""
    with open_store(store) as graph:
        first = recent_since(since=since and since.date(), recent=recent, today=date.today())
        if first is None:
            raise InvalidInput("since", _("give --since YYYY-MM-DD or --recent (30d, 2w, 6m, 1y)"))
        found = job_changes(graph, since=first)
    if as_json:
        print_json(found)
        return
    if not found.changes:
        none = _("No one joined or left a customer since {since}.", since=found.since)
        out.print(none, markup=False)
        return
    table = Table(title=_("Job changes since {since}", since=found.since), title_justify="left")
    for column in (_("on"), _("customer"), _("who"), _("change"), _("seen by")):
        table.add_column(column)
    for c in found.changes:
        move = (
            _("joined from {company}", company=c.other_company)
            if c.kind == "joined"
            else _("left for {company}", company=c.other_company)
        )
        who = f"{c.name} ({c.person_id})" + (f", {c.title}" if c.title else "")
        table.add_row(str(c.on), c.customer_name, who, move, ", ".join(c.origins))
    out.print(table)
