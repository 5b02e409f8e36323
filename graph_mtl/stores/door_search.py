"""A committee member's two searches in one (graph_mtl/services/committee_rows.py):
who of the salesperson's acquaintances can pass them on (`array_search.paths_to`
from the member towards them, avoiding the salesperson), and the salesperson's best
path to the member (`array_search.best_path`), both on index rows.

The door openers' search labels the member's first two layers in full; the best
path's backward side (from the member) is the same two layers. From one start, the
forward and the backward tie-breaks agree on those layers (layer one has one offer
per person; layer two breaks ties by the parent's place in id order, which in a
layer of one start's neighbours is the parent's own), and a search whose other
side holds the salesperson's first two layers (`array_search.Ahead`) needs no more
of them at three or four hops. Leaving the salesperson out of those layers changes
no join either: they would only label the salesperson, at the first layer or the
second, and that join's path (salesperson → member, or salesperson → x → member) is
also a join the salesperson's side meets, at the member or at x. So both
answers are those of the two searches run apart, tie for tie; the tests hold the
two ways side by side on random graphs with tied strengths.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from graph_mtl.domain.deadline import check_time
from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.stores.array_search import (
    Ahead,
    IntTree,
    _expand,
    _expand_into,
    _meet,
    _Met,
    _Search,
    _Side,
)
from graph_mtl.stores.social_index import SocialGraph

__all__ = ["door_paths"]

_BACK = 2
"""The best path's layers from the member: what the door openers' search labels in
full at four hops, and as deep as leaving the salesperson out is sure to change
nothing."""


def door_paths(
    graph: SocialGraph,
    member: int,
    targets: Collection[int],
    *,
    source: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[int] = frozenset(),
    start: Ahead | None = None,
) -> tuple[dict[int, RawPath], RawPath | None, bool]:
    """`paths_to(graph, member, targets, max_hops=max_hops - 1, blocked=blocked |
    {source})`; and `best_path(graph, source, member, max_hops=max_hops,
    blocked=blocked)` when `start` (the source's `Ahead`) lets the same layers give
    it, the third value saying whether they did (else the path is None, unsearched)."""
    rows = {b for b in blocked if 0 <= b < graph.size}
    behind = max_hops if start is None else max_hops - start.depth  # the member's layers
    joined = (
        start is not None
        and mode is Mode.STRONGEST
        and member != source
        and member not in rows
        and start.depth >= 1  # the member's own tie to the source is a join at them
        and behind <= min(_BACK, max_hops - 2)  # layers the door openers' search has whole
        and start.fits(source, mode, rows, max_hops)
    )
    wanted = np.array(sorted({t for t in targets if t >= 0}), dtype=np.int64)
    search = _Search(graph, {*blocked, source}, (member, source))
    best, joined_at = None, -1
    try:
        side = search.side(member, 1)
        # The door openers' search is a forward one; its first two layers are also
        # those of the best path's backward side.
        side.towards_start = False
        while True:
            # Joined at `behind` layers, or fewer when the member's side ran out: the
            # layers it would add are empty.
            done = not len(side.frontier) or side.depth >= max_hops - 2
            if joined and start is not None and (side.depth == behind or done):
                best = _joined(search, side, start, member, mode)
                joined_at, joined = side.depth, False
            if done:
                break
            check_time()
            _expand(search, side, mode, frozenset())
        if len(side.frontier) and side.depth < max_hops - 1:
            check_time()
            _expand_into(search, side, mode, wanted)
    finally:
        search.close()
    return IntTree(side).paths_to(wanted), best, joined_at >= 0


def _joined(search: _Search, back: _Side, start: Ahead, member: int, mode: Mode) -> RawPath | None:
    """The best path from the start's source to `member`, its backward side `back`
    (the member's first layers): the joins `array_search._bidirectional` meets with
    the start's layers, in its order."""
    forward = search.side(start.start, 0)
    start.restore(forward)
    graph = search.graph
    best: _Met | None = _meet(graph, forward, back, np.array([member]), forward, mode, None)
    for layer in back.layers:
        best = _meet(graph, forward, back, layer.nodes, forward, mode, best)
    return None if best is None else best.path(forward, back)
