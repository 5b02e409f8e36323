"""Searches in index rows, for any engine: the requests encoded as rows in the process
that holds the database, searched over the index's arrays wherever they are
(`search_rows`: a forked worker's inherited mapping, or Ray's object store), and
the answers decoded back to ids. The same code on every engine, so the same answers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.services.report.searches import Answers, SearchRequest
from graph_mtl.stores import array_search
from graph_mtl.stores.social_index import CsrArrays, SocialGraph
from graph_mtl.stores.sqlite_records import IdMap

__all__ = [
    "Found",
    "Index",
    "Task",
    "decode_all",
    "decoded",
    "encode_all",
    "encoded",
    "packed",
    "search_rows",
]

Index = tuple[Any, ...]
"""The index as plain arrays and values (`packed`)."""
Found = list[tuple[int, tuple[int, ...], tuple[float, ...]]]
"""One request's answers in rows: (target, path's rows, strengths)."""
Task = tuple[int, int, str, list[int], Any]
"""One request in rows: source (-1: no such person), max hops, mode, blocked, targets."""


def encode_all(id_map: IdMap, requests: list[SearchRequest]) -> list[Task]:
    wanted = {k for r in requests for k in (r.key.source, *r.key.blocked, *r.targets)}
    rows = id_map.numbers(wanted)
    return [encoded(r, rows) for r in requests]


def decode_all(id_map: IdMap, found: list[Found]) -> list[Answers]:
    ids = id_map.ids({n for answer in found for _, nodes, _ in answer for n in nodes})
    return [decoded(answer, ids) for answer in found]


def packed(graph: SocialGraph) -> Index:
    base = graph.base
    return (
        np.asarray(base.offsets),
        np.asarray(base.neighbours),
        np.asarray(base.strengths),
        None if base.rank is None else np.asarray(base.rank),
        base.generation,
        graph.overlay,
        graph.generation,
        None if graph.rank is None else np.asarray(graph.rank),
    )


def encoded(request: SearchRequest, rows: dict[str, int]) -> Task:
    key = request.key
    targets = sorted(rows[t] for t in request.targets | {key.source} if t in rows)
    return (
        rows.get(key.source, -1),
        key.max_hops,
        key.mode.value,
        sorted(rows[b] for b in key.blocked if b in rows),
        np.asarray(targets, dtype=np.int64),
    )


def decoded(found: Found, ids: dict[int, str]) -> Answers:
    # A person forgotten since the search has no id: their paths are left out,
    # as the store leaves them out (graph_mtl/stores/sqlite_paths.py).
    return {
        ids[target]: RawPath(tuple(ids[n] for n in nodes), strengths)
        for target, nodes, strengths in found
        if all(n in ids for n in nodes)
    }


def search_rows(index: Index, tasks: list[Task]) -> list[Found]:
    """The searches of `tasks` over the index (wherever this runs)."""
    offsets, neighbours, strengths, base_rank, base_generation, overlay, generation, rank = index
    base = CsrArrays(
        generation=base_generation,
        offsets=offsets,
        neighbours=neighbours,
        strengths=strengths,
        rank=base_rank,
    )
    graph = SocialGraph(base, overlay, generation=generation, rank=rank)
    out: list[Found] = []
    for source, max_hops, mode, blocked, targets in tasks:
        if source < 0:
            out.append([])
            continue
        tree = array_search.paths_from(
            graph, source, max_hops=max_hops, mode=Mode(mode), blocked=set(blocked)
        )
        found: Found = []
        for target in targets.tolist():
            path = tree.path_to(target)
            if path is not None:
                found.append((target, tuple(path.nodes), tuple(path.strengths)))
        out.append(found)
    return out
