"""A LinkedIn data export of any year (2018 on), read as LinkedIn writes it.

The export is a zip (`Basic_` or `Complete_LinkedInDataExport_*.zip`), its
unpacked folder, or `Connections.csv` alone (graph_mtl/ingest/linkedin_files.py).
Each file is recognised by its header, never by a date:

- `Connections.csv`: `First Name,Last Name,URL,Email Address,Company,Position,
  Connected On`; before mid-2023 without `URL`, before 2021 without the `Notes:`
  preamble; maybe after a BOM, every field quoted. Members who hide their
  profile are rows blank but for `Connected On`: skipped and counted. Repeated
  rows collapse. Columns are found by name, so extra or reordered ones are fine.
- `messages.csv` (graph_mtl/ingest/linkedin_messages.py): 9, 10 or 11 columns;
  messages count by direction, SPAM, drafts and sponsored ones never.
- `Profile.csv`, `Invitations.csv`, `Positions.csv`
  (graph_mtl/ingest/linkedin_owner.py): the owner's name, their own profile and
  who invited whom, their employers.

A person's id comes from their profile URL (`li-<slug>`), else their e-mail
(`mail-<address>`), else a hash of name and company; a connection without URL
whose name the export's messages or invitations show with one profile (and no
other connection has that name) is joined to it. So the same export read
twice, or exports of different years, give the same people. Dates in every
form LinkedIn wrote them (graph_mtl/ingest/linkedin_dates.py). Any bad row
rejects the export whole (`ImportRejected`, each problem as `file:line: reason`).
Each file is read as it goes, at most `limit` bytes of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from graph_mtl.domain.names import display_name
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest.linkedin_dates import DAY_EXAMPLE, day
from graph_mtl.ingest.linkedin_files import (
    CONNECTIONS,
    INVITATIONS,
    MESSAGES,
    POSITIONS,
    PROFILE,
    export_files,
    opened,
    reads,
    table,
)
from graph_mtl.ingest.linkedin_messages import (
    Exchange,
    Messages,
    count_exchanges,
    own_profile,
    read_messages,
)
from graph_mtl.ingest.linkedin_owner import (
    Invitation,
    Position,
    read_invitations,
    read_positions,
    read_profile,
)
from graph_mtl.ingest.linkedin_people import name_keys, person_id, slug

__all__ = [
    "MAX_BYTES",
    "Connection",
    "Exchange",
    "LinkedInExport",
    "Position",
    "person_id",
    "read_linkedin",
    "reads",
]

_REQUIRED = ("First Name", "Last Name", "Connected On")
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
    keys: frozenset[str] = frozenset()
    """The keys its name is matched by (graph_mtl/ingest/linkedin_people.py)."""


@dataclass(slots=True)
class LinkedInExport:
    connections: list[Connection] = field(default_factory=list)
    hidden: int = 0
    """Rows of members who hide their profile (blank but for Connected On)."""
    repeated: int = 0
    joined: int = 0
    """Connections without URL joined to their profile by another file of the export."""
    messages: int = 0
    """Messages counted (the owner's, in or out)."""
    spam: int = 0
    drafts: int = 0
    sponsored: int = 0
    owner_name: str = ""
    """From Profile.csv."""
    own_url: str | None = None
    """The owner's own profile slug, from Invitations.csv or messages.csv."""
    exchanged: dict[str, Exchange] = field(default_factory=dict)
    """By person id: messages the owner sent them and received from them, the last day."""
    invitations: list[Invitation] = field(default_factory=list)
    accepted: int = 0
    """Invitations that became a connection (the others are pending: no tie)."""
    positions: list[Position] = field(default_factory=list)
    """The owner's own employers."""


def read_linkedin(path: Path, *, limit: int = MAX_BYTES) -> LinkedInExport:
    """The export at `path`, reading only the files it uses, as they are needed and
    at most `limit` bytes of each (InvalidInput past it)."""
    problems: list[ImportProblem] = []
    export = LinkedInExport()
    messages = Messages()
    own: Counter[str] = Counter()
    with contextlib.ExitStack() as stack:
        files = export_files(path, stack)
        if CONNECTIONS not in files:
            raise InvalidInput(
                "export", f"{path} holds no Connections.csv (a LinkedIn data export)"
            )
        with opened(files[CONNECTIONS]) as (name, raw):
            _read_connections(name, raw, export, problems, limit)
        if PROFILE in files:
            with opened(files[PROFILE]) as (name, raw):
                export.owner_name = read_profile(name, raw, problems, limit=limit)
        if INVITATIONS in files:
            with opened(files[INVITATIONS]) as (name, raw):
                export.invitations, own = read_invitations(name, raw, problems, limit=limit)
        if POSITIONS in files:
            with opened(files[POSITIONS]) as (name, raw):
                export.positions = read_positions(name, raw, problems, limit=limit)
        if MESSAGES in files:
            with opened(files[MESSAGES]) as (name, raw):
                messages = read_messages(name, raw, problems, limit=limit)
    if problems:
        raise ImportRejected(problems)
    _join(export, messages)
    _count(export, messages, own)
    return export


# -- Connections.csv --------------------------------------------------------------
def _read_connections(
    name: str, raw: IO[bytes], export: LinkedInExport, problems: list[ImportProblem], limit: int
) -> None:
    rows = table(name, raw, problems, required=_REQUIRED, limit=limit)
    seen: set[str] = set()
    for line, cell in rows or ():
        first, last, url = cell("FIRST NAME"), cell("LAST NAME"), cell("URL")
        email, company, position = cell("EMAIL ADDRESS"), cell("COMPANY"), cell("POSITION")
        if not any((first, last, url, email, company, position)):
            export.hidden += 1
            continue
        connected = day(cell("CONNECTED ON"))
        if connected is None:
            reason = f"Connected On: {cell('CONNECTED ON')!r} is not a date like {DAY_EXAMPLE}"
            problems.append(ImportProblem(name, line, reason))
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
        keys = frozenset(name_keys(first, last))
        export.connections.append(
            Connection(ident, full, url, email, company, position, connected, line, keys)
        )


# -- the files together ---------------------------------------------------------------
def _join(export: LinkedInExport, messages: Messages) -> None:
    """Connections without URL take the profile that messages or invitations show
    under their name, when that name is one profile's and one connection's."""
    profiles: dict[str, set[str]] = {k: set(v) for k, v in messages.senders.items()}
    for invitation in export.invitations:
        if invitation.other_slug:
            for key in name_keys(invitation.other_name):
                profiles.setdefault(key, set()).add(invitation.other_slug)
    named = Counter(key for c in export.connections for key in c.keys)
    ids = {c.id for c in export.connections}
    joined: list[Connection] = []
    for c in export.connections:
        found = {s for key in c.keys if named[key] == 1 for s in profiles.get(key, ())}
        if c.url or len(found) != 1:
            joined.append(c)
            continue
        profile = found.pop()
        if f"li-{profile}" in ids:  # the same member under their URL already
            export.repeated += 1
            continue
        url = f"https://www.linkedin.com/in/{profile}"
        joined.append(dataclasses.replace(c, id=f"li-{profile}", url=url))
        ids.add(f"li-{profile}")
        export.joined += 1
    export.connections = joined


def _count(export: LinkedInExport, messages: Messages, own: Counter[str]) -> None:
    export.spam, export.drafts = messages.spam, messages.drafts
    export.sponsored = messages.sponsored
    connected = {c.id for c in export.connections}
    owner = own.most_common(1)[0][0] if own else None
    if owner is None and messages.found:
        owner = own_profile(messages, owner_name=export.owner_name, connected=connected)
    export.own_url = owner
    urls = {slug(c.url) for c in export.connections if c.url}
    find = _by_name(export)
    export.accepted = sum(
        1
        for i in export.invitations
        if (i.other_slug in urls if i.other_slug else find(i.other_name) is not None)
    )
    if owner is None:
        return
    export.messages = len(messages.found)
    export.exchanged = count_exchanges(messages, owner=owner, by_name=find)


def _by_name(export: LinkedInExport) -> Callable[[str], str | None]:
    """A name to the id of the one connection it names (None when none or several)."""
    index: dict[str, set[str]] = {}
    for c in export.connections:
        for key in c.keys:
            index.setdefault(key, set()).add(c.id)

    def find(text: str) -> str | None:
        ids = {i for key in name_keys(text) for i in index.get(key, ())}
        return next(iter(ids)) if len(ids) == 1 else None

    return find
