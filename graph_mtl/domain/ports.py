"""The one port between the domain and storage: `GraphStore`.

Every store (the embedded networkx store, the Neo4j store) implements it and
passes the same contract tests (tests/contract). The domain reads and writes
the graph through it only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Literal, Protocol

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    Tie,
)

__all__ = ["Adjacency", "EntityKind", "GraphStore"]

EntityKind = Literal["person", "customer", "need", "role", "capability", "channel"]

Adjacency = Mapping[str, Sequence[tuple[str, float]]]
"""For each person id asked about: (neighbour id, tie strength) pairs."""


class GraphStore(Protocol):
    """Reads and writes the graph. Unknown ids read as absent, never as errors."""

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        """Upsert everything in `bundle`, all or nothing; loading it twice changes nothing.

        Items replace the stored items with the same key (id, tie pair,
        customer and need, channel and target) whole.
        """
        ...

    def export(self) -> Bundle:
        """Everything the store holds."""
        ...

    def delete_person(self, person_id: str) -> bool:
        """Remove a person with all of their ties and reach; False if absent."""
        ...

    # -- reads -------------------------------------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        """Which of `ids` the store holds as `kind`."""
        ...

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        """The people among `ids` that exist, by id."""
        ...

    def employees(self, customer_id: str) -> list[Person]:
        """People who work at a customer, ordered by id."""
        ...

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        """Customers (of one status, if given; among `ids`, if given), ordered by id."""
        ...

    def customer(self, customer_id: str) -> Customer | None: ...

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        """The KNOWS neighbours of each person in `person_ids` (absent ids map to nothing)."""
        ...

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        """The ties between the given pairs, keyed by the sorted pair."""
        ...

    def needs(self) -> list[Need]: ...

    def roles(self) -> list[Role]: ...

    def capabilities(self) -> list[Capability]: ...

    def channels(self, *, person_ids: Collection[str] | None = None) -> list[Channel]:
        """Channels (only those that are one of `person_ids`, if given), ordered by id."""
        ...

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        """Channel reach, all of it or only towards the given customers and people."""
        ...

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]: ...

    def opportunities(self) -> list[Opportunity]: ...

    # -- life cycle --------------------------------------------------------
    def ping(self) -> None:
        """Raise StoreUnavailable if the store cannot answer."""
        ...

    def close(self) -> None: ...
