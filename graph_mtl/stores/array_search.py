"""The searches of pathfinding.py on the index's arrays (long because it holds all three,
and the many-target reads committees and reports make), a whole layer at a time with numpy.

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
back exactly as it was found, like the domain's label chains.

Ties go as in the domain (its docstring has the order): among the candidates
within the tolerance of the least, the forward side takes the one whose parent's
path from the start is least in id order, the backward side the one whose
parent's id is least. Ids are compared through the graph's `rank` (each row's
place in id order); the forward side gives each layer its own places, sorting
the new layer by (parent's place, rank), so a tie costs one sort, not a walk
along the paths.

Scratch arrays the size of the graph are made once per thread and cleaned
after each search (only the entries it touched), so a small search costs
what it touches, not the size of the graph.

A salesperson's first layers (`Ahead`), searched once, can start every
`best_path` and `reachable` from them: a committee asks a few dozen
(graph_mtl/services/committee_rows.py keeps them per graph).
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from graph_mtl.domain.deadline import check_time
from graph_mtl.domain.pathfinding import (
    TOLERANCE,
    Mode,
    RawPath,
    better,
    cost_key,
    least_costs,
    same_weight,
    without_cycles,
    yen,
)
from graph_mtl.stores.fewest_hops import fewest_hops_path
from graph_mtl.stores.social_index import Floats, Ints, SocialGraph

__all__ = [
    "Ahead",
    "IntTree",
    "ahead",
    "best_path",
    "k_best_paths",
    "paths_from",
    "paths_to",
    "reachable",
    "tree_paths",
]


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
    places: Ints | None = None  # each path's place in the layer's id order, once asked


@dataclass(slots=True)
class _Side:
    start: int
    weight: Floats
    hops: npt.NDArray[np.int16]
    towards_start: bool  # the backward side: ties go to the least parent
    rank: Ints | None  # the graph's
    layers: list[_Layer] = field(default_factory=list)
    frontier: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def places(self, depth: int) -> Ints:
        """The places in id order of the paths of layer `depth` (as its nodes), found
        when first asked for (a layer without ties never needs them): by the
        parent's place in the layer before, then the node's rank."""
        if depth == 0:
            return np.zeros(1, dtype=np.int64)
        layer = self.layers[depth - 1]
        if layer.places is None:
            before = self.places(depth - 1)
            if depth > 1:
                before = before[np.searchsorted(self.layers[depth - 2].nodes, layer.parents)]
            else:
                before = np.zeros(len(layer.nodes), dtype=np.int64)
            rank = layer.nodes if self.rank is None else self.rank[layer.nodes]
            order = np.lexsort((rank, before))
            places = np.empty(len(order), dtype=np.int64)
            places[order] = np.arange(len(order), dtype=np.int64)
            layer.places = places  # whole when seen: `Ahead`'s layers are shared
        return layer.places

    def place(self, node: int, depth: int | None = None) -> int:
        """The place in id order, within its layer, of the node's path (as labelled
        at `depth`, by default its label now)."""
        if depth is None:
            depth = int(self.hops[node])
        if depth == 0:
            return 0
        layer = self.layers[depth - 1]
        return int(self.places(depth)[np.searchsorted(layer.nodes, node)])

    def keys(self, parents: Ints) -> Ints:
        """The tie-break of offers from `parents` (of the frontier): their ranks
        backward, their paths' places forward."""
        if self.towards_start:
            return parents if self.rank is None else self.rank[parents]
        return self.places(self.depth)[np.searchsorted(self.frontier, parents)]

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
    search: _Search,
    side: _Side,
    mode: Mode,
    banned: Collection[frozenset[int]],
    meeting: Floats | None = None,
) -> None:
    """One more layer of `side`. With `meeting` (the other side's weights) the layer
    is the search's last: only the people the other side has labelled can join the
    two, so only the ties to them are relaxed (their labels come out as in a whole
    layer: a label depends only on the offers to its own person)."""
    graph, scratch = search.graph, search.scratch
    frontier = side.frontier
    if meeting is None and len(frontier) <= _SMALL:
        row = _rows(graph)
        people = frontier.tolist()
        rows = [row(n) for n in people]
        if sum(len(r[0]) for r in rows) <= _SMALL_TIES:
            weights = side.weight[frontier].tolist()
            _expand_small(
                side,
                search,
                mode,
                banned,
                ((n, w, *r) for n, w, r in zip(people, weights, rows, strict=True)),
            )
            return
    src, dst, strength = graph.gather(frontier)
    keep = None
    if meeting is not None:
        keep = ~np.isinf(meeting[dst])
    if len(search.blocked):
        keep = ~scratch.blocked[dst] if keep is None else keep & ~scratch.blocked[dst]
    if keep is not None:
        src, dst, strength = src[keep], dst[keep], strength[keep]
    if meeting is not None and len(dst) <= _SMALL_TIES:
        weights = side.weight[src].tolist()
        _expand_small(
            side,
            search,
            mode,
            banned,
            (
                (node, node_weight, [other], [s], [-math.log(s)])
                for node, node_weight, other, s in zip(
                    src.tolist(), weights, dst.tolist(), strength.tolist(), strict=True
                )
            ),
        )
        return
    for pair in banned:
        a, b = tuple(pair)
        cut = ((src == a) & (dst == b)) | ((src == b) & (dst == a))
        src, dst, strength = src[~cut], dst[~cut], strength[~cut]
    _label(side, scratch, mode, src, dst, strength)


