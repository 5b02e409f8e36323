"""Team-wide reports: every listed salesperson's own report (`build_report`), and
for every account of those reports and each of its key persons the closest
teammate and their chain.

Who is listed, on which graph each salesperson's chains are searched and how
salespeople are ranked is the team rule and order of
graph_mtl/services/team_closest.py (`member_view`, `rank_chains`): a salesperson
who has not opted in appears only to themself and to admins (`source` None:
nobody's position), and no chain through a teammate's ties carries their
context. A salesperson's own report is their report on that same graph, so it
reads as the asker may read it.

The searches run ahead, in two rounds over all the salespeople at once, on an
engine (graph_mtl/services/report/engines.py: processes here, or Ray tasks):
first each salesperson's trees (the accounts' priorities, the chains), then
the door-opener searches from every key person those trees reach. The reports
are then made here from the answers (graph_mtl/services/report/searches.py),
so both engines give the same reports, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence

from graph_mtl.domain.models import CustomerStatus, Power, TeamMember
from graph_mtl.domain.pathfinding import (
    DEFAULT_MAX_HOPS,
    Mode,
    PathTree,
    RawPath,
    least_costs,
    same_weight,
)
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import NotFound
from graph_mtl.services.access import require_salesperson
from graph_mtl.services.answer import Answer
from graph_mtl.services.paths import explain
from graph_mtl.services.report import (
    PlannedReport,
    Progress,
    Report,
    ReportStatus,
    finish_report,
    plan_report,
)
from graph_mtl.services.report.ahead import paths_to
from graph_mtl.services.report.engines import Engine
from graph_mtl.services.report.plan import Account, Catalogue
from graph_mtl.services.report.searches import Searches, SearchKey, SearchRequest, merged
from graph_mtl.services.team_closest import TeammateChain, member_view, rank_chains
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.view import StoreView

__all__ = ["TeamAccount", "TeamKeyPerson", "TeamOptions", "TeamReport", "build_team_report"]


class TeamKeyPerson(Answer):
    id: str
    name: str
    role_name: str | None
    power: Power | None
    closest: TeammateChain | None
    """The listed salesperson with the best chain (None: nobody within the hop limit)."""
    teammates: int
    """How many listed salespeople have a chain to them."""


class TeamAccount(Answer):
    customer_id: str
    name: str
    status: CustomerStatus
    key_persons: list[TeamKeyPerson]
    """Every key person of the account's committees in the salespeople's reports."""


class TeamOptions(Answer):
    source: str | None
    """The salesperson asking (None: nobody's position, as an admin sees the team)."""
    salespeople: list[str]
    customers: list[str] | None
    status: ReportStatus | None
    need: str | None
    mode: Mode
    max_hops: int
    k: int
    limit: int | None
    top: int


class TeamReport(Answer):
    options: TeamOptions
    team: list[TeamMember]
    """The salespeople listed, each with a report of their own, ordered by id."""
    accounts: list[TeamAccount]
    """Every account of their reports, by name then id."""
    key_persons: int
    reached: int
    """Key persons at least one listed salesperson has a chain to."""


_Person = tuple[str, str, str | None, Power | None]
"""A key person: id, name, role's name, power."""


class _Avoiding(StoreView[GraphStore]):
    """A member's view with the people their searches avoid (`member_view`)."""

    def __init__(self, store: GraphStore, avoid: frozenset[str]) -> None:
        super().__init__(store)
        self.avoid = avoid

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        return self.store.paths_from(
            source, max_hops=max_hops, mode=mode, blocked=self.avoid | set(blocked)
        )

    def best_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> list[RawPath]:
        return self.store.best_paths(
            source, target, k=k, max_hops=max_hops, mode=mode, blocked=self.avoid | set(blocked)
        )


def build_team_report(
    store: GraphStore,
    playbook: Playbook,
    *,
    engine: Engine,
    source: str | None,
    admin: bool = False,
    salespeople: Sequence[str] | None = None,
    customers: Sequence[str] | None = None,
    status: ReportStatus = "target",
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    k: int = 1,
    limit: int | None = None,
    top: int = 20,
    workers: int = 1,
    batch: int | None = None,
    each: Callable[[Report], None] | None = None,
    progress: Progress | None = None,
) -> TeamReport:
    """The team report as `source` may see it (None or `admin`: every salesperson),
    over `salespeople` (default: everyone listed). `each` hears every salesperson's
    report as soon as it is made (so that a caller may write it and let it go);
    `progress` hears (salespeople done, in all). The salespeople's searches run
    `batch` salespeople at a time (default: `workers`, at least 4): only one batch's
    trees are held at once. The rest is as `build_report`."""
    team = store.team()
    searches = Searches(store)
    view = TeamView(searches, source, team)
    if source is not None:
        require_salesperson(view, source, field="from")
    listed = _listed(team, source, admin, salespeople)
    views = {m.id: _member_view(searches, view, team, m.id) for m in listed}
    staff = store.employees_of([c.id for c in store.customers()], with_roles=True)
    every = {p.id for people in staff.values() for p in people}
    every |= {c.person_id for c in store.channels() if c.person_id} | {m.id for m in team}

    candidates = _key_persons(view, customers, status, need_id)
    found = _Closest(mode)
    people: dict[str, dict[str, _Person]] = {}
    names: dict[str, tuple[str, CustomerStatus]] = {}
    order = list(views)
    done = 0
    size = batch or max(_BATCH, workers)
    for at in range(0, len(order), size):
        # A batch at a time: the trees of every salesperson at once would hold a
        # path to nearly everyone per salesperson (their employees are targets).
        chunk = {ident: views[ident] for ident in order[at : at + size]}
        for report in _batch(
            engine,
            store,
            searches,
            playbook,
            chunk,
            every,
            customers=customers,
            status=status,
            need_id=need_id,
            mode=mode,
            max_hops=max_hops,
            k=k,
            limit=limit,
            top=top,
            workers=workers,
        ):
            for section in report.customers:
                names[section.customer_id] = (section.name, section.status)
                known = people.setdefault(section.customer_id, {})
                for committee in section.committees:
                    for m in committee.members:
                        known.setdefault(m.id, (m.id, m.name, m.role_name, m.power))
            if each is not None:
                each(report)
            done += 1
            if progress is not None:
                progress(done, len(views))
        for ident, seen in chunk.items():
            tree = seen.paths_from(ident, max_hops=max_hops, mode=mode)
            found.add(ident, paths_to(tree, candidates), candidates)
        searches.forget()
    wanted = sorted({p for known in people.values() for p in known})
    closest = _closest(wanted, found, views, {m.id: m for m in listed}, source, max_hops, mode)
    accounts = [
        TeamAccount(
            customer_id=c,
            name=names[c][0],
            status=names[c][1],
            key_persons=[
                TeamKeyPerson(
                    id=i,
                    name=name,
                    role_name=role_name,
                    power=power,
                    closest=closest.get(i, (None, 0))[0],
                    teammates=closest.get(i, (None, 0))[1],
                )
                for i, name, role_name, power in people[c].values()
            ],
        )
        for c in sorted(people, key=lambda c: (names[c][0], c))
    ]
    counted = [p for a in accounts for p in a.key_persons]
    return TeamReport(
        options=TeamOptions(
            source=source,
            salespeople=[m.id for m in listed],
            customers=list(dict.fromkeys(customers)) if customers is not None else None,
            status=None if customers is not None else status,
            need=need_id,
            mode=mode,
            max_hops=max_hops,
            k=k,
            limit=limit,
            top=top,
        ),
        team=listed,
        accounts=accounts,
        key_persons=len(counted),
        reached=sum(1 for p in counted if p.closest is not None),
    )


_BATCH = 4
"""Salespeople searched together at least (so that an engine has work for its workers)."""


def _batch(
    engine: Engine,
    store: GraphStore,
    searches: Searches,
    playbook: Playbook,
    views: dict[str, GraphStore],
    every: set[str],
    *,
    customers: Sequence[str] | None,
    status: ReportStatus,
    need_id: str | None,
    mode: Mode,
    max_hops: int,
    k: int,
    limit: int | None,
    top: int,
    workers: int,
) -> Iterator[Report]:
    """The reports of `views`' salespeople, from their searches run ahead in two
    rounds on `engine`: first their trees (the accounts' priorities, the chains),
    then the door-opener searches their reports will make."""
    first: dict[SearchKey, set[str]] = {}
    for ident, seen in views.items():
        with searches.recording() as keys:
            seen.paths_from(ident, max_hops=playbook.priority.max_hops, mode=Mode.STRONGEST)
            seen.paths_from(ident, max_hops=max_hops, mode=mode)
        for key in keys:
            first.setdefault(key, set()).update(every)
    _ask(engine, store, searches, first)

    planned: dict[str, PlannedReport] = {}
    second: dict[SearchKey, set[str]] = {}
    for ident, seen in views.items():
        planned[ident] = plan_report(
            seen,
            playbook,
            ident,
            customers=customers,
            status=status,
            need_id=need_id,
            mode=mode,
            max_hops=max_hops,
            k=k,
            limit=limit,
            top=top,
        )
        openers = _door_openers(searches, seen, ident, planned[ident], max_hops, mode)
        for key, targets in openers.items():
            second.setdefault(key, set()).update(targets)
    _ask(engine, store, searches, second)
    for ident, seen in views.items():
        yield finish_report(seen, playbook, planned.pop(ident), workers=workers)


def _key_persons(
    view: GraphStore, customers: Sequence[str] | None, status: ReportStatus, need_id: str | None
) -> set[str]:
    """Everyone who may be a key person in one of the reports: of every account of
    `status` (or named), whichever a salesperson's report keeps."""
    if customers is not None:
        accounts = view.customers(ids=list(customers))
    else:
        accounts = view.customers(status=None if status == "all" else CustomerStatus(status))
    catalogue = Catalogue(view, need_id)
    staff = view.employees_of([c.id for c in accounts], with_roles=True)
    return {
        m.id
        for c in accounts
        for committee in catalogue.plan(Account(c, None), staff[c.id]).committees
        for m in committee.members
    }


class _Closest:
    """The salespeople's chains to each key person, gathered a batch at a time: the
    number of chains, and those that may still rank first (`rank_chains` ranks
    among the chains of about the least cost: the others are let go)."""

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.counts: dict[str, int] = {}
        self.kept: dict[str, list[tuple[RawPath, str]]] = {}
        self.asked: set[str] = set()

    def add(self, ident: str, paths: dict[str, RawPath], asked: Collection[str]) -> None:
        self.asked.update(asked)
        for person, raw in paths.items():
            if person == ident or not raw.hops:
                continue
            self.counts[person] = self.counts.get(person, 0) + 1
            kept = self.kept.setdefault(person, [])
            kept.append((raw, ident))
            if len(kept) > 1:
                self.kept[person] = _near_least(kept, self.mode)

    def best(self, person: str) -> tuple[RawPath, str] | None:
        kept = self.kept.get(person)
        return rank_chains(kept, self.mode)[0] if kept else None


def _near_least(chains: list[tuple[RawPath, str]], mode: Mode) -> list[tuple[RawPath, str]]:
    """The chains that may still be among the least costs once more come: within the
    tolerance of the least weight (strongest); of the fewest hops and within the
    tolerance of their least weight (shortest). A cheaper chain coming later only
    narrows this."""
    if mode is Mode.SHORTEST:
        return [chains[i] for i in least_costs(mode, [(r.weight, r.hops) for r, _ in chains])]
    least = min(r.weight for r, _ in chains)
    return [c for c in chains if same_weight(c[0].weight, least)]


def _listed(
    team: Sequence[TeamMember], source: str | None, admin: bool, named: Sequence[str] | None
) -> list[TeamMember]:
    """The salespeople the asker may see (the team rule), or those of them named;
    one they may not see is not found, as if there were none."""
    seen = {m.id: m for m in team if m.shared or m.id == source or admin or source is None}
    if named is None:
        return list(seen.values())
    for ident in named:
        if ident not in seen:
            raise NotFound("salesperson", ident)
    return sorted((seen[i] for i in set(named)), key=lambda m: m.id)


def _member_view(
    searches: Searches, view: TeamView, team: Sequence[TeamMember], member: str
) -> GraphStore:
    seen, avoid = member_view(searches, view, team, member)
    return _Avoiding(seen, avoid) if avoid else seen


def _ask(
    engine: Engine, store: GraphStore, searches: Searches, wanted: dict[SearchKey, set[str]]
) -> None:
    requests: list[SearchRequest] = merged(wanted)
    for request, answers in zip(requests, engine.run(store, requests), strict=True):
        searches.answer(request, answers)


def _door_openers(
    searches: Searches,
    seen: GraphStore,
    source: str,
    planned: PlannedReport,
    max_hops: int,
    mode: Mode,
) -> dict[SearchKey, set[str]]:
    """The door-opener searches a report will make (graph_mtl/services/report/ahead.py):
    one from each of the salesperson's acquaintances, towards every key person the
    salesperson reaches."""
    first_hops = [i for i, _ in seen.adjacency([source]).get(source, ())]
    near = set(first_hops)
    tree = seen.paths_from(source, max_hops=max_hops, mode=mode)
    members = {m.id for plan in planned.plans for c in plan.committees for m in c.members}
    reached = sorted(
        m
        for m in members
        if m != source and (m in near or ((p := tree.path_to(m)) is not None and p.hops > 0))
    )
    with searches.recording() as keys:
        for i in first_hops:
            seen.paths_from(i, max_hops=max_hops - 1, mode=mode, blocked={source})
    return {key: set(reached) for key in keys}


def _closest(
    wanted: Sequence[str],
    found: _Closest,
    views: dict[str, GraphStore],
    members: dict[str, TeamMember],
    source: str | None,
    max_hops: int,
    mode: Mode,
) -> dict[str, tuple[TeammateChain | None, int]]:
    """Each key person's closest listed salesperson (explained on that salesperson's
    view), and how many listed salespeople have a chain to them."""
    missed = [p for p in wanted if p not in found.asked]
    if missed:  # not foreseen as anyone's key person: searched again (on the store)
        for ident, seen in views.items():
            tree = seen.paths_from(ident, max_hops=max_hops, mode=mode)
            found.add(ident, paths_to(tree, missed), missed)
    counts: dict[str, int] = {}
    winners: dict[str, list[tuple[str, RawPath]]] = {}
    for person in wanted:
        counts[person] = found.counts.get(person, 0)
        best = found.best(person)
        if best is not None:
            raw, ident = best
            winners.setdefault(ident, []).append((person, raw))
    out: dict[str, tuple[TeammateChain | None, int]] = {p: (None, n) for p, n in counts.items()}
    for ident, won in winners.items():
        member = members[ident]
        explained = {tuple(p.nodes): p for p in explain(views[ident], [raw for _, raw in won])}
        for person, raw in won:
            path = explained.get(raw.nodes)
            if path is None:  # someone on it was forgotten meanwhile
                continue
            chain = TeammateChain(
                id=member.id,
                name=member.name,
                you=member.id == source,
                shares=member.shared,
                ask=path.nodes[1],
                ask_name=path.names[1],
                strength=path.strength,
                hops=path.hops,
                path=path,
            )
            out[person] = (chain, counts[person])
    return out
