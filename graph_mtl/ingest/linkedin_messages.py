"""messages.csv of every year, recognised by its header:

- 9 columns (until mid-2023): `CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER
  PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER`: recipients only by name (TO);
- 10 columns: `RECIPIENT PROFILE URLS` after TO (several, comma-separated, in one cell);
- 11 columns: and a last one (`IS MESSAGE DRAFT`, or `ATTACHMENTS`).

Only who, when and the folder are read, never a subject or content. A message in
the SPAM or DRAFT folder (or marked a draft), and a sponsored one (a sponsored
folder, or a sender who is not a member: no profile URL, a company page) never
counts; ARCHIVE, INBOX and SENT do. Each counted message is the owner's sent
(to each recipient) or received (from its sender), by person id.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from graph_mtl.errors import ImportProblem
from graph_mtl.ingest.linkedin_dates import day
from graph_mtl.ingest.linkedin_files import table
from graph_mtl.ingest.linkedin_people import name_keys, slug

__all__ = ["Exchange", "Message", "Messages", "count_exchanges", "read_messages"]

_REQUIRED = ("FROM", "SENDER PROFILE URL", "DATE")
_DRAFT_MARKS = frozenset({"TRUE", "YES", "1", "Y"})


@dataclass(frozen=True, slots=True)
class Message:
    conversation: str
    sender: str
    """The sender's profile slug."""
    recipients: tuple[str, ...] | None
    """The recipients' slugs; None where the file has no RECIPIENT PROFILE URLS."""
    to: str
    """The recipients' names, as TO writes them (read when there are no URLs)."""
    on: date


@dataclass(slots=True)
class Messages:
    found: list[Message] = field(default_factory=list)
    spam: int = 0
    drafts: int = 0
    sponsored: int = 0
    senders: dict[str, set[str]] = field(default_factory=dict)
    """By name key: the profiles seen sending under that name (to join connections
    without URL to their profile)."""


@dataclass(slots=True)
class Exchange:
    sent: int = 0
    received: int = 0
    last: date | None = None


def read_messages(
    name: str, raw: IO[bytes], problems: list[ImportProblem], *, limit: int
) -> Messages:
    rows = table(name, raw, problems, required=_REQUIRED, limit=limit)
    out = Messages()
    if rows is None:
        return out
    with_urls = rows.has("RECIPIENT PROFILE URLS")
    seen: set[tuple[str, str]] = set()
    for line, cell in rows:
        folder = cell("FOLDER").upper()
        if folder == "SPAM":
            out.spam += 1
            continue
        if folder in ("DRAFT", "DRAFTS") or cell("IS MESSAGE DRAFT").upper() in _DRAFT_MARKS:
            out.drafts += 1
            continue
        sender = slug(cell("SENDER PROFILE URL"))
        if not sender or "SPONSORED" in folder:
            out.sponsored += 1
            continue
        on = day(cell("DATE"))
        if on is None:
            problems.append(
                ImportProblem(
                    name, line, f"DATE: {cell('DATE')!r} is not a date like 2023-01-15 10:22:33 UTC"
                )
            )
            continue
        recipients = None
        if with_urls:
            urls = cell("RECIPIENT PROFILE URLS").split(",")
            recipients = tuple(sys.intern(s) for u in urls if (s := slug(u)))
        sender = sys.intern(sender)
        named = (sender, cell("FROM"))
        if named not in seen:  # a sender writes many messages under one name
            seen.add(named)
            for key in name_keys(named[1]):
                out.senders.setdefault(key, set()).add(sender)
        conversation = sys.intern(cell("CONVERSATION ID"))
        out.found.append(Message(conversation, sender, recipients, cell("TO"), on))
    return out


def own_profile(messages: Messages, *, owner_name: str, connected: Collection[str]) -> str | None:
    """The owner's profile from the messages alone: the one who sends under the
    owner's name (Profile.csv), else the one in the most messages who is not one of
    their connections (`connected`: person ids)."""
    for key in name_keys(owner_name):
        named = messages.senders.get(key, set())
        if len(named) == 1:
            return next(iter(named))
    counts: Counter[str] = Counter()
    for m in messages.found:
        counts.update({m.sender, *(m.recipients or ())})
    ranked = [s for s, _ in counts.most_common() if f"li-{s}" not in connected]
    return ranked[0] if ranked else (counts.most_common(1)[0][0] if counts else None)


def count_exchanges(
    messages: Messages, *, owner: str, by_name: Callable[[str], str | None]
) -> dict[str, Exchange]:
    """By person id, the owner's messages sent to them and received from them.
    Recipients without URL are found by name (`by_name`: a TO name to a
    connection's id), else as the other senders of the conversation."""
    talking: dict[str, set[str]] = {}
    if any(m.recipients is None for m in messages.found):
        for m in messages.found:
            if m.sender != owner:
                talking.setdefault(m.conversation, set()).add(f"li-{m.sender}")
    found: dict[str, Exchange] = {}

    def note(ident: str, on: date, *, sent: bool) -> None:
        e = found.setdefault(ident, Exchange())
        e.sent += sent
        e.received += not sent
        e.last = on if e.last is None else max(e.last, on)

    for m in messages.found:
        if m.sender != owner:
            note(f"li-{m.sender}", m.on, sent=False)
            continue
        if m.recipients is not None:
            to = {f"li-{r}" for r in m.recipients if r != owner}
        else:
            to = _named(m.to, by_name) or talking.get(m.conversation, set())
        for ident in to:
            note(ident, m.on, sent=True)
    return found


def _named(to: str, by_name: Callable[[str], str | None]) -> set[str]:
    whole = by_name(to)
    if whole is not None:
        return {whole}
    return {ident for part in to.split(",") if (ident := by_name(part)) is not None}
