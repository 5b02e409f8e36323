"""What a report is: its models (the JSON `graph-mtl report --format json` and the API give)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from graph_mtl.domain.models import (
    ChannelKind,
    CustomerStatus,
)
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.scoring import Score
from graph_mtl.services.accounts import (
    ScoreKind,
    UnmetNeed,
)
from graph_mtl.services.answer import Answer
from graph_mtl.services.committee import (
    ChannelReach,
    DoorOpener,
)
from graph_mtl.services.key_persons import KeyPerson
from graph_mtl.services.paths import WarmPath
from graph_mtl.services.seats import MissingRole

__all__ = [
    "ANY_NEED",
    "Answer",
    "CustomerSection",
    "GapChannel",
    "Introducer",
    "KeyPersonChain",
    "NeedGroup",
    "Progress",
    "Report",
    "ReportOptions",
    "ReportStatus",
    "Totals",
]

ReportStatus = Literal["target", "potential", "all"]
Progress = Callable[[int, int], None]
"""Called with (customers done, customers in all) as the report advances."""

ANY_NEED = "any need we can meet"
"""The name of a potential customer's group when it has voiced none of our needs."""


class ReportOptions(Answer):
    source: str
    customers: list[str] | None
    status: ReportStatus | None
    """Which accounts (None when `customers` names them)."""
    need: str | None
    mode: Mode
    max_hops: int
    k: int
    limit: int | None
    top: int


class KeyPersonChain(KeyPerson):
    """A key person and the way to them: the best chain, or the channels that reach them."""

    chain: WarmPath | None
    """The salesperson's own tie when they know them, else the best chain within
    the hop limit (strongest, or shortest); None: a gap."""
    known: bool = False
    """The salesperson knows them directly: `chain` is that tie, whatever the
    product of a longer chain (`more_chains` has those)."""
    more_chains: list[WarmPath]
    """The next best chains, when more than one was asked for (k > 1)."""
    door_opener: str | None
    """The door opener (one of the salesperson's acquaintances) picked to reach them."""
    channels: list[ChannelReach]
    """For a gap: the channels that reach them or their employer, best first."""


class NeedGroup(Answer):
    need_id: str | None
    """None: a potential customer's group for any need we can meet."""
    need_name: str
    members: list[KeyPersonChain]
    reached: int
    coverage: float
    door_openers: list[DoorOpener]
    missing_roles: list[MissingRole]
    """The roles the playbook's committee for this need (`[committees.<need>]`) holds
    that nobody at the account is known to hold; none for a group of any need."""
    role_coverage: float | None
    """Weighted share of the required roles held by someone the salesperson reaches
    (None: no committee declared for the need)."""
    required_roles: int
    required_covered: int
    company_channels: list[ChannelReach]
    """The channels reaching the company, where to look for the missing roles
    (empty when no role is missing)."""
    notes: list[str]


class CustomerSection(Answer):
    customer_id: str
    name: str
    status: CustomerStatus
    industry: str
    priority: Score | None
    """From account scoring, with its reasons; None for an existing customer."""
    score_kind: ScoreKind | None
    score: Score | None
    unmet_needs: list[UnmetNeed]
    groups: list[NeedGroup]
    key_persons: int
    reached: int
    coverage: float
    notes: list[str]


class Introducer(Answer):
    """Someone between the salesperson and key persons: to thank and to keep warm."""

    id: str
    name: str
    chains: int
    customers: list[str]
    """The customers whose chains pass through them, in report order."""


class GapChannel(Answer):
    """A channel reaching key persons that no chain reaches."""

    id: str
    name: str
    kind: ChannelKind
    person_id: str | None
    gaps: int
    """How many gaps (key persons in a group without a chain) it reaches."""
    in_person: int
    """Of those, how many it reaches in person rather than through their employer."""
    customers: list[str]


class Totals(Answer):
    customers: int
    groups: int
    key_persons: int
    """Members of groups (a person in two groups counts twice)."""
    people: int
    """Distinct key persons."""
    reached: int
    gaps: int
    gaps_with_channels: int
    coverage: float
    door_openers: int
    introducers: int
    channels: int
    missing_roles: int
    """Roles nobody is known to hold, over every group (required and optional)."""
    required_roles: int
    """Required roles over every group with a declared committee."""
    required_covered: int
    """Of those, the ones held by someone the salesperson reaches."""


class Report(Answer):
    source: str
    source_name: str
    options: ReportOptions
    customers: list[CustomerSection]
    """Highest priority first (then by id); existing customers, if named, last."""
    introducers: list[Introducer]
    """The `top` introducers in the most chains."""
    channels: list[GapChannel]
    """The `top` channels closing the most gaps (a gap reached only through the
    person's employer counts `channels.COMPANY_ONLY`)."""
    totals: Totals
    notes: list[str]
