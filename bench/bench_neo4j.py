"""Warm-path queries on a real Neo4j server, side by side with the embedded store.

    python -m bench.bench_neo4j [--people 100000] [--queries 100] [--seed 1] [--reuse]
        [--mean-degree D] [--no-lock] [--bulk-home DIR --bulk-lib DIR] [--import-only]

One run generates a synthetic bundle (seed/generate.py), loads it into a
SqliteStore and into Neo4j, picks random (salesperson or person, person)
pairs and times the same strongest-path queries (max_hops=4; k=1, then k=3)
four ways:

(a) through the Neo4j store: the whole service (`warm_paths`, with the read
    that explains each hop), the store's own search call (`store.best_paths`)
    and the bare layered search over `store.adjacency`;
(b) the identical layered search, its per-layer adjacency read typed directly
    into the driver (the text of queries/read_adjacency.cypher): the store
    layer's own overhead is (a) bare against (b);
(c) the obvious single Cypher statement, a variable-length match ordered by
    the product of strengths (on a capped sample, each with a timeout);
(d) the embedded networkx store through the same service.

Everything that needs the database contents runs under an exclusive lock on
/tmp/graph-mtl-neo4j.lock (the convention of everyone sharing the server).
The server is `NEO4J_URI` (bolt://127.0.0.1:7687), user `NEO4J_USERNAME`
(neo4j), password `NEO4J_PASSWORD` (graph-mtl-dev).

The store loads the bundle as one staged import (transactions of 10,000 rows,
made visible at the end in one small transaction): its rate in ties per second
is printed beside the embedded store's load and the goal (>= 50,000 ties/s).
With --bulk-home, the same bundle is also written as a new database by
`neo4j-admin database import full` (neo4j_bulk.py) into that Neo4j home, which no
running server may use (a scratch folder is fine): its rate beside the goal
(>= 300,000 ties/s). Both rates also per CPU second of the processes involved
(the client's, and the server's read from /proc when --server-pid is given),
since a loaded machine stretches wall time. --no-lock: the server is a
throwaway one of your own (scripts/neo4j/start.sh with NEO4J_DIR and ports of
its own), not the shared one.
The ratios printed at the end: the service over the store's search call, and
the store's search call over the same search typed into the driver (goals
<= 1.2x each).
"""

from __future__ import annotations

import argparse
import fcntl
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, LiteralString

import neo4j
from neo4j.exceptions import Neo4jError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.pathfinding import Mode, NeighbourCache, best_path, k_best_paths
from graph_mtl.domain.ports import Adjacency
from graph_mtl.errors import NotFound
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.paths import warm_paths
from graph_mtl.stores.cypher import query
from graph_mtl.stores.neo4j_bulk import admin_arguments, write_admin_files
from graph_mtl.stores.neo4j_store import Neo4jStore
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

__all__ = ["main"]

LOCK_PATH = Path("/tmp/graph-mtl-neo4j.lock")
MAX_HOPS = 4
MODE = Mode.STRONGEST
REL_TOL = 1e-9
WARMUP_PAIRS = 3

# The text the store runs for `adjacency`, straight from queries/read_adjacency.cypher.
ADJACENCY_CYPHER: LiteralString = query("read_adjacency")

# The single-statement alternative: every walk of 1..4 KNOWS, best product first.
VARLEN_CYPHER = (
    "MATCH p=(s:Person {id:$s})-[:KNOWS*1..4]-(t:Person {id:$t}) "
    "WITH p, reduce(x=1.0, r IN relationships(p) | x*r.strength) AS strength "
    "RETURN p, strength ORDER BY strength DESC LIMIT $k"
)

# What the database holds, from the count store (no scans).
COUNTED = ("people", "ties", "customers", "channels", "works_at")
COUNT_CYPHER = (
    "CALL () { MATCH (n:Person) RETURN count(n) AS people } "
    "CALL () { MATCH ()-[r:KNOWS]->() RETURN count(r) AS ties } "
    "CALL () { MATCH (n:Customer) RETURN count(n) AS customers } "
    "CALL () { MATCH (n:Channel) RETURN count(n) AS channels } "
    "CALL () { MATCH ()-[r:WORKS_AT]->() RETURN count(r) AS works_at } "
    "RETURN people, ties, customers, channels, works_at"
)

