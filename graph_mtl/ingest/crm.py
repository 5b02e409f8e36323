"""CRM exports: contacts and companies CSV files, read through a mapping.

A mapping (TOML) names each column graph-mtl reads; `hubspot` and `salesforce`
are built in (graph_mtl/crm/*.toml: HubSpot's default Contacts and Companies
exports, Salesforce's Contacts and Accounts reports), and any other CRM gets a
mapping file of the same shape. The export is a folder holding the files (the
file whose name holds the mapping's `file`, as HubSpot's
`hubspot-crm-exports-all-contacts-2026-12-02.csv` holds "contacts") or the
contacts CSV alone. Columns are found by name; a missing one that the
mapping needs, or a date that cannot be read, rejects the export whole with
`file:line: reason`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph_mtl.domain.models import CustomerStatus, ident_problem
from graph_mtl.domain.names import display_name
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest.csv_records import read_records

__all__ = ["CrmCompany", "CrmContact", "CrmExport", "CrmMapping", "load_mapping", "read_crm"]

BUILT_IN = ("hubspot", "salesforce")
MAX_BYTES = 512 << 20
"""The most bytes read of one file of an export."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContactColumns(_Section):
    file: str
    id: str
    first_name: str
    last_name: str
    email: str | None = None
    company: str | None = None
    title: str | None = None
    owner: str | None = None
    last_activity: str | None = None


class CompanyColumns(_Section):
    file: str
    id: str
    name: str
    domain: str | None = None
    stage: str | None = None


class CrmMapping(_Section):
    name: str
    contacts: ContactColumns
    companies: CompanyColumns | None = None
    status: dict[str, CustomerStatus] = Field(default_factory=dict)
    """Lifecycle stage (or account type), any case → status; others are potential."""

    def reads(self, name: str) -> bool:
        """Whether the reader uses an export's file of this name (the others stay packed)."""
        wanted = [self.contacts.file] + ([self.companies.file] if self.companies else [])
        name = name.lower()
        return name.endswith(".csv") and any(word.lower() in name for word in wanted)

    def status_of(self, stage: str) -> CustomerStatus:
        wanted = {k.casefold(): v for k, v in self.status.items()}
        return wanted.get(stage.strip().casefold(), CustomerStatus.POTENTIAL)


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


def load_mapping(named: str) -> CrmMapping:
    """A built-in mapping by name (hubspot, salesforce) or a mapping file."""
    if named.lower() in BUILT_IN:
        text = resources.files("graph_mtl").joinpath(f"crm/{named.lower()}.toml").read_text("utf-8")
        source = named
    else:
        path = Path(named)
        if not path.is_file():
            raise InvalidInput(
                "mapping", f"{named!r} is neither {' nor '.join(BUILT_IN)} nor a file"
            )
        text, source = path.read_text(encoding="utf-8"), str(path)
    try:
        return CrmMapping.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise InvalidInput("mapping", f"{source}: {exc}") from exc


def read_crm(path: Path, mapping: CrmMapping) -> CrmExport:
    problems: list[ImportProblem] = []
    contacts_file = _find(path, mapping.contacts.file)
    if contacts_file is None:
        raise InvalidInput("export", f"{path} holds no CSV named after {mapping.contacts.file}")
    contacts = _contacts(contacts_file, mapping.contacts, problems)
    companies: list[CrmCompany] = []
    if mapping.companies is not None and path.is_dir():
        found = _find(path, mapping.companies.file)
        if found is not None:
            companies = _companies(found, mapping.companies, problems)
    if problems:
        raise ImportRejected(problems)
    return CrmExport(contacts, companies)


def _find(path: Path, word: str) -> Path | None:
    """The export's file whose name holds `word` (a lone file is the contacts)."""
    if path.is_file():
        return path
    matches = sorted(
        p for p in path.iterdir() if p.suffix.lower() == ".csv" and word.lower() in p.name.lower()
    )
    return matches[0] if matches else None


def _rows(
    path: Path, needed: list[str], problems: list[ImportProblem]
) -> list[tuple[int, dict[str, str]]]:
    """The rows of one file by column name, read as they come; [] after a problem."""
    header: list[str] = []
    before = len(problems)
    try:
        with path.open("rb") as raw:
            found = read_records(
                path.name, raw, problems, limit=MAX_BYTES, column_name=_named(header)
            )
            first = next(found, None)
            header += [cell.strip() for cell in first[1]] if first else []
            missing = [column for column in needed if column not in header]
            if missing and len(problems) == before:
                reason = f"missing columns: {', '.join(missing)}"
                problems.append(ImportProblem(path.name, 1, reason))
            rows = [] if missing else [(line, _by_name(header, record)) for line, record in found]
    except OSError as exc:
        problems.append(ImportProblem(path.name, 0, f"cannot be read: {exc.strerror}"))
        return []
    return rows if len(problems) == before else []


def _by_name(header: list[str], record: list[str]) -> dict[str, str]:
    return {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}


def _named(header: list[str]) -> Callable[[int], str]:
    """A cell's column name by its index, from the header once it is read."""
    return lambda at: header[at] if at < len(header) else ""


def _contacts(path: Path, c: ContactColumns, problems: list[ImportProblem]) -> list[CrmContact]:
    optional = [c.email, c.company, c.title, c.owner, c.last_activity]
    needed = [c.id, c.first_name, c.last_name, *(x for x in optional if x)]
    found = []
    for line, row in _rows(path, needed, problems):
        written = row.get(c.last_activity, "") if c.last_activity else ""
        when = _activity_date(written)
        if written and when is None:
            problems.append(
                ImportProblem(path.name, line, f"{c.last_activity}: {written!r} is not a date")
            )
            continue
        problem = "empty" if not row[c.id] else ident_problem(row[c.id])
        if problem is not None:
            problems.append(ImportProblem(path.name, line, f"{c.id}: {problem}"))
            continue
        email = row.get(c.email, "") if c.email else ""
        name = display_name(row[c.first_name], row[c.last_name]) or email or row[c.id]
        found.append(
            CrmContact(
                record=row[c.id],
                name=name,
                email=email,
                company=row.get(c.company, "") if c.company else "",
                title=row.get(c.title, "") if c.title else "",
                owner=row.get(c.owner, "") if c.owner else "",
                last_activity=when,
                line=line,
            )
        )
    return found


def _companies(path: Path, c: CompanyColumns, problems: list[ImportProblem]) -> list[CrmCompany]:
    needed = [c.id, c.name, *(x for x in (c.domain, c.stage) if x)]
    return [
        CrmCompany(
            record=row[c.id],
            name=row[c.name],
            domain=row.get(c.domain, "") if c.domain else "",
            stage=row.get(c.stage, "") if c.stage else "",
        )
        for _, row in _rows(path, needed, problems)
        if row[c.name]
    ]


def _activity_date(text: str) -> date | None:
    """`2026-11-27`, `2026-11-27 14:03` (HubSpot) or `11/27/2026` (Salesforce, US)."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    parts = text.split()[0].split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[2]), int(parts[0]), int(parts[1]))
        except ValueError:
            return None
    return None
