"""`SocialGraph.degrees` (how many ties each row has, which lets `tied_only_to` skip
reading the rows of people with more ties than the people asked about) is the
length of each row, the overlay's among them, and 0 past the index; and
`SocialGraph.neighbours` (a row read without numpy) is the row's neighbours."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.test_array_search import as_graph
from tests.unit.test_pathfinding import Edges, graphs


@settings(max_examples=200, deadline=None)
@given(graphs().map(lambda g: g[1]), st.booleans())
def test_degrees_and_neighbours_are_the_rows(edges: Edges, overlay: bool) -> None:
    if not edges:
        return
    graph, _ = as_graph(edges, overlay_some=overlay)
    rows = np.arange(-1, graph.size + 2, dtype=np.int64)
    assert graph.degrees(rows).tolist() == [len(graph.row(n)[0]) for n in rows.tolist()]
    assert [list(graph.neighbours(n)) for n in rows.tolist()] == [
        graph.row(n)[0] for n in rows.tolist()
    ]
    for n in range(graph.size):  # one tie per pair: a row names each neighbour once
        neighbours = graph.row(n)[0]
        assert len(set(neighbours)) == len(neighbours)
