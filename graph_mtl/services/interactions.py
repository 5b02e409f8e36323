"""A salesperson's e-mail and calendar as evidence of their ties.

`import_mail` counts, per correspondent, the messages the salesperson sent them
and received from them (graph_mtl/ingest/mail.py: headers only, bulk and
automatic mail left out, each message once); `import_calendar` counts the
meetings they both attended (graph_mtl/ingest/calendar.py). A correspondent is
matched by e-mail address to a person the store knows, who gets the evidence
whatever it is; someone unknown becomes a contact only after a reciprocated
exchange (the playbook's `[interactions]`: messages each way, or meetings).
The salesperson's own addresses (their e-mail and the `aliases` given) are the
owner, never a correspondent.

The evidence is one item per tie and origin ("E-mail", "Calendar") and goes
through the same write as a LinkedIn import (graph_mtl/services/networks.py):
the salesperson's own source, private to them like their LinkedIn network, all
or nothing, and importing the same files again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph_mtl.domain.models import CustomerStatus, TieEvidence, ident_problem
from graph_mtl.domain.names import email_key
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphEditor
from graph_mtl.errors import ImportRejected, InvalidInput
from graph_mtl.ingest.calendar import Event, calendar_files, meetings, read_events
from graph_mtl.ingest.mail import Progress, read_mail, tally
from graph_mtl.services.access import Caller, private_origin, require_salesperson
from graph_mtl.services.identity import Companies, Record, merge_records
from graph_mtl.services.imported import ImportSummary, forgotten_among, summary_fields, write_import

__all__ = ["CALENDAR", "MAIL", "CalendarImport", "MailImport", "import_calendar", "import_mail"]

MAIL = "E-mail"
CALENDAR = "Calendar"


class MailImport(ImportSummary):
    """What an e-mail import found and did (or, with `dry_run`, would do)."""

    salesperson: str
    messages: int
    counted: int
    """Messages from or to the salesperson that count."""
    duplicates: int
    """Messages read before (the same Message-ID): counted once."""
    automatic: int
    """Bulk and automatic mail, spam and drafts: left out."""
    not_theirs: int
    """Messages neither from nor to the salesperson (a list, a Bcc): left out."""
    correspondents: int
    """People who get the evidence."""
    one_way: int
    """Unknown correspondents without a reciprocated exchange: left out."""


class CalendarImport(ImportSummary):
    """What a calendar import found and did (or, with `dry_run`, would do)."""

    salesperson: str
    events: int
    meetings: int
    """Occurrences the salesperson attended, cancelled and declined ones aside."""
    cancelled: int
    upcoming: int
    """Events still to come: no meeting yet."""
    duplicates: int
    attendees: int
    """People who get the evidence."""
    unknown_left_out: int
    """Unknown attendees met fewer times than the playbook asks: left out."""


@dataclass(frozen=True, slots=True)
class _Counted:
    address: str
    name: str
    sent: int = 0
    received: int = 0
    meetings: int = 0
    last: date | None = None


@dataclass(frozen=True, slots=True)
class _Options:
    caller: Caller
    playbook: Playbook
    today: date
    create_customers: bool
    dry_run: bool
    include_forgotten: bool


def import_mail(
    store: GraphEditor,
    path: Path,
    *,
    salesperson_id: str,
    caller: Caller,
    playbook: Playbook,
    today: date,
    aliases: Sequence[str] = (),
    create_customers: bool = False,
    dry_run: bool = False,
    include_forgotten: bool = False,
    progress: Progress | None = None,
) -> MailImport:
    caller.may_act_for(salesperson_id)
    owner = _owner(store, salesperson_id, aliases)
    found = tally(read_mail(path, progress=progress), owner)
    if found.problems:
        raise ImportRejected(found.problems)
    least = playbook.interactions.reciprocated
    counted = [
        _Counted(p.address, p.name, sent=p.sent, received=p.received, last=p.last)
        for p in found.people.values()
    ]
    keep = _known(store, [c.address for c in counted])
    keep |= {c.address for c in counted if min(c.sent, c.received) >= least}
    how = _Options(caller, playbook, today, create_customers, dry_run, include_forgotten)
    summary = _import(store, salesperson_id, [c for c in counted if c.address in keep], MAIL, how)
    return MailImport(
        salesperson=salesperson_id,
        messages=found.messages,
        counted=found.counted,
        duplicates=found.duplicates,
        automatic=found.automatic,
        not_theirs=found.not_theirs,
        one_way=len(counted) - len(keep & {c.address for c in counted}),
        **summary,
    )


def import_calendar(
    store: GraphEditor,
    path: Path,
    *,
    salesperson_id: str,
    caller: Caller,
    playbook: Playbook,
    today: date,
    aliases: Sequence[str] = (),
    create_customers: bool = False,
    dry_run: bool = False,
    include_forgotten: bool = False,
) -> CalendarImport:
    caller.may_act_for(salesperson_id)
    owner = _owner(store, salesperson_id, aliases)
    found = meetings(_events(path), owner, today=today)
    if found.problems:
        raise ImportRejected(found.problems)
    counted = [
        _Counted(a, found.names.get(a, ""), meetings=n, last=last)
        for a, (n, last) in sorted(found.people.items())
        if n > 0
    ]
    keep = _known(store, [c.address for c in counted])
    keep |= {c.address for c in counted if c.meetings >= playbook.interactions.meetings}
    how = _Options(caller, playbook, today, create_customers, dry_run, include_forgotten)
    chosen = [c for c in counted if c.address in keep]
    summary = _import(store, salesperson_id, chosen, CALENDAR, how)
    return CalendarImport(
        salesperson=salesperson_id,
        events=found.events,
        meetings=found.counted,
        cancelled=found.cancelled,
        upcoming=found.upcoming,
        duplicates=found.duplicates,
        unknown_left_out=len(counted) - len(chosen),
        **summary,
    )


def _events(path: Path) -> Iterator[Event]:
    for f in calendar_files(path):
        name = str(f.relative_to(path)) if f != path else f.name
        with f.open("rb") as raw:
            yield from read_events(name, raw)


def _owner(store: GraphEditor, salesperson_id: str, aliases: Sequence[str]) -> set[str]:
    salesperson = require_salesperson(store, salesperson_id)
    owner = {email_key(a) for a in (salesperson.email or "", *aliases) if a.strip()}
    if not owner:
        raise InvalidInput(
            "alias",
            f"{salesperson_id} has no e-mail address: give theirs with --alias "
            "(their own messages tell which way each one went)",
        )
    return owner


def _known(store: GraphEditor, addresses: Sequence[str]) -> set[str]:
    found = store.people_by_email({email_key(a) for a in addresses})
    return {a for a in addresses if found.get(email_key(a))}


def _import(
    store: GraphEditor,
    salesperson_id: str,
    counted: Sequence[_Counted],
    origin: str,
    how: _Options,
) -> dict[str, object]:
    records = [
        Record(id=_person_id(c.address), name=c.name or c.address, email=c.address) for c in counted
    ]
    gone = forgotten_among(store, records, how.include_forgotten)
    pairs = [(c, r) for c, r in zip(counted, records, strict=True) if r.id not in gone.ids]
    created = CustomerStatus.POTENTIAL if how.create_customers else None
    companies = Companies(store.customers(), prefix="mail", create=created)
    merged = merge_records(
        store,
        [r for _, r in pairs],
        origin=private_origin(salesperson_id),
        companies=companies,
        playbook=how.playbook,
        today=how.today,
    )
    by_person: dict[str, TieEvidence] = {}
    for (c, _), person in zip(pairs, merged.ids, strict=True):
        if person == salesperson_id:
            continue
        had = by_person.get(person) or TieEvidence(
            source=salesperson_id, target=person, origin=origin
        )
        days = [d for d in (c.last, had.last_contact) if d is not None]
        by_person[person] = had.model_copy(  # two addresses of one person add up
            update={
                "sent": had.sent + c.sent,
                "received": had.received + c.received,
                "meetings": had.meetings + c.meetings,
                "last_contact": max(days, default=None),
            }
        )
    evidence = [by_person[p] for p in sorted(by_person)]
    kept = write_import(
        store, how.caller, merged, companies, evidence, how.playbook, how.today, how.dry_run
    )
    summary = summary_fields(merged, companies, kept, how.dry_run, gone.people)
    key = "correspondents" if origin == MAIL else "attendees"
    return {**summary, key: len(evidence)}


def _person_id(address: str) -> str:
    """`mail-<address>` as a LinkedIn import names an e-mail-only connection, else
    a hash of the address (too long, or characters an id may not hold)."""
    candidate = f"mail-{address}"
    if ident_problem(candidate) is None:
        return candidate
    return f"mail-{hashlib.sha256(address.encode()).hexdigest()[:16]}"
