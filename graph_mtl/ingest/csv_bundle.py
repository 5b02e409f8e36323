"""Read the canonical CSV bundle: one folder, one CSV file per kind of item.

    people.csv (required)  id,name,customer_id,title,roles,is_salesperson,email
    ties.csv (required)    source,target,strength,last_contact,context
    customers.csv          id,name,kind,status,industry,revenue,headcount,region,situation,domain
    needs.csv              id,name,description,can_meet
    roles.csv              id,name,cares_about,power
    customer_needs.csv     customer_id,need_id,approved,budget_this_year,budget,kpi_related
    capabilities.csv       id,name,kind,solves,price_min,price_max,advantages
    channels.csv           id,name,kind,audience,person_id
    channel_reach.csv      channel_id,target_id,strength
    evidence.csv           source,target,origin,since,contacts,last_contact
    employments.csv        person_id,origin,company,customer_id,title,ref,since,until

Files are UTF-8 (a BOM is fine) with a header row, quoted as RFC 4180. Columns
may come in any order, and a column whose field has a default may be left out;
a missing required column, an unknown or a repeated column is a problem.

Cells: an empty cell means "not given" (the model's default applies). Text is
kept exactly as written. Ids too, so an id with leading or trailing whitespace
is a problem rather than silently another id; need and role ids cannot hold
`;`, which separates list items. Lists are `;`-separated, items stripped,
empty items dropped. Booleans are true/false in any case; numbers decimal
(1200, 0.75; an exponent as Python writes 1e-05 is fine), never nan or inf;
dates YYYY-MM-DD; choices as the models spell them. Spaces around booleans,
numbers, dates and choices are ignored. Blank lines and rows of empty cells
are skipped.

Across rows: a repeated key (id; tie pair in either direction; customer and
need; channel and target; evidence's pair and origin; employment's person, origin
and company) is fine when the data is identical and collapses to
the first row, a problem otherwise. References must name an item of the
bundle or, through `known`, one the target store already holds. References
into a file that could not be read in full are not judged: its own problems
come first, and guessing would only add noise.

Every problem is collected, then all are raised at once as `ImportRejected`:
file name, the line where the record starts (the header is line 1; 0 means
the whole file) and a reason that names the column and the offending value.

About 700 lines, on purpose: the rules of every file of the bundle are read
together here (cells in csv_cells.py, large columns in csv_columns.py), so
that what a row may hold is stated once.
"""

from __future__ import annotations

import codecs
import csv
import io
import multiprocessing as mp
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pydantic import BaseModel, ValidationError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    Employment,
    Need,
    Person,
    Reach,
    Role,
    Salesperson,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.ports import EntityKind
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest import csv_cells
from graph_mtl.ingest.csv_columns import ColumnRows, PeopleRows, TieRows

__all__ = ["Known", "read_bundle"]

Known = Callable[[EntityKind, set[str]], set[str]]
"""`known(kind, ids)`: which of `ids` the target store already holds (`store.existing`)."""


def read_bundle(folder: Path, *, known: Known | None = None) -> Bundle:
    """The bundle in `folder`, or `ImportRejected` carrying every problem found.

    A reference that is not in the bundle is looked up with `known` (once per
    kind); without it, every reference must resolve inside the bundle.
    """
    if not folder.is_dir():
        raise InvalidInput("folder", f"{str(folder)!r} is not a folder")
    problems: list[ImportProblem] = []
    with _TieParts.start(folder / "ties.csv") as later:
        tables = [_read_table(folder / spec.file, spec, problems, later) for spec in _SPECS]
    _check_references(tables, known, problems)
    if problems:
        raise ImportRejected(problems)
    found: dict[str, Any] = {
        t.spec.bundle_field: t.columns.data
        if t.columns is not None
        else [item for _, item in t.rows.values()]
        for t in tables
    }
    return Bundle(**found)


# -- what each file holds -------------------------------------------------

_Parser = Callable[[str], Any]


def _oriented(tie: Tie) -> tuple[Any, ...]:
    return (tie.pair, tie.strength, tie.last_contact, tie.context)


@dataclass(frozen=True, slots=True)
class _Spec:
    file: str
    bundle_field: str
    model: type[BaseModel]
    columns: Mapping[str, _Parser]
    key_columns: tuple[str, ...] = ("id",)
    key: Callable[[Any], tuple[Any, ...]] = lambda item: (item.id,)
    same: Callable[[Any], Hashable] = lambda item: item
    kind: EntityKind | None = None
    refs: Mapping[str, tuple[EntityKind, ...]] = field(default_factory=dict)
    rule_column: str = "row"  # the column a model-wide rule is about
    required: bool = False


