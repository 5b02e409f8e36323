"""The path searches of graph_mtl/domain/pathfinding.py over the search index's
arrays, a whole layer at a time with numpy.

Same algorithms, same answers: a hop-bounded bidirectional layered
(Bellman-Ford) search for one best path, Yen's algorithm on top of it (the
domain's own `yen`), and one side alone for a bounded tree. People are
integers (rows of the index) from end to end; the store maps ids at the ends.

A layer gathers every tie of the frontier at once, keeps per neighbour the
least candidate weight (`np.minimum.at`), and takes it where it beats the
label the neighbour has under the domain's rules: in `strongest`, a weight
lower by more than the tolerance (a candidate one layer deeper never wins on
hops); in `shortest`, only where the neighbour has no label yet. Each layer
records who was improved, from whom and over which tie, so every path is read
back exactly as it was found, like the domain's label chains. Among candidates
of exactly equal weight the smaller parent wins; among weights within the
tolerance of each other the domain takes the first it meets and this the
least: both are equally strong to within 1e-12.

Scratch arrays the size of the graph are made once per thread and cleaned
after each search (only the entries it touched), so a small search costs
what it touches, not the size of the graph.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from graph_mtl.domain.deadline import check_time
from graph_mtl.domain.pathfinding import (
    TOLERANCE,
    Mode,
    RawPath,
    before,
    cost_key,
    same_weight,
    without_cycles,
    yen,
)
from graph_mtl.stores.social_index import Floats, Ints, SocialGraph

__all__ = ["IntTree", "best_path", "k_best_paths", "paths_from"]


class _Scratch:
    """Per-thread arrays as long as the graph: weights and hops of each side's
    labels, and one buffer for a layer's least candidates."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.weight = (np.full(size, np.inf), np.full(size, np.inf))
        self.hops = (np.zeros(size, dtype=np.int16), np.zeros(size, dtype=np.int16))
        self.least = np.full(size, np.inf)
        self.blocked = np.zeros(size, dtype=bool)


_local = threading.local()


def _scratch(size: int) -> _Scratch:
    found: _Scratch | None = getattr(_local, "scratch", None)
    if found is None or found.size < size:
        found = _local.scratch = _Scratch(size)
    return found


@dataclass(slots=True)
class _Layer:
    nodes: Ints  # ascending
    parents: Ints
    strengths: Floats


@dataclass(slots=True)
class _Side:
    start: int
    weight: Floats
    hops: npt.NDArray[np.int16]
    layers: list[_Layer] = field(default_factory=list)
    frontier: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def depth(self) -> int:
        return len(self.layers)

    def layer_of(self, node: int, below: int) -> int:
        """The deepest layer under `below` in which `node` got its label (0: the start)."""
        for depth in range(below - 1, 0, -1):
            nodes = self.layers[depth - 1].nodes
            i = int(np.searchsorted(nodes, node))
            if i < len(nodes) and nodes[i] == node:
                return depth
        return 0

    def chain(self, node: int, depth: int) -> tuple[list[int], list[float]]:
        """The path from the start to `node` as labelled at `depth`, start first."""
        nodes, strengths = [node], []
        while depth > 0:
            layer = self.layers[depth - 1]
            i = int(np.searchsorted(layer.nodes, node))
            node = int(layer.parents[i])
            strengths.append(float(layer.strengths[i]))
            nodes.append(node)
            depth = self.layer_of(node, depth)
        return nodes[::-1], strengths[::-1]


