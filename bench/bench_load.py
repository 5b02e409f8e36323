"""`graph-mtl serve --workers N` under load, each kind measured against a trivial
route in the same run.

    python -m bench.bench_load [--store /tmp/speed-work/store-100000.db]
                               [--workers 1 2] [--clients 16] [--duration 30]
                               [--write-share 0.1] [--committee-share 0.1]
                               [--work /tmp/load-bench]

The store (its `.db` and `.index`) is copied to `--work` (/tmp/load-bench/) before each
worker count, so the writes land in a fresh copy each time; a key is made there
for the salesperson s0 (with a rate limit high enough not to be what is
measured). For each worker count the real `graph-mtl serve --store COPY
--workers N` runs on loopback and `--clients` clients (asyncio, plain HTTP/1.1
keep-alive, one request at a time each) ask for `--duration` seconds in each of
three phases, after a short warm-up each:

    trivial  GET /me: the cheapest route that still checks the key (and the rate)
    paths    GET /paths?to=RANDOM (strongest, at most 4 hops, from s0)
    mix      paths, committees (GET /customers/ID/committee, 10% by default) and
             writes (PUT /ties/A/B of two random people, a unique marker as its
             context, 10% by default)

It prints each phase's req/s and its ratio to the trivial route's, p50/p95/p99
per kind, errors (any status but 200/201, or a transport error); then, with the
server stopped, reads every acknowledged write back from the store and counts
those missing (or overwritten: a pair written twice keeps the last acknowledged
marker); each worker's peak RSS and PSS (/proc/PID/smaps_rollup, each second),
with the resident pages of the memory-mapped search index (shared by the
workers) beside them; and, per phase, the most client connections each worker
held at once (a keep-alive connection stays with the worker that accepted it).
The load average is printed before and after: other work shares the machine, so
the ratios measured in one run are what count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from api.server import KEEP_ALIVE
from bench.bench_api import SALESPERSON, Tally, free_port, ms, wait_until_up
from graph_mtl.domain.models import CustomerStatus
from graph_mtl.services.access import issue_key
from graph_mtl.stores.sqlite_store import SqliteStore

WORK = Path("/tmp/load-bench")
WARM_UP_S = 3.0
TIMEOUT_S = 60.0
IDLE_S = KEEP_ALIVE - 1
KINDS = ("trivial", "paths", "committee", "write")
_MIB = 1024 * 1024


@dataclass
class Graph:
    store: Path
    people: list[str]
    targets: list[str]
    key: str


@dataclass
class Writes:
    """The acknowledged writes: pair -> (acknowledged at, marker)."""

    acked: dict[tuple[str, str], tuple[float, str]] = field(default_factory=dict)

    def ack(self, pair: tuple[str, str], marker: str) -> None:
        self.acked[pair] = (time.perf_counter(), marker)


def copy_store(source: Path, work: Path = WORK) -> Path:
    work.mkdir(exist_ok=True)
    target = work / source.name
    for old in work.glob(source.name + "*"):
        old.unlink()
    for suffix in ("", ".index"):
        shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def prepare(store: Path) -> Graph:
    with closing(SqliteStore(store)) as opened:
        targets = [c.id for c in opened.customers(status=CustomerStatus.TARGET)]
        key = issue_key(opened, SALESPERSON, today=date.today()).key
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        people = [i for (i,) in db.execute("SELECT id FROM people WHERE NOT is_salesperson")]
    return Graph(store, people, targets, key)


# -- the server and its memory ------------------------------------------------------


def start_server(store: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "graph_mtl", "serve", "--store", str(store)]
    command += ["--port", str(port), "--workers", str(workers)]
    env = {**os.environ, "GRAPH_MTL_RATE_LIMIT": "1000000/minute"}
    return subprocess.Popen(
        command,
        env=env,
        cwd=Path(__file__).parents[1],
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the workers are stopped with it, as one group
    )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _connections(pid: int, port: int) -> int:
    """Established TCP connections on `port` among the process's open files."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            if (link := os.readlink(fd)).startswith("socket:["):
                inodes.add(link[8:-1])
    held = 0
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
                row = line.split()
                local_port = int(row[1].rsplit(":", 1)[1], 16)
                held += local_port == port and row[3] == "01" and row[9] in inodes
    return held


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _fields(text: str, wanted: tuple[str, ...]) -> dict[str, int]:
    values: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in wanted:
            values[name] = values.get(name, 0) + int(rest.split()[0]) * 1024
    return values


@dataclass
class Peak:
    rss: int = 0
    pss: int = 0
    index_rss: int = 0
    beyond_index: int = 0
    """Peak RSS less the resident index pages sampled with it."""


