"""One search from a source serves every target exactly as well as one search per target."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_mtl.domain.pathfinding import Mode, NeighbourCache, best_path, paths_from

STRENGTHS = st.sampled_from([0.1, 0.25, 0.5, 0.8, 1.0]) | st.floats(0.01, 1.0)


@st.composite
def graphs(draw: st.DrawFn) -> dict[str, list[tuple[str, float]]]:
    n = draw(st.integers(2, 10))
    nodes = [f"n{i}" for i in range(n)]
    adjacency: dict[str, list[tuple[str, float]]] = {v: [] for v in nodes}
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))):
        strength = draw(STRENGTHS)
        adjacency[a].append((b, strength))
        adjacency[b].append((a, strength))
    return adjacency


@settings(max_examples=300, deadline=None)
@given(graphs(), st.integers(1, 5), st.sampled_from(list(Mode)), st.data())
def test_every_target_gets_the_best_path(
    adjacency: dict[str, list[tuple[str, float]]], max_hops: int, mode: Mode, data: st.DataObject
) -> None:
    nodes = sorted(adjacency)
    source = data.draw(st.sampled_from(nodes))
    blocked = set(data.draw(st.lists(st.sampled_from(nodes)))) - {source}
    fetch = lambda ids: {i: adjacency[i] for i in ids}  # noqa: E731
    tree = paths_from(NeighbourCache(fetch), source, max_hops=max_hops, mode=mode, blocked=blocked)
    for target in nodes:
        if target == source or target in blocked:
            continue
        one = best_path(
            NeighbourCache(fetch), source, target, max_hops=max_hops, mode=mode, blocked=blocked
        )
        found = tree.path_to(target)
        assert (one is None) == (found is None) == (target not in tree)
        if one is None or found is None:
            continue
        assert found.nodes[0] == source and found.nodes[-1] == target
        assert len(set(found.nodes)) == len(found.nodes) and found.hops <= max_hops
        assert not blocked.intersection(found.nodes)
        for (a, b), strength in zip(
            zip(found.nodes, found.nodes[1:], strict=False), found.strengths, strict=True
        ):
            assert (b, strength) in adjacency[a]
        assert math.isclose(found.strength, one.strength, rel_tol=1e-9)
        if mode is Mode.SHORTEST or math.isclose(found.strength, one.strength, rel_tol=1e-12):
            assert found.hops == one.hops
