"""An account's committee and outreach plan; writing a customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CallerDep, Rules, SeenDep, Store, TiesDep
from api.problems import problem_responses
from api.routers.paths import MaxHopsQuery
from api.schemas import CustomerIn, id_path
from graph_mtl.domain.models import Customer
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, MAX_HOPS_LIMIT, Mode
from graph_mtl.services import edits
from graph_mtl.services.committee import Committee, committee
from graph_mtl.services.outreach import OutreachPlan, outreach_plan

__all__ = ["CustomerId", "router"]

router = APIRouter(prefix="/customers", tags=["customers"])

CustomerId = Annotated[str, id_path("The customer's id.")]


@router.get(
    "/{customer_id}/committee",
    response_model=Committee,
    responses=problem_responses(401, 403, 404, 422, 503),
)
def get_committee(
    seen: SeenDep,
    ties: TiesDep,
    playbook: Rules,
    customer_id: CustomerId,
    need: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="One need (default: all recorded)."),
    ] = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: MaxHopsQuery = DEFAULT_MAX_HOPS,
) -> Committee:
    """The committee (P3): each member's warm path from you, the door openers,
    and channels for the members no path reaches (as `graph-mtl committee --json`)."""
    return committee(
        ties.applied(seen.view, playbook),
        customer_id,
        seen.source,
        need_id=need,
        mode=mode,
        max_hops=max_hops,
        seats=playbook.committees,
    )


@router.get(
    "/{customer_id}/outreach",
    response_model=OutreachPlan,
    responses=problem_responses(401, 403, 404, 422, 503),
)
def get_outreach(
    seen: SeenDep,
    ties: TiesDep,
    playbook: Rules,
    customer_id: CustomerId,
    mode: Mode = Mode.STRONGEST,
    max_hops: Annotated[
        int | None,
        Query(ge=1, le=MAX_HOPS_LIMIT, description="At most this many ties (default: playbook's)."),
    ] = None,
) -> OutreachPlan:
    """The outreach plan (T2): whom to ask, what to say, an introduction request
    (as `graph-mtl outreach --json`)."""
    return outreach_plan(
        ties.applied(seen.view, playbook),
        playbook,
        customer_id,
        seen.source,
        mode=mode,
        max_hops=max_hops,
    )


@router.put(
    "/{customer_id}",
    response_model=Customer,
    responses=problem_responses(401, 422, 503, created=Customer),
)
def put_customer(
    store: Store, caller: CallerDep, customer_id: CustomerId, body: CustomerIn, response: Response
) -> Customer:
    """Create or replace a customer (200 replaced, 201 created)."""
    customer = body.customer(customer_id)
    if edits.put_customer(store, caller, customer):
        response.status_code = 201
    return customer