def _expand(
    graph: SocialGraph,
    side: _Side,
    scratch: _Scratch,
    mode: Mode,
    blocked: bool,
    banned: Collection[frozenset[int]],
) -> None:
    if len(side.frontier) <= _SMALL and graph.ties_of(side.frontier) <= _SMALL_TIES:
        _expand_small(graph, side, scratch, mode, banned)
        return
    src, dst, strength = graph.gather(side.frontier)
    keep = None
    if blocked:
        keep = ~scratch.blocked[dst]
    for pair in banned:
        a, b = tuple(pair)
        cut = ((src == a) & (dst == b)) | ((src == b) & (dst == a))
        keep = ~cut if keep is None else keep & ~cut
    if keep is not None:
        src, dst, strength = src[keep], dst[keep], strength[keep]
    candidate = side.weight[src] - np.log(strength)
    least = scratch.least
    np.minimum.at(least, dst, candidate)
    best = least[dst]
    current = side.weight[dst]
    if mode is Mode.STRONGEST:
        wins = np.isinf(current) | ((best < current) & (current - best > TOLERANCE * current))
    else:
        wins = np.isinf(current)
    chosen = wins & (candidate == best)
    nodes, first = np.unique(dst[chosen], return_index=True)
    side.weight[nodes] = least[nodes]
    side.hops[nodes] = side.depth + 1
    least[dst] = np.inf
    side.layers.append(_Layer(nodes, src[chosen][first], strength[chosen][first]))
    side.frontier = nodes


_SMALL = 32
_SMALL_TIES = 256
"""A frontier of at most _SMALL people with at most _SMALL_TIES ties in all is
expanded in plain Python: for so few ties numpy's cost per call is more than
the work."""


def _expand_small(
    graph: SocialGraph,
    side: _Side,
    scratch: _Scratch,
    mode: Mode,
    banned: Collection[frozenset[int]],
) -> None:
    """The same layer as `_expand`, tie by tie: per neighbour the least candidate
    (the smaller parent among equals: the frontier is ascending), taken where it
    beats the neighbour's label by the same rules."""
    weight, blocked, log = side.weight, scratch.blocked, math.log
    least: dict[int, tuple[float, int, float]] = {}
    for node, node_weight in zip(
        side.frontier.tolist(), weight[side.frontier].tolist(), strict=True
    ):
        neighbours, strengths = graph.row(node)
        for other, strength in zip(neighbours, strengths, strict=True):
            if blocked[other] or (banned and frozenset((node, other)) in banned):
                continue
            candidate = node_weight - log(strength)
            found = least.get(other)
            if found is None or candidate < found[0]:
                least[other] = (candidate, node, strength)
    if least:
        others = sorted(least)
        current = weight[others].tolist()
        won = [
            (other, least[other], now)
            for other, now in zip(others, current, strict=True)
            if now == math.inf
            or (
                mode is Mode.STRONGEST
                and least[other][0] < now
                and now - least[other][0] > TOLERANCE * now
            )
        ]
    else:
        won = []
    nodes = np.array([o for o, _, _ in won], dtype=np.int64)
    weight[nodes] = [w for _, (w, _, _), _ in won]
    side.hops[nodes] = side.depth + 1
    side.layers.append(
        _Layer(
            nodes,
            np.array([p for _, (_, p, _), _ in won], dtype=np.int64),
            np.array([s for _, (_, _, s), _ in won], dtype=np.float64),
        )
    )
    side.frontier = nodes


class _Search:
    """The scratch state of one search, cleaned up when it ends."""

    def __init__(
        self, graph: SocialGraph, blocked: Iterable[int], starts: Iterable[int] = ()
    ) -> None:
        self.graph = graph
        # A person added since the index was built, with no tie yet, has a row past its
        # end: the scratch covers the starts too (their rows read as empty).
        self.scratch = _scratch(max([graph.size, *(s + 1 for s in starts)]))
        self.blocked = np.array([b for b in blocked if 0 <= b < graph.size], dtype=np.int64)
        self.scratch.blocked[self.blocked] = True
        self.sides: list[_Side] = []

    def side(self, start: int, which: int) -> _Side:
        side = _Side(start, self.scratch.weight[which], self.scratch.hops[which])
        side.weight[start] = 0.0
        side.hops[start] = 0
        side.frontier = np.array([start], dtype=np.int64)
        self.sides.append(side)
        return side

    def close(self) -> None:
        for side in self.sides:
            for layer in side.layers:
                side.weight[layer.nodes] = np.inf
                side.hops[layer.nodes] = 0
            side.weight[side.start] = np.inf
        self.scratch.blocked[self.blocked] = False


