"""people.csv and ties.csv read by pyarrow's CSV reader (C++, on every core), when
pyarrow is installed and the file is plain, into the same columns and line numbers
the Python reader gives (csv_columns.py).

Plain: no quote character, no NUL byte, no carriage return but before a line feed,
UTF-8 throughout, no blank line, a header the Python reader takes without a
problem, and no row the Python reader would not keep as it is: every id within
the id rule, no repeated person, no tie from a person to themselves, every
strength a decimal in (0, 1], every date a real one. Then each line is one record,
its cells the text between its commas, as the csv module reads it, and the row
after the header's n-th is on line n + 1. A file in any doubt is given up (None)
and read by the Python reader from its start, which finds and words its problems
as it always has: this reader never reports one.
"""

from __future__ import annotations

import os
import re
from array import array
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from graph_mtl.domain.models import BANNED_IN_IDS, MAX_IDENT, Person, Tie, ident_problem
from graph_mtl.ingest import csv_cells
from graph_mtl.ingest.csv_columns import ColumnRows, PeopleRows, Problem, TieRows
from graph_mtl.ingest.csv_specs import Spec
from graph_mtl.ingest.csv_table import Table, read_header, take

try:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
except ImportError:  # optional: the Python reader reads every file without it
    pa = pa_csv = None

__all__ = ["available", "plain", "read_columns"]

_CHUNK = 1 << 24

_FEW = {"customer_id", "title", "roles", "is_salesperson", "strength", "last_contact", "context"}
"""Columns whose values repeat: read as dictionaries (each value held once)."""

_ENDS = {"source", "target"}
"""Columns read as dictionaries too: a tie's ends are numbered by their distinct
ids, and a block's ids are hashed by the reader's thread for that block, leaving
only each block's distinct ids to be merged (not every one of the ids hashed again
in this thread)."""

_BLOCK = 1 << 24
"""Bytes of the file each of the reader's blocks takes (16 MiB: few enough blocks
that merging their dictionaries is cheap, enough to keep every core busy)."""

_SPACE = re.compile(r"\s")
"""What `str.strip` strips (in Python, `\\s` is what `str.isspace` says is a space)."""

_REPEATED = pa.dictionary(pa.int32(), pa.string()) if pa is not None else None


def available() -> bool:
    return pa is not None


def plain(path: Path) -> bool:
    """Whether `path`'s bytes leave no doubt about where its records and cells are
    (the checks of the text alone; the rows are checked as they are read)."""
    return available() and _lines(path) is not None


def read_columns(path: Path, spec: Spec, problem: Problem) -> ColumnRows | None:
    """The file's rows as the Python reader's columns, or None if in any doubt."""
    if pa is None or spec.model not in (Person, Tie):
        return None
    try:
        found = _lines(path)
        if found is None:
            return None
        header, lines = found
        table = Table(spec, [])
        names = read_header(table, iter([(1, header)]))
        if names is None or table.problems:
            return None
        read = pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(
                skip_rows=1, column_names=[f"c{i}" for i in range(len(names))], block_size=_BLOCK
            ),
            parse_options=pa_csv.ParseOptions(
                quote_char=False, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    f"c{i}": _REPEATED if name in _FEW or name in _ENDS else pa.string()
                    for i, name in enumerate(names)
                },
                strings_can_be_null=False,
            ),
        )
        if read.num_rows != lines:
            return None
        if spec.model is Tie:
            # Handed over, not shared: the table is let go of halfway through.
            held, read = [read], None
            return _ties(held, names, problem)
        return _people(read, names, spec, problem)
    except (OSError, pa.ArrowException):
        return None
    finally:
        # What the table took goes back to the system, not to pyarrow's pool.
        read = None
        pa.default_memory_pool().release_unused()


