"""E-mail as evidence: who wrote to whom and when, from the headers alone.

A path is an mbox file (Gmail Takeout's `*.mbox`, a Thunderbird folder file such as
`Inbox` or `Sent`; mboxo and mboxrd alike, since only headers are read and the
two differ only in how a body quotes `From ` lines), one `.eml` file, or a folder
of them (searched through; Thunderbird's `.msf` indexes and `Junk`, `Spam`,
`Drafts` and `Templates` folders are passed over). An mbox is scanned in binary,
line by line: a message starts at a line `From ` at the start of the file or
after a blank line, and its header block runs to the first blank line. The body
is skipped unread, so memory stays bounded whatever the file's size.

Of each message only From, To, Cc, Date, Message-ID and the headers that mark
bulk or automatic mail (List-Unsubscribe, Precedence: bulk/list/junk,
Auto-Submitted other than `no`) or Gmail's Spam and Draft labels are kept; never
a subject or a body. A message that counts must be readable: a line of its
header that is no header, no From, or no Date it can be dated by is a problem
(`file:line: reason`) and the import is refused whole; a message left out anyway
(automatic, spam, a draft) is not checked further.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from graph_mtl.errors import ImportProblem, InvalidInput

__all__ = [
    "Correspondent",
    "MailHeaders",
    "MailTally",
    "automatic_address",
    "mail_files",
    "read_headers",
    "read_mail",
    "tally",
]

Progress = Callable[[int, int], None]
"""Told (bytes read, bytes in all) as files are read."""

_KEPT = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"date",
        b"message-id",
        b"in-reply-to",
        b"list-unsubscribe",
        b"precedence",
        b"auto-submitted",
        b"x-gmail-labels",
    }
)
_SKIPPED_FOLDERS = frozenset({"junk", "spam", "drafts", "templates", "junk e-mail", "垃圾邮件"})
_AUTOMATIC = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([-_.+]|$)"
)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_PROGRESS_STEP = 4 << 20
_SPECIAL = re.compile(r'["();\\]')
_PLAIN = re.compile(
    r"\s*(?:(?P<name>[^<>@]*?)\s*<(?P<address>[^<>\s@]+@[^<>\s@]+)>|(?P<bare>[^<>\s@]+@[^<>\s@]+))\s*$"
)


@dataclass(frozen=True, slots=True)
class MailHeaders:
    """One message as its headers show it (addresses in lower case)."""

    file: str
    line: int
    sender: str
    sender_name: str
    recipients: tuple[tuple[str, str], ...]
    """(address, name) of each To and Cc."""
    day: date | None
    message_id: str
    left_out: bool
    """Bulk or automatic mail, spam or a draft: not a relationship."""
    problem: str = ""
    problem_line: int = 0


@dataclass(slots=True)
class Correspondent:
    address: str
    name: str = ""
    sent: int = 0
    """Messages the owner sent them."""
    received: int = 0
    """Messages the owner received from them."""
    last: date | None = None


@dataclass(slots=True)
class MailTally:
    """What a mailbox says about its owner's correspondents."""

    messages: int = 0
    counted: int = 0
    duplicates: int = 0
    automatic: int = 0
    """Bulk or automatic mail, spam and drafts: left out."""
    not_theirs: int = 0
    """Messages neither from nor to the owner (a list, a Bcc): left out."""
    people: dict[str, Correspondent] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


def automatic_address(address: str) -> bool:
    """no-reply@, mailer-daemon@ and their kin: nobody to know."""
    return bool(_AUTOMATIC.match(address.partition("@")[0]))


