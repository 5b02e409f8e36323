"""GET /changes: who joined or left a customer since a day, as imports saw it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CallerDep, Store, seen_by
from api.problems import problem_responses
from graph_mtl.services.changes import Changes, job_changes

__all__ = ["router"]

router = APIRouter(prefix="/changes", tags=["changes"])


@router.get("", response_model=Changes, responses=problem_responses(401, 422, 503))
def get_changes(
    store: Store,
    caller: CallerDep,
    since: Annotated[date, Query(description="Changes seen on or after this day.")],
) -> Changes:
    """The job changes at customers that imports saw since `since`, latest first (as
    `graph-mtl changes --json`), as the team rule lets the caller see them: nothing
    from the own network of a teammate who keeps it private."""
    return job_changes(seen_by(store, caller, caller.salesperson_id), since=since)