def _lines(path: Path) -> tuple[list[str], int] | None:
    """The header's cells and how many lines follow it, if the text is plain (a
    file asked about again, unchanged, is not read again: `plain` and then
    `read_columns` ask about each large file)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    signature = (str(path), found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    seen, lines = _last_scan[0]
    if seen != signature:
        lines = _scanned(path)
        _last_scan[0] = (signature, lines)  # one object: read whole by another thread
    return None if lines is None else (list(lines[0]), lines[1])


_last_scan: list[tuple[Any, tuple[list[str], int] | None]] = [(None, None)]
"""The signature of the file `_lines` last scanned (path, device, inode, size and
modification time), and what it found."""


def _scanned(path: Path) -> tuple[list[str], int] | None:
    newlines = returns = pairs = 0
    last = b""
    try:
        with open(path, "rb") as raw:
            first = raw.readline()
            raw.seek(0)
            while chunk := raw.read(_CHUNK):
                if b'"' in chunk or b"\x00" in chunk:
                    return None
                newlines += chunk.count(b"\n")
                if b"\r" in chunk or last == b"\r":  # rare: looked at only when there
                    returns += chunk.count(b"\r")
                    pairs += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
                last = chunk[-1:]
        header = first.decode("utf-8-sig").removesuffix("\n").removesuffix("\r")
    except (OSError, UnicodeDecodeError):
        return None
    if not first or returns != pairs:
        return None
    following = newlines - 1 + (last != b"\n")
    return header.split(","), max(following, 0)


def _strings(column: Any) -> tuple[list[str], npt.NDArray[np.int32]]:
    """A text column as its distinct values and each row's index into them."""
    if pa.types.is_dictionary(column.type):  # each chunk with a dictionary of its own
        coded = column.unify_dictionaries().combine_chunks()
    else:  # whole: encoded chunk by chunk, each chunk would carry every value so far
        coded = column.combine_chunks().dictionary_encode()
    return coded.dictionary.to_pylist(), coded.indices.to_numpy(zero_copy_only=False)


def _any_bad_id(ids: list[str]) -> bool:
    """`any(map(_bad_id, ids))`, looked at in a few passes over all of them (a
    million ids checked one by one take seconds); any doubt, one by one."""
    if not ids:
        return False
    if min(map(len, ids)) == 0 or max(map(len, ids)) > MAX_IDENT:
        return True
    edges = "".join(map(itemgetter(0), ids)) + "".join(map(itemgetter(-1), ids))
    # A banned character anywhere, or whitespace at either end of one: one by one.
    if BANNED_IN_IDS.search("".join(ids)) is not None or _SPACE.search(edges) is not None:
        return any(map(_bad_id, ids))
    return False


def _bad_id(ident: str) -> bool:
    return (
        not ident
        or len(ident) > MAX_IDENT
        or ident != ident.strip()
        or BANNED_IN_IDS.search(ident) is not None
        or ident_problem(ident) is not None
    )


def _people(read: Any, header: list[str], spec: Spec, problem: Problem) -> PeopleRows | None:
    rows = PeopleRows(header, problem)
    i_id, i_name, i_customer, i_title, i_roles, i_sales, i_email = rows.at
    assert i_id is not None and i_name is not None
    count = read.num_rows
    ids: list[str] = read.column(i_id).to_pylist()
    names: list[str] = read.column(i_name).to_pylist()
    if len(set(ids)) != count or not all(names) or _any_bad_id(ids):
        return None

    def shared(at: int | None) -> tuple[list[str], npt.NDArray[np.int32]]:
        if at is None:
            return [""], np.zeros(count, dtype=np.int32)
        return _strings(read.column(at))

    customers, customer_of = shared(i_customer)
    if any(c and _bad_id(c) for c in customers):
        return None
    flags, flag_of = shared(i_sales)
    words = [f.strip().lower() for f in flags]
    if any(w not in ("", "true", "false") for w in words):
        return None
    titles, title_of = shared(i_title)
    cells, roles_of = shared(i_roles)
    for cell in cells:
        if cell not in rows._roles:
            rows._learn_roles(cell)
    roles = [rows._roles[cell] for cell in cells]
    if any(r is None for r in roles):
        return None
    d = rows.data
    d.id, d.name = ids, names
    d.customer_id = [(customers[k] or None) for k in customer_of.tolist()]
    d.title = [titles[k] for k in title_of.tolist()]
    d.roles = [roles[k] for k in roles_of.tolist()]
    sales = np.array([w == "true" for w in words], dtype=np.uint8)
    d.is_salesperson = bytearray(sales[flag_of].tobytes())
    d.email = read.column(i_email).to_pylist() if i_email is not None else [""] * count
    rows.lines = _line_numbers(count)
    rows._seen = {ident: i for i, ident in enumerate(ids)}
    # The Python reader sends the first row of each new list of roles through the
    # model: so does this one, and keeps the model's person for that row.
    firsts = np.unique(roles_of, return_index=True)[1]
    for i in firsts.tolist():
        if cells[int(roles_of[i])] == "":
            continue
        record = [read.column(j)[i].as_py() for j in range(len(header))]
        if not _same_through_model(rows, spec, header, i, record):
            return None
    return rows