_SPECS: tuple[_Spec, ...] = (
    _Spec(
        "people.csv",
        "people",
        Person,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "customer_id": csv_cells.ident,
            "title": csv_cells.text,
            "roles": csv_cells.items,
            "is_salesperson": csv_cells.boolean,
            "email": csv_cells.text,
        },
        kind="person",
        refs={"customer_id": ("customer",), "roles": ("role",)},
        required=True,
    ),
    _Spec(
        "ties.csv",
        "ties",
        Tie,
        {
            "source": csv_cells.ident,
            "target": csv_cells.ident,
            "strength": csv_cells.number,
            "last_contact": csv_cells.date_cell,
            "context": csv_cells.text,
        },
        key_columns=("source", "target"),
        key=attrgetter("pair"),
        same=_oriented,
        refs={"source": ("person",), "target": ("person",)},
        rule_column="target",
        required=True,
    ),
    _Spec(
        "customers.csv",
        "customers",
        Customer,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "kind": csv_cells.choice,
            "status": csv_cells.choice,
            "industry": csv_cells.text,
            "revenue": csv_cells.number,
            "headcount": csv_cells.integer,
            "region": csv_cells.text,
            "situation": csv_cells.items,
            "domain": csv_cells.text,
        },
        kind="customer",
    ),
    _Spec(
        "needs.csv",
        "needs",
        Need,
        {
            "id": csv_cells.listed_ident,
            "name": csv_cells.text,
            "description": csv_cells.text,
            "can_meet": csv_cells.boolean,
        },
        kind="need",
    ),
    _Spec(
        "roles.csv",
        "roles",
        Role,
        {
            "id": csv_cells.listed_ident,
            "name": csv_cells.text,
            "cares_about": csv_cells.items,
            "power": csv_cells.choice,
        },
        kind="role",
        refs={"cares_about": ("need",)},
    ),
    _Spec(
        "customer_needs.csv",
        "customer_needs",
        CustomerNeed,
        {
            "customer_id": csv_cells.ident,
            "need_id": csv_cells.ident,
            "approved": csv_cells.boolean,
            "budget_this_year": csv_cells.boolean,
            "budget": csv_cells.number,
            "kpi_related": csv_cells.boolean,
        },
        key_columns=("customer_id", "need_id"),
        key=attrgetter("customer_id", "need_id"),
        refs={"customer_id": ("customer",), "need_id": ("need",)},
    ),
    _Spec(
        "capabilities.csv",
        "capabilities",
        Capability,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "kind": csv_cells.choice,
            "solves": csv_cells.items,
            "price_min": csv_cells.number,
            "price_max": csv_cells.number,
            "advantages": csv_cells.items,
        },
        kind="capability",
        refs={"solves": ("need",)},
        rule_column="price_max",
    ),
    _Spec(
        "channels.csv",
        "channels",
        Channel,
        {
            "id": csv_cells.ident,
            "name": csv_cells.text,
            "kind": csv_cells.choice,
            "audience": csv_cells.choice,
            "person_id": csv_cells.ident,
        },
        kind="channel",
        refs={"person_id": ("person",)},
        rule_column="person_id",
    ),
    _Spec(
        "channel_reach.csv",
        "reach",
        Reach,
        {"channel_id": csv_cells.ident, "target_id": csv_cells.ident, "strength": csv_cells.number},
        key_columns=("channel_id", "target_id"),
        key=attrgetter("channel_id", "target_id"),
        refs={"channel_id": ("channel",), "target_id": ("customer", "person")},
    ),
    _Spec(
        "evidence.csv",
        "evidence",
        TieEvidence,
        {
            "source": csv_cells.ident,
            "target": csv_cells.ident,
            "origin": csv_cells.text,
            "since": csv_cells.date_cell,
            "contacts": csv_cells.integer,
            "last_contact": csv_cells.date_cell,
        },
        key_columns=("source", "target", "origin"),
        key=lambda e: (*e.pair, e.origin),
        refs={"source": ("person",), "target": ("person",)},
        rule_column="target",
    ),
    _Spec(
        "employments.csv",
        "employments",
        Employment,
        {
            "person_id": csv_cells.ident,
            "origin": csv_cells.text,
            "company": csv_cells.text,
            "customer_id": csv_cells.ident,
            "title": csv_cells.text,
            "ref": csv_cells.text,
            "since": csv_cells.date_cell,
            "until": csv_cells.date_cell,
        },
        key_columns=("person_id", "origin", "company"),
        key=attrgetter("person_id", "origin", "company"),
        refs={"person_id": ("person",), "customer_id": ("customer",)},
        rule_column="until",
    ),
)


