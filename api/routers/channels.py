"""GET /channels: channels ranked for target and potential customers (T1); writing
a channel's reach."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CallerDep, FromQuery, Rules, Store, named_from, seen_by
from api.problems import problem_responses
from api.schemas import ReachIn, id_path
from graph_mtl.domain.models import Audience, Reach
from graph_mtl.services import edits
from graph_mtl.services.channels import ChannelRanking, rank_channels

__all__ = ["router"]

router = APIRouter(prefix="/channels", tags=["channels"])

_Id = Annotated[str, id_path("The channel's id.")]


@router.get("", response_model=ChannelRanking, responses=problem_responses(401, 403, 404, 422, 503))
def get_channels(
    store: Store,
    caller: CallerDep,
    playbook: Rules,
    audience: Annotated[
        Audience | None, Query(description="Only the channels for target or potential customers.")
    ] = None,
    source: FromQuery = None,
) -> ChannelRanking:
    """Channels by how well they reach the key persons of the accounts that matter,
    accounts weighed by your full priority, warmth included (as `graph-mtl channels
    --from YOU --json`); in demo mode without `from`, by their score alone."""
    start = caller.optional_position(named_from(store, caller, source))
    view = seen_by(store, caller, start)
    return rank_channels(view, playbook, start, audience=audience)


@router.put(
    "/{channel_id}/reach/{target_id}",
    response_model=Reach,
    responses=problem_responses(401, 404, 422, 503, created=Reach),
)
def put_reach(
    store: Store,
    caller: CallerDep,
    channel_id: _Id,
    target_id: Annotated[str, id_path("Person or customer.")],
    body: ReachIn,
    response: Response,
) -> Reach:
    """Record that a channel reaches a customer or a person (200 replaced, 201 created)."""
    reach = Reach(channel_id=channel_id, target_id=target_id, strength=body.strength)
    if edits.put_reach(store, caller, reach):
        response.status_code = 201
    return reach
