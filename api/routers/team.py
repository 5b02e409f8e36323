"""The team network: who shares their ties, and opting in or out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from api.deps import CallerDep, Store, named_own
from api.problems import problem_responses
from api.schemas import SharingIn, TeamOut, id_path
from graph_mtl.domain.models import TeamMember
from graph_mtl.services.access import set_sharing

__all__ = ["router"]

router = APIRouter(prefix="/team", tags=["team"])


@router.get("", response_model=TeamOut, responses=problem_responses(401, 503))
def get_team(store: Store, caller: CallerDep) -> TeamOut:
    """Every salesperson and whether their ties carry teammates' paths."""
    return TeamOut(members=store.team())


@router.put(
    "/members/{salesperson_id}",
    response_model=TeamMember,
    responses=problem_responses(401, 403, 404, 422, 503),
)
def put_sharing(
    store: Store,
    caller: CallerDep,
    salesperson_id: Annotated[str, id_path("The salesperson: an id or a whole name.")],
    body: SharingIn,
) -> TeamMember:
    """Opt in to the team network (your ties may carry teammates' paths, naming you as
    the one to ask, without your ties' context), or out again. Your own only."""
    own = None if caller.unrestricted else caller.salesperson_id
    whose = named_own(store, salesperson_id, field="salesperson_id", own=own) or salesperson_id
    return set_sharing(store, caller, whose, shared=body.shared)
