"""The graph's nodes and relationships as typed, validated, immutable models.

The terms follow the personal MTL process (see DESIGN.md §1): customers are
potential, target or existing; roles care about needs with a power; needs we
cannot meet are marked so (P1); channels are places or people.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from graph_mtl.i18n import _

__all__ = [
    "BANNED_IN_IDS",
    "IDENT_PATTERN",
    "MAX_IDENT",
    "PERSON_CHANNEL_KINDS",
    "ApiKey",
    "Audience",
    "Capability",
    "CapabilityKind",
    "Channel",
    "ChannelKind",
    "Customer",
    "CustomerKind",
    "CustomerNeed",
    "CustomerStatus",
    "Employment",
    "Erasure",
    "Ident",
    "IntroEvent",
    "IntroRequest",
    "IntroStatus",
    "IssuedKey",
    "Need",
    "Opportunity",
    "OpportunityKind",
    "Person",
    "Power",
    "Reach",
    "Role",
    "Salesperson",
    "Strength",
    "TeamMember",
    "Tie",
    "TieEvidence",
    "as_person",
    "check_ident",
    "ident_problem",
]

MAX_IDENT = 200

_BANNED = r"\x00-\x1f\x7f-\x9f/\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
"""Control characters, `/` and the bidirectional marks and overrides (a lookalike of
another id could otherwise be written, or an id that no URL can address)."""
BANNED_IN_IDS = re.compile(f"[{_BANNED}]")

IDENT_PATTERN = rf"^[^\s{_BANNED}]([^{_BANNED}]*[^\s{_BANNED}])?$"
"""The id rule as a regular expression, for the API's schema (`ident_problem` says
why an id breaks it)."""


def ident_problem(value: str) -> str | None:
    """Why `value` cannot be an id, or None. The one id rule of every door (the API,
    the CSV import, the command line)."""
    if value != value.strip():
        return _("has leading or trailing whitespace")
    bad = BANNED_IN_IDS.search(value)
    if bad is not None:
        return _(
            "cannot hold {character!r} (no control characters, '/' or direction marks)",
            character=bad.group(),
        )
    return None


def check_ident(value: str) -> str:
    problem = ident_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Ident = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_IDENT),
    AfterValidator(check_ident),
    Field(json_schema_extra={"pattern": IDENT_PATTERN}),
]
"""An opaque, non-empty id: compared as written, never parsed."""

KeyHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

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
            raise ValueError(_("a salesperson has is_salesperson = true"))
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
    domain: str = ""
    """Its web and e-mail domain ("northwind.example"): contacts whose e-mail address
    is at it are matched to it on import."""


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
            raise ValueError(_("price_max is below price_min"))
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
            raise ValueError(_("a {kind} channel needs a person_id", kind=self.kind))
        if self.kind not in PERSON_CHANNEL_KINDS and self.person_id is not None:
            raise ValueError(
                _("a {kind} channel is a place and takes no person_id", kind=self.kind)
            )
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
            raise ValueError(_("a tie joins two different people"))
        return self

    @property
    def pair(self) -> tuple[str, str]:
        """The tie's undirected key: its two ends in sorted order."""
        return (
            (self.source, self.target) if self.source < self.target else (self.target, self.source)
        )

    def other(self, person_id: str) -> str:
        return self.target if person_id == self.source else self.source


class TieEvidence(_Model):
    """What one source says about a tie (a LinkedIn connection and its messages, a
    CRM's last activity): an imported tie's strength is computed from all of its
    evidence (graph_mtl/domain/evidence.py). One item per tie and origin."""

    source: Ident
    target: Ident
    origin: Annotated[str, StringConstraints(min_length=1)]
    """Where it comes from, as a user reads it: "LinkedIn", "HubSpot contact owner"."""
    since: date | None = None
    """Connected since."""
    contacts: Annotated[int, Field(ge=0)] = 0
    """Contacts of no known direction (a CRM's activities)."""
    sent: Annotated[int, Field(ge=0)] = 0
    """Messages `source` sent to `target` (LinkedIn messages, e-mails)."""
    received: Annotated[int, Field(ge=0)] = 0
    """Messages `source` received from `target`."""
    meetings: Annotated[int, Field(ge=0)] = 0
    """Meetings both attended (calendar events, a `met` introduction)."""
    last_contact: date | None = None

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.source == self.target:
            raise ValueError(_("evidence joins two different people"))
        return self

    @property
    def pair(self) -> tuple[str, str]:
        return (
            (self.source, self.target) if self.source < self.target else (self.target, self.source)
        )

    def seen_from(self, person: str) -> TieEvidence:
        """The same evidence with `person` as its source: what they sent is what the
        other side received."""
        if person == self.source:
            return self
        if person != self.target:
            raise ValueError(f"{person} is not one of the evidence's two people")
        turned = {"sent": self.received, "received": self.sent}
        return self.model_copy(update={"source": self.target, "target": self.source, **turned})


