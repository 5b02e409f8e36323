"""Hop-bounded best paths and Yen's k best paths, checked against brute force.

The brute force below is independent of the module: it enumerates every simple
path by depth-first search and ranks them with exact rational products of the
tie strengths, so equal products really are equal (the module works with
floating-point -log weights, where a tie can come out an ulp apart).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from fractions import Fraction
from itertools import combinations, pairwise

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.pathfinding import (
    Mode,
    NeighbourCache,
    RawPath,
    best_path,
    k_best_paths,
    path_weight,
    paths_from,
)
from graph_mtl.stores.sqlite_store import SqliteStore

Edges = dict[tuple[str, str], float]
Fetch = Callable[[Collection[str]], dict[str, list[tuple[str, float]]]]

DISCRETE = (0.1, 0.25, 0.5, 0.8, 1.0)
HALVES = (0.5, 0.25)
REL_TOL = Fraction(1, 10**9)


# -- helpers ---------------------------------------------------------------------


def adjacency(edges: Edges) -> dict[str, dict[str, float]]:
    adj: dict[str, dict[str, float]] = {}
    for (a, b), strength in edges.items():
        adj.setdefault(a, {})[b] = strength
        adj.setdefault(b, {})[a] = strength
    return adj


def fetcher(edges: Edges) -> Fetch:
    adj = adjacency(edges)

    def fetch(ids: Collection[str]) -> dict[str, list[tuple[str, float]]]:
        return {i: list(adj[i].items()) for i in ids if i in adj}

    return fetch


def cache_for(edges: Edges) -> NeighbourCache:
    return NeighbourCache(fetcher(edges))


def chain(*nodes: str, strength: float = 0.5) -> Edges:
    return {(a, b): strength for a, b in pairwise(nodes)}


def brute_paths(
    edges: Edges, source: str, target: str, max_hops: int, blocked: Collection[str]
) -> list[tuple[str, ...]]:
    """Every simple path from source to target of at most max_hops ties, by DFS."""
    adj = adjacency(edges)
    found: list[tuple[str, ...]] = []
    stack = [source]

    def walk() -> None:
        here = stack[-1]
        if here == target:
            found.append(tuple(stack))
            return
        if len(stack) - 1 == max_hops:
            return
        for nxt in sorted(adj.get(here, {})):
            if nxt in blocked or nxt in stack:
                continue
            stack.append(nxt)
            walk()
            stack.pop()

    walk()
    return found


def exact_product(edges: Edges, nodes: Sequence[str]) -> Fraction:
    adj = adjacency(edges)
    product = Fraction(1)
    for a, b in pairwise(nodes):
        product *= Fraction(adj[a][b])
    return product


Cost = tuple[Fraction, int]  # (exact product of strengths, hops)


def rank(mode: Mode, cost: Cost) -> tuple[Fraction | int, ...]:
    product, hops = cost
    return (-product, hops) if mode is Mode.STRONGEST else (hops, -product)


def close(a: Fraction, b: Fraction) -> bool:
    return abs(a - b) <= REL_TOL * max(a, b)


def same_cost(mode: Mode, got: Cost, want: Cost) -> bool:
    """Equal costs, with a relative tolerance on products.

    Products that are exactly equal are a real tie, broken by hops in `strongest`.
    Products a hair apart (within the tolerance, not equal) may come back in
    either order, whatever their hops, since -log weights cannot tell them apart.
    """
    (got_p, got_h), (want_p, want_h) = got, want
    if mode is Mode.SHORTEST or got_p == want_p:
        return got_h == want_h and close(got_p, want_p)
    return close(got_p, want_p)


def better_cost(mode: Mode, a: Cost, b: Cost) -> bool:
    """Whether `a` must rank before `b`: its product is clearly larger (or, in `shortest`,
    it has fewer hops, or as many and a clearly larger product), or the products are
    exactly equal and it has fewer hops. Products a hair apart decide nothing (see
    `same_cost`)."""
    (a_p, a_h), (b_p, b_h) = a, b
    clearly = a_p > b_p and not close(a_p, b_p)
    if mode is Mode.SHORTEST:
        return a_h < b_h or (a_h == b_h and clearly)
    return clearly or (a_p == b_p and a_h < b_h)


def check_valid(
    edges: Edges,
    path: RawPath,
    source: str,
    target: str,
    max_hops: int,
    blocked: Collection[str],
) -> None:
    adj = adjacency(edges)
    assert path.nodes[0] == source
    assert path.nodes[-1] == target
    assert len(set(path.nodes)) == len(path.nodes), f"not simple: {path.nodes}"
    assert path.hops == len(path.nodes) - 1 <= max_hops
    assert not set(path.nodes) & set(blocked)
    for (a, b), strength in zip(pairwise(path.nodes), path.strengths, strict=True):
        assert b in adj.get(a, {}), f"no tie {a}-{b}"
        assert strength == adj[a][b]


def check_against_brute_force(
    edges: Edges,
    source: str,
    target: str,
    *,
    k: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[str],
) -> None:
    got = k_best_paths(
        cache_for(edges), source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
    )
    every = check_ranked(
        edges, source, target, got, k=k, max_hops=max_hops, mode=mode, blocked=blocked
    )
    want = sorted(
        ((exact_product(edges, p), len(p) - 1) for p in every), key=lambda c: rank(mode, c)
    )
    # best_path is the first of them
    best = best_path(
        cache_for(edges), source, target, max_hops=max_hops, mode=mode, blocked=blocked
    )
    if not every:
        assert best is None
    else:
        assert best is not None
        check_valid(edges, best, source, target, max_hops, blocked)
        assert same_cost(mode, (exact_product(edges, best.nodes), best.hops), want[0])


def check_ranked(
    edges: Edges,
    source: str,
    target: str,
    got: Sequence[RawPath],
    *,
    k: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[str],
) -> list[tuple[str, ...]]:
    """`got` are the k best paths, as brute force ranks every simple path (returned)."""
    every = brute_paths(edges, source, target, max_hops, blocked)
    # (a) as many as there are, up to k
    assert len(got) == min(k, len(every))
    # (b) real, simple, within the limits, all different
    for path in got:
        check_valid(edges, path, source, target, max_hops, blocked)
    assert len({p.nodes for p in got}) == len(got)
    # (c) the k cheapest costs, in order: no path left out is better than one given,
    # and none given is better than one before it
    got_costs = [(exact_product(edges, p.nodes), p.hops) for p in got]
    given = {p.nodes for p in got}
    left_out = [(exact_product(edges, p), len(p) - 1) for p in every if p not in given]
    for i, g in enumerate(got_costs):
        better = [c for c in left_out if better_cost(mode, c, g)]
        assert not better, f"#{i}: got {g}, left out {better[0]}; all got {got_costs}"
        assert not any(better_cost(mode, g, e) for e in got_costs[:i]), (
            f"#{i} out of order: {got_costs}"
        )
    # (d) the very paths: equal costs in the order of their ids, from the source
    if unambiguous(edges, every):
        ordered = sorted(
            every, key=lambda p: (rank(mode, (exact_product(edges, p), len(p) - 1)), p)
        )
        assert [p.nodes for p in got] == ordered[: len(got)]
    return every


def unambiguous(edges: Edges, paths: Sequence[tuple[str, ...]]) -> bool:
    """Whether the products of `paths` are each exactly equal or clearly apart: two
    products a hair apart are one cost to the searches (-log weights cannot tell
    them apart), so which of their paths comes first is not for brute force to say."""
    products = sorted({exact_product(edges, p) for p in paths})
    return not any(close(a, b) for a, b in pairwise(products))


# -- strategies --------------------------------------------------------------------

strengths = st.one_of(
    st.sampled_from(DISCRETE),
    st.floats(min_value=0.0, max_value=1.0, exclude_min=True, allow_nan=False),
)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[str], Edges]:
    n = draw(st.integers(min_value=2, max_value=9))
    nodes = [f"n{i}" for i in range(n)]
    pairs = list(combinations(nodes, 2))
    # each pair is a tie with probability (4 - sparsity) / 4, so graphs run from
    # sparse to complete and often hold more than k paths
    sparsity = draw(st.integers(min_value=0, max_value=3))
    chosen = [p for p in pairs if draw(st.integers(min_value=0, max_value=3)) >= sparsity]
    kind = draw(st.sampled_from(["discrete", "halves", "any"]))
    pick = {
        "discrete": st.sampled_from(DISCRETE),
        "halves": st.sampled_from(HALVES),  # ties at every turn
        "any": strengths,
    }[kind]
    return nodes, {pair: draw(pick) for pair in chosen}


@st.composite
def queries(
    draw: st.DrawFn,
) -> tuple[Edges, str, str, int, int, frozenset[str]]:
    nodes, edges = draw(graphs())
    source = draw(st.sampled_from(nodes))
    target = draw(st.sampled_from([n for n in nodes if n != source]))
    others = [n for n in nodes if n not in (source, target)]
    blocked = (
        frozenset(draw(st.lists(st.sampled_from(others), unique=True))) if others else frozenset()
    )
    max_hops = draw(st.integers(min_value=1, max_value=5))
    k = draw(st.integers(min_value=1, max_value=5))
    return edges, source, target, max_hops, k, blocked


@st.composite
def tied_routes(draw: st.DrawFn) -> Edges:
    """Parallel routes from s to t with exactly the same product of strengths but
    different hop counts and orders: full-strength ties inserted, 0.25 split
    into 0.5 * 0.5, the ties shuffled; sometimes a few chords between routes."""
    base = draw(st.lists(st.sampled_from((0.1, 0.25, 0.8, 0.5)), min_size=1, max_size=3))
    routes: list[list[float]] = []
    spare = 7  # internal nodes left, so that the graph has at most 9 people
    for _ in range(draw(st.integers(min_value=2, max_value=3))):
        route: list[float] = []
        for strength in base:
            if strength == 0.25 and draw(st.booleans()):
                route += [0.5, 0.5]
            else:
                route.append(strength)
        route += [1.0] * draw(st.integers(min_value=0, max_value=2))
        route = list(draw(st.permutations(route)))
        if len(route) - 1 > spare:
            break
        spare -= len(route) - 1
        routes.append(route)
    edges: Edges = {}
    inner: list[str] = []
    for r, route in enumerate(routes):
        nodes = ["s", *(f"r{r}x{i}" for i in range(len(route) - 1)), "t"]
        inner += nodes[1:-1]
        edges.update(
            {pair: strength for pair, strength in zip(pairwise(nodes), route, strict=True)}
        )
    if len(inner) >= 2:
        for a, b in draw(st.lists(st.sampled_from(list(combinations(inner, 2))), max_size=3)):
            edges[(a, b)] = draw(st.sampled_from(DISCRETE))
    return edges


@st.composite
def layered(draw: st.DrawFn) -> Edges:
    """s, then two to four layers of one to three people, then t; ties between
    consecutive layers, all of one strength, and a few chords: many routes of equal
    strength, the people's ids in no relation to their layers."""
    names = iter(draw(st.permutations("abcdefghijkl")))
    layers = [["s"]]
    for size in draw(st.lists(st.integers(1, 3), min_size=2, max_size=4)):
        layers.append([next(names) for _ in range(size)])
    layers.append(["t"])
    strength = draw(st.sampled_from(HALVES))
    edges: Edges = {}
    for here, there in pairwise(layers):
        for a in here:
            for b in there:
                if len(here) == 1 or len(there) == 1 or draw(st.booleans()):
                    edges[(a, b)] = strength
    inner = [n for layer in layers[1:-1] for n in layer]
    for a, b in draw(st.lists(st.sampled_from(list(combinations(inner, 2))), max_size=2)):
        edges.setdefault((a, b), draw(st.sampled_from(HALVES)))
    return edges


