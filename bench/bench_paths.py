"""Warm paths against networkx on a generated social graph, side by side.

    python -m bench.bench_paths [--people 100000] [--queries 200] [--seed 1]

The graph has people clustered in companies of heavy-tailed size (colleagues
know a few colleagues, warmly) plus acquaintances across companies from a
configuration model with a Pareto degree sequence (a few hubs know thousands),
about 8 ties per person on average, strengths in (0, 1]. It is loaded into the
in-memory `SqliteStore`; networkx gets the same ties as a plain `nx.Graph`
with the weight -log(strength) precomputed outside the timings.

Compared, per query (a fresh `NeighbourCache(store.adjacency)` for each of ours):
  strongest  our best_path, max 4 hops   vs  nx.bidirectional_dijkstra (no hop limit)
  shortest   our best_path, max 4 hops   vs  nx.bidirectional_shortest_path
  k=3        our k_best_paths, max 4 hops vs  islice(nx.shortest_simple_paths, 3),
             on a smaller sample with a per-query time budget for networkx.
networkx has no hop limit, so the agreement lines say how often its answer
had at most 4 hops and, then, whether ours is exactly as strong (as short).
"""

from __future__ import annotations

import argparse
import math
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, pairwise
from types import FrameType
from typing import Any, ParamSpec, TypeVar

import networkx as nx

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.pathfinding import Mode, NeighbourCache, RawPath, best_path, k_best_paths
from graph_mtl.stores.sqlite_store import SqliteStore

MAX_HOPS = 4
K = 3

_T = TypeVar("_T")
_P = ParamSpec("_P")


# -- the graph ---------------------------------------------------------------------


@dataclass(slots=True)
class Generated:
    ids: list[str]
    ties: dict[tuple[int, int], float] = field(default_factory=dict)


def generate(people: int, seed: int) -> Generated:
    """Companies of Pareto size with warm ties inside, plus a Pareto configuration
    model of acquaintances across them. Mean degree about 8."""
    rng = random.Random(seed)
    graph = Generated(ids=[f"p{i:06d}" for i in range(people)])
    ties = graph.ties

    def tie(a: int, b: int, strength: float) -> None:
        if a != b:
            ties.setdefault((a, b) if a < b else (b, a), strength)

    start = 0
    while start < people:
        size = min(people - start, 2 + int(rng.paretovariate(1.6) * 6), 2000)
        for person in range(start, start + size):
            for _ in range(min(size - 1, 2)):
                colleague = rng.randrange(start, start + size)
                tie(person, colleague, round(rng.uniform(0.3, 1.0), 2))
        start += size

    stubs: list[int] = []
    for person in range(people):
        stubs += [person] * min(int(rng.paretovariate(2.2) * 2.8), 5000)
    rng.shuffle(stubs)
    for a, b in zip(stubs[::2], stubs[1::2], strict=False):
        tie(a, b, max(0.01, round(rng.betavariate(2.0, 3.0), 2)))
    return graph


def load_store(graph: Generated) -> SqliteStore:
    store = SqliteStore()
    ids = graph.ids
    store.load(
        Bundle(
            people=[Person(id=i, name=f"Person {i[1:]}") for i in ids],
            ties=[
                Tie(source=ids[a], target=ids[b], strength=s) for (a, b), s in graph.ties.items()
            ],
        )
    )
    return store


def networkx_graph(graph: Generated) -> Any:
    g = nx.Graph()
    ids = graph.ids
    g.add_nodes_from(ids)
    g.add_edges_from(
        (ids[a], ids[b], {"strength": s, "w": -math.log(s)}) for (a, b), s in graph.ties.items()
    )
    return g


def pick_queries(g: Any, ids: Sequence[str], count: int, seed: int) -> list[tuple[str, str]]:
    """Three in four targets a random walk of 1-4 steps away (so within 4 hops),
    the rest anywhere (usually farther)."""
    rng = random.Random(seed + 1)
    adj = g.adj
    out: list[tuple[str, str]] = []
    while len(out) < count:
        source = rng.choice(ids)
        if not adj[source]:
            continue
        if rng.random() < 0.75:
            here = source
            for _ in range(rng.randint(1, MAX_HOPS)):
                here = rng.choice(list(adj[here]))
            target = here
        else:
            target = rng.choice(ids)
        if target != source:
            out.append((source, target))
    return out