SETTINGS_CYPHER = (
    "SHOW SETTINGS YIELD name, value WHERE name IN "
    "['server.memory.heap.max_size', 'dbms.memory.transaction.total.max', "
    "'server.memory.pagecache.size'] RETURN name, value ORDER BY name"
)


Pair = tuple[str, str]
Strengths = tuple[float, ...]
"""The strengths of the paths a method found for a pair, best first."""


# -- the layered search with its adjacency read typed into the driver --------
@dataclass
class FetchStats:
    """What the adjacency reads of one query cost: round trips, ids, ties, time."""

    calls: int = 0
    ids: int = 0
    ties: int = 0
    seconds: float = 0.0
    server_ms: float = 0.0  # available_after + consumed_after, as the server reports

    def reset(self) -> None:
        self.calls = self.ids = self.ties = 0
        self.seconds = self.server_ms = 0.0


class RawAdjacency:
    """`Neo4jStore.adjacency` without the store: the driver call, the dict by hand."""

    def __init__(self, driver: neo4j.Driver, stats: FetchStats) -> None:
        self._driver = driver
        self.stats = stats

    def __call__(self, ids: Collection[str]) -> Adjacency:
        start = time.perf_counter()
        records, summary, _ = self._driver.execute_query(
            ADJACENCY_CYPHER, ids=list(ids), routing_=neo4j.RoutingControl.READ
        )
        out = {r["id"]: list(zip(r["others"], r["strengths"], strict=True)) for r in records}
        self.stats.seconds += time.perf_counter() - start
        self.stats.calls += 1
        self.stats.ids += len(ids)
        self.stats.ties += sum(len(v) for v in out.values())
        self.stats.server_ms += (summary.result_available_after or 0) + (
            summary.result_consumed_after or 0
        )
        return out


class TimedFetch:
    """Wraps a store's `adjacency` to count its calls and the time spent in it."""

    def __init__(self, fetch: Callable[[Collection[str]], Adjacency], stats: FetchStats) -> None:
        self._fetch = fetch
        self.stats = stats

    def __call__(self, ids: Collection[str]) -> Adjacency:
        start = time.perf_counter()
        out = self._fetch(ids)
        self.stats.seconds += time.perf_counter() - start
        self.stats.calls += 1
        self.stats.ids += len(ids)
        self.stats.ties += sum(len(v) for v in out.values())
        return out


def search(fetch: Callable[[Collection[str]], Adjacency], pair: Pair, k: int) -> Strengths:
    """The domain's layered search (Yen's for k > 1) over `fetch`; no explanations."""
    cache = NeighbourCache(fetch)
    source, target = pair
    if k == 1:
        path = best_path(cache, source, target, max_hops=MAX_HOPS, mode=MODE)
        return () if path is None else (path.strength,)
    paths = k_best_paths(cache, source, target, k=k, max_hops=MAX_HOPS, mode=MODE)
    return tuple(p.strength for p in paths)


def store_call(store: Neo4jStore, pair: Pair, k: int) -> Strengths:
    """The store's own search call, without the service around it."""
    paths = store.best_paths(pair[0], pair[1], k=k, max_hops=MAX_HOPS, mode=MODE)
    return tuple(p.strength for p in paths)


def service(store: Neo4jStore | SqliteStore, pair: Pair, k: int) -> Strengths:
    paths = warm_paths(store, pair[0], pair[1], mode=MODE, max_hops=MAX_HOPS, k=k)
    return tuple(p.strength for p in paths)


class TimedOut(Exception):
    """The server stopped a statement at its transaction timeout."""


def varlength(driver: neo4j.Driver, pair: Pair, k: int, timeout: float) -> Strengths:
    """(c): one variable-length MATCH, best product of strengths first."""
    statement = neo4j.Query(VARLEN_CYPHER, timeout=timeout)
    try:
        records, _, _ = driver.execute_query(
            statement, s=pair[0], t=pair[1], k=k, routing_=neo4j.RoutingControl.READ
        )
    except Neo4jError as exc:
        if "TransactionTimedOut" in (exc.code or ""):
            raise TimedOut from exc
        raise
    return tuple(float(r["strength"]) for r in records)


# -- measuring ---------------------------------------------------------------
@dataclass
class Method:
    label: str
    short: str
    run: Callable[[Pair], Strengths]
    stats: FetchStats | None = None


