"""The embedded store at 100k people / 1M ties and 1M / 10M, side by side with the
obvious alternatives, in one run:

    python -m bench.bench_store [--sizes 100000,1000000] [--mean-degree 20]
                                [--queries 200] [--seed 1] [--work DIR]

For each size: a bundle from seed/generate.py (kept in --work between runs),
then, each figure beside its goal:
- import: `graph-mtl import` as a process of its own (wall time, peak RSS);
- one CLI `paths` call against `graph-mtl --help` (median of 5, peak RSS);
- strongest <= 4 hops, fewest hops <= 4 and k = 5 over random pairs, ours
  (`SqliteStore.best_paths`) against the plain pure-Python meet-in-the-middle
  (bench/reference.py) over a dict of lists and networkx
  (`bidirectional_dijkstra`, `bidirectional_shortest_path`; no hop limit, so
  their answers are compared only where they have at most 4 hops);
- one salesperson's bounded tree (`paths_from`, 4 hops) over the whole graph,
  against the domain's pure-Python `paths_from` over the same store;
- an API process (`graph-mtl serve --workers 2`) after a burst of requests:
  each worker's RSS, and how much of the index mapping the two share (Pss).
Timed in one process, one after another, on the same queries.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import networkx as nx

from bench.reference import Adjacency, reference_shortest, reference_strongest
from graph_mtl.domain.pathfinding import Mode, NeighbourCache, paths_from
from graph_mtl.services.access import issue_key
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

GRAPH_MTL = [sys.executable, "-m", "graph_mtl"]


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    ours: float
    other: float | None = None
    other_name: str = ""
    goal: str = ""
    unit: str = "ms"

    def line(self) -> str:
        ours = f"{self.ours:,.2f} {self.unit}"
        if self.other is None:
            return f"  {self.name:<46}{ours:>14}   goal {self.goal}"
        ratio = self.other / self.ours if self.ours else math.inf
        other = f"{self.other:,.2f} {self.unit}"
        return (
            f"  {self.name:<46}{ours:>14}   {self.other_name} {other} "
            f"({ratio:,.1f}x)   goal {self.goal}"
        )


_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, status, file=sys.stderr)
"""
"""Runs a command and reports its wall time and peak RSS on stderr. Linux carries a
process's peak RSS across exec, so a command forked straight from this (large)
benchmark process would report at least the benchmark's own size: the small
launcher forks it instead."""


def _measured(command: Sequence[str], **kw: Any) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one command run as its own process."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command], capture_output=True, text=True, **kw
    )
    *_, report = done.stderr.strip().splitlines() or [""]
    wall, rss, status = report.split() if report.count(" ") == 2 else ("0", "0", "-1")
    if done.returncode != 0 or status != "0":
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return float(wall), int(rss) / 1024, done.stdout


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    found = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, found