class MemoryWatch:
    """Each worker's peak RSS and PSS, sampled every `every` seconds."""

    def __init__(
        self, server: int, workers: int, index: Path, port: int, every: float = 1.0
    ) -> None:
        self.server, self.workers, self.index, self.every = server, workers, index, every
        self.port = port
        self.phase = ""
        self.held: dict[str, dict[int, int]] = {}
        """Per phase, the most client connections each worker held at once."""
        self.peaks: dict[int, Peak] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _pids(self) -> list[int]:
        # one worker: the server process answers itself; more: uvicorn's children
        if self.workers == 1:
            return [self.server]
        return [p for p in _children(self.server) if b"resource_tracker" not in _cmdline(p)]

    def _run(self) -> None:
        rounds = 0
        while not self._stop.wait(self.every):
            for pid in self._pids():
                try:
                    rollup = _fields(Path(f"/proc/{pid}/smaps_rollup").read_text(), ("Rss", "Pss"))
                    index = self._index_rss(pid) if rounds % 5 == 0 else None
                    held = _connections(pid, self.port)
                except OSError:
                    continue
                peak = self.peaks.setdefault(pid, Peak())
                most = self.held.setdefault(self.phase, {})
                most[pid] = max(most.get(pid, 0), held)
                peak.rss = max(peak.rss, rollup.get("Rss", 0))
                peak.pss = max(peak.pss, rollup.get("Pss", 0))
                if index is not None:
                    peak.index_rss = max(peak.index_rss, index)
                    peak.beyond_index = max(peak.beyond_index, rollup.get("Rss", 0) - index)
            rounds += 1

    def _index_rss(self, pid: int) -> int:
        """The resident pages of the mapped search index (shared by the workers)."""
        total, inside = 0, False
        name = str(self.index)
        with open(f"/proc/{pid}/smaps") as smaps:
            for line in smaps:
                head = line.split(maxsplit=6)
                if len(head) >= 5 and "-" in head[0] and ":" not in head[0]:
                    inside = len(head) == 6 and head[5].strip() == name
                elif inside and line.startswith("Rss:"):
                    total += int(line.split()[1]) * 1024
        return total


# -- the clients --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ask:
    kind: str
    url: str
    tie: tuple[str, str] | None = None
    """For a write: the tie's two ends (PUT /ties/A/B)."""
    marker: str = ""


Pick = Callable[[random.Random], Ask]


def trivial(rng: random.Random) -> Ask:
    return Ask("trivial", "/me")


def mixed(graph: Graph, *, committees: float, writes: float) -> Pick:
    def pick(rng: random.Random) -> Ask:
        draw = rng.random()
        if draw < writes:
            a, b = rng.sample(graph.people, 2)
            return Ask("write", f"/ties/{a}/{b}", (a, b), f"load-{uuid.uuid4().hex}")
        if draw < writes + committees:
            return Ask("committee", f"/customers/{rng.choice(graph.targets)}/committee")
        return Ask("paths", f"/paths?to={rng.choice(graph.people)}")

    return pick


class Connection:
    """One keep-alive HTTP/1.1 connection, spoken by hand: httpx costs the client a
    millisecond or more of CPU a request, enough to make the client (on the same
    machine) the limit of a cheap route, not the server."""

    def __init__(self, host: str, port: int, key: str) -> None:
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {key}\r\n"
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.used = 0.0

    async def request(self, method: str, url: str, body: bytes = b"") -> int:
        if self.streams is not None and time.perf_counter() - self.used > IDLE_S:
            self.close()  # the server closes idle connections (as a client's pool does)
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if body else ""
        writer.write(f"{method} {url} HTTP/1.1\r\n{self.head}{extra}\r\n".encode() + body)
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            status = int(head.split(" ", 2)[1])
            fields = dict(line.split(": ", 1) for line in head.split("\r\n")[1:] if ": " in line)
            if fields.get("transfer-encoding") == "chunked":
                while size := int((await reader.readline()).strip(), 16):
                    await reader.readexactly(size + 2)
                await reader.readline()
            else:
                await reader.readexactly(int(fields.get("content-length", "0")))
        except BaseException:
            self.close()
            raise
        if fields.get("connection") == "close":
            self.close()
        self.used = time.perf_counter()
        return status

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def client(
    connection: Connection,
    rng: random.Random,
    pick: Pick,
    until: float,
    tally: Tally | None,
    writes: Writes,
) -> None:
    while (now := time.perf_counter()) < until:
        ask = pick(rng)
        try:
            if ask.tie is None:
                status = await asyncio.wait_for(connection.request("GET", ask.url), TIMEOUT_S)
            else:
                body = {"strength": round(rng.uniform(0.1, 0.9), 2), "context": ask.marker}
                request = connection.request("PUT", ask.url, json.dumps(body).encode())
                status = await asyncio.wait_for(request, TIMEOUT_S)
            label = str(status)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            status, label = 0, type(exc).__name__
        if ask.tie is not None and status in (200, 201):
            a, b = ask.tie
            writes.ack((a, b) if a < b else (b, a), ask.marker)
        if tally is None:
            continue
        if status in (200, 201):
            tally.latencies[ask.kind].append(time.perf_counter() - now)
        else:
            tally.error(f"{ask.kind} {label}")


