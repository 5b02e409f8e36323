"""POST /imports/linkedin (a salesperson's own LinkedIn export) and POST /imports/crm
(the team's CRM export), all or nothing, under the write rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile

from api.deps import CallerDep, Rules, SettingsDep, Store, named_own
from api.problems import problem_responses
from api.schemas import IncludeForgotten
from api.uploads import bundle_folder, export_path
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.ingest import linkedin
from graph_mtl.ingest.crm import load_mapping
from graph_mtl.services.networks import CrmImport, NetworkImport, import_crm, import_linkedin

__all__ = ["router"]

router = APIRouter(prefix="/imports", tags=["import"])


@router.post(
    "/linkedin",
    response_model=NetworkImport,
    responses=problem_responses(401, 403, 404, 413, 422, 503),
)
def import_linkedin_export(
    store: Store,
    caller: CallerDep,
    settings: SettingsDep,
    playbook: Rules,
    files: Annotated[
        list[UploadFile],
        File(
            description="The export zip as LinkedIn delivers it, or Connections.csv (and messages.csv)."
        ),
    ],
    salesperson: Annotated[
        str | None,
        Form(
            min_length=1,
            max_length=200,
            description="Whose network, an id or a whole name: yours (the default).",
        ),
    ] = None,
    create_customers: Annotated[
        bool, Form(description="Add companies no customer matches, as customers.")
    ] = False,
    dry_run: Annotated[
        bool, Form(description="Say what would be imported; write nothing.")
    ] = False,
    include_forgotten: IncludeForgotten = False,
) -> NetworkImport:
    """Import a salesperson's connections as `graph-mtl import-linkedin` does: your own
    network only (an admin key may name any salesperson); a bad row rejects the
    export whole (422, every problem as `file`, `line`, `reason`)."""
    own = None if caller.unrestricted else caller.salesperson_id
    whose = named_own(store, salesperson, field="salesperson", own=own) or caller.salesperson_id
    if whose is None:
        raise InvalidInput("salesperson", _("required in demo mode (no key names a salesperson)"))
    with export_path(files, limit=settings.max_unpacked_bytes, wanted=linkedin.reads) as path:
        return import_linkedin(
            store,
            path,
            salesperson_id=whose,
            caller=caller,
            playbook=playbook,
            today=date.today(),
            create_customers=create_customers,
            dry_run=dry_run,
            include_forgotten=include_forgotten,
        )


@router.post(
    "/crm",
    response_model=CrmImport,
    responses=problem_responses(401, 403, 413, 422, 503),
)
def import_crm_export(
    store: Store,
    caller: CallerDep,
    settings: SettingsDep,
    playbook: Rules,
    files: Annotated[
        list[UploadFile],
        File(description="The contacts CSV (and the companies or accounts CSV), or a zip of them."),
    ],
    mapping: Annotated[
        Literal["hubspot", "salesforce"], Form(description="Which CRM wrote the export.")
    ],
    create_customers: Annotated[
        bool, Form(description="Add companies no customer matches, as customers.")
    ] = False,
    dry_run: Annotated[
        bool, Form(description="Say what would be imported; write nothing.")
    ] = False,
    include_forgotten: IncludeForgotten = False,
) -> CrmImport:
    """Import CRM contacts as `graph-mtl import-crm` does. A salesperson's key may
    import only contacts it owns or nobody does (no tie at a teammate's end): the
    team's whole CRM is an admin key's import."""
    columns = load_mapping(mapping)
    with bundle_folder(files, limit=settings.max_unpacked_bytes, wanted=columns.reads) as folder:
        return import_crm(
            store,
            folder,
            columns,
            caller=caller,
            playbook=playbook,
            today=date.today(),
            create_customers=create_customers,
            dry_run=dry_run,
            include_forgotten=include_forgotten,
        )
