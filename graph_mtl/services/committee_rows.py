"""A committee's searches straight over the embedded store's index, when the store
is the embedded one, bare or in the team view (`rows_of`); any other store or view
(tie rules, Neo4j) searches through its own port, as graph_mtl/services/committee.py
does without this.

A committee needs the salesperson's best paths to a few dozen people (the members,
the account's staff for its seats, a few channel people), not to everyone within
four ties, and each member's reach back to the salesperson's few acquaintances.
Each member's reach back is a bounded tree whose last layer is read only at the
acquaintances (`array_search.paths_to`), and its first layers also give the
member's best path, joined with the salesperson's first layers (`door_search`);
those layers, searched once per salesperson and graph (`_start`), start every
other path and reach the committee asks for (`array_search.best_path`,
`array_search.reachable`). Ids are looked up in the index, as the store's own
searches look them up. The paths are the whole trees' paths, so the answers are
the port's.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable, Mapping
from typing import TypeVar

from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores import array_search, door_search
from graph_mtl.stores.social_index import SocialGraph
from graph_mtl.stores.sqlite_paths import IndexIdMap
from graph_mtl.stores.sqlite_records import IdMap
from graph_mtl.stores.sqlite_store import SqliteStore

__all__ = ["RowTree", "Rows", "rows_of"]

K = TypeVar("K")


class Rows:
    """The embedded store's index and id map, with the people a view blocks."""

    def __init__(self, store: SqliteStore, blocked: Collection[str]) -> None:
        self.store = store
        self.blocked = frozenset(blocked)
        self._at: tuple[SocialGraph, IdMap, frozenset[int]] | None = None
        self._rows: dict[str, int] = {}  # rows looked up already (the first hops')

    def _lookups(self) -> tuple[SocialGraph, IdMap, frozenset[int]]:
        """The graph, its ids (the index's, as the store's own searches look them up)
        and the rows of the view's blocked people, found once per graph."""
        graph = self.store.graph()
        if self._at is None or self._at[0] is not graph:
            id_map = IndexIdMap(graph, self.store.id_map)
            self._at = (graph, id_map, frozenset(id_map.numbers(self.blocked).values()))
            self._rows = {}
        return self._at

    def first_hops(self, source: str) -> dict[str, float]:
        """`store.adjacency([source])[source]` as a dict (the view's: without its
        blocked people), read on the index, their rows kept for `doors`."""
        graph, id_map, _ = self._lookups()
        start = id_map.numbers([source]).get(source)
        if start is None:
            return {}
        neighbours, strengths = graph.row(start)
        ids = id_map.ids(neighbours)
        found = {}
        for n, strength in zip(neighbours, strengths, strict=True):
            if (i := ids.get(n)) is not None and i not in self.blocked:
                found[i] = strength
                self._rows[i] = n
        self._rows[source] = start
        return found

    def paths(
        self,
        asked: Mapping[str, Collection[str]],
        *,
        max_hops: int,
        mode: Mode,
        blocked: Collection[str] = (),
    ) -> dict[str, dict[str, RawPath]]:
        """For each source of `asked`, its best paths of at most `max_hops` ties to
        the people asked with it, avoiding the view's blocked people and `blocked`
        (as `paths_from(source, ...).path_to(target)`): ids and rows mapped in one
        read each way. A path through someone forgotten meanwhile is left out, as the
        store's own trees leave it out."""
        graph, id_map, cut = self._lookups()
        rows = id_map.numbers({*asked, *(t for ts in asked.values() for t in ts), *blocked})
        avoid = cut | {rows[b] for b in blocked if b in rows}
        found: dict[str, dict[int, RawPath]] = {}
        for source, targets in asked.items():
            start = rows.get(source)
            if start is None:
                found[source] = {}
            elif start in avoid:  # cut out of the view: reaches nobody (`TeamView`)
                found[source] = {start: RawPath((start,), ())} if source in targets else {}
            else:
                found[source] = array_search.paths_to(
                    graph,
                    start,
                    [rows[t] for t in targets if t in rows],
                    max_hops=max_hops,
                    mode=mode,
                    blocked=avoid,
                )
        named = self._named(
            id_map, {(s, row): p for s, paths in found.items() for row, p in paths.items()}
        )
        out: dict[str, dict[str, RawPath]] = {s: {} for s in asked}
        for (s, _), path in named.items():
            out[s][path.nodes[-1]] = path
        return out

    def best(
        self, source: str, targets: Collection[str], *, max_hops: int, mode: Mode
    ) -> dict[str, RawPath]:
        """`paths` from `source` to a few `targets`: a search between the two ends for
        each (its answer is the tree's), cheaper than one tree for a few of them."""
        if len(targets) > _FEW:
            return self.paths({source: targets}, max_hops=max_hops, mode=mode)[source]
        graph, id_map, avoid = self._lookups()
        rows = id_map.numbers({source, *targets})
        start = rows.get(source)
        if start is None:
            return {}
        found = {
            rows[t]: path
            for t in targets
            if t in rows
            and (path := _best(graph, start, rows[t], avoid, max_hops, mode)) is not None
        }
        return {p.nodes[-1]: p for p in self._named(id_map, found).values()}

    def reached(self, source: str, targets: Collection[str], *, max_hops: int) -> set[str]:
        """Which of `targets` a path of at most `max_hops` ties from `source` reaches."""
        graph, id_map, avoid = self._lookups()
        rows = id_map.numbers({source, *targets})
        start = rows.get(source)
        if start is None:
            return set()
        found = array_search.reachable(
            graph,
            start,
            [rows[t] for t in targets if t in rows],
            max_hops=max_hops,
            blocked=avoid,
            start=_start(graph, start, avoid, max_hops),
        )
        return {t for t in targets if rows.get(t) in found}

    @staticmethod
    def _named(id_map: IdMap, found: Mapping[K, RawPath]) -> dict[K, RawPath]:
        """The paths with ids for rows, those through someone forgotten meanwhile left
        out (as the store's own searches leave them out)."""
        ids = id_map.ids({n for p in found.values() for n in p.nodes})
        return {
            key: RawPath(tuple(ids[n] for n in p.nodes), p.strengths)
            for key, p in found.items()
            if all(n in ids for n in p.nodes)
        }

    def doors(
        self,
        source: str,
        members: Collection[str],
        first_hops: Collection[str],
        *,
        max_hops: int,
        mode: Mode,
        known: Collection[str] = (),
    ) -> tuple[dict[str, dict[str, RawPath]], dict[str, RawPath | None]]:
        """Each member's paths to the salesperson's acquaintances `first_hops`
        (`paths(..., max_hops=max_hops - 1, blocked={source})`, the door openers'),
        and, from the same search, the salesperson's best path to each member not
        `known` directly, where it gives it (`door_search`): those it does not give
        are left out, to be searched (`RowTree.want`)."""
        graph, id_map, avoid = self._lookups()
        kept = self._rows
        rows = id_map.numbers({i for i in (source, *members, *first_hops) if i not in kept})
        rows.update((i, kept[i]) for i in (source, *members, *first_hops) if i in kept)
        start = rows.get(source)
        found: dict[tuple[str, int], RawPath] = {}
        best: dict[str, RawPath | None] = {}
        if start is not None:
            ahead = _start(graph, start, avoid, max_hops) if mode is Mode.STRONGEST else None
            targets = [rows[i] for i in first_hops if i in rows]
            known = set(known)
            for member in members:
                row = rows.get(member)
                if row is None or row in avoid:  # cut out of the view: reaches nobody
                    continue
                paths, path, joined = door_search.door_paths(
                    graph,
                    row,
                    targets,
                    source=start,
                    max_hops=max_hops,
                    mode=mode,
                    blocked=avoid,
                    start=None if member in known else ahead,
                )
                found.update(((member, target), p) for target, p in paths.items())
                if joined:
                    best[member] = path
        named = self._named(id_map, {**found, **{(m, -1): p for m, p in best.items() if p}})
        out: dict[str, dict[str, RawPath]] = {m: {} for m in members}
        for (member, target), path in named.items():
            if target >= 0:
                out[member][path.nodes[-1]] = path
        # A path through someone forgotten meanwhile is none (as `best` leaves it out).
        return out, {m: named.get((m, -1)) for m in best}

    def tree(self, source: str, *, max_hops: int, mode: Mode) -> RowTree:
        return RowTree(self, source, max_hops=max_hops, mode=mode)


