"""POST /contacts/evaluate: a contact's need as a business opportunity, a lead or
neither (T3), optionally recorded."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from api.deps import CallerDep, Rules, Store, seen_by
from api.problems import problem_responses
from api.schemas import EvaluateIn
from graph_mtl.services.evaluation import ContactEvaluation, evaluate_contact

__all__ = ["router"]

router = APIRouter(prefix="/contacts", tags=["contacts"])


@router.post(
    "/evaluate",
    response_model=ContactEvaluation,
    responses=problem_responses(401, 403, 404, 422, 503),
)
def evaluate(
    store: Store, caller: CallerDep, playbook: Rules, body: EvaluateIn
) -> ContactEvaluation:
    """The kind, the quality part by part, and with `record` the stored opportunity
    (as `graph-mtl evaluate --json`)."""
    start = caller.optional_position(body.source)
    return evaluate_contact(
        seen_by(store, caller, start),
        playbook,
        body.contact,
        body.customer,
        body.need,
        fields=body.fields,
        salesperson=start,
        record=body.record,
        recorded_by=caller.salesperson_id,
        today=date.today(),
    )
