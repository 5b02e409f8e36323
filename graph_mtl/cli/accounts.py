"""`accounts` (P2: which accounts to work first) and `channels` (T1: where their
key persons appear)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    FromOption,
    JsonOption,
    PlaybookOption,
    StoreOption,
    app,
    out,
    print_json,
    session,
)
from graph_mtl.domain.models import Audience, CustomerStatus
from graph_mtl.domain.scoring import Criterion
from graph_mtl.domain.wording import for_reader
from graph_mtl.i18n import _
from graph_mtl.services.accounts import AccountScore, score_accounts
from graph_mtl.services.channels import RankedChannel, rank_channels
from graph_mtl.services.phrases import shown

__all__ = ["account_table", "channel_table", "criteria_text"]


@app.command()
def accounts(
    source: FromOption,
    status: Annotated[
        CustomerStatus | None,
        typer.Option("--status", help="Only target or only potential customers."),
    ] = None,
    top: Annotated[int | None, typer.Option("--top", help="At most this many, best first.")] = None,
    as_json: JsonOption = False,
    playbook: PlaybookOption = None,
    store: StoreOption = None,
) -> None:
    """Target and potential customers by priority: validity or fit, the needs we can and
    cannot meet, and the warmth of the best path to a key person."""
    with session(store, source=source, playbook=playbook) as s:
        ranked = score_accounts(s.view, s.playbook, s.salesperson, status=status, top=top)
    if as_json:
        print_json({"accounts": [a.model_dump(mode="json") for a in ranked]})
        return
    if not ranked:
        out.print(_("No target or potential customers."), markup=False)
        return
    title = _("Accounts for {source}, by priority", source=s.salesperson)
    out.print(account_table(ranked, title=title))


@app.command()
def channels(
    audience: Annotated[
        Audience | None,
        typer.Option("--audience", help="Only the channels for target or for potential customers."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="A salesperson: weight accounts by their full priority, warmth included "
            "(default: by their score alone).",
        ),
    ] = None,
    as_json: JsonOption = False,
    playbook: PlaybookOption = None,
    store: StoreOption = None,
) -> None:
    """Channels (places and people) ranked by how well they reach the key persons of
    the accounts that matter, separately for target and potential customers."""
    with session(store, source=source or None, playbook=playbook) as s:
        ranking = rank_channels(s.view, s.playbook, s.source, audience=audience)
    if as_json:
        print_json(ranking)
        return
    titles = (_("Channels to target customers"), _("Channels to potential customers"))
    for title, ranked in zip(titles, (ranking.target, ranking.potential), strict=True):
        if ranked is not None:
            out.print(channel_table(ranked, title=title))
    out.print(
        _(
            "Weighted by {basis}; reaching a company only counts "
            "{share:g} of reaching a key person.",
            basis=ranking.basis,
            share=ranking.company_only,
        ),
        markup=False,
    )


def criteria_text(criteria: list[Criterion]) -> str:
    """Criteria compactly: a met yes/no criterion as ✓, a missed one as ✗, else its score."""
    return ", ".join(f"{shown(c.name)}{_mark(c.score)}" for c in criteria if c.weight)


def _mark(score: float) -> str:
    return " ✓" if score == 1.0 else " ✗" if score == 0.0 else f" {score:.2f}"


def account_table(ranked: list[AccountScore], *, title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True)
    columns = ("#", _("account"), _("priority"), _("score and why"), _("needs"))
    for at, column in enumerate((*columns, _("warmth and way in"))):
        right = at in {0, 2}
        table.add_column(column, justify="right" if right else "left", overflow="fold")
    for rank, a in enumerate(ranked, 1):
        met = "✓ " + ", ".join(n.need_id for n in a.needs) if a.needs else ""
        unmet = "✗ " + ", ".join(n.need_id for n in a.unmet_needs) if a.unmet_needs else ""
        table.add_row(
            str(rank),
            f"{a.name}\n{a.customer_id} · {shown(a.status)}",
            f"{a.priority.value:.2f}",
            f"{shown(a.score_kind)} {a.score.value:.2f}"
            + (f" ({a.best_need})" if a.best_need else "")
            + f"\n{criteria_text(a.score.criteria)}",
            "\n".join(part for part in (met, unmet) if part),
            _way_in(a),
        )
    return table


def _way_in(a: AccountScore) -> str:
    if a.warmth is None:
        return ""
    if a.key_person is None or a.path is None:
        return f"{a.warmth.value:.2f}: {a.warmth.criteria[0].reason}"
    who = f"{a.key_person.name} ({for_reader(a.key_person.role_name)})"
    to = _("{warmth:.2f} to {who}", warmth=a.warmth.value, who=who)
    return f"{to}\n{' > '.join(a.path.names)}"


_SHOWN = 5
"""Customers listed per channel in the table (--json has them all)."""


def channel_table(ranked: list[RankedChannel], *, title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True)
    columns = ("#", _("channel"), _("score"), _("coverage"))
    for at, column in enumerate((*columns, _("reaches (reach, account priority)"))):
        right = at in {0, 2, 3}
        table.add_column(column, justify="right" if right else "left", overflow="fold")
    for rank, c in enumerate(ranked, 1):
        lines = [
            f"{r.name}: "
            + (
                ", ".join(f"{p.name} ({shown(p.power)})" for p in r.key_persons)
                or _("the company only")
            )
            + f" ({r.reach:.2f}, {r.priority:.2f})"
            for r in c.customers[:_SHOWN]
        ]
        if len(c.customers) > _SHOWN:
            lines.append(_("… and {more} more", more=len(c.customers) - _SHOWN))
        table.add_row(
            str(rank),
            f"{c.name}\n{c.id} · {shown(c.kind)} · {shown(c.audience)}"
            + (f"\n{c.record}" if c.record else ""),
            f"{c.score:.2f}",
            f"{c.coverage:.0%}",
            "\n".join(lines) or _("none of these customers"),
        )
    return table
