"""The plain-Python fewest-hops search (graph_mtl/stores/fewest_hops.py) gives the
layered array search's answer exactly, path for path, on random graphs with hop
limits, blocked people, banned ties (as Yen's algorithm bans them) and rows from
the overlay; the brute-force checks of tests/unit/test_array_search.py hold it to
the ranking rules."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.stores import array_search
from graph_mtl.stores.fewest_hops import fewest_hops_path
from graph_mtl.stores.social_index import SocialGraph
from tests.unit.test_array_search import as_graph
from tests.unit.test_pathfinding import graphs, layered


def _layered(
    graph: SocialGraph,
    source: int,
    target: int,
    max_hops: int,
    blocked: Collection[int],
    banned: Collection[frozenset[int]],
) -> RawPath | None:
    """array_search's layered search in `shortest`, whatever the ends."""
    search = array_search._Search(graph, blocked, (source, target))
    try:
        forward, backward = search.side(source, 0), search.side(target, 1)
        return array_search._bidirectional(
            search, forward, backward, max_hops, Mode.SHORTEST, banned
        )
    finally:
        search.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(graphs(), layered().map(lambda e: (sorted({n for p in e for n in p}), e))),
    st.integers(1, 6),
    st.booleans(),
    st.data(),
)
def test_same_path_as_the_layered_search(
    drawn: tuple[list[str], dict[tuple[str, str], float]],
    max_hops: int,
    overlay_some: bool,
    data: st.DataObject,
) -> None:
    _, edges = drawn
    if not edges:
        return
    graph, number = as_graph(edges, overlay_some)
    people = sorted(number.values())
    source = data.draw(st.sampled_from(people))
    target = data.draw(st.sampled_from([p for p in people if p != source]))
    others = [p for p in people if p not in (source, target)]
    blocked = set(data.draw(st.lists(st.sampled_from(others)))) if others else set()
    ties = sorted(tuple(sorted((number[a], number[b]))) for a, b in edges)
    banned = {frozenset(t) for t in data.draw(st.lists(st.sampled_from(ties), max_size=3))}
    want = _layered(graph, source, target, max_hops, blocked, banned)
    got = fewest_hops_path(graph, source, target, max_hops=max_hops, blocked=blocked, banned=banned)
    assert got == want