class Employment(_Model):
    """A person's job as one source showed it: their provenance, and the dates that
    tell a job change. One item per person, origin and company."""

    person_id: Ident
    origin: Annotated[str, StringConstraints(min_length=1)]
    """Which import: "LinkedIn (sp-zhang)", "HubSpot"."""
    company: Annotated[str, StringConstraints(min_length=1)]
    """As the source writes it."""
    customer_id: Ident | None = None
    """The customer the company matched, if any."""
    title: str = ""
    ref: str = ""
    """The person's key at the source ("linkedin:jo-park", "hubspot:1001"): the
    strongest evidence that two records are one person."""
    since: date
    """The first import that showed it."""
    until: date | None = None
    """The import that showed them elsewhere; None while current."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.until is not None and self.until < self.since:
            raise ValueError(_("an employment ends after it starts"))
        return self


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
    recorded_by: Ident | None = None
    """The salesperson who recorded it: it is theirs. Teammates see that it exists
    (without its details) only while the recorder shares their network; None for
    a record made without a salesperson (the command line, demo mode)."""
    previous_kind: OpportunityKind | None = None
    """What it was before an evaluation changed its kind: `lead` for a lead upgraded to
    a business opportunity."""


class ApiKey(_Model):
    """A key as stored: its id (for listing and revoking), never the key itself.

    A salesperson's key asks from their own position and writes their own
    network and the team's contacts; an `admin` key may also change
    salespeople, forget anyone and import the team's data.
    """

    id: Ident
    salesperson_id: Ident
    key_hash: KeyHash
    created_on: date
    revoked: bool = False
    admin: bool = False


class IssuedKey(_Model):
    key: str
    """The secret itself: shown once, stored nowhere."""
    record: ApiKey


class TeamMember(_Model):
    """A salesperson and whether their ties are shared with the team network."""

    id: Ident
    name: str
    shared: bool


class Erasure(_Model):
    """Proof that a person was forgotten, and nothing more: a salted hash of their id
    (recomputed from the id and `salt` to show the erasure happened), when, and who
    asked; and, with the same salt, hashes of the other handles an import may bring
    them back by (their e-mail addresses and source keys, such as a profile URL's),
    so that it skips them (graph_mtl/services/access.py: `forgotten_in`)."""

    digest: KeyHash
    salt: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
    erased_on: date
    by: str
    """The key id that asked, or "command line"."""
    handles: tuple[KeyHash, ...] = ()
    """Salted hashes of `email:<address>` and `ref:<source key>` (none in a record
    made before they were kept)."""


class IntroStatus(StrEnum):
    """Where an introduction request stands (graph_mtl/domain/intros.py: the moves)."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    MET = "met"
    NO_RESPONSE = "no_response"


class IntroEvent(_Model):
    """One step of a request: its new status, when, who moved it, and why."""

    status: IntroStatus
    on: date
    by: str
    """The salesperson (or key id, or "command line") who moved it."""
    note: Annotated[str, StringConstraints(max_length=2000)] = ""


class IntroRequest(_Model):
    """A salesperson asking `via_id` to introduce them to `target_id`; theirs alone
    (the connector, when a teammate sharing their network, may accept or decline)."""

    id: Ident
    salesperson_id: Ident
    target_id: Ident
    via_id: Ident
    status: IntroStatus = IntroStatus.REQUESTED
    requested_on: date
    note: Annotated[str, StringConstraints(max_length=2000)] = ""
    history: tuple[IntroEvent, ...] = ()
    """Every move after the request, oldest first."""

    @property
    def updated_on(self) -> date:
        return self.history[-1].on if self.history else self.requested_on
