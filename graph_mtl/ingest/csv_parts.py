"""A large ties.csv read in two parts, on two cores: this process reads people.csv
and the first part while a forked one reads the second, and the two parts' rows
and problems are joined as if the file had been read in one piece."""

from __future__ import annotations

import io
import multiprocessing as mp
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph_mtl.domain.models import Tie
from graph_mtl.errors import ImportProblem
from graph_mtl.ingest.csv_columns import TieRows
from graph_mtl.ingest.csv_specs import SPECS, Spec
from graph_mtl.ingest.csv_table import BadSplit, Table, opened, read_header, read_records, take

__all__ = ["Part", "TieParts", "read_in_parts"]

_PARALLEL_FROM = 32 << 20
"""A ties.csv of at least this many bytes is read in two processes at once."""

_LATER_SHARE = 0.55
"""The share of ties.csv the second process reads; the first reads people.csv too."""


@dataclass(slots=True)
class Part:
    rows: TieRows
    problems: list[ImportProblem]
    failed: set[str]
    complete: bool


class TieParts:
    """The second part of a large ties.csv, read by a forked process while this one
    reads people.csv and the first part. The split is a line break outside any
    quoted cell (an even number of quotes before it); should a bare quote in an
    unquoted cell have misled that count, the first part ends inside a quoted
    cell, which the reader notices, and the file is read again in one piece."""

    def __init__(self, split: tuple[int, int] | None, pool: Executor | None) -> None:
        self.split = split
        self._pool = pool
        self._future: Future[Part | None] | None = None

    @classmethod
    @contextmanager
    def start(cls, path: Path) -> Iterator[TieParts]:
        forkable = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
        split = _split_point(path) if forkable and _big(path) else None
        if split is None:
            yield cls(None, None)
            return
        with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
            parts = cls(split, pool)
            parts._future = pool.submit(_read_part, path, *split)
            yield parts

    @classmethod
    @contextmanager
    def none(cls) -> Iterator[TieParts]:
        """No second part: ties.csv is read in one piece."""
        yield cls(None, None)

    def later_part(self) -> Part | None:
        return self._future.result() if self._future is not None else None


def _big(path: Path) -> bool:
    try:
        return path.stat().st_size >= _PARALLEL_FROM
    except OSError:
        return False


def _split_point(path: Path) -> tuple[int, int] | None:
    """(byte offset, line number) of a line start near the share point, outside quotes."""
    size = path.stat().st_size
    target = int(size * (1 - _LATER_SHARE))
    quotes = newlines = done = 0
    with open(path, "rb") as raw:
        while done < target:
            chunk = raw.read(min(1 << 24, target - done))
            quotes, newlines, done = (
                quotes + chunk.count(b'"'),
                newlines + chunk.count(b"\n"),
                done + len(chunk),
            )
        while chunk := raw.read(1 << 16):
            for i, byte in enumerate(chunk):
                quotes += byte == 0x22
                if byte == 0x0A:
                    newlines += 1
                    if quotes % 2 == 0:
                        return (done + i + 1, newlines + 1) if done + i + 1 < size else None
            done += len(chunk)
    return None


def _read_part(path: Path, start: int, line: int) -> Part | None:
    """The rows of ties.csv from byte `start` (line `line`) on, in a process of its own."""
    spec = next(s for s in SPECS if s.model is Tie)
    table = Table(spec, [])
    try:
        with open(path, encoding="utf-8-sig", newline="") as head:
            header = read_header(table, read_records(head))
        if header is None:
            return None
        with open(path, "rb") as raw:
            raw.seek(start)
            handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            rows = TieRows(header, table.problem)
            rows.read(
                read_records(handle, first_line=line),
                lambda at, record: take(table, header, at, record, rows),
            )
    except (OSError, UnicodeDecodeError):
        return None  # the first process reports it, reading the file itself
    return Part(rows, table.problems, table.failed, table.complete)


def read_in_parts(path: Path, spec: Spec, later: TieParts, split: tuple[int, int]) -> Part | None:
    """Both parts, joined; None to read the file in one piece instead."""
    table = Table(spec, [])
    with opened(path, table, end=split[0]) as handle:
        if handle is None:
            return None
        records = read_records(handle, bounded=True)
        header = read_header(table, records)
        if header is None:
            return None
        rows = TieRows(header, table.problem)
        try:
            rows.read(records, lambda line, record: take(table, header, line, record, rows))
        except BadSplit:
            return None
    rest = later.later_part()
    if rest is None:
        return None
    rows.extend(rest.rows)
    return Part(
        rows,
        table.problems + rest.problems,
        table.failed | rest.failed,
        table.complete and rest.complete,
    )
