"""The social graph as arrays for search: compressed sparse rows (CSR), kept in a
file beside the database and memory-mapped, so that a query opens it in
milliseconds at any size and several processes share one copy (the page cache).

Person number `n` (the `people.n` column) is row `n`: its neighbours are
`neighbours[offsets[n]:offsets[n + 1]]`, ascending, with the tie strengths
beside them as float64, exactly as stored. The file records the generation of
the graph it was built from. Changes after that generation come as an overlay:
the whole neighbour list of every person whose ties changed, read from the
database, which replaces their row (`SocialGraph`). A person's row is either
the file's or the overlay's, never a mix, so the two together are exact.

The file belongs to one database: its header records the database's identity
(`store`, a random number the database got when it was created), the generation,
and a CRC-32 of the arrays; a CRC-32 of the header itself guards those. Whether a
file may be used is decided by graph_mtl/stores/sqlite_index.py.

The file also holds the people's ids in id order (graph_mtl/stores/index_ids.py),
so that a search needs no id look-up in the database.

File layout (little-endian): the 8-byte magic, then store, generation, nodes,
entries, people, id bytes, the arrays' CRC-32 and the header's CRC-32 as int64,
then offsets (int64, nodes + 1), rank (int64, nodes), neighbours (int32, entries,
padded to 8 bytes), strengths (float64, entries), then the ids: their rows
(int64, people), their first eight bytes (uint64, people), where each starts
(int64, people + 1) and their bytes (padded to 8). The arrays' CRC-32 covers
every byte after the header.

A file is written whole under a temporary name (`.graph.db.index.XXXXXXXX`, the
name `temporaries` looks for), then renamed into place.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import re
import tempfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from graph_mtl.stores.index_ids import GraphIds, IdTable

__all__ = [
    "HEADER_SIZE",
    "CsrArrays",
    "SocialGraph",
    "build_csr",
    "id_rank",
    "intact",
    "read_index",
    "temporaries",
    "write_index",
]

_MAGIC = b"GMTLCSR4"
HEADER_SIZE = 8 + 8 * 8
_TEMPORARY = "[a-z0-9_]{8}"
"""What `tempfile.mkstemp` puts after the prefix (its own alphabet, 8 characters)."""

Ints = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CsrArrays:
    generation: int
    offsets: Ints
    neighbours: Int32s
    strengths: Floats
    store: int | None = None
    """The database the file was written for (None: built in memory, not read)."""
    checksum: int | None = None
    """The arrays' CRC-32 that the file's header records."""
    rank: Ints | None = None
    """Each row's place in id order (`id_rank`), for the searches' tie-break."""
    ids: IdTable | None = None
    """The people's ids (None: none kept; the database is asked)."""

    @property
    def nodes(self) -> int:
        return len(self.offsets) - 1


def build_csr(
    a: Ints,
    b: Ints,
    strength: Floats,
    *,
    nodes: int,
    generation: int,
    rank: Ints | None = None,
    ids: IdTable | None = None,
) -> CsrArrays:
    """CSR rows from the ties (a < b) in (a, b) order, each tie in both people's rows.

    A stable sort by row: each row then holds its smaller neighbours first (from
    the ties where it is `b`, in `a` order) and its larger ones after (where it
    is `a`, in `b` order), so rows come out ascending, which keeps equal-cost
    answers independent of the order ties were written in.

    The sort is a counting sort straight into the two arrays, a chunk of ties at
    a time: at ten million ties, sorting and gathering all of them at once would
    hold about a gigabyte of temporary arrays beside the result.
    """
    counts = np.bincount(b, minlength=nodes) + np.bincount(a, minlength=nodes)
    offsets = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    del counts
    neighbours = np.empty(2 * len(a), dtype=np.int32)
    strengths = np.empty(2 * len(a), dtype=np.float64)
    free = offsets[:-1].copy()  # each row's next empty place
    for rows, others in ((b, a), (a, b)):
        for start in range(0, len(rows), _CHUNK):
            part = slice(start, start + _CHUNK)
            _place(rows[part], others[part], strength[part], free, neighbours, strengths)
    return CsrArrays(
        generation=generation,
        offsets=offsets,
        neighbours=neighbours,
        strengths=strengths,
        rank=None if rank is None else _sized(rank, nodes),
        ids=ids,
    )


_CHUNK = 1 << 20
"""Ties placed at a time by `build_csr`."""


def _place(
    rows: Ints, others: Ints, strength: Floats, free: Ints, neighbours: Int32s, strengths: Floats
) -> None:
    """Put each tie of a chunk (its row, the neighbour, the strength) at its row's
    next empty place, in the chunk's order within a row; move the rows' `free` on."""
    order = np.argsort(rows, kind="stable")
    sorted_rows = rows[order]
    first = np.ones(len(order), dtype=bool)  # the first of its row in the chunk
    np.not_equal(sorted_rows[1:], sorted_rows[:-1], out=first[1:])
    at = np.arange(len(order), dtype=np.int64)
    starts = np.maximum.accumulate(np.where(first, at, 0))
    at -= starts
    at += free[sorted_rows]  # each tie's place: its row's next one, plus its rank there
    neighbours[at] = others[order]
    strengths[at] = strength[order]
    last = np.append(first[1:], True)  # the last of its row in the chunk
    free[sorted_rows[last]] = at[last] + 1


