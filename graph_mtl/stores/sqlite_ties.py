"""Writing ties into the embedded store's `ties` table, from a list of models or,
for a large import, straight from the reader's columns.

A large write goes in (a, b) order, the primary key's, so SQLite appends to
its tree instead of inserting all over it, and the `ties_by_b` index is
dropped first and built again at the end (one sort instead of millions of
inserts). Either way it is part of the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from graph_mtl.domain.columns import TieColumns
from graph_mtl.domain.models import Tie
from graph_mtl.errors import InvalidInput
from graph_mtl.stores.sqlite_bulk import many_columns

__all__ = ["BULK", "WrittenTies", "stable_order", "write_ties"]

BULK = 10_000
"""A write of more ties than this is a bulk change: the index is rebuilt, not patched."""

_REINDEX = 200_000
"""From this many ties on, `ties_by_b` is built again rather than kept up to date."""

_CHUNK = 100_000

_ON_CONFLICT = (
    " ON CONFLICT (a, b) DO UPDATE SET strength = excluded.strength,"
    " last_contact = excluded.last_contact, context = excluded.context"
)
_UPSERT = "INSERT INTO ties VALUES (?, ?, ?, ?, ?)" + _ON_CONFLICT

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class WrittenTies:
    people: list[int] | None
    """The people whose ties changed; None for a bulk change."""
    ends: tuple[Ints, Ints, npt.NDArray[np.float64]] | None = None
    """For a bulk change: every tie written, as (a, b, strength) arrays."""


def write_ties(
    db: sqlite3.Connection,
    ties: Sequence[Tie],
    numbers: Callable[[Iterable[str]], Mapping[str, int]],
) -> WrittenTies:
    """Upsert `ties`; `numbers` maps person ids to their `people.n`."""
    if not ties:
        return WrittenTies([])
    if isinstance(ties, TieColumns):
        return _write_columns(db, ties, numbers)
    found = numbers({p for tie in ties for p in (tie.source, tie.target)})
    rows = []
    for tie in ties:
        a, b = _number(found, tie.source), _number(found, tie.target)
        last = tie.last_contact.isoformat() if tie.last_contact else None
        rows.append((min(a, b), max(a, b), tie.strength, last, tie.context))
    db.executemany(_UPSERT, rows)
    if len(rows) <= BULK:
        return WrittenTies([n for row in rows for n in row[:2]])
    return WrittenTies(None)  # a list may repeat a pair: the index is read back


def _write_columns(
    db: sqlite3.Connection,
    c: TieColumns,
    numbers: Callable[[Iterable[str]], Mapping[str, int]],
) -> WrittenTies:
    found = numbers(c.ids)
    try:
        n = np.fromiter(map(found.__getitem__, c.ids), dtype=np.int64, count=len(c.ids))
    except KeyError as exc:
        raise InvalidInput("ties", f"unknown person {exc.args[0]!r}") from None
    del found
    # Ten million ties: each array here is 80 MB, so none is kept longer than needed.
    a = n[np.frombuffer(c.source, dtype=np.int32)]
    b = n[np.frombuffer(c.target, dtype=np.int32)]
    low = np.minimum(a, b)
    np.maximum(a, b, out=b)
    a = low
    del low
    # In (a, b) order: one key sorted (stable, as a repeated pair's last row wins)
    # is about three times quicker than a lexsort of the two columns.
    key = a * (int(b.max()) + 1)
    key += b
    order = stable_order(key)
    del key
    a = a[order]
    b = b[order]
    strength = np.frombuffer(c.strength, dtype=np.float64)[order]
    days = np.frombuffer(c.last_contact, dtype=np.int32)
    context = np.frombuffer(c.context, dtype=np.int32)
    # No date is written as "" and stored as NULL (NULLIF): a None bound to a
    # statement goes through the sqlite3 module's adapter look-up, a string does not.
    iso = {int(d): date.fromordinal(int(d)).isoformat() for d in np.unique(days) if d}
    iso[0] = ""
    reindex = len(c) >= _REINDEX
    if reindex:
        db.execute("DROP INDEX ties_by_b")
    for start in range(0, len(c), _CHUNK):
        part = slice(start, start + _CHUNK)
        rows = order[part]  # the other columns are reordered a chunk at a time
        many_columns(
            db,
            "INSERT INTO ties",
            [
                a[part].tolist(),
                b[part].tolist(),
                strength[part].tolist(),
                list(map(iso.__getitem__, days[rows].tolist())),
                list(map(c.contexts.__getitem__, context[rows].tolist())),
            ],
            _ON_CONFLICT,
            row="(?, ?, ?, NULLIF(?, ''), ?)",
        )
    if reindex:
        db.execute("CREATE INDEX ties_by_b ON ties (b)")
    if len(c) <= BULK:
        return WrittenTies([*a.tolist(), *b.tolist()])
    return WrittenTies(None, (a, b, strength))


def stable_order(key: Ints) -> Ints:
    """`np.argsort(key, kind="stable")` for keys of 0 or more; when each key and its
    place fit in 64 bits together, about twice as fast: sorted as one number, the
    place in the low bits (numpy sorts plain numbers with SIMD)."""
    places = max(len(key) - 1, 0).bit_length()
    if not len(key) or int(key.max()).bit_length() + places > 64:
        return np.argsort(key, kind="stable")
    packed = key.astype(np.uint64)
    packed <<= np.uint64(places)
    packed |= np.arange(len(key), dtype=np.uint64)
    packed.sort()
    packed &= np.uint64((1 << places) - 1)
    return packed.view(np.int64)


def _number(found: Mapping[str, int], person: str) -> int:
    n = found.get(person)
    if n is None:
        raise InvalidInput("ties", f"unknown person {person!r}")
    return n
