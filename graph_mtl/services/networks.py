"""Networks imported from where they live: a salesperson's LinkedIn export, the
team's CRM.

Each visible connection or contact becomes a person (or is matched to one the
store holds, from any source: graph_mtl/services/identity.py), and a connection,
or a contact's owner who is a salesperson, gets a tie. The tie's strength comes
from all of its evidence, each source's kept apart (graph_mtl/domain/evidence.py:
a bare connection is weak, messages and activities make it warmer, and that
fades with time), and its context says what the evidence is, never what a
message said. A tie whose strength was typed in (it has no evidence) stays as
given. Companies are matched to customers by name (case, spacing, punctuation
and legal suffixes aside) or by the domain of an e-mail address, and with
`create_customers` the rest become customers; titles give roles by the
playbook's `[titles]` patterns. The write goes through `access.write`, so a
salesperson's key imports only their own network. Importing the same export
again changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph_mtl.domain.models import CustomerStatus, TieEvidence
from graph_mtl.domain.names import company_key
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphEditor, SalesTeam
from graph_mtl.ingest.crm import CrmMapping, read_crm
from graph_mtl.ingest.linkedin import Exchange, LinkedInExport, read_linkedin
from graph_mtl.services.access import Caller, private_origin, require_salesperson
from graph_mtl.services.forgotten import check_override
from graph_mtl.services.former_colleagues import own_employments
from graph_mtl.services.identity import (
    Companies,
    Record,
    merge_records,
)
from graph_mtl.services.imported import (
    ImportSummary,
    forgotten_among,
    summary_fields,
    write_import,
)

__all__ = ["CrmImport", "NetworkImport", "company_key", "import_crm", "import_linkedin"]


class NetworkImport(ImportSummary):
    """What a LinkedIn import found and did (or, with `dry_run`, would do)."""

    salesperson: str
    connections: int
    hidden: int
    """Members who hide their profile: skipped."""
    repeated: int
    messages: int
    """Messages counted, sent or received (SPAM, drafts and sponsored ones never)."""
    skipped_messages: int = 0
    """SPAM, draft and sponsored messages: not counted."""
    joined: int = 0
    """Connections without a profile URL joined to it by another file of the export."""
    invitations_accepted: int = 0
    invitations_pending: int = 0
    """Pending invitations give no tie."""
    positions: int = 0
    """The salesperson's own employers (Positions.csv): former colleagues there are
    inferred ties, as other inferred ties off unless asked for."""


def import_linkedin(
    store: GraphEditor,
    path: Path,
    *,
    salesperson_id: str,
    caller: Caller,
    playbook: Playbook,
    today: date,
    create_customers: bool = False,
    dry_run: bool = False,
    include_forgotten: bool = False,
) -> NetworkImport:
    caller.may_act_for(salesperson_id)
    check_override(caller, include_forgotten)
    salesperson = require_salesperson(store, salesperson_id)
    export = read_linkedin(path)
    not_contacts = {salesperson.id, _own(export)}
    connections = [c for c in export.connections if c.id not in not_contacts]
    records = [
        Record(
            id=c.id,
            name=c.name,
            email=c.email,
            company=c.company,
            title=c.position,
            ref=c.id if c.url else "",
        )
        for c in connections
    ]
    gone = forgotten_among(store, records, include_forgotten)
    connections = [c for c in connections if c.id not in gone.ids]
    records = [r for r in records if r.id not in gone.ids]
    created = CustomerStatus.POTENTIAL if create_customers else None
    companies = Companies(store.customers(), prefix="li", create=created)
    merged = merge_records(
        store,
        records,
        origin=private_origin(salesperson.id),
        companies=companies,
        playbook=playbook,
        today=today,
    )
    evidence = []
    for c, person in zip(connections, merged.ids, strict=True):
        exchange = export.exchanged.get(c.id, Exchange())
        evidence.append(
            TieEvidence(
                source=salesperson.id,
                target=person,
                origin="LinkedIn",
                since=c.connected_on,
                sent=exchange.sent,
                received=exchange.received,
                last_contact=exchange.last,
            )
        )
    merged.employments.update(own_employments(store, salesperson.id, export.positions))
    kept = write_import(store, caller, merged, companies, evidence, playbook, today, dry_run)
    return NetworkImport(
        salesperson=salesperson.id,
        connections=len(connections),
        hidden=export.hidden,
        repeated=export.repeated,
        messages=export.messages,
        skipped_messages=export.spam + export.drafts + export.sponsored,
        joined=export.joined,
        invitations_accepted=export.accepted,
        invitations_pending=len(export.invitations) - export.accepted,
        positions=len(export.positions),
        **summary_fields(merged, companies, kept, dry_run, gone.people),
    )


def _own(export: LinkedInExport) -> str | None:
    return f"li-{export.own_url}" if export.own_url else None


class CrmImport(ImportSummary):
    """What a CRM import found and did (or, with `dry_run`, would do)."""

    crm: str
    contacts: int
    owned: int
    """Contacts whose owner is a salesperson: each gives them a tie."""


def import_crm(
    store: GraphEditor,
    path: Path,
    mapping: CrmMapping,
    *,
    caller: Caller,
    playbook: Playbook,
    today: date,
    create_customers: bool = False,
    dry_run: bool = False,
    include_forgotten: bool = False,
) -> CrmImport:
    """Contacts become people at the customer their company matches, companies become
    customers (with `create_customers`; status from the mapping's stages), and a
    contact owner who is a salesperson gets a tie with the last activity as its
    evidence. The same rules as every write: a salesperson's key may write only
    ties at their own end."""
    check_override(caller, include_forgotten)
    export = read_crm(path, mapping)
    system = company_key(mapping.name) or "crm"
    stages = {company_key(c.name): c.stage for c in export.companies if c.stage}
    for c in export.contacts:  # a contact's stage, where no company row gives one
        if c.stage and (key := company_key(c.company)):
            stages.setdefault(key, c.stage)
    domains = {company_key(c.name): c.domain for c in export.companies if c.domain}
    by_domain = {d.strip().lower(): c.name for c in export.companies if (d := c.domain)}
    contacts = list(export.contacts)
    people_records = []
    for c in contacts:
        company = c.company or by_domain.get(c.email.rpartition("@")[2].lower(), "")
        people_records.append(
            Record(
                id=f"{system}-{c.record}",
                name=c.name,
                email=c.email,
                company=company,
                title=c.title,
                ref=f"{system}-{c.record}",
            )
        )
    gone = forgotten_among(store, people_records, include_forgotten)
    contacts = [c for c, r in zip(contacts, people_records, strict=True) if r.id not in gone.ids]
    people_records = [r for r in people_records if r.id not in gone.ids]
    created = CustomerStatus.POTENTIAL if create_customers else None
    companies = Companies(store.customers(), prefix=system, create=created)
    named = {company_key(r.company) for r in people_records}
    for company in sorted({c.name for c in export.companies}):  # named by no contact
        if (key := company_key(company)) and key not in named:
            companies.match(company, status=mapping.status_of(stages.get(key, "")))
    merged = merge_records(
        store,
        people_records,
        origin=mapping.name,
        companies=companies,
        playbook=playbook,
        today=today,
        statuses=[
            mapping.status_of(stages.get(company_key(r.company), "")) for r in people_records
        ],
    )
    _with_domains(companies, domains)
    owners = _owners(store)
    evidence = []
    for c, person in zip(contacts, merged.ids, strict=True):
        owner = owners.get(c.owner.casefold()) if c.owner else None
        if owner is not None and owner != person:
            evidence.append(
                TieEvidence(
                    source=owner,
                    target=person,
                    origin=f"{mapping.name}: the contact's owner",
                    contacts=1 if c.last_activity else 0,
                    last_contact=c.last_activity,
                )
            )
    kept = write_import(store, caller, merged, companies, evidence, playbook, today, dry_run)
    return CrmImport(
        crm=mapping.name,
        contacts=len(contacts),
        owned=len(evidence),
        **summary_fields(merged, companies, kept, dry_run, gone.people),
    )


def _with_domains(companies: Companies, domains: dict[str, str]) -> None:
    """Customers created from a CRM's companies keep the domain it gives them."""
    for key, customer in companies.created.items():
        if key in domains and not customer.domain:
            companies.created[key] = customer.model_copy(update={"domain": domains[key]})


def _owners(store: SalesTeam) -> dict[str, str]:
    """Salespeople by their name and e-mail (any case): how a CRM names an owner."""
    team = store.people([m.id for m in store.team()])
    found: dict[str, str] = {}
    for person in team.values():
        for handle in (person.name, person.email, person.id):
            if handle:
                found.setdefault(handle.casefold(), person.id)
    return found