def _sized(rank: Ints, nodes: int) -> Ints:
    """`rank` with one entry per row (rows past it: after everyone, in row order)."""
    if len(rank) >= nodes:
        return rank[:nodes]
    return np.concatenate([rank, np.arange(len(rank), nodes, dtype=np.int64)])


def write_index(path: Path, csr: CsrArrays, *, store: int) -> None:
    """Write the file for the database `store` whole under a temporary name, then
    rename it into place, so a reader only ever maps a complete file (an older one
    keeps its old mapping)."""
    entries = len(csr.neighbours)
    rank = csr.rank if csr.rank is not None else np.arange(csr.nodes, dtype=np.int64)
    ids = csr.ids if csr.ids is not None else _NO_IDS
    arrays = (
        np.ascontiguousarray(csr.offsets, dtype="<i8"),
        np.ascontiguousarray(_sized(rank, csr.nodes), dtype="<i8"),
        np.ascontiguousarray(csr.neighbours, dtype="<i4"),
        np.zeros((-4 * entries) % 8, dtype=np.uint8),
        np.ascontiguousarray(csr.strengths, dtype="<f8"),
        np.ascontiguousarray(ids.rows, dtype="<i8"),
        np.ascontiguousarray(ids.prefixes, dtype="<u8"),
        np.ascontiguousarray(ids.starts, dtype="<i8"),
        np.ascontiguousarray(ids.text, dtype=np.uint8),
        np.zeros(-len(ids.text) % 8, dtype=np.uint8),
    )
    checksum = 0
    for array in arrays:
        checksum = zlib.crc32(array.data, checksum)
    fields = (store, csr.generation, csr.nodes, entries, ids.people, len(ids.text), checksum)
    head = _MAGIC + np.array(fields, dtype="<i8").tobytes()
    head += np.array([zlib.crc32(head)], dtype="<i8").tobytes()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(head)
            for array in arrays:
                out.write(array.data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def read_index(path: Path) -> CsrArrays | None:
    """The index file memory-mapped, or None if it is missing or not a whole index
    (its header damaged, or its size not the one the header gives). The arrays
    are not read: `intact` checks them."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < HEADER_SIZE:
                return None
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    head = mapped[:HEADER_SIZE]
    fields = np.frombuffer(head, dtype="<i8", offset=8).tolist()
    if head[:8] != _MAGIC or fields[7] != zlib.crc32(head[: HEADER_SIZE - 8]):
        return None
    store, generation, nodes, entries, people, text, checksum = fields[:7]
    at = HEADER_SIZE
    if min(nodes, entries, people, text) < 0:
        return None
    need = at + 8 * (nodes + 1) + 8 * nodes + 4 * entries + (-4 * entries) % 8 + 8 * entries
    need += 8 * people + 8 * people + 8 * (people + 1) + text + (-text % 8)
    if size != need:
        return None
    offsets = np.frombuffer(mapped, dtype="<i8", count=nodes + 1, offset=at)
    at += 8 * (nodes + 1)
    rank = np.frombuffer(mapped, dtype="<i8", count=nodes, offset=at)
    at += 8 * nodes
    neighbours = np.frombuffer(mapped, dtype="<i4", count=entries, offset=at)
    at += 4 * entries + (-4 * entries) % 8
    strengths = np.frombuffer(mapped, dtype="<f8", count=entries, offset=at)
    at += 8 * entries
    rows = np.frombuffer(mapped, dtype="<i8", count=people, offset=at)
    at += 8 * people
    prefixes = np.frombuffer(mapped, dtype="<u8", count=people, offset=at)
    at += 8 * people
    starts = np.frombuffer(mapped, dtype="<i8", count=people + 1, offset=at)
    at += 8 * (people + 1)
    ids = IdTable(
        rows, prefixes, starts, np.frombuffer(mapped, dtype=np.uint8, count=text, offset=at)
    )
    return CsrArrays(
        generation,
        offsets,
        neighbours,
        strengths,
        store=store,
        checksum=checksum,
        rank=rank,
        ids=ids,
    )


def intact(csr: CsrArrays) -> bool:
    """Whether a file's arrays are the ones its header's CRC-32 was taken of (reads
    them all: about a quarter of a second for 10 million ties)."""
    entries = len(csr.neighbours)
    found = zlib.crc32(csr.offsets.data)
    if csr.rank is not None:
        found = zlib.crc32(csr.rank.data, found)
    found = zlib.crc32(csr.neighbours.data, found)
    found = zlib.crc32(bytes((-4 * entries) % 8), found)
    found = zlib.crc32(csr.strengths.data, found)
    ids = csr.ids if csr.ids is not None else _NO_IDS
    for array in (ids.rows, ids.prefixes, ids.starts, ids.text):
        found = zlib.crc32(array.data, found)
    return zlib.crc32(bytes(-len(ids.text) % 8), found) == csr.checksum


def temporaries(path: Path) -> list[Path]:
    """The temporary files `write_index` makes for `path` that are there now (a
    rebuild in progress writes one; a killed one leaves it)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.{_TEMPORARY}")
    try:
        with os.scandir(path.parent) as entries:
            return [path.parent / e.name for e in entries if pattern.fullmatch(e.name)]
    except OSError:
        return []


def id_rank(rows_in_id_order: npt.ArrayLike) -> Ints:
    """Each row's place in the order of the people's ids, from the rows listed in
    that order (say `SELECT n FROM people ORDER BY id`): the searches break ties
    between equally strong paths by ids, and work on rows."""
    rows = np.asarray(rows_in_id_order, dtype=np.int64)
    rank = np.zeros(int(rows.max()) + 1 if len(rows) else 0, dtype=np.int64)
    rank[rows] = np.arange(len(rows), dtype=np.int64)
    return rank


_NO_IDS = IdTable(
    np.zeros(0, dtype=np.int64),
    np.zeros(0, dtype=np.uint64),
    np.zeros(1, dtype=np.int64),
    np.zeros(0, dtype=np.uint8),
)

Row = tuple[list[int], list[float]]
"""One person's neighbours (ascending) and the strengths of those ties."""


class SocialGraph:
    """The social graph at one generation: the index file's rows, with the rows of
    people whose ties changed since the file was written replaced by `overlay`.

    `rank` is each row's place in id order (`id_rank`); without it rows are taken
    to be in id order. Rows past its end come after the rows it covers.
    `overlay_ids` are the ids of the overlay's people (None: forgotten), read
    with their rows.

    Immutable once made; a process swaps in a new one when the data changes.
    """

    def __init__(
        self,
        base: CsrArrays,
        overlay: Mapping[int, Row],
        *,
        generation: int,
        rank: Ints | None = None,
        overlay_ids: Mapping[int, str | None] | None = None,
    ) -> None:
        self.base = base
        self.overlay = dict(overlay)
        self.overlay_ids = dict(overlay_ids or {})
        self.ids = GraphIds(base.ids, base.rank, self.overlay_ids)
        """The people's ids, as far as the index knows them."""
        self.generation = generation
        self.size = max(base.nodes, max(self.overlay, default=-1) + 1)
        if rank is not None and len(rank) < self.size:
            rank = np.concatenate([rank, np.arange(len(rank), self.size, dtype=np.int64)])
        self.rank = rank
        self._overlaid = np.zeros(self.size, dtype=bool)
        if self.overlay:
            self._overlaid[np.fromiter(self.overlay, dtype=np.int64)] = True

    def row(self, n: int) -> Row:
        found = self.overlay.get(n)
        if found is not None:
            return found
        if n >= self.base.nodes or n < 0:
            return [], []
        start, end = self.base.offsets[n : n + 2].tolist()
        return self.base.neighbours[start:end].tolist(), self.base.strengths[start:end].tolist()

    def degree(self, n: int) -> int:
        """How many ties the person has (their row's length), without reading the row."""
        found = self.overlay.get(n)
        if found is not None:
            return len(found[0])
        if n >= self.base.nodes or n < 0:
            return 0
        offsets = self.base.offsets
        return int(offsets[n + 1] - offsets[n])

    def ties_of(self, frontier: Ints) -> int:
        """How many ties the people in `frontier` have in all."""
        if self.overlay:
            return sum(len(self.row(n)[0]) for n in frontier.tolist())
        inside = frontier[frontier < self.base.nodes]
        return int((self.base.offsets[inside + 1] - self.base.offsets[inside]).sum())

    def gather(self, frontier: Ints) -> tuple[Ints, Ints, Floats]:
        """Every tie of the people in `frontier` as (from, to, strength) arrays, each
        person's ties together and ascending by neighbour."""
        base = self.base
        inside = frontier[frontier < base.nodes]
        plain = inside[~self._overlaid[inside]] if self.overlay else inside
        starts = base.offsets[plain]
        counts = base.offsets[plain + 1] - starts
        total = int(counts.sum())
        # Each row's entries: its start in the arrays, then +1, +2, ...
        heads = np.cumsum(counts) - counts
        where = np.arange(total) + np.repeat(starts - heads, counts)
        src = np.repeat(plain, counts)
        dst = base.neighbours[where].astype(np.int64)
        strength = base.strengths[where]
        if not self.overlay:
            return src, dst, strength
        extra = [n for n in frontier.tolist() if n in self.overlay]
        if not extra:
            return src, dst, strength
        rows = [self.overlay[n] for n in extra]
        src = np.concatenate([src, np.repeat(extra, [len(r[0]) for r in rows])])
        dst = np.concatenate([dst, np.array([m for r in rows for m in r[0]], dtype=np.int64)])
        strength = np.concatenate([strength, np.array([s for r in rows for s in r[1]])])
        return src, dst, strength
