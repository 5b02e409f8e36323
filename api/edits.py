"""Writes through the API: one item at a time, references checked, the access rules
applied, then one `load` (all or nothing, like an import).

Who may write what, with a key:
- people, customers, ties and channel reach that concern contacts and
  accounts: any salesperson (the graph is the team's);
- a salesperson's record, or a tie with a salesperson at one end: that
  salesperson only (teammates' own networks are theirs to record);
- nobody makes a person a salesperson, or deletes one, through the API:
  salespeople (and so keys) are managed with the command line.
In demo mode every write is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.deps import Caller
from api.problems import Forbidden
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, Person, Reach, Tie
from graph_mtl.domain.ports import EntityKind, GraphStore
from graph_mtl.errors import InvalidInput, NotFound

__all__ = ["forget_person", "put_customer", "put_person", "put_reach", "put_tie"]


def put_person(store: GraphStore, caller: Caller, person: Person) -> bool:
    """Create or replace a person; True if created."""
    old = store.people([person.id]).get(person.id)
    if not caller.demo:
        if person.is_salesperson != (old is not None and old.is_salesperson):
            raise Forbidden("Salespeople are added and removed with the command line only.")
        if person.is_salesperson:
            caller.may_act_for(person.id)
    _known(store, "customer_id", "customer", [person.customer_id] if person.customer_id else [])
    _known(store, "roles", "role", person.roles)
    store.load(Bundle(people=[person]))
    return old is None


def put_customer(store: GraphStore, customer: Customer) -> bool:
    created = store.customer(customer.id) is None
    store.load(Bundle(customers=[customer]))
    return created


def put_tie(store: GraphStore, caller: Caller, tie: Tie) -> bool:
    people = store.people([tie.source, tie.target])
    for end in (tie.source, tie.target):
        if end not in people:
            raise NotFound("person", end)
        if people[end].is_salesperson:
            caller.may_act_for(end)
    created = not store.ties([tie.pair])
    store.load(Bundle(ties=[tie]))
    return created


def put_reach(store: GraphStore, reach: Reach) -> bool:
    if not store.existing("channel", [reach.channel_id]):
        raise NotFound("channel", reach.channel_id)
    target = [reach.target_id]
    if not (store.existing("person", target) or store.existing("customer", target)):
        raise NotFound("person or customer", reach.target_id)
    created = not any(
        r.channel_id == reach.channel_id for r in store.reach(target_ids=[reach.target_id])
    )
    store.load(Bundle(reach=[reach]))
    return created


def forget_person(store: GraphStore, caller: Caller, person_id: str) -> None:
    """Delete a person with every tie and reach of theirs (a contact asked to be forgotten)."""
    person = store.people([person_id]).get(person_id)
    if person is None:
        raise NotFound("person", person_id)
    if person.is_salesperson and not caller.demo:
        raise Forbidden("Salespeople are added and removed with the command line only.")
    store.delete_person(person_id)


def _known(store: GraphStore, field: str, kind: EntityKind, ids: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(ids))
    held = store.existing(kind, wanted) if wanted else set()
    for ident in wanted:
        if ident not in held:
            raise InvalidInput(field, f"unknown {kind} {ident!r}")
