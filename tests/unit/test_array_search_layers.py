"""The array search with its two ways of expanding a layer mixed within one search
(plain Python below a few ties, numpy above, the last layer cut to the ties that
meet the other side either way), held to the brute force, ties and id order
included: tests/unit/test_array_search.py runs each way alone."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode
from graph_mtl.stores import array_search
from tests.unit.test_array_search import check
from tests.unit.test_pathfinding import Edges, layered, queries


def _mixed(small: int, small_ties: int) -> pytest.MonkeyPatch:
    patch = pytest.MonkeyPatch()
    patch.setattr(array_search, "_SMALL", small)
    patch.setattr(array_search, "_SMALL_TIES", small_ties)
    return patch


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    queries(),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.integers(0, 3),
    st.integers(0, 6),
)
def test_mixed_layers_match_brute_force(
    query: tuple[Edges, str, str, int, int, frozenset[str]],
    mode: Mode,
    overlay_some: bool,
    small: int,
    small_ties: int,
) -> None:
    edges, source, target, max_hops, k, blocked = query
    patch = _mixed(small, small_ties)
    try:
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
    finally:
        patch.undo()


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    layered(),
    st.integers(min_value=2, max_value=6),
    st.integers(min_value=1, max_value=4),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.integers(0, 3),
    st.integers(0, 6),
)
def test_mixed_layers_go_by_ids(
    edges: Edges,
    max_hops: int,
    k: int,
    mode: Mode,
    backwards: bool,
    small: int,
    small_ties: int,
) -> None:
    source, target = ("t", "s") if backwards else ("s", "t")
    patch = _mixed(small, small_ties)
    try:
        check(
            edges, source, target, k=k, max_hops=max_hops, mode=mode, blocked=(), overlay_some=False
        )
    finally:
        patch.undo()
