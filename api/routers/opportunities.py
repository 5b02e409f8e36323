"""GET /opportunities: the pipeline of recorded evaluations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CallerDep, Store, named, seen_by
from api.problems import problem_responses
from graph_mtl.domain.models import OpportunityKind
from graph_mtl.services.pipeline import Pipeline, pipeline

__all__ = ["router"]

router = APIRouter(prefix="/opportunities", tags=["opportunities"])


@router.get("", response_model=Pipeline, responses=problem_responses(401, 404, 422, 503))
def get_opportunities(
    store: Store,
    caller: CallerDep,
    customer: Annotated[
        str | None,
        Query(max_length=200, description="Only at this customer: an id or a whole name."),
    ] = None,
    kind: Annotated[OpportunityKind | None, Query(description="Only this kind.")] = None,
    mine: Annotated[bool, Query(description="Only what you recorded.")] = False,
) -> Pipeline:
    """Recorded evaluations you may see (yours whole, a sharing teammate's without
    details), newest first (as `graph-mtl opportunities --json`)."""
    view = seen_by(store, caller, caller.salesperson_id)
    source = caller.salesperson_id if mine else None
    customer = named(view, customer, "customer", field="customer")
    return pipeline(view, source=source, customer=customer, kind=kind)
