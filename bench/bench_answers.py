"""Answers beside the search under them, on an existing embedded store, in one run:

    python -m bench.bench_answers --store FILE [--queries 200] [--committees 40]
                                  [--seed 1] [--api] [--skip-reference]

Side by side, each query timed for every contender before the next query (so a
noisy machine slows them alike; the searches staggered so that none follows
another of the same pair, `searches`), p50 and p95 in ms, and the ratio each goal is
about:
- the bare search (`SqliteStore.best_paths`, k = 1, at most 4 hops), strongest
  and fewest hops, against bench/reference.py over a dict of lists built from
  the index (goal: no slower at p50); beside it the array search alone on index
  rows (`array_search.k_best_paths`, no id look-ups), to tell the store's share.
  The reference's fewest hops is any path of fewest ties, found with an exit at
  the first meeting; ours is the strongest of them, ties by ids, so it finishes
  the layer where the sides meet;
- a warm path through the service (`warm_paths`, every hop explained) from the
  salesperson s0, plain and as the API sees it (`TeamView`), against the bare
  search of the same pair (goal: within 1.5x);
- a committee (`committee`, with the playbook's seats as the API asks) against
  one warm path through the service (goal: within 3x);
- with `--api`: the same two through `uvicorn api.app:create_app` (one worker, one
  client, loopback) against the service in this process (goal: within 2 ms).
The load average is printed before and after: the machine may be shared.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bench.reference import reference_shortest, reference_strongest
from graph_mtl.domain.models import CustomerStatus
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.access import issue_key
from graph_mtl.services.committee import committee
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores import array_search
from graph_mtl.stores.sqlite_store import SqliteStore

SALESPERSON = "s0"


class Timings:
    """Wall time and this thread's CPU time of each call: on a shared machine the
    CPU time shows the work, the wall time what a caller waits (both listed)."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def run(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        cpu, start = time.thread_time(), time.perf_counter()
        found = fn(*args, **kwargs)
        self.ms.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        self.cpu.setdefault(name, []).append((time.thread_time() - cpu) * 1000)
        return found

    def p(self, name: str, q: float, *, cpu: bool = False) -> float:
        ordered = sorted((self.cpu if cpu else self.ms)[name])
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self, name: str, against: str, goal: str, *, cpu: bool = True) -> str:
        ours, other = self.p(name, 0.5), self.p(against, 0.5)
        text = (
            f"  {name:<30} wall p50 {ours:7.2f} p95 {self.p(name, 0.95):7.2f} | "
            f"{against:<30} wall p50 {other:7.2f} | {ours / other:5.2f}x"
        )
        if cpu:
            ours_cpu, other_cpu = self.p(name, 0.5, cpu=True), self.p(against, 0.5, cpu=True)
            text += f" | cpu p50 {ours_cpu:6.2f} vs {other_cpu:6.2f}: {ours_cpu / other_cpu:5.2f}x"
        return text + f"   goal {goal}"


def _reference_adjacency(store: SqliteStore) -> dict[int, list[tuple[int, float]]]:
    base = store.graph().base
    offsets = base.offsets.tolist()
    neighbours, strengths = base.neighbours.tolist(), base.strengths.tolist()
    return {
        n: list(zip(neighbours[a:b], strengths[a:b], strict=True))
        for n, (a, b) in enumerate(itertools.pairwise(offsets))
        if b > a
    }


