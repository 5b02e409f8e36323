"""The fewest-hops search of array_search.py in plain Python over the index's rows:
the same answer (the strongest of the paths of fewest ties, ties by ids), found
with about the work of a plain bidirectional breadth-first search.

A fewest-hops search has two parts of very different size. Finding how many hops
the answer has is a breadth-first search that touches whole balls around both
ends; which path of that length is strongest concerns only the few people on
such paths. So:

1. Breadth first from both ends, the frontier of fewer ties first, each side
   keeping only its layers (sets of people). A new layer is the frontier's
   neighbours less the frontier and the layer before it (a tie never skips a
   layer). The layer in which the sides meet is finished: any path of that
   length may be the strongest. A layer that ends the hop budget only looks for
   the ties between the two frontiers, from whichever has fewer.
2. Back from the meetings, each side's people on the fewest-hops paths: those
   one layer shallower tied to one already taken. Every tie into a person on
   such a path comes from one, so the labels of the layered search
   (array_search's `_expand` in `shortest`) come out the same from these people
   alone, under the same rules for near-equal weights and the same tie-breaks:
   the forward side by the offering path from the source in id order, the
   backward side by the offering person's id; the joins as array_search's
   `_meet` picks them.

The sides meet only in the other's last layer: a person of an earlier layer
tied to this frontier would have put the frontier in the other side's reach, and
the sides would have met already. That needs both starts open to the other side,
so a search with a blocked end is left to array_search's layers.

No array is sliced per person: rows are read through memoryviews of the index's
arrays (or the overlay) and go through set operations, which loop in C; nothing
the size of the graph is touched, so a small search costs what it touches.
"""

from __future__ import annotations

import math
import sys
import weakref
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from graph_mtl.domain.deadline import check_time
from graph_mtl.domain.pathfinding import TOLERANCE, Mode, RawPath, least_costs, without_cycles
from graph_mtl.stores.social_index import SocialGraph

__all__ = ["fewest_hops_path"]


def _bytes(array: npt.NDArray[Any], dtype: type[np.generic]) -> memoryview:
    """`array`'s bytes as `dtype` items (a copy only if it is not already contiguous
    and native), to be cast to their format."""
    return np.ascontiguousarray(array, dtype=dtype).data.cast("B")


_Span = tuple[Sequence[int], Sequence[float], int, int]  # neighbours, strengths, from, to


class _Rows:
    """The graph's rows, read one person at a time without numpy."""

    __slots__ = ("neighbours", "nodes", "offsets", "overlay", "rank", "strengths")

    def __init__(self, graph: SocialGraph) -> None:
        base = graph.base
        self.offsets = _bytes(base.offsets, np.int64).cast("q")
        self.neighbours = _bytes(base.neighbours, np.int32).cast("i")
        self.strengths = _bytes(base.strengths, np.float64).cast("d")
        self.nodes = base.nodes
        self.overlay = graph.overlay
        self.rank = None if graph.rank is None else _bytes(graph.rank, np.int64).cast("q")

    def span(self, n: int) -> _Span:
        """Where the person's row is: its neighbours (ascending) are
        `neighbours[start:end]`, their ties' strengths `strengths[start:end]`."""
        if self.overlay and n in self.overlay:
            neighbours, strengths = self.overlay[n]
            return neighbours, strengths, 0, len(neighbours)
        if not 0 <= n < self.nodes:
            return (), (), 0, 0
        return self.neighbours, self.strengths, self.offsets[n], self.offsets[n + 1]

    def neighbours_of(self, n: int) -> Sequence[int]:
        if self.overlay and n in self.overlay:
            return self.overlay[n][0]
        if not 0 <= n < self.nodes:
            return ()
        return self.neighbours[self.offsets[n] : self.offsets[n + 1]]

    def ties(self, people: Iterable[int], past: int) -> int:
        """How many ties `people` have in all, or the count so far once it passes
        `past`."""
        total = 0
        if self.overlay:
            for n in people:
                total += len(self.neighbours_of(n))
                if total > past:
                    break
            return total
        offsets, nodes = self.offsets, self.nodes
        for n in people:
            if n < nodes:
                total += offsets[n + 1] - offsets[n]
                if total > past:
                    break
        return total

    def place(self, n: int) -> int:
        """The person's place in id order."""
        return n if self.rank is None else self.rank[n]


_ROWS: weakref.WeakKeyDictionary[SocialGraph, _Rows] = weakref.WeakKeyDictionary()
"""Each graph's views, made once (a graph never changes)."""

_Layers = list[set[int]]


