"""POST /import: a canonical CSV bundle, all or nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from api.deps import CallerDep, SettingsDep, Store
from api.problems import problem_responses
from api.schemas import ImportOut, IncludeForgotten
from api.uploads import bundle_folder
from graph_mtl.services.imports import import_bundle

__all__ = ["router"]

router = APIRouter(prefix="/import", tags=["import"])


@router.post("", response_model=ImportOut, responses=problem_responses(401, 403, 413, 422, 503))
def import_files(
    store: Store,
    caller: CallerDep,
    settings: SettingsDep,
    files: Annotated[
        list[UploadFile],
        File(description="The bundle's CSV files (people.csv, ties.csv, …), or one zip of them."),
    ],
    include_forgotten: IncludeForgotten = False,
) -> ImportOut:
    """Import a bundle as `graph-mtl import` does: any bad row rejects it whole (422,
    every problem as `file`, `line`, `reason`) and the store is left untouched.
    People who asked to be forgotten are skipped and listed in `forgotten`."""
    with bundle_folder(files, limit=settings.max_unpacked_bytes) as folder:
        found = import_bundle(store, folder, caller=caller, include_forgotten=include_forgotten)
    return ImportOut(imported=found.imported, forgotten=found.forgotten)
