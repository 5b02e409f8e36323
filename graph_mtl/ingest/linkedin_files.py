"""The files of a LinkedIn export, wherever they are: a zip (`Basic_` or
`Complete_LinkedInDataExport_*.zip`), its unpacked folder (files maybe in
subfolders), or `Connections.csv` alone. Only the files the reader uses are
opened, one at a time, as bytes; a zip stays open while they are read.

A file's table is found by its header, never by the export's date: the first
record holding every required column (case and spacing aside), after whatever
comes before it (the `Notes:` preamble of Connections.csv since 2021). Every
field may be quoted, the header too; a BOM is dropped.
"""

from __future__ import annotations

import contextlib
import functools
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO

from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest.csv_records import DAMAGED, read_records

__all__ = [
    "CONNECTIONS",
    "INVITATIONS",
    "MESSAGES",
    "POSITIONS",
    "PROFILE",
    "Cells",
    "Opener",
    "Table",
    "export_files",
    "opened",
    "reads",
    "table",
]

CONNECTIONS = "connections.csv"
MESSAGES = "messages.csv"
INVITATIONS = "invitations.csv"
PROFILE = "profile.csv"
POSITIONS = "positions.csv"
_USED = frozenset({CONNECTIONS, MESSAGES, INVITATIONS, PROFILE, POSITIONS})

Opener = Callable[[], IO[bytes]]
Cells = Callable[[str], str]
"""A record's cell by its column's name (upper case), stripped; "" when absent."""


def reads(name: str) -> bool:
    """Whether the reader uses an export's file of this name (the others stay packed)."""
    return PurePosixPath(name).name.lower() in _USED


def export_files(path: Path, stack: contextlib.ExitStack) -> dict[str, tuple[str, Opener]]:
    """By lower-case name, the export's files the reader uses: (name as given, how to
    open it as bytes). A zip stays open on `stack` while they are read."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if reads(p.name) and p.is_file())
        return {p.name.lower(): (p.name, _reader(p)) for p in found}
    if not path.is_file():
        raise InvalidInput("export", f"{path} is neither a file nor a folder")
    if not zipfile.is_zipfile(path):
        return {CONNECTIONS: (path.name, _reader(path))}
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        members = archive.infolist()
    except (*DAMAGED, OSError, ValueError) as exc:
        raise InvalidInput("export", f"{path.name}: the zip file cannot be read ({exc})") from exc
    files: dict[str, tuple[str, Opener]] = {}
    for member in members:
        name = PurePosixPath(member.filename).name
        if member.is_dir() or not reads(name) or name.startswith("."):
            continue
        files[name.lower()] = (name, functools.partial(archive.open, member))
    return files


def _reader(path: Path) -> Opener:
    return lambda: path.open("rb")


@contextlib.contextmanager
def opened(file: tuple[str, Opener]) -> Iterator[tuple[str, IO[bytes]]]:
    name, opener = file
    try:
        raw = opener()
    except (*DAMAGED, NotImplementedError, OSError) as exc:
        raise ImportRejected([ImportProblem(name, 0, f"cannot be opened ({exc})")]) from exc
    with raw:
        yield name, raw


class Table:
    """One file's rows after its header: each as (line, cells by column name)."""

    def __init__(self, rows: Iterator[tuple[int, list[str]]], header: dict[str, int]) -> None:
        self._rows = rows
        self.header = header

    def has(self, column: str) -> bool:
        return column in self.header

    def __iter__(self) -> Iterator[tuple[int, Cells]]:
        header = self.header
        for line, record in self._rows:

            def cell(column: str, record: list[str] = record) -> str:
                at = header.get(column)
                return record[at].strip() if at is not None and at < len(record) else ""

            yield line, cell


def table(
    name: str,
    raw: IO[bytes],
    problems: list[ImportProblem],
    *,
    required: Sequence[str],
    limit: int,
) -> Table | None:
    """The table of one file, its header found by the `required` columns (any case);
    None, with a problem added, when no record before the end holds them. Cells are
    then named by their column in upper case."""
    wanted = [column.upper() for column in required]
    columns: list[str] = []
    rows = read_records(
        name,
        raw,
        problems,
        limit=limit,
        column_name=lambda at: columns[at] if at < len(columns) else "",
    )
    for _, record in rows:
        cells = [" ".join(c.split()).upper() for c in record]
        if all(column in cells for column in wanted):
            columns.extend(c.strip() for c in record)
            return Table(rows, {cell: i for i, cell in reversed(list(enumerate(cells)))})
    if not any(p.file == name for p in problems):  # else the file stopped before its header
        named = ", ".join(required)
        problems.append(ImportProblem(name, 0, f"no header row with the columns {named}"))
    return None
