"""Calendar metadata as evidence: who met whom and when, from iCalendar (RFC 5545)
files as Google Calendar and Outlook export them.

A path is one `.ics` file or a folder of them (Google's export zip unpacks to
one per calendar). Lines are unfolded (a line starting with a space or tab
continues the one before) and read one at a time; of each VEVENT only UID,
RECURRENCE-ID, DTSTART, RRULE, EXDATE, STATUS, ORGANIZER and ATTENDEE (with its
PARTSTAT and CUTYPE) are kept: never a summary, description or location.

An event is a meeting of the people on it who did not decline (PARTSTAT=DECLINED)
and are persons (CUTYPE rooms and resources aside), unless it was cancelled
(STATUS:CANCELLED). A recurring event (RRULE: FREQ, INTERVAL, COUNT, UNTIL,
BYDAY of a weekly rule) counts once per occurrence up to `today`, less its
EXDATEs and cancelled occurrences; an event still to come is not a meeting yet.
The same event in two files (UID and RECURRENCE-ID) counts once. A file that is
no calendar, an event without DTSTART or with one that is no date, and an
unknown RRULE frequency are problems (`file:line: reason`) that refuse the import.
"""

from __future__ import annotations

import calendar as _months
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from graph_mtl.errors import ImportProblem, InvalidInput

__all__ = ["Event", "Meetings", "calendar_files", "meetings", "read_events"]

_KEPT = frozenset(
    {"UID", "RECURRENCE-ID", "DTSTART", "RRULE", "EXDATE", "STATUS", "ORGANIZER", "ATTENDEE"}
)
_MAX_OCCURRENCES = 10_000
"""A recurring event counts at most this many times (a daily rule of 27 years)."""
_DAY_NAMES = frozenset({"MO", "TU", "WE", "TH", "FR", "SA", "SU"})


@dataclass(slots=True)
class Event:
    file: str
    line: int
    uid: str = ""
    recurrence_id: str = ""
    start: date | None = None
    rrule: dict[str, str] = field(default_factory=dict)
    exdates: set[date] = field(default_factory=set)
    cancelled: bool = False
    people: dict[str, bool] = field(default_factory=dict)
    """Address → whether they declined (the organizer never does)."""
    names: dict[str, str] = field(default_factory=dict)
    """Address → the name the calendar gives them (CN)."""
    problem: tuple[int, str] | None = None


@dataclass(slots=True)
class Meetings:
    events: int = 0
    counted: int = 0
    """Occurrences the owner attended (or organized), cancelled and declined ones aside."""
    cancelled: int = 0
    duplicates: int = 0
    upcoming: int = 0
    people: dict[str, tuple[int, date]] = field(default_factory=dict)
    """Address → meetings with the owner and the last one's day."""
    names: dict[str, str] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


def calendar_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InvalidInput("path", f"{path} is neither a file nor a folder")
    return sorted(p for p in path.rglob("*.ics") if p.is_file() and not p.name.startswith("."))


def read_events(name: str, raw: BinaryIO) -> Iterator[Event]:
    """The VEVENTs of one file, as their kept properties say."""
    event: Event | None = None
    depth = 0
    for number, line in _unfolded(raw):
        if number == 1 and line.upper() != "BEGIN:VCALENDAR":
            yield Event(name, 1, problem=(1, "not an iCalendar file (no BEGIN:VCALENDAR)"))
            return
        key, params, value = _property(line)
        if key == "BEGIN":
            if value.upper() == "VEVENT" and event is None:
                event = Event(name, number)
            elif event is not None:
                depth += 1  # a VALARM inside the event
        elif key == "END" and event is not None:
            if depth:
                depth -= 1
            elif value.upper() == "VEVENT":
                yield _checked(event)
                event = None
        elif event is not None and not depth and key in _KEPT:
            _keep(event, number, key, params, value)


def _unfolded(raw: BinaryIO) -> Iterator[tuple[int, str]]:
    held: tuple[int, str] | None = None
    for number, data in enumerate(raw, 1):
        text = data.decode("utf-8", "replace").rstrip("\r\n")
        if text[:1] in (" ", "\t") and held is not None:
            held = (held[0], held[1] + text[1:])
            continue
        if held is not None:
            yield held
        held = (number, text)
    if held is not None:
        yield held


def _property(line: str) -> tuple[str, dict[str, str], str]:
    head, _, value = line.partition(":")
    if '"' in head:  # a quoted parameter may hold a colon (mailto: in DELEGATED-FROM)
        head, value = _split_quoted(line)
    name, *params = head.split(";")
    found = {}
    for p in params:
        k, _, v = p.partition("=")
        found[k.strip().upper()] = v.strip().strip('"')
    return name.strip().upper(), found, value.strip()


def _split_quoted(line: str) -> tuple[str, str]:
    quoted = False
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:at], line[at + 1 :]
    return line, ""


