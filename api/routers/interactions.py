"""POST /imports/mail and POST /imports/calendar: a salesperson's own mailbox and
calendar, headers and attendees only, all or nothing, under the write rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from api.deps import CallerDep, Rules, SettingsDep, Store, named_own
from api.mail_uploads import calendar_folder, mail_folder
from api.problems import problem_responses
from api.schemas import IncludeForgotten
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput
from graph_mtl.services.access import Caller
from graph_mtl.services.interactions import (
    CalendarImport,
    MailImport,
    import_calendar,
    import_mail,
)

__all__ = ["router"]

router = APIRouter(prefix="/imports", tags=["import"])

Salesperson = Annotated[
    str | None,
    Form(
        min_length=1,
        max_length=200,
        description="Whose mail or calendar, an id or a whole name: yours (the default).",
    ),
]
Aliases = Annotated[
    list[str] | None,
    Form(
        max_length=50,
        description="Other addresses of the salesperson's own (their e-mail is one already).",
    ),
]
DryRun = Annotated[bool, Form(description="Say what would be imported; write nothing.")]


@router.post(
    "/mail",
    response_model=MailImport,
    responses=problem_responses(401, 403, 404, 413, 422, 503),
)
def import_mail_files(
    store: Store,
    caller: CallerDep,
    settings: SettingsDep,
    playbook: Rules,
    files: Annotated[
        list[UploadFile],
        File(description="mbox files (Gmail Takeout, Thunderbird), .eml files, or a zip of them."),
    ],
    salesperson: Salesperson = None,
    alias: Aliases = None,
    dry_run: DryRun = False,
    include_forgotten: IncludeForgotten = False,
) -> MailImport:
    """Import who a salesperson wrote to and heard from, as `graph-mtl import-mail`
    does: headers only, your own mail only (an admin key may name any
    salesperson); a bad message rejects the upload whole (422, every problem as
    `file`, `line`, `reason`)."""
    whose = _whose(store, caller, salesperson)
    with mail_folder(files, limit=settings.max_unpacked_bytes) as folder:
        return import_mail(
            store,
            folder,
            salesperson_id=whose,
            caller=caller,
            playbook=playbook,
            today=date.today(),
            aliases=_aliases(alias),
            dry_run=dry_run,
            include_forgotten=include_forgotten,
        )


@router.post(
    "/calendar",
    response_model=CalendarImport,
    responses=problem_responses(401, 403, 404, 413, 422, 503),
)
def import_calendar_files(
    store: Store,
    caller: CallerDep,
    settings: SettingsDep,
    playbook: Rules,
    files: Annotated[
        list[UploadFile],
        File(description="iCalendar files (.ics, Google or Outlook), or a zip of them."),
    ],
    salesperson: Salesperson = None,
    alias: Aliases = None,
    dry_run: DryRun = False,
    include_forgotten: IncludeForgotten = False,
) -> CalendarImport:
    """Import who a salesperson met, as `graph-mtl import-calendar` does: attendees,
    start and status only, your own calendar only (an admin key may name any
    salesperson); a bad event rejects the upload whole (422, `file`, `line`, `reason`)."""
    whose = _whose(store, caller, salesperson)
    with calendar_folder(files, limit=settings.max_unpacked_bytes) as folder:
        return import_calendar(
            store,
            folder,
            salesperson_id=whose,
            caller=caller,
            playbook=playbook,
            today=date.today(),
            aliases=_aliases(alias),
            dry_run=dry_run,
            include_forgotten=include_forgotten,
        )


def _whose(store: GraphStore, caller: Caller, salesperson: str | None) -> str:
    own = None if caller.unrestricted else caller.salesperson_id
    whose = named_own(store, salesperson, field="salesperson", own=own) or caller.salesperson_id
    if whose is None:
        raise InvalidInput("salesperson", "required in demo mode (no key names a salesperson)")
    return whose


def _aliases(given: list[str] | None) -> list[str]:
    found = [a.strip() for a in given or [] if a.strip()]
    if any(len(a) > 320 or "@" not in a for a in found):
        raise InvalidInput("alias", "each alias is an e-mail address")
    return found