def mail_files(path: Path) -> list[Path]:
    """The mbox and .eml files at `path`, in a stable order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InvalidInput("path", f"{path} is neither a file nor a folder")
    found = []
    for p in sorted(path.rglob("*")):
        parts = {q.lower() for q in p.relative_to(path).parts}
        skipped = parts & _SKIPPED_FOLDERS or any(q.startswith(".") for q in parts)
        if p.is_file() and not skipped and p.suffix.lower() != ".msf" and _is_mail(p):
            found.append(p)
    return found


def _is_mail(path: Path) -> bool:
    if path.suffix.lower() in (".eml", ".mbox"):
        return True  # read, and refused with a reason if it is no mail
    with path.open("rb") as f:
        return f.read(5) == b"From "


def read_mail(path: Path, *, progress: Progress | None = None) -> Iterator[MailHeaders]:
    """Every message of the files at `path`, headers only, as they are read."""
    files = mail_files(path)
    total = sum(f.stat().st_size for f in files)
    done = 0
    for f in files:
        name = str(f.relative_to(path)) if f != path else f.name
        with f.open("rb") as raw:
            eml = f.suffix.lower() == ".eml"
            for message in read_headers(name, raw, eml=eml):
                yield message
                if progress is not None and raw.tell() - done >= _PROGRESS_STEP:
                    progress(done + raw.tell(), total)
        done += f.stat().st_size
        if progress is not None:
            progress(done, total)


def read_headers(name: str, raw: BinaryIO, *, eml: bool = False) -> Iterator[MailHeaders]:
    """The messages of one mbox (or, with `eml`, the one message of a .eml file)."""
    block: list[bytes] | None = [] if eml else None
    start = 1
    blank = True
    for number, line in enumerate(raw, 1):
        if block is not None:
            if eml and number == 1 and line.startswith(b"From "):
                continue  # an envelope line some programs save before the headers
            if line in (b"\n", b"\r\n"):
                yield _message(name, start, block)
                block = None
            else:
                block.append(line)
            blank = False
            continue
        if blank and line.startswith(b"From ") and not eml:
            block, start = [], number + 1
        elif number == 1 and not eml:
            yield MailHeaders(name, 1, "", "", (), None, "", False, "not an mbox file", 1)
            return
        blank = line in (b"\n", b"\r\n")
    if block is not None:  # the file ends inside a header (or a message without body)
        yield _message(name, start, block)


def _message(name: str, start: int, block: list[bytes]) -> MailHeaders:
    headers: dict[bytes, bytes] = {}
    problem: tuple[int, str] | None = None
    dated = start
    key: bytes | None = None
    for at, line in enumerate(block):
        if line[:1] in (b" ", b"\t"):
            if key is not None:
                headers[key] += b" " + line.strip()
            continue
        if not _HEADER_LINE.match(line):
            problem = problem or (start + at, "not a header line")
            key = None
            continue
        field_name, _, value = line.partition(b":")
        lower = field_name.strip().lower()
        key = lower if lower in _KEPT and lower not in headers else None
        if key is not None:
            headers[key] = value.strip()
            if key == b"date":
                dated = start + at
    text = {k.decode(): v.decode("utf-8", "replace") for k, v in headers.items()}
    return _headers(name, start, text, problem, dated)


def _headers(
    name: str, line: int, h: dict[str, str], problem: tuple[int, str] | None, dated: int
) -> MailHeaders:
    senders = _addresses(h.get("from", ""))
    sender, sender_name = senders[0] if senders else ("", "")
    recipients = tuple(_addresses(h.get("to", "")) + _addresses(h.get("cc", "")))
    labels = {x.strip().lower() for x in h.get("x-gmail-labels", "").split(",")}
    left_out = (
        "list-unsubscribe" in h
        or h.get("precedence", "").strip().lower() in ("bulk", "list", "junk")
        or h.get("auto-submitted", "no").strip().lower() != "no"
        or bool(labels & {"spam", "drafts", "draft"})
        or automatic_address(sender)
    )
    day = _day(h.get("date", ""))
    if problem is None and not sender:
        problem = (line, "the message has no From address")
    if problem is None and day is None:
        problem = (dated, f"Date: {h.get('date', '')[:60]!r} is not a date")
    message_id = h.get("message-id", "").strip().strip("<>").strip()
    at, reason = problem or (0, "")
    return MailHeaders(
        name, line, sender, sender_name, recipients, day, message_id, left_out, reason, at
    )


def _addresses(value: str) -> list[tuple[str, str]]:
    found = []
    for display, address in _simple(value) or getaddresses([value]):
        address = address.strip().lower()
        if "@" in address and " " not in address:
            found.append((address, _decoded(display)))
    return found


def _simple(value: str) -> list[tuple[str, str]] | None:
    """`Name <a@b>, c@d` as most mail writes it, without the general parser (a
    tenth of its time); None for anything else (quotes, comments, groups)."""
    if not value:
        return []
    if _SPECIAL.search(value):
        return None
    found = []
    for part in value.split(","):
        matched = _PLAIN.match(part)
        if matched is None:
            return None
        found.append((matched["name"] or "", matched["address"] or matched["bare"]))
    return found


def _decoded(name: str) -> str:
    if "=?" not in name:
        return name.strip()
    try:
        return str(make_header(decode_header(name))).strip()
    except (ValueError, LookupError, UnicodeError):
        return name.strip()


def _day(value: str) -> date | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.astimezone(UTC).date() if when.tzinfo is not None else when.date()


def tally(messages: Iterable[MailHeaders], owner: Iterable[str]) -> MailTally:
    """Per correspondent, the messages the owner (any of the `owner` addresses) sent
    them and received from them, and the last day; each message once (by
    Message-ID, else by sender, day and recipients)."""
    mine = {a.strip().lower() for a in owner}
    found = MailTally()
    seen: set[int] = set()
    for m in messages:
        found.messages += 1
        if m.left_out:
            found.automatic += 1
            continue
        if m.problem:
            found.problems.append(ImportProblem(m.file, m.problem_line, m.problem))
            continue
        key = hash(m.message_id or (m.sender, m.day, m.recipients))
        if key in seen:
            found.duplicates += 1
            continue
        seen.add(key)
        if not _count(found, m, mine):
            found.not_theirs += 1
    return found


def _count(found: MailTally, m: MailHeaders, mine: set[str]) -> bool:
    assert m.day is not None
    if m.sender in mine:
        others = {a: n for a, n in m.recipients if a not in mine and not automatic_address(a)}
        for address, name in others.items():
            _seen(found, address, name, m.day).sent += 1
        found.counted += 1
        return True
    if any(a in mine for a, _ in m.recipients):
        _seen(found, m.sender, m.sender_name, m.day).received += 1
        found.counted += 1
        return True
    return False


def _seen(found: MailTally, address: str, name: str, day: date) -> Correspondent:
    person = found.people.get(address)
    if person is None:
        person = found.people[address] = Correspondent(address)
    if name and not person.name:
        person.name = name
    person.last = day if person.last is None else max(person.last, day)
    return person
