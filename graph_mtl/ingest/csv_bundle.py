"""Read the canonical CSV bundle: one folder, one CSV file per kind of item.

    people.csv (required)  id,name,customer_id,title,roles,is_salesperson,email
    ties.csv (required)    source,target,strength,last_contact,context
    customers.csv          id,name,kind,status,industry,revenue,headcount,region,situation
    needs.csv              id,name,description,can_meet
    roles.csv              id,name,cares_about,power
    customer_needs.csv     customer_id,need_id,approved,budget_this_year,budget,kpi_related
    capabilities.csv       id,name,kind,solves,price_min,price_max,advantages
    channels.csv           id,name,kind,audience,person_id
    channel_reach.csv      channel_id,target_id,strength

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
need; channel and target) is fine when the data is identical and collapses to
the first row, a problem otherwise. References must name an item of the
bundle or, through `known`, one the target store already holds. References
into a file that could not be read in full are not judged: its own problems
come first, and guessing would only add noise.

Every problem is collected, then all are raised at once as `ImportRejected`:
file name, the line where the record starts (the header is line 1; 0 means
the whole file) and a reason that names the column and the offending value.
"""

from __future__ import annotations

import codecs
import csv
from array import array
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from pydantic import BaseModel, ValidationError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    Need,
    Person,
    Reach,
    Role,
    Salesperson,
    Tie,
)
from graph_mtl.domain.ports import EntityKind
from graph_mtl.domain.tie_columns import TieColumns
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest import csv_cells

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
    tables = [_read_table(folder / spec.file, spec, problems) for spec in _SPECS]
    _check_references(tables, known, problems)
    if problems:
        raise ImportRejected(problems)
    found: dict[str, Any] = {
        t.spec.bundle_field: t.ties.columns
        if t.ties is not None
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
)


# -- one file -------------------------------------------------------------


@dataclass(slots=True)
class _Table:
    spec: _Spec
    problems: list[ImportProblem]
    rows: dict[tuple[Any, ...], tuple[int, Any]] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # ids of rejected rows
    complete: bool = True  # if not, references into it cannot be judged
    ties: _Ties | None = None  # ties.csv is read into columns instead of `rows`

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


def _read_table(path: Path, spec: _Spec, problems: list[ImportProblem]) -> _Table:
    table = _Table(spec, problems)
    with _opened(path, table) as handle:
        if handle is None:
            return table
        records = _records(handle)
        header = _header(table, records)
        if header is None:
            table.complete = False
            return table
        if spec.model is Tie:
            ties = _TieRows(table, header)
            ties.read(records, lambda line, record: _take(table, header, line, record, ties))
            table.ties = ties.finish()
        else:
            for line, record in records:
                _take(table, header, line, record)
    return table


def _take(
    table: _Table,
    header: list[str],
    line: int,
    record: list[str] | csv.Error,
    ties: _TieRows | None = None,
) -> None:
    if isinstance(record, csv.Error):
        table.problem(line, f"not valid CSV: {record}")
    elif len(record) != len(header):
        table.problem(line, f"has {len(record)} cells where the header has {len(header)}")
    else:
        _add_row(table, line, dict(zip(header, record, strict=True)), ties)
        return
    table.complete = False  # the row's id is unknown, so is whether others name it


@contextmanager
def _opened(path: Path, table: _Table) -> Iterator[TextIO | None]:
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


