"""The team network: who shares their ties, opting in or out, and who on the team is
closest to an account's key persons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CallerDep, FromQuery, Store, named_from, named_own
from api.problems import problem_responses
from api.routers.paths import MaxHopsQuery
from api.schemas import SharingIn, TeamOut, id_path
from graph_mtl.domain.models import TeamMember
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode
from graph_mtl.services.access import set_sharing
from graph_mtl.services.team_closest import TeamClosest, team_closest

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


@router.get(
    "/closest", response_model=TeamClosest, responses=problem_responses(401, 403, 404, 422, 503)
)
def get_closest(
    store: Store,
    caller: CallerDep,
    to: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="An account (its key persons) or one person: an id or a whole name.",
        ),
    ],
    source: FromQuery = None,
    need: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="One need of the account (default: all)."),
    ] = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: MaxHopsQuery = DEFAULT_MAX_HOPS,
) -> TeamClosest:
    """For each key person of the account (or the one person), the salespeople ranked
    by their best chain, whom each asks first, and your own chain beside them (as
    `graph-mtl team closest --json`). A salesperson who does not share their ties is
    listed only to themself and to admin keys; demo mode without `from` sees as an
    admin does."""
    position = caller.optional_position(named_from(store, caller, source))
    return team_closest(
        store,
        to,
        source=position,
        admin=caller.admin,
        need_id=need,
        mode=mode,
        max_hops=max_hops,
    )
