"""Channel ranking (T1): where the key persons of the accounts that matter appear.

Channels are places (search engines, Q&A sites, forums, events, shops) and
people (peer salespeople, old customers' people, experts). The article insists
that target and potential customers are reached in different places with
different messages, so there are two rankings: a channel counts for the target
list if its audience is `target` or `both`, for the potential list if it is
`potential` or `both`, and in each list only its reach to customers of that
status counts.

A channel's reach of one customer is the best of:

- a REACHES to one of the customer's key persons, at that reach's strength;
- for a person channel, a KNOWS tie between the channel's own person and a key
  person, at the tie's strength (knowing someone is reaching them);
- a REACHES to the customer itself, at COMPANY_ONLY times its strength: being
  seen by a company is worth half as much as being seen by the people who
  decide there. Reach to people there who are not key persons does not count.

Its score is the sum, over the customers of the list, of the customer's
priority times that reach; its coverage is the score divided by the sum of
all those customers' priorities, the share of what matters that it reaches,
in [0, 1]. Key persons and priorities come from `score_accounts`: with a
salesperson, the full priority (score and warmth); without one, the score
alone (validity or fit), so `graph-mtl channels` works without --from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from graph_mtl.domain.intros import ConnectorRecord, records
from graph_mtl.domain.models import Audience, Channel, ChannelKind, CustomerStatus, Power
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.i18n import _
from graph_mtl.services.accounts import AccountScore, score_accounts
from graph_mtl.services.answer import Answer
from graph_mtl.services.key_persons import KeyPerson
from graph_mtl.services.phrases import key_persons, shown

__all__ = [
    "COMPANY_ONLY",
    "ChannelRanking",
    "CustomerReach",
    "RankedChannel",
    "ReachedPerson",
    "rank_channels",
]

COMPANY_ONLY = 0.5
"""What reaching a customer only as a company is worth, against reaching a key person."""


class ReachedPerson(Answer):
    """A key person a channel reaches, and how."""

    id: str
    name: str
    role_name: str
    power: Power
    strength: float
    via: list[str]
    """"reaches" (a recorded REACHES), "knows" (the channel's person knows them), or both."""


class CustomerReach(Answer):
    """How a channel reaches one customer, and what that is worth."""

    customer_id: str
    name: str
    priority: float
    company: float | None
    """The strength of a REACHES to the customer itself, if any (before COMPANY_ONLY)."""
    key_persons: list[ReachedPerson]
    reach: float
    """The best of the key persons' strengths and COMPANY_ONLY times `company`."""
    contribution: float
    """priority * reach: this customer's share of the channel's score."""
    reason: str


class RankedChannel(Answer):
    id: str
    name: str
    kind: ChannelKind
    audience: Audience
    person_id: str | None
    score: float
    coverage: float
    customers: list[CustomerReach]
    """The customers of the list it reaches, greatest contribution first."""
    record: str | None = None
    """For a person channel asked to introduce someone: how they answered,
    "introduced 3 of 4 asked"."""


class ChannelRanking(Answer):
    source: str | None
    basis: str
    """What the customers' priorities are made of."""
    company_only: float
    target: list[RankedChannel] | None
    """Channels for target customers, best first (None when only potential was asked)."""
    potential: list[RankedChannel] | None


_LISTS = {
    CustomerStatus.TARGET: frozenset({Audience.TARGET, Audience.BOTH}),
    CustomerStatus.POTENTIAL: frozenset({Audience.POTENTIAL, Audience.BOTH}),
}
"""For each list, the channel audiences that count for it."""


def rank_channels(
    store: IntroGraph,
    playbook: Playbook,
    source: str | None = None,
    *,
    audience: Audience | None = None,
) -> ChannelRanking:
    """Channels ranked by how well they reach the key persons of the accounts that
    matter, weighted by the accounts' priority: one list for target customers and
    one for potential customers, or only the one `audience` names (`both` or None:
    the two lists)."""
    wanted = [s for s in _LISTS if audience in (None, Audience.BOTH) or audience.value == s.value]
    accounts = [a for a in score_accounts(store, playbook, source) if a.status in wanted]
    channels = [c for c in store.channels() if any(c.audience in _LISTS[s] for s in wanted)]
    index = _Index(accounts)
    reach = store.reach(target_ids=index.targets())
    people = [c.person_id for c in channels if c.person_id is not None]
    knows = store.adjacency(people)
    track = records(store.intros(via_ids=people)) if people else {}
    seen: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    for r in reach:
        seen[r.channel_id].append((r.target_id, r.strength, "reaches"))
    for channel in channels:
        if channel.person_id is not None:
            for other, strength in knows.get(channel.person_id, ()):
                seen[channel.id].append((other, strength, "knows"))
    lists = {
        status: _rank(
            [c for c in channels if c.audience in _LISTS[status]],
            [a for a in accounts if a.status is status],
            index,
            seen,
            track,
        )
        for status in wanted
    }
    return ChannelRanking(
        source=source,
        basis=(
            _("account priority: score and the warmth of {source}'s best path", source=source)
            if source is not None
            else _("account score alone (validity or fit); give --from to add warmth")
        ),
        company_only=COMPANY_ONLY,
        target=lists.get(CustomerStatus.TARGET),
        potential=lists.get(CustomerStatus.POTENTIAL),
    )


class _Index:
    """Which account each customer id and key-person id belongs to."""

    def __init__(self, accounts: Sequence[AccountScore]) -> None:
        self.customers = {a.customer_id: a for a in accounts}
        self.key_persons: dict[str, tuple[AccountScore, KeyPerson]] = {
            kp.id: (a, kp) for a in accounts for kp in a.committee
        }

    def targets(self) -> list[str]:
        return sorted(set(self.customers) | set(self.key_persons))


class _Tally:
    """What one channel reaches at one customer, while it is being gathered."""

    def __init__(self, account: AccountScore) -> None:
        self.account = account
        self.company: float | None = None
        self.people: dict[str, tuple[KeyPerson, float, set[str]]] = {}

    def person(self, kp: KeyPerson, strength: float, via: str) -> None:
        _, best, ways = self.people.get(kp.id, (kp, 0.0, set()))
        self.people[kp.id] = (kp, max(best, strength), ways | {via})

    def result(self) -> CustomerReach:
        people = sorted(
            (
                ReachedPerson(
                    id=kp.id,
                    name=kp.name,
                    role_name=kp.role_name,
                    power=kp.power,
                    strength=strength,
                    via=sorted(via),
                )
                for kp, strength, via in self.people.values()
            ),
            key=lambda p: (-p.strength, p.id),
        )
        direct = people[0].strength if people else 0.0
        indirect = COMPANY_ONLY * self.company if self.company is not None else 0.0
        reach = max(direct, indirect)
        priority = self.account.priority.value
        return CustomerReach(
            customer_id=self.account.customer_id,
            name=self.account.name,
            priority=priority,
            company=self.company,
            key_persons=people,
            reach=reach,
            contribution=priority * reach,
            reason=_reason(people, self.company, direct >= indirect),
        )


def _reason(people: Sequence[ReachedPerson], company: float | None, by_person: bool) -> str:
    if company is None or (people and by_person):
        best = people[0]
        return _(
            "reaches {key_persons}, best {name} ({role}, {power}) at {strength:.2f} via {via}",
            key_persons=key_persons(len(people)),
            name=best.name,
            role=best.role_name,
            power=shown(best.power),
            strength=best.strength,
            via=_(" and ").join(shown(v) for v in best.via),
        )
    only = _(
        "reaches the company only: {company:.2f} x {factor:g}", company=company, factor=COMPANY_ONLY
    )
    if not people:
        return only
    return _("{reason} beats its {key_persons}", reason=only, key_persons=key_persons(len(people)))


def _rank(
    channels: Sequence[Channel],
    accounts: Sequence[AccountScore],
    index: _Index,
    seen: dict[str, list[tuple[str, float, str]]],
    track: dict[str, ConnectorRecord],
) -> list[RankedChannel]:
    members = {a.customer_id for a in accounts}
    total = sum(a.priority.value for a in accounts)
    ranked = []
    for channel in channels:
        tallies: dict[str, _Tally] = {}
        for target, strength, via in seen.get(channel.id, ()):
            if via == "reaches" and target in members:
                tally = tallies.setdefault(target, _Tally(index.customers[target]))
                tally.company = max(tally.company or 0.0, strength)
            elif target in index.key_persons:
                account, kp = index.key_persons[target]
                if account.customer_id in members:
                    tallies.setdefault(account.customer_id, _Tally(account)).person(
                        kp, strength, via
                    )
        reached = sorted(
            (t.result() for t in tallies.values()),
            key=lambda r: (-r.contribution, r.customer_id),
        )
        score = sum(r.contribution for r in reached)
        ranked.append(
            RankedChannel(
                id=channel.id,
                name=channel.name,
                kind=channel.kind,
                audience=channel.audience,
                person_id=channel.person_id,
                score=score,
                coverage=min(1.0, score / total) if total else 0.0,
                customers=reached,
                record=track[channel.person_id].text() if channel.person_id in track else None,
            )
        )
    return sorted(ranked, key=lambda c: (-c.score, c.id))