# -- timing ------------------------------------------------------------------------


class _OverBudget(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _OverBudget


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread, Unix) with _OverBudget."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> tuple[float, _T]:
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000.0, result


@dataclass(slots=True)
class Row:
    name: str
    ms: list[float]
    note: str = ""

    def stats(self) -> tuple[float, float, float]:
        ms = sorted(self.ms)
        p95 = ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)]
        return statistics.fmean(ms), statistics.median(ms), p95


def nx_dijkstra(g: Any, s: str, t: str) -> tuple[float, list[str]] | None:
    try:
        length, path = nx.bidirectional_dijkstra(g, s, t, weight="w")
    except nx.NetworkXNoPath:
        return None
    return float(length), list(path)


def nx_bfs(g: Any, s: str, t: str) -> list[str] | None:
    try:
        return list(nx.bidirectional_shortest_path(g, s, t))
    except nx.NetworkXNoPath:
        return None


def nx_k(g: Any, s: str, t: str) -> list[list[str]]:
    try:
        return [list(p) for p in islice(nx.shortest_simple_paths(g, s, t, weight="w"), K)]
    except nx.NetworkXNoPath:
        return []


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def weight_of(g: Any, path: Sequence[str]) -> float:
    return math.fsum(float(g.adj[a][b]["w"]) for a, b in pairwise(path))


# -- the run ---------------------------------------------------------------------

Pair = tuple[str, str]


@dataclass(slots=True)
class Comparison:
    ours: Row
    theirs: Row
    note: str


@dataclass(slots=True)
class Bench:
    store: SqliteStore
    g: Any  # the same ties as an nx.Graph, with "w" = -log(strength)

    def ours(self, s: str, t: str, mode: Mode) -> RawPath | None:
        cache = NeighbourCache(self.store.adjacency)
        return best_path(cache, s, t, max_hops=MAX_HOPS, mode=mode)

    def ours_k(self, s: str, t: str) -> list[RawPath]:
        cache = NeighbourCache(self.store.adjacency)
        return k_best_paths(cache, s, t, k=K, max_hops=MAX_HOPS)

    def strongest(self, queries: Sequence[Pair]) -> Comparison:
        ms_ours: list[float] = []
        ms_nx: list[float] = []
        within = agree = ours_none = nx_none = 0
        for s, t in queries:
            ms, mine = timed(self.ours, s, t, Mode.STRONGEST)
            ms_ours.append(ms)
            ms, theirs = timed(nx_dijkstra, self.g, s, t)
            ms_nx.append(ms)
            ours_none += mine is None
            nx_none += theirs is None
            if theirs is not None and len(theirs[1]) - 1 <= MAX_HOPS:
                within += 1
                agree += mine is not None and same(mine.weight, theirs[0])
        return Comparison(
            Row("ours best_path strongest", ms_ours),
            Row("nx.bidirectional_dijkstra", ms_nx),
            f"strongest: networkx's path has <= {MAX_HOPS} hops for {within}/{len(queries)} "
            f"queries; ours is exactly as strong on {agree}/{within} of them. "
            f"No path within {MAX_HOPS} hops (ours): {ours_none}; no path at all (nx): {nx_none}.",
        )

    def shortest(self, queries: Sequence[Pair]) -> tuple[Comparison, list[Pair], list[Pair]]:
        ms_ours: list[float] = []
        ms_nx: list[float] = []
        agree = extra = 0
        near: list[Pair] = []
        far: list[Pair] = []
        for s, t in queries:
            ms, mine = timed(self.ours, s, t, Mode.SHORTEST)
            ms_ours.append(ms)
            ms, path = timed(nx_bfs, self.g, s, t)
            ms_nx.append(ms)
            if path is not None and len(path) - 1 <= MAX_HOPS:
                near.append((s, t))
                agree += mine is not None and mine.hops == len(path) - 1
            else:
                far.append((s, t))
                extra += mine is not None
        comparison = Comparison(
            Row("ours best_path shortest", ms_ours),
            Row("nx.bidirectional_shortest_path", ms_nx),
            f"shortest: networkx's path has <= {MAX_HOPS} hops for {len(near)}/{len(queries)} "
            f"queries; ours has the same hop count on {agree}/{len(near)}, and finds no path "
            f"on the other {len(far) - extra}/{len(far)}.",
        )
        return comparison, near, far

    def k_best(self, sample: Sequence[Pair], n_near: int, seconds: float) -> Comparison:
        ms_ours: list[float] = []
        ms_nx: list[float] = []
        over = comparable = agree = 0
        for s, t in sample:
            ms, mine = timed(self.ours_k, s, t)
            ms_ours.append(ms)
            start = time.perf_counter()
            theirs: list[list[str]] | None
            try:
                with budget(seconds):
                    theirs = nx_k(self.g, s, t)
            except _OverBudget:
                theirs = None
                over += 1
            ms_nx.append((time.perf_counter() - start) * 1000.0)
            if theirs and all(len(p) - 1 <= MAX_HOPS for p in theirs):
                comparable += 1
                wanted = [weight_of(self.g, p) for p in theirs]
                agree += len(mine) >= len(wanted) and all(
                    same(m.weight, w) for m, w in zip(mine, wanted, strict=False)
                )
        note = f"{over} over the {seconds:g}s budget, counted at it" if over else ""
        return Comparison(
            Row(f"ours k_best_paths k={K}", ms_ours),
            Row(f"islice(nx.shortest_simple_paths, {K})", ms_nx, note),
            f"k={K}: {len(sample)} queries, {n_near} within {MAX_HOPS} hops; networkx's {K} "
            f"paths all have <= {MAX_HOPS} hops for {comparable}, and ours are exactly as "
            f"strong, in order, on {agree}/{comparable}.",
        )


