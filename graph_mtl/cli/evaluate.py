"""`evaluate`: is a contact's need a business opportunity, a lead or neither (T3),
and how good is it?"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from graph_mtl.cli._common import (
    JsonOption,
    PlaybookOption,
    StoreOption,
    app,
    err,
    out,
    print_json,
    session,
)
from graph_mtl.domain.models import OpportunityKind
from graph_mtl.i18n import N_, _, gettext
from graph_mtl.services.evaluation import ContactEvaluation, evaluate_contact
from graph_mtl.services.phrases import shown

__all__ = ["parse_fields"]

_WORDS = (
    N_("customer quality"),
    N_("informant quality"),
    N_("completeness"),
    N_("power"),
    N_("tie strength"),
    N_("need"),
    N_("budget"),
    N_("timeline"),
    N_("decision process"),
    N_("key persons"),
    N_("competitors"),
)
"""The evaluation's parts and criteria as `shown` reads them (their ids stay in JSON)."""

_HEADLINES = {
    OpportunityKind.BUSINESS_OPPORTUNITY: ("bold green", N_("business opportunity")),
    OpportunityKind.LEAD: ("bold yellow", N_("lead")),
    OpportunityKind.NOT_AN_OPPORTUNITY: ("bold red", N_("not an opportunity")),
}


@app.command()
def evaluate(
    contact: Annotated[
        str, typer.Option("--contact", help="The contact: a person's id or whole name.")
    ],
    customer: Annotated[
        str, typer.Option("--customer", help="The customer: an id or a whole name.")
    ],
    need: Annotated[str, typer.Option("--need", help="The need's id.")],
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            help="What we know, as key=value (repeatable); keys from the playbook's "
            "evaluation.fields, e.g. budget, timeline, decision_process, competitors.",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PERSON",
            help="The salesperson, an id or a whole name: adds the warmth of their way to the contact.",
        ),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Store the result as an opportunity.")
    ] = False,
    as_json: JsonOption = False,
    playbook: PlaybookOption = None,
    store: StoreOption = None,
) -> None:
    """A business opportunity (the contact is a key person), a lead, or not an opportunity
    (a need we cannot meet), with its quality part by part."""
    fields = parse_fields(field or [])
    with session(store, source=source or None, playbook=playbook) as s:
        result = evaluate_contact(
            s.view,
            s.playbook,
            contact,
            customer,
            need,
            fields=fields,
            salesperson=s.source,
            record=record,
            today=date.today(),
        )
    if as_json:
        print_json(result)
        return
    _show(result)


def parse_fields(pairs: list[str]) -> dict[str, str]:
    """`key=value` strings as a dict; a pair without `=` ends the command with exit 1."""
    fields: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            err.print(_("error: --field {pair!r}: expected key=value", pair=pair), markup=False)
            raise typer.Exit(1)
        fields[key.strip()] = value.strip()
    return fields


def _show(result: ContactEvaluation) -> None:
    style, headline = _HEADLINES[result.kind]
    about = _(
        "{contact} on {need} at {customer}: ",
        contact=result.contact_name,
        need=result.need_name,
        customer=result.customer_name,
    )
    quality = _("{headline}, quality {quality}", headline="{headline}", quality="{quality}")
    out.print(
        escape(about)
        + escape(quality).format(
            headline=f"[{style}]{escape(gettext(headline))}[/]",
            quality=f"[bold]{result.quality:.2f}[/]",
        )
    )
    for reason in result.reasons:
        out.print(f"  - {reason}", markup=False, highlight=False)
    for part in result.parts:
        table = Table(
            title=_(
                "{part}: {value:.2f} (weight {weight:g})",
                part=shown(part.name),
                value=part.value,
                weight=part.weight,
            ),
            caption=Text(part.reason),
            title_justify="left",
            caption_justify="left",
        )
        table.add_column(_("criterion"))
        table.add_column(_("weight"), justify="right")
        table.add_column(_("score"), justify="right")
        table.add_column(_("why"))
        for criterion in part.criteria:
            table.add_row(
                shown(criterion.name),
                f"{criterion.weight:g}",
                f"{criterion.score:.2f}",
                Text(criterion.reason),
            )
        out.print(table)
    if result.recorded:
        out.print(_("Recorded as {id}.", id=result.opportunity_id), markup=False)
