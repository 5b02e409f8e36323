"""Records of the embedded store parsed from their JSON text and kept by that text
(emptied when one kind holds `_PARSED_LIMIT`): most answers read the same few
people, customers, roles and needs again, and each parse of a record costs several
microseconds. The text is the whole record, so an edited one is parsed anew; what
is kept is immutable (frozen models with immutable fields). `forget` drops them
all, so that a forgotten person's data is not kept (graph_mtl/stores/sqlite_details.py
says when)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, cast

from pydantic import BaseModel

from graph_mtl.domain.models import Customer, Person
from graph_mtl.stores.sqlite_records import models, person

__all__ = ["forget", "parsed", "parsed_customer", "parsed_person", "people"]

_PARSED_LIMIT = 4096

people: dict[str, Person] = {}
"""The people kept, by their text."""
_customers: dict[str, Customer] = {}
_items: dict[type[BaseModel], dict[str, BaseModel]] = {}

_M = TypeVar("_M", bound=BaseModel)


def forget() -> None:
    people.clear()
    _customers.clear()
    _items.clear()


def parsed(model: type[_M], rows: Iterable[tuple[str]]) -> list[_M]:
    """`sqlite_records.models`, each record kept parsed by its text as people are (the
    roles and needs every committee reads, the channels and reach of its gaps):
    `model` must be frozen with immutable fields, as the domain's records are."""
    kept = _items.setdefault(model, {})
    found = []
    for (data,) in rows:
        item = kept.get(data)
        if item is None:
            if len(kept) >= _PARSED_LIMIT:
                kept.clear()
            (item,) = models(model, [(data,)])
            kept[data] = item
        found.append(cast(_M, item))
    return found


def parsed_person(data: str) -> Person:
    """`sqlite_records.person(data)`, kept parsed by its text."""
    found = people.get(data)
    if found is None:
        if len(people) >= _PARSED_LIMIT:
            people.clear()
        found = people[data] = person(data)
    return found


def parsed_customer(data: str) -> Customer:
    """The customer of `data`, kept parsed by its text."""
    found = _customers.get(data)
    if found is None:
        if len(_customers) >= _PARSED_LIMIT:
            _customers.clear()
        (found,) = models(Customer, [(data,)])
        _customers[data] = found
    return found