@dataclass
class Outcome:
    """One method over the sample: per-pair time, answer and fetch counters."""

    label: str
    short: str
    seconds: dict[int, float] = field(default_factory=dict)
    answers: dict[int, Strengths] = field(default_factory=dict)
    timeouts: list[int] = field(default_factory=list)
    fetches: list[FetchStats] = field(default_factory=list)


def measure(methods: Sequence[Method], pairs: Sequence[Pair]) -> list[Outcome]:
    """Every method on every pair, the methods' order rotating from pair to pair."""
    outcomes = [Outcome(m.label, m.short) for m in methods]
    for i, pair in enumerate(pairs):
        for j in range(len(methods)):
            m = (i + j) % len(methods)
            method, outcome = methods[m], outcomes[m]
            if method.stats is not None:
                method.stats.reset()
            start = time.perf_counter()
            outcome.answers[i] = method.run(pair)
            outcome.seconds[i] = time.perf_counter() - start
            if method.stats is not None:
                s = method.stats
                outcome.fetches.append(FetchStats(s.calls, s.ids, s.ties, s.seconds, s.server_ms))
    return outcomes


def measure_varlength(
    driver: neo4j.Driver, pairs: Sequence[Pair], k: int, timeout: float, label: str
) -> Outcome:
    outcome = Outcome(label, "(c)")
    for i, pair in enumerate(pairs):
        start = time.perf_counter()
        try:
            outcome.answers[i] = varlength(driver, pair, k, timeout)
        except TimedOut:
            outcome.timeouts.append(i)
        outcome.seconds[i] = time.perf_counter() - start
    return outcome


# -- the report --------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def agree(a: Strengths, b: Strengths) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=REL_TOL) for x, y in zip(a, b, strict=True)
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f}"


def print_table(title: str, outcomes: Sequence[Outcome], reference: Outcome) -> None:
    print(f"\n{title}")
    header = f"{'method':<46}{'n':>5}{'mean ms':>10}{'p50 ms':>10}{'p95 ms':>10}"
    print(header + f"{'mean/(a)svc':>13}{'p50/(a)svc':>12}")
    print("-" * (len(header) + 25))
    for outcome in outcomes:
        times = list(outcome.seconds.values())
        same = [reference.seconds[i] for i in outcome.seconds]
        mean, ref_mean = statistics.fmean(times), statistics.fmean(same)
        p50, ref_p50 = percentile(times, 0.5), percentile(same, 0.5)
        label = outcome.label
        if outcome.timeouts:
            label += f" [{len(outcome.timeouts)} timed out]"
        print(
            f"{label:<46}{len(times):>5}{ms(mean):>10}{ms(p50):>10}"
            f"{ms(percentile(times, 0.95)):>10}{mean / ref_mean:>12.2f}x{p50 / ref_p50:>11.2f}x"
        )


def print_ratio(bare: Outcome, raw: Outcome) -> None:
    a, b = list(bare.seconds.values()), list(raw.seconds.values())
    print(
        f"(a) bare / (b) raw driver: mean {statistics.fmean(a) / statistics.fmean(b):.3f}x, "
        f"p50 {percentile(a, 0.5) / percentile(b, 0.5):.3f}x, "
        f"p95 {percentile(a, 0.95) / percentile(b, 0.95):.3f}x"
    )


def print_goal(label: str, slow: Outcome, fast: Outcome) -> None:
    a, b = list(slow.seconds.values()), list(fast.seconds.values())
    p50 = percentile(a, 0.5) / percentile(b, 0.5)
    print(
        f"{label}: p50 {p50:.2f}x, mean {statistics.fmean(a) / statistics.fmean(b):.2f}x "
        f"(goal <= 1.2x: {'met' if p50 <= 1.2 else 'NOT met'})"
    )


def print_fetches(outcomes: Sequence[Outcome]) -> None:
    print("adjacency reads per query (means):")
    print(
        f"  {'method':<44}{'reads':>7}{'ids':>9}{'ties':>9}{'read ms':>10}"
        f"{'server ms':>11}{'search ms':>11}"
    )
    for outcome in outcomes:
        f, n = outcome.fetches, len(outcome.fetches)
        if not n:
            continue
        total = statistics.fmean(outcome.seconds.values())
        read = sum(x.seconds for x in f) / n
        server = sum(x.server_ms for x in f) / n
        print(
            f"  {outcome.label:<44}{sum(x.calls for x in f) / n:>7.1f}"
            f"{sum(x.ids for x in f) / n:>9.0f}{sum(x.ties for x in f) / n:>9.0f}"
            f"{ms(read):>10}{(f'{server:9.2f}' if server else '        -'):>11}"
            f"{ms(total - read):>11}"
        )