def _label(
    side: _Side, scratch: _Scratch, mode: Mode, src: Ints, dst: Ints, strength: Floats
) -> None:
    """Take the offers of the ties `src` → `dst` as one more layer of `side`: each
    neighbour labelled at its best offer (near-equal offers broken by the tie-break)
    where that is better than its label so far."""
    candidate = side.weight[src] - np.log(strength)
    least = scratch.least
    np.minimum.at(least, dst, candidate)
    best = least[dst]
    least[dst] = np.inf
    current = side.weight[dst]
    if mode is Mode.STRONGEST:
        wins = np.isinf(current) | ((best < current) & (current - best > TOLERANCE * current))
    else:
        wins = np.isinf(current)
    tied = np.flatnonzero(wins & (candidate - best <= TOLERANCE * candidate))
    src, dst = src[tied], dst[tied]
    order = np.argsort(dst)
    ordered = dst[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    if not first.all():  # tied offers: by neighbour, then the tie-break
        order = np.argsort(dst * scratch.size + side.keys(src))
        ordered = dst[order]
        first[1:] = ordered[1:] != ordered[:-1]
    pick = tied[order[first]]
    _take(side, ordered[first], src[order[first]], strength[pick], candidate[pick])


def _take(side: _Side, nodes: Ints, parents: Ints, strengths: Floats, weights: Floats) -> None:
    """Label `nodes` (ascending) as one more layer."""
    side.weight[nodes] = weights
    side.hops[nodes] = side.depth + 1
    side.layers.append(_Layer(nodes, parents, strengths))
    side.frontier = nodes


_SMALL = 4
_SMALL_TIES = 32
"""A frontier of at most _SMALL people with at most _SMALL_TIES ties in all is
expanded in plain Python over rows decoded once (`_rows`): for so few ties numpy's
cost per call is more than the work."""

_ROWS_KEPT = 20_000
"""How many decoded rows a thread keeps (about 1.5 kB each at 20 ties): Yen's
algorithm runs many searches over one neighbourhood."""

_Row = tuple[list[int], list[float], list[float]]  # neighbours, strengths, -log strengths


def _rows(graph: SocialGraph) -> Callable[[int], _Row]:
    """The row reader of this thread for `graph`: rows decoded once, kept while the
    thread searches the same graph (a new graph, or too many rows, starts afresh)."""
    cache: tuple[weakref.ref[SocialGraph], dict[int, _Row]] | None = getattr(_local, "rows", None)
    if cache is None or cache[0]() is not graph:
        cache = _local.rows = (weakref.ref(graph), {})
    kept = cache[1]

    def row(n: int) -> _Row:
        found = kept.get(n)
        if found is None:
            if len(kept) >= _ROWS_KEPT:
                kept.clear()
            neighbours, strengths = graph.row(n)
            found = kept[n] = (neighbours, strengths, [-math.log(s) for s in strengths])
        return found

    return row


_Offer = tuple[float, int, float]  # weight, the parent, strength


def _expand_small(
    side: _Side,
    search: _Search,
    mode: Mode,
    banned: Collection[frozenset[int]],
    groups: Iterable[tuple[int, float, list[int], list[float], list[float]]],
) -> None:
    """The same layer as `_expand`, tie by tie over `groups` (each person of the
    frontier, its weight, and its ties: neighbours, strengths, -log strengths): per
    neighbour the least candidate, taken where it beats the neighbour's label by the
    same rules, and among the candidates tied with it the one of the least key."""
    blocked = search.blocked_rows
    first: dict[int, _Offer] = {}  # the least offer to each neighbour
    more: dict[int, list[_Offer]] = {}  # where others may tie with it: those, and it
    for node, node_weight, neighbours, strengths, costs in groups:
        for other, strength, cost in zip(neighbours, strengths, costs, strict=True):
            if (blocked and other in blocked) or (banned and frozenset((node, other)) in banned):
                continue
            candidate = node_weight + cost  # exactly node_weight - log(strength)
            found = first.get(other)
            if found is None:
                first[other] = (candidate, node, strength)
            elif candidate < found[0]:
                first[other] = offer = (candidate, node, strength)
                if other in more:
                    more[other].append(offer)
                elif found[0] - candidate <= TOLERANCE * found[0]:
                    more[other] = [found, offer]
            elif candidate - found[0] <= TOLERANCE * candidate:
                # An offer that is no tie of the least so far is none of the least.
                offer = (candidate, node, strength)
                if other in more:
                    more[other].append(offer)
                else:
                    more[other] = [found, offer]
    won: list[tuple[int, _Offer]] = []
    if first:
        others = sorted(first)
        now_weights = side.weight[np.array(others, dtype=np.int64)].tolist()
        strongest = mode is Mode.STRONGEST
        for other, now in zip(others, now_weights, strict=True):
            low = first[other][0]
            if now == math.inf or (strongest and low < now and now - low > TOLERANCE * now):
                won.append((other, first[other]))
    # Ties are broken only where the least offer wins, all in one look-up of keys.
    tied = [
        (i, [o for o in more[other] if o[0] - offer[0] <= TOLERANCE * o[0]])
        for i, (other, offer) in enumerate(won)
        if other in more
    ]
    tied = [(i, offers) for i, offers in tied if len(offers) > 1]
    if tied:
        parents = np.array([o[1] for _, offers in tied for o in offers], dtype=np.int64)
        keys = side.keys(parents).tolist()
        at = 0
        for i, offers in tied:
            mine = keys[at : at + len(offers)]
            at += len(offers)
            won[i] = (won[i][0], offers[mine.index(min(mine))])
    _take(
        side,
        np.array([o for o, _ in won], dtype=np.int64),
        np.array([offer[1] for _, offer in won], dtype=np.int64),
        np.array([offer[2] for _, offer in won], dtype=np.float64),
        np.array([offer[0] for _, offer in won], dtype=np.float64),
    )


class _Search:
    """The scratch state of one search, cleaned up when it ends."""

    def __init__(
        self, graph: SocialGraph, blocked: Iterable[int], starts: Iterable[int] = ()
    ) -> None:
        self.graph = graph
        # A person added since the index was built, with no tie yet, has a row past its
        # end: the scratch covers the starts too (their rows read as empty).
        self.scratch = _scratch(max([graph.size, *(s + 1 for s in starts)]))
        self.blocked_rows = {b for b in blocked if 0 <= b < graph.size}
        self.blocked = np.array(sorted(self.blocked_rows), dtype=np.int64)
        if self.blocked_rows:
            self.scratch.blocked[self.blocked] = True
        self.sides: list[_Side] = []

    def side(self, start: int, which: int) -> _Side:
        side = _Side(
            start, self.scratch.weight[which], self.scratch.hops[which], which == 1, self.graph.rank
        )
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
        if self.blocked_rows:
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
    start: Ahead | None = None,
) -> RawPath | None:
    """As `graph_mtl.domain.pathfinding.best_path`, with people as index rows.
    `start` (`ahead` from `source`, same mode and blocked people) saves searching
    the forward side's first layers again."""
    if source == target:
        return RawPath((source,), ())
    if (
        start is not None
        and not banned
        and target not in start.blocked  # the first layers never lead to it
        and start.fits(source, mode, {b for b in blocked if 0 <= b < graph.size}, max_hops)
    ):
        search = _Search(graph, blocked, (source, target))
        try:
            forward, backward = search.side(source, 0), search.side(target, 1)
            start.restore(forward)
            # The joins the first layers made with the target, as when they were searched.
            met = _meet(graph, forward, backward, np.array([target]), forward, mode, None)
            found = _bidirectional(search, forward, backward, max_hops, mode, banned, met)
        finally:
            search.close()
        return found
    if mode is Mode.SHORTEST and source not in blocked and target not in blocked:
        # The same answer for about a plain breadth-first search's work (its docstring).
        return fewest_hops_path(
            graph, source, target, max_hops=max_hops, blocked=blocked, banned=banned
        )
    search = _Search(graph, blocked, (source, target))
    try:
        forward, backward = search.side(source, 0), search.side(target, 1)
        found = _bidirectional(search, forward, backward, max_hops, mode, banned)
    finally:
        search.close()
    return found