def _same_through_model(
    rows: PeopleRows, spec: Spec, header: list[str], i: int, record: list[str]
) -> bool:
    """Row `i` as the model reads it, in place; False if the model finds a problem."""
    found: list[Any] = []

    class _Kept(ColumnRows):
        def add(self, line: int, item: Any) -> None:
            found.append(item)

    table = Table(spec, [])
    take(table, header, i + 2, record, _Kept())
    if table.problems or len(found) != 1:
        return False
    p: Person = found[0]
    d = rows.data
    if p.id != d.id[i]:
        return False
    d.name[i], d.customer_id[i], d.title[i] = p.name, p.customer_id, p.title
    d.roles[i], d.is_salesperson[i], d.email[i] = p.roles, p.is_salesperson, p.email
    return True


def _ties(held: list[Any], header: list[str], problem: Problem) -> TieRows | None:
    """The ties of the table in `held` (taken out of it: its memory goes back
    once the columns are coded, before they are copied into the rows)."""
    read = held.pop()
    rows = TieRows(header, problem)
    i_source, i_target, i_strength, i_last, i_context = rows.at
    assert i_source is not None and i_target is not None and i_strength is not None
    count = read.num_rows
    ends = pa.chunked_array(read.column(i_source).chunks + read.column(i_target).chunks)
    ids, at = _strings(ends)
    source, target = at[:count], at[count:]
    if _any_bad_id(ids) or bool(np.any(source == target)):
        return None
    written, strength_of = _strings(read.column(i_strength))
    strengths = []
    for cell in written:
        value = cell.strip()
        if not csv_cells.DECIMAL.fullmatch(value) or not 0.0 < float(value) <= 1.0:
            return None
        strengths.append(float(value))
    days = [0]
    if i_last is not None:
        dates, day_of = _strings(read.column(i_last))
        days = []
        for cell in dates:
            try:
                day = csv_cells.date_cell(cell)
            except csv_cells.CellError:
                return None
            days.append(day.toordinal() if day else 0)
            if day:
                rows._days.setdefault(day.isoformat(), days[-1])
    else:
        day_of = np.zeros(count, dtype=np.int32)
    if i_context is not None:
        contexts, context_of = _strings(read.column(i_context))
    else:
        contexts, context_of = [""], np.zeros(count, dtype=np.int32)
    del read, ends
    rows._ids = {ident: k for k, ident in enumerate(ids)}
    rows._contexts = {text: k for k, text in enumerate(contexts)}
    c = rows.data
    pa.default_memory_pool().release_unused()
    # Each column copied once, straight from the array (ten million ties: 40-80 MB each).
    c.source.frombytes(np.ascontiguousarray(source, dtype=np.int32).view(np.uint8).data)
    c.target.frombytes(np.ascontiguousarray(target, dtype=np.int32).view(np.uint8).data)
    del source, target, at
    c.strength.frombytes(np.array(strengths, dtype=np.float64)[strength_of].view(np.uint8).data)
    del strength_of
    c.last_contact.frombytes(np.array(days, dtype=np.int32)[day_of].view(np.uint8).data)
    del day_of
    c.context.frombytes(np.ascontiguousarray(context_of, dtype=np.int32).view(np.uint8).data)
    del context_of
    rows.lines = _line_numbers(count)
    return rows


def _line_numbers(count: int) -> array[int]:
    lines = array("i")
    lines.frombytes(np.arange(2, count + 2, dtype=np.int32).tobytes())
    return lines
