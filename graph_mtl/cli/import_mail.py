"""`import-mail` and `import-calendar`: a salesperson's mailbox and calendar, headers
and attendees only, as evidence of their ties."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import DownloadColumn

from graph_mtl.cli._common import SalespersonOption, app, grouped
from graph_mtl.cli._imports import Importing, run_import
from graph_mtl.cli._progress import progress_bar
from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, ngettext
from graph_mtl.ingest.mail import Progress as ProgressCallback
from graph_mtl.services.interactions import (
    CalendarImport,
    MailImport,
    import_calendar,
    import_mail,
)

__all__ = ["import_calendar_cmd", "import_mail_cmd"]

AliasOption = Annotated[
    list[str] | None,
    typer.Option(
        "--alias",
        metavar="ADDRESS",
        help="Another address of the salesperson's own (repeat for more): theirs, not a correspondent's.",
    ),
]
_REFRESH_S = 0.2


@app.command("import-mail")
@grouped
def import_mail_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            help="An mbox file (Gmail Takeout, Thunderbird), a .eml file, or a folder of them."
        ),
    ],
    salesperson: SalespersonOption,
    alias: AliasOption = None,
    *,
    how: Importing,
) -> None:
    """Import who a salesperson wrote to and heard from: per correspondent the messages
    sent and received and the last day, from the headers only (never a subject or a
    body). Bulk and automatic mail is left out; someone unknown becomes a contact only
    after messages both ways. All or nothing; importing the same mail again changes
    nothing."""
    with _progress() as progress:
        importer = partial(import_mail, path=path, aliases=alias or (), progress=progress)
        run_import(importer, how, headline=_mail_headline, salesperson=salesperson)


@app.command("import-calendar")
@grouped
def import_calendar_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            help="An iCalendar file (.ics, Google or Outlook export) or a folder of them."
        ),
    ],
    salesperson: SalespersonOption,
    alias: AliasOption = None,
    *,
    how: Importing,
) -> None:
    """Import who a salesperson met: per attendee the meetings both attended and the
    last day (declined and cancelled ones aside), never a title or a description.
    All or nothing; importing the same calendar again changes nothing."""
    importer = partial(import_calendar, path=path, aliases=alias or ())
    run_import(importer, how, headline=_calendar_headline, salesperson=salesperson)


def _progress() -> AbstractContextManager[ProgressCallback]:
    return progress_bar(_("mail"), DownloadColumn(), every_s=_REFRESH_S)


def _mail_headline(found: MailImport, salesperson: str) -> str:
    n = found
    return _(
        "{messages} of {salesperson} ({counted} counted, {duplicates} repeated, "
        "{automatic} bulk or automatic, {not_theirs} not theirs); {people} "
        "({new} new, {known} known), {one_way} without a reply left out",
        messages=ngettext("{n} message", "{n} messages", n.messages, n=number(n.messages)),
        salesperson=salesperson,
        counted=number(n.counted),
        duplicates=number(n.duplicates),
        automatic=number(n.automatic),
        not_theirs=number(n.not_theirs),
        people=ngettext(
            "{n} correspondent", "{n} correspondents", n.correspondents, n=number(n.correspondents)
        ),
        new=number(n.new_people),
        known=number(n.known_people),
        one_way=number(n.one_way),
    )


def _calendar_headline(found: CalendarImport, salesperson: str) -> str:
    n = found
    return _(
        "{events} of {salesperson} ({meetings} held, {cancelled} cancelled, {upcoming} "
        "to come, {duplicates} repeated); {people} ({new} new, {known} known), "
        "{left_out} unknown left out",
        events=ngettext("{n} event", "{n} events", n.events, n=number(n.events)),
        salesperson=salesperson,
        meetings=ngettext("{n} meeting", "{n} meetings", n.meetings, n=number(n.meetings)),
        cancelled=number(n.cancelled),
        upcoming=number(n.upcoming),
        duplicates=number(n.duplicates),
        people=ngettext("{n} attendee", "{n} attendees", n.attendees, n=number(n.attendees)),
        new=number(n.new_people),
        known=number(n.known_people),
        left_out=number(n.unknown_left_out),
    )
