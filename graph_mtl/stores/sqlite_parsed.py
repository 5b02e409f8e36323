"""Records of the embedded store parsed from their JSON text and kept by that text
(emptied when one kind holds `_PARSED_LIMIT`): most answers read the same few
people, customers, roles and needs again, and each parse of a record costs several
microseconds. The text is the whole record, so an edited one is parsed anew; what
is kept is immutable (frozen models with immutable fields). The team members are
kept by their row the same way: every answer a salesperson asks for reads the whole
team (graph_mtl/services/team_view.py), 50 salespeople 0.3 ms of validation an answer.
`forget` drops them all, so that a forgotten person's data is not kept
(graph_mtl/stores/sqlite_details.py says when)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar, cast

from pydantic import BaseModel

from graph_mtl.domain.models import Customer, Person, TeamMember
from graph_mtl.stores.sqlite_records import models, person

__all__ = ["forget", "member", "members", "parsed", "parsed_customer", "parsed_person", "people"]

_PARSED_LIMIT = 4096

people: dict[str, Person] = {}
"""The people kept, by their text."""
_customers: dict[str, Customer] = {}
_items: dict[type[BaseModel], dict[str, BaseModel]] = {}
members: dict[tuple[str, str, bool], TeamMember] = {}
"""The team members kept, by their row (id, name, shared)."""

_M = TypeVar("_M", bound=BaseModel)


def forget() -> None:
    people.clear()
    _customers.clear()
    _items.clear()
    members.clear()


def parsed(model: type[_M], rows: Iterable[tuple[str]]) -> list[_M]:
    """`sqlite_records.models`, each record kept parsed by its text as people are (the
    roles and needs every committee reads, the channels and reach of its gaps):
    `model` must be frozen with immutable fields, as the domain's records are."""
    kept = cast(dict[str, _M], _items.setdefault(model, {}))
    return [_kept(kept, data, lambda d: models(model, [(d,)])[0]) for (data,) in rows]


def parsed_person(data: str) -> Person:
    """`sqlite_records.person(data)`, kept parsed by its text."""
    return _kept(people, data, person)


def parsed_customer(data: str) -> Customer:
    """The customer of `data`, kept parsed by its text."""
    return _kept(_customers, data, lambda d: models(Customer, [(d,)])[0])


def member(row: tuple[str, str, bool]) -> TeamMember:
    """The team member of `row` (id, name, shared), kept by it."""
    return _kept(members, row, lambda r: TeamMember(id=r[0], name=r[1], shared=r[2]))


_K = TypeVar("_K", bound=Hashable)


def _kept(kept: dict[_K, _M], data: _K, parse: Callable[[_K], _M]) -> _M:
    """The record of `data` in `kept`, parsed and put there if it is not (`kept`
    emptied first when it holds `_PARSED_LIMIT`)."""
    found = kept.get(data)
    if found is None:
        if len(kept) >= _PARSED_LIMIT:
            kept.clear()
        found = kept[data] = parse(data)
    return found