@dataclass(frozen=True, slots=True)
class Ahead:
    """The first layers of the forward side from one source, searched once for the
    many `best_path`s and `reachable`s a committee asks from there (`ahead`). Any
    split of the hops between the two sides gives the same path (the domain's
    docstring): starting with these layers is one of the splits. Never changed once
    made (a search copies what it extends), so threads may share one."""

    start: int
    mode: Mode
    blocked: frozenset[int]
    layers: tuple[_Layer, ...]
    labelled: Ints  # ascending: everyone labelled but the start
    weights: Floats
    hops: npt.NDArray[np.int16]
    frontier: Ints
    near: Ints
    """Everyone within `depth` ties of the start, the start too (ascending)."""
    near_set: frozenset[int]

    @property
    def depth(self) -> int:
        return len(self.layers)

    def fits(self, source: int, mode: Mode, blocked: Collection[int], max_hops: int) -> bool:
        """Whether these layers start `best_path(source, ...)` (`blocked`: its rows in
        the graph, as `_Search` keeps them)."""
        return (
            source == self.start
            and mode is self.mode
            and self.depth <= max_hops
            and self.blocked == blocked
        )

    def restore(self, side: _Side) -> None:
        """Make the fresh `side` from the start what these layers left."""
        side.weight[self.labelled] = self.weights
        side.hops[self.labelled] = self.hops
        side.layers = list(self.layers)
        side.frontier = self.frontier


