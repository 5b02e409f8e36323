"""GET /health: the process lives (200, whatever the store's state). GET /ready:
the store answers a read and takes a write (200), or it does not (503, with the
cause in words fit for any caller and in the log). Neither needs a key."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import Store
from api.problems import problem_responses
from api.schemas import Health

__all__ = ["router"]

router = APIRouter(tags=["health"])

_PROBE = ""
"""The key id the write probe revokes: no key has it (ids are never empty), so the
write changes nothing, yet it takes the store's write lock (a write transaction)."""


@router.get("/health", response_model=Health)
def health(request: Request) -> Health:
    """The process lives: 200, without touching the store (see `/ready`)."""
    return Health(status="ok", store=request.app.state.graph.kind, demo=request.app.state.demo)


@router.get("/ready", response_model=Health, responses=problem_responses(503))
def ready(request: Request, store: Store) -> Health:
    """The store answers a read and takes a write: 200; it does not: 503 with
    `Retry-After`, and the cause in the server's log beside the request id."""
    store.ping()
    store.revoke_api_key(_PROBE)
    return Health(status="ok", store=request.app.state.graph.kind, demo=request.app.state.demo)
