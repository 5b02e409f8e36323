"""What checking the search index file costs: the header alone (`read_index`, what
every open does) and the CRC-32 of the arrays (`intact`, what a process does when it
first maps a file), on a file of the size `--people` and `--ties` give.

    python bench/bench_index_check.py --people 1000000 --ties 10000000 [--runs 5]

The ties are random (the check reads every byte whatever they are); the file is
written to a temporary folder and read from the page cache, as a query right after
an import would, or with `--cold` from the disk (the file's pages are dropped from
the cache before each run, as after a reboot). Prints the median of each figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from graph_mtl.stores.social_index import build_csr, intact, read_index, write_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--ties", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the file's cached pages first")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    a = rng.integers(0, args.people - 1, args.ties, dtype=np.int64)
    b = np.minimum(a + 1 + rng.integers(0, args.people, args.ties), args.people - 1)
    csr = build_csr(a, b, rng.random(args.ties), nodes=args.people, generation=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.db.index"
        started = time.perf_counter()
        write_index(path, csr, store=42)
        written = time.perf_counter() - started
        header, check = [], []
        for _ in range(args.runs):
            if args.cold:
                _drop_cached(path)
            started = time.perf_counter()
            found = read_index(path)
            header.append(time.perf_counter() - started)
            assert found is not None
            started = time.perf_counter()
            assert intact(found)
            check.append(time.perf_counter() - started)
            del found
        size = path.stat().st_size
    print(f"file: {size / 2**20:.0f} MiB ({args.people:,} people, {args.ties:,} ties)")
    print(f"write (with its CRC-32): {written * 1000:.0f} ms")
    print(f"header check (read_index): {statistics.median(header) * 1000:.2f} ms")
    print(f"arrays' CRC-32 (intact): {statistics.median(check) * 1000:.0f} ms")


def _drop_cached(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


if __name__ == "__main__":
    main()
