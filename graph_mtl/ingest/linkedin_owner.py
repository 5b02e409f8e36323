"""What an export says about its owner: Profile.csv (their name), Invitations.csv
(their own profile, and who invited whom), Positions.csv (their employers).

- `Profile.csv`: `First Name,Last Name,Maiden Name,Address,Birth Date,Headline,
  ...`, one row: the owner's name.
- `Invitations.csv`: `From,To,Sent At,Message,Direction` and, in later exports,
  `inviterProfileUrl,inviteeProfileUrl`; Direction is OUTGOING (the owner
  invited) or INCOMING; Sent At like `1/29/26, 2:37 PM`. The owner is the
  inviter of outgoing ones and the invitee of incoming ones. Only who and when
  are read, never the message.
- `Positions.csv`: `Company Name,Title,Description,Location,Started On,Finished On`,
  months like `Jan 2019`, Finished On blank for the current job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import IO

from graph_mtl.domain.names import display_name
from graph_mtl.errors import ImportProblem
from graph_mtl.ingest.linkedin_dates import DAY_EXAMPLE, MONTH_EXAMPLE, day, month_end, month_start
from graph_mtl.ingest.linkedin_files import table
from graph_mtl.ingest.linkedin_people import slug

__all__ = ["Invitation", "Position", "read_invitations", "read_positions", "read_profile"]


@dataclass(frozen=True, slots=True)
class Invitation:
    other_name: str
    """The other member's name, as the invitation shows it."""
    other_slug: str
    """Their profile's slug ("" in exports without the URL columns)."""
    outgoing: bool
    """The owner invited them."""
    sent_on: date | None
    line: int


@dataclass(frozen=True, slots=True)
class Position:
    company: str
    title: str
    started: date
    finished: date | None
    """The month's last day; None while current."""
    line: int


def read_profile(name: str, raw: IO[bytes], problems: list[ImportProblem], *, limit: int) -> str:
    """The owner's name, from the first row of Profile.csv ("" when it has none)."""
    rows = table(name, raw, problems, required=("First Name", "Last Name"), limit=limit)
    for _, cell in rows or ():
        return display_name(cell("FIRST NAME"), cell("LAST NAME"))
    return ""


def read_invitations(
    name: str, raw: IO[bytes], problems: list[ImportProblem], *, limit: int
) -> tuple[list[Invitation], Counter[str]]:
    """The invitations, and how often each profile is the owner's side of one."""
    rows = table(name, raw, problems, required=("From", "To", "Direction"), limit=limit)
    found: list[Invitation] = []
    own: Counter[str] = Counter()
    for line, cell in rows or ():
        direction = cell("DIRECTION").upper()
        if direction not in ("INCOMING", "OUTGOING"):
            problems.append(
                ImportProblem(
                    name, line, f"Direction: {cell('DIRECTION')!r} is not INCOMING or OUTGOING"
                )
            )
            continue
        sent = cell("SENT AT")
        when = day(sent) if sent else None
        if sent and when is None:
            problems.append(
                ImportProblem(
                    name, line, f"Sent At: {sent!r} is not a date like {DAY_EXAMPLE} or 1/29/26"
                )
            )
            continue
        outgoing = direction == "OUTGOING"
        inviter, invitee = slug(cell("INVITERPROFILEURL")), slug(cell("INVITEEPROFILEURL"))
        mine, theirs = (inviter, invitee) if outgoing else (invitee, inviter)
        if mine:
            own[mine] += 1
        other = cell("TO") if outgoing else cell("FROM")
        found.append(Invitation(other, theirs, outgoing, when, line))
    return found, own


def read_positions(
    name: str, raw: IO[bytes], problems: list[ImportProblem], *, limit: int
) -> list[Position]:
    """The owner's positions, each with its months (a bad month is a problem)."""
    rows = table(name, raw, problems, required=("Company Name", "Started On"), limit=limit)
    found: list[Position] = []
    for line, cell in rows or ():
        company, started_on, finished_on = (
            cell("COMPANY NAME"),
            cell("STARTED ON"),
            cell("FINISHED ON"),
        )
        if not company:
            continue  # a position without an employer links no colleague
        started = month_start(started_on)
        finished = month_end(finished_on) if finished_on else None
        if started is None or (finished_on and finished is None):
            column, text = (
                ("Started On", started_on) if started is None else ("Finished On", finished_on)
            )
            problems.append(
                ImportProblem(name, line, f"{column}: {text!r} is not a month like {MONTH_EXAMPLE}")
            )
            continue
        if finished is not None and finished < started:
            problems.append(ImportProblem(name, line, "Finished On is before Started On"))
            continue
        found.append(Position(company, cell("TITLE"), started, finished, line))
    return found
