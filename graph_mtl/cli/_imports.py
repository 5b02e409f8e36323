"""What the network imports print besides their own first line: the companies no
customer matched, the people two sources disagree on, the job changes seen."""

from __future__ import annotations

from graph_mtl.cli._common import out
from graph_mtl.services.networks import CrmImport, NetworkImport

__all__ = ["print_findings"]


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