# -- properties --------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries(), st.sampled_from(list(Mode)))
def test_k_best_paths_match_brute_force(
    query: tuple[Edges, str, str, int, int, frozenset[str]], mode: Mode
) -> None:
    edges, source, target, max_hops, k, blocked = query
    check_against_brute_force(
        edges, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
    )


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(
    tied_routes(),
    st.integers(min_value=2, max_value=5),
    st.integers(min_value=1, max_value=5),
    st.sampled_from(list(Mode)),
)
def test_equal_strength_routes_rank_by_hops(
    edges: Edges, max_hops: int, k: int, mode: Mode
) -> None:
    check_against_brute_force(edges, "s", "t", k=k, max_hops=max_hops, mode=mode, blocked=())


@settings(max_examples=400, deadline=None)
@given(
    layered(),
    st.integers(min_value=2, max_value=6),
    st.integers(min_value=1, max_value=4),
    st.sampled_from(list(Mode)),
    st.booleans(),
)
def test_equal_routes_go_by_ids(
    edges: Edges, max_hops: int, k: int, mode: Mode, backwards: bool
) -> None:
    source, target = ("t", "s") if backwards else ("s", "t")
    check_against_brute_force(edges, source, target, k=k, max_hops=max_hops, mode=mode, blocked=())


