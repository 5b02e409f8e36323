"""The team report on each engine, beside one salesperson's report.

    python -m bench.bench_team_report [--people 1000000] [--mean-degree 20]
        [--salespeople 20] [--accounts 10000] [--bundle-customers 25000]
        [--engines local,ray] [--workers 2] [--seed 7] [--keep DIR]

Generates a bundle (`seed.generate.write_bundle`: one salesperson per 20,000
people, so 20 salespeople need 400,000 people or more), imports it into a store
file, then runs, each in a fresh process: one salesperson's report (s0, its
`--accounts` target accounts of highest priority) and the team report of the
first `--salespeople` salespeople over their `--accounts` accounts each, on every
engine of `--engines`. Every run writes JSON files, as `report` does.

Each run's wall time, and its peak memory: the sum over the run's process and
all its descendants (forked workers; Ray's raylet, object store and workers,
which Ray starts below the process that calls `ray.init`) of their proportional
set size (PSS: each shared page divided among the processes that map it, so
the sum counts the index and the object store once), sampled every 0.2 s, and
beside it the sum of their resident sets (RSS, shared pages counted once per
process). Ray runs on `--workers` CPUs here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat
from graph_mtl.reports import write as write_report
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.report import build_report
from graph_mtl.services.report.engines import Engine, LocalEngine
from graph_mtl.services.report.team import build_team_report
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

MAX_HOPS = 4


def _tree(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    """Sum of PSS and of RSS over `pids`, in KiB."""
    pss = rss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss


def _measured(argv: list[str]) -> dict[str, float]:
    """Run this module with `argv` in a fresh process; its answer, wall time, peak memory."""
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_team_report", *argv], stdout=subprocess.PIPE, text=True
    )
    peak_pss = peak_rss = 0
    while child.poll() is None:
        pss, rss = _memory(_tree(child.pid))
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.2)
    wall = time.perf_counter() - began
    assert child.stdout is not None
    out = child.stdout.read()
    if child.returncode:
        raise SystemExit(f"run {argv} failed ({child.returncode})")
    found: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return found | {"wall": wall, "pss_gb": peak_pss / 2**20, "rss_gb": peak_rss / 2**20}


def _run(args: argparse.Namespace) -> None:
    """Inside the measured process: one run, its own timing on the last line."""
    store = SqliteStore(Path(args.store))
    playbook = load_playbook(None)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    if args.run == "single":
        report = build_report(
            store, playbook, "s0", limit=args.accounts, max_hops=MAX_HOPS, workers=args.workers
        )
        with (out / "s0.json").open("w", encoding="utf-8") as stream:
            write_report(report, ReportFormat.JSON, stream)
        answer = {"customers": report.totals.customers, "key_persons": report.totals.key_persons}
    else:
        engine: Engine
        if args.run == "ray":
            from graph_mtl.services.report.ray_engine import RayEngine

            engine = RayEngine(num_cpus=args.workers)
        else:
            engine = LocalEngine(args.workers)
        team = [m.id for m in store.team()][: args.salespeople]

        def write(report: object) -> None:
            from graph_mtl.services.report import Report

            assert isinstance(report, Report)
            with (out / f"{report.source}.json").open("w", encoding="utf-8") as stream:
                write_report(report, ReportFormat.JSON, stream)

        try:
            found = build_team_report(
                store,
                playbook,
                engine=engine,
                source=None,
                salespeople=team,
                limit=args.accounts,
                max_hops=MAX_HOPS,
                workers=args.workers if args.run == "local" else 1,
                each=write,
            )
        finally:
            engine.close()
        (out / "team.json").write_text(found.model_dump_json(), encoding="utf-8")
        answer = {"accounts": len(found.accounts), "key_persons": found.key_persons}
    print(json.dumps(answer | {"inside": time.perf_counter() - began}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=20.0)
    parser.add_argument("--salespeople", type=int, default=20)
    parser.add_argument("--accounts", type=int, default=10_000, help="per salesperson")
    parser.add_argument("--bundle-customers", type=int, default=25_000)
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="keep the bundle and store here")
    parser.add_argument("--run", choices=["single", "local", "ray"], help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        _run(args)
        return 0
    with tempfile.TemporaryDirectory(prefix="graph-mtl-bench-") as scratch:
        folder = args.keep or Path(scratch)
        bundle, store_path = folder / "bundle", folder / "graph.db"
        if not (bundle / "ties.csv").exists():
            write_bundle(
                bundle,
                people=args.people,
                seed=args.seed,
                customers=args.bundle_customers,
                mean_degree=args.mean_degree,
            )
        if not store_path.exists():
            store = SqliteStore(store_path)
            counts = import_bundle(store, bundle).imported
            store.close()
            print(f"imported {counts['people']:,} people, {counts['ties']:,} ties", flush=True)
        store = SqliteStore(store_path)
        team = len(store.team())
        store.close()
        n = min(args.salespeople, team)
        print(
            f"bench_team_report: {args.people:,} people, {n} of {team} salespeople x "
            f"{args.accounts:,} target accounts, {args.workers} workers/CPUs, "
            f"{os.cpu_count()} cores",
            flush=True,
        )
        common = ["--store", str(store_path), "--salespeople", str(n)]
        common += ["--accounts", str(args.accounts), "--workers", str(args.workers)]
        runs = ["single", *args.engines.split(",")]
        results = {}
        for run in runs:
            out = folder / f"out-{run}"
            results[run] = found = _measured(["--run", run, "--out", str(out), *common])
            print(
                f"{run:>6}: {found['wall']:.1f} s wall ({found['inside']:.1f} s in the run), "
                f"peak PSS {found['pss_gb']:.2f} GB, RSS {found['rss_gb']:.2f} GB; "
                + ", ".join(
                    f"{k} {v:,.0f}"
                    for k, v in found.items()
                    if k in {"accounts", "customers", "key_persons"}
                ),
                flush=True,
            )
        engines = [r for r in runs if r != "single"]
        if len(engines) == 2:
            a, b = (folder / f"out-{e}" for e in engines)
            same = all((a / p.name).read_bytes() == p.read_bytes() for p in sorted(b.iterdir()))
            print(f"the engines' files are the same byte for byte: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
