"""CSV records with the line each starts on, for the exports read as others write
them (LinkedIn, CRMs): a cell may span lines, so the line is csv's, not a count.

A file is read as it goes, never whole: at most `limit` bytes of it (InvalidInput
past them, the moment they pass), physical lines of at most MAX_LINE characters,
cells of at most csv's field limit (128 KiB). A record that breaks one of these,
bytes that are not UTF-8 or a zip member that is damaged stop the file with one
`ImportProblem` naming the file, the line and, for a cell, its column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from graph_mtl.errors import ImportProblem, InvalidInput

__all__ = ["DAMAGED", "MAX_LINE", "RecordError", "read_records", "records"]

MAX_LINE = 1 << 20
"""Characters on one physical line of an export (a row of a few hundred columns
is tens of kilobytes); a longer line stops the file."""

DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)
"""What reading a damaged zip member raises (a bad CRC, a broken deflate stream)."""


class RecordError(ValueError):
    """A record that cannot be read: the line it starts on, why, and the index of
    the cell that broke a limit (None if it is not one cell)."""

    def __init__(self, line: int, reason: str, *, column: int | None = None) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
        self.column = column


def records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record of `lines` (a text stream opened with newline="") with the
    line it starts on, blank records left out; RecordError at one csv cannot read."""
    taken: list[str] = []  # the physical lines of the record being read

    def fed() -> Iterator[str]:
        for line in lines:
            if len(line) > MAX_LINE:
                raise RecordError(
                    start + len(taken), f"a line is longer than {MAX_LINE:,} characters"
                )
            taken.append(line)
            yield line

    reader = csv.reader(fed())
    start = 1
    while True:
        taken.clear()
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            limit = csv.field_size_limit()
            column = _long_cell("".join(taken), limit)
            if column is not None:
                raise RecordError(
                    start, f"a cell is longer than {limit:,} characters", column=column
                ) from exc
            raise RecordError(start, f"cannot be read as CSV ({exc})") from exc
        if any(cell.strip() for cell in record):
            yield start, record
        start = reader.line_num + 1


def read_records(
    name: str,
    raw: IO[bytes],
    problems: list[ImportProblem],
    *,
    limit: int,
    column_name: Callable[[int], str] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """The records of one file of an export, read from `raw` as they are needed;
    a record that cannot be read ends them, with its problem added to `problems`.
    `column_name` names a cell's column by its index (once the header is known)."""
    text = io.TextIOWrapper(
        io.BufferedReader(_Capped(raw, limit, name)),
        encoding="utf-8-sig",
        errors="surrogateescape",  # a bad byte is found on its own line, below
        newline="",
    )
    count = 0

    def checked() -> Iterator[str]:
        nonlocal count
        while line := text.readline(MAX_LINE + 1):  # a longer line is not held whole
            count += 1
            if bad := _NOT_UTF8.search(line):
                byte = ord(bad.group()) - 0xDC00
                raise RecordError(count, f"not UTF-8 text (byte {byte:#04x})")
            yield line

    try:
        yield from records(checked())
    except RecordError as exc:
        where = f"column {exc.column + 1}" if exc.column is not None else ""
        if exc.column is not None and column_name is not None:
            where = column_name(exc.column) or where
        reason = f"{where}: {exc.reason}" if where else exc.reason
        problems.append(ImportProblem(name, exc.line, reason))
    except DAMAGED as exc:
        problems.append(ImportProblem(name, count + 1, f"is damaged in the zip ({exc})"))


_NOT_UTF8 = re.compile("[\udc80-\udcff]")


class _Capped(io.RawIOBase):
    """A binary stream that refuses to go past `limit` bytes (sizes in a zip can lie)."""

    def __init__(self, raw: IO[bytes], limit: int, name: str) -> None:
        self._raw, self._left, self._limit, self._name = raw, limit, limit, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        got = self._raw.read(min(len(view), self._left + 1))
        if len(got) > self._left:
            raise InvalidInput("export", f"{self._name} is larger than {self._limit:,} bytes")
        self._left -= len(got)
        view[: len(got)] = got
        return len(got)


def _long_cell(text: str, limit: int) -> int | None:
    """The index of the first cell of `text` (a record's start, as csv read it)
    longer than `limit` characters, or None."""
    column = length = 0
    quoted = False
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if quoted and char == '"' and text[at + 1 : at + 2] == '"':
            at += 1  # an escaped quote: one character of the cell
        elif char == '"' and (quoted or length == 0):
            quoted = not quoted
            at += 1
            continue
        elif char == "," and not quoted:
            column, length = column + 1, 0
            at += 1
            continue
        length += 1
        if length > limit:
            return column
        at += 1
    return None
