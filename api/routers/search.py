"""GET /search: people, customers and channels by name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CallerDep, Store, seen_by
from api.problems import problem_responses
from graph_mtl.services.search import Kind, Matches, find

__all__ = ["router"]

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=Matches, responses=problem_responses(401, 422, 503))
def get_search(
    store: Store,
    caller: CallerDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name, title, e-mail.")],
    kind: Annotated[Kind | None, Query(description="Only people, customers or channels.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Matches:
    """Ranked matches, best first (as `graph-mtl find --json`), without the people
    only a private teammate's network holds."""
    return find(seen_by(store, caller, caller.salesperson_id), q, kind=kind, limit=limit)