def fewest_hops_path(
    graph: SocialGraph,
    source: int,
    target: int,
    *,
    max_hops: int,
    blocked: Collection[int] = frozenset(),
    banned: Collection[frozenset[int]] = frozenset(),
) -> RawPath | None:
    """As array_search.best_path in `Mode.SHORTEST`, for ends apart and not blocked."""
    rows = _ROWS.get(graph)
    if rows is None:
        rows = _ROWS[graph] = _Rows(graph)
    cuts: dict[int, set[int]] = {}
    for pair in banned:
        a, b = tuple(pair)
        cuts.setdefault(a, set()).add(b)
        cuts.setdefault(b, set()).add(a)
    closed = set(blocked)
    sides: tuple[_Layers, _Layers] = ([{source}], [{target}])
    counts: dict[tuple[int, int], int] = {}
    while len(sides[0]) + len(sides[1]) - 2 < max_hops:
        check_time()
        x = _smaller(rows, sides, counts)
        mine, theirs = sides[x], sides[1 - x]
        if len(mine) + len(theirs) - 1 == max_hops:  # the last layer
            offers = _last(rows, mine[-1], theirs[-1], cuts)
            return _answer(rows, sides, x, set(offers), offers, cuts) if offers else None
        grown = _grow(rows, mine, closed, cuts)
        met = grown & theirs[-1]
        if met:
            return _answer(rows, sides, x, met, None, cuts)
        if not grown:
            return None  # this side's reach is whole, and the other's start not in it
        mine.append(grown)
    return None


def _smaller(
    rows: _Rows, sides: tuple[_Layers, _Layers], counts: dict[tuple[int, int], int]
) -> int:
    """The side whose frontier has fewer ties, forward when even. The frontier of
    fewer people is counted first, the other only as far as it takes to pass it."""
    few = 0 if len(sides[0][-1]) <= len(sides[1][-1]) else 1
    ties = _count(counts, rows, sides[few], few, None)
    other = _count(counts, rows, sides[1 - few], 1 - few, ties)
    if ties == other:
        return 0
    return few if ties < other else 1 - few


def _count(
    counts: dict[tuple[int, int], int], rows: _Rows, side: _Layers, which: int, past: int | None
) -> int:
    """How many ties the side's frontier has (counted once), or a number above
    `past` if more."""
    key = (which, len(side))
    found = counts.get(key)
    if found is None:
        found = rows.ties(side[-1], sys.maxsize if past is None else past)
        if past is None:
            counts[key] = found
    return found


def _grow(rows: _Rows, side: _Layers, closed: set[int], cuts: dict[int, set[int]]) -> set[int]:
    """The side's next layer: its frontier's neighbours less the frontier, the layer
    before and the blocked."""
    grown: set[int] = set()
    if rows.overlay or cuts:
        neighbours_of = rows.neighbours_of
        for u in side[-1]:
            cut = cuts.get(u, ()) if cuts else ()
            grown.update([v for v in neighbours_of(u) if v not in cut] if cut else neighbours_of(u))
    else:  # the plain case, inlined: a frontier is mostly many short rows
        offsets, neighbours, nodes, add = rows.offsets, rows.neighbours, rows.nodes, grown.update
        for u in side[-1]:
            if u < nodes:
                add(neighbours[offsets[u] : offsets[u + 1]])
    grown.difference_update(side[-1], side[-2] if len(side) > 1 else (), closed)
    return grown


_Offers = dict[int, list[int]]  # a person's neighbours one layer shallower (that side's)


def _last(rows: _Rows, frontier: set[int], other: set[int], cuts: dict[int, set[int]]) -> _Offers:
    """The meetings of a side's last layer, the people of the other side's frontier
    tied to its frontier, each with the people of its frontier it is tied to."""
    offers: _Offers = {}
    few = _SCAN * len(other)
    for u in frontier:
        neighbours, _, start, end = rows.span(u)
        if end - start <= few:
            found: Iterable[int] = other.intersection(neighbours[start:end])
        else:  # a long row: look the other frontier's people up in it instead
            found = [v for v in other if _has(neighbours, v, start, end)]
        for v in found:
            if not (cuts and v in cuts.get(u, ())):
                offers.setdefault(v, []).append(u)
    return offers


def _has(neighbours: Sequence[int], v: int, start: int, end: int) -> bool:
    i = bisect_left(neighbours, v, start, end)
    return i < end and neighbours[i] == v


_Label = tuple[float, int, float]  # weight, the parent, the strength of the tie to it


def _near(rows: _Rows, n: int, layer: set[int], cut: set[int] | None) -> list[tuple[int, float]]:
    """The people of `layer` tied to `n`, with those ties' strengths."""
    neighbours, strengths, start, end = rows.span(n)
    if end - start <= _SCAN * len(layer):
        found: Iterable[int] = layer.intersection(neighbours[start:end])
    else:  # a long row: look the layer's people up in it instead
        found = layer
    near = []
    for m in found:
        i = bisect_left(neighbours, m, start, end)
        if i < end and neighbours[i] == m and not (cut and m in cut):
            near.append((m, strengths[i]))
    return near


