"""`forget` (a person who asked to be forgotten) and `erasures` (the proof it was done)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import JsonOption, StoreOption, app, open_store, out, print_json
from graph_mtl.domain.forgetting import mentions_of
from graph_mtl.domain.models import Person
from graph_mtl.i18n import _
from graph_mtl.services.access import COMMAND_LINE, forget, was_erased
from graph_mtl.services.search import resolve
from graph_mtl.settings import get_settings

__all__ = ["erasures", "forget_person"]


@app.command("forget")
def forget_person(
    person: Annotated[str, typer.Argument(help="The person: an id or a whole name.")],
    store: StoreOption = None,
) -> None:
    """Forget a person and everything that names them: ties, reach, the channel they
    are, opportunities they raised, their keys, their name and e-mail in what others
    wrote, the server's reports that name them. Only salted hashes are kept."""
    with open_store(store) as graph:
        person = resolve(graph, person, "person", field="person")
        found = graph.people([person]).get(person)
        erasure = forget(graph, COMMAND_LINE, person, today=date.today())
    if found is not None:
        _discard_reports(store, found)
    out.print(
        _("Forgot {person}; erasure {digest} recorded.", person=person, digest=erasure.digest[:12]),
        markup=False,
        highlight=False,
    )


def _discard_reports(store: str | None, person: Person) -> None:
    """The reports a server over this store keeps that name the person go too."""
    from api.jobs import discard_mentioning  # the server's state, only where there is one
    from api.shared import SharedState, state_path

    settings = get_settings()
    path = state_path(settings.model_copy(update={"store": store}) if store else settings)
    if path.exists():
        state = SharedState(path)
        try:
            discard_mentioning(state, [person.id, *mentions_of(person).probes()])
        finally:
            state.close()


@app.command("erasures")
def erasures(
    check: Annotated[
        str | None,
        typer.Option("--check", help="Show only the erasure of this id, if there is one."),
    ] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Every erasure: when, who asked, and the salted hash that proves it (never the id)."""
    with open_store(store) as graph:
        found = graph.erasures()
    if check is not None:
        found = [e for e in found if was_erased(e, check)]
    if as_json:
        print_json({"erasures": [e.model_dump(mode="json") for e in found]})
        return
    if not found:
        none = _("No erasures.") if check is None else _("No erasure of {id}.", id=check)
        out.print(none, markup=False)
        return
    table = Table(title=_("Erasures"), title_justify="left")
    for column in (_("erased on"), _("by"), _("digest"), _("salt")):
        table.add_column(column)
    for e in found:
        table.add_row(e.erased_on.isoformat(), e.by, e.digest, e.salt)
    out.print(table)
