"""A bundle: a whole graph (or a part of one) as plain collections of models.

Imports produce bundles, stores load and export them, and `copy` moves them
between stores. A bundle keeps insertion order, so exports are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from graph_mtl.domain.columns import PersonColumns
from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    Employment,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    Tie,
    TieEvidence,
    as_person,
)

__all__ = ["Bundle"]

_Paired = TypeVar("_Paired", Tie, TieEvidence)


@dataclass(slots=True)
class Bundle:
    people: Sequence[Person] = field(default_factory=list)
    """A list, or `PersonColumns` for a large import."""
    ties: Sequence[Tie] = field(default_factory=list)
    """A list, or `TieColumns` for a large import."""
    customers: list[Customer] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    customer_needs: list[CustomerNeed] = field(default_factory=list)
    capabilities: list[Capability] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    reach: list[Reach] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    evidence: list[TieEvidence] = field(default_factory=list)
    """What imported ties' strengths were computed from."""
    employments: list[Employment] = field(default_factory=list)
    """Jobs as the imports showed them: provenance and job changes."""

    def __post_init__(self) -> None:
        if not isinstance(self.people, PersonColumns):  # its salespeople read as such
            self.people = [as_person(p) for p in self.people]

    def counts(self) -> dict[str, int]:
        """How many items of each kind, by field name."""
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """Plain JSON-ready data, one list per kind."""
        return {
            f.name: [item.model_dump(mode="json") for item in getattr(self, f.name)]
            for f in fields(self)
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Bundle:
        """The inverse of `to_json`; raises pydantic's ValidationError on bad data."""
        return cls(
            **{
                name: [model.model_validate(item) for item in data.get(name, [])]
                for name, model in _MODELS.items()
            }
        )

    def canonical(self) -> Bundle:
        """The same content in a fixed order, so two stores' exports compare equal."""
        return Bundle(
            people=sorted(self.people, key=lambda p: p.id),
            ties=sorted((_oriented(t) for t in self.ties), key=lambda t: (t.source, t.target)),
            customers=sorted(self.customers, key=lambda c: c.id),
            needs=sorted(self.needs, key=lambda n: n.id),
            roles=sorted(self.roles, key=lambda r: r.id),
            customer_needs=sorted(self.customer_needs, key=lambda c: (c.customer_id, c.need_id)),
            capabilities=sorted(self.capabilities, key=lambda c: c.id),
            channels=sorted(self.channels, key=lambda c: c.id),
            reach=sorted(self.reach, key=lambda r: (r.channel_id, r.target_id)),
            opportunities=sorted(self.opportunities, key=lambda o: o.id),
            evidence=sorted(
                (_oriented(e) for e in self.evidence), key=lambda e: (*e.pair, e.origin)
            ),
            employments=sorted(self.employments, key=lambda e: (e.person_id, e.origin, e.company)),
        )


def _oriented(tie: _Paired) -> _Paired:
    source, target = tie.pair
    if tie.source == source:
        return tie
    if isinstance(tie, TieEvidence):
        return tie.seen_from(source)
    return tie.model_copy(update={"source": source, "target": target})


_MODELS: dict[str, type[Any]] = {
    "people": Person,
    "ties": Tie,
    "customers": Customer,
    "needs": Need,
    "roles": Role,
    "customer_needs": CustomerNeed,
    "capabilities": Capability,
    "channels": Channel,
    "reach": Reach,
    "opportunities": Opportunity,
    "evidence": TieEvidence,
    "employments": Employment,
}
