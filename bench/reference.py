"""Plain pure-Python references for the path benchmark: nothing clever, easy to trust.

`adj` maps a node to its (neighbour, strength) pairs, strengths in (0, 1]; ties are
undirected, so each one is listed at both ends (the backward searches walk `adj` too).

reference_strongest  meet in the middle: a layered Bellman-Ford over -log(strength) from
                     the source for ceil(max_hops / 2) hops and from the target for
                     floor(max_hops / 2), joined where the total is least.
reference_shortest   bidirectional breadth-first search, the smaller frontier first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise

__all__ = ["Adjacency", "reference_shortest", "reference_strongest"]

Adjacency = Mapping[int, Sequence[tuple[int, float]]]


def _layers(
    adj: Adjacency, source: int, hops: int
) -> tuple[dict[int, float], list[dict[int, int]]]:
    """Least -log strength within `hops` ties of `source`, and per layer d the nodes whose
    best improved at d, each with its predecessor (whose best within d - 1 hops it extends)."""
    best, frontier = {source: 0.0}, {source: 0.0}
    layers: list[dict[int, int]] = [{}]
    for _ in range(hops):
        improved: dict[int, float] = {}
        parent: dict[int, int] = {}
        for u, weight in frontier.items():  # the others were relaxed one layer earlier
            for v, strength in adj.get(u, ()):
                w = weight - math.log(strength)
                if w < improved.get(v, best.get(v, math.inf)):
                    improved[v], parent[v] = w, u
        best.update(improved)  # only now: this layer reads the previous layer's values
        layers.append(parent)
        frontier = improved
    return best, layers


def _walk(layers: list[dict[int, int]], node: int) -> list[int]:
    """The best walk to `node` within len(layers) - 1 hops, from the source."""
    walk = [node]
    for d in range(len(layers) - 1, 0, -1):
        if node in layers[d]:  # its best within d hops was set at layer d
            node = layers[d][node]
            walk.append(node)
    return walk[::-1]


def _loop_erased(walk: list[int]) -> list[int]:
    """Cut out revisits (only zero-weight ties, strength 1.0, can make a best walk repeat)."""
    path: list[int] = []
    at: dict[int, int] = {}
    for v in walk:
        if v in at:
            for gone in path[at[v] + 1 :]:
                del at[gone]
            del path[at[v] + 1 :]
        else:
            at[v] = len(path)
            path.append(v)
    return path


def reference_strongest(
    adj: Adjacency, source: int, target: int, max_hops: int = 4
) -> tuple[float, list[int]] | None:
    """The strongest simple path of at most `max_hops` ties: (product of strengths, nodes)."""
    if source == target:
        return 1.0, [source]
    ahead, ahead_layers = _layers(adj, source, (max_hops + 1) // 2)
    behind, behind_layers = _layers(adj, target, max_hops // 2)
    meet = min(ahead.keys() & behind.keys(), key=lambda m: ahead[m] + behind[m], default=None)
    if meet is None:
        return None
    walk = _walk(ahead_layers, meet) + _walk(behind_layers, meet)[::-1][1:]
    nodes = _loop_erased(walk)  # as strong: every cut cycle weighs 0
    strength = math.prod(max(s for v, s in adj[a] if v == b) for a, b in pairwise(nodes))
    return strength, nodes


def reference_shortest(
    adj: Adjacency, source: int, target: int, max_hops: int = 4
) -> list[int] | None:
    """A fewest-ties path of at most `max_hops` ties (any of them), or None."""
    if source == target:
        return [source]
    parents: list[dict[int, int]] = [{source: source}, {target: target}]
    frontiers: list[list[int]] = [[source], [target]]
    for _ in range(max_hops):  # each round adds a layer to one side: one hop more in all
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = parents[side], parents[1 - side]
        grown: list[int] = []
        for u in frontiers[side]:
            for v, _strength in adj.get(u, ()):
                if v in mine:
                    continue
                mine[v] = u
                if v in theirs:  # the first meeting in a full layer is a shortest one
                    return _chain(parents[0], v)[::-1] + _chain(parents[1], v)[1:]
                grown.append(v)
        if not grown:
            return None
        frontiers[side] = grown
    return None


def _chain(parent: dict[int, int], node: int) -> list[int]:
    """From `node` back to the root of its search (the node that is its own parent)."""
    chain = [node]
    while parent[node] != node:
        node = parent[node]
        chain.append(node)
    return chain
