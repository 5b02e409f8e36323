"""Searches over the embedded store's index, read with person ids: the searches
themselves (graph_mtl/stores/array_search.py) run with people as integers, and
ids are looked up only at the ends, in the index (`IndexIdMap`), the database
asked only about what the index does not know.

The index and the ids are read one after the other: a person forgotten in
between has no id any more, and the paths (or neighbours) through them are
left out, as a search a moment later would not find them."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np

from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.domain.ports import Adjacency
from graph_mtl.stores import array_search
from graph_mtl.stores.social_index import SocialGraph
from graph_mtl.stores.sqlite_records import IdMap

__all__ = [
    "IdTree",
    "IndexIdMap",
    "adjacency",
    "best_paths",
    "numbered_paths",
    "paths_from",
    "tied_only_to",
]


class IndexIdMap(IdMap):
    """The ids the graph's index keeps (graph_mtl/stores/index_ids.py); those it
    does not find (a person added since without ties, or no such person) through
    `fallback`."""

    def __init__(self, graph: SocialGraph, fallback: IdMap) -> None:
        self._ids = graph.ids
        self._fallback = fallback

    def numbers(self, person_ids: Iterable[str]) -> dict[str, int]:
        found, missing = self._ids.numbers(person_ids)
        if missing:
            found.update(self._fallback.numbers(missing))
        return found

    def ids(self, person_numbers: Iterable[int]) -> dict[int, str]:
        found, missing = self._ids.ids(person_numbers)
        if missing:
            found.update(self._fallback.ids(missing))
        return found


def adjacency(graph: SocialGraph, id_map: IdMap, person_ids: Collection[str]) -> Adjacency:
    numbers = id_map.numbers(person_ids)
    rows = {i: graph.row(n) for i, n in numbers.items()}
    ids = id_map.ids({m for neighbours, _ in rows.values() for m in neighbours})
    return {
        i: [(ids[m], s) for m, s in zip(neighbours, strengths, strict=True) if m in ids]
        for i, (neighbours, strengths) in rows.items()
    }


def tied_only_to(
    graph: SocialGraph, id_map: IdMap, person_ids: Collection[str], others: Collection[str]
) -> set[str]:
    """Those of `person_ids` with ties, all of them with `others`: read on their
    rows of the index, without looking their neighbours' ids up."""
    if not person_ids:
        return set()
    numbers = id_map.numbers([*person_ids, *others])
    among = {numbers[o] for o in others if o in numbers}
    asked = [(person, n) for person in person_ids if (n := numbers.get(person)) is not None]
    # A row lists each neighbour once: more ties than `others` are not all with them.
    degrees = graph.degrees(np.array([n for _, n in asked], dtype=np.int64)).tolist()
    found = set()
    for (person, n), degree in zip(asked, degrees, strict=True):
        if not 0 < degree <= len(among):
            continue
        neighbours = graph.row(n)[0]
        if neighbours and all(m in among for m in neighbours):
            found.add(person)
    return found


def best_paths(
    graph: SocialGraph,
    id_map: IdMap,
    source: str,
    target: str,
    *,
    k: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[str],
) -> list[RawPath]:
    paths, _ = numbered_paths(
        graph, id_map, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
    )
    return paths


def numbered_paths(
    graph: SocialGraph,
    id_map: IdMap,
    source: str,
    target: str,
    *,
    k: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[str],
) -> tuple[list[RawPath], dict[str, int]]:
    """`best_paths`, and the numbers of the people on them (their rows in the
    database, which key their ties: what explaining the paths reads by)."""
    numbers = id_map.numbers([source, target, *blocked])
    if source not in numbers or target not in numbers:
        return [], {}
    found = array_search.k_best_paths(
        graph,
        numbers[source],
        numbers[target],
        k=k,
        max_hops=max_hops,
        mode=mode,
        blocked={numbers[b] for b in blocked if b in numbers},
    )
    ends = {numbers[source]: source, numbers[target]: target}  # known: not looked up
    inner = {n for path in found for n in path.nodes} - ends.keys()
    ids = {**ends, **id_map.ids(inner)} if inner else ends
    paths = [
        RawPath(tuple(ids[n] for n in p.nodes), p.strengths)
        for p in found
        if all(n in ids for n in p.nodes)
    ]
    return paths, {ids[n]: n for path in found for n in path.nodes if n in ids}


def paths_from(
    graph: SocialGraph,
    id_map: IdMap,
    source: str,
    *,
    max_hops: int,
    mode: Mode,
    blocked: Collection[str],
) -> IdTree:
    numbers = id_map.numbers([source, *blocked])
    start = numbers.get(source)
    if start is None:
        return IdTree(id_map, None)
    tree = array_search.paths_from(
        graph,
        start,
        max_hops=max_hops,
        mode=mode,
        blocked={numbers[b] for b in blocked if b in numbers},
    )
    return IdTree(id_map, tree)


class IdTree:
    """A bounded tree from the array search, read with person ids."""

    def __init__(self, id_map: IdMap, tree: array_search.IntTree | None) -> None:
        self._id_map = id_map
        self._tree = tree

    def __contains__(self, person_id: object) -> bool:
        if self._tree is None or not isinstance(person_id, str):
            return False
        n = self._id_map.numbers([person_id]).get(person_id)
        return n is not None and n in self._tree

    def path_to(self, target: str) -> RawPath | None:
        if self._tree is None:
            return None
        n = self._id_map.numbers([target]).get(target)
        found = None if n is None else self._tree.path_to(n)
        if found is None:
            return None
        ids = self._id_map.ids(found.nodes)
        if not all(m in ids for m in found.nodes):  # someone on it was forgotten meanwhile
            return None
        return RawPath(tuple(ids[m] for m in found.nodes), found.strengths)

    def paths_to(self, targets: Collection[str]) -> dict[str, RawPath]:
        """`path_to` for many people at once (their ids read in one batch each way):
        the paths to those of `targets` the tree reaches."""
        if self._tree is None or not targets:
            return {}
        numbers = self._id_map.numbers(targets)
        found = array_search.tree_paths(self._tree, numbers.values())
        ids = self._id_map.ids({m for path in found.values() for m in path.nodes})
        return {
            ids[n]: RawPath(tuple(ids[m] for m in path.nodes), path.strengths)
            for n, path in found.items()
            if all(m in ids for m in path.nodes)
        }
