"""bench/reference.py against brute force: every simple path of small random graphs."""

from __future__ import annotations

import math
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.reference import Adjacency, _loop_erased, reference_shortest, reference_strongest

FEW = st.sampled_from([0.1, 0.25, 0.5, 0.8, 1.0])
ANY = st.floats(min_value=0.0, max_value=1.0, exclude_min=True)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[int, list[tuple[int, float]]], list[int]]:
    """An undirected graph of 2-9 nodes with scattered ids; isolated nodes may be absent."""
    n = draw(st.integers(2, 9))
    ids = draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n, unique=True))
    density = draw(st.sampled_from([0.2, 0.4, 0.7, 1.0]))
    strengths = draw(st.sampled_from([FEW, ANY]))
    adj: dict[int, list[tuple[int, float]]] = {}
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.floats(0, 1)) < density:
                s = draw(strengths)
                adj.setdefault(ids[i], []).append((ids[j], s))
                adj.setdefault(ids[j], []).append((ids[i], s))
    return adj, ids


def simple_paths(adj: Adjacency, source: int, target: int, max_hops: int) -> list[list[int]]:
    found: list[list[int]] = []

    def extend(path: list[int]) -> None:
        if path[-1] == target:
            found.append(path)
            return
        if len(path) - 1 < max_hops:
            for v, _s in adj.get(path[-1], ()):
                if v not in path:
                    extend([*path, v])

    extend([source])
    return found


def strength_of(adj: Adjacency, path: list[int]) -> float:
    return math.prod(dict(adj[a])[b] for a, b in pairwise(path))


def assert_real_simple(adj: Adjacency, path: list[int], s: int, t: int, max_hops: int) -> None:
    assert path[0] == s
    assert path[-1] == t
    assert len(set(path)) == len(path)
    assert len(path) - 1 <= max_hops
    for a, b in pairwise(path):
        assert b in dict(adj.get(a, ()))


ends = st.tuples(st.integers(0, 8), st.integers(0, 8))
hops = st.one_of(st.none(), st.integers(0, 6))


@settings(max_examples=400, deadline=None)
@given(graphs(), ends, hops)
def test_strongest_is_the_best_simple_path(
    graph: tuple[dict[int, list[tuple[int, float]]], list[int]],
    pick: tuple[int, int],
    max_hops: int | None,
) -> None:
    adj, ids = graph
    s, t = ids[pick[0] % len(ids)], ids[pick[1] % len(ids)]
    limit = 4 if max_hops is None else max_hops
    got = (
        reference_strongest(adj, s, t)
        if max_hops is None
        else reference_strongest(adj, s, t, max_hops)
    )
    paths = simple_paths(adj, s, t, limit)
    if not paths:
        assert got is None
        return
    assert got is not None
    strength, path = got
    assert_real_simple(adj, path, s, t, limit)
    best = max(strength_of(adj, p) for p in paths)
    assert math.isclose(strength, best, rel_tol=1e-9)
    assert math.isclose(strength_of(adj, path), strength, rel_tol=1e-12)


@settings(max_examples=400, deadline=None)
@given(graphs(), ends, hops)
def test_shortest_has_the_fewest_hops(
    graph: tuple[dict[int, list[tuple[int, float]]], list[int]],
    pick: tuple[int, int],
    max_hops: int | None,
) -> None:
    adj, ids = graph
    s, t = ids[pick[0] % len(ids)], ids[pick[1] % len(ids)]
    limit = 4 if max_hops is None else max_hops
    got = (
        reference_shortest(adj, s, t)
        if max_hops is None
        else reference_shortest(adj, s, t, max_hops)
    )
    paths = simple_paths(adj, s, t, limit)
    if not paths:
        assert got is None
        return
    assert got is not None
    assert_real_simple(adj, got, s, t, limit)
    assert len(got) == min(len(p) for p in paths)


def test_zero_weight_ties_still_give_a_simple_path() -> None:
    # Every tie at full strength: the two halves of the best walk may share a node.
    adj: dict[int, list[tuple[int, float]]] = {0: [], 1: [], 2: [], 3: []}
    for a, b in [(0, 1), (1, 2), (1, 3), (2, 3)]:
        adj[a].append((b, 1.0))
        adj[b].append((a, 1.0))
    got = reference_strongest(adj, 0, 3)
    assert got is not None
    assert got[0] == 1.0
    assert_real_simple(adj, got[1], 0, 3, 4)
    assert _loop_erased([0, 1, 2, 1, 3]) == [0, 1, 3]
    assert _loop_erased([0, 1, 2, 3, 1, 4, 2, 5]) == [0, 1, 4, 2, 5]


def test_the_hop_limit_is_kept() -> None:
    # The strong way round takes 5 ties; within 4 only the weak direct tie is left.
    chain = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    adj: dict[int, list[tuple[int, float]]] = {v: [] for v in range(6)}
    for a, b in chain:
        adj[a].append((b, 0.9))
        adj[b].append((a, 0.9))
    adj[0].append((5, 0.1))
    adj[5].append((0, 0.1))
    five = reference_strongest(adj, 0, 5, 5)
    assert five is not None
    assert math.isclose(five[0], 0.9**5, rel_tol=1e-12)
    assert five[1] == [0, 1, 2, 3, 4, 5]
    assert reference_strongest(adj, 0, 5) == (0.1, [0, 5])
    assert reference_shortest(adj, 0, 5) == [0, 5]
    del adj[0][-1], adj[5][-1]
    assert reference_strongest(adj, 0, 5) is None
    assert reference_shortest(adj, 0, 5) is None
    assert reference_shortest(adj, 0, 5, 5) == [0, 1, 2, 3, 4, 5]
