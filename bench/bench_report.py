"""The referral-chain report at scale, against a naive loop of networkx path queries.

    python -m bench.bench_report [--people 1000000] [--customers 10000] [--sample 200]
                                 [--bundle-customers 25000] [--seed 7] [--workers N]
                                 [--serial] [--naive-budget 240] [--keep DIR]

Generates a bundle with `seed.generate.write_bundle` (people, and bundle-customers
customers, ~40% of them targets), imports it into the in-memory `SqliteStore`, and
builds the report of salesperson s0 over the first `--customers` target accounts by
priority, with `--workers` processes (default: the cores). `--serial` runs it once
more in one process, to show what the workers bring.

The naive baseline: one `nx.bidirectional_dijkstra` (weight -log strength, no hop
limit: networkx has none for weighted paths) from the salesperson to each key person,
on the same graph as a plain `nx.Graph` built outside the timings. It is timed on a
random sample of the report's distinct key persons (stopping early after
`--naive-budget` seconds) and extrapolated to all of them; the ratio is that
extrapolation over the report's wall time. The naive loop finds best paths only;
the report also finds door openers, gaps and channels, scores the accounts and
explains every hop. Peak memory is the maximum resident set of this process and
of the largest worker; a worker's pages are mostly shared with this process (it is
forked), so their sum is an upper bound.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graph_mtl.domain.pathfinding import Mode, NeighbourCache, paths_from
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.report import Report, build_report
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

SALESPERSON = "s0"
MAX_HOPS = 4

_T = TypeVar("_T")


def _timed(label: str, work: Callable[[], _T]) -> tuple[_T, float]:
    began = time.perf_counter()
    result = work()
    took = time.perf_counter() - began
    print(f"{label}: {took:.1f} s", flush=True)
    return result, took


def _gb(kilobytes: int) -> str:
    return f"{kilobytes / 1024 / 1024:.2f} GB"  # ru_maxrss is in KiB on Linux


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _networkx_graph(store: SqliteStore, ids: list[str]) -> Any:
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for start in range(0, len(ids), 100_000):
        batch = store.adjacency(ids[start : start + 100_000])
        graph.add_weighted_edges_from(
            ((a, b, -math.log(s)) for a, ns in batch.items() for b, s in ns if a < b), weight="w"
        )
    return graph


def _naive(
    graph: Any, report: Report, sample: int, budget: float, seed: int
) -> tuple[list[float], int, list[str]]:
    """Seconds per networkx query on a sample of the key persons, how many key persons
    in all, and what the sample says about our chains against networkx's paths."""
    chains = {m.id: m.chain for s in report.customers for c in s.committees for m in c.members}
    people = sorted(chains)
    picked = random.Random(seed).sample(people, min(sample, len(people)))
    times: list[float] = []
    with_chain = weaker = short = same = 0
    deadline = time.perf_counter() + budget
    for person in picked:
        began = time.perf_counter()
        try:
            weight, path = nx.bidirectional_dijkstra(graph, SALESPERSON, person, weight="w")
        except nx.NetworkXNoPath:
            path = None
        times.append(time.perf_counter() - began)
        chain = chains[person]
        if chain is not None and path is not None:
            with_chain += 1
            best = math.exp(-weight)  # networkx has no hop limit: never weaker than ours
            weaker += chain.strength <= best * (1 + 1e-9)
            if len(path) - 1 <= MAX_HOPS:
                short += 1
                same += math.isclose(chain.strength, best, rel_tol=1e-9)
        if time.perf_counter() > deadline:
            break
    notes = [
        f"{with_chain} sampled have a chain within {MAX_HOPS} ties; networkx's unbounded "
        f"best path is at least as strong for {weaker} of them",
        f"{short} of its paths have <= {MAX_HOPS} ties; ours exactly as strong in {same}",
    ]
    return times, len(people), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000, help="target accounts reported")
    parser.add_argument("--sample", type=int, default=200, help="key persons for the naive loop")
    parser.add_argument("--bundle-customers", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=_workers())
    parser.add_argument("--serial", action="store_true", help="also run with one process")
    parser.add_argument("--naive-budget", type=float, default=240.0, help="seconds at most")
    parser.add_argument("--keep", type=Path, default=None, help="keep the bundle in this folder")
    args = parser.parse_args(argv)

    print(
        f"bench_report: {args.people:,} people, {args.bundle_customers:,} customers, "
        f"report over {args.customers:,} targets, {args.workers} workers, "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="graph-mtl-bench-") as scratch:
        folder = args.keep or Path(scratch) / "bundle"
        if not (folder / "ties.csv").exists():
            _timed(
                "generate bundle",
                lambda: write_bundle(
                    folder, people=args.people, seed=args.seed, customers=args.bundle_customers
                ),
            )
        store = SqliteStore()
        counts, _ = _timed("import into SqliteStore", lambda: import_bundle(store, folder).imported)
    print(
        f"  {counts['people']:,} people, {counts['ties']:,} ties, {counts['customers']:,} customers"
    )
    playbook = load_playbook(None)

    def report_with(workers: int) -> Report:
        return build_report(
            store,
            playbook,
            SALESPERSON,
            status="target",
            limit=args.customers,
            max_hops=MAX_HOPS,
            workers=workers,
        )

    report, wall = _timed(f"report ({args.workers} workers)", lambda: report_with(args.workers))
    t = report.totals
    print(
        f"  {t.customers:,} customers, {t.committees:,} committees, {t.key_persons:,} key persons "
        f"({t.people:,} distinct), {t.reached:,} reached, {t.gaps:,} gaps, "
        f"{t.door_openers} door openers, {t.introducers:,} introducers"
    )
    if args.serial:
        alone, serial = _timed("report (1 process)", lambda: report_with(1))
        assert alone == report, "the workers changed the report"
        print(f"  workers speed-up: {serial / wall:.2f}x, same report")
    key_persons = sorted({m.id for s in report.customers for c in s.committees for m in c.members})

    def chains() -> int:
        cache = NeighbourCache(store.adjacency)
        tree = paths_from(cache, SALESPERSON, max_hops=MAX_HOPS, mode=Mode.STRONGEST)
        return sum(tree.path_to(person) is not None for person in key_persons)

    _, chains_only = _timed("chains alone: one paths_from and a path_to per key person", chains)
    for fmt in (ReportFormat.HTML, ReportFormat.CSV):
        text, _ = _timed(f"render {fmt.value}", partial(render, report, fmt))
        print(f"  {len(text.encode('utf-8')) / 1e6:.1f} MB")

    ids = sorted(store.existing("person", [f"p{i}" for i in range(args.people)]) | {SALESPERSON})
    graph, _ = _timed(
        "networkx graph for the naive loop (not timed below)", lambda: _networkx_graph(store, ids)
    )
    times, people, notes = _naive(graph, report, args.sample, args.naive_budget, args.seed)
    mean = statistics.mean(times)
    naive = mean * people
    print(
        f"naive: nx.bidirectional_dijkstra per key person, {len(times)} sampled of "
        f"{people:,}: mean {mean * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms "
        f"-> extrapolated {naive:.0f} s for all of them"
    )
    for note in notes:
        print(f"  {note}")

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"wall time of the report: {wall:.1f} s ({args.workers} workers)")
    print(
        f"peak memory: {_gb(own)} this process, {_gb(workers)} largest worker (shared pages counted in both)"
    )
    print(f"ratio: naive loop (extrapolated) / report = {naive / wall:.1f}x")
    print(f"ratio: naive loop (extrapolated) / chains alone = {naive / chains_only:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
