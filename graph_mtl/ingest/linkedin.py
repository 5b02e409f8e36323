"""A LinkedIn data export, read as LinkedIn writes it.

The export is a zip (`Basic_LinkedInDataExport_*.zip`, or the complete one), its
unpacked folder, or `Connections.csv` alone. Two of its files are used:

- `Connections.csv`: a `Notes:` preamble (a line `Notes:`, a quoted note, a
  blank line) before the header `First Name,Last Name,URL,Email Address,
  Company,Position,Connected On`, maybe after a UTF-8 BOM; dates like
  `15 Jan 2023`. Members who hide their profile are rows blank but for
  `Connected On`: skipped and counted. Repeated rows collapse. Columns are
  found by name, so extra or reordered ones are fine.
- `messages.csv` (optional): one row per message with `SENDER PROFILE URL`,
  `RECIPIENT PROFILE URLS` (several, comma-separated, in one cell) and `DATE`
  (`2023-01-15 10:22:33 UTC`). Only who and when are read; no subject or
  content is kept. The exporter's own profile is the one in the most messages
  that is not one of their connections.

A person's id comes from their profile URL (`li-<slug>`), else their e-mail
(`mail-<address>`), else a hash of name and company, so the same export read
twice gives the same people. Any bad row rejects the export whole
(`ImportRejected`, each problem as `file:line: reason`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

from graph_mtl.domain.models import ident_problem
from graph_mtl.domain.names import display_name
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest.csv_records import DAMAGED, read_records

__all__ = ["MAX_BYTES", "Connection", "LinkedInExport", "person_id", "read_linkedin", "reads"]

CONNECTIONS = "Connections.csv"
MESSAGES = "messages.csv"
_REQUIRED = ("First Name", "Last Name", "URL", "Connected On")
_MESSAGE_COLUMNS = ("SENDER PROFILE URL", "RECIPIENT PROFILE URLS", "DATE")
_USED = frozenset({CONNECTIONS.lower(), MESSAGES.lower()})
MAX_BYTES = 512 << 20
"""The most bytes read of one file of an export, unless the caller says otherwise."""


@dataclass(frozen=True, slots=True)
class Connection:
    id: str
    name: str
    url: str
    email: str
    company: str
    position: str
    connected_on: date
    line: int


@dataclass(slots=True)
class LinkedInExport:
    connections: list[Connection] = field(default_factory=list)
    hidden: int = 0
    """Rows of members who hide their profile (blank but for Connected On)."""
    repeated: int = 0
    messages: int = 0
    """Messages read from messages.csv."""
    own_url: str | None = None
    """The exporter's own profile, as messages.csv shows it."""
    exchanged: dict[str, tuple[int, date]] = field(default_factory=dict)
    """By person id: how many messages went between them and the exporter, and the last day."""


def read_linkedin(path: Path, *, limit: int = MAX_BYTES) -> LinkedInExport:
    """The export at `path`, reading only Connections.csv and messages.csv, as they
    are needed and at most `limit` bytes of each (InvalidInput past it)."""
    problems: list[ImportProblem] = []
    export = LinkedInExport()
    with contextlib.ExitStack() as stack:
        files = _files(path, stack)
        if CONNECTIONS.lower() not in files:
            raise InvalidInput("export", f"{path} holds no {CONNECTIONS} (a LinkedIn data export)")
        with _opened(files[CONNECTIONS.lower()]) as (name, raw):
            _read_connections(name, raw, export, problems, limit)
        if MESSAGES.lower() in files:
            with _opened(files[MESSAGES.lower()]) as (name, raw):
                _read_messages(name, raw, export, problems, limit)
    if problems:
        raise ImportRejected(problems)
    return export


def reads(name: str) -> bool:
    """Whether the reader uses an export's file of this name (the others stay packed)."""
    return PurePosixPath(name).name.lower() in _USED


def person_id(url: str, email: str, name: str, company: str) -> str:
    """A stable id: from the profile URL, else the e-mail, else name and company."""
    slug = _slug(url)
    if slug:
        return f"li-{slug}"
    if email.strip():
        candidate = f"mail-{email.strip().lower()}"
        if ident_problem(candidate) is None:
            return candidate
    key = f"{name.strip().lower()}\x1f{company.strip().lower()}".encode()
    return f"li-name-{hashlib.sha256(key).hexdigest()[:16]}"


# -- the files ------------------------------------------------------------------
_Opener = Callable[[], IO[bytes]]


