"""CRM exports: contacts and companies CSV files, read through a mapping.

A mapping (TOML, graph_mtl/ingest/crm_mapping.py) names each column graph-mtl
reads and its type; `hubspot` and `salesforce` are built in (graph_mtl/crm/*.toml:
HubSpot's default Contacts and Companies exports, Salesforce's Contacts and
Accounts reports), and any other CRM gets a mapping file of the same shape. The
export is a folder holding the files (the file whose name holds the mapping's
`file`, as HubSpot's `hubspot-crm-exports-all-contacts-2026-12-02.csv` holds
"contacts") or the contacts CSV alone. Columns are found by name. Every cell of a
mapped column is checked by its type, and every row has as many cells as the
header; each problem is `file:line: column: reason`, all of them are listed, and
one rejects the export whole. The lines a CRM writes after the data (the
mapping's `footer`) are skipped there, and only there.

`read_paths` reads back the file `export-crm` writes (graph_mtl/ingest/crm_export.py)
through the same mapping and the same checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from graph_mtl.domain.names import display_name
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.i18n import _
from graph_mtl.ingest.crm_mapping import (
    BUILT_IN,
    Column,
    CrmMapping,
    cell_value,
    load_mapping,
)
from graph_mtl.ingest.csv_cells import CellError
from graph_mtl.ingest.csv_records import read_records

__all__ = [
    "BUILT_IN",
    "CrmCompany",
    "CrmContact",
    "CrmExport",
    "CrmMapping",
    "PathRow",
    "load_mapping",
    "read_crm",
    "read_paths",
]

MAX_BYTES = 512 << 20
"""The most bytes read of one file of an export."""


@dataclass(frozen=True, slots=True)
class CrmContact:
    record: str
    name: str
    email: str
    company: str
    title: str
    owner: str
    last_activity: date | None
    line: int
    stage: str = ""


@dataclass(frozen=True, slots=True)
class CrmCompany:
    record: str
    name: str
    domain: str
    stage: str


@dataclass(frozen=True, slots=True)
class CrmExport:
    contacts: list[CrmContact]
    companies: list[CrmCompany]


@dataclass(frozen=True, slots=True)
class PathRow:
    """One row of the file `export-crm` wrote, as the CRM's importer would read it."""

    record: str | None
    email: str | None
    connector: str | None
    strength: float | None
    hops: int | None
    last_interaction: date | None
    path: str | None
    line: int


def read_crm(path: Path, mapping: CrmMapping) -> CrmExport:
    """The contacts and companies of an export (a folder, or the contacts CSV alone);
    ImportRejected with every problem found, InvalidInput when there is no export."""
    problems: list[ImportProblem] = []
    contacts_file = _find(path, mapping.contacts.file)
    contacts = [
        _contact(line, row)
        for line, row in _table(contacts_file, mapping.contacts.columns(), mapping, problems)
    ]
    companies: list[CrmCompany] = []
    if mapping.companies is not None and path.is_dir():
        found = _find(path, mapping.companies.file, required=False)
        if found is not None:
            rows = _table(found, mapping.companies.columns(), mapping, problems)
            companies = [_company(row) for _, row in rows if row["name"]]
    if problems:
        raise ImportRejected(problems)
    return CrmExport(contacts, companies)


def read_paths(path: Path, mapping: CrmMapping) -> list[PathRow]:
    """The rows of a file `export-crm` wrote with `mapping`, checked as an import is."""
    if mapping.export is None:
        raise InvalidInput(
            "mapping", _("{crm}'s mapping has no [export] section", crm=mapping.name)
        )
    c = mapping.contacts
    columns = {"id": c.id, **({"email": c.email} if c.email else {}), **mapping.export.columns()}
    problems: list[ImportProblem] = []
    keys = ("id", "email") if c.email else ("id",)
    rows = _table(_find(path, c.file), columns, mapping, problems, required=keys, one=True)
    if problems:
        raise ImportRejected(problems)
    return [
        PathRow(
            record=row["id"],
            email=row.get("email"),
            connector=row["connector"],
            strength=row["strength"],
            hops=row["hops"],
            last_interaction=row["last_interaction"],
            path=row.get("path"),
            line=line,
        )
        for line, row in rows
    ]