_SCAN = 8
"""A row is read whole (in C) when it is at most _SCAN times as long as the layer
it is searched for; otherwise each of the layer's people is looked up in it."""


class _Labels:
    """A side's labels, as its layered search gives them, found only for the people
    asked about and those on their fewest-hops paths from the side's start (their
    only offers come from those), each once."""

    def __init__(
        self, rows: _Rows, side: _Layers, towards_start: bool, cuts: dict[int, set[int]]
    ) -> None:
        self.rows, self.side, self.towards_start, self.cuts = rows, side, towards_start, cuts
        self.start = start = next(iter(side[0]))
        self.first = rows.span(start)  # the start's row: the offers to its layer 1
        self.weights = {start: 0.0}
        self.labels: dict[int, _Label] = {}
        self.key: Callable[[int], Any] = rows.place if towards_start else self.path

    def path(self, n: int) -> list[int]:
        """The label's path from the start to `n`, as places in id order."""
        places = []
        while n in self.labels:
            places.append(self.rows.place(n))
            n = self.labels[n][1]
        return places[::-1]

    def weight(self, n: int, depth: int, near: list[tuple[int, float]] | None = None) -> float:
        """The weight of the label of `n`, reached at `depth` (through `near`: the
        people one layer shallower tied to it, with the strengths; None: to be
        found in the side's layer)."""
        found = self.weights.get(n)
        if found is not None:
            return found
        if depth == 1 and near is None:  # the start's offer alone: one look-up in its row
            neighbours, strengths, start, end = self.first
            strength = strengths[bisect_left(neighbours, n, start, end)]
            label = (0.0 - math.log(strength), self.start, strength)
            self.labels[n] = label
            self.weights[n] = label[0]
            return label[0]
        if near is None:
            cut = self.cuts.get(n) if self.cuts else None
            near = _near(self.rows, n, self.side[depth - 1], cut)
        weight = self.weight
        offers = [(weight(m, depth - 1) - math.log(s), m, s) for m, s in near]
        label = offers[0] if len(offers) == 1 else _pick(offers, self.key)
        self.labels[n] = label
        self.weights[n] = label[0]
        return label[0]


def _pick(offers: list[_Label], key: Callable[[int], Any]) -> _Label:
    """Of a person's offers, the least weight, or among those within TOLERANCE of
    it the one whose parent has the least key."""
    least = min(o[0] for o in offers)
    tied = [o for o in offers if o[0] - least <= TOLERANCE * o[0]]
    if len(tied) == 1:
        return tied[0]
    return min(tied, key=lambda o: key(o[1]))


def _answer(
    rows: _Rows,
    sides: tuple[_Layers, _Layers],
    x: int,
    met: set[int],
    offers: _Offers | None,
    cuts: dict[int, set[int]],
) -> RawPath:
    """The path of the best join at the people of `met` (in the frontier of side
    `1 - x`, reached now by side `x`: from the people `offers` gives when given),
    as array_search's `_meet` picks it."""
    mine, theirs = _Labels(rows, sides[x], x == 1, cuts), _Labels(rows, sides[1 - x], x == 0, cuts)
    depth = len(sides[x])
    ahead = {}
    for v in met:
        near = None
        if offers is not None:
            neighbours, strengths, start, end = rows.span(v)
            near = [(u, strengths[bisect_left(neighbours, u, start, end)]) for u in offers[v]]
        ahead[v] = mine.weight(v, depth, near)
    # The other half of a join weighs at least 0: the joins go cheapest half first
    # until this half alone is dearer, beyond TOLERANCE, than the best join seen.
    joins, costs = [], []
    best = math.inf
    for v in sorted(met, key=ahead.__getitem__):
        if ahead[v] * (1 - TOLERANCE) > best:
            break
        behind = theirs.weight(v, len(sides[1 - x]) - 1)
        total = ahead[v] + behind if x == 0 else behind + ahead[v]
        best = min(best, total)
        joins.append(v)
        costs.append((total, 0))
    forward, backward = (mine, theirs) if x == 0 else (theirs, mine)
    tied = least_costs(Mode.SHORTEST, costs)
    node = joins[tied[0]] if len(tied) == 1 else min((joins[i] for i in tied), key=forward.path)
    head, head_strengths = _chain(forward.labels, node)
    tail, tail_strengths = _chain(backward.labels, node)
    return without_cycles(head[::-1] + tail[1:], head_strengths[::-1] + tail_strengths)


def _chain(labels: dict[int, _Label], node: int) -> tuple[list[int], list[float]]:
    """From `node` back along its labels to the side's start."""
    nodes, strengths = [node], []
    while node in labels:
        _, node, strength = labels[node]
        nodes.append(node)
        strengths.append(strength)
    return nodes, strengths