def searches(store: SqliteStore, pairs: Sequence[tuple[str, str]], t: Timings) -> None:
    """Each contender on every pair, staggered: at each step contender c runs the
    pair c * len(pairs) / 6 ahead of the first's, so that no call comes just after
    another that read the same pair's data (the reference fewest hops right after
    the reference strongest would find its rows warm in the cache, say) and all
    run cold alike; and all six run at each step, so a noisy machine slows them
    alike."""
    adjacency = _reference_adjacency(store)
    graph = store.graph()
    numbers = store._id_map.numbers({p for pair in pairs for p in pair})
    for a, b in pairs[:5]:  # warm up
        store.best_paths(a, b, k=1, max_hops=4)

    def bare(a: str, b: str, mode: Mode) -> Any:
        return store.best_paths(a, b, k=1, max_hops=4, mode=mode)

    def array(a: str, b: str, mode: Mode) -> Any:
        return array_search.k_best_paths(graph, numbers[a], numbers[b], k=1, max_hops=4, mode=mode)

    def reference(a: str, b: str, mode: Mode) -> Any:
        search = reference_strongest if mode is Mode.STRONGEST else reference_shortest
        return search(adjacency, numbers[a], numbers[b], 4)

    contenders = [
        (f"{name} {label}", fn, mode)
        for mode, label in ((Mode.STRONGEST, "strongest"), (Mode.SHORTEST, "fewest hops"))
        for name, fn in (("bare", bare), ("array", array), ("reference", reference))
    ]
    found: dict[tuple[str, int], Any] = {}
    for step in range(len(pairs)):
        for c, (name, fn, mode) in enumerate(contenders):
            i = (step + c * len(pairs) // len(contenders)) % len(pairs)
            found[name, i] = t.run(name, fn, *pairs[i], mode)
    for i, (a, b) in enumerate(pairs):
        ours, ref = found["bare strongest", i], found["reference strongest", i]
        if bool(ours) != bool(ref):
            raise AssertionError(f"{a}->{b}: ours {ours} reference {ref}")
        short, ref_short = found["bare fewest hops", i], found["reference fewest hops", i]
        if bool(short) != bool(ref_short) or (
            short and ref_short and short[0].hops != len(ref_short) - 1
        ):
            raise AssertionError(f"{a}->{b}: fewest hops differ")


def answers(store: SqliteStore, targets: Sequence[str], t: Timings) -> None:
    view = TeamView.of(store, SALESPERSON)
    for target in targets[:5]:
        warm_paths(view, SALESPERSON, target)
    for target in targets:
        t.run("bare s0 -> target", store.best_paths, SALESPERSON, target, k=1, max_hops=4)
        t.run("service warm path", warm_paths, store, SALESPERSON, target)
        view = TeamView.of(store, SALESPERSON)  # one per request, as the API makes it
        t.run("service warm path (team view)", warm_paths, view, SALESPERSON, target)


def _committee(store: SqliteStore, customer: str, seats: Any) -> Any:
    """A committee as the API asks for it: seen by the salesperson, with the seats."""
    return committee(TeamView.of(store, SALESPERSON), customer, SALESPERSON, seats=seats)


def _get(client: Any, url: str, params: dict[str, str]) -> None:
    client.get(url, params=params).raise_for_status()


def committees(store: SqliteStore, customers: Sequence[str], t: Timings) -> None:
    seats = load_playbook(None).committees
    for customer in customers[:3]:
        committee(TeamView.of(store, SALESPERSON), customer, SALESPERSON, seats=seats)
    for customer in customers:
        t.run("committee (team view)", _committee, store, customer, seats)


def api(
    path: Path,
    store: SqliteStore,
    targets: Sequence[str],
    customers: Sequence[str],
    t: Timings,
) -> None:
    import httpx

    key = issue_key(store, SALESPERSON, today=date.today()).key
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"),
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
            "--no-access-log",
        ],
        env={**os.environ, "GRAPH_MTL_STORE": str(path)},
        cwd=Path(__file__).parents[1],
    )
    base = f"http://127.0.0.1:{port}"
    seats = load_playbook(None).committees
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for target in targets[:5]:
                client.get("/paths", params={"to": target}).raise_for_status()
            for target in targets:
                t.run(
                    "API warm path",
                    _get,
                    client,
                    "/paths",
                    {"to": target},
                )
                view = TeamView.of(store, SALESPERSON)
                t.run("service (team view), same run", warm_paths, view, SALESPERSON, target)
            for customer in customers:
                t.run(
                    "API committee",
                    _get,
                    client,
                    f"/customers/{customer}/committee",
                    {},
                )
                t.run(
                    "committee, same run",
                    _committee,
                    store,
                    customer,
                    seats,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--committees", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--api", action="store_true")
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}", flush=True)
    store = SqliteStore(args.store)
    graph = store.graph()
    people = graph.size
    rng = random.Random(args.seed)
    ids = [f"p{i}" for i in range(people - max(1, people // 20000))]
    pairs = [(a, b) for a, b in (rng.sample(ids, 2) for _ in range(args.queries))]
    targets = [rng.choice(ids) for _ in range(args.queries)]
    customers = [c.id for c in store.customers(status=CustomerStatus.TARGET)]
    picked = rng.sample(customers, min(args.committees, len(customers)))
    print(f"{people:,} people, {len(graph.base.neighbours) // 2:,} ties", flush=True)
    t = Timings()
    if not args.skip_reference:
        searches(store, pairs, t)
    answers(store, targets, t)
    committees(store, picked, t)
    if args.api:
        api(args.store, store, targets[: max(20, args.queries // 2)], picked, t)
    print(f"\nms, {args.queries} queries, {len(picked)} committees")
    if not args.skip_reference:
        print(t.line("bare strongest", "reference strongest", "<= 1x"))
        print(t.line("bare fewest hops", "reference fewest hops", "<= 1x"))
        print(t.line("array strongest", "reference strongest", "(no id look-ups)"))
        print(t.line("array fewest hops", "reference fewest hops", "(no id look-ups)"))
    print(t.line("service warm path", "bare s0 -> target", "<= 1.5x"))
    print(t.line("service warm path (team view)", "bare s0 -> target", "<= 1.5x"))
    if picked:
        print(t.line("committee (team view)", "service warm path (team view)", "<= 3x"))
    if args.api:
        print(t.line("API warm path", "service (team view), same run", "<= +2 ms", cpu=False))
        print(t.line("API committee", "committee, same run", "", cpu=False))
    print(f"load average after: {os.getloadavg()}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
