"""Networks imported from where they live: a salesperson's LinkedIn export, the
team's CRM.

Each visible connection becomes a person with a tie to the salesperson; the
tie's strength comes from its evidence (graph_mtl/domain/evidence.py: a bare
connection is weak, messages make it warmer, and that fades with time) and its
context says what the evidence is, never what a message said. A person already
in the store keeps what it has (customer, roles, name) and gains only what it
lacked (title, e-mail, employer, roles); a new person's company is matched to a
customer by name (case, spacing, punctuation and legal suffixes aside), and their
title to roles by the playbook's `[titles]` patterns. The write goes
through `access.write`, so a salesperson's key imports only their own network.
Importing the same export again changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import TieEvidence, strength_of
from graph_mtl.domain.models import MAX_IDENT, Customer, Person, Tie
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.ingest.crm import CrmMapping, read_crm
from graph_mtl.ingest.linkedin import Connection, LinkedInExport, read_linkedin
from graph_mtl.services.access import Caller, require_salesperson, write
from graph_mtl.services.answer import Answer

__all__ = ["CrmImport", "NetworkImport", "company_key", "import_crm", "import_linkedin"]

_LEGAL = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|"
    r"\b(?:inc|incorporated|llc|ltd|limited|co|corp|corporation|company|gmbh|ag|sa|plc|bv)\b)",
)


class NetworkImport(Answer):
    """What an import found and did (or, with `dry_run`, would do)."""

    salesperson: str
    connections: int
    new_people: int
    known_people: int
    hidden: int
    """Members who hide their profile: skipped."""
    repeated: int
    messages: int
    matched_companies: int
    unmatched_companies: list[str]
    """Companies no customer's name matches, most connections first (at most 20)."""
    dry_run: bool


def import_linkedin(
    store: GraphStore,
    path: Path,
    *,
    salesperson_id: str,
    caller: Caller,
    playbook: Playbook,
    today: date,
    dry_run: bool = False,
) -> NetworkImport:
    caller.may_act_for(salesperson_id)
    salesperson = require_salesperson(store, salesperson_id)
    export = read_linkedin(path)
    not_contacts = {salesperson.id, _own(export)}
    connections = [c for c in export.connections if c.id not in not_contacts]
    known = store.people([c.id for c in connections])
    customers = {company_key(c.name): c.id for c in store.customers()}
    roles = {r.id for r in store.roles()}
    people, ties, unmatched = [], [], []
    matched = 0
    for connection in connections:
        customer = customers.get(company_key(connection.company)) if connection.company else None
        if connection.company and customer is None:
            unmatched.append(connection.company)
        matched += customer is not None
        titled = tuple(r for r in playbook.roles_for_title(connection.position) if r in roles)
        new = Person(
            id=connection.id,
            name=connection.name,
            customer_id=customer,
            title=connection.position,
            email=connection.email,
            roles=titled,
        )
        people.append(_merged(known.get(connection.id), new))
        ties.append(_tie(salesperson.id, connection, export, playbook, today))
    if not dry_run:
        write(store, caller, Bundle(people=people, ties=ties))
    counted = Counter(unmatched).most_common(20)
    return NetworkImport(
        salesperson=salesperson.id,
        connections=len(connections),
        new_people=sum(1 for c in connections if c.id not in known),
        known_people=sum(1 for c in connections if c.id in known),
        hidden=export.hidden,
        repeated=export.repeated,
        messages=export.messages,
        matched_companies=matched,
        unmatched_companies=[name for name, _ in counted],
        dry_run=dry_run,
    )


def company_key(name: str) -> str:
    """A company's name for matching: case, width, spacing, punctuation and legal
    suffixes (Inc., Ltd., GmbH, 有限公司 …) aside."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _LEGAL.sub(" ", text)
    return re.sub(r"[\W_]+", "", text)


def _own(export: LinkedInExport) -> str | None:
    return f"li-{export.own_url}" if export.own_url else None


def _merged(old: Person | None, new: Person) -> Person:
    """The person as imported; one already known keeps what it has (its roles, given
    on purpose, above all) and gains only what it lacked."""
    if old is None:
        return new
    return old.model_copy(
        update={
            "title": old.title or new.title,
            "email": old.email or new.email,
            "customer_id": old.customer_id or new.customer_id,
            "roles": old.roles or new.roles,
        }
    )


def _tie(
    salesperson: str, c: Connection, export: LinkedInExport, playbook: Playbook, today: date
) -> Tie:
    count, last = export.exchanged.get(c.id, (0, None))
    evidence = TieEvidence("LinkedIn", since=c.connected_on, contacts=count, last_contact=last)
    return Tie(
        source=salesperson,
        target=c.id,
        strength=round(strength_of(evidence, playbook.evidence, today=today), 6),
        last_contact=last,
        context=evidence.explained(),
    )


class CrmImport(Answer):
    """What a CRM import found and did (or, with `dry_run`, would do)."""

    crm: str
    contacts: int
    new_people: int
    owned: int
    """Contacts whose owner is a salesperson: each gives them a tie."""
    customers_matched: int
    customers_created: int
    unmatched_companies: list[str]
    """Companies no customer's name matches (created with `create_customers`)."""
    dry_run: bool


