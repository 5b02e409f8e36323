"""Writing and forgetting people."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from api import edits
from api.deps import CallerDep, Store
from api.problems import problem_responses
from api.schemas import PersonIn
from graph_mtl.domain.models import Person

__all__ = ["router"]

router = APIRouter(prefix="/people", tags=["people"])

PersonId = Annotated[str, Path(min_length=1, max_length=200, description="The person's id.")]


@router.put(
    "/{person_id}",
    response_model=Person,
    responses=problem_responses(401, 403, 422, 503, created=Person),
)
def put_person(
    store: Store, caller: CallerDep, person_id: PersonId, body: PersonIn, response: Response
) -> Person:
    """Create or replace a person (200 replaced, 201 created); their customer and
    roles must exist."""
    person = body.person(person_id)
    if edits.put_person(store, caller, person):
        response.status_code = 201
    return person


@router.delete(
    "/{person_id}", status_code=204, responses=problem_responses(401, 403, 404, 422, 503)
)
def delete_person(store: Store, caller: CallerDep, person_id: PersonId) -> Response:
    """Forget a person with every tie and reach of theirs (a contact asked to be forgotten)."""
    edits.forget_person(store, caller, person_id)
    return Response(status_code=204)