def ahead(
    graph: SocialGraph,
    source: int,
    *,
    hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[int] = frozenset(),
) -> Ahead:
    """The forward side of `best_path` from `source`, `hops` layers deep."""
    search = _Search(graph, blocked, (source,))
    try:
        side = search.side(source, 0)
        while len(side.frontier) and side.depth < hops:
            check_time()
            _expand(search, side, mode, frozenset())
        layers = [layer.nodes for layer in side.layers]
        labelled = np.unique(np.concatenate(layers)) if layers else side.frontier[:0]
        near = np.union1d(labelled, np.array([source], dtype=np.int64))
        return Ahead(
            source,
            mode,
            frozenset(search.blocked_rows),
            tuple(side.layers),
            labelled,
            side.weight[labelled].copy(),
            side.hops[labelled].copy(),
            side.frontier,
            near,
            frozenset(near.tolist()),
        )
    finally:
        search.close()


def _bidirectional(
    search: _Search,
    forward: _Side,
    backward: _Side,
    max_hops: int,
    mode: Mode,
    banned: Collection[frozenset[int]],
    best: _Met | None = None,
) -> RawPath | None:
    while forward.depth + backward.depth < max_hops:
        check_time()
        sides = [s for s in (forward, backward) if len(s.frontier)]
        if not sides:
            break
        side = min(sides, key=lambda s: len(s.frontier))
        if best is not None and _spent(side, best.cost, mode):
            other = backward if side is forward else forward
            if not len(other.frontier) or _spent(other, best.cost, mode):
                break
            side = other
        other = backward if side is forward else forward
        last = forward.depth + backward.depth + 1 == max_hops
        _expand(search, side, mode, banned, other.weight if last else None)
        best = _meet(search.graph, forward, backward, side.frontier, other, mode, best)
        if best is not None and mode is Mode.SHORTEST:
            break  # every path of fewer hops has been seen already
    return None if best is None else best.path(forward, backward)


