"""Introduction requests: ask for one, list them, move one forward."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import CallerDep, FromQuery, Rules, Store, named_from, seen_by
from api.problems import problem_responses
from api.schemas import IntroIn, IntroPatch, id_path
from graph_mtl.services import intros
from graph_mtl.services.intros import Intro, IntroList

__all__ = ["router"]

router = APIRouter(prefix="/intros", tags=["intros"])

IntroId = Annotated[str, id_path("The request's id.")]


@router.post(
    "",
    status_code=201,
    response_model=Intro,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
def post_intro(store: Store, caller: CallerDep, body: IntroIn) -> Intro:
    """Ask a connector (`via`, default: the first hop of your best warm path) to
    introduce you to `to`; 409 when the same request is open already."""
    source = caller.position(named_from(store, caller, body.source))
    return intros.request_intro(
        seen_by(store, caller, source),
        caller,
        source=source,
        target=body.to,
        via=body.via,
        note=body.note,
        today=date.today(),
    )


@router.get("", response_model=IntroList, responses=problem_responses(401, 403, 404, 422, 503))
def get_intros(
    store: Store,
    caller: CallerDep,
    status: Annotated[
        Literal["open", "all"], Query(description="open (requested or accepted), or all.")
    ] = "open",
    source: FromQuery = None,
) -> IntroList:
    """Your requests and those asking you to introduce someone, newest first (as
    `graph-mtl intros list --json`)."""
    source = named_from(store, caller, source)
    return intros.list_intros(store, caller, source=caller.optional_position(source), status=status)


@router.get("/{intro_id}", response_model=Intro, responses=problem_responses(401, 404, 422, 503))
def get_intro(store: Store, caller: CallerDep, intro_id: IntroId) -> Intro:
    """One request you made, or one asking you to introduce someone."""
    return intros.get_intro(store, caller, intro_id)


@router.patch(
    "/{intro_id}", response_model=Intro, responses=problem_responses(401, 403, 404, 409, 422, 503)
)
def patch_intro(
    store: Store, caller: CallerDep, rules: Rules, intro_id: IntroId, body: IntroPatch
) -> Intro:
    """Move a request one step forward (409 for any other move); `met` gives you a
    tie to the person. As the connector, you may accept or decline."""
    return intros.update_intro(
        store,
        caller,
        intro_id,
        status=body.status,
        note=body.note,
        today=date.today(),
        rules=rules.evidence,
    )
