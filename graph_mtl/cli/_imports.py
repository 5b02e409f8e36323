"""What the imports print besides their own first line: the companies no customer
matched, the people two sources disagree on, the job changes seen, the people
skipped because they asked to be forgotten; and the option that imports those anyway."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from graph_mtl.cli._common import out
from graph_mtl.services.forgotten import SkippedPerson
from graph_mtl.services.networks import CrmImport, NetworkImport

__all__ = ["IncludeForgottenOption", "print_findings", "print_forgotten"]

IncludeForgottenOption = Annotated[
    bool,
    typer.Option(
        "--include-forgotten",
        help="Import people who asked to be forgotten too (they are skipped by default).",
    ),
]


def print_forgotten(skipped: Sequence[SkippedPerson]) -> None:
    for person in skipped:
        out.print(
            f"skipped {person.name} ({person.id}): asked to be forgotten on "
            f"{person.erased_on.isoformat()} (--include-forgotten imports them)",
            markup=False,
            highlight=False,
        )


def print_findings(found: NetworkImport | CrmImport, *, can_create: bool) -> None:
    lines = []
    if found.merged_people:
        lines.append(f"{found.merged_people:,} matched to people already known from another source")
    if found.typed_ties_kept:
        lines.append(f"{found.typed_ties_kept:,} ties typed in kept as they were")
    if found.unmatched_companies:
        hint = " (--create-customers adds them)" if can_create else ""
        lines.append(
            f"companies matching no customer{hint}: {', '.join(found.unmatched_companies)}"
        )
    for change in found.job_changes:
        lines.append(
            f"job change: {change.name} ({change.person_id}) left {change.left} for {change.joined}"
        )
    for c in found.conflicts:
        lines.append(
            f"conflict, both kept: {c.name} ({c.person_id}) is at {c.company} for {c.origin}, "
            f"at {c.other_company} for {c.other_origin}"
        )
    for line in lines:
        out.print(line, markup=False, highlight=False)
    print_forgotten(found.forgotten)
