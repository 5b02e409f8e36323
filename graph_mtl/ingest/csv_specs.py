"""What each file of the CSV bundle holds: its columns and how each cell is read
(graph_mtl/ingest/csv_cells.py), its key, what a repeated row must equal, and
which columns name items of other files. The rules themselves are written out
in graph_mtl/ingest/csv_bundle.py's docstring."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    Employment,
    Need,
    Person,
    Reach,
    Role,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.ports import EntityKind
from graph_mtl.ingest import csv_cells
from graph_mtl.ingest.csv_columns import PeopleRows, TieRows

__all__ = ["COLUMNAR", "SPECS", "Parser", "Spec"]

Parser = Callable[[str], Any]


def _oriented(tie: Tie) -> tuple[Any, ...]:
    return (tie.pair, tie.strength, tie.last_contact, tie.context)


@dataclass(frozen=True, slots=True)
class Spec:
    file: str
    bundle_field: str
    model: type[BaseModel]
    columns: Mapping[str, Parser]
    key_columns: tuple[str, ...] = ("id",)
    key: Callable[[Any], tuple[Any, ...]] = lambda item: (item.id,)
    same: Callable[[Any], Hashable] = lambda item: item
    kind: EntityKind | None = None
    refs: Mapping[str, tuple[EntityKind, ...]] = field(default_factory=dict)
    rule_column: str = "row"  # the column a model-wide rule is about
    required: bool = False


SPECS: tuple[Spec, ...] = (
    Spec(
        "people.csv",
        "people",
        Person,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "customer_id": csv_cells.ident,
            "title": csv_cells.text,
            "roles": csv_cells.items,
            "is_salesperson": csv_cells.boolean,
            "email": csv_cells.text,
        },
        kind="person",
        refs={"customer_id": ("customer",), "roles": ("role",)},
        required=True,
    ),
    Spec(
        "ties.csv",
        "ties",
        Tie,
        {
            "source": csv_cells.ident,
            "target": csv_cells.ident,
            "strength": csv_cells.number,
            "last_contact": csv_cells.date_cell,
            "context": csv_cells.text,
        },
        key_columns=("source", "target"),
        key=attrgetter("pair"),
        same=_oriented,
        refs={"source": ("person",), "target": ("person",)},
        rule_column="target",
        required=True,
    ),
    Spec(
        "customers.csv",
        "customers",
        Customer,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "kind": csv_cells.choice,
            "status": csv_cells.choice,
            "industry": csv_cells.text,
            "revenue": csv_cells.number,
            "headcount": csv_cells.integer,
            "region": csv_cells.text,
            "situation": csv_cells.items,
            "domain": csv_cells.text,
        },
        kind="customer",
    ),
    Spec(
        "needs.csv",
        "needs",
        Need,
        {
            "id": csv_cells.listed_ident,
            "name": csv_cells.text,
            "description": csv_cells.text,
            "can_meet": csv_cells.boolean,
        },
        kind="need",
    ),
    Spec(
        "roles.csv",
        "roles",
        Role,
        {
            "id": csv_cells.listed_ident,
            "name": csv_cells.text,
            "cares_about": csv_cells.items,
            "power": csv_cells.choice,
        },
        kind="role",
        refs={"cares_about": ("need",)},
    ),
    Spec(
        "customer_needs.csv",
        "customer_needs",
        CustomerNeed,
        {
            "customer_id": csv_cells.ident,
            "need_id": csv_cells.ident,
            "approved": csv_cells.boolean,
            "budget_this_year": csv_cells.boolean,
            "budget": csv_cells.number,
            "kpi_related": csv_cells.boolean,
        },
        key_columns=("customer_id", "need_id"),
        key=attrgetter("customer_id", "need_id"),
        refs={"customer_id": ("customer",), "need_id": ("need",)},
    ),
    Spec(
        "capabilities.csv",
        "capabilities",
        Capability,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "kind": csv_cells.choice,
            "solves": csv_cells.items,
            "price_min": csv_cells.number,
            "price_max": csv_cells.number,
            "advantages": csv_cells.items,
        },
        kind="capability",
        refs={"solves": ("need",)},
        rule_column="price_max",
    ),
    Spec(
        "channels.csv",
        "channels",
        Channel,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "kind": csv_cells.choice,
            "audience": csv_cells.choice,
            "person_id": csv_cells.ident,
        },
        kind="channel",
        refs={"person_id": ("person",)},
        rule_column="person_id",
    ),
    Spec(
        "channel_reach.csv",
        "reach",
        Reach,
        {"channel_id": csv_cells.ident, "target_id": csv_cells.ident, "strength": csv_cells.number},
        key_columns=("channel_id", "target_id"),
        key=attrgetter("channel_id", "target_id"),
        refs={"channel_id": ("channel",), "target_id": ("customer", "person")},
    ),
    Spec(
        "evidence.csv",
        "evidence",
        TieEvidence,
        {
            "source": csv_cells.ident,
            "target": csv_cells.ident,
            "origin": csv_cells.text,
            "since": csv_cells.date_cell,
            "contacts": csv_cells.integer,
            "sent": csv_cells.integer,
            "received": csv_cells.integer,
            "meetings": csv_cells.integer,
            "last_contact": csv_cells.date_cell,
        },
        key_columns=("source", "target", "origin"),
        key=lambda e: (*e.pair, e.origin),
        refs={"source": ("person",), "target": ("person",)},
        rule_column="target",
    ),
    Spec(
        "employments.csv",
        "employments",
        Employment,
        {
            "person_id": csv_cells.ident,
            "origin": csv_cells.text,
            "company": csv_cells.text,
            "customer_id": csv_cells.ident,
            "title": csv_cells.text,
            "ref": csv_cells.text,
            "since": csv_cells.date_cell,
            "until": csv_cells.date_cell,
        },
        key_columns=("person_id", "origin", "company"),
        key=attrgetter("person_id", "origin", "company"),
        refs={"person_id": ("person",), "customer_id": ("customer",)},
        rule_column="until",
    ),
)


COLUMNAR: dict[type[BaseModel], type[PeopleRows] | type[TieRows]] = {
    Person: PeopleRows,
    Tie: TieRows,
}
"""The files read into columns: the ones that hold millions of rows."""