def import_crm(
    store: GraphStore,
    path: Path,
    mapping: CrmMapping,
    *,
    caller: Caller,
    playbook: Playbook,
    today: date,
    create_customers: bool = False,
    dry_run: bool = False,
) -> CrmImport:
    """Contacts become people at the customer their company matches, companies become
    customers (with `create_customers`; status from the mapping's stages), and a
    contact owner who is a salesperson gets a tie with the last activity as its
    evidence. The same rules as every write: a salesperson's key may write only
    ties at their own end."""
    export = read_crm(path, mapping)
    system = company_key(mapping.name) or "crm"
    customers = {company_key(c.name): c.id for c in store.customers()}
    stages = {company_key(c.name): c for c in export.companies}
    new_customers: dict[str, Customer] = {}
    unmatched: list[str] = []
    named = {c.company for c in export.contacts if c.company} | {c.name for c in export.companies}
    for company in sorted(named):  # the same first spelling wins on every run
        key = company_key(company)
        if key in customers or key in new_customers or not key:
            continue
        if create_customers:
            stage = stages[key].stage if key in stages else ""
            new_customers[key] = Customer(
                id=f"{system}-co-{key}"[:MAX_IDENT],
                name=company,
                status=mapping.status_of(stage),
            )
        else:
            unmatched.append(company)
    owners = _owners(store)
    roles = {r.id for r in store.roles()}
    ids = {c.record: f"{system}-{c.record}" for c in export.contacts}
    known = store.people(ids.values())
    people, ties = [], []
    for contact in export.contacts:
        key = company_key(contact.company)
        customer = customers.get(key) or (new_customers[key].id if key in new_customers else None)
        titled = tuple(r for r in playbook.roles_for_title(contact.title) if r in roles)
        ident = ids[contact.record]
        old = known.get(ident)
        new = Person(
            id=ident,
            name=contact.name,
            customer_id=customer,
            title=contact.title,
            email=contact.email,
            roles=titled,
        )
        people.append(_merged(old, new))
        owner = owners.get(contact.owner.casefold()) if contact.owner else None
        if owner is not None:
            evidence = TieEvidence(
                f"{mapping.name} contact owner",
                contacts=1 if contact.last_activity else 0,
                last_contact=contact.last_activity,
            )
            ties.append(
                Tie(
                    source=owner,
                    target=ident,
                    strength=round(strength_of(evidence, playbook.evidence, today=today), 6),
                    last_contact=contact.last_activity,
                    context=_owner_context(mapping.name, contact.last_activity),
                )
            )
    if not dry_run:
        write(
            store, caller, Bundle(people=people, ties=ties, customers=list(new_customers.values()))
        )
    return CrmImport(
        crm=mapping.name,
        contacts=len(people),
        new_people=sum(1 for i in ids.values() if i not in known),
        owned=len(ties),
        customers_matched=sum(1 for c in export.contacts if company_key(c.company) in customers),
        customers_created=len(new_customers),
        unmatched_companies=sorted(unmatched)[:20],
        dry_run=dry_run,
    )


def _owners(store: GraphStore) -> dict[str, str]:
    """Salespeople by their name and e-mail (any case): how a CRM names an owner."""
    team = store.people([m.id for m in store.team()])
    found: dict[str, str] = {}
    for person in team.values():
        for handle in (person.name, person.email, person.id):
            if handle:
                found.setdefault(handle.casefold(), person.id)
    return found


def _owner_context(crm: str, last: date | None) -> str:
    text = f"{crm}: the contact's owner"
    return text + (f"; last activity on {last}" if last else "; no activity recorded")
