"""The store as a report reads it: the reads every committee repeats, answered from one batch."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from graph_mtl.domain.models import (
    Channel,
    Customer,
    CustomerStatus,
    Person,
    Reach,
    Role,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.pathfinding import RawPath
from graph_mtl.domain.ports import Adjacency, IntroGraph
from graph_mtl.services.report.plan import Plan
from graph_mtl.stores.view import StoreView

__all__ = ["Prefetched", "Staffed"]

# -- batched reads ----------------------------------------------------------------


_REMEMBERED_TIES = 4_000_000
"""At most this many neighbour entries are remembered (some hundreds of MB)."""

_REMEMBERED_DETAILS = 300_000
"""At most this many people, ties and employers of the explained paths are remembered
(each kind; a few hundred bytes each)."""

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _remembered(
    memo: dict[_K, _V | None], keys: Iterable[_K], fetch: Callable[[list[_K]], Mapping[_K, _V]]
) -> dict[_K, _V]:
    """`fetch(keys)` for the keys not asked before (an absent answer is remembered
    as None), and the rest from `memo`."""
    wanted = list(dict.fromkeys(keys))
    missing = [k for k in wanted if k not in memo]
    found = fetch(missing) if missing else {}
    if len(memo) < _REMEMBERED_DETAILS:
        for k in missing:
            memo[k] = found.get(k)
    out = {}
    for k in wanted:
        v = memo[k] if k in memo else found.get(k)
        if v is not None:
            out[k] = v
    return out


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class Prefetched(StoreView[IntroGraph]):
    """The store, with the reads every committee repeats answered from one batch: the
    channel reach towards the report's customers and key persons, the channels
    and the customers. (Asked per committee, the embedded store scans all of its
    reach each time and a server pays a round trip.) Neighbours read through
    `adjacency` are remembered across committees too: every committee starts from the
    salesperson's own ties. The searches and the rest go to the store."""

    def __init__(
        self, store: IntroGraph, plans: Sequence[Plan], staff: Mapping[str, list[Person]]
    ) -> None:
        super().__init__(store)
        self._customers = {p.account.customer.id: p.account.customer for p in plans}
        self._staff = staff
        self._roles = store.roles()
        targets = set(self._customers)
        targets.update(m.id for p in plans for c in p.committees for m in c.members)
        self._targets = frozenset(targets)
        self._reach: dict[str, list[Reach]] = {}
        for r in store.reach(target_ids=sorted(targets)) if targets else ():
            self._reach.setdefault(r.target_id, []).append(r)
        self._channels = store.channels()
        # Positions of each person's channels, so a committee's few people find theirs
        # without scanning every channel (kept in the store's order).
        self._channels_of: dict[str, list[int]] = {}
        for at, c in enumerate(self._channels):
            if c.person_id is not None:
                self._channels_of.setdefault(c.person_id, []).append(at)
        self._neighbours: dict[str, Sequence[tuple[str, float]] | None] = {}
        self._remembered = 0
        # The explanations of every committee read the same people and ties again
        # (the salesperson's own ties, the introducers on many chains).
        self._people: dict[str, Person | None] = {}
        self._ties: dict[tuple[str, str], Tie | None] = {}
        self._evidence: dict[tuple[str, str], list[TieEvidence] | None] = {}
        self._employers: dict[str, Customer | None] = {}

    def customer(self, customer_id: str) -> Customer | None:
        found = self._customers.get(customer_id)
        return found if found is not None else self.store.customer(customer_id)

    def remember(self, paths: Iterable[RawPath]) -> None:
        """Read ahead, in one batch, what explaining `paths` reads (their people,
        ties, the ties' evidence, the people's employers)."""
        nodes: dict[str, None] = {}
        pairs: dict[tuple[str, str], None] = {}
        for path in paths:
            nodes.update(dict.fromkeys(path.nodes))
            pairs.update(
                dict.fromkeys(_pair(a, b) for a, b in zip(path.nodes, path.nodes[1:], strict=False))
            )
        people = self.people(nodes)
        self.ties(list(pairs))
        self.evidence(list(pairs))
        self.customers(ids=sorted({p.customer_id for p in people.values() if p.customer_id}))

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        return _remembered(self._people, ids, self.store.people)

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        return _remembered(self._ties, (_pair(a, b) for a, b in pairs), self.store.ties)

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        return _remembered(self._evidence, (_pair(a, b) for a, b in pairs), self.store.evidence)

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        if status is not None or ids is None:
            return self.store.customers(status=status, ids=ids)
        found = _remembered(
            self._employers, ids, lambda i: {c.id: c for c in self.store.customers(ids=i)}
        )
        return [found[i] for i in sorted(found)]

    def employees(self, customer_id: str) -> list[Person]:
        # A report's account: its role holders (`plan_report`), all its committee
        # and seats look at.
        found = self._staff.get(customer_id)
        return list(found) if found is not None else self.store.employees(customer_id)

    def roles(self) -> list[Role]:
        return list(self._roles)

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

    def channels(
        self, *, person_ids: Collection[str] | None = None, ids: Collection[str] | None = None
    ) -> list[Channel]:
        if person_ids is None:
            found = list(self._channels)
        else:
            at = sorted({i for p in set(person_ids) for i in self._channels_of.get(p, ())})
            found = [self._channels[i] for i in at]
        if ids is None:
            return found
        wanted = set(ids)
        return [c for c in found if c.id in wanted]


class Staffed(StoreView[IntroGraph]):
    """The store, with the role holders of the accounts read once (by scoring, then
    by the plan of the accounts kept)."""

    def __init__(self, store: IntroGraph) -> None:
        super().__init__(store)
        self._staff: dict[str, list[Person]] = {}

    def employees_of(
        self, customer_ids: Collection[str], *, with_roles: bool = False
    ) -> dict[str, list[Person]]:
        if not with_roles:
            return self.store.employees_of(customer_ids)
        missing = [c for c in dict.fromkeys(customer_ids) if c not in self._staff]
        if missing:
            self._staff.update(self.store.employees_of(missing, with_roles=True))
        return {c: list(self._staff.get(c, ())) for c in customer_ids}
