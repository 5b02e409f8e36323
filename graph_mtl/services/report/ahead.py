"""The searches of a report, run once ahead for all of its committees.

`committee_of` asks, per committee, the salesperson's tree for its members,
employees and channel people, and makes one door-opener search from every member
the salesperson reaches (`max_hops - 1` ties back towards the salesperson's
acquaintances, avoiding the salesperson). Over thousands of accounts that is
thousands of searches, each read back one person at a time. `Ahead` answers
them from a few searches made up front:

- the salesperson's tree once, read back for every person the report can name
  (in one batch: `paths_to`);
- the door openers' reach from the other end: one search from each of the
  salesperson's acquaintances (they are few) instead of one from each member.
  Ties have one strength both ways, so the best path of at most `max_hops - 1`
  ties from an acquaintance to a member, read backwards, is the member's best
  path to that acquaintance.

A search not made ahead goes to the store, so the answers never depend on what
was foreseen, only the time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from graph_mtl.domain.models import Need, Person
from graph_mtl.domain.pathfinding import Mode, PathTree, RawPath
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.services.report.model import ReportOptions
from graph_mtl.services.report.plan import Plan
from graph_mtl.services.report.searches import AnswerTree
from graph_mtl.stores.view import StoreView

__all__ = ["Ahead", "paths_to"]


def paths_to(tree: PathTree, targets: Collection[str]) -> dict[str, RawPath]:
    """The paths of `tree` to those of `targets` it reaches, in one batch where
    the tree reads them so (the embedded store's), else one by one."""
    batch = getattr(tree, "paths_to", None)
    if batch is not None:
        found: dict[str, RawPath] = batch(targets)
        return found
    return {t: p for t in sorted(targets) if (p := tree.path_to(t)) is not None}


class Ahead(StoreView[IntroGraph]):
    """The store, with the report's searches answered from those made ahead."""

    def __init__(
        self,
        store: IntroGraph,
        options: ReportOptions,
        plans: Sequence[Plan],
        staff: Mapping[str, list[Person]],
    ) -> None:
        super().__init__(store)
        source, hops, mode = options.source, options.max_hops, Mode(options.mode)
        self._key = (source, hops, mode)
        members = {m.id for p in plans for c in p.committees for m in c.members}
        channel_people = {c.person_id for c in store.channels() if c.person_id}
        people = members | channel_people | {source}
        people.update(e.id for p in plans for e in staff.get(p.account.customer.id, ()))
        whole = store.paths_from(source, max_hops=hops, mode=mode)
        paths = paths_to(whole, people)
        self.tree: PathTree = AnswerTree(source, frozenset(people), paths, lambda: whole)
        self._source_person = store.people([source])
        ties = store.adjacency([source]).get(source, ())
        first_hops = [i for i, _ in ties]
        # What the committees will explain: chains, channel people's paths, own ties.
        self.shown = [p for m in sorted(members | channel_people) if (p := paths.get(m))]
        self.shown += [RawPath((source, i), (s,)) for i, s in ties]
        near = set(first_hops)
        reached = sorted(
            m
            for m in members
            if m != source and (m in near or ((p := paths.get(m)) is not None and p.hops > 0))
        )
        doors: dict[str, dict[str, RawPath]] = {m: {m: RawPath((m,), ())} for m in reached}
        for i in first_hops:
            back = store.paths_from(i, max_hops=hops - 1, mode=mode, blocked={source})
            for m, path in paths_to(back, reached).items():
                doors[m][i] = RawPath(path.nodes[::-1], path.strengths[::-1])
        asked = frozenset(first_hops)
        self._doors = {
            m: AnswerTree(m, asked, found, self._search(m, hops - 1, mode, {source}))
            for m, found in doors.items()
        }
        self._needs = store.needs()

    def _search(self, source: str, hops: int, mode: Mode, blocked: set[str]) -> _Later:
        return _Later(self.store, source, hops, mode, frozenset(blocked))

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        me, hops, how = self._key
        if (source, max_hops, Mode(mode)) == self._key and not blocked:
            return self.tree
        found = self._doors.get(source)
        if found is not None and max_hops == hops - 1 and mode == how and set(blocked) == {me}:
            return found
        return self.store.paths_from(source, max_hops=max_hops, mode=mode, blocked=blocked)

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        wanted = list(ids)
        if wanted == [self._key[0]]:
            return dict(self._source_person)
        return self.store.people(wanted)

    def needs(self) -> list[Need]:
        return list(self._needs)


class _Later:
    """A search made only if a person not asked about ahead is looked for."""

    def __init__(
        self, store: IntroGraph, source: str, hops: int, mode: Mode, blocked: frozenset[str]
    ) -> None:
        self._args = (store, source, hops, mode, blocked)

    def __call__(self) -> PathTree:
        store, source, hops, mode, blocked = self._args
        return store.paths_from(source, max_hops=hops, mode=mode, blocked=blocked)