def print_agreement(exact: Sequence[Outcome], cypher: Outcome) -> bool:
    first, *rest = exact
    bad = [i for i in first.answers if any(not agree(first.answers[i], o.answers[i]) for o in rest)]
    names = " = ".join(o.short for o in exact)
    print(
        f"agreement {names} (strengths, rel tol {REL_TOL:g}): "
        f"{len(first.answers) - len(bad)}/{len(first.answers)} pairs"
    )
    for i in bad[:5]:
        print(f"  pair {i}: " + "; ".join(f"{o.short} {o.answers[i]}" for o in exact))
    found = [i for i in first.answers if first.answers[i]]
    hops_note = f"{len(found)}/{len(first.answers)} pairs have a path within {MAX_HOPS} hops"
    print(hops_note)
    done = sorted(cypher.answers)
    same = [i for i in done if agree(cypher.answers[i], first.answers[i])]
    top = [
        i
        for i in done
        if agree(cypher.answers[i][:1], first.answers[i][:1])  # best strength only
    ]
    print(
        f"agreement (c) with (a): {len(same)}/{len(done)} finished queries "
        f"(best strength alone: {len(top)}/{len(done)}); "
        f"{len(cypher.timeouts)} of {len(cypher.seconds)} timed out"
    )
    for i in [i for i in done if i not in same][:5]:
        print(f"  pair {i}: (c) {cypher.answers[i]} vs (a) {first.answers[i]}")
    return not bad