@settings(max_examples=200, deadline=None)
@given(graphs(), st.data())
def test_unbounded_best_path_agrees_with_networkx(
    graph: tuple[list[str], Edges], data: st.DataObject
) -> None:
    nodes, edges = graph
    source = data.draw(st.sampled_from(nodes))
    target = data.draw(st.sampled_from([n for n in nodes if n != source]))
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for (a, b), strength in edges.items():
        g.add_edge(a, b, w=-math.log(strength))
    unbounded = len(nodes)
    strongest = best_path(cache_for(edges), source, target, max_hops=unbounded)
    shortest = best_path(cache_for(edges), source, target, max_hops=unbounded, mode=Mode.SHORTEST)
    if not nx.has_path(g, source, target):
        assert strongest is None
        assert shortest is None
        return
    assert strongest is not None
    assert shortest is not None
    reference = nx.dijkstra_path_length(g, source, target, weight="w")
    assert math.isclose(strongest.weight, reference, rel_tol=1e-9, abs_tol=1e-12)
    assert shortest.hops == nx.shortest_path_length(g, source, target)


@settings(max_examples=300, deadline=None)
@given(graphs(), st.integers(1, 6), st.sampled_from(list(Mode)), st.data())
def test_trees_give_the_best_path_to_each_person(
    graph: tuple[list[str], Edges], max_hops: int, mode: Mode, data: st.DataObject
) -> None:
    """`paths_from(s).path_to(t)` is `k_best_paths(s, t, k=1)[0]`, path for path, and
    the first path of brute force's order."""
    nodes, edges = graph
    source = data.draw(st.sampled_from(nodes))
    tree = paths_from(fetcher(edges), source, max_hops=max_hops, mode=mode)
    for target in nodes:
        if target == source:
            continue
        best = k_best_paths(fetcher(edges), source, target, k=1, max_hops=max_hops, mode=mode)
        assert tree.path_to(target) == (best[0] if best else None)
        assert (target in tree) == bool(best)
        check_ranked(edges, source, target, best, k=1, max_hops=max_hops, mode=mode, blocked=())


