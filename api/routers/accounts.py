"""GET /accounts: target and potential customers by priority (P2)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import Rules, SeenDep
from api.problems import problem_responses
from api.schemas import AccountsOut
from graph_mtl.domain.models import CustomerStatus
from graph_mtl.services.accounts import score_accounts

__all__ = ["router"]

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.get("", response_model=AccountsOut, responses=problem_responses(401, 403, 404, 422, 503))
def get_accounts(
    seen: SeenDep,
    playbook: Rules,
    status: Annotated[
        Literal["target", "potential"] | None,
        Query(description="Only target or only potential customers."),
    ] = None,
    top: Annotated[int | None, Query(ge=1, description="At most this many, best first.")] = None,
) -> AccountsOut:
    """Validity or fit, the needs we can and cannot meet, and the warmth of your best
    path to a key person (as `graph-mtl accounts --json`)."""
    wanted = CustomerStatus(status) if status else None
    return AccountsOut(
        accounts=score_accounts(seen.view, playbook, seen.source, status=wanted, top=top)
    )