async def phase(
    port: int, graph: Graph, pick: Pick, clients: int, duration: float, writes: Writes
) -> tuple[Tally, float]:
    connections = [Connection("127.0.0.1", port, graph.key) for _ in range(clients)]

    async def run(seed: int, until: float, tally: Tally | None) -> None:
        await asyncio.gather(
            *(
                client(c, random.Random(seed + i), pick, until, tally, writes)
                for i, c in enumerate(connections)
            )
        )

    try:
        await run(-clients, time.perf_counter() + WARM_UP_S, None)
        tally = Tally(latencies={kind: [] for kind in KINDS})
        started = time.perf_counter()
        await run(0, started + duration, tally)
        return tally, time.perf_counter() - started
    finally:
        for connection in connections:
            connection.close()


# -- the run ------------------------------------------------------------------------


@dataclass
class Result:
    workers: int
    rates: dict[str, float]
    tallies: dict[str, Tally]
    writes: int
    missing: int
    peaks: dict[int, Peak]
    held: dict[str, dict[int, int]]


def missing_writes(store: Path, writes: Writes) -> int:
    with closing(SqliteStore(store)) as opened:
        found = opened.ties(list(writes.acked))
    return sum(
        1
        for pair, (_, marker) in writes.acked.items()
        if pair not in found or found[pair].context != marker
    )


def run_workers(source: Path, workers: int, args: argparse.Namespace) -> Result:
    graph = prepare(copy_store(source, args.work))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(graph.store, port, workers)
    writes = Writes()
    phases: dict[str, Pick] = {
        "trivial": trivial,
        "paths": mixed(graph, committees=0, writes=0),
        "mix": mixed(graph, committees=args.committee_share, writes=args.write_share),
    }
    tallies: dict[str, Tally] = {}
    rates: dict[str, float] = {}
    try:
        print(
            f"\n== --workers {workers}: up in {wait_until_up(base, server):.1f} s; "
            f"{len(graph.people)} people, {len(graph.targets)} target customers, "
            f"from {SALESPERSON}",
            flush=True,
        )
        with MemoryWatch(
            server.pid, workers, graph.store.with_name(graph.store.name + ".index"), port
        ) as watch:
            for name, pick in phases.items():
                watch.phase = name
                tally, elapsed = asyncio.run(
                    phase(port, graph, pick, args.clients, args.duration, writes)
                )
                done = sum(len(v) for v in tally.latencies.values())
                tallies[name], rates[name] = tally, done / elapsed
                print(
                    f"  {name:8} {rates[name]:7.1f} req/s  load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    finally:
        stop_server(server)
    return Result(
        workers,
        rates,
        tallies,
        len(writes.acked),
        missing_writes(graph.store, writes),
        watch.peaks,
        watch.held,
    )


def report(result: Result) -> None:
    floor = result.rates["trivial"]
    print(f"\n--workers {result.workers}")
    print(
        f"{'phase':8} {'req/s':>8} {'ratio':>6}  {'kind':10} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}  errors"
    )
    for name, tally in result.tallies.items():
        first = True
        for kind, values in tally.latencies.items():
            if not values:
                continue
            head = (
                f"{name:8} {result.rates[name]:8.1f} {result.rates[name] / floor:6.0%}"
                if first
                else " " * 24
            )
            errors = sum(n for k, n in tally.errors.items() if k.startswith(kind))
            print(
                f"{head}  {kind:10} {len(values):>6} {ms(values, 0.5):>8} {ms(values, 0.95):>8} {ms(values, 0.99):>8}  {errors}"
            )
            first = False
        if tally.errors:
            print(f"{'':24}  errors: {tally.errors}")
    print(f"acknowledged writes {result.writes}, missing afterwards {result.missing}")
    for pid, peak in sorted(result.peaks.items()):
        print(
            f"worker {pid}: peak RSS {peak.rss / _MIB:.0f} MiB, PSS {peak.pss / _MIB:.0f} MiB, "
            f"index resident {peak.index_rss / _MIB:.0f} MiB, RSS beyond it "
            f"{peak.beyond_index / _MIB:.0f} MiB"
        )
    for name, most in result.held.items():
        shares = ", ".join(str(most[pid]) for pid in sorted(most))
        print(f"{name}: the most client connections each worker held at once: {shares}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/speed-work/store-100000.db"))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--work", type=Path, default=WORK, help="where the store is copied (default: %(default)s)"
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--committee-share", type=float, default=0.1)
    parser.add_argument("--write-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.duration <= 600:
        parser.error("--clients in 1..64 and --duration in 1..600 s")
    if (
        args.committee_share < 0
        or args.write_share < 0
        or args.committee_share + args.write_share > 1
    ):
        parser.error("--committee-share and --write-share: at least 0, together at most 1")

    print(f"load average before: {os.getloadavg()}")
    results = [run_workers(args.store, n, args) for n in args.workers]
    print(f"load average after: {os.getloadavg()}")
    for result in results:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
