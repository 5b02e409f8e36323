"""Writes of one item at a time (the API's PUT routes): references checked, then one
`access.write`, so the same rules hold as for a bundle import, and the same
all-or-nothing `load`. Each returns True when it created the item."""

from __future__ import annotations

from collections.abc import Iterable

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, Person, Reach, Tie
from graph_mtl.domain.ports import EntityKind, GraphEditor, PeopleReader
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import _
from graph_mtl.services.access import Caller, write

__all__ = ["put_customer", "put_person", "put_reach", "put_tie"]


def put_person(store: GraphEditor, caller: Caller, person: Person) -> bool:
    """Create or replace a person; their customer and roles must exist."""
    created = not store.existing("person", [person.id])
    _known(store, "customer_id", "customer", [person.customer_id] if person.customer_id else [])
    _known(store, "roles", "role", person.roles)
    write(store, caller, Bundle(people=[person]))
    return created


def put_customer(store: GraphEditor, caller: Caller, customer: Customer) -> bool:
    created = store.customer(customer.id) is None
    write(store, caller, Bundle(customers=[customer]))
    return created


def put_tie(store: GraphEditor, caller: Caller, tie: Tie) -> bool:
    found = store.existing("person", [tie.source, tie.target])
    for end in (tie.source, tie.target):
        if end not in found:
            raise NotFound("person", end)
    created = not store.ties([tie.pair])
    write(store, caller, Bundle(ties=[tie]))
    return created


def put_reach(store: GraphEditor, caller: Caller, reach: Reach) -> bool:
    if not store.existing("channel", [reach.channel_id]):
        raise NotFound("channel", reach.channel_id)
    target = [reach.target_id]
    if not (store.existing("person", target) or store.existing("customer", target)):
        raise NotFound("person or customer", reach.target_id)
    created = not any(
        r.channel_id == reach.channel_id for r in store.reach(target_ids=[reach.target_id])
    )
    write(store, caller, Bundle(reach=[reach]))
    return created


def _known(store: PeopleReader, field: str, kind: EntityKind, ids: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(ids))
    held = store.existing(kind, wanted) if wanted else set()
    for ident in wanted:
        if ident not in held:
            raise InvalidInput(field, _("unknown {kind} {ident!r}", kind=_kind(kind), ident=ident))


def _kind(kind: EntityKind) -> str:
    """The kind of a reference, in the reader's words."""
    return {"customer": _("customer"), "role": _("role")}.get(kind, kind)