# -- loading -----------------------------------------------------------------
@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the shared server's lock (other users of the server take it too)."""
    with path.open("a") as handle:
        if not _try_lock(handle):
            print(f"waiting for the lock {path} ...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def database_counts(driver: neo4j.Driver) -> dict[str, int]:
    records, _, _ = driver.execute_query(COUNT_CYPHER, routing_=neo4j.RoutingControl.READ)
    return {key: int(records[0][key]) for key in COUNTED}


def expected_counts(bundle: Bundle) -> dict[str, int]:
    """What `database_counts` says when the database holds exactly `bundle`."""
    return {
        "people": len(bundle.people),
        "ties": len(bundle.ties),
        "customers": len(bundle.customers),
        "channels": len(bundle.channels),
        "works_at": sum(p.customer_id is not None for p in bundle.people),
    }


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def chunks(bundle: Bundle, size: int) -> list[Bundle]:
    """The bundle as smaller bundles that load in order: catalogue and customers,
    people, ties, then channels, reach and opportunities."""
    parts = [
        Bundle(
            customers=bundle.customers,
            needs=bundle.needs,
            roles=bundle.roles,
            customer_needs=bundle.customer_needs,
            capabilities=bundle.capabilities,
        )
    ]
    parts += [
        Bundle(people=bundle.people[i : i + size]) for i in range(0, len(bundle.people), size)
    ]
    parts += [Bundle(ties=bundle.ties[i : i + size]) for i in range(0, len(bundle.ties), size)]
    parts.append(
        Bundle(channels=bundle.channels, reach=bundle.reach, opportunities=bundle.opportunities)
    )
    return parts


ONLINE_GOAL = 50_000
BULK_GOAL = 300_000


@dataclass
class Rates:
    """Ties per second of each import of the bundle, for the closing summary."""

    ties: int
    embedded: float = math.nan
    online: float = math.nan
    bulk: float = math.nan
    lines: list[str] = field(default_factory=list)

    def add(self, label: str, seconds: float, cpu: float | None, goal: int | None) -> float:
        rate = self.ties / seconds
        line = f"  {label}: {seconds:.1f} s, {rate:,.0f} ties/s"
        if cpu:
            line += f"; {cpu:.1f} CPU s, {self.ties / cpu:,.0f} ties per CPU s"
        if goal:
            line += f" (goal >= {goal:,}: {rate / goal:.2f}x of it)"
        print(line, flush=True)
        self.lines.append(line)
        return rate

    def summary(self) -> None:
        print("\nimport rates, same bundle, same run:")
        for line in self.lines:
            print(line)
        for name, rate in (("online", self.online), ("bulk", self.bulk)):
            if not math.isnan(rate) and not math.isnan(self.embedded):
                print(f"  {name} / embedded: {rate / self.embedded:.2f}x")
        print(f"  load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds of this process (its children too), and of `pid`'s."""
    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    if pid is not None:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def load_neo4j(
    driver: neo4j.Driver, bundle: Bundle, rates: Rates, *, reuse: bool, server_pid: int | None
) -> None:
    """Get `bundle` into the database (or find it there), printing the import's rate."""
    found = database_counts(driver)
    if reuse and found == expected_counts(bundle):
        print(f"  neo4j: reused, the database holds {_counts(found)}")
        return
    wipe(driver, found)
    store = Neo4jStore(driver)
    store.load(Bundle())  # the schema first: its constraints are not the import's time
    start, cpu = time.perf_counter(), cpu_seconds(server_pid)
    store.load(bundle)
    seconds = time.perf_counter() - start
    used = cpu_seconds(server_pid) - cpu
    label = "neo4j online import (Neo4jStore.load, staged)"
    rates.online = rates.add(label, seconds, used if server_pid else None, ONLINE_GOAL)


def bulk_load(bundle: Bundle, rates: Rates, *, home: Path, lib: Path, heap: str) -> None:
    """`neo4j-admin database import full` of the bundle into `home` (no server running)."""
    home.mkdir(parents=True, exist_ok=True)
    admin = ["java", f"-Xmx{heap}", "-cp", f"{lib.resolve()}/*", "org.neo4j.cli.AdminTool"]
    os.environ["NEO4J_HOME"] = str(home.resolve())
    os.environ.pop("NEO4J_CONF", None)
    with tempfile.TemporaryDirectory(prefix="bench-neo4j-admin-") as tmp:
        start, cpu = time.perf_counter(), cpu_seconds(None)
        files = write_admin_files(bundle, Path(tmp))
        written, written_cpu = time.perf_counter() - start, cpu_seconds(None) - cpu
        done = subprocess.run(
            [*admin, *admin_arguments(files, database="neo4j")],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        used = cpu_seconds(None) - cpu
    if done.returncode != 0:
        print((done.stdout + done.stderr)[-3000:])
        raise SystemExit("neo4j-admin database import failed")
    lines = done.stdout.splitlines()
    at = next((i for i, x in enumerate(lines) if "IMPORT DONE" in x), len(lines))
    said = ", ".join(x.strip() for x in lines[at : at + 5] if x.strip())
    print(f"  admin tool: {said}; CSV files written in {written:.1f} s ({written_cpu:.1f} CPU s)")
    label = "neo4j bulk import (CSV files + neo4j-admin database import full)"
    rates.bulk = rates.add(label, seconds, used, BULK_GOAL)


def wipe(driver: neo4j.Driver, found: dict[str, int]) -> None:
    """Neo4jStore.clear(): deletes in batches of 10,000 nodes, so any size fits the heap."""
    start = time.perf_counter()
    Neo4jStore(driver).clear()
    print(f"  neo4j clear ({_counts(found)} before): {_since(start)}", flush=True)


def _since(start: float) -> str:
    return f"{time.perf_counter() - start:.1f} s"


# -- the run -----------------------------------------------------------------
def pick_pairs(bundle: Bundle, count: int, rng: random.Random) -> list[Pair]:
    """(a salesperson or anyone, anyone else): salespeople half of the time."""
    everyone = sorted(p.id for p in bundle.people)
    sales = sorted(p.id for p in bundle.people if p.is_salesperson) or everyone
    pairs: list[Pair] = []
    while len(pairs) < count:
        source = rng.choice(sales) if rng.random() < 0.5 else rng.choice(everyone)
        target = rng.choice(everyone)
        if target != source:
            pairs.append((source, target))
    return pairs


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_neo4j", description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--mean-degree", type=float, default=None, help="ties per person x 2 (default ~8)"
    )
    parser.add_argument(
        "--no-lock", action="store_true", help="the server is your own: take no shared lock"
    )
    parser.add_argument("--server-pid", type=int, default=None, help="for its CPU seconds")
    parser.add_argument("--bulk-home", type=Path, default=None, help="bulk-import here too")
    parser.add_argument("--bulk-lib", type=Path, default=Path(".neo4j/lib"))
    parser.add_argument("--bulk-heap", default="4g", help="the admin tool's heap")
    parser.add_argument("--no-online", action="store_true", help="skip the online import")
    parser.add_argument(
        "--import-only", action="store_true", help="time the imports, not the queries"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="skip the Neo4j load when the database already holds the bundle's counts, "
        "and leave the graph there afterwards (without it, the run deletes its graph)",
    )
    parser.add_argument(
        "--cypher-queries", type=int, default=20, help="sample size for (c), the first pairs"
    )
    parser.add_argument("--cypher-timeout", type=float, default=10.0, help="seconds, for (c)")
    parser.add_argument(
        "--hub-queries",
        type=int,
        default=5,
        help="also time k=1 from this many best-connected people, (c) included (0: skip)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    began = time.perf_counter()
    print(
        f"bench_neo4j: {args.people} people, {args.queries} queries (+{args.hub_queries} from "
        f"hubs), seed {args.seed}, mode {MODE}, max_hops {MAX_HOPS}; (c) on the first "
        f"{args.cypher_queries} pairs, timeout {args.cypher_timeout:g} s"
    )
    with tempfile.TemporaryDirectory(prefix="bench-neo4j-") as tmp:
        start = time.perf_counter()
        write_bundle(Path(tmp), people=args.people, seed=args.seed, mean_degree=args.mean_degree)
        generated = time.perf_counter() - start
        start = time.perf_counter()
        bundle = read_bundle(Path(tmp))
        read = time.perf_counter() - start
    counts = ", ".join(f"{v} {k}" for k, v in bundle.counts().items() if v)
    print(f"bundle: {counts}")
    print(f"  generate {generated:.1f} s, read_bundle {read:.1f} s")

    rates = Rates(len(bundle.ties))
    embedded = SqliteStore()
    start, cpu = time.perf_counter(), cpu_seconds(None)
    embedded.load(bundle)
    seconds = time.perf_counter() - start
    used = cpu_seconds(None) - cpu
    rates.embedded = rates.add("embedded load (SqliteStore.load)", seconds, used, None)
    if args.bulk_home is not None:
        bulk_load(bundle, rates, home=args.bulk_home, lib=args.bulk_lib, heap=args.bulk_heap)
    if args.no_online:
        rates.summary()
        return 0

    rng = random.Random(args.seed)
    warmup = pick_pairs(bundle, WARMUP_PAIRS, rng)
    pairs = pick_pairs(bundle, args.queries, rng)
    hubs = hub_pairs(bundle, args.hub_queries, rng)
    scenarios = [
        Scenario("random pairs", 1, pairs, pairs[: args.cypher_queries]),
        Scenario("random pairs", 3, pairs, pairs[: args.cypher_queries]),
    ]
    if hubs:
        scenarios.append(Scenario("from the best-connected people", 1, hubs, hubs))

    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    auth = (
        os.environ.get("NEO4J_USERNAME", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", "graph-mtl-dev"),
    )
    driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    try:
        with nullcontext() if args.no_lock else locked(LOCK_PATH):
            if not args.no_lock:
                print(f"  lock {LOCK_PATH} taken after {time.perf_counter() - began:.1f} s")
            print(f"  server: {server_memory(driver)}")
            try:
                load_neo4j(driver, bundle, rates, reuse=args.reuse, server_pid=args.server_pid)
                ok = intact(driver, bundle, "after the load")
                if not args.import_only:
                    try:
                        ran = run_queries(driver, embedded, warmup, scenarios, args.cypher_timeout)
                    except NotFound as exc:
                        print(f"ABORTED: {exc} (someone cleared the database without the lock)")
                        ran = False
                    ok = ran and ok
                    ok = intact(driver, bundle, "after the queries") and ok
            finally:
                leave(driver, keep=args.reuse)
    finally:
        driver.close()
    rates.summary()
    print(f"total {time.perf_counter() - began:.1f} s")
    return 0 if ok else 1


def leave(driver: neo4j.Driver, *, keep: bool) -> None:
    """Delete the benchmark's graph, unless it is kept for the next `--reuse` run."""
    print()
    if keep:
        print("left in the database for the next --reuse run (the tests clear it)")
        return
    start = time.perf_counter()
    Neo4jStore(driver).clear()
    print(f"the benchmark's graph deleted: {_since(start)}")


def intact(driver: neo4j.Driver, bundle: Bundle, when: str) -> bool:
    """Whether the database holds just the bundle (others may ignore the lock)."""
    found, wanted = database_counts(driver), expected_counts(bundle)
    if found == wanted:
        return True
    print(
        f"WARNING: {when}, the database holds {_counts(found)}; expected {_counts(wanted)} "
        "(someone wrote to it without the lock); the timings below may not be representative",
        flush=True,
    )
    return False


@dataclass
class Scenario:
    title: str
    k: int
    pairs: Sequence[Pair]
    cypher_pairs: Sequence[Pair]


def run_queries(
    driver: neo4j.Driver,
    embedded: SqliteStore,
    warmup: Sequence[Pair],
    scenarios: Sequence[Scenario],
    timeout: float,
) -> bool:
    store = Neo4jStore(driver)
    ok = True
    for scenario in scenarios:
        k = scenario.k
        bare_stats, raw_stats = FetchStats(), FetchStats()
        bare_fetch = TimedFetch(store.adjacency, bare_stats)
        raw_fetch = RawAdjacency(driver, raw_stats)
        methods = [
            Method(
                "(a) Neo4j store: warm_paths service", "(a) service", partial(service, store, k=k)
            ),
            Method(
                "(a) Neo4j store: best_paths call",
                "(a) store",
                partial(store_call, store, k=k),
            ),
            Method(
                "(a) Neo4j store: bare search",
                "(a) bare",
                partial(search, bare_fetch, k=k),
                bare_stats,
            ),
            Method(
                "(b) raw driver: same search, same Cypher",
                "(b) raw",
                partial(search, raw_fetch, k=k),
                raw_stats,
            ),
            Method(
                "(d) networkx store: warm_paths service",
                "(d) networkx",
                partial(service, embedded, k=k),
            ),
        ]
        measure(methods, warmup)
        varlength(driver, ("-", "-"), k, timeout)  # plans and caches the statement
        outcomes = measure(methods, scenario.pairs)
        cypher = measure_varlength(
            driver, scenario.cypher_pairs, k, timeout, f"(c) Cypher [:KNOWS*1..4], LIMIT {k}"
        )
        service_a, call, bare, raw, nx_service = outcomes
        search_word = "best_path" if k == 1 else "k_best_paths (Yen)"
        print_table(
            f"{scenario.title}, k={k}: strongest, max_hops={MAX_HOPS}, {len(scenario.pairs)} "
            f"pairs ((c): first {len(scenario.cypher_pairs)}; bare/raw = {search_word})",
            [service_a, call, bare, raw, cypher, nx_service],
            service_a,
        )
        print_goal("(a) service / (a) store's best_paths", service_a, call)
        print_goal("(a) store's best_paths / (b) raw driver", call, raw)
        print_ratio(bare, raw)
        print_fetches([bare, raw])
        ok = print_agreement([service_a, call, bare, raw, nx_service], cypher) and ok
    return ok


def hub_pairs(bundle: Bundle, count: int, rng: random.Random) -> list[Pair]:
    """(one of the `count` best-connected people, anyone else): the heavy tail."""
    degree = Counter(t.source for t in bundle.ties) + Counter(t.target for t in bundle.ties)
    everyone = sorted(p.id for p in bundle.people)
    pairs: list[Pair] = []
    for hub, _ in sorted(degree.items(), key=lambda item: (-item[1], item[0]))[:count]:
        target = rng.choice(everyone)
        while target == hub:
            target = rng.choice(everyone)
        pairs.append((hub, target))
    return pairs


def server_memory(driver: neo4j.Driver) -> str:
    """The server's version, heap and transaction memory pool, as far as it tells."""
    try:
        records, _, _ = driver.execute_query(SETTINGS_CYPHER, routing_=neo4j.RoutingControl.READ)
        info = driver.get_server_info()
    except Neo4jError:
        return "settings not readable"
    settings = ", ".join(f"{r['name']}={r['value']}" for r in records)
    return f"{info.agent}; {settings}"


if __name__ == "__main__":
    sys.exit(main())