_COLUMNAR: dict[type[BaseModel], type[PeopleRows] | type[TieRows]] = {
    Person: PeopleRows,
    Tie: TieRows,
}
"""The files read into columns: the ones that hold millions of rows."""


# -- one file -------------------------------------------------------------


@dataclass(slots=True)
class _Table:
    spec: _Spec
    problems: list[ImportProblem]
    rows: dict[tuple[Any, ...], tuple[int, Any]] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # ids of rejected rows
    complete: bool = True  # if not, references into it cannot be judged
    columns: ColumnRows | None = None  # people.csv and ties.csv: columns, not `rows`

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(ImportProblem(self.spec.file, line, reason))

    def add(self, line: int, item: Any) -> None:
        key = self.spec.key(item)
        if key not in self.rows:
            self.rows[key] = (line, item)
            return
        first_line, first = self.rows[key]
        if self.spec.same(first) != self.spec.same(item):
            shown = " and ".join(repr(part) for part in key)
            columns = ", ".join(self.spec.key_columns)
            self.problem(
                line, f"{columns}: {shown} already given on line {first_line} with other data"
            )


def _read_table(
    path: Path, spec: _Spec, problems: list[ImportProblem], later: _TieParts | None = None
) -> _Table:
    table = _Table(spec, problems)
    if spec.model is Tie and later is not None and later.split is not None:
        found = _read_in_parts(path, spec, later, later.split)
        if found is not None:
            table.columns, table.complete = found.rows, found.complete
            table.failed, table.problems = found.failed, problems
            problems.extend(found.problems)
            found.rows.finish(table.problem)
            return table
    with _opened(path, table) as handle:
        if handle is None:
            return table
        records = _records(handle)
        header = _header(table, records)
        if header is None:
            table.complete = False
            return table
        if spec.model in _COLUMNAR:
            rows = table.columns = _COLUMNAR[spec.model](header, table.problem)
            rows.read(records, lambda line, record: _take(table, header, line, record, rows))
            rows.finish(table.problem)
        else:
            for line, record in records:
                _take(table, header, line, record)
    return table


# -- a large ties.csv in two parts, on two cores -------------------------------------

_PARALLEL_FROM = 32 << 20
"""A ties.csv of at least this many bytes is read in two processes at once."""

_LATER_SHARE = 0.55
"""The share of ties.csv the second process reads; the first reads people.csv too."""


@dataclass(slots=True)
class _Part:
    rows: TieRows
    problems: list[ImportProblem]
    failed: set[str]
    complete: bool


class _BadSplit(Exception):
    """The split fell inside a quoted cell (a bare quote earlier misled the count)."""


class _TieParts:
    """The second part of a large ties.csv, read by a forked process while this one
    reads people.csv and the first part. The split is a line break outside any
    quoted cell (an even number of quotes before it); should a bare quote in an
    unquoted cell have misled that count, the first part ends inside a quoted
    cell, which the reader notices, and the file is read again in one piece."""

    def __init__(self, split: tuple[int, int] | None, pool: Executor | None) -> None:
        self.split = split
        self._pool = pool
        self._future: Future[_Part | None] | None = None

    @classmethod
    @contextmanager
    def start(cls, path: Path) -> Iterator[_TieParts]:
        forkable = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
        split = _split_point(path) if forkable and _big(path) else None
        if split is None:
            yield cls(None, None)
            return
        with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
            parts = cls(split, pool)
            parts._future = pool.submit(_read_part, path, *split)
            yield parts

    def later_part(self) -> _Part | None:
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


def _read_part(path: Path, start: int, line: int) -> _Part | None:
    """The rows of ties.csv from byte `start` (line `line`) on, in a process of its own."""
    spec = next(s for s in _SPECS if s.model is Tie)
    table = _Table(spec, [])
    try:
        with open(path, encoding="utf-8-sig", newline="") as head:
            header = _header(table, _records(head))
        if header is None:
            return None
        with open(path, "rb") as raw:
            raw.seek(start)
            handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            rows = TieRows(header, table.problem)
            rows.read(
                _records(handle, first_line=line),
                lambda at, record: _take(table, header, at, record, rows),
            )
    except (OSError, UnicodeDecodeError):
        return None  # the first process reports it, reading the file itself
    return _Part(rows, table.problems, table.failed, table.complete)


