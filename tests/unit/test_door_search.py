"""`door_search.door_paths` (a committee member's door openers' search, which also
gives the salesperson's best path to them when the salesperson's first layers are
at hand) answers exactly as the two searches run apart, `array_search.paths_to` and
`array_search.best_path`: on random graphs with tied strengths, overlays and blocked
people, every member, hop limit and mode."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode
from graph_mtl.stores import array_search
from graph_mtl.stores.door_search import door_paths
from tests.unit.test_array_search import drawn
from tests.unit.test_pathfinding import Edges, graphs, layered, tied_routes


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(graphs().map(lambda g: g[1]), layered(), tied_routes()),
    st.integers(1, 6),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.booleans(),
    st.data(),
)
def test_door_paths_are_the_two_searches(
    edges: Edges,
    max_hops: int,
    mode: Mode,
    overlay: bool,
    with_start: bool,
    data: st.DataObject,
) -> None:
    if not edges:
        return
    index, number, people, source, blocked, rows = drawn(edges, overlay, data)
    first_hops = [n for n in index.row(number[source])[0] if n not in rows]
    start = (
        array_search.ahead(
            index, number[source], hops=max(0, max_hops - 2), mode=mode, blocked=rows
        )
        if with_start
        else None
    )
    for member in people:
        m = number[member]
        found, best, joined = door_paths(
            index,
            m,
            first_hops,
            source=number[source],
            max_hops=max_hops,
            mode=mode,
            blocked=rows,
            start=start,
        )
        assert found == array_search.paths_to(
            index, m, first_hops, max_hops=max_hops - 1, mode=mode, blocked=rows | {number[source]}
        )
        if joined:
            assert best == array_search.best_path(
                index, number[source], m, max_hops=max_hops, mode=mode, blocked=rows
            )
        else:
            assert best is None
        if start is not None and mode is Mode.STRONGEST and max_hops == 4 and start.depth == 2:
            assert joined == (member not in blocked and member != source)
