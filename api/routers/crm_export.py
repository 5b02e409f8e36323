"""GET /exports/crm: the warm paths to your accounts' key persons, as the CSV file
the CRM's own importer reads (as `graph-mtl export-crm` writes it)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from api.deps import Rules, SeenDep, TiesDep
from api.problems import problem_responses
from api.routers.paths import MaxHopsQuery
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS
from graph_mtl.ingest.crm_export import paths_csv
from graph_mtl.ingest.crm_mapping import load_mapping
from graph_mtl.services.crm_paths import crm_paths

__all__ = ["router"]

router = APIRouter(prefix="/exports", tags=["export"])

_CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The CSV file, one row per key person the CRM holds.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/crm",
    response_class=Response,
    responses=_CSV | problem_responses(401, 403, 404, 422, 503),
)
def export_crm(
    seen: SeenDep,
    ties: TiesDep,
    playbook: Rules,
    mapping: Annotated[
        Literal["hubspot", "salesforce"], Query(description="Which CRM's importer reads the file.")
    ],
    customers: Annotated[
        list[str] | None,
        Query(max_length=1000, description="Only these customers (default: your target accounts)."),
    ] = None,
    max_hops: MaxHopsQuery = DEFAULT_MAX_HOPS,
) -> Response:
    """For each key person of your target accounts (or the `customers` named): the best
    connector to ask, the chain's strength and hops and the last interaction, keyed
    by the CRM's record id or e-mail (as `graph-mtl export-crm`)."""
    columns = load_mapping(mapping)
    found = crm_paths(
        ties.applied(seen.view, playbook),
        playbook,
        seen.source,
        columns,
        customers=customers,
        max_hops=max_hops,
    )
    disposition = f'attachment; filename="graph-mtl-{mapping}-paths.csv"'
    return Response(
        paths_csv(found.rows, columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
