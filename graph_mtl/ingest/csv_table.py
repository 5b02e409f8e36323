"""One file of the CSV bundle read and checked row by row: the text (UTF-8
throughout, checked first), the records with the lines they start on, the
header, each row's cells validated into a model, and the problems found, each
with its file, line and reason."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pydantic import ValidationError

from graph_mtl.domain.models import Person, Salesperson
from graph_mtl.errors import ImportProblem
from graph_mtl.ingest import csv_cells
from graph_mtl.ingest.csv_columns import ColumnRows
from graph_mtl.ingest.csv_specs import Spec

__all__ = ["BadSplit", "Table", "opened", "read_header", "read_records", "take"]


@dataclass(slots=True)
class Table:
    """One file as read so far: its rows by key (or its columns) and its problems."""

    spec: Spec
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


class BadSplit(Exception):
    """The split fell inside a quoted cell (a bare quote earlier misled the count)."""


def take(
    table: Table,
    header: list[str],
    line: int,
    record: list[str] | csv.Error,
    columns: ColumnRows | None = None,
) -> None:
    """One record of the file: kept as a valid row (in `columns`, if given), or its
    problems noted."""
    if isinstance(record, csv.Error):
        table.problem(line, f"not valid CSV: {record}")
    elif len(record) != len(header):
        table.problem(line, f"has {len(record)} cells where the header has {len(header)}")
    else:
        _add_row(table, line, dict(zip(header, record, strict=True)), columns)
        return
    table.complete = False  # the row's id is unknown, so is whether others name it


@contextmanager
def opened(path: Path, table: Table, *, end: int | None = None) -> Iterator[TextIO | None]:
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


def read_records(
    handle: TextIO, *, first_line: int = 1, bounded: bool = False
) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Each record with the line it starts on; the reader resynchronises after an error.

    `bounded`: the text is the first part of a file, so a quoted cell still open at
    its end means the part was cut in the wrong place (`BadSplit`).
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
                raise BadSplit from exc
            record = exc
        if not isinstance(record, list) or any(record):
            yield start, record
        start = first_line + reader.line_num


def read_header(
    table: Table, records: Iterator[tuple[int, list[str] | csv.Error]]
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
    table: Table, line: int, cells: dict[str, str], columns: ColumnRows | None = None
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


def _validate(spec: Spec, cells: dict[str, str]) -> tuple[Any, list[str]]:
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
