"""The embedded store's array searches give the answers of the domain's searches,
path for path, checked against the same brute force on random graphs
(tests/unit/test_pathfinding.py), and against the domain's bounded trees; and the
index's rows read back exactly. Rows are numbered out of id order (as people
come in import order), so ties must go by the ids, through the rank."""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode, RawPath, k_best_paths, paths_from
from graph_mtl.stores import array_search
from graph_mtl.stores.social_index import SocialGraph, build_csr, id_rank
from tests.unit.test_pathfinding import (
    Edges,
    adjacency,
    check_ranked,
    check_valid,
    graphs,
    layered,
    queries,
    tied_routes,
)


@pytest.fixture(autouse=True, params=["numpy layers", "plain layers"])
def layers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test twice: each layer through numpy, then each through plain Python
    (as small frontiers go), so both ways of expanding are held to the brute force."""
    small = 0 if request.param == "numpy layers" else 10**9
    monkeypatch.setattr(array_search, "_SMALL", small)
    monkeypatch.setattr(array_search, "_SMALL_TIES", small)


def as_graph(edges: Edges, overlay_some: bool = False) -> tuple[SocialGraph, dict[str, int]]:
    """The edges as index rows, numbered in a shuffled order; with `overlay_some`,
    every other person's row comes from the overlay instead of the arrays (as
    after writes by another process)."""
    names = sorted({n for pair in edges for n in pair})
    rows = list(range(len(names)))
    random.Random(len(edges)).shuffle(rows)
    number = dict(zip(names, rows, strict=True))
    ends = sorted(
        (min(number[x], number[y]), max(number[x], number[y]), st) for (x, y), st in edges.items()
    )  # in (a, b) order, as the store reads them
    a = np.array([e[0] for e in ends], dtype=np.int64)
    b = np.array([e[1] for e in ends], dtype=np.int64)
    s = np.array([e[2] for e in ends], dtype=np.float64)
    csr = build_csr(a, b, s, nodes=len(names), generation=1)
    overlay = {}
    if overlay_some:
        adj = adjacency(edges)
        for name in names[::2]:
            row = sorted((number[o], st) for o, st in adj.get(name, {}).items())
            overlay[number[name]] = ([o for o, _ in row], [st for _, st in row])
    rank = id_rank([number[name] for name in names])
    return SocialGraph(csr, overlay, generation=1, rank=rank), number


class Drawn(NamedTuple):
    """A graph's index rows (`as_graph`), a source drawn from its people, and people
    drawn to be blocked (never the source), by name and by row."""

    graph: SocialGraph
    number: dict[str, int]
    people: list[str]
    source: str
    blocked: set[str]
    rows: set[int]


def drawn(edges: Edges, overlay: bool, data: st.DataObject) -> Drawn:
    index, number = as_graph(edges, overlay_some=overlay)
    people = sorted(number)
    source = data.draw(st.sampled_from(people))
    blocked = set(data.draw(st.lists(st.sampled_from(people)))) - {source}
    return Drawn(index, number, people, source, blocked, {number[b] for b in blocked})


def named(path: RawPath, number: dict[str, int]) -> RawPath:
    names = {i: n for n, i in number.items()}
    return RawPath(tuple(names[i] for i in path.nodes), path.strengths)


def check(
    edges: Edges,
    source: str,
    target: str,
    *,
    k: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[str],
    overlay_some: bool,
) -> None:
    graph, number = as_graph(edges, overlay_some)
    got = (
        [
            named(p, number)
            for p in array_search.k_best_paths(
                graph,
                number[source],
                number[target],
                k=k,
                max_hops=max_hops,
                mode=mode,
                blocked={number[b] for b in blocked if b in number},
            )
        ]
        if source in number and target in number
        else []  # a person without ties is no row of the index (the store answers [])
    )
    check_ranked(edges, source, target, got, k=k, max_hops=max_hops, mode=mode, blocked=blocked)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries(), st.sampled_from(list(Mode)), st.booleans())
def test_k_best_paths_match_brute_force(
    query: tuple[Edges, str, str, int, int, frozenset[str]], mode: Mode, overlay_some: bool
) -> None:
    edges, source, target, max_hops, k, blocked = query
    check(
        edges,
        source,
        target,
        k=k,
        max_hops=max_hops,
        mode=mode,
        blocked=blocked,
        overlay_some=overlay_some,
    )


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(
    tied_routes(),
    st.integers(min_value=2, max_value=5),
    st.integers(min_value=1, max_value=5),
    st.sampled_from(list(Mode)),
)
def test_equal_strength_routes_rank_by_hops(
    edges: Edges, max_hops: int, k: int, mode: Mode
) -> None:
    check(edges, "s", "t", k=k, max_hops=max_hops, mode=mode, blocked=(), overlay_some=False)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    layered(),
    st.integers(min_value=2, max_value=6),
    st.integers(min_value=1, max_value=4),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.booleans(),
)
def test_equal_routes_go_by_ids(
    edges: Edges, max_hops: int, k: int, mode: Mode, backwards: bool, overlay_some: bool
) -> None:
    source, target = ("t", "s") if backwards else ("s", "t")
    check(
        edges,
        source,
        target,
        k=k,
        max_hops=max_hops,
        mode=mode,
        blocked=(),
        overlay_some=overlay_some,
    )


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(graphs(), layered().map(lambda e: ([], e))),
    st.integers(1, 5),
    st.sampled_from(list(Mode)),
    st.data(),
)
def test_trees_match_the_domain_tree(
    graph: tuple[list[str], Edges], max_hops: int, mode: Mode, data: st.DataObject
) -> None:
    _, edges = graph
    if not edges:
        return
    index, number = as_graph(edges, overlay_some=data.draw(st.booleans()))
    people = sorted(number)
    source = data.draw(st.sampled_from(people))
    blocked = set(data.draw(st.lists(st.sampled_from(people)))) - {source}
    adj = adjacency(edges)
    fetch = lambda ids: {i: list(adj.get(i, {}).items()) for i in ids}  # noqa: E731
    want = paths_from(fetch, source, max_hops=max_hops, mode=mode, blocked=blocked)
    rows = {number[b] for b in blocked}
    got = array_search.paths_from(index, number[source], max_hops=max_hops, mode=mode, blocked=rows)
    for person in people:
        one, other = want.path_to(person), got.path_to(number[person])
        assert (one is None) == (other is None) == (number[person] not in got)
        if one is None or other is None:
            continue
        found = named(other, number)
        check_valid(edges, found, source, person, max_hops, blocked)
        assert found == one
        if person in blocked:
            continue
        # the tree's path is the first of the k best, on both sides
        first = array_search.k_best_paths(
            index, number[source], number[person], k=1, max_hops=max_hops, mode=mode, blocked=rows
        )
        assert [named(p, number) for p in first] == [found]
        assert k_best_paths(
            fetch, source, person, k=1, max_hops=max_hops, mode=mode, blocked=blocked
        ) == [found]


@given(graphs(), st.booleans())
def test_rows_hold_every_tie_once_each_way(graph: tuple[list[str], Edges], overlay: bool) -> None:
    _, edges = graph
    if not edges:
        return
    index, number = as_graph(edges, overlay_some=overlay)
    adj = adjacency(edges)
    for name, i in number.items():
        neighbours, strengths = index.row(i)
        assert neighbours == sorted(neighbours)
        assert dict(zip(neighbours, strengths, strict=True)) == {
            number[o]: s for o, s in adj[name].items()
        }
    frontier = np.array(sorted(number.values()), dtype=np.int64)
    src, dst, strength = index.gather(frontier)
    assert len(src) == 2 * len(edges)
    names = {i: n for n, i in number.items()}
    for a, b, s in zip(src.tolist(), dst.tolist(), strength.tolist(), strict=True):
        assert adj[names[a]][names[b]] == s
