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

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pa_csv

from graph_mtl.domain.columns import PersonColumns, TieColumns
from graph_mtl.domain.names import person_search_text
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
    search = list(map(person_search_text, people.name, people.id, people.title, people.email))
    columns: dict[str, Any] = {
        ":ID(Person)": ids,
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


def write_knows(ties: TieColumns, path: Path, *, person: Callable[[str], bool]) -> int:
    """The KNOWS relationships between people, each from the smaller id to the
    larger (`Tie.pair`); how many were written."""
    ids = ties.ids
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)] = np.arange(
        len(ids)
    )
    source = np.frombuffer(ties.source, dtype=np.int32)
    target = np.frombuffer(ties.target, dtype=np.int32)
    swap = rank[source] > rank[target]
    low, high = np.where(swap, target, source), np.where(swap, source, target)
    known = np.fromiter(map(person, ids), dtype=bool, count=len(ids))
    rows = np.flatnonzero(known[low] & known[high])
    if len(rows) == 0:
        return 0
    strength, strength_of = np.unique(
        np.frombuffer(ties.strength, dtype=np.float64)[rows], return_inverse=True
    )
    days, day_of = np.unique(
        np.frombuffer(ties.last_contact, dtype=np.int32)[rows], return_inverse=True
    )
    dates = [date.fromordinal(int(d)).isoformat() if d else None for d in days]
    ends = pa.array(ids, _TEXT)
    columns: dict[str, Any] = {
        ":START_ID(Person)": ends.take(pa.array(low[rows])),
        ":END_ID(Person)": ends.take(pa.array(high[rows])),
        "strength:double": _coded([repr(float(s)) for s in strength], strength_of),
    }
    if any(dates):
        columns["last_contact:date"] = _coded(dates, day_of)
    contexts = np.frombuffer(ties.context, dtype=np.int32)[rows]
    columns["context:string"] = _coded(ties.contexts, contexts)
    columns[":TYPE"] = _coded(["KNOWS"], np.zeros(len(rows), dtype=np.int32))
    _write(columns, path)
    return len(rows)


def write_works_at(people: PersonColumns, path: Path, *, customer: Callable[[str], bool]) -> int:
    """WORKS_AT from each person whose customer is in the bundle; how many."""
    rows = [i for i, c in enumerate(people.customer_id) if c and customer(c)]
    if not rows:
        return 0
    at = pa.array(rows, pa.int64())
    columns = {
        ":START_ID(Person)": pa.array(people.id, _TEXT).take(at),
        ":END_ID(Customer)": pa.array(people.customer_id, _TEXT).take(at),
        "title:string": pa.array(people.title, _TEXT).take(at),
        ":TYPE": _coded(["WORKS_AT"], np.zeros(len(rows), dtype=np.int32)),
    }
    _write(columns, path)
    return len(rows)


def write_roles_held(people: PersonColumns, path: Path, *, role: Callable[[str], bool]) -> int:
    """HOLDS from each person to each of their roles in the bundle, once each; how many."""
    starts: list[str] = []
    ends: list[str] = []
    for ident, roles in zip(people.id, people.roles, strict=True):
        for held in dict.fromkeys(roles) if roles else ():
            if role(held):
                starts.append(ident)
                ends.append(held)
    if not starts:
        return 0
    columns = {
        ":START_ID(Person)": pa.array(starts, _TEXT),
        ":END_ID(Role)": pa.array(ends, _TEXT),
        ":TYPE": _coded(["HOLDS"], np.zeros(len(starts), dtype=np.int32)),
    }
    _write(columns, path)
    return len(starts)


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
