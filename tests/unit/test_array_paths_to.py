"""`array_search.paths_to` (a bounded tree's paths to a few people, its last layer
read from their rows) gives exactly the whole tree's paths to them, and those are
the best ones: checked on random graphs against the array tree and against a
brute force over every simple path."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode
from graph_mtl.stores import array_search
from tests.unit.test_array_search import as_graph, drawn, named
from tests.unit.test_array_search import layers as layers
from tests.unit.test_pathfinding import (
    Edges,
    brute_paths,
    check_valid,
    exact_product,
    graphs,
    layered,
    rank,
    same_cost,
    tied_routes,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(graphs().map(lambda g: g[1]), layered(), tied_routes()),
    st.integers(0, 5),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.data(),
)
def test_paths_to_are_the_trees_and_the_best(
    edges: Edges, max_hops: int, mode: Mode, overlay: bool, data: st.DataObject
) -> None:
    if not edges:
        return
    index, number, people, source, blocked, rows = drawn(edges, overlay, data)
    targets = data.draw(st.lists(st.sampled_from(people), unique=True))
    tree = array_search.paths_from(
        index, number[source], max_hops=max_hops, mode=mode, blocked=rows
    )
    got = array_search.paths_to(
        index,
        number[source],
        [number[t] for t in targets],
        max_hops=max_hops,
        mode=mode,
        blocked=rows,
    )
    assert set(got) <= {number[t] for t in targets}
    for target in targets:
        path = got.get(number[target])
        assert path == tree.path_to(number[target])
        every = brute_paths(edges, source, target, max_hops, blocked)
        assert (path is None) == (not every)
        if path is None:
            continue
        found = named(path, number)
        check_valid(edges, found, source, target, max_hops, blocked)
        best = min(
            ((exact_product(edges, p), len(p) - 1) for p in every), key=lambda c: rank(mode, c)
        )
        assert same_cost(mode, (exact_product(edges, found.nodes), found.hops), best)


def test_a_person_past_the_index_reaches_nobody() -> None:
    index, number = as_graph({("a", "b"): 0.5})
    past = index.size + 3
    assert array_search.paths_to(index, past, [number["a"], past], max_hops=2) == {
        past: array_search.paths_from(index, past, max_hops=2).path_to(past)
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(graphs().map(lambda g: g[1]), layered(), tied_routes()),
    st.integers(0, 6),
    st.booleans(),
    st.data(),
)
def test_reachable_is_networkx_within_the_hops(
    edges: Edges, max_hops: int, overlay: bool, data: st.DataObject
) -> None:
    if not edges:
        return
    index, number, people, source, blocked, rows = drawn(edges, overlay, data)
    targets = data.draw(st.lists(st.sampled_from(people), unique=True))
    graph = nx.Graph(list(edges))
    graph.remove_nodes_from(blocked)
    near = nx.single_source_shortest_path_length(graph, source, cutoff=max_hops)
    got = array_search.reachable(
        index,
        number[source],
        [number[t] for t in targets],
        max_hops=max_hops,
        blocked=rows,
    )
    assert got == {number[t] for t in targets if t in near}
    tree = array_search.paths_from(index, number[source], max_hops=max_hops, blocked=rows)
    assert got == {number[t] for t in targets if number[t] in tree}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(graphs().map(lambda g: g[1]), layered(), tied_routes()),
    st.integers(0, 5),
    st.sampled_from(list(Mode)),
    st.data(),
)
def test_a_trees_paths_read_together_are_those_read_one_by_one(
    edges: Edges, max_hops: int, mode: Mode, data: st.DataObject
) -> None:
    if not edges:
        return
    index, number = as_graph(edges)
    people = sorted(number)
    source = data.draw(st.sampled_from(people))
    blocked = {number[b] for b in data.draw(st.lists(st.sampled_from(people)))} - {number[source]}
    tree = array_search.paths_from(
        index, number[source], max_hops=max_hops, mode=mode, blocked=blocked
    )
    rows = np.array(sorted({*number.values(), index.size + 1}), dtype=np.int64)
    one_by_one = {r: p for r in rows.tolist() if (p := tree.path_to(r)) is not None}
    together = tree.paths_to(rows)
    assert list(together.items()) == list(one_by_one.items())