def _find(path: Path, word: str, *, required: bool = True) -> Path | None:
    """The export's file whose name holds `word` (a lone file is the contacts)."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise InvalidInput("export", _("{path} is neither a file nor a folder", path=str(path)))
    matches = sorted(
        p for p in path.iterdir() if p.suffix.lower() == ".csv" and word.lower() in p.name.lower()
    )
    if not matches and required:
        raise InvalidInput(
            "export", _("{path} holds no CSV named after {word}", path=str(path), word=word)
        )
    return matches[0] if matches else None


def _table(
    path: Path | None,
    columns: Mapping[str, Column],
    mapping: CrmMapping,
    problems: list[ImportProblem],
    *,
    required: tuple[str, ...] = ("id",),
    one: bool = False,
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of one file, each as its fields' checked values (None: empty), every
    `required` field given (with `one`, at least one of them); [] after a problem,
    every problem of the file added to `problems`."""
    if path is None:
        return []
    before = len(problems)
    header: list[str] = []
    rows: list[tuple[int, dict[str, Any]]] = []

    def problem(line: int, reason: str) -> None:
        problems.append(ImportProblem(path.name, line, reason))

    try:
        with path.open("rb") as raw:
            found = read_records(
                path.name, raw, problems, limit=MAX_BYTES, column_name=_named(header)
            )
            first = next(found, None)
            header += [cell.strip() for cell in first[1]] if first else []
            missing = [c.column for c in columns.values() if c.column not in header]
            if missing and len(problems) == before:
                problem(
                    first[0] if first else 1,
                    _("missing columns: {columns}", columns=", ".join(missing)),
                )
            if missing:
                return []
            at = {field: header.index(c.column) for field, c in columns.items()}
            for line, record in _before_footer(found, mapping, header, problem):
                row = _row(line, record, columns, at, mapping, required, problem, one=one)
                if row is not None and one and not any(row[f] for f in required):
                    shown = _(" or ").join(columns[f].column for f in required)
                    problem(line, _("{columns}: one is required", columns=shown))
                    row = None
                if row is not None:
                    rows.append((line, row))
    except OSError as exc:
        problem(0, _("cannot be read: {reason}", reason=exc.strerror))
    return rows if len(problems) == before else []


def _before_footer(
    found: Iterator[tuple[int, list[str]]],
    mapping: CrmMapping,
    header: list[str],
    problem: Callable[[int, str], None],
) -> Iterator[tuple[int, list[str]]]:
    """The records of full length; a footer line is held back until the file ends (it
    is skipped) or a record follows it (it was a short row after all)."""
    held: list[tuple[int, list[str]]] = []
    for line, record in found:
        if mapping.is_footer(record):
            held.append((line, record))
            continue
        for taken in [*held, (line, record)]:
            if len(taken[1]) == len(header):
                yield taken
            else:
                problem(taken[0], _short(header, taken[1]))
        held.clear()


def _short(header: list[str], record: list[str]) -> str:
    if len(record) < len(header):
        return _(
            "{column}: missing, the row has {cells} of {columns} cells",
            column=header[len(record)],
            cells=len(record),
            columns=len(header),
        )
    return _(
        "the row has {cells} cells where the header has {columns}",
        cells=len(record),
        columns=len(header),
    )


def _row(
    line: int,
    record: list[str],
    columns: Mapping[str, Column],
    at: Mapping[str, int],
    mapping: CrmMapping,
    required: tuple[str, ...],
    problem: Callable[[int, str], None],
    *,
    one: bool = False,
) -> dict[str, Any] | None:
    """A record's fields checked by type, or None after its problems."""
    row: dict[str, Any] = {}
    bad = False
    for field, column in columns.items():
        cell = record[at[field]]
        try:
            row[field] = cell_value(column, cell, mapping)
        except CellError as exc:
            problem(line, f"{column.column}: {exc}, got {cell.strip()!r}")
            bad = True
            continue
        if row[field] is None and field in required and not one:
            problem(line, _("{column}: is required", column=column.column))
            bad = True
    return None if bad else row


def _named(header: list[str]) -> Callable[[int], str]:
    """A cell's column name by its index, from the header once it is read."""
    return lambda at: header[at] if at < len(header) else ""


def _contact(line: int, row: dict[str, Any]) -> CrmContact:
    email = row.get("email") or ""
    return CrmContact(
        record=row["id"],
        name=display_name(row["first_name"] or "", row["last_name"] or "") or email or row["id"],
        email=email,
        company=row.get("company") or "",
        title=row.get("title") or "",
        owner=row.get("owner") or "",
        last_activity=row.get("last_activity"),
        line=line,
        stage=row.get("stage") or "",
    )


def _company(row: dict[str, Any]) -> CrmCompany:
    return CrmCompany(
        record=row["id"],
        name=row["name"],
        domain=row.get("domain") or "",
        stage=row.get("stage") or "",
    )
