"""Request and response bodies where they differ from the domain's models.

Query answers are the services' own models (the same JSON as the CLI's
`--json`); list answers are wrapped in an object as the CLI wraps them
(`{"paths": [...]}`, `{"accounts": [...]}`). Writes take the item without its
id, which comes from the path.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

from graph_mtl.domain.models import (
    IDENT_PATTERN,
    MAX_IDENT,
    Amount,
    Customer,
    CustomerKind,
    CustomerStatus,
    Ident,
    IntroStatus,
    Person,
    Strength,
    TeamMember,
)
from graph_mtl.services.accounts import AccountScore
from graph_mtl.services.forgotten import SkippedPerson
from graph_mtl.services.paths import WarmPath

__all__ = [
    "AccountsOut",
    "CustomerIn",
    "EvaluateIn",
    "Health",
    "ImportOut",
    "IntroIn",
    "IntroPatch",
    "PathsOut",
    "PersonIn",
    "ReachIn",
    "SharingIn",
    "TeamOut",
    "TieIn",
    "id_path",
]


def id_path(description: str) -> Any:
    """A path parameter that is an id: the one id rule, in the schema too."""
    return Path(min_length=1, max_length=MAX_IDENT, pattern=IDENT_PATTERN, description=description)


Name = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Flag = Annotated[bool, Strict()]
"""true or false, never "true", 1 or "yes": bodies are taken as sent (no coercion)."""
Warmth = Annotated[Strength, Strict()]
Money = Annotated[Amount, Strict()]
Count = Annotated[int, Strict(), Field(ge=0)]
Text = Annotated[str, StringConstraints(max_length=10_000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Health(BaseModel):
    status: Literal["ok"]
    store: Literal["embedded", "neo4j"]
    demo: bool


class PathsOut(BaseModel):
    paths: list[WarmPath]


class AccountsOut(BaseModel):
    accounts: list[AccountScore]


class TeamOut(BaseModel):
    members: list[TeamMember]


class ImportOut(BaseModel):
    imported: dict[str, int]
    """How many items of each kind were written (the bundle's, less the forgotten)."""
    forgotten: list[SkippedPerson] = Field(default_factory=list)
    """People who asked to be forgotten: skipped, with everything naming them."""


IncludeForgotten = Annotated[
    bool,
    Query(
        description="Import people who asked to be forgotten too (admin keys only); "
        "by default they are skipped and listed in `forgotten`."
    ),
]


class SharingIn(_In):
    shared: Flag
    """True: your ties may carry your teammates' paths (and you are named as the one to ask)."""


class PersonIn(_In):
    name: Name
    customer_id: Ident | None = None
    title: Text = ""
    roles: list[Ident] = Field(default_factory=list, max_length=100)
    is_salesperson: Flag = False
    email: Text = ""

    def person(self, person_id: str) -> Person:
        return Person(id=person_id, **self.model_dump(exclude={"roles"}), roles=tuple(self.roles))


class CustomerIn(_In):
    name: Name
    kind: CustomerKind = CustomerKind.ORGANIZATION
    status: CustomerStatus
    industry: Text = ""
    revenue: Money | None = None
    headcount: Count | None = None
    region: Text = ""
    situation: list[Annotated[str, StringConstraints(max_length=200)]] = Field(
        default_factory=list, max_length=100
    )

    def customer(self, customer_id: str) -> Customer:
        data = self.model_dump(exclude={"situation"})
        return Customer(id=customer_id, **data, situation=tuple(self.situation))


class TieIn(_In):
    strength: Warmth
    last_contact: date | None = None
    context: Text = ""


class ReachIn(_In):
    strength: Warmth


class EvaluateIn(_In):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    contact: Ident
    customer: Ident
    need: Ident
    fields: dict[Annotated[str, StringConstraints(max_length=200)], Text] = Field(
        default_factory=dict, max_length=50
    )
    """What we know, by the playbook's `evaluation.fields` (budget, timeline, …)."""
    source: Ident | None = Field(default=None, alias="from")
    """Your salesperson id (or any in demo mode): adds the warmth of your way to the contact."""
    record: Flag = False
    """Store the result as an opportunity."""


Note = Annotated[str, StringConstraints(max_length=2000)]


class IntroIn(_In):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    to: Ident
    """The person to be introduced to."""
    via: Ident | None = None
    """The connector to ask; default: the first hop of your best warm path."""
    note: Note = ""
    source: Ident | None = Field(default=None, alias="from")
    """Your salesperson id (required in demo mode only)."""


class IntroPatch(_In):
    status: IntroStatus
    """The next step: accepted, declined or withdrawn, then met or no_response."""
    note: Note = ""
