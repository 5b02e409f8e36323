"""The people's ids kept in the search index file (graph_mtl/stores/social_index.py),
so that a search reads its ends' rows and its paths' ids without asking the
database.

`IdTable` holds the ids of the people there were when the file was written, in
id order (the byte order of their UTF-8, which is SQLite's order for `ORDER BY
id`): their bytes one after another with where each starts, the row of each,
and the first eight bytes of each as a big-endian number, searched first (in C)
so that only ids that share those bytes are compared in Python.

`GraphIds` is that table at one generation of the graph: the ids of the people
whose ties changed since the file was written (the overlay's people, gone ones
as None) are read with their rows and override the file's. A person a row's
number names never changes id (numbers are not reused, and an id is never
rewritten), and a person forgotten since is among those whose ties changed, so a
number or id the table finds is right. What it does not find (a person added
since without ties, or no such person) is left for the database to say.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["GraphIds", "IdTable", "id_table"]

Ints = npt.NDArray[np.int64]
Bytes = npt.NDArray[np.uint8]
Prefixes = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class IdTable:
    rows: Ints
    """The row of each id, in id order."""
    prefixes: Prefixes
    """The first eight bytes of each id (zeros after a shorter one), big-endian."""
    starts: Ints
    """Where each id's bytes start in `text`, and where the last ends."""
    text: Bytes
    """The ids' UTF-8 bytes one after another."""

    @property
    def people(self) -> int:
        return len(self.rows)


def id_table(rows: Sequence[int] | Ints, ids: Sequence[str]) -> IdTable:
    """The table of the people `rows`, whose ids `ids` are in id order."""
    encoded = [i.encode() for i in ids]
    lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
    starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    text = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
    prefixes = np.fromiter(
        (int.from_bytes(e[:8].ljust(8, b"\0"), "big") for e in encoded),
        dtype=np.uint64,
        count=len(encoded),
    )
    return IdTable(np.asarray(rows, dtype=np.int64), prefixes, starts, text)


def _view(array: npt.NDArray[Any], dtype: type[np.generic], fmt: str) -> memoryview[int]:
    """`array` as a memoryview of `fmt` items (a copy only if it is not already
    contiguous `dtype`)."""
    return np.ascontiguousarray(array, dtype=dtype).data.cast("B").cast(fmt)  # type: ignore[call-overload,no-any-return]


_SEEN = 4096
"""How many ids found in its table a `GraphIds` keeps with their rows."""

_FEW = 16
"""Past this many numbers, `GraphIds.ids` finds their places with numpy."""


class _Texts:
    """The table's ids as bytes, by place in id order (for `bisect`)."""

    __slots__ = ("starts", "text")

    def __init__(self, table: IdTable) -> None:
        self.starts = _view(table.starts, np.int64, "q")
        self.text = _view(table.text, np.uint8, "B")

    def __getitem__(self, place: int) -> bytes:
        return bytes(self.text[self.starts[place] : self.starts[place + 1]])


class GraphIds:
    """Ids and rows of the graph at one generation: the file's table under the
    overlay's people (None: forgotten since)."""

    def __init__(
        self, table: IdTable | None, rank: Ints | None, overlay: Mapping[int, str | None]
    ) -> None:
        self._table = table
        self._overlay = dict(overlay)
        self._by_id = {i: n for n, i in self._overlay.items() if i is not None}
        self._seen: dict[str, int] = {}
        """Ids found in the table before, and their rows (`_SEEN` at most): an answer's
        ends and the team's salespeople are asked about again and again."""
        if table is not None and table.people:
            self._rows = _view(table.rows, np.int64, "q")
            self._prefixes = _view(table.prefixes, np.uint64, "Q")
            self._texts: _Texts | None = _Texts(table)
            self._rank = None if rank is None else _view(rank, np.int64, "q")
        else:
            self._texts = None

    def numbers(self, person_ids: Iterable[str]) -> tuple[dict[str, int], list[str]]:
        """The rows of the people among `person_ids` found here, and the ids not found."""
        found: dict[str, int] = {}
        missing: list[str] = []
        asked: list[str] = []
        by_id, seen = self._by_id, self._seen
        for person_id in dict.fromkeys(person_ids):
            n = by_id.get(person_id)
            if n is None:
                n = seen.get(person_id)
            if n is None:
                asked.append(person_id)
            else:
                found[person_id] = n
        if not asked:
            return found, missing
        texts = self._texts
        if texts is None:
            return found, asked
        prefixes, rows = self._prefixes, self._rows
        people = len(prefixes)
        for person_id in asked:
            key = person_id.encode()
            prefix = int.from_bytes(key[:8].ljust(8, b"\0"), "big")
            low = bisect_left(prefixes, prefix)
            high = low  # past the ids of this prefix: mostly none or one, else bisected
            if high < people and prefixes[high] == prefix:
                high += 1
                if high < people and prefixes[high] == prefix:
                    high = bisect_right(prefixes, prefix, high)
            place = low if high - low <= 1 else bisect_left(texts, key, low, high)
            n = rows[place] if place < high and texts[place] == key else None
            if n is None or n in self._overlay:  # forgotten since (else found above)
                missing.append(person_id)
            else:
                found[person_id] = n
                if len(seen) >= _SEEN:
                    seen.clear()
                seen[person_id] = n
        return found, missing

    def ids(self, person_numbers: Iterable[int]) -> tuple[dict[int, str], list[int]]:
        """The ids of the people among `person_numbers` found here, and the numbers
        not found."""
        found: dict[int, str] = {}
        missing: list[int] = []
        overlay, texts = self._overlay, self._texts
        rest: list[int] = []
        for n in set(person_numbers):
            if n in overlay:
                person_id = overlay[n]
                if person_id is None:
                    missing.append(n)
                else:
                    found[n] = person_id
            else:
                rest.append(n)
        if texts is None:
            missing += rest
        elif len(rest) > _FEW:
            self._many(rest, found, missing)
        else:
            for n in rest:
                place = self._place(n)
                if place is None:
                    missing.append(n)
                else:
                    found[n] = texts[place].decode()
        return found, missing

    def _many(self, rest: list[int], found: dict[int, str], missing: list[int]) -> None:
        """`ids` for many numbers: their places in id order found at once (numpy)."""
        assert self._table is not None and self._texts is not None
        table, text = self._table, self._texts.text
        asked = np.array(rest, dtype=np.int64)
        places = np.full(len(asked), -1, dtype=np.int64)
        if self._rank is not None:
            rank = np.frombuffer(self._rank, dtype=np.int64)
            inside = (asked >= 0) & (asked < len(rank))
            places[inside] = rank[asked[inside]]
        else:
            places[(asked >= 0) & (asked < table.people)] = asked[
                (asked >= 0) & (asked < table.people)
            ]
        valid = (places >= 0) & (places < table.people)
        valid[valid] = table.rows[places[valid]] == asked[valid]
        missing += asked[~valid].tolist()
        places = places[valid]
        starts, ends = table.starts[places].tolist(), table.starts[places + 1].tolist()
        for n, start, end in zip(asked[valid].tolist(), starts, ends, strict=True):
            found[n] = str(text[start:end], "utf-8")

    def _place(self, n: int) -> int | None:
        rows = self._rows
        if self._rank is not None:
            if not 0 <= n < len(self._rank):
                return None
            place = self._rank[n]
            return place if place < len(rows) and rows[place] == n else None
        return n if 0 <= n < len(rows) and rows[n] == n else None
