"""A CRM mapping: which columns of a CRM's export graph-mtl reads, each with its
type, and which columns the CRM's own importer reads back (`[export]`).

A column is a table, `{ column = "Last Activity Date", type = "date", formats =
[...] }`, or its name alone, which takes the field's own type. The type must be the
field's: `id` (a record's key), `text`, `email`, `date` (read by the `formats`
given, `strptime` style, the first of them also how an export writes a date),
`stage` (one of the mapping's `stages`, case and spacing aside), `number` or
`integer`. A cell is checked by its type (`cell_value`); the bundle's own checkers
(graph_mtl/ingest/csv_cells.py) do the ids, texts and numbers.

`footer` holds the patterns of the lines a CRM writes after the data (Salesforce's
report exports: "Grand Totals (5700 records)", the confidentiality and copyright
lines), skipped only at the end of a file.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph_mtl.domain.models import CustomerStatus
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.ingest import csv_cells
from graph_mtl.ingest.csv_cells import CellError

__all__ = [
    "BUILT_IN",
    "Column",
    "ColumnType",
    "CompanyColumns",
    "ContactColumns",
    "CrmMapping",
    "ExportColumns",
    "cell_value",
    "load_mapping",
]

BUILT_IN = ("hubspot", "salesforce")

ColumnType = Literal["id", "text", "email", "date", "stage", "number", "integer"]

_EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+")
"""An address as CRMs hold them: something@domain.tld, with no spaces or separators."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Column(_Section):
    column: str = Field(min_length=1)
    type: ColumnType = "text"
    formats: tuple[str, ...] = ()
    """For a date: how the CRM writes one, tried in turn (`%m/%d/%Y %I:%M %p`)."""

    @model_validator(mode="after")
    def _formats_for_dates(self) -> Column:
        if self.type == "date" and not self.formats:
            raise ValueError(f"{self.column!r}: a date column needs its formats")
        if self.type != "date" and self.formats:
            raise ValueError(f"{self.column!r}: only a date column has formats")
        for written in self.formats:
            try:
                shown = date(2026, 1, 13).strftime(written)
                datetime.strptime(shown, written)
            except ValueError as exc:
                raise ValueError(f"{self.column!r}: bad date format {written!r}") from exc
        return self


