"""Writing a tie between two people."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.deps import CallerDep, Store, named
from api.problems import problem_responses
from api.schemas import TieIn, id_path
from graph_mtl.domain.models import Tie
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services import edits

__all__ = ["router"]

router = APIRouter(prefix="/ties", tags=["ties"])

_PersonId = Annotated[str, id_path("A person: an id or a whole name.")]


@router.put(
    "/{source}/{target}",
    response_model=Tie,
    responses=problem_responses(401, 403, 404, 422, 503, created=Tie),
)
def put_tie(
    store: Store,
    caller: CallerDep,
    source: _PersonId,
    target: _PersonId,
    body: TieIn,
    response: Response,
) -> Tie:
    """Create or replace the (undirected) tie between two people, with its strength and
    context (200 replaced, 201 created)."""
    if source == target:
        raise InvalidInput("target", _("a tie joins two different people"))
    source = named(store, source, "person", field="source") or source
    target = named(store, target, "person", field="target") or target
    if source == target:
        raise InvalidInput("target", _("a tie joins two different people"))
    tie = Tie(source=source, target=target, **body.model_dump())
    if edits.put_tie(store, caller, tie):
        response.status_code = 201
    return tie