# -- hand-made cases -------------------------------------------------------------------


LONG_TIES = chain("s", "a", "d", "x", "t") | chain("s", "b", "c", "x") | chain("x", "u", "t")
"""Two routes s..x of equal strength: s-a-d-x is first by its ids, though its last
step comes from d, after c. Two routes x..t: x-t directly and x-u-t (weaker)."""


@pytest.mark.parametrize("mode", list(Mode))
def test_equal_routes_go_to_the_least_ids_from_the_source(mode: Mode) -> None:
    for target, want in [
        ("x", ("s", "a", "d", "x")),
        ("t", ("s", "a", "d", "x", "t")),
        ("u", ("s", "a", "d", "x", "u")),
    ]:
        found = best_path(fetcher(LONG_TIES), "s", target, max_hops=5, mode=mode)
        assert found is not None
        assert found.nodes == want
        tree = paths_from(fetcher(LONG_TIES), "s", max_hops=5, mode=mode)
        assert tree.path_to(target) == found
    # and from the other end: t-x-c-b-s before t-x-d-a-s, since c < d
    back = best_path(fetcher(LONG_TIES), "t", "s", max_hops=5, mode=mode)
    assert back is not None
    assert back.nodes == ("t", "x", "c", "b", "s")
    ranked = k_best_paths(fetcher(LONG_TIES), "t", "s", k=4, max_hops=5, mode=mode)
    assert [p.nodes for p in ranked] == [
        ("t", "x", "c", "b", "s"),
        ("t", "x", "d", "a", "s"),
        ("t", "u", "x", "c", "b", "s"),
        ("t", "u", "x", "d", "a", "s"),
    ]


def test_adjacent_pair() -> None:
    edges = {("a", "b"): 0.5}
    path = best_path(cache_for(edges), "a", "b", max_hops=1)
    assert path == RawPath(("a", "b"), (0.5,))
    assert path.strength == 0.5
    assert path.hops == 1
    assert k_best_paths(cache_for(edges), "b", "a", k=3, max_hops=4) == [
        RawPath(("b", "a"), (0.5,))
    ]


@pytest.mark.parametrize("mode", list(Mode))
def test_no_path_within_the_limit(mode: Mode) -> None:
    edges = chain("a", "b", "c", "d")
    assert best_path(cache_for(edges), "a", "d", max_hops=2, mode=mode) is None
    assert k_best_paths(cache_for(edges), "a", "d", k=2, max_hops=2, mode=mode) == []
    found = best_path(cache_for(edges), "a", "d", max_hops=3, mode=mode)
    assert found is not None
    assert found.nodes == ("a", "b", "c", "d")


