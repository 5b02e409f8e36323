"""The admin tool's big files (people, KNOWS, WORKS_AT, HOLDS) written from a
bundle's columns by pyarrow's CSV writer: the same header and cells that
neo4j_bulk.py writes row by row from the online import's rows, without a model
or a dictionary per row. Every cell is quoted (an empty text stays a property)
and no value is an empty cell, as there.

The columns are the reader's, so each value was checked as it was read, each
person is there once and each pair of people once (repeats were judged and
collapsed to their first row by the reader).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pa_csv

from graph_mtl.domain.columns import PersonColumns, TieColumns
from graph_mtl.domain.names import PersonSearchTexts
from graph_mtl.stores.neo4j_forms import SEARCH_FORM

__all__ = ["write_knows", "write_people", "write_roles_held", "write_works_at"]

_TEXT = pa.large_string()  # a column of ten million texts may pass 2 GiB
_QUOTED = pa_csv.WriteOptions(quoting_style="all_valid")


def write_people(people: PersonColumns, path: Path, *, delimiter: str) -> None:
    """The Person nodes, as `searchable` gives their properties."""
    count = len(people)
    ids = pa.array(people.id, _TEXT)
    flags = np.frombuffer(people.is_salesperson, dtype=np.uint8).astype(np.int32)
    joined: dict[tuple[str, ...], str | None] = {}
    roles = [joined.get(r) or joined.setdefault(r, delimiter.join(r) or None) for r in people.roles]
    search = list(map(PersonSearchTexts(), people.name, people.id, people.title, people.email))
    columns: dict[str, Any] = {
        ":ID(Person)": _numbered(np.arange(count)),
        "id:string": ids,
        "name:string": pa.array(people.name, _TEXT),
        "customer_id:string": pa.array(people.customer_id, _TEXT),
        "title:string": pa.array(people.title, _TEXT),
        "roles:string[]": pa.array(roles, _TEXT),
        "is_salesperson:boolean": _coded(["false", "true"], flags),
        "email:string": pa.array(people.email, _TEXT),
        "search:string": pa.array(search, _TEXT),
        "search_form:long": _coded([str(SEARCH_FORM)], np.zeros(count, dtype=np.int32)),
        ":LABEL": _coded(["Person", delimiter.join(["Person", "Salesperson"])], flags),
    }
    _write(columns, path)


def write_knows(ties: TieColumns, path: Path, *, person: Mapping[str, int]) -> int:
    """The KNOWS relationships between people (`person`: each one's number), each
    from the smaller id to the larger (`Tie.pair`); how many were written."""
    ids = ties.ids
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)] = np.arange(
        len(ids)
    )
    source = np.frombuffer(ties.source, dtype=np.int32)
    target = np.frombuffer(ties.target, dtype=np.int32)
    swap = rank[source] > rank[target]
    low, high = np.where(swap, target, source), np.where(swap, source, target)
    number = np.fromiter((person.get(i, -1) for i in ids), dtype=np.int64, count=len(ids))
    rows = np.flatnonzero((number[low] >= 0) & (number[high] >= 0))
    if len(rows) == 0:
        return 0
    strength, strength_of = np.unique(
        np.frombuffer(ties.strength, dtype=np.float64)[rows], return_inverse=True
    )
    days, day_of = np.unique(
        np.frombuffer(ties.last_contact, dtype=np.int32)[rows], return_inverse=True
    )
    dates = [date.fromordinal(int(d)).isoformat() if d else None for d in days]
    columns: dict[str, Any] = {
        ":START_ID(Person)": _numbered(number[low[rows]]),
        ":END_ID(Person)": _numbered(number[high[rows]]),
        "strength:double": _coded([repr(float(s)) for s in strength], strength_of),
    }
    if any(dates):
        columns["last_contact:date"] = _coded(dates, day_of)
    contexts = np.frombuffer(ties.context, dtype=np.int32)[rows]
    columns["context:string"] = _coded(ties.contexts, contexts)
    columns[":TYPE"] = _coded(["KNOWS"], np.zeros(len(rows), dtype=np.int32))
    _write(columns, path)
    return len(rows)


def write_works_at(people: PersonColumns, path: Path, *, customer: Mapping[str, int]) -> int:
    """WORKS_AT from each person whose customer is in the bundle (`customer`: each
    one's number); how many."""
    pairs = [(i, customer[c]) for i, c in enumerate(people.customer_id) if c and c in customer]
    if not pairs:
        return 0
    numbers = np.array(pairs, dtype=np.int64)
    at = pa.array(numbers[:, 0])
    columns = {
        ":START_ID(Person)": _numbered(numbers[:, 0]),
        ":END_ID(Customer)": _numbered(numbers[:, 1]),
        "title:string": pa.array(people.title, _TEXT).take(at),
        ":TYPE": _coded(["WORKS_AT"], np.zeros(len(pairs), dtype=np.int32)),
    }
    _write(columns, path)
    return len(pairs)


def write_roles_held(people: PersonColumns, path: Path, *, role: Mapping[str, int]) -> int:
    """HOLDS from each person to each of their roles in the bundle (`role`: each
    one's number), once each; how many."""
    starts: list[int] = []
    ends: list[int] = []
    for at, roles in enumerate(people.roles):
        for held in dict.fromkeys(roles) if roles else ():
            if held in role:
                starts.append(at)
                ends.append(role[held])
    if not starts:
        return 0
    columns = {
        ":START_ID(Person)": _numbered(np.array(starts, dtype=np.int64)),
        ":END_ID(Role)": _numbered(np.array(ends, dtype=np.int64)),
        ":TYPE": _coded(["HOLDS"], np.zeros(len(starts), dtype=np.int32)),
    }
    _write(columns, path)
    return len(starts)


def _numbered(numbers: npt.NDArray[Any]) -> Any:
    """Node numbers (the admin tool's integer ids), quoted as every cell is."""
    return pa.array(numbers.astype(np.int64, copy=False)).cast(_TEXT)


def _coded(values: Sequence[str | None], index: npt.NDArray[Any]) -> Any:
    """A text column from its distinct values and each row's index into them."""
    return pa.array(values, _TEXT).take(pa.array(index.astype(np.int64, copy=False)))


def _write(columns: dict[str, Any], path: Path) -> None:
    # A property no row has is no column, as in the files written row by row.
    kept = {k: v for k, v in columns.items() if len(v) == 0 or v.null_count < len(v)}
    pa_csv.write_csv(pa.table(kept), str(path), _QUOTED)
    del kept
    del columns
    pa.default_memory_pool().release_unused()
