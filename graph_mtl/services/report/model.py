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
from graph_mtl.i18n import N_
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
from graph_mtl.services.seats import VacantSeat

__all__ = [
    "ANY_NEED",
    "Answer",
    "CustomerSection",
    "GapChannel",
    "Introducer",
    "KeyPersonChain",
    "NeedCommittee",
    "Progress",
    "Report",
    "ReportOptions",
    "ReportStatus",
    "Totals",
]

ReportStatus = Literal["target", "potential", "all"]
Progress = Callable[[int, int], None]
"""Called with (customers done, customers in all) as the report advances."""

ANY_NEED = N_("any need we can meet")
"""The name of a potential customer's committee when it has voiced none of our needs
(in the reader's language in a report)."""


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


class NeedCommittee(Answer):
    need_id: str | None
    """None: a potential customer's committee for any need we can meet."""
    need_name: str
    members: list[KeyPersonChain]
    reached: int
    coverage: float
    door_openers: list[DoorOpener]
    vacant_seats: list[VacantSeat]
    """The seats the playbook's committee for this need (`[committees.<need>]`) has
    that nobody at the account is known to hold; none for a committee of any need."""
    seat_coverage: float | None
    """Weighted share of the required seats held by someone the salesperson reaches
    (None: no seats declared for the need)."""
    required_seats: int
    required_seats_covered: int
    company_channels: list[ChannelReach]
    """The channels reaching the company, where to look for the vacant seats
    (empty when no seat is vacant)."""
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
    committees: list[NeedCommittee]
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
    """How many gaps (key persons in a committee without a chain) it reaches."""
    in_person: int
    """Of those, how many it reaches in person rather than through their employer."""
    customers: list[str]


class Totals(Answer):
    customers: int
    committees: int
    key_persons: int
    """Members of committees (a person in two committees counts twice)."""
    people: int
    """Distinct key persons."""
    reached: int
    gaps: int
    gaps_with_channels: int
    coverage: float
    door_openers: int
    introducers: int
    channels: int
    vacant_seats: int
    """Seats nobody is known to hold, over every committee (required and optional)."""
    required_seats: int
    """Required seats over every committee with declared seats."""
    required_seats_covered: int
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
