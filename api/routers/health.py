"""GET /health: whether the store answers (200) or not (503), without a key."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import Store
from api.problems import problem_responses
from api.schemas import Health

__all__ = ["router"]

router = APIRouter(prefix="/health", tags=["health"])


@router.get("", response_model=Health, responses=problem_responses(503))
def health(request: Request, store: Store) -> Health:
    """The store answers: 200; it does not: 503 with `Retry-After`."""
    store.ping()
    return Health(status="ok", store=request.app.state.graph.kind, demo=request.app.state.demo)
