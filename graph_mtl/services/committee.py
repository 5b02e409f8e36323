"""Committees (P3): who decides at an account together, how warmly the
salesperson reaches each of them, which acquaintances open the most doors, and
which channels reach the members that no warm path does.

One bounded search from the salesperson (`paths_from`) gives every member's best
path. Door openers need more than those best paths: an introducer "opens the
door" to a member when *some* simple path salesperson → introducer → … → member
of at most `max_hops` ties exists, so each reachable member gets one more small
search back towards the salesperson (which of the salesperson's acquaintances
it can reach in `max_hops - 1` ties without passing through the salesperson).
Picking the fewest such introducers is set cover, NP-hard in general; a greedy
cover (largest new coverage first; among equals, the strongest paths through
them) is used and said so: few, not always the fewest.

On the embedded store (graph_mtl/services/committee_rows.py) each member's search
back towards the salesperson comes first and gives the member's best path as well
(graph_mtl/stores/door_search.py), the same path the search from the salesperson
gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel

from graph_mtl.domain.intros import records
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    Customer,
    CustomerStatus,
    Person,
    Power,
    Reach,
    Role,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode, PathTree, RawPath, check_limits
from graph_mtl.domain.playbook import CommitteeSeats
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import N_, _, gettext
from graph_mtl.services.answer import Answer
from graph_mtl.services.committee_rows import RowTree, rows_of
from graph_mtl.services.door_openers import (
    greedy_cover,
    openers_of_member,
    openers_over_paths,
    openers_over_rows,
)
from graph_mtl.services.key_persons import KeyPerson, customer_need_ids, key_persons_among
from graph_mtl.services.paths import WarmPath, explain
from graph_mtl.services.search import resolve
from graph_mtl.services.seats import Seat, VacantSeat, seat_coverage, seats_of, vacant_seats

__all__ = [
    "GREEDY_NOTE",
    "ChannelReach",
    "Committee",
    "DoorOpener",
    "Gap",
    "Member",
    "committee",
    "committee_of",
]

GREEDY_NOTE = N_(
    "door openers come from a greedy set cover (most new members first): "
    "few, not guaranteed to be the fewest"
)
"""The note's id: answers hold it in the reader's language (`gettext`)."""


class Member(KeyPerson):
    """A key person with the salesperson's way to them: their own tie when they know
    them, else the best warm path (None: none within reach)."""

    path: WarmPath | None
    known: bool = False
    """The salesperson knows them directly: `path` is that one tie, shown first
    whatever the product of a longer chain (the article's P3 → LTC)."""


class DoorOpener(Answer):
    """Someone the salesperson knows directly who can pass them on to some members."""

    id: str
    name: str
    strength: float
    """Of the salesperson's own tie to them."""
    reasons: list[str]
    is_member: bool
    """A key person the salesperson knows: their own door opener (P3 → LTC)."""
    reaches: list[str]
    """Every member reachable through them within the hop limit, in member order."""
    covers: list[str]
    """The members the greedy cover picked them for (not reached by an earlier pick)."""
    record: str | None = None
    """How they answered the introduction requests made through them, if any were
    answered: "introduced 3 of 4 asked"."""


class ChannelReach(BaseModel):
    """A channel reaching a member (or their employer) that no warm path reaches."""

    channel_id: str
    name: str
    kind: ChannelKind
    audience: Audience
    strength: float
    reaches: Literal["person", "customer"]
    target_id: str
    person_id: str | None
    path: WarmPath | None
    """For a channel that is a person: the salesperson's warm path to that person."""


class Gap(Answer):
    id: str
    name: str
    role_name: str
    power: Power
    channels: list[ChannelReach]


class Committee(Answer):
    customer: str
    customer_name: str
    status: CustomerStatus
    source: str
    need: str | None
    needs: list[str]
    need_names: dict[str, str]
    """Each need's name, by id (what the page's need picker shows)."""
    mode: Mode
    max_hops: int
    members: list[Member]
    reached: int
    coverage: float
    """Share of members with a warm path within `max_hops`; 0.0 for an empty committee."""
    door_openers: list[DoorOpener]
    gaps: list[Gap]
    seats: list[Seat]
    """The seats (roles) the playbook says the committee needs (`[committees.<need>]`)."""
    vacant_seats: list[VacantSeat]
    """Seats nobody at the account is known to hold."""
    seat_coverage: float | None
    """Weighted share of the required seats held by a member with a warm path
    (None: the playbook declares no committee for these needs)."""
    required_seats: int
    required_seats_covered: int
    company_channels: list[ChannelReach]
    """The channels reaching the company: where to look for the vacant seats."""
    notes: list[str]


def committee(
    store: IntroGraph,
    customer_id: str,
    source: str,
    *,
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    seats: Mapping[str, CommitteeSeats] | None = None,
) -> Committee:
    """The committee of a customer for one need (all its recorded needs when
    `need_id` is None), each member's warm path from `source`, the door openers and gaps;
    `seats` (the playbook's committees) adds the seats nobody is known to hold.
    The customer may be named by its name (`resolve`). Its reads see one state of
    the store (`snapshot`), checked once rather than at each of its few dozen reads."""
    with store.snapshot():
        account = store.customer(customer_id)  # an id, mostly; else a name to resolve
        if account is None:
            customer_id = resolve(store, customer_id, "customer", field="customer")
            account = store.customer(customer_id)
        if account is None:
            raise NotFound("customer", customer_id)
        needs = customer_need_ids(store, customer_id, need_id, known=True)
        staff = store.employees(customer_id)  # read once: the members, then the seats
        roles = {r.id: r for r in store.roles()}  # and the roles: the members, the seats' names
        members = key_persons_among(staff, roles, set(needs))
        return committee_of(
            store,
            customer_id,
            source,
            members,
            needs=needs,
            need_id=need_id,
            mode=mode,
            max_hops=max_hops,
            seats=seats,
            staff=staff,
            roles=roles,
            account=account,
        )


def committee_of(
    store: IntroGraph,
    customer_id: str,
    source: str,
    members: Sequence[KeyPerson],
    *,
    needs: Sequence[str],
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    tree: PathTree | None = None,
    seats: Mapping[str, CommitteeSeats] | None = None,
    channels_by_id: Mapping[str, Channel] | None = None,
    staff: Sequence[Person] | None = None,
    roles: Mapping[str, Role] | None = None,
    account: Customer | None = None,
) -> Committee:
    """The committee made of `members` (key persons of `needs`, found by the caller).

    `tree` is `paths_from` from `source` with the same `mode` and `max_hops`,
    when the caller has one already: a batch of committees (a report) then shares
    one search from the salesperson instead of running one per committee.
    `channels_by_id` is `store.channels()` by id, `staff` the account's
    employees, `roles` `store.roles()` by id and `account` the customer, when the
    caller has them already.
    """
    check_limits(max_hops=max_hops)
    customer = account if account is not None else store.customer(customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    if source not in store.existing("person", [source]):
        raise NotFound("person", source)
    wanted = seats_of(seats or {}, needs)
    rows = rows_of(store, source)
    first_hops = (
        dict(store.adjacency([source]).get(source, ())) if rows is None else rows.first_hops(source)
    )
    if not wanted:
        staff = []
    elif staff is None:
        staff = store.employees(customer_id)
    doors: dict[str, dict[str, RawPath]] | None = None
    if tree is None:
        # An empty committee needs no search at all (most potential accounts, before P3 data),
        # unless the playbook's seats ask who at the account holds them.
        depth = max_hops if members or wanted else 0
        if rows is None:
            tree = store.paths_from(source, max_hops=depth, mode=mode)
        else:  # searched only towards the people asked about, all in one search
            tree = rows.tree(source, max_hops=depth, mode=mode)
            if members:  # the door openers' searches give most members' paths too
                doors, found = rows.doors(
                    source,
                    [m.id for m in members if m.id != source],
                    first_hops,
                    max_hops=max_hops,
                    mode=mode,
                    known=first_hops,
                )
                tree.know(found)
            tree.want(m.id for m in members if m.id not in first_hops)
    else:
        root = tree.path_to(source)
        if root is None or root.hops:
            raise InvalidInput("tree", _("is not a search from {source!r}", source=source))
    best = {
        m.id: RawPath((source, m.id), (first_hops[m.id],))
        if m.id in first_hops
        else tree.path_to(m.id)
        for m in members
    }
    # A salesperson who is a member themself (hops == 0) needs no door opened.
    reachable = [m.id for m in members if (path := best[m.id]) is not None and path.hops > 0]
    if doors is not None:
        openers_of = openers_over_paths(doors, reachable, first_hops)
    elif rows is not None:
        openers_of = openers_over_rows(rows, source, reachable, max_hops, mode, first_hops)
    else:
        openers_of = {
            m: openers_of_member(store, source, m, max_hops, mode, first_hops) for m in reachable
        }
    picks = greedy_cover(
        openers_of, first_hops, known=[m.id for m in members if m.id in first_hops]
    )
    missing = [m for m in members if best[m.id] is None]
    held = _held(staff, best, tree) if wanted else {}
    vacant = [s for s in wanted if s.role not in held]
    reach = (
        store.reach(target_ids=[customer_id, *(m.id for m in missing)]) if missing or vacant else []
    )
    if not reach:
        channels: Mapping[str, Channel] = {}
    elif channels_by_id is not None:
        channels = channels_by_id
    else:
        channels = {c.id: c for c in store.channels(ids={r.channel_id for r in reach})}
    channel_people = sorted({c for r in reach if (c := channels[r.channel_id].person_id)})

    # Every path shown is explained in one batch: members, door openers, channel people.
    raw: list[RawPath] = [p for p in best.values() if p is not None]
    raw += [RawPath((source, i), (first_hops[i],)) for i, _ in picks]
    if isinstance(tree, RowTree):
        tree.want(channel_people)
    raw += [p for person in channel_people if (p := tree.path_to(person)) is not None]
    explained = dict(zip((p.nodes for p in raw), explain(store, raw), strict=True))

    def explained_to(person: str) -> WarmPath | None:
        path = best.get(person) or tree.path_to(person)
        return None if path is None else explained[path.nodes]

    order = [m.id for m in members]
    track = records(store.intros(via_ids=[i for i, _ in picks])) if picks else {}
    reached = sum(1 for p in best.values() if p is not None)
    share, required, covered = seat_coverage(wanted, held)
    # Whom to ask about the vacant seats: the people reached there, known ones first.
    near = sorted(
        (path.hops, -path.strength, i, m.name)
        for i, m in enumerate(members)
        if (path := best[m.id])
    )
    ask = [name for *_, name in near[:3]] if vacant else []
    notes = [] if members else [_empty_note(customer.name, needs)]
    if picks:
        notes.append(gettext(GREEDY_NOTE))
    return Committee(
        customer=customer_id,
        customer_name=customer.name,
        status=customer.status,
        source=source,
        need=need_id,
        needs=list(needs),
        need_names={n.id: n.name for n in store.needs() if n.id in set(needs)} if needs else {},
        mode=mode,
        max_hops=max_hops,
        members=[
            Member(**m.model_dump(), path=explained_to(m.id), known=m.id in first_hops)
            for m in members
        ],
        reached=reached,
        coverage=reached / len(members) if members else 0.0,
        door_openers=[
            _door_opener(
                explained[(source, i)],
                is_member=i in openers_of,
                reaches=[m for m in order if i in openers_of.get(m, ())],
                covers=[m for m in order if m in covered],
                record=track[i].text() if i in track else None,
            )
            for i, covered in picks
        ],
        gaps=[
            Gap(
                id=m.id,
                name=m.name,
                role_name=m.role_name,
                power=m.power,
                channels=_channels_to(m.id, customer_id, reach, channels, explained_to),
            )
            for m in missing
        ],
        seats=wanted,
        vacant_seats=vacant_seats(
            vacant,
            {r.id: r.name for r in (roles.values() if roles else store.roles())} if vacant else {},
            customer.name,
            ask,
        ),
        seat_coverage=share,
        required_seats=required,
        required_seats_covered=covered,
        company_channels=(
            _channels_to("", customer_id, reach, channels, explained_to) if vacant else []
        ),
        notes=notes,
    )


_HELD_BATCH = 32
"""The account's staff are looked at this many at a time: a big account's seats are
mostly held after its first few people are found reached."""


def _held(
    staff: Sequence[Person],
    best: Mapping[str, RawPath | None],
    tree: PathTree,
) -> dict[str, bool]:
    """Role → whether someone at the account holding it (any of their roles, key person
    for these needs or not) has a warm path. A role is held once one of its holders
    is reached: nobody else holding only held roles needs a look."""
    held: dict[str, bool] = {}
    for at in range(0, len(staff), _HELD_BATCH):
        batch = staff[at : at + _HELD_BATCH]
        if isinstance(tree, RowTree):  # who of them may matter, found in one search
            tree.reach(
                p.id
                for p in batch
                if p.id not in best and not all(held.get(role) for role in p.roles)
            )
        for person in batch:
            if all(held.get(role) for role in person.roles):
                continue
            if person.id in best:
                reached = best[person.id] is not None
            elif isinstance(tree, RowTree):
                reached = person.id in tree  # known without reading the path
            else:
                reached = tree.path_to(person.id) is not None
            for role in person.roles:
                held[role] = held.get(role, False) or reached
    return held


def _door_opener(
    path: WarmPath,
    *,
    is_member: bool,
    reaches: list[str],
    covers: list[str],
    record: str | None,
) -> DoorOpener:
    step = path.steps[0]
    return DoorOpener(
        id=step.target,
        name=step.target_name,
        strength=step.strength,
        reasons=step.reasons,
        is_member=is_member,
        reaches=reaches,
        covers=covers,
        record=record,
    )


def _channels_to(
    member: str,
    customer_id: str,
    reach: Sequence[Reach],
    channels: Mapping[str, Channel],
    explained_to: Callable[[str], WarmPath | None],
) -> list[ChannelReach]:
    found = []
    for r in reach:
        if r.target_id not in (member, customer_id):
            continue
        channel = channels[r.channel_id]
        path = explained_to(channel.person_id) if channel.person_id else None
        found.append(
            ChannelReach(
                channel_id=channel.id,
                name=channel.name,
                kind=channel.kind,
                audience=channel.audience,
                strength=r.strength,
                reaches="person" if r.target_id == member else "customer",
                target_id=r.target_id,
                person_id=channel.person_id,
                path=path,
            )
        )
    # A channel reaching the person beats one reaching only their employer, and
    # makes that channel's reach to the employer redundant.
    found.sort(key=lambda c: (c.reaches != "person", -c.strength, c.channel_id))
    first: dict[str, ChannelReach] = {}
    for c in found:
        first.setdefault(c.channel_id, c)
    return list(first.values())


def _empty_note(customer: str, needs: Sequence[str]) -> str:
    about = _(", ").join(needs) if needs else _("any recorded need")
    return _(
        "no key persons: nobody at {customer} holds a role that cares about {about}",
        customer=customer,
        about=about,
    )
