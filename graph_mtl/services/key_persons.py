"""Key persons (P3): who at a customer holds a role that cares about a need (together,
the committee of that customer and need)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from graph_mtl.domain.models import Person, Power, Role
from graph_mtl.domain.ports import GraphReader
from graph_mtl.errors import NotFound
from graph_mtl.services.answer import Answer

__all__ = [
    "POWER_ORDER",
    "KeyPerson",
    "customer_need_ids",
    "key_persons",
    "key_persons_among",
    "key_persons_for",
]

POWER_ORDER = tuple(Power)
"""Strongest first: a person holding several roles counts with the strongest one."""


class KeyPerson(Answer):
    id: str
    name: str
    role: str
    role_name: str
    power: Power
    needs: list[str]

    def key_person_fields(self) -> dict[str, Any]:
        """This key person's own fields (not a subclass's), for a richer answer about them."""
        return self.model_dump(include=set(KeyPerson.model_fields))


def customer_need_ids(
    store: GraphReader, customer_id: str, need_id: str | None, *, known: bool = False
) -> list[str]:
    """The needs a committee is about: the one asked for, or every need the customer has
    (`known`: the caller has read the customer already)."""
    if not known and store.customer(customer_id) is None:
        raise NotFound("customer", customer_id)
    if need_id is not None:
        if not store.existing("need", [need_id]):
            raise NotFound("need", need_id)
        return [need_id]
    return [cn.need_id for cn in store.customer_needs(customer_id=customer_id)]


def key_persons(
    store: GraphReader, customer_id: str, *, need_id: str | None = None
) -> list[KeyPerson]:
    """People who work at the customer and hold a role caring about the need(s),
    most powerful first, then by id."""
    needs = set(customer_need_ids(store, customer_id, need_id))
    return key_persons_among(store.employees(customer_id), {r.id: r for r in store.roles()}, needs)


def key_persons_for(store: GraphReader, customer_id: str, needs: Iterable[str]) -> list[KeyPerson]:
    """The key persons of several needs at once (ids assumed valid)."""
    return key_persons_among(
        store.employees(customer_id), {r.id: r for r in store.roles()}, set(needs)
    )


def key_persons_among(
    employees: Iterable[Person], roles: Mapping[str, Role], needs: Collection[str]
) -> list[KeyPerson]:
    """The pure rule of P3 over data already read: each person holding a role that
    cares about one of `needs`, counted with their strongest such role."""
    caring = {i: r for i, r in roles.items() if not set(r.cares_about).isdisjoint(needs)}
    members = []
    for person in employees:
        held = [caring[r] for r in person.roles if r in caring]
        if not held:
            continue
        role = min(held, key=_rank)
        members.append(
            KeyPerson(
                id=person.id,
                name=person.name,
                role=role.id,
                role_name=role.name,
                power=role.power,
                needs=sorted({n for r in held for n in r.cares_about if n in needs}),
            )
        )
    return sorted(members, key=lambda m: (POWER_ORDER.index(m.power), m.id))


def _rank(role: Role) -> tuple[int, str]:
    return (POWER_ORDER.index(role.power), role.id)
