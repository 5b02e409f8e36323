"""GET /paths: warm-introduction paths from your position to a person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import TiesDep
from api.pending import SeenLaterDep
from api.problems import problem_responses
from api.schemas import PathsOut
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, MAX_HOPS_LIMIT, MAX_K, Mode
from graph_mtl.services.paths import warm_paths

__all__ = ["MaxHopsQuery", "router"]

router = APIRouter(prefix="/paths", tags=["paths"])

MaxHopsQuery = Annotated[int, Query(ge=1, le=MAX_HOPS_LIMIT, description="At most this many ties.")]


@router.get("", response_model=PathsOut, responses=problem_responses(401, 403, 404, 422, 503))
def get_paths(
    request: Request,
    pending: SeenLaterDep,
    ties: TiesDep,
    to: Annotated[str, Query(min_length=1, max_length=200, description="The person to reach.")],
    mode: Mode = Mode.STRONGEST,
    max_hops: MaxHopsQuery = DEFAULT_MAX_HOPS,
    k: Annotated[int, Query(ge=1, le=MAX_K, description="How many paths, best first.")] = 1,
    exclude: Annotated[
        list[str],
        Query(max_length=100, description="People, or customers' whole staff, to avoid."),
    ] = [],  # noqa: B006 - FastAPI copies the default per request
) -> Response:
    """The `k` best loopless paths of at most `max_hops` ties, every hop explained;
    `{"paths": []}` when none is within reach (as `graph-mtl paths --json`)."""
    seen = pending.seen()  # the key, its rate and `from`, checked in this thread
    # The playbook straight from the app (as `Rules` gives it): one dependency fewer.
    found = warm_paths(
        ties.applied(seen.view, request.app.state.playbook),
        seen.source,
        to,
        mode=mode,
        max_hops=max_hops,
        k=k,
        exclude=exclude,
    )
    # Written here, in the handler's thread: a returned model would be checked and
    # written by FastAPI in another worker-thread hop. The same bytes either way.
    return Response(PathsOut(paths=found).model_dump_json(), media_type="application/json")