def run_size(people: int, args: argparse.Namespace) -> list[Figure]:
    folder = args.work / f"bundle-{people}-{args.mean_degree:g}"
    if not (folder / "ties.csv").exists():
        write_bundle(folder, people=people, seed=args.seed, mean_degree=args.mean_degree)
    with open(folder / "ties.csv", encoding="utf-8") as lines:
        ties = sum(1 for _ in lines) - 1
    print(f"\n== {people:,} people, {ties:,} ties (mean degree {2 * ties / people:.1f})")
    store_path = args.work / f"store-{people}.db"
    for leftover in store_path.parent.glob(store_path.name + "*"):
        leftover.unlink()
    figures: list[Figure] = []

    wall, rss, _ = _measured([*GRAPH_MTL, "import", str(folder), "--store", str(store_path)])
    figures += [
        Figure("import (wall)", wall, unit="s", goal="<= 60 s at 10M ties"),
        Figure("import (peak RSS)", rss, unit="MB", goal="<= 2,048 MB"),
    ]

    store = SqliteStore(store_path)
    rng = random.Random(args.seed)
    ids = [f"p{i}" for i in range(people - max(1, people // 20000))]
    pairs = [tuple(rng.sample(ids, 2)) for _ in range(args.queries)]
    target = pairs[0][1]
    helps = [_measured([*GRAPH_MTL, "--help"]) for _ in range(5)]
    calls = [
        _measured([*GRAPH_MTL, "paths", "--from", "s0", "--to", target, "--store", str(store_path)])
        for _ in range(5)
    ]
    help_wall = statistics.median(h[0] for h in helps)
    call_wall = statistics.median(c[0] for c in calls)
    figures += [
        Figure("one CLI paths call (wall)", call_wall, help_wall, "--help", "<= 3x --help", "s"),
        Figure(
            "one CLI paths call (peak RSS)", max(c[1] for c in calls), unit="MB", goal="<= 300 MB"
        ),
    ]

    print("  building the alternatives' graphs (dict of lists, networkx) ...", flush=True)
    graph = store.graph()
    number = {i: n for i, n in store._id_map.numbers(ids).items()}
    adjacency: dict[int, list[tuple[int, float]]] = {}
    offsets, neighbours, strengths = (
        graph.base.offsets.tolist(),
        graph.base.neighbours.tolist(),
        graph.base.strengths.tolist(),
    )
    for n in range(len(offsets) - 1):
        start, end = offsets[n], offsets[n + 1]
        if end > start:
            adjacency[n] = list(zip(neighbours[start:end], strengths[start:end], strict=True))
    del offsets, neighbours, strengths
    g = nx.Graph()
    for n, row in adjacency.items():
        for m, s in row:
            if n < m:
                g.add_edge(n, m, w=-math.log(s))
    figures += _searches(store, adjacency, g, pairs, number)
    del g

    ours_tree, _ = _timed(lambda: store.paths_from("s0", max_hops=4))
    plain_tree, _ = _timed(lambda: paths_from(NeighbourCache(store.adjacency), "s0", max_hops=4))
    figures.append(
        Figure(
            "one salesperson's bounded tree, 4 hops",
            ours_tree,
            plain_tree,
            "domain paths_from",
            "<= 1,000 ms",
        )
    )
    figures += _api(store_path, store)
    return figures


def _searches(
    store: SqliteStore,
    adjacency: Adjacency,
    g: Any,
    pairs: Sequence[tuple[str, ...]],
    number: dict[str, int],
) -> list[Figure]:
    timings: dict[str, list[float]] = {}
    agree = {"strongest": [0, 0], "shortest": [0, 0]}

    def note(name: str, ms: float) -> None:
        timings.setdefault(name, []).append(ms)

    for a, b in pairs:
        na, nb = number[a], number[b]
        ms, ours = _timed(store.best_paths, a, b, k=1, max_hops=4)
        note("ours strongest", ms)
        ms, ref = _timed(reference_strongest, adjacency, na, nb, 4)
        note("reference strongest", ms)
        if (ours and ref) or (not ours and not ref):
            agree["strongest"][0] += 1
        if ours and ref and not math.isclose(ours[0].strength, ref[0], rel_tol=1e-9):
            raise AssertionError(f"{a}->{b}: ours {ours[0].strength} reference {ref[0]}")
        ms, ours_short = _timed(store.best_paths, a, b, k=1, max_hops=4, mode=Mode.SHORTEST)
        note("ours shortest", ms)
        ms, _ = _timed(reference_shortest, adjacency, na, nb, 4)
        note("reference shortest", ms)
        ms, _ = _timed(store.best_paths, a, b, k=5, max_hops=4)
        note("ours k=5", ms)
        if na in g and nb in g:
            ms, nx_short = _timed(_nx_bfs, g, na, nb)
            note("networkx bidirectional_shortest_path", ms)
            if nx_short is not None and len(nx_short) - 1 <= 4:
                agree["shortest"][1] += 1
                agree["shortest"][0] += bool(ours_short) and ours_short[0].hops == len(nx_short) - 1
    # networkx's Dijkstra has no hop limit and takes seconds a query here: a sample.
    for a, b in pairs[: max(10, len(pairs) // 10)]:
        na, nb = number[a], number[b]
        if na in g and nb in g:
            ms, _ = _timed(_nx_dijkstra, g, na, nb)
            note("networkx bidirectional_dijkstra", ms)
    print(
        f"  agreement: strongest found/none as the reference on {agree['strongest'][0]} of "
        f"{len(pairs)}; fewest hops equal to networkx's on {agree['shortest'][0]} of the "
        f"{agree['shortest'][1]} where networkx's has <= 4 hops"
    )
    p50 = {k: _percentile(v, 0.5) for k, v in timings.items()}
    p95 = {k: _percentile(v, 0.95) for k, v in timings.items()}
    return [
        Figure(
            "strongest <= 4 hops p50",
            p50["ours strongest"],
            p50["reference strongest"],
            "reference",
            "<= 2 ms, >= 2x the reference",
        ),
        Figure(
            "strongest <= 4 hops p95",
            p95["ours strongest"],
            p95["reference strongest"],
            "reference",
            "<= 10 ms",
        ),
        Figure(
            "strongest <= 4 hops p50 vs networkx",
            p50["ours strongest"],
            p50.get("networkx bidirectional_dijkstra"),
            "nx.bidirectional_dijkstra",
            ">= 100x",
        ),
        Figure(
            "fewest hops <= 4 p50",
            p50["ours shortest"],
            p50.get("networkx bidirectional_shortest_path"),
            "nx.bidirectional_shortest_path",
            "no slower than networkx",
        ),
        Figure(
            "fewest hops <= 4 p50 vs reference",
            p50["ours shortest"],
            p50["reference shortest"],
            "reference BFS",
            "",
        ),
        Figure("k = 5 <= 4 hops p50", p50["ours k=5"], goal="<= 20 ms"),
        Figure("k = 5 <= 4 hops p95", p95["ours k=5"], goal=""),
    ]


def _nx_bfs(g: Any, a: int, b: int) -> list[int] | None:
    try:
        path: list[int] = nx.bidirectional_shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        return None
    return path


def _nx_dijkstra(g: Any, a: int, b: int) -> Any:
    try:
        return nx.bidirectional_dijkstra(g, a, b, weight="w")
    except nx.NetworkXNoPath:
        return None


def _api(store_path: Path, store: SqliteStore) -> list[Figure]:
    key = issue_key(store, "s0", today=date.today()).key
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*GRAPH_MTL, "serve", "--store", str(store_path), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        rng = random.Random(3)
        auth = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
            for _ in range(200):  # new connections, so both workers take some
                client.get(
                    "/paths",
                    params={"to": f"p{rng.randrange(1000)}"},
                    headers={"Connection": "close"},
                )
        workers = [int(p) for p in _children(server.pid)]
        rss = [_status_kb(p, "VmRSS") / 1024 for p in workers]
        index_rss, index_pss = zip(*(_mapping(p, store.index_path) for p in workers), strict=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [
        Figure("API worker RSS (largest of 2)", max(rss), unit="MB", goal="<= 1,536 MB"),
        Figure(
            "index pages in each worker (RSS)", max(index_rss), unit="MB", goal="shared: Pss below"
        ),
        Figure(
            "index pages, each worker's share (Pss)",
            max(index_pss),
            unit="MB",
            goal="~ RSS / 2 when shared",
        ),
    ]


def _children(pid: int) -> list[str]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return found or [str(pid)]


def _status_kb(pid: int, field: str) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def _mapping(pid: int, path: Path) -> tuple[float, float]:
    """RSS and Pss (MB) of the process's mapping of `path`."""
    rss = pss = 0.0
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            inside = line.endswith(str(path))
        elif inside and line.startswith("Rss:"):
            rss += float(line.split()[1]) / 1024
        elif inside and line.startswith("Pss:"):
            pss += float(line.split()[1]) / 1024
    return rss, pss


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--mean-degree", type=float, default=20.0)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = {int(s): run_size(int(s), args) for s in args.sizes.split(",")}
    for people, figures in results.items():
        print(f"\n== summary, {people:,} people")
        for figure in figures:
            print(figure.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