class _Columns(_Section):
    """A section of columns: each field's type is fixed, a bare name takes it."""

    _TYPES: ClassVar[dict[str, ColumnType]] = {}

    @model_validator(mode="before")
    @classmethod
    def _typed(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        typed = dict(data)
        for name, wanted in cls._TYPES.items():
            if isinstance(typed.get(name), str):
                typed[name] = {"column": typed[name], "type": wanted}
        return typed

    @model_validator(mode="after")
    def _types_fit(self) -> _Columns:
        for name, wanted in self._TYPES.items():
            given = getattr(self, name)
            if given is not None and given.type != wanted:
                raise ValueError(f"{name} ({given.column!r}) is of type {wanted}, not {given.type}")
        return self

    def columns(self) -> dict[str, Column]:
        """The mapped columns by field, in the section's order."""
        return {n: c for n in self._TYPES if isinstance(c := getattr(self, n), Column)}


class ContactColumns(_Columns):
    _TYPES: ClassVar[dict[str, ColumnType]] = {
        "id": "id",
        "first_name": "text",
        "last_name": "text",
        "email": "email",
        "company": "text",
        "title": "text",
        "owner": "text",
        "last_activity": "date",
        "stage": "stage",
    }
    file: str
    id: Column
    first_name: Column
    last_name: Column
    email: Column | None = None
    company: Column | None = None
    title: Column | None = None
    owner: Column | None = None
    last_activity: Column | None = None
    stage: Column | None = None
    """The contact's lifecycle stage: their company's status when no company row gives one."""


class CompanyColumns(_Columns):
    _TYPES: ClassVar[dict[str, ColumnType]] = {
        "id": "id",
        "name": "text",
        "domain": "text",
        "stage": "stage",
    }
    file: str
    id: Column
    name: Column
    domain: Column | None = None
    stage: Column | None = None


class ExportColumns(_Columns):
    """The properties `export-crm` writes, as the CRM's importer names them; the
    contacts' key columns (id, e-mail, names) are the `[contacts]` ones."""

    _TYPES: ClassVar[dict[str, ColumnType]] = {
        "connector": "text",
        "strength": "number",
        "hops": "integer",
        "last_interaction": "date",
        "path": "text",
    }
    connector: Column
    strength: Column
    hops: Column
    last_interaction: Column
    path: Column | None = None


class CrmMapping(_Section):
    name: str
    contacts: ContactColumns
    companies: CompanyColumns | None = None
    stages: tuple[str, ...] = ()
    """Every lifecycle stage (or account type) the CRM has: a stage cell must be one."""
    status: dict[str, CustomerStatus] = Field(default_factory=dict)
    """Stage → customer status (any case); the other stages: potential."""
    footer: tuple[str, ...] = ()
    """Patterns of the lines after the data (a whole line, its one cell)."""
    export: ExportColumns | None = None

    @model_validator(mode="after")
    def _stages_known(self) -> CrmMapping:
        known = {_stage_key(s) for s in self.stages}
        unknown = [s for s in self.status if _stage_key(s) not in known]
        if unknown:
            raise ValueError(f"[status] names stages not in `stages`: {', '.join(unknown)}")
        staged = [s for s in (self.contacts, self.companies) if s is not None and s.stage]
        if staged and not self.stages:
            raise ValueError("a stage column needs the mapping's `stages`")
        for pattern in self.footer:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"footer: bad pattern {pattern!r} ({exc})") from exc
        return self

    def reads(self, name: str) -> bool:
        """Whether the reader uses an export's file of this name (the others stay packed)."""
        wanted = [self.contacts.file] + ([self.companies.file] if self.companies else [])
        name = name.lower()
        return name.endswith(".csv") and any(word.lower() in name for word in wanted)

    def status_of(self, stage: str) -> CustomerStatus:
        wanted = {_stage_key(k): v for k, v in self.status.items()}
        return wanted.get(_stage_key(stage), CustomerStatus.POTENTIAL)

    def is_footer(self, record: list[str]) -> bool:
        cells = [cell.strip() for cell in record if cell.strip()]
        return len(cells) == 1 and any(re.fullmatch(p, cells[0]) for p in self.footer)


def _stage_key(stage: str) -> str:
    return "".join(stage.split()).casefold()


def cell_value(column: Column, cell: str, mapping: CrmMapping) -> Any:
    """The value of one cell by its column's type, None when empty; CellError says why not."""
    cell = cell.strip()
    match column.type:
        case "id":
            return csv_cells.ident(cell)
        case "text":
            return csv_cells.text(cell)
        case "number":
            return csv_cells.number(cell)
        case "integer":
            return csv_cells.integer(cell)
        case "email":
            if cell and not _EMAIL.fullmatch(cell):
                raise CellError(_("is not an e-mail address"))
            return cell or None
        case "stage":
            known = {_stage_key(s): s for s in mapping.stages}
            if cell and _stage_key(cell) not in known:
                raise CellError(
                    _(
                        "is not a stage of {crm} (expected one of: {stages})",
                        crm=mapping.name,
                        stages=", ".join(mapping.stages),
                    )
                )
            return known[_stage_key(cell)] if cell else None
        case "date":
            return _date(cell, column.formats)


def _date(cell: str, formats: tuple[str, ...]) -> date | None:
    if not cell:
        return None
    for written in formats:
        try:
            return datetime.strptime(cell, written).date()
        except ValueError:
            continue
    examples = dict.fromkeys(datetime(2026, 1, 13, 14, 30).strftime(f) for f in formats)
    raise CellError(_("is not a date written as {examples}", examples=_(" or ").join(examples)))


def load_mapping(named: str) -> CrmMapping:
    """A built-in mapping by name (hubspot, salesforce) or a mapping file."""
    if named.lower() in BUILT_IN:
        text = resources.files("graph_mtl").joinpath(f"crm/{named.lower()}.toml").read_text("utf-8")
        source = named
    else:
        path = Path(named)
        if not path.is_file():
            raise InvalidInput(
                "mapping",
                _(
                    "{named!r} is neither {built_in} nor a file",
                    named=named,
                    built_in=_(" nor ").join(BUILT_IN),
                ),
            )
        text, source = path.read_text(encoding="utf-8"), str(path)
    try:
        return CrmMapping.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise InvalidInput("mapping", f"{source}: {exc}") from exc