@dataclass(slots=True)
class _Met:
    """A join: its cost, where the sides met, and each side's depth there then
    (its path is read back once, when first asked for)."""

    cost: tuple[float, float]
    node: int
    ahead: int
    behind: int
    found: RawPath | None = None

    def path(self, forward: _Side, backward: _Side) -> RawPath:
        if self.found is None:
            head, head_strengths = forward.chain(self.node, self.ahead)
            tail, tail_strengths = backward.chain(self.node, self.behind)
            self.found = without_cycles(head + tail[-2::-1], head_strengths + tail_strengths[::-1])
        return self.found


def _meet(
    graph: SocialGraph,
    forward: _Side,
    backward: _Side,
    moved: Ints,
    other: _Side,
    mode: Mode,
    best: _Met | None,
) -> _Met | None:
    """The best of `best` and the joins at the people just labelled, as the
    domain's `_meet` picks it (`least_costs`, then the order of ids)."""
    met = moved[~np.isinf(other.weight[moved])]
    if not len(met):
        return best
    nodes = met.tolist()
    weights = (forward.weight[met] + backward.weight[met]).tolist()
    hops = (forward.hops[met] + backward.hops[met]).tolist()
    i = 0
    if len(nodes) > 1:
        tied = least_costs(mode, list(zip(weights, hops, strict=True)))
        # Tied joins have one length and, the moved side's labels all having its
        # depth, one split: their forward halves are of one layer, ordered by place.
        i = tied[0] if len(tied) == 1 else min(tied, key=lambda j: forward.place(nodes[j]))
    node = nodes[i]
    found = _Met(
        cost_key(mode, weights[i], hops[i]),
        node,
        int(forward.hops[node]),
        int(backward.hops[node]),
    )
    if best is not None:
        verdict = better(mode, found.cost, best.cost)
        if verdict is False or (
            verdict is None and not _less(graph, forward, backward, found, best)
        ):
            return best
    return found


def _less(graph: SocialGraph, forward: _Side, backward: _Side, one: _Met, other: _Met) -> bool:
    """Whether the join `one` comes before the equally cheap join `other` in id order."""
    if one.ahead == other.ahead:
        if one.node == other.node:
            return False  # one join, met again (one depth each side: one path)
        # Forward halves of one length, ending apart: their places decide.
        return forward.place(one.node, one.ahead) < forward.place(other.node, other.ahead)
    return _order(graph, one.path(forward, backward).nodes) < _order(
        graph, other.path(forward, backward).nodes
    )


def _order(graph: SocialGraph, nodes: tuple[int, ...]) -> tuple[int, ...]:
    """A path's people as their places in id order."""
    if graph.rank is None:
        return nodes
    return tuple(graph.rank[list(nodes)].tolist())


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

    found = yen(
        one,
        source,
        target,
        k=k,
        max_hops=max_hops,
        mode=mode,
        blocked=blocked,
        order=lambda nodes: _order(graph, nodes),
    )
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

    def paths_to(self, nodes: Ints) -> dict[int, RawPath]:
        """`path_to` of each of `nodes` (distinct) that is in reach, read a layer at a
        time for them all: each node's layer, then each step back to its parent, as
        `depth_of` and `_Side.chain` read them one by one."""
        side = self._side
        depth = _layers_of(side, nodes, side.depth + 1)
        reached = np.flatnonzero((depth > 0) | (nodes == side.start))
        current, depth = nodes[reached], depth[reached]
        steps: list[list[int]] = [[n] for n in current.tolist()]
        weights: list[list[float]] = [[] for _ in steps]
        for d in range(side.depth, 0, -1):
            here = np.flatnonzero(depth == d)
            if not len(here):
                continue
            layer = side.layers[d - 1]
            i = np.searchsorted(layer.nodes, current[here])
            parents, strengths = layer.parents[i], layer.strengths[i]
            for k, parent, strength in zip(
                here.tolist(), parents.tolist(), strengths.tolist(), strict=True
            ):
                steps[k].append(parent)
                weights[k].append(strength)
            current[here] = parents
            depth[here] = _layers_of(side, parents, d)
        return {
            path[0]: RawPath(tuple(path[::-1]), tuple(w[::-1]))
            for path, w in zip(steps, weights, strict=True)
        }