def _records(handle: TextIO) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Each record with the line it starts on; the reader resynchronises after an error."""
    reader = csv.reader(handle, strict=True)
    start = 1
    while True:
        try:
            record: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            record = exc
        if not isinstance(record, list) or any(record):
            yield start, record
        start = reader.line_num + 1


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


def _add_row(table: _Table, line: int, cells: dict[str, str], ties: _TieRows | None = None) -> None:
    spec = table.spec
    cells = {column: cell for column, cell in cells.items() if column in spec.columns}
    item, reasons = _validate(spec, cells)
    for reason in reasons:
        table.problem(line, reason)
    if item is not None and ties is not None:
        ties.add_tie(line, item)
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


# -- ties.csv, into columns --------------------------------------------------


@dataclass(slots=True)
class _Ties:
    columns: TieColumns
    lines: array[int]


class _TieRows:
    """ties.csv read straight into columns: millions of rows, few bytes each.

    A row is checked here by the same rules `_validate` applies; one that
    fails any of them (or is unusual in any way: a new date, say) goes through
    `_validate`, which gives the reason or, for a good row, the tie. Repeated pairs are judged at the end, as
    `_Table.add` judges them: the same data collapses to the first row,
    other data is a problem.
    """

    def __init__(self, table: _Table, header: list[str]) -> None:
        self.table = table
        where = {name: i for i, name in enumerate(header)}
        self.at = [
            where.get(c) for c in ("source", "target", "strength", "last_contact", "context")
        ]
        self.width = len(header)
        self.columns = TieColumns()
        self.lines = array("i")
        self._ids: dict[str, int] = {}
        self._contexts: dict[str, int] = {}
        self._days: dict[str, int] = {"": 0}

    def read(
        self,
        records: Iterator[tuple[int, list[str] | csv.Error]],
        other: Callable[[int, list[str] | csv.Error], None],
    ) -> None:
        """Take every row that passes every rule; hand the rest to `other`.

        One loop with everything it touches in locals: this runs ten million times.
        """
        i_source, i_target, i_strength, i_last, i_context = self.at
        assert i_source is not None and i_target is not None and i_strength is not None
        width = self.width
        ids, contexts, days = self._ids, self._contexts, self._days
        c = self.columns
        sources, targets, strengths = c.source.append, c.target.append, c.strength.append
        lasts, texts, lines = c.last_contact.append, c.context.append, self.lines.append
        decimal = csv_cells.DECIMAL.fullmatch
        for line, record in records:
            if type(record) is not list or len(record) != width:
                other(line, record)
                continue
            source, target = record[i_source], record[i_target]
            written = record[i_strength].strip()
            day = days.get(record[i_last].strip() if i_last is not None else "")
            if (
                day is None
                or not source
                or not target
                or source == target
                or len(source) > _MAX_ID
                or len(target) > _MAX_ID
                or source != source.strip()
                or target != target.strip()
                or not decimal(written)
            ):
                other(line, record)
                continue
            strength = float(written)
            if not 0.0 < strength <= 1.0:
                other(line, record)
                continue
            context = record[i_context] if i_context is not None else ""
            a = ids.get(source)
            if a is None:
                a = ids[source] = len(ids)
            b = ids.get(target)
            if b is None:
                b = ids[target] = len(ids)
            k = contexts.get(context)
            if k is None:
                k = contexts[context] = len(contexts)
            sources(a)
            targets(b)
            strengths(strength)
            lasts(day)
            texts(k)
            lines(line)

    def add_tie(self, line: int, tie: Tie) -> None:
        day = tie.last_contact.toordinal() if tie.last_contact else 0
        self._days.setdefault(tie.last_contact.isoformat() if tie.last_contact else "", day)
        self._append(line, tie.source, tie.target, tie.strength, day, tie.context)

    def _append(
        self, line: int, source: str, target: str, strength: float, day: int, context: str
    ) -> None:
        c = self.columns
        ids = self._ids
        a = ids.get(source)
        if a is None:
            a = ids[source] = len(ids)
        b = ids.get(target)
        if b is None:
            b = ids[target] = len(ids)
        k = self._contexts.get(context)
        if k is None:
            k = self._contexts[context] = len(self._contexts)
        c.source.append(a)
        c.target.append(b)
        c.strength.append(strength)
        c.last_contact.append(day)
        c.context.append(k)
        self.lines.append(line)

    def finish(self) -> _Ties:
        self.columns.ids = list(self._ids)
        self.columns.contexts = list(self._contexts)
        return _deduplicated(self.table, _Ties(self.columns, self.lines))


_MAX_ID = 200  # Ident's max_length


def _deduplicated(table: _Table, ties: _Ties) -> _Ties:
    """Repeated pairs (in either direction): the same data collapses to the first
    row, other data is a problem on the later row."""
    c = ties.columns
    if not len(c):
        return ties
    rank = np.empty(len(c.ids), dtype=np.int64)
    rank[np.argsort(np.array(c.ids, dtype=object))] = np.arange(len(c.ids))
    a = rank[np.frombuffer(c.source, dtype=np.int32)]
    b = rank[np.frombuffer(c.target, dtype=np.int32)]
    key = np.minimum(a, b) * len(c.ids) + np.maximum(a, b)
    order = np.argsort(key, kind="stable")
    repeated = np.flatnonzero(key[order][1:] == key[order][:-1]) + 1
    if not len(repeated):
        return ties
    drop = set()
    first_of: dict[int, int] = {}
    for position in repeated.tolist():
        row = int(order[position])
        first = first_of.setdefault(int(key[row]), int(order[position - 1]))
        if _same_tie(c, first, row):
            drop.add(row)
            continue
        pair = sorted((c.ids[c.source[row]], c.ids[c.target[row]]))
        shown = " and ".join(repr(p) for p in pair)
        table.problem(
            ties.lines[row],
            f"source, target: {shown} already given on line {ties.lines[first]} with other data",
        )
    kept = [i for i in range(len(c)) if i not in drop]
    return _Ties(c.keep(kept), array("i", (ties.lines[i] for i in kept)))


def _same_tie(c: TieColumns, i: int, j: int) -> bool:
    return (
        c.strength[i] == c.strength[j]
        and c.last_contact[i] == c.last_contact[j]
        and c.context[i] == c.context[j]
    )


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
        t.spec.kind: {item.id for _, item in t.rows.values()} | t.failed
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
    ties = [t for t in tables if t.ties is not None]
    if "person" not in unjudged:
        people = defined.get("person", set())
        for table in ties:
            ids = table.ties.columns.ids  # type: ignore[union-attr]
            asked.setdefault("person", set()).update(i for i in ids if i not in people)
    held = {kind: known(kind, ids) if known else set() for kind, ids in asked.items()}
    for ref in pending:
        if not any(ref.ident in held[kind] for kind in ref.kinds):
            reason = f"{ref.column}: unknown {' or '.join(ref.kinds)} {ref.ident!r}"
            problems.append(ImportProblem(ref.file, ref.line, reason))
    if "person" not in unjudged:
        for table in ties:
            _check_tie_ends(table, defined.get("person", set()) | held.get("person", set()))


def _check_tie_ends(table: _Table, people: set[str]) -> None:
    """A problem for each end of a tie that names nobody (ids checked once each)."""
    assert table.ties is not None
    c = table.ties.columns
    unknown = {i for i, ident in enumerate(c.ids) if ident not in people}
    if not unknown:
        return
    for row, line in enumerate(table.ties.lines):
        for column, end in (("source", c.source[row]), ("target", c.target[row])):
            if end in unknown:
                table.problem(line, f"{column}: unknown person {c.ids[end]!r}")


def _references(tables: list[_Table]) -> Iterator[_Ref]:
    for table in tables:
        for line, item in table.rows.values():
            for column, kinds in table.spec.refs.items():
                value = getattr(item, column)
                for ident in value if isinstance(value, tuple) else (value,):
                    if ident is not None:
                        yield _Ref(table.spec.file, line, column, kinds, ident)