@pytest.mark.parametrize("mode", list(Mode))
def test_disconnected_and_unknown_people(mode: Mode) -> None:
    edges = {("a", "b"): 0.9, ("c", "d"): 0.9}
    assert best_path(cache_for(edges), "a", "d", max_hops=5, mode=mode) is None
    assert best_path(cache_for(edges), "a", "nobody", max_hops=5, mode=mode) is None
    assert k_best_paths(cache_for(edges), "nobody", "a", k=3, max_hops=5, mode=mode) == []


@pytest.mark.parametrize("mode", list(Mode))
def test_source_is_target(mode: Mode) -> None:
    edges = {("a", "b"): 0.5, ("b", "c"): 0.5, ("a", "c"): 0.5}
    alone = RawPath(("a",), ())
    assert best_path(cache_for(edges), "a", "a", max_hops=3, mode=mode) == alone
    assert k_best_paths(cache_for(edges), "a", "a", k=3, max_hops=3, mode=mode) == [alone]
    assert alone.strength == 1.0
    assert alone.weight == 0.0


def test_full_strength_ties_prefer_fewer_hops() -> None:
    # Every tie has strength 1.0, so every path weighs 0: hops decide.
    edges = {("a", "b"): 1.0, ("b", "c"): 1.0, ("c", "d"): 1.0, ("a", "d"): 1.0, ("b", "d"): 1.0}
    for mode in Mode:
        paths = k_best_paths(cache_for(edges), "a", "d", k=5, max_hops=4, mode=mode)
        assert [p.hops for p in paths] == [1, 2, 3]
        assert paths[0].nodes == ("a", "d")
        assert paths[1].nodes == ("a", "b", "d")
        assert paths[2].nodes == ("a", "b", "c", "d")
        assert all(p.strength == 1.0 for p in paths)


def test_strongest_path_is_longer_than_the_shortest() -> None:
    edges = {("a", "d"): 0.1, ("a", "b"): 0.9, ("b", "c"): 0.9, ("c", "d"): 0.9}
    strongest = best_path(cache_for(edges), "a", "d", max_hops=4)
    shortest = best_path(cache_for(edges), "a", "d", max_hops=4, mode=Mode.SHORTEST)
    assert strongest is not None
    assert shortest is not None
    assert strongest.nodes == ("a", "b", "c", "d")
    assert strongest.strength == pytest.approx(0.729)
    assert shortest.nodes == ("a", "d")
    # within two hops only the weak direct tie is left
    capped = best_path(cache_for(edges), "a", "d", max_hops=2)
    assert capped is not None
    assert capped.nodes == ("a", "d")
    ranked = k_best_paths(cache_for(edges), "a", "d", k=2, max_hops=4)
    assert [p.nodes for p in ranked] == [("a", "b", "c", "d"), ("a", "d")]
    ranked = k_best_paths(cache_for(edges), "a", "d", k=2, max_hops=4, mode=Mode.SHORTEST)
    assert [p.nodes for p in ranked] == [("a", "d"), ("a", "b", "c", "d")]


@pytest.mark.parametrize("mode", list(Mode))
def test_exclusions_force_a_detour(mode: Mode) -> None:
    edges = {
        ("a", "b"): 0.9,
        ("b", "z"): 0.9,
        ("a", "c"): 0.3,
        ("c", "d"): 0.3,
        ("d", "z"): 0.3,
    }
    free = best_path(cache_for(edges), "a", "z", max_hops=4, mode=mode)
    assert free is not None
    assert free.nodes == ("a", "b", "z")
    detour = best_path(cache_for(edges), "a", "z", max_hops=4, mode=mode, blocked={"b"})
    assert detour is not None
    assert detour.nodes == ("a", "c", "d", "z")
    assert best_path(cache_for(edges), "a", "z", max_hops=2, mode=mode, blocked={"b"}) is None
    paths = k_best_paths(cache_for(edges), "a", "z", k=3, max_hops=4, mode=mode, blocked={"b"})
    assert [p.nodes for p in paths] == [("a", "c", "d", "z")]
    banned = best_path(
        cache_for(edges), "a", "z", max_hops=4, mode=mode, banned={frozenset(("b", "z"))}
    )
    assert banned is not None
    assert banned.nodes == ("a", "c", "d", "z")


