"""GET /me: who the key belongs to (the page signs in with it)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import CallerDep, Store
from api.problems import problem_responses
from graph_mtl.domain.models import TeamMember

__all__ = ["Me", "router"]

router = APIRouter(tags=["team"])


class Me(BaseModel):
    salesperson: TeamMember | None
    """The key's salesperson; none in demo mode, where any position may be asked from."""
    admin: bool
    demo: bool


@router.get("/me", response_model=Me, responses=problem_responses(401, 503))
def get_me(store: Store, caller: CallerDep) -> Me:
    """The salesperson your key belongs to, and whether it is an admin key."""
    me = next((m for m in store.team() if m.id == caller.salesperson_id), None)
    return Me(salesperson=me, admin=caller.admin, demo=caller.demo)