def _read_in_parts(
    path: Path, spec: _Spec, later: _TieParts, split: tuple[int, int]
) -> _Part | None:
    """Both parts, joined; None to read the file in one piece instead."""
    table = _Table(spec, [])
    with _opened(path, table, end=split[0]) as handle:
        if handle is None:
            return None
        records = _records(handle, bounded=True)
        header = _header(table, records)
        if header is None:
            return None
        rows = TieRows(header, table.problem)
        try:
            rows.read(records, lambda line, record: _take(table, header, line, record, rows))
        except _BadSplit:
            return None
    rest = later.later_part()
    if rest is None:
        return None
    rows.extend(rest.rows)
    return _Part(
        rows,
        table.problems + rest.problems,
        table.failed | rest.failed,
        table.complete and rest.complete,
    )


def _take(
    table: _Table,
    header: list[str],
    line: int,
    record: list[str] | csv.Error,
    columns: ColumnRows | None = None,
) -> None:
    if isinstance(record, csv.Error):
        table.problem(line, f"not valid CSV: {record}")
    elif len(record) != len(header):
        table.problem(line, f"has {len(record)} cells where the header has {len(header)}")
    else:
        _add_row(table, line, dict(zip(header, record, strict=True)), columns)
        return
    table.complete = False  # the row's id is unknown, so is whether others name it


@contextmanager
def _opened(path: Path, table: _Table, *, end: int | None = None) -> Iterator[TextIO | None]:
    """The file as text, read as it goes, once it is known to be UTF-8 throughout
    (checked in a first pass that keeps nothing); None after a problem."""
    if not path.is_file():
        if table.spec.required:
            table.problem(0, "file is missing")
            table.complete = False
        yield None
        return
    try:
        bad = _not_utf8(path)
        if bad is None and end is not None:
            with open(path, "rb") as raw:
                bounded = io.BufferedReader(_Bounded(raw, end))
                yield io.TextIOWrapper(bounded, encoding="utf-8-sig", newline="")
                return
        if bad is None:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                yield handle
                return
        line, byte = bad
        table.problem(line, f"is not UTF-8 text (byte {byte:#04x})")
    except OSError as exc:
        table.problem(0, f"cannot be read: {exc.strerror}")
    table.complete = False
    yield None


def _not_utf8(path: Path) -> tuple[int, int] | None:
    """The line and value of the first byte that is not UTF-8, or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as raw:
        while chunk := raw.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                break
        else:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                pass
            else:
                return None
    data = path.read_bytes()  # only for a bad file: find the byte exactly
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1, data[exc.start]
    return None


class _Bounded(io.RawIOBase):
    """The first `end` bytes of a binary file."""

    def __init__(self, raw: BinaryIO, end: int) -> None:
        self._raw, self._left = raw, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[: self._left]
        got = self._raw.readinto(view)  # type: ignore[attr-defined]
        self._left -= got
        return int(got)


def _records(
    handle: TextIO, *, first_line: int = 1, bounded: bool = False
) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Each record with the line it starts on; the reader resynchronises after an error.

    `bounded`: the text is the first part of a file, so a quoted cell still open at
    its end means the part was cut in the wrong place (`_BadSplit`).
    """
    reader = csv.reader(handle, strict=True)
    start = first_line
    while True:
        try:
            record: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if bounded and "unexpected end of data" in str(exc):
                raise _BadSplit from exc
            record = exc
        if not isinstance(record, list) or any(record):
            yield start, record
        start = first_line + reader.line_num


def _header(
    table: _Table, records: Iterator[tuple[int, list[str] | csv.Error]]
) -> list[str] | None:
    line, record = next(records, (0, []))
    if isinstance(record, csv.Error) or not record:
        table.problem(line, f"has no header row{f' ({record})' if record else ''}")
        return None
    names = [name.strip() for name in record]
    columns = table.spec.columns
    for name in sorted({n for n in names if names.count(n) > 1}):
        table.problem(line, f"column {name!r} appears more than once")
    for name in names:
        if name not in columns:
            table.problem(line, f"unknown column {name!r} (expected: {', '.join(columns)})")
    model_fields = table.spec.model.model_fields
    missing = [c for c in columns if c not in names and model_fields[c].is_required()]
    for name in missing:
        table.problem(line, f"required column {name!r} is missing")
    return None if missing or len(set(names)) < len(names) else names


