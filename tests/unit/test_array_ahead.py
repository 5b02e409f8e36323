"""`array_search.ahead` (the forward side's first layers from one source, searched once
for many searches from there) changes no answer: `best_path` started from it is the
tree's path and the plain `best_path`, and `reachable` with it is `reachable`
without it, on random graphs with tied strengths, overlays and blocked people."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode
from graph_mtl.stores import array_search
from tests.unit.test_array_search import as_graph, drawn
from tests.unit.test_pathfinding import Edges, graphs, layered, tied_routes


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(graphs().map(lambda g: g[1]), layered(), tied_routes()),
    st.integers(0, 6),
    st.integers(0, 6),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.data(),
)
def test_searches_started_ahead_give_the_same_answers(
    edges: Edges, max_hops: int, depth: int, mode: Mode, overlay: bool, data: st.DataObject
) -> None:
    if not edges:
        return
    index, number, people, source, blocked, rows = drawn(edges, overlay, data)
    start = array_search.ahead(index, number[source], hops=depth, mode=mode, blocked=rows)
    tree = array_search.paths_from(
        index, number[source], max_hops=max_hops, mode=mode, blocked=rows
    )
    for target in people:
        plain = array_search.best_path(
            index, number[source], number[target], max_hops=max_hops, mode=mode, blocked=rows
        )
        started = array_search.best_path(
            index,
            number[source],
            number[target],
            max_hops=max_hops,
            mode=mode,
            blocked=rows,
            start=start,
        )
        assert started == plain
        if target not in blocked:  # a blocked end is the caller's to refuse
            assert plain == tree.path_to(number[target])
    targets = [number[t] for t in people]
    for few in (targets[:1], targets[-3:]):  # walked in plain Python
        assert array_search.reachable(
            index, number[source], few, max_hops=max_hops, blocked=rows, start=start
        ) == array_search.reachable(index, number[source], few, max_hops=max_hops, blocked=rows)
    assert array_search.reachable(
        index, number[source], targets, max_hops=max_hops, blocked=rows, start=start
    ) == array_search.reachable(index, number[source], targets, max_hops=max_hops, blocked=rows)


def test_a_start_from_elsewhere_is_not_used() -> None:
    edges = {("a", "b"): 0.5, ("b", "c"): 0.5, ("a", "c"): 0.2}
    index, number = as_graph(edges, overlay_some=False)
    start = array_search.ahead(index, number["b"], hops=1)
    for blocked in (set(), {number["b"]}):
        assert array_search.best_path(
            index, number["a"], number["c"], max_hops=2, blocked=blocked, start=start
        ) == array_search.best_path(index, number["a"], number["c"], max_hops=2, blocked=blocked)
