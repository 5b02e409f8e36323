"""Batch referral-chain reports: for every account of a salesperson (or a list),
its priority, the key-person group of each of its needs, the best chain of
introductions to every member or the channels that reach them instead, the
door openers; and across the report the introducers in the most chains, the
channels that close the most gaps, and totals.

`build_report` is a pure function of the store returning a `Report` model;
`graph_mtl.reports` renders one as HTML, CSV, JSON or Markdown.

How it stays fast on a large graph:

- one `paths_from` from the salesperson gives every member's best chain; every
  group shares it (`committee_of(..., tree=...)`), so no group searches the
  whole graph again;
- the catalogue, the customers' needs, the key persons of every group and the
  channel reach towards all of them are read once, up front; the groups then
  read the reach from that batch instead of asking the store each time;
- what remains per group is bounded by the hop limit (the door-opener searches
  from each reachable member), and the customers are spread over worker
  processes forked from this one (they inherit the store and the search, nothing
  is copied up front); results come back in input order, so a report does not
  depend on the number of workers.

Which needs a group is about: `need_id` if given, else every recorded need of
the customer that we can meet (P1: needs we cannot meet are listed as unmet,
never as groups). A potential customer that has voiced none of our needs gets
one group of everyone there who could raise one (as account scoring does).
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from graph_mtl.domain.models import (
    Channel,
    ChannelKind,
    Customer,
    CustomerStatus,
    Need,
    Person,
    Power,
    Reach,
    Role,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode, PathTree, check_limits
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import Adjacency, GraphStore
from graph_mtl.domain.scoring import Score
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.access import require_salesperson
from graph_mtl.services.accounts import (
    AccountScore,
    ScoreKind,
    UnmetNeed,
    score_accounts,
)
from graph_mtl.services.channels import COMPANY_ONLY
from graph_mtl.services.committee import (
    GREEDY_NOTE,
    ChannelReach,
    Committee,
    DoorOpener,
    committee_of,
)
from graph_mtl.services.groups import KeyPerson, key_persons_among
from graph_mtl.services.paths import WarmPath, explain
from graph_mtl.stores.view import StoreView

__all__ = [
    "ANY_NEED",
    "CustomerSection",
    "GapChannel",
    "Introducer",
    "KeyPersonChain",
    "NeedGroup",
    "Report",
    "ReportOptions",
    "ReportStatus",
    "Totals",
    "build_report",
]

ReportStatus = Literal["target", "potential", "all"]
Progress = Callable[[int, int], None]
"""Called with (customers done, customers in all) as the report advances."""

ANY_NEED = "any need we can meet"
"""The name of a potential customer's group when it has voiced none of our needs."""