def _add_row(
    table: _Table, line: int, cells: dict[str, str], columns: ColumnRows | None = None
) -> None:
    spec = table.spec
    cells = {column: cell for column, cell in cells.items() if column in spec.columns}
    item, reasons = _validate(spec, cells)
    for reason in reasons:
        table.problem(line, reason)
    if item is not None and columns is not None:
        columns.add(line, item)
    elif item is not None:
        table.add(line, item)
    elif spec.kind is not None and cells.get("id"):
        table.failed.add(cells["id"])


def _validate(spec: _Spec, cells: dict[str, str]) -> tuple[Any, list[str]]:
    values: dict[str, Any] = {}
    reasons: list[str] = []
    bad: set[str] = set()
    for column, cell in cells.items():
        try:
            value = spec.columns[column](cell)
        except csv_cells.CellError as exc:
            reasons.append(f"{column}: {exc}, got {cell!r}")
            bad.add(column)
            continue
        if value is not None:
            values[column] = value
    model = Salesperson if spec.model is Person and values.get("is_salesperson") else spec.model
    try:
        item = model.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else spec.rule_column
            if column not in bad:  # already reported, with a better reason
                reasons.append(
                    f"{column}: {_message(column, error)}, got {cells.get(column, '')!r}"
                )
        return None, reasons
    return (None if reasons else item), reasons


def _message(column: str, error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if column == "strength" and kind in ("greater_than", "less_than_equal"):
        return "must be greater than 0 and at most 1"
    message: str = error["msg"].removeprefix("Value error, ")
    return message.replace("Input should be", "must be", 1)


# -- across files ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ref:
    file: str
    line: int
    column: str
    kinds: tuple[EntityKind, ...]
    ident: str


def _check_references(
    tables: list[_Table], known: Known | None, problems: list[ImportProblem]
) -> None:
    defined = {
        # Rejected rows count as defined: their problem is already reported.
        t.spec.kind: _defined(t) | t.failed
        for t in tables
        if t.spec.kind is not None
    }
    unjudged = {t.spec.kind for t in tables if t.spec.kind is not None and not t.complete}
    pending: list[_Ref] = []
    asked: dict[EntityKind, set[str]] = {}
    for ref in _references(tables):
        if any(k in unjudged or ref.ident in defined.get(k, ()) for k in ref.kinds):
            continue
        pending.append(ref)
        for kind in ref.kinds:
            asked.setdefault(kind, set()).add(ref.ident)
    # Columnar files: each distinct id once; rows are looked at only for unknown ones.
    columnar: list[tuple[_Table, ColumnRows, str, tuple[EntityKind, ...], set[str]]] = []
    for table in tables:
        if table.columns is None:
            continue
        for column, ids in table.columns.references().items():
            kinds = table.spec.refs[column]
            if any(k in unjudged for k in kinds):
                continue
            maybe = {i for i in ids if not any(i in defined.get(k, ()) for k in kinds)}
            for kind in kinds if maybe else ():
                asked.setdefault(kind, set()).update(maybe)
            columnar.append((table, table.columns, column, kinds, maybe))
    held = {kind: known(kind, ids) if known else set() for kind, ids in asked.items()}
    for ref in pending:
        if not any(ref.ident in held[kind] for kind in ref.kinds):
            reason = f"{ref.column}: unknown {' or '.join(ref.kinds)} {ref.ident!r}"
            problems.append(ImportProblem(ref.file, ref.line, reason))
    for table, rows, column, kinds, maybe in columnar:
        unknown = {i for i in maybe if not any(i in held[k] for k in kinds)}
        for line, ident in rows.naming(column, unknown):
            table.problem(line, f"{column}: unknown {' or '.join(kinds)} {ident!r}")


def _defined(table: _Table) -> set[str]:
    if table.columns is not None:
        return table.columns.defined() or set()
    return {item.id for _, item in table.rows.values()}


def _references(tables: list[_Table]) -> Iterator[_Ref]:
    for table in tables:
        for line, item in table.rows.values():
            for column, kinds in table.spec.refs.items():
                value = getattr(item, column)
                for ident in value if isinstance(value, tuple) else (value,):
                    if ident is not None:
                        yield _Ref(table.spec.file, line, column, kinds, ident)
