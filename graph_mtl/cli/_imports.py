"""The one path of the network imports (`import-crm`, `import-linkedin`): their
shared options, the preamble, the call, and what they print: JSON, or a first
line of their own followed by the companies no customer matched, the people two
sources disagree on, the job changes seen and the people skipped because they
asked to be forgotten (`--include-forgotten` imports them, with an admin's say)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, TypeVar

import typer

from graph_mtl.cli._common import (
    CreateCustomersOption,
    DryRunOption,
    JsonOption,
    PlaybookOption,
    StoreOption,
    out,
    print_json,
    resolved,
    session,
)
from graph_mtl.i18n import _
from graph_mtl.services.forgotten import SkippedPerson
from graph_mtl.services.networks import _Summary

__all__ = ["Importing", "IncludeForgottenOption", "print_forgotten", "run_import"]

IncludeForgottenOption = Annotated[
    bool,
    typer.Option(
        "--include-forgotten",
        help="Import people who asked to be forgotten too (they are skipped by default).",
    ),
]

_Found = TypeVar("_Found", bound=_Summary)


@dataclasses.dataclass(frozen=True)
class Importing:
    """The options every network import takes (an option group: see `grouped`)."""

    create_customers: CreateCustomersOption = False
    dry_run: DryRunOption = False
    include_forgotten: IncludeForgottenOption = False
    playbook: PlaybookOption = None
    as_json: JsonOption = False
    store: StoreOption = None


def run_import(
    importer: Callable[..., _Found],
    how: Importing,
    *,
    headline: Callable[[_Found, str], str],
    salesperson: str | None = None,
) -> None:
    """Run `importer(store, caller=, playbook=, today=, create_customers=, dry_run=,
    include_forgotten=)` (and `salesperson_id=`, the id `salesperson` names, an id
    or a whole name, when given)
    in the command's session (its errors are the session's: a message and exit 1),
    then print what it found: JSON (ids), or "imported" (or "would import") and its
    `headline` (given the salesperson's name, "" without one), then the findings."""
    with session(how.store, playbook=how.playbook) as s:
        whose = resolved(s.store, salesperson, "person", field="salesperson")
        found = importer(
            s.store,
            **({} if whose is None else {"salesperson_id": whose}),
            caller=s.caller,
            playbook=s.playbook,
            today=date.today(),
            create_customers=how.create_customers,
            dry_run=how.dry_run,
            include_forgotten=how.include_forgotten,
        )
        name = "" if whose is None else s.store.people([whose])[whose].name
    if how.as_json:
        print_json(found)
        return
    said = _("would import {what}") if how.dry_run else _("imported {what}")
    _print(said.format(what=headline(found, name)))
    _print_findings(found, can_create=not how.create_customers)
    print_forgotten(found.forgotten)


def print_forgotten(skipped: Sequence[SkippedPerson]) -> None:
    for person in skipped:
        _print(
            _(
                "skipped {name} ({id}): asked to be forgotten on {day} "
                "(--include-forgotten imports them)",
                name=person.name,
                id=person.id,
                day=person.erased_on.isoformat(),
            )
        )


def _print_findings(found: _Summary, *, can_create: bool) -> None:
    if found.merged_people:
        _print(
            _(
                "{n:,} matched to people already known from another source",
                n=found.merged_people,
            )
        )
    if found.typed_ties_kept:
        _print(_("{n:,} ties typed in kept as they were", n=found.typed_ties_kept))
    if found.unmatched_companies:
        companies = ", ".join(found.unmatched_companies)
        unmatched = (
            _("companies matching no customer (--create-customers adds them): {companies}")
            if can_create
            else _("companies matching no customer: {companies}")
        )
        _print(unmatched.format(companies=companies))
    for change in found.job_changes:
        _print(
            _(
                "job change: {name} ({id}) left {left} for {joined}",
                name=change.name,
                id=change.person_id,
                left=change.left,
                joined=change.joined,
            )
        )
    for c in found.conflicts:
        _print(
            _(
                "conflict, both kept: {name} ({id}) is at {company} for {origin}, "
                "at {other_company} for {other_origin}",
                name=c.name,
                id=c.person_id,
                company=c.company,
                origin=c.origin,
                other_company=c.other_company,
                other_origin=c.other_origin,
            )
        )


def _print(line: str) -> None:
    out.print(line, markup=False, highlight=False)