_STARTS: weakref.WeakKeyDictionary[
    SocialGraph, dict[tuple[int, frozenset[int], int], array_search.Ahead]
] = weakref.WeakKeyDictionary()
_STARTS_KEPT = 256
"""How many salespeople's (and views') first layers a graph keeps."""


def _start(
    graph: SocialGraph, start: int, avoid: frozenset[int], max_hops: int
) -> array_search.Ahead:
    """The first layers of a salesperson's searches (`array_search.ahead`), searched once
    per graph for all of their committees' members, staff and channel people: the graph
    never changes (a write makes a new one), so neither do they."""
    kept = _STARTS.get(graph)
    if kept is None:
        kept = _STARTS.setdefault(graph, {})
    key = (start, avoid, max_hops // 2)
    found = kept.get(key)
    if found is None:
        if len(kept) >= _STARTS_KEPT:
            kept.clear()
        found = kept[key] = array_search.ahead(graph, start, hops=key[2], blocked=avoid)
    return found


_BESTS: weakref.WeakKeyDictionary[
    SocialGraph, dict[tuple[int, int, frozenset[int], int, Mode], RawPath | None]
] = weakref.WeakKeyDictionary()
_BESTS_KEPT = 4096
"""How many best paths (by rows) a graph keeps."""


def _best(
    graph: SocialGraph, start: int, target: int, avoid: frozenset[int], max_hops: int, mode: Mode
) -> RawPath | None:
    """`array_search.best_path` from `start` to `target`, by rows, searched once per
    graph: the channel people a salesperson's committees show come back account after
    account, and the graph never changes (a write makes a new one)."""
    kept = _BESTS.get(graph)
    if kept is None:
        kept = _BESTS.setdefault(graph, {})
    key = (start, target, avoid, max_hops, mode)
    if key in kept:
        return kept[key]
    ahead = _start(graph, start, avoid, max_hops) if mode is Mode.STRONGEST else None
    if len(kept) >= _BESTS_KEPT:
        kept.clear()
    found = kept[key] = array_search.best_path(
        graph, start, target, max_hops=max_hops, mode=mode, blocked=avoid, start=ahead
    )
    return found


_FEW = 48
"""Up to this many targets, a search between the ends for each (from the source's
first layers, searched once: `Rows._start`); more, one tree from the source searched
towards them all (`paths`), whose third layer alone may hold ten thousand people."""


class RowTree:
    """`paths_from(source)` as a `PathTree`, searched only towards the people asked
    about: `want` their paths and `reach` who is reached, in batches; `path_to` reads
    the answers (and searches for a person not asked about before)."""

    def __init__(self, rows: Rows, source: str, *, max_hops: int, mode: Mode) -> None:
        self._rows = rows
        self._source = source
        self._max_hops = max_hops
        self._mode = mode
        self._found: dict[str, RawPath | None] = {}
        self._reached: dict[str, bool] = {}

    def know(self, found: Mapping[str, RawPath | None]) -> None:
        """Take the paths (None: no path) found for some people by another search
        that gives this tree's answers (`Rows.doors`)."""
        for person, path in found.items():
            self._found.setdefault(person, path)

    def want(self, people: Iterable[str]) -> None:
        new = [p for p in dict.fromkeys(people) if p not in self._found]
        if not new:
            return
        found = self._rows.best(self._source, new, max_hops=self._max_hops, mode=self._mode)
        for person in new:
            self._found[person] = found.get(person)

    def reach(self, people: Iterable[str]) -> None:
        """Find out who of `people` is reached, without reading their paths."""
        new = [p for p in dict.fromkeys(people) if p not in self._found and p not in self._reached]
        if new:
            found = self._rows.reached(self._source, new, max_hops=self._max_hops)
            self._reached.update((p, p in found) for p in new)

    def __contains__(self, person_id: object) -> bool:
        if not isinstance(person_id, str):
            return False
        if person_id in self._reached:
            return self._reached[person_id]
        return self.path_to(person_id) is not None

    def path_to(self, target: str) -> RawPath | None:
        self.want([target])
        return self._found[target]


def rows_of(store: object, source: str) -> Rows | None:
    """The index under `store` when the store is the embedded one, bare or in a team
    view the salesperson `source` is not cut out of; None for anything else."""
    if isinstance(store, SqliteStore):
        return Rows(store, ())
    if type(store) is TeamView and isinstance(store.store, SqliteStore):
        if source in store.blocked:
            return None  # cut out: the view's own searches say they reach nobody
        return Rows(store.store, store.blocked)
    return None