def _layers_of(side: _Side, nodes: Ints, below: int) -> Ints:
    """`_Side.layer_of(node, below)` of each of `nodes`: the deepest layer under
    `below` in which it got its label, 0 when none (the start, or out of reach)."""
    out = np.zeros(len(nodes), dtype=np.int64)
    pending = np.arange(len(nodes))
    for depth in range(below - 1, 0, -1):
        if not len(pending):
            break
        layer_nodes = side.layers[depth - 1].nodes
        i = np.searchsorted(layer_nodes, nodes[pending])
        hit = i < len(layer_nodes)
        hit[hit] = layer_nodes[i[hit]] == nodes[pending[hit]]
        out[pending[hit]] = depth
        pending = pending[~hit]
    return out


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
            _expand(search, side, mode, frozenset())
    finally:
        search.close()
    return IntTree(side)


def paths_to(
    graph: SocialGraph,
    source: int,
    targets: Collection[int],
    *,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[int] = frozenset(),
) -> dict[int, RawPath]:
    """`paths_from(graph, source, ...).path_to(t)` for each of `targets` within reach,
    for a fraction of the cost: the same layers, except that the last relaxes only
    the ties into the targets, read from the targets' own rows (every tie is in
    both its people's rows, with one strength) instead of from the whole last
    frontier's. A label depends only on the offers to its own person, so the
    targets' labels, and the paths read back, are the whole tree's."""
    wanted = np.array(sorted({t for t in targets if t >= 0}), dtype=np.int64)
    search = _Search(graph, blocked, (source,))
    try:
        side = search.side(source, 0)
        while len(side.frontier) and side.depth < max_hops - 1:
            check_time()
            _expand(search, side, mode, frozenset())
        if len(side.frontier) and side.depth < max_hops:
            check_time()
            _expand_into(search, side, mode, wanted)
    finally:
        search.close()
    return IntTree(side).paths_to(wanted)


def _expand_into(search: _Search, side: _Side, mode: Mode, targets: Ints) -> None:
    """The layer `_expand` would add, its labels taken only at `targets` (ascending):
    the offers are the targets' ties to the frontier, each tie read as from the
    frontier. A small frontier goes through `_expand` itself (its plain-Python
    layer), so every label is computed exactly as there."""
    graph, scratch = search.graph, search.scratch
    frontier = side.frontier
    if len(frontier) <= _SMALL and graph.ties_of(frontier) <= _SMALL_TIES:
        _expand(search, side, mode, frozenset())
        return
    targets = targets[targets < graph.size]
    if len(search.blocked):
        targets = targets[~scratch.blocked[targets]]
    dst, src, strength = graph.gather(targets)
    # The frontier is the last layer: the people labelled at its depth.
    keep = side.hops[src] == side.depth if side.depth else src == side.start
    src, dst, strength = src[keep], dst[keep], strength[keep]
    _label(side, scratch, mode, src, dst, strength)  # as `_expand` (a bare `banned`)


