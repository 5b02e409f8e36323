"""Job changes at your accounts: who joined or left a customer since a day.

A change is what an import saw: a source that showed a person at one company
and, later, at another ended the first employment and started the second on the
day of that import (graph_mtl/services/identity.py). So a person first seen by
an import has not "joined" anything; only a move between two employments counts,
and only at a company that matched a customer.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from graph_mtl.domain.models import Employment
from graph_mtl.domain.ports import PeopleReader
from graph_mtl.services.answer import Answer

__all__ = ["Change", "Changes", "job_changes"]

Kind = Literal["joined", "left"]


class Change(Answer):
    kind: Kind
    on: date
    """The import that saw it."""
    person_id: str
    name: str
    customer_id: str
    customer_name: str
    title: str
    other_company: str
    """Where they came from (joined) or went (left)."""
    origins: list[str]
    """The sources that saw it."""


class Changes(Answer):
    since: date
    changes: list[Change]
    """Latest first, then by customer and person."""


def job_changes(store: PeopleReader, *, since: date) -> Changes:
    touched = {e.person_id for e in store.employments(changed_since=since)}
    history: dict[tuple[str, str], list[Employment]] = {}
    for e in store.employments(person_ids=touched) if touched else []:
        history.setdefault((e.person_id, e.origin), []).append(e)
    # (kind, customer, person, day) → the (ended, started) employments that show it
    found: dict[tuple[Kind, str, str, date], list[tuple[Employment, Employment]]] = {}
    for jobs in history.values():
        for old in jobs:
            if old.until is None:
                continue
            for new in jobs:
                if new is old or new.since != old.until or old.until < since:
                    continue
                sides: tuple[tuple[Kind, Employment], ...] = (("left", old), ("joined", new))
                for kind, job in sides:
                    if job.customer_id is not None:
                        key = (kind, job.customer_id, job.person_id, old.until)
                        found.setdefault(key, []).append((old, new))
    people = store.people({key[2] for key in found})
    customers = {c.id: c.name for c in store.customers(ids={key[1] for key in found})}
    changes = []
    for (kind, customer, person, on), seen in found.items():
        old, new = seen[0]
        changes.append(
            Change(
                kind=kind,
                on=on,
                person_id=person,
                name=people[person].name if person in people else person,
                customer_id=customer,
                customer_name=customers.get(customer, customer),
                title=(new if kind == "joined" else old).title,
                other_company=old.company if kind == "joined" else new.company,
                origins=sorted({o.origin for o, _ in seen}),
            )
        )
    changes.sort(key=lambda c: (-c.on.toordinal(), c.customer_name, c.name, c.kind))
    return Changes(since=since, changes=changes)
