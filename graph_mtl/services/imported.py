"""What every import of people and their evidence shares (LinkedIn, CRM, mail and
calendar: graph_mtl/services/networks.py and interactions.py): the summary it
answers with, the people who asked to be forgotten, and the write itself, where
each tie's strength comes from all of its evidence and a typed-in tie is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import described, last_contact, strength_of
from graph_mtl.domain.models import Tie, TieEvidence
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphEditor
from graph_mtl.services.access import Caller, write
from graph_mtl.services.answer import Answer
from graph_mtl.services.forgotten import Handles, SkippedPerson, skipped
from graph_mtl.services.identity import Companies, Conflict, JobChange, Merged, Record

__all__ = ["SHOWN", "Gone", "ImportSummary", "forgotten_among", "summary_fields", "write_import"]

SHOWN = 20
"""At most this many unmatched companies, conflicts and job changes in a summary."""


class ImportSummary(Answer):
    new_people: int
    known_people: int
    merged_people: int
    """Matched to a person of another source (by source key, e-mail, or name and employer)."""
    matched_companies: int
    unmatched_companies: list[str]
    """Companies no customer matches, most records first (at most 20)."""
    customers_created: int
    conflicts: list[Conflict]
    """People two sources place at different companies: both kept (at most 20)."""
    job_changes: list[JobChange]
    """People this source now shows at a new company (at most 20)."""
    typed_ties_kept: int
    """Ties whose strength was typed in: left as they are."""
    forgotten: list[SkippedPerson] = Field(default_factory=list)
    """People who asked to be forgotten: skipped (graph_mtl/services/forgotten.py)."""
    dry_run: bool


def write_import(
    store: GraphEditor,
    caller: Caller,
    merged: Merged,
    companies: Companies,
    evidence: Sequence[TieEvidence],
    playbook: Playbook,
    today: date,
    dry_run: bool,
) -> int:
    """Write the import (unless `dry_run`): people, employments, new customers, the
    evidence and the ties computed from it. How many typed-in ties were kept."""
    pairs = {e.pair for e in evidence}
    ties = store.ties(pairs)
    stored = store.evidence(pairs)
    fresh, typed = [], 0
    new_ties = []
    for item in evidence:
        tie = ties.get(item.pair)
        had = stored.get(item.pair, [])
        if tie is not None and not had:
            typed += 1
            continue
        every = [e for e in had if e.origin != item.origin] + [item]
        fresh.append(item)
        new_ties.append(
            Tie(
                source=item.source,
                target=item.target,
                strength=round(strength_of(every, playbook.evidence, today=today), 6),
                last_contact=last_contact(every),
                context=described(every),
            )
        )
    if not dry_run:
        bundle = Bundle(
            people=list(merged.people.values()),
            ties=new_ties,
            customers=list(companies.created.values()),
            evidence=fresh,
            employments=list(merged.employments.values()),
        )
        write(store, caller, bundle)
    return typed


class Gone:
    def __init__(self, people: list[SkippedPerson]) -> None:
        self.people = people
        self.ids = {p.id for p in people}


def forgotten_among(store: GraphEditor, records: Sequence[Record], include: bool) -> Gone:
    """The records of people who asked to be forgotten (skipped unless `include`)."""
    handles = [
        Handles(
            id=r.id,
            name=r.name,
            emails=(r.email,) if r.email else (),
            refs=(r.ref,) if r.ref else (),
        )
        for r in records
    ]
    return Gone(skipped(store, handles, include_forgotten=include))


def summary_fields(
    merged: Merged,
    companies: Companies,
    kept: int,
    dry_run: bool,
    forgotten: list[SkippedPerson],
) -> dict[str, object]:
    return {
        "forgotten": forgotten,
        "new_people": len(merged.new),
        "known_people": len(set(merged.ids) - merged.new),
        "merged_people": merged.merged,
        "matched_companies": companies.matched,
        "unmatched_companies": [name for name, _ in companies.unmatched.most_common(SHOWN)],
        "customers_created": len(companies.created),
        "conflicts": merged.conflicts[:SHOWN],
        "job_changes": merged.job_changes[:SHOWN],
        "typed_ties_kept": kept,
        "dry_run": dry_run,
    }