def reachable(
    graph: SocialGraph,
    source: int,
    targets: Collection[int],
    *,
    max_hops: int,
    blocked: Collection[int] = frozenset(),
    start: Ahead | None = None,
) -> set[int]:
    """Which of `targets` some path of at most `max_hops` ties from `source` avoiding
    `blocked` reaches: the people `paths_from` finds a path to, whatever the mode (a
    person first offered a label always takes it). The people within half the hops
    of `source`, then those within the other half of each target, as (target,
    person) pairs, all targets at once: a target is reached when one of its people
    is one of the source's. `start` (`ahead` from `source`, any mode, the same blocked
    people) holds the source's people already."""
    wanted = {t for t in targets if t >= 0}
    found = {source} & wanted
    blocked_rows = {b for b in blocked if 0 <= b < graph.size}
    if start is not None and start.fits(source, start.mode, blocked_rows, max_hops):
        ahead = start.depth
    else:
        start, ahead = None, (max_hops + 1) // 2
    rest = np.array(
        sorted(t for t in wanted - found if t < graph.size and t not in blocked), dtype=np.int64
    )
    if not len(rest) or max_hops < 1:
        return found
    avoid = np.array(sorted(b for b in blocked if 0 <= b < graph.size), dtype=np.int64)
    if start is None:
        near = _within(graph, np.array([source], dtype=np.int64), ahead, avoid)
    elif len(rest) <= _FEW_TARGETS:
        return found | _reached_near(graph, start, rest.tolist(), max_hops - ahead, blocked_rows)
    else:
        near = start.near
    origin, person = rest, rest
    for step in range(max_hops - ahead + 1):
        hit = _in_sorted(person, near)
        found.update(origin[hit].tolist())
        if step == max_hops - ahead:
            break
        check_time()
        # Only the pairs of targets not reached yet go a tie further.
        keep = ~_in_sorted(origin, origin[hit])
        origin, person = origin[keep], person[keep]
        if not len(person):
            break
        src, dst, _ = graph.gather(np.unique(person))
        order = np.argsort(src, kind="stable")  # the overlay's rows come last
        src, dst = src[order], dst[order]
        at = np.searchsorted(src, person, side="left")
        counts = np.searchsorted(src, person, side="right") - at
        heads = np.cumsum(counts) - counts
        origin = np.repeat(origin, counts)
        person = dst[np.repeat(at - heads, counts) + np.arange(int(counts.sum()))]
        if len(avoid):
            keep = ~_in_sorted(person, avoid)
            origin, person = origin[keep], person[keep]
        pairs = np.unique(origin * graph.size + person)
        origin, person = pairs // graph.size, pairs % graph.size
    return found


_FEW_TARGETS = 8
"""Up to this many targets, `reachable` from a salesperson's first layers walks out
from each target alone: fewer numpy calls than pairing every target with its people."""


def _reached_near(
    graph: SocialGraph, start: Ahead, targets: list[int], hops: int, blocked: Collection[int]
) -> set[int]:
    """Which of `targets` are within `hops` ties of someone `start` holds, passing
    nobody `blocked`: a walk out from each target over its rows, read without numpy,
    that stops at the first such person."""
    near = start.near_set
    found = set()
    for target in targets:
        if target in near:
            found.add(target)
            continue
        seen = {target}
        frontier = [target]
        for _ in range(hops):
            ahead = []
            for person in frontier:
                for other in graph.neighbours(person):
                    if other in seen or other in blocked:
                        continue
                    if other in near:
                        found.add(target)
                        break
                    seen.add(other)
                    ahead.append(other)
                if target in found:
                    break
            if target in found or not ahead:
                break
            frontier = ahead
    return found


def _in_sorted(values: Ints, ascending: Ints) -> npt.NDArray[np.bool_]:
    """`np.isin(values, ascending)` for an ascending `ascending`, by one binary
    search each (np.isin sorts both sides again)."""
    if not len(ascending):
        return np.zeros(len(values), dtype=bool)
    i = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    hit: npt.NDArray[np.bool_] = ascending[i] == values
    return hit


def _within(graph: SocialGraph, starts: Ints, hops: int, avoid: Ints) -> Ints:
    """Everyone within `hops` ties of `starts` (ascending), passing nobody in `avoid`."""
    seen = np.unique(starts)
    frontier = seen
    for _ in range(hops):
        _, dst, _ = graph.gather(frontier)
        new = np.setdiff1d(np.unique(dst), seen, assume_unique=True)
        if len(avoid):
            new = np.setdiff1d(new, avoid, assume_unique=True)
        if not len(new):
            break
        seen = np.union1d(seen, new)
        frontier = new
    return seen


def tree_paths(tree: IntTree, targets: Iterable[int]) -> dict[int, RawPath]:
    """`tree.path_to` for many rows at once: the paths to those of `targets` it
    reaches (`IntTree.paths_to`), the start's first."""
    wanted = np.unique(np.fromiter(targets, dtype=np.int64))
    found = tree.paths_to(wanted)
    start = tree._side.start
    if start not in found:
        return found
    return {start: found.pop(start), **found}
