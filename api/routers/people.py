"""Writing and forgetting people."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Request, Response

from api.deps import CallerDep, Store, named
from api.jobs import ReportJobs
from api.problems import problem_responses
from api.schemas import PersonIn, id_path
from graph_mtl.domain.forgetting import mentions_of
from graph_mtl.domain.models import Person
from graph_mtl.services import edits
from graph_mtl.services.access import forget

__all__ = ["router"]

router = APIRouter(prefix="/people", tags=["people"])

PersonId = Annotated[str, id_path("The person's id.")]


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
def delete_person(
    request: Request, store: Store, caller: CallerDep, person_id: PersonId
) -> Response:
    """Forget a person and everything that names them (a contact who asked to be
    forgotten): ties, reach, the channel they are, opportunities they raised, keys,
    their name and e-mail in what others wrote, and the reports that name them
    (fetching one then answers 410). An admin key forgets anyone; a salesperson's
    key, a contact only their own network holds. The person may be named by a whole
    name too."""
    person_id = named(store, person_id, "person", field="person_id") or person_id
    person = store.people([person_id]).get(person_id)
    forget(store, caller, person_id, today=date.today())
    if person is not None:
        jobs: ReportJobs = request.app.state.reports
        jobs.discard_mentioning([person.id, *mentions_of(person).probes()])
    return Response(status_code=204)