# Regressions: routes with exactly equal products of strengths (powers of two,
# or 0.1 * 0.25 * 0.1 in two orders) whose -log sums came out an ulp apart, so
# `strongest` took the longer route for the stronger one. Shrunk by hypothesis
# from test_equal_strength_routes_rank_by_hops.
ULP_TIES = {
    "1/32": (
        {
            ("s", "a1"): 0.25,
            ("a1", "a2"): 0.25,
            ("a2", "t"): 0.5,
            ("s", "b1"): 0.5,
            ("b1", "b2"): 0.5,
            ("b2", "b3"): 0.5,
            ("b3", "t"): 0.25,
        },
        ("s", "a1", "a2", "t"),
        ("s", "b1", "b2", "b3", "t"),
    ),
    "1/400": (
        {
            ("s", "a1"): 0.1,
            ("a1", "a2"): 0.25,
            ("a2", "a3"): 0.1,
            ("a3", "t"): 1.0,
            ("s", "b1"): 0.1,
            ("b1", "b2"): 0.1,
            ("b2", "t"): 0.25,
        },
        ("s", "b1", "b2", "t"),
        ("s", "a1", "a2", "a3", "t"),
    ),
}


@pytest.mark.parametrize("name", sorted(ULP_TIES))
def test_exactly_equal_products_go_to_fewer_hops(name: str) -> None:
    edges, short, long = ULP_TIES[name]
    assert exact_product(edges, short) == exact_product(edges, long)
    assert path_weight(adjacency(edges)[a][b] for a, b in pairwise(short)) != path_weight(
        adjacency(edges)[a][b] for a, b in pairwise(long)
    )  # an ulp apart
    best = best_path(cache_for(edges), "s", "t", max_hops=5)
    assert best is not None
    assert best.nodes == short
    ranked = k_best_paths(cache_for(edges), "s", "t", k=3, max_hops=5)
    assert [p.nodes for p in ranked] == [short, long]
    # Yen's candidates are ranked the same way behind a stronger direct tie.
    direct = {**edges, ("s", "t"): 0.9}
    ranked = k_best_paths(cache_for(direct), "s", "t", k=3, max_hops=5)
    assert [p.nodes for p in ranked] == [("s", "t"), short, long]
    for mode in Mode:
        check_against_brute_force(edges, "s", "t", k=3, max_hops=5, mode=mode, blocked=())
        check_against_brute_force(direct, "s", "t", k=3, max_hops=5, mode=mode, blocked=())


def test_through_the_sqlite_store() -> None:
    store = SqliteStore()
    store.load(
        Bundle(
            people=[Person(id=i, name=i.upper()) for i in "abcde"],
            ties=[
                Tie(source="a", target="b", strength=0.9),
                Tie(source="b", target="c", strength=0.9),
                Tie(source="c", target="e", strength=0.9),
                Tie(source="a", target="d", strength=0.2),
                Tie(source="d", target="e", strength=0.9),
            ],
        )
    )
    cache = NeighbourCache(store.adjacency)
    paths = k_best_paths(cache, "a", "e", k=3, max_hops=4)
    assert [p.nodes for p in paths] == [("a", "b", "c", "e"), ("a", "d", "e")]
    shortest = best_path(NeighbourCache(store.adjacency), "a", "e", max_hops=4, mode=Mode.SHORTEST)
    assert shortest is not None
    assert shortest.nodes == ("a", "d", "e")


def test_path_weight_is_minus_log_of_the_strength() -> None:
    path = RawPath(("a", "b", "c"), (0.5, 0.25))
    assert path.strength == 0.125
    assert path.weight == pytest.approx(-math.log(0.125))
    assert path_weight([]) == 0.0
    assert path.cost(Mode.STRONGEST) == (path.weight, 2)
    assert path.cost(Mode.SHORTEST) == (2, path.weight)


def test_neighbour_cache_fetches_each_person_once() -> None:
    calls: list[list[str]] = []
    base = fetcher({("a", "b"): 0.5, ("b", "c"): 0.5})

    def fetch(ids: Collection[str]) -> dict[str, list[tuple[str, float]]]:
        calls.append(sorted(ids))
        return base(ids)

    cache = NeighbourCache(fetch)
    assert cache.get(["a", "b"])["a"] == [("b", 0.5)]
    cache.get(["b", "c", "ghost"])
    assert calls == [["a", "b"], ["c", "ghost"]]
    assert cache.get(["ghost"])["ghost"] == []
