"""The HTTP API under load: uvicorn on loopback, a generated graph, concurrent clients.

    python -m bench.bench_api [--people 100000] [--clients 16] [--duration 30] [--seed 1]
                              [--paths-share 0.5]

One run generates a synthetic bundle (seed/generate.py) and imports it into an
embedded store file under bench/out/ (kept, and reused by later runs with the
same size and seed), makes an API key for the salesperson s0, and starts
`uvicorn api.app:create_app` in a process of its own on 127.0.0.1. Then
`--clients` concurrent clients (httpx, asyncio) ask for `--duration` seconds,
each in a loop, one request at a time: a share (`--paths-share`, half by
default) a warm path from s0 to a random person (`GET /paths`, strongest, at
most 4 hops), the rest the committee of a random target customer
(`GET /customers/{id}/committee`: every member's path, door openers, gaps).
A warm-up of a few seconds runs first and is not counted. One server process
answers (the embedded store is one process's memory), so a slow group delays
the paths queued behind it: `--paths-share 1` shows the paths alone.

It prints the throughput, the p50/p95/p99 latency (whole request, as the
client sees it), per kind too, and the error count (any status but 200, or a
transport error). Only loopback traffic; the server is stopped at the end.
The other salespeople (s1, s2, …) have not opted in to the team network, so
every request also applies that rule.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from graph_mtl.domain.models import CustomerStatus
from graph_mtl.services.access import issue_key
from graph_mtl.services.imports import import_bundle
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

OUT = Path(__file__).parent / "out"
SALESPERSON = "s0"
WARM_UP_S = 3.0


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"paths": [], "group": []})
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def prepare(people: int, seed: int) -> tuple[Path, list[str], list[str]]:
    """The store file, people to ask paths to, target customers to ask committees of."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"api-{people}-{seed}.json"
    if not path.exists():
        bundle = OUT / f"api-bundle-{people}-{seed}"
        started = time.perf_counter()
        write_bundle(bundle, people=people, seed=seed)
        store = SqliteStore(path)
        counts = import_bundle(store, bundle).imported
        took = time.perf_counter() - started
        print(
            f"generated and imported {counts['people']} people, {counts['ties']} ties in {took:.0f} s"
        )
    with closing(SqliteStore(path)) as store:
        ids = [p.id for p in store.export().people if not p.is_salesperson]
        targets = [c.id for c in store.customers(status=CustomerStatus.TARGET)]
    return path, ids, targets


def new_key(path: Path) -> str:
    with closing(SqliteStore(path)) as store:
        return issue_key(store, SALESPERSON, today=date.today()).key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(path: Path, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "api.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    env = {**os.environ, "GRAPH_MTL_STORE": str(path)}
    return subprocess.Popen(command, env=env, cwd=Path(__file__).parents[1])


def wait_until_up(base: str, process: subprocess.Popen[bytes], limit_s: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {limit_s:.0f} s")


async def client(
    http: httpx.AsyncClient,
    rng: random.Random,
    people: list[str],
    targets: list[str],
    until: float,
    tally: Tally | None,
    share: float,
) -> None:
    while (now := time.perf_counter()) < until:
        if rng.random() < share:
            kind, url = "paths", f"/paths?to={rng.choice(people)}"
        else:
            kind, url = "group", f"/customers/{rng.choice(targets)}/committee"
        try:
            response = await http.get(url)
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        if tally is None:
            continue
        if status == "200":
            tally.latencies[kind].append(time.perf_counter() - now)
        else:
            tally.error(f"{kind} {status}")


async def load(
    base: str,
    key: str,
    people: list[str],
    targets: list[str],
    clients: int,
    duration: float,
    share: float,
) -> tuple[Tally, float]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as http:
        warm_until = time.perf_counter() + WARM_UP_S
        await asyncio.gather(
            *(
                client(http, random.Random(-i), people, targets, warm_until, None, share)
                for i in range(clients)
            )
        )
        tally = Tally()
        started = time.perf_counter()
        until = started + duration
        await asyncio.gather(
            *(
                client(http, random.Random(i), people, targets, until, tally, share)
                for i in range(clients)
            )
        )
        return tally, time.perf_counter() - started


def ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.1f}"


def report(tally: Tally, elapsed: float, clients: int) -> None:
    every = tally.latencies["paths"] + tally.latencies["group"]
    errors = sum(tally.errors.values())
    print(f"clients {clients}, measured {elapsed:.1f} s (after a {WARM_UP_S:.0f} s warm-up)")
    print(
        f"requests {len(every) + errors}, ok {len(every)}, errors {errors}"
        + (f" ({tally.errors})" if tally.errors else "")
    )
    print(f"throughput {len(every) / elapsed:.1f} req/s")
    print(f"{'':8} {'n':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'mean ms':>9}")
    for name, values in (("all", every), *tally.latencies.items()):
        mean = f"{statistics.fmean(values) * 1000:.1f}" if values else "-"
        print(
            f"{name:8} {len(values):>7} {ms(values, 0.50):>9} {ms(values, 0.95):>9} "
            f"{ms(values, 0.99):>9} {mean:>9}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--paths-share", type=float, default=0.5)
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.duration <= 600:
        parser.error("--clients in 1..64 and --duration in 1..600 s")
    if not 0 <= args.paths_share <= 1:
        parser.error("--paths-share in 0..1")

    path, people, targets = prepare(args.people, args.seed)
    key = new_key(path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(path, port)
    try:
        print(f"server up in {wait_until_up(base, server):.1f} s on {base}")
        print(
            f"graph: {len(people)} people, {len(targets)} target customers; from {SALESPERSON}; "
            f"paths share {args.paths_share:g}"
        )
        tally, elapsed = asyncio.run(
            load(base, key, people, targets, args.clients, args.duration, args.paths_share)
        )
        report(tally, elapsed, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