def best_path(
    graph: SocialGraph,
    source: int,
    target: int,
    *,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[int] = frozenset(),
    banned: Collection[frozenset[int]] = frozenset(),
) -> RawPath | None:
    """As `graph_mtl.domain.pathfinding.best_path`, with people as index rows."""
    if source == target:
        return RawPath((source,), ())
    search = _Search(graph, blocked, (source, target))
    try:
        forward, backward = search.side(source, 0), search.side(target, 1)
        found = _bidirectional(search, forward, backward, max_hops, mode, banned)
    finally:
        search.close()
    return found


_Best = tuple[tuple[float, float], int]  # (cost, meeting node)


def _bidirectional(
    search: _Search,
    forward: _Side,
    backward: _Side,
    max_hops: int,
    mode: Mode,
    banned: Collection[frozenset[int]],
) -> RawPath | None:
    best: _Best | None = None
    meet: tuple[int, int, int] | None = None  # node, forward depth, backward depth
    while forward.depth + backward.depth < max_hops:
        check_time()
        sides = [s for s in (forward, backward) if len(s.frontier)]
        if not sides:
            break
        side = min(sides, key=lambda s: len(s.frontier))
        if best is not None and _spent(side, best[0], mode):
            other = backward if side is forward else forward
            if not len(other.frontier) or _spent(other, best[0], mode):
                break
            side = other
        _expand(search.graph, side, search.scratch, mode, len(search.blocked) > 0, banned)
        other = backward if side is forward else forward
        met = side.frontier[~np.isinf(other.weight[side.frontier])]
        for node in met.tolist():
            key = cost_key(
                mode,
                float(forward.weight[node] + backward.weight[node]),
                int(forward.hops[node]) + int(backward.hops[node]),
            )
            if best is None or before(mode, key, best[0]):
                best = (key, node)
                meet = (node, int(forward.hops[node]), int(backward.hops[node]))
        if best is not None and mode is Mode.SHORTEST:
            break  # every path of fewer hops has been seen already
    if meet is None:
        return None
    node, ahead, behind = meet
    head, head_strengths = forward.chain(node, ahead)
    tail, tail_strengths = backward.chain(node, behind)
    return without_cycles(head + tail[-2::-1], head_strengths + tail_strengths[::-1])


def _spent(side: _Side, best: tuple[float, float], mode: Mode) -> bool:
    if not len(side.frontier):
        return True
    if mode is Mode.SHORTEST:
        return False
    floor = float(side.weight[side.frontier].min())
    return floor > best[0] and not same_weight(floor, best[0])


def k_best_paths(
    graph: SocialGraph,
    source: int,
    target: int,
    *,
    k: int,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[int] = frozenset(),
) -> list[RawPath]:
    """As `graph_mtl.domain.pathfinding.k_best_paths`: Yen's algorithm over `best_path`."""

    def one(
        s: int, t: int, hops: int, avoid: Collection[int], cut: Collection[frozenset[int]]
    ) -> RawPath | None:
        return best_path(graph, s, t, max_hops=hops, mode=mode, blocked=avoid, banned=cut)

    found = yen(one, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked)
    return [RawPath(tuple(int(n) for n in p.nodes), p.strengths) for p in found]


class IntTree:
    """The best path from one source to every row within the hop limit."""

    def __init__(self, side: _Side) -> None:
        self._side = side

    def depth_of(self, node: int) -> int | None:
        """The layer of the node's final label; None when it is out of reach."""
        side = self._side
        if node == side.start:
            return 0
        depth = side.layer_of(node, side.depth + 1)
        return depth or None

    def __contains__(self, node: object) -> bool:
        return isinstance(node, int) and self.depth_of(node) is not None

    def path_to(self, node: int) -> RawPath | None:
        depth = self.depth_of(node)
        if depth is None:
            return None
        nodes, strengths = self._side.chain(node, depth)
        return RawPath(tuple(nodes), tuple(strengths))


def paths_from(
    graph: SocialGraph,
    source: int,
    *,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[int] = frozenset(),
) -> IntTree:
    """As `graph_mtl.domain.pathfinding.paths_from`, with people as index rows."""
    search = _Search(graph, blocked, (source,))
    try:
        side = search.side(source, 0)
        while len(side.frontier) and side.depth < max_hops:
            check_time()
            _expand(graph, side, search.scratch, mode, len(search.blocked) > 0, frozenset())
    finally:
        search.close()
    return IntTree(side)
