"""Key persons (P3): who at a customer holds a role that cares about a need."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from graph_mtl.domain.models import Power, Role
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import NotFound

__all__ = ["POWER_ORDER", "KeyPerson", "customer_need_ids", "key_persons"]

POWER_ORDER = tuple(Power)
"""Strongest first: a person holding several roles counts with the strongest one."""


class KeyPerson(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    role: str
    role_name: str
    power: Power
    needs: list[str]


def customer_need_ids(store: GraphStore, customer_id: str, need_id: str | None) -> list[str]:
    """The needs a group is about: the one asked for, or every need the customer has."""
    if store.customer(customer_id) is None:
        raise NotFound("customer", customer_id)
    if need_id is not None:
        if not store.existing("need", [need_id]):
            raise NotFound("need", need_id)
        return [need_id]
    return [cn.need_id for cn in store.customer_needs(customer_id=customer_id)]


def key_persons(
    store: GraphStore, customer_id: str, *, need_id: str | None = None
) -> list[KeyPerson]:
    """People who work at the customer and hold a role caring about the need(s),
    most powerful first, then by id."""
    needs = set(customer_need_ids(store, customer_id, need_id))
    roles = {r.id: r for r in store.roles() if needs.intersection(r.cares_about)}
    members = []
    for person in store.employees(customer_id):
        held = [roles[r] for r in person.roles if r in roles]
        if not held:
            continue
        role = min(held, key=_rank)
        cared = sorted({n for r in held for n in r.cares_about if n in needs})
        members.append(
            KeyPerson(
                id=person.id,
                name=person.name,
                role=role.id,
                role_name=role.name,
                power=role.power,
                needs=cared,
            )
        )
    return sorted(members, key=lambda m: (POWER_ORDER.index(m.power), m.id))


def _rank(role: Role) -> tuple[int, str]:
    return (POWER_ORDER.index(role.power), role.id)
