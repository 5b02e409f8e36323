"""`graph-mtl import` of a generated CSV bundle, beside a plain SQLite insert of the
same rows measured in the same run:

    python -m bench.bench_import [--people 1000000] [--mean-degree 20] [--seed 1]
                                 [--work DIR] [--rounds 1]

The bundle comes from seed/generate.py and is kept in --work between runs (it
takes minutes to write at a million people). Each round runs, one after the
other, each as a process of its own:

- `graph-mtl import BUNDLE --store NEW` (the whole command: reading and checking
  every file, the one write transaction, the search index built after it);
- the plain insert: people.csv and ties.csv read with the csv module and written
  with executemany into the same two tables (people with their JSON, ties keyed by
  the pair of numbers) in one transaction, with no check, no search text, no name
  index and no search index: the floor no import of these rows goes below.

For each: wall time, and the peak of the summed PSS of the process and its
children (sampled every 0.1 s; the import reads a large ties.csv in two
processes). The load average is printed beside them: the machine may be shared,
so the ratio of the two, measured in the same round, is the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from seed.generate import write_bundle

GRAPH_MTL = [sys.executable, "-m", "graph_mtl"]

_PLAIN = r"""
import csv, json, sqlite3, sys
bundle, path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.executescript('''
CREATE TABLE people (n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    customer_id TEXT, is_salesperson INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE ties (a INTEGER NOT NULL, b INTEGER NOT NULL, strength REAL NOT NULL,
    last_contact TEXT, context TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
''')
db.execute("BEGIN")
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
with open(f"{bundle}/people.csv", encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f)
    header = next(rows)
    db.executemany(
        "INSERT INTO people (id, customer_id, is_salesperson, data) VALUES (?, ?, ?, ?)",
        ((r[0], r[2] or None, r[5] == "true", dumps(dict(zip(header, r)))) for r in rows),
    )
numbers = dict(db.execute("SELECT id, n FROM people"))
with open(f"{bundle}/ties.csv", encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    def pairs():
        for s, t, strength, last, context in rows:
            a, b = numbers[s], numbers[t]
            yield min(a, b), max(a, b), float(strength), last or None, context
    db.executemany("INSERT OR REPLACE INTO ties VALUES (?, ?, ?, ?, ?)", pairs())
db.execute("CREATE INDEX ties_by_b ON ties (b)")
db.execute("COMMIT")
db.close()
"""
"""The plain insert, run as `python -c _PLAIN BUNDLE DB`."""


def _pss_mb(pid: int) -> float:
    """Summed PSS (MB) of `pid` and its descendants."""
    total = 0.0
    for process in _tree(pid):
        try:
            text = Path(f"/proc/{process}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += float(line.split()[1]) / 1024
    return total


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        process = todo.pop()
        found.append(process)
        try:
            tasks = Path(f"/proc/{process}/task").iterdir()
            for task in tasks:
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def measured(command: Sequence[str]) -> tuple[float, float]:
    """Wall seconds and peak summed PSS (MB) of one command and its children."""
    peak = 0.0
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _pss_mb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err.decode()}")
    return wall, peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    folder = args.work / f"bundle-{args.people}-{args.mean_degree:g}"
    if not (folder / "ties.csv").exists():
        write_bundle(folder, people=args.people, seed=args.seed, mean_degree=args.mean_degree)
    with open(folder / "ties.csv", "rb") as lines:
        ties = sum(1 for _ in lines) - 1
    print(f"== {args.people:,} people, {ties:,} ties, {folder}")
    for round_ in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory(prefix="bench-import-", dir=args.work) as scratch:
            load = os.getloadavg()[0]
            ours = measured([*GRAPH_MTL, "import", str(folder), "--store", f"{scratch}/g.db"])
            plain = measured([sys.executable, "-c", _PLAIN, str(folder), f"{scratch}/plain.db"])
            after = os.getloadavg()[0]
        print(
            f"round {round_} (load average {load:.1f} -> {after:.1f}):\n"
            f"  graph-mtl import  {ours[0]:8.1f} s  peak PSS {ours[1]:7,.0f} MB"
            "   goal <= 60 s, <= 2,048 MB\n"
            f"  plain insert      {plain[0]:8.1f} s  peak PSS {plain[1]:7,.0f} MB\n"
            f"  ratio             {ours[0] / plain[0]:8.2f} x  (import / plain insert)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
