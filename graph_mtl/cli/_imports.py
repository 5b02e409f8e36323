"""The one path of the network imports (`import-crm`, `import-linkedin`): their
shared options, the preamble, the call, and what they print: JSON, or a first
line of their own followed by the companies no customer matched, the people two
sources disagree on and the job changes seen."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from graph_mtl.cli._common import (
    CreateCustomersOption,
    DryRunOption,
    JsonOption,
    PlaybookOption,
    StoreOption,
    out,
    print_json,
    session,
)
from graph_mtl.services.networks import CrmImport, NetworkImport

__all__ = ["Importing", "run_import"]

_Found = TypeVar("_Found", NetworkImport, CrmImport)


@dataclasses.dataclass(frozen=True)
class Importing:
    """The options every network import takes (an option group: see `grouped`)."""

    create_customers: CreateCustomersOption = False
    dry_run: DryRunOption = False
    playbook: PlaybookOption = None
    as_json: JsonOption = False
    store: StoreOption = None


def run_import(
    importer: Callable[..., _Found], how: Importing, *, headline: Callable[[_Found], str]
) -> None:
    """Run `importer(store, caller=, playbook=, today=, create_customers=, dry_run=)`
    in the command's session (its errors are the session's: a message and exit 1),
    then print what it found: JSON, or "imported" (or "would import") and its
    `headline`, then the findings."""
    with session(how.store, playbook=how.playbook) as s:
        found = importer(
            s.store,
            caller=s.caller,
            playbook=s.playbook,
            today=date.today(),
            create_customers=how.create_customers,
            dry_run=how.dry_run,
        )
    if how.as_json:
        print_json(found)
        return
    verb = "would import" if how.dry_run else "imported"
    _print(f"{verb} {headline(found)}")
    _print_findings(found, can_create=not how.create_customers)


def _print_findings(found: NetworkImport | CrmImport, *, can_create: bool) -> None:
    if found.merged_people:
        _print(f"{found.merged_people:,} matched to people already known from another source")
    if found.typed_ties_kept:
        _print(f"{found.typed_ties_kept:,} ties typed in kept as they were")
    if found.unmatched_companies:
        hint = " (--create-customers adds them)" if can_create else ""
        _print(f"companies matching no customer{hint}: {', '.join(found.unmatched_companies)}")
    for change in found.job_changes:
        _print(
            f"job change: {change.name} ({change.person_id}) left {change.left} for {change.joined}"
        )
    for c in found.conflicts:
        _print(
            f"conflict, both kept: {c.name} ({c.person_id}) is at {c.company} for {c.origin}, "
            f"at {c.other_company} for {c.other_origin}"
        )


def _print(line: str) -> None:
    out.print(line, markup=False, highlight=False)