def _keep(event: Event, number: int, key: str, params: dict[str, str], value: str) -> None:
    if key == "UID":
        event.uid = value
    elif key == "RECURRENCE-ID":
        event.recurrence_id = value
    elif key == "DTSTART":
        event.start = _date(value, params)
        if event.start is None:
            event.problem = event.problem or (number, f"DTSTART: {value[:40]!r} is not a date")
    elif key == "RRULE":
        event.rrule = dict(p.partition("=")[::2] for p in value.upper().split(";") if p)
    elif key == "EXDATE":
        event.exdates |= {d for v in value.split(",") if (d := _date(v, params))}
    elif key == "STATUS":
        event.cancelled = value.upper() == "CANCELLED"
    elif key in ("ORGANIZER", "ATTENDEE"):
        address = _address(value)
        person = params.get("CUTYPE", "INDIVIDUAL").upper() in ("INDIVIDUAL", "")
        if address and person:
            declined = key == "ATTENDEE" and params.get("PARTSTAT", "").upper() == "DECLINED"
            event.people[address] = event.people.get(address, True) and declined
            if params.get("CN"):
                event.names.setdefault(address, params["CN"])


def _address(value: str) -> str:
    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and " " not in text else ""


def _date(value: str, params: dict[str, str]) -> date | None:
    """The day of a DATE or DATE-TIME (UTC when it ends in Z, else as written)."""
    text = value.strip()
    try:
        if len(text) == 8 or params.get("VALUE", "").upper() == "DATE":
            return datetime.strptime(text[:8], "%Y%m%d").date()
        when = datetime.strptime(text.rstrip("Zz")[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    return when.replace(tzinfo=UTC).date() if text.upper().endswith("Z") else when.date()


def _checked(event: Event) -> Event:
    if event.problem is None and event.start is None:
        event.problem = (event.line, "the event has no DTSTART")
    freq = event.rrule.get("FREQ")
    if event.problem is None and event.rrule and freq not in _STEPS:
        event.problem = (event.line, f"RRULE: FREQ={freq} is not one graph-mtl counts")
    return event


# -- counting ---------------------------------------------------------------------
def meetings(events: Iterable[Event], owner: set[str], *, today: date) -> Meetings:
    """Per person the owner met, how many meetings and the last day; each event (by
    UID and RECURRENCE-ID) once."""
    found = Meetings()
    seen: set[tuple[str, str]] = set()
    overrides: list[Event] = []
    for e in events:
        found.events += 1
        if e.problem is not None:
            found.problems.append(ImportProblem(e.file, *e.problem))
            continue
        key = (e.uid, e.recurrence_id)
        if e.uid and key in seen:
            found.duplicates += 1
            continue
        seen.add(key)
        if e.recurrence_id:
            overrides.append(e)  # one occurrence moved or cancelled: counted below
            continue
        _add(found, e, owner, _occurrences(e, today), today)
    for e in overrides:
        if e.cancelled and (e.uid, "") in seen:
            _add(found, e, owner, [], today, less=1)
    return found


def _add(
    found: Meetings, e: Event, owner: set[str], days: list[date], today: date, less: int = 0
) -> None:
    if e.cancelled and not less:
        found.cancelled += 1
        return
    if not days and not less:
        found.upcoming += 1
        return
    attended = [a for a, declined in e.people.items() if not declined]
    if not any(a in owner for a in attended):
        return
    found.counted += len(days) - less
    for address in attended:
        if address in owner:
            continue
        if address in e.names:
            found.names.setdefault(address, e.names[address])
        count, last = found.people.get(address, (0, date.min))
        found.people[address] = (
            max(0, count + len(days) - less),
            max([last, *days]),
        )


def _occurrences(e: Event, today: date) -> list[date]:
    assert e.start is not None
    if not e.rrule:
        return [e.start] if e.start <= today else []
    rule = e.rrule
    interval = max(1, int(rule.get("INTERVAL", "1") or 1))
    count = int(rule["COUNT"]) if rule.get("COUNT", "").isdigit() else _MAX_OCCURRENCES
    until = _date(rule["UNTIL"], {}) if "UNTIL" in rule else None
    end = min(today, until) if until else today
    per = 1
    if rule["FREQ"] == "WEEKLY" and rule.get("BYDAY"):
        per = max(1, len({d[-2:] for d in rule["BYDAY"].split(",")} & _DAY_NAMES))
    days: list[date] = []
    n = 0
    while n < min(count, _MAX_OCCURRENCES):
        day = _step(rule["FREQ"], e.start, n * interval)
        if day is None or day > end:
            break
        days.extend([day] * min(per, count - n))
        n += per
    return [d for d in days if d not in e.exdates]


def _months_on(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    last = _months.monthrange(start.year + year, month + 1)[1]
    return start.replace(year=start.year + year, month=month + 1, day=min(start.day, last))


_STEPS: dict[str, Callable[[date, int], date]] = {
    "DAILY": lambda s, n: s + timedelta(days=n),
    "WEEKLY": lambda s, n: s + timedelta(weeks=n),
    "MONTHLY": _months_on,
    "YEARLY": lambda s, n: _months_on(s, 12 * n),
}


def _step(freq: str, start: date, n: int) -> date | None:
    try:
        return _STEPS[freq](start, n)
    except (OverflowError, ValueError):  # past year 9999
        return None