def print_table(comparisons: Sequence[Comparison]) -> None:
    header = f"{'method':<40} {'n':>4} {'mean':>9} {'p50':>9} {'p95':>9}"
    print(header)
    print("-" * len(header))
    for c in comparisons:
        for row in (c.ours, c.theirs):
            mean, p50, p95 = row.stats()
            line = f"{row.name:<40} {len(row.ms):>4} {mean:>9.2f} {p50:>9.2f} {p95:>9.2f}"
            print(line + (f"  ({row.note})" if row.note else ""))
        ours, theirs = c.ours.stats(), c.theirs.stats()
        ratios = " ".join(f"{t / o:>8.1f}x" for t, o in zip(theirs, ours, strict=True))
        print(f"{'  ratio networkx / ours':<40} {'':>4} {ratios}")
    print()
    for c in comparisons:
        print(c.note)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_paths", description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--k-queries", type=int, default=20, help="sample for k=3 (default 20)")
    parser.add_argument(
        "--k-budget", type=float, default=3.0, help="seconds per networkx k=3 query (default 3)"
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    graph = generate(args.people, args.seed)
    t1 = time.perf_counter()
    store = load_store(graph)
    t2 = time.perf_counter()
    g = networkx_graph(graph)
    t3 = time.perf_counter()
    degrees = sorted(d for _, d in g.degree())
    print(
        f"graph: {g.number_of_nodes():,} people, {g.number_of_edges():,} ties, "
        f"mean degree {2 * g.number_of_edges() / g.number_of_nodes():.1f}, "
        f"median {degrees[len(degrees) // 2]}, p99 {degrees[int(0.99 * len(degrees))]}, "
        f"max {degrees[-1]}, isolated {degrees.count(0)}"
    )
    print(
        f"generated in {t1 - t0:.1f}s, loaded into SqliteStore in {t2 - t1:.1f}s, "
        f"nx.Graph with -log weights in {t3 - t2:.1f}s"
    )
    bench = Bench(store, g)
    queries = pick_queries(g, graph.ids, args.queries, args.seed)
    for s, t in queries[:5]:  # warm up
        bench.ours(s, t, Mode.STRONGEST)
        nx_dijkstra(g, s, t)

    strongest = bench.strongest(queries)
    shortest, near, far = bench.shortest(queries)
    n_near = min(len(near), math.ceil(0.75 * args.k_queries))
    sample = near[:n_near] + far[: args.k_queries - n_near]
    k_best = bench.k_best(sample, n_near, args.k_budget)

    print()
    print(f"{len(queries)} queries (k={K}: {len(sample)}), max_hops={MAX_HOPS}, times in ms")
    print_table([strongest, shortest, k_best])
    print(f"total {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
