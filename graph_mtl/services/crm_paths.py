"""Paths back into the CRM: for each key person of a salesperson's accounts, the way
in that the referral-chain report found (graph_mtl/services/report), keyed by the
CRM's own record id or e-mail address so the CRM's importer updates the contact.

Nothing new is searched: the report's walk gives each key person's chain (the
salesperson's own tie when they know them, else the best chain within the hop
limit). A row says who to ask (the first hop's person; the salesperson's own
name when they know the contact), the chain's strength and hops, the last contact
of the tie that reaches the contact, and the chain's names. The store is read
through the caller's team view, so a teammate's private context and dates never
appear: their tie lends its strength and names them as the one to ask, no more.
A key person the CRM does not hold (no record from it, no e-mail) is left out and
counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from graph_mtl.domain.names import company_key
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.ingest.crm_mapping import CrmMapping
from graph_mtl.services.answer import Answer
from graph_mtl.services.report import KeyPersonChain, ReportStatus, build_report

__all__ = ["CrmPath", "CrmPaths", "crm_paths"]


class CrmPath(Answer):
    """One contact's row: their CRM key, and the best way in (None: no way known)."""

    person_id: str
    name: str
    customer_id: str
    record: str | None
    """The contact's record id in this CRM, when an import from it gave one."""
    email: str
    connector: str | None
    """Who to ask: the first hop's person (the salesperson when they know the contact)."""
    connector_id: str | None
    strength: float | None
    hops: int | None
    last_interaction: date | None
    """The last contact of the tie that reaches the contact, as the caller may see it."""
    path: list[str]
    """The chain's names, the salesperson first."""


class CrmPaths(Answer):
    crm: str
    source: str
    rows: list[CrmPath]
    """By account priority, then as each committee lists its members; each person once."""
    not_in_crm: list[str]
    """Key persons left out: this CRM has no record of them and they have no e-mail."""


def crm_paths(
    store: IntroGraph,
    playbook: Playbook,
    source: str,
    mapping: CrmMapping,
    *,
    customers: Sequence[str] | None = None,
    status: ReportStatus = "target",
    max_hops: int = DEFAULT_MAX_HOPS,
) -> CrmPaths:
    """The rows `export-crm` writes for salesperson `source` (pass the team view)."""
    report = build_report(
        store, playbook, source, customers=customers, status=status, max_hops=max_hops, top=1
    )
    members: dict[str, tuple[str, KeyPersonChain]] = {}
    for section in report.customers:
        for committee in section.committees:
            for member in committee.members:
                members.setdefault(member.id, (section.customer_id, member))
    people = store.people(members)
    records = _records(store, mapping, list(members))
    rows, left_out = [], []
    for person_id, (customer_id, member) in members.items():
        email = people[person_id].email if person_id in people else ""
        record = records.get(person_id)
        if record is None and not email:
            left_out.append(person_id)
            continue
        chain = member.chain
        rows.append(
            CrmPath(
                person_id=person_id,
                name=member.name,
                customer_id=customer_id,
                record=record,
                email=email,
                connector=_connector(chain.names) if chain else None,
                connector_id=_connector(chain.nodes) if chain else None,
                strength=chain.strength if chain else None,
                hops=chain.hops if chain else None,
                last_interaction=chain.steps[-1].last_contact if chain and chain.steps else None,
                path=list(chain.names) if chain else [],
            )
        )
    return CrmPaths(crm=mapping.name, source=source, rows=rows, not_in_crm=left_out)


def _connector(nodes: Sequence[str]) -> str:
    """The first hop's person; on a one-tie chain, the salesperson who holds it."""
    return nodes[1] if len(nodes) > 2 else nodes[0]


def _records(store: IntroGraph, mapping: CrmMapping, people: list[str]) -> dict[str, str]:
    """Each person's record id in this CRM, from the employments its imports wrote
    (their `ref` is `<crm>-<record id>`)."""
    prefix = f"{company_key(mapping.name) or 'crm'}-"
    found: dict[str, str] = {}
    for job in store.employments(person_ids=people) if people else []:
        if job.origin == mapping.name and job.ref.startswith(prefix):
            found.setdefault(job.person_id, job.ref.removeprefix(prefix))
    return found
