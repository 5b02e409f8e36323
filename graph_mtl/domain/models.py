"""The graph's nodes and relationships as typed, validated, immutable models.

The terms follow the personal MTL process (see DESIGN.md §1): customers are
potential, target or existing; roles care about needs with a power; needs we
cannot meet are marked so (P1); channels are places or people.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "PERSON_CHANNEL_KINDS",
    "Audience",
    "Capability",
    "CapabilityKind",
    "Channel",
    "ChannelKind",
    "Customer",
    "CustomerKind",
    "CustomerNeed",
    "CustomerStatus",
    "Ident",
    "Need",
    "Opportunity",
    "OpportunityKind",
    "Person",
    "Power",
    "Reach",
    "Role",
    "Salesperson",
    "Strength",
    "Tie",
    "as_person",
]

Ident = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""An opaque, non-empty id: compared as written, never parsed."""

Strength = Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
"""How warm a tie or a reach is, in (0, 1]."""

Amount = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class CustomerKind(StrEnum):
    ORGANIZATION = "organization"
    INDIVIDUAL = "individual"


class CustomerStatus(StrEnum):
    POTENTIAL = "potential"
    TARGET = "target"
    EXISTING = "existing"


class Power(StrEnum):
    """What a role can do about a need, strongest first."""

    DECISION_MAKER = "decision_maker"
    INITIATOR = "initiator"
    INFLUENCER = "influencer"
    GATEKEEPER = "gatekeeper"
    USER = "user"


class CapabilityKind(StrEnum):
    PRODUCT = "product"
    SERVICE = "service"
    SOLUTION = "solution"


class ChannelKind(StrEnum):
    SEARCH_ENGINE = "search_engine"
    QA_SITE = "qa_site"
    FORUM = "forum"
    COMMUNITY = "community"
    EVENT = "event"
    PLATFORM = "platform"
    SHOP = "shop"
    PEER_SALESPERSON = "peer_salesperson"
    OLD_CUSTOMER = "old_customer"
    EXPERT = "expert"


PERSON_CHANNEL_KINDS = frozenset(
    {ChannelKind.PEER_SALESPERSON, ChannelKind.OLD_CUSTOMER, ChannelKind.EXPERT}
)
"""Channels that are people (and so may also be hops of a warm path)."""


class Audience(StrEnum):
    TARGET = "target"
    POTENTIAL = "potential"
    BOTH = "both"


class OpportunityKind(StrEnum):
    BUSINESS_OPPORTUNITY = "business_opportunity"
    LEAD = "lead"
    NOT_AN_OPPORTUNITY = "not_an_opportunity"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Person(_Model):
    id: Ident
    name: Annotated[str, StringConstraints(min_length=1)]
    customer_id: Ident | None = None
    title: str = ""
    roles: tuple[Ident, ...] = ()
    is_salesperson: bool = False
    email: str = ""


class Salesperson(Person):
    """A person who prospects with graph-mtl: the start of every warm path."""

    is_salesperson: bool = True

    @model_validator(mode="after")
    def _flagged(self) -> Self:
        if not self.is_salesperson:
            raise ValueError("a salesperson has is_salesperson = true")
        return self


def as_person(person: Person) -> Person:
    """The same person as a `Salesperson` when flagged as one, so equal data compares equal."""
    if person.is_salesperson and not isinstance(person, Salesperson):
        return Salesperson(**person.model_dump())
    return person


class Customer(_Model):
    id: Ident
    name: Annotated[str, StringConstraints(min_length=1)]
    kind: CustomerKind = CustomerKind.ORGANIZATION
    status: CustomerStatus
    industry: str = ""
    revenue: Amount | None = None
    headcount: Annotated[int, Field(ge=0)] | None = None
    region: str = ""
    situation: tuple[str, ...] = ()


class Need(_Model):
    id: Ident
    name: Annotated[str, StringConstraints(min_length=1)]
    description: str = ""
    can_meet: bool
    """P1: whether our capabilities can satisfy it; if not, it is never an opportunity."""


class Role(_Model):
    id: Ident
    name: Annotated[str, StringConstraints(min_length=1)]
    cares_about: tuple[Ident, ...] = ()
    power: Power


class CustomerNeed(_Model):
    """A need a customer has, with what makes it a valid opportunity (P2)."""

    customer_id: Ident
    need_id: Ident
    approved: bool = False
    budget_this_year: bool = False
    budget: Amount | None = None
    kpi_related: bool = False


class Capability(_Model):
    id: Ident
    name: Annotated[str, StringConstraints(min_length=1)]
    kind: CapabilityKind
    solves: tuple[Ident, ...] = ()
    price_min: Amount
    price_max: Amount
    advantages: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _band(self) -> Self:
        if self.price_max < self.price_min:
            raise ValueError("price_max is below price_min")
        return self


class Channel(_Model):
    id: Ident
    name: Annotated[str, StringConstraints(min_length=1)]
    kind: ChannelKind
    audience: Audience
    person_id: Ident | None = None

    @model_validator(mode="after")
    def _person_matches_kind(self) -> Self:
        if self.kind in PERSON_CHANNEL_KINDS and self.person_id is None:
            raise ValueError(f"a {self.kind} channel needs a person_id")
        if self.kind not in PERSON_CHANNEL_KINDS and self.person_id is not None:
            raise ValueError(f"a {self.kind} channel is a place and takes no person_id")
        return self

    @property
    def is_person(self) -> bool:
        return self.person_id is not None


class Reach(_Model):
    """A channel reaching a customer or a person."""

    channel_id: Ident
    target_id: Ident
    strength: Strength


class Tie(_Model):
    """Two people who know each other (KNOWS), undirected."""

    source: Ident
    target: Ident
    strength: Strength
    last_contact: date | None = None
    context: str = ""

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.source == self.target:
            raise ValueError("a tie joins two different people")
        return self

    @property
    def pair(self) -> tuple[str, str]:
        """The tie's undirected key: its two ends in sorted order."""
        return (
            (self.source, self.target) if self.source < self.target else (self.target, self.source)
        )

    def other(self, person_id: str) -> str:
        return self.target if person_id == self.source else self.source


class Opportunity(_Model):
    """A contact's need at a customer, evaluated (T3) and recorded."""

    id: Ident
    contact_id: Ident
    customer_id: Ident
    need_id: Ident
    kind: OpportunityKind
    quality: Annotated[float, Field(ge=0.0, le=1.0)]
    recorded_on: date
    details: dict[str, str] = Field(default_factory=dict)