_PARALLEL_FROM = 32
"""Fewer customers than this are not worth forking workers for."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReportOptions(_Frozen):
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


class KeyPersonChain(_Frozen):
    """A key person and the way to them: the best chain, or the channels that reach them."""

    id: str
    name: str
    role: str
    role_name: str
    power: Power
    needs: list[str]
    chain: WarmPath | None
    """The best chain within the hop limit (strongest, or shortest); None: a gap."""
    more_chains: list[WarmPath]
    """The next best chains, when more than one was asked for (k > 1)."""
    door_opener: str | None
    """The door opener (one of the salesperson's acquaintances) picked to reach them."""
    channels: list[ChannelReach]
    """For a gap: the channels that reach them or their employer, best first."""


class NeedGroup(_Frozen):
    need_id: str | None
    """None: a potential customer's group for any need we can meet."""
    need_name: str
    members: list[KeyPersonChain]
    reached: int
    coverage: float
    door_openers: list[DoorOpener]
    notes: list[str]


class CustomerSection(_Frozen):
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


class Introducer(_Frozen):
    """Someone between the salesperson and key persons: to thank and to keep warm."""

    id: str
    name: str
    chains: int
    customers: list[str]
    """The customers whose chains pass through them, in report order."""


class GapChannel(_Frozen):
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


class Totals(_Frozen):
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


class Report(_Frozen):
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


def build_report(
    store: GraphStore,
    playbook: Playbook,
    source: str,
    *,
    customers: Sequence[str] | None = None,
    status: ReportStatus = "target",
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    k: int = 1,
    limit: int | None = None,
    top: int = 20,
    workers: int = 1,
    progress: Progress | None = None,
) -> Report:
    """The referral-chain report of salesperson `source` over the accounts of
    `status` (or the `customers` named), highest priority first, at most `limit`.

    Priorities come from `score_accounts` (the playbook's warmth, strongest
    paths within its own hop limit); chains follow `mode` and `max_hops`.
    `progress` hears (customers done, customers in all) as the work advances.

    `workers` > 1 forks that many worker processes, where the platform has fork
    and the calling process runs no other thread (forking one that does is
    unsafe); otherwise the work runs here. Pass it only for a store that
    survives a fork (the embedded one, not a driver's connections).
    """
    _check(max_hops=max_hops, k=k, limit=limit, top=top, workers=workers)
    person = require_salesperson(store, source, field="from")
    catalogue = _Catalogue(store, need_id)
    accounts, existing = _select(store, playbook, source, customers, status)
    chosen = (accounts + existing)[:limit] if limit is not None else accounts + existing
    options = ReportOptions(
        source=source,
        customers=list(dict.fromkeys(customers)) if customers is not None else None,
        status=None if customers is not None else status,
        need=need_id,
        mode=mode,
        max_hops=max_hops,
        k=k,
        limit=limit,
        top=top,
    )
    staff = store.employees_of([c.customer.id for c in chosen])
    plans = [catalogue.plan(c, staff[c.customer.id]) for c in chosen]
    tree = store.paths_from(source, max_hops=max_hops, mode=mode)
    view = _Prefetched(store, plans)
    job = _Job(view, source, options, tree, plans)
    sections = _run(job, workers, progress)
    return _assemble(person, options, sections)


def _check(*, max_hops: int, k: int, limit: int | None, top: int, workers: int) -> None:
    check_limits(max_hops=max_hops, k=k)
    for name, value in (("limit", limit), ("top", top), ("workers", workers)):
        if value is not None and value < 1:
            raise InvalidInput(name, f"must be at least 1, got {value}")


# -- which customers, which groups -------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Account:
    customer: Customer
    score: AccountScore | None


def _select(
    store: GraphStore,
    playbook: Playbook,
    source: str,
    customers: Sequence[str] | None,
    status: ReportStatus,
) -> tuple[list[_Account], list[_Account]]:
    """The accounts in priority order, and the existing customers named (by id)."""
    if customers is None:
        if status not in ("target", "potential", "all"):
            raise InvalidInput("status", f"must be target, potential or all, got {status!r}")
        wanted = None if status == "all" else CustomerStatus(status)
        scored = score_accounts(store, playbook, source, status=wanted)
        found = {c.id: c for c in store.customers(ids=[a.customer_id for a in scored])}
        return [_Account(found[a.customer_id], a) for a in scored], []
    ids = list(dict.fromkeys(customers))
    found = {c.id: c for c in store.customers(ids=ids)}
    for ident in ids:
        if ident not in found:
            raise NotFound("customer", ident)
    statuses = {c.status for c in found.values()} - {CustomerStatus.EXISTING}
    scored = (
        score_accounts(
            store, playbook, source, status=next(iter(statuses)) if len(statuses) == 1 else None
        )
        if statuses
        else []
    )
    accounts = [_Account(found[a.customer_id], a) for a in scored if a.customer_id in found]
    existing = [
        _Account(found[i], None)
        for i in sorted(found)
        if found[i].status is CustomerStatus.EXISTING
    ]
    return accounts, existing


@dataclass(frozen=True, slots=True)
class _Group:
    need_id: str | None
    need_name: str
    needs: tuple[str, ...]
    members: tuple[KeyPerson, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    account: _Account
    groups: tuple[_Group, ...]
    unmet: tuple[UnmetNeed, ...]
    notes: tuple[str, ...]


class _Catalogue:
    """Needs, roles and every customer's needs, read once for the whole report."""

    def __init__(self, store: GraphStore, need_id: str | None) -> None:
        self.needs: dict[str, Need] = {n.id: n for n in store.needs()}
        self.roles: dict[str, Role] = {r.id: r for r in store.roles()}
        self.meetable = tuple(sorted(i for i, n in self.needs.items() if n.can_meet))
        self.need_id = need_id
        if need_id is not None:
            need = self.needs.get(need_id)
            if need is None:
                raise NotFound("need", need_id)
            if not need.can_meet:
                raise InvalidInput(
                    "need",
                    f"{need_id!r} is outside our capability boundary (P1): never an opportunity",
                )
        self.recorded: dict[str, list[str]] = {}
        if need_id is None:
            for cn in store.customer_needs():
                self.recorded.setdefault(cn.customer_id, []).append(cn.need_id)

    def plan(self, account: _Account, employees: Sequence[Person]) -> _Plan:
        customer = account.customer
        notes: list[str] = []
        if self.need_id is not None:
            about: list[tuple[str | None, tuple[str, ...]]] = [(self.need_id, (self.need_id,))]
            unmet: list[UnmetNeed] = []
        else:
            recorded = sorted(set(self.recorded.get(customer.id, ())))
            met = [n for n in recorded if n in self.meetable]
            unmet = [self._unmet(n) for n in recorded if n not in self.meetable]
            about = [(n, (n,)) for n in met]
            if not met and customer.status is CustomerStatus.POTENTIAL and self.meetable:
                about = [(None, self.meetable)]
                notes.append("no need of ours recorded: the group is everyone who could raise one")
            elif not met:
                notes.append(
                    "every recorded need is outside our capability boundary (P1)"
                    if unmet
                    else "no need recorded: no key-person group"
                )
        groups = tuple(
            _Group(
                need_id=n,
                need_name=self.needs[n].name if n is not None else ANY_NEED,
                needs=needs,
                members=tuple(key_persons_among(employees, self.roles, needs)),
            )
            for n, needs in about
        )
        return _Plan(account, groups, tuple(unmet), tuple(notes))

    def _unmet(self, need_id: str) -> UnmetNeed:
        need = self.needs.get(need_id)
        if need is None:
            return UnmetNeed(need_id=need_id, name=need_id, reason="not a need we know of")
        return UnmetNeed(
            need_id=need_id,
            name=need.name,
            reason="outside our capability boundary (P1): never an opportunity",
        )


# -- batched reads ----------------------------------------------------------------


_REMEMBERED_TIES = 4_000_000
"""At most this many neighbour entries are remembered (some hundreds of MB)."""


class _Prefetched(StoreView):
    """The store, with the reads every group repeats answered from one batch: the
    channel reach towards the report's customers and key persons, the channels
    and the customers. (Asked per group, the embedded store scans all of its
    reach each time and a server pays a round trip.) Neighbours read through
    `adjacency` are remembered across groups too: every group starts from the
    salesperson's own ties. The searches and the rest go to the store."""

    def __init__(self, store: GraphStore, plans: Sequence[_Plan]) -> None:
        super().__init__(store)
        self._customers = {p.account.customer.id: p.account.customer for p in plans}
        targets = set(self._customers)
        targets.update(m.id for p in plans for g in p.groups for m in g.members)
        self._targets = frozenset(targets)
        self._reach: dict[str, list[Reach]] = {}
        for r in store.reach(target_ids=sorted(targets)) if targets else ():
            self._reach.setdefault(r.target_id, []).append(r)
        self._channels = store.channels()
        self._neighbours: dict[str, Sequence[tuple[str, float]] | None] = {}
        self._remembered = 0

    def customer(self, customer_id: str) -> Customer | None:
        found = self._customers.get(customer_id)
        return found if found is not None else self.store.customer(customer_id)

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        if target_ids is None or not self._targets.issuperset(target_ids):
            return self.store.reach(target_ids=target_ids)
        found = [r for t in set(target_ids) for r in self._reach.get(t, ())]
        return sorted(found, key=lambda r: (r.channel_id, r.target_id))

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        known = self._neighbours
        missing = [i for i in person_ids if i not in known]
        fetched = self.store.adjacency(missing) if missing else {}
        if self._remembered < _REMEMBERED_TIES:
            for i in missing:
                found = known[i] = fetched.get(i)  # None: not a person
                self._remembered += 1 + len(found or ())
        out = {}
        for i in person_ids:
            found = known[i] if i in known else fetched.get(i)
            if found is not None:
                out[i] = found
        return out

    def channels(self, *, person_ids: Collection[str] | None = None) -> list[Channel]:
        if person_ids is None:
            return list(self._channels)
        wanted = set(person_ids)
        return [c for c in self._channels if c.person_id in wanted]


# -- the work per customer, over worker processes ---------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    store: GraphStore
    source: str
    options: ReportOptions
    tree: PathTree
    plans: Sequence[_Plan]

    def section(self, index: int) -> CustomerSection:
        plan = self.plans[index]
        account = plan.account
        groups = [self._group(account.customer.id, g) for g in plan.groups]
        members = sum(len(g.members) for g in groups)
        reached = sum(g.reached for g in groups)
        score = account.score
        notes = list(plan.notes)
        if score is None:
            notes.insert(0, "an existing customer: its people are channels, it is not scored")
        return CustomerSection(
            customer_id=account.customer.id,
            name=account.customer.name,
            status=account.customer.status,
            industry=account.customer.industry,
            priority=score.priority if score else None,
            score_kind=score.score_kind if score else None,
            score=score.score if score else None,
            unmet_needs=list(plan.unmet),
            groups=groups,
            key_persons=members,
            reached=reached,
            coverage=reached / members if members else 0.0,
            notes=notes,
        )

    def _group(self, customer_id: str, group: _Group) -> NeedGroup:
        o = self.options
        found = committee_of(
            self.store,
            customer_id,
            self.source,
            group.members,
            needs=group.needs,
            need_id=group.need_id,
            mode=o.mode,
            max_hops=o.max_hops,
            tree=self.tree,
        )
        more = self._more_chains(found) if o.k > 1 else {}
        return _need_group(group, found, more)

    def _more_chains(self, found: Committee) -> dict[str, list[WarmPath]]:
        """The k - 1 next best chains to each reached member (one bounded search each)."""
        o = self.options
        raw = {
            m.id: [
                p
                for p in self.store.best_paths(
                    self.source, m.id, k=o.k, max_hops=o.max_hops, mode=o.mode
                )
                if p.nodes != tuple(m.path.nodes)
            ][: o.k - 1]
            for m in found.members
            if m.path is not None and m.path.hops > 0
        }
        flat = [p for paths in raw.values() for p in paths]
        explained = iter(explain(self.store, flat))
        return {member: [next(explained) for _ in paths] for member, paths in raw.items()}


def _need_group(group: _Group, found: Committee, more: dict[str, list[WarmPath]]) -> NeedGroup:
    opener_of = {m: d.id for d in found.door_openers for m in d.covers}
    channels = {g.id: g.channels for g in found.gaps}
    return NeedGroup(
        need_id=group.need_id,
        need_name=group.need_name,
        members=[
            KeyPersonChain(
                id=m.id,
                name=m.name,
                role=m.role,
                role_name=m.role_name,
                power=m.power,
                needs=m.needs,
                chain=m.path,
                more_chains=more.get(m.id, []),
                door_opener=opener_of.get(m.id),
                channels=channels.get(m.id, []),
            )
            for m in found.members
        ],
        reached=found.reached,
        coverage=found.coverage,
        door_openers=found.door_openers,
        # Said once for the whole report instead.
        notes=[n for n in found.notes if n != GREEDY_NOTE],
    )


_SHARED: _Job | None = None
"""The job a forked worker inherits (set only while the workers run)."""


def _work(indices: list[int]) -> list[tuple[int, CustomerSection]]:
    assert _SHARED is not None, "a report worker runs only in a process forked by _run"
    return [(i, _SHARED.section(i)) for i in indices]


def _run(job: _Job, workers: int, progress: Progress | None) -> list[CustomerSection]:
    total = len(job.plans)
    report = progress or (lambda done, total: None)
    report(0, total)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers == 1 or total < _PARALLEL_FROM or not forkable:
        sections = []
        for i in range(total):
            sections.append(job.section(i))
            report(i + 1, total)
        return sections
    global _SHARED
    _SHARED = job
    found: list[CustomerSection | None] = [None] * total
    done = 0
    # Frozen objects are left alone by the workers' garbage collector, which would
    # otherwise write to (and so copy) every page of the store they inherit.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_work, chunk) for chunk in _chunks(job, workers)]
            for future in as_completed(futures):
                for i, section in future.result():
                    found[i] = section
                    done += 1
                report(done, total)
    finally:
        gc.unfreeze()
        _SHARED = None
    return [s for s in found if s is not None]


def _chunks(job: _Job, workers: int) -> list[list[int]]:
    """The customers in chunks, costliest first, so that no worker is left with a
    heavy account at the end. The cost is one door-opener search per member the
    salesperson reaches, and they gather in the accounts of highest priority (the
    warm ones), so chunks in report order would put all of them at the start.
    Where each section goes is kept, so the report is the same in any order."""
    cost = [1 + sum(m.id in job.tree for g in plan.groups for m in g.members) for plan in job.plans]
    budget = max(1, sum(cost) // (workers * 32))
    chunks: list[list[int]] = []
    spent = budget
    for i in sorted(range(len(cost)), key=lambda i: (-cost[i], i)):
        if spent + cost[i] > budget:
            chunks.append([])
            spent = 0
        chunks[-1].append(i)
        spent += cost[i]
    return chunks


# -- across the report ------------------------------------------------------------


def _assemble(person: Person, options: ReportOptions, sections: list[CustomerSection]) -> Report:
    introducers: dict[str, tuple[str, int, dict[str, None]]] = {}
    channels: dict[str, tuple[ChannelReach, int, int, dict[str, None]]] = {}
    people: set[str] = set()
    openers: set[str] = set()
    groups = members = reached = gaps = gaps_with_channels = 0
    for section in sections:
        for group in section.groups:
            groups += 1
            openers.update(d.id for d in group.door_openers)
            for m in group.members:
                members += 1
                people.add(m.id)
                if m.chain is not None:
                    reached += 1
                    for node, name in zip(m.chain.nodes[1:-1], m.chain.names[1:-1], strict=True):
                        _, count, where = introducers.get(node, (name, 0, {}))
                        where[section.customer_id] = None
                        introducers[node] = (name, count + 1, where)
                    continue
                gaps += 1
                gaps_with_channels += bool(m.channels)
                for c in m.channels:
                    first, count, direct, where = channels.get(c.channel_id, (c, 0, 0, {}))
                    where[section.customer_id] = None
                    channels[c.channel_id] = (
                        first,
                        count + 1,
                        direct + (c.reaches == "person"),
                        where,
                    )
    ranked_introducers = sorted(
        (
            Introducer(id=i, name=name, chains=count, customers=list(where))
            for i, (name, count, where) in introducers.items()
        ),
        key=lambda x: (-x.chains, -len(x.customers), x.id),
    )
    ranked_channels = sorted(
        (
            GapChannel(
                id=i,
                name=c.name,
                kind=c.kind,
                person_id=c.person_id,
                gaps=count,
                in_person=direct,
                customers=list(where),
            )
            for i, (c, count, direct, where) in channels.items()
        ),
        # Reaching the person counts fully, reaching only their employer COMPANY_ONLY
        # as much (as in channel ranking).
        key=lambda x: (-(x.in_person + COMPANY_ONLY * (x.gaps - x.in_person)), -x.gaps, x.id),
    )
    totals = Totals(
        customers=len(sections),
        groups=groups,
        key_persons=members,
        people=len(people),
        reached=reached,
        gaps=gaps,
        gaps_with_channels=gaps_with_channels,
        coverage=reached / members if members else 0.0,
        door_openers=len(openers),
        introducers=len(introducers),
        channels=len(channels),
    )
    return Report(
        source=person.id,
        source_name=person.name,
        options=options,
        customers=sections,
        introducers=ranked_introducers[: options.top],
        channels=ranked_channels[: options.top],
        totals=totals,
        notes=_notes(options, totals, bool(openers)),
    )


def _notes(options: ReportOptions, totals: Totals, any_openers: bool) -> list[str]:
    kind = (
        "strongest (greatest product of tie strengths)"
        if options.mode is Mode.STRONGEST
        else "shortest (fewest ties, then strongest)"
    )
    notes = [
        f"chains: the {kind} of at most {options.max_hops} ties",
        "priority: account scoring from the playbook (validity or fit, and warmth)",
    ]
    if any_openers:
        notes.append(GREEDY_NOTE)
    if totals.introducers > options.top:
        notes.append(f"introducers: the top {options.top} of {totals.introducers}")
    if totals.channels > options.top:
        notes.append(f"channels: the top {options.top} of {totals.channels}")
    return notes