def _files(path: Path, stack: contextlib.ExitStack) -> dict[str, tuple[str, _Opener]]:
    """By lower-case name, the export's files the reader uses: (name as given, how to
    open it as bytes). A zip stays open on `stack` while they are read."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if reads(p.name) and p.is_file())
        return {p.name.lower(): (p.name, _reader(p)) for p in found}
    if not path.is_file():
        raise InvalidInput("export", f"{path} is neither a file nor a folder")
    if not zipfile.is_zipfile(path):
        return {CONNECTIONS.lower(): (path.name, _reader(path))}
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        members = archive.infolist()
    except (*DAMAGED, OSError, ValueError) as exc:
        raise InvalidInput("export", f"{path.name}: the zip file cannot be read ({exc})") from exc
    files: dict[str, tuple[str, _Opener]] = {}
    for member in members:
        name = PurePosixPath(member.filename).name
        if member.is_dir() or not reads(name) or name.startswith("."):
            continue
        files[name.lower()] = (name, functools.partial(archive.open, member))
    return files


def _reader(path: Path) -> _Opener:
    return lambda: path.open("rb")


@contextlib.contextmanager
def _opened(file: tuple[str, _Opener]) -> Iterator[tuple[str, IO[bytes]]]:
    name, opener = file
    try:
        raw = opener()
    except (*DAMAGED, NotImplementedError, OSError) as exc:
        raise ImportRejected([ImportProblem(name, 0, f"cannot be opened ({exc})")]) from exc
    with raw:
        yield name, raw


# -- Connections.csv --------------------------------------------------------------
def _read_connections(
    name: str, raw: IO[bytes], export: LinkedInExport, problems: list[ImportProblem], limit: int
) -> None:
    columns: list[str] = []
    rows = read_records(name, raw, problems, limit=limit, column_name=_named(columns))
    header: dict[str, int] | None = None
    for _, record in rows:  # the Notes: preamble comes before the header
        cells = [c.strip() for c in record]
        if all(column in cells for column in _REQUIRED):
            header = {cell: i for i, cell in enumerate(cells)}
            columns.extend(cells)
            break
    if header is None:
        if any(p.file == name for p in problems):
            return  # the file stopped before its header
        missing = ", ".join(_REQUIRED)
        problems.append(ImportProblem(name, 0, f"no header row with the columns {missing}"))
        return
    seen: set[str] = set()
    for line, record in rows:
        cell = _cells(record, header)
        first, last, url = cell("First Name"), cell("Last Name"), cell("URL")
        email, company, position = cell("Email Address"), cell("Company"), cell("Position")
        if not any((first, last, url, email, company, position)):
            export.hidden += 1
            continue
        connected = _connected_on(cell("Connected On"))
        if connected is None:
            problems.append(
                ImportProblem(
                    name,
                    line,
                    f"Connected On: {cell('Connected On')!r} is not a date like 15 Jan 2023",
                )
            )
            continue
        full = display_name(first, last) or email or url
        # The id hashes the name as earlier versions joined it (First Last), so that
        # a connection without URL or e-mail keeps its id across versions.
        joined = " ".join(part for part in (first, last) if part) or email or url
        ident = person_id(url, email, joined, company)
        if ident in seen:
            export.repeated += 1
            continue
        seen.add(ident)
        export.connections.append(
            Connection(ident, full, url, email, company, position, connected, line)
        )


# -- messages.csv -------------------------------------------------------------------
def _read_messages(
    name: str, raw: IO[bytes], export: LinkedInExport, problems: list[ImportProblem], limit: int
) -> None:
    columns: list[str] = []
    found = read_records(name, raw, problems, limit=limit, column_name=_named(columns))
    first = next(found, None)
    if first is None:
        return
    columns.extend(cell.strip() for cell in first[1])
    header = {cell.strip().upper(): i for i, cell in enumerate(first[1])}
    missing = [c for c in _MESSAGE_COLUMNS if c not in header]
    if missing:
        problems.append(ImportProblem(name, first[0], f"missing columns: {', '.join(missing)}"))
        return
    rows: list[tuple[list[str], date]] = []
    for line, record in found:
        cell = _cells(record, header)
        when = _iso_date(cell("DATE")[:10])
        if when is None:
            problems.append(
                ImportProblem(name, line, f"DATE: {cell('DATE')!r} is not a date like 2023-01-15")
            )
            continue
        people = [cell("SENDER PROFILE URL")]
        people += [u for u in cell("RECIPIENT PROFILE URLS").split(",") if u.strip()]
        rows.append(([slug for u in people if (slug := _slug(u))], when))
    counts = Counter(slug for slugs, _ in rows for slug in set(slugs))
    if not counts:
        return
    # The exporter is in every message and is not their own connection.
    connected = {c.id for c in export.connections}
    ranked = [slug for slug, _ in counts.most_common() if f"li-{slug}" not in connected]
    own = ranked[0] if ranked else counts.most_common(1)[0][0]
    export.own_url = own
    export.messages = len(rows)
    for slugs, when in rows:
        for slug in set(slugs) - {own}:
            ident = f"li-{slug}"
            count, last = export.exchanged.get(ident, (0, when))
            export.exchanged[ident] = (count + 1, max(last, when))


def _named(columns: list[str]) -> Callable[[int], str]:
    """A cell's column name by its index, from the header once it is read."""
    return lambda at: columns[at] if at < len(columns) else ""


def _cells(record: list[str], header: dict[str, int]) -> Callable[[str], str]:
    def cell(column: str) -> str:
        at = header.get(column, header.get(column.upper()))
        return record[at].strip() if at is not None and at < len(record) else ""

    return cell


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _connected_on(text: str) -> date | None:
    """`15 Jan 2023` as LinkedIn writes it (English month names whatever the
    locale), or an ISO date."""
    parts = text.split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
        month = _MONTHS.get(parts[1][:3].lower())
        if month is not None:
            try:
                return date(int(parts[2]), month, int(parts[0]))
            except ValueError:
                return None
    return _iso_date(text)


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def _slug(url: str) -> str:
    """The member's part of a profile URL: https://www.linkedin.com/in/jane-doe-1a2b/ → jane-doe-1a2b."""
    parts = [unquote(p) for p in urlsplit(url.strip()).path.split("/") if p]
    if len(parts) >= 2 and parts[0].lower() == "in":
        slug = parts[1].strip().lower()
        if slug and ident_problem(f"li-{slug}") is None:
            return slug
    return ""
