"""Every error as an RFC 9457 problem document (`application/problem+json`), in one
handler.

    graph-mtl error / request problem        status  type (urn:graph-mtl:problem:…)
    NotFound                                 404     not-found
    ImportRejected (every file:line)         422     import-rejected
    InvalidInput (names the field)           422     invalid-input
    RequestValidationError (names the field) 422     invalid-request
    Unauthorized (+ WWW-Authenticate)        401     unauthorized
    Forbidden                                403     forbidden
    Conflict                                 409     conflict
    Gone                                     410     gone
    LimitReached (+ Retry-After)             429     limit-reached
    TimeLimitReached                         504     time-limit
    StoreUnavailable (+ Retry-After)         503     store-unavailable
    Starlette's HTTPException (404, 405, …)  as is   about:blank
    anything else                            500     internal-error

A response never carries a stack trace, a driver's message or a query: the
503 and 500 details are fixed sentences, and the cause goes to the log, once,
beside the request id that the problem carries (`request_id`, and the
`X-Request-ID` header: api/edge.py gives every request one). Values echoed in a
problem (an id in `instance` or `detail`, a cell in a reason) are cut to
SHOWN characters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection
from starlette.types import Scope

from api.language import of_request
from graph_mtl import i18n
from graph_mtl.errors import (
    Conflict,
    Forbidden,
    Gone,
    GraphMtlError,
    ImportRejected,
    InvalidInput,
    LimitReached,
    NotFound,
    StoreUnavailable,
    TimeLimitReached,
    Unauthorized,
)
from graph_mtl.i18n import _
from graph_mtl.validation import reason

__all__ = [
    "CHECK_FIRST",
    "MAX_LISTED",
    "PROBLEM_JSON",
    "REQUEST_ID",
    "RETRY_AFTER_SECONDS",
    "SHOWN",
    "FieldProblem",
    "FileProblem",
    "Problem",
    "install",
    "log_failure",
    "problem_of",
    "problem_response",
    "problem_responses",
    "route_template",
    "shown",
]

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 5
"""What a 503 tells clients to wait before trying again."""
REQUEST_ID = "graph_mtl.request_id"
"""The ASGI scope key of the request's id (set by api/edge.py)."""
SHOWN = 80
"""The most characters of one value (an id, a path segment) a problem echoes."""
_REASON = 500
"""The most characters of one reason or detail."""

_log = logging.getLogger("graph_mtl.api")


class FieldProblem(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    """The parameter or body field, e.g. `max_hops` or `ties.0.strength`."""
    reason: str


class FileProblem(BaseModel):
    """One bad row of an imported bundle: `file:line: reason`."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblem] | None = None
    """Invalid parameters or fields (422)."""
    problems: list[FileProblem] | None = None
    """A rejected bundle's problems (422 from /import)."""
    count: int | None = None
    """How many errors or problems there were: only the first MAX_LISTED are listed."""
    request_id: str | None = None
    """The request's id, as in its `X-Request-ID` header and the server's log."""


MAX_LISTED = 100
"""A rejection lists at most this many errors or problems, and counts them all."""


_PHRASES = (
    i18n.N_("Bad Request"),
    i18n.N_("Not Found"),
    i18n.N_("Method Not Allowed"),
    i18n.N_("Content Too Large"),
    i18n.N_("Request Entity Too Large"),
    i18n.N_("Unsupported Media Type"),
)
"""Starlette's titles the API answers with, translated as its own."""


def _urn(name: str) -> str:
    return f"urn:graph-mtl:problem:{name}"


def _problem(exc: Exception) -> tuple[Problem, dict[str, str]]:
    """The problem document and the extra headers for an exception."""
    match exc:
        case NotFound():
            return Problem(
                type=_urn("not-found"), title=_("Not found"), status=404, detail=str(exc)
            ), {}
        case ImportRejected():
            problems = [
                FileProblem(file=p.file, line=p.line, reason=p.reason)
                for p in exc.problems[:MAX_LISTED]
            ]
            detail = _("The bundle was {reason}; nothing was written.", reason=exc.reason)
            return Problem(
                type=_urn("import-rejected"),
                title=_("Bundle rejected"),
                status=422,
                detail=detail,
                problems=problems,
                count=len(exc.problems),
            ), {}
        case InvalidInput():
            return Problem(
                type=_urn("invalid-input"),
                title=_("Invalid input"),
                status=422,
                detail=f"{exc.field}: {exc.reason}",
                errors=[FieldProblem(field=exc.field, reason=exc.reason)],
            ), {}
        case RequestValidationError():
            found = exc.errors()
            errors = [_field_problem(e) for e in found[:MAX_LISTED]]
            detail = "; ".join(f"{e.field}: {e.reason}" for e in errors[:5]) or _("invalid request")
            if len(found) > 5:
                detail += _("; and {more} more", more=len(found) - 5)
            return Problem(
                type=_urn("invalid-request"),
                title=_("Invalid request"),
                status=422,
                detail=detail,
                errors=errors,
                count=len(found),
            ), {}
        case Unauthorized():
            challenge = 'Bearer realm="graph-mtl"'
            if exc.key_given:
                challenge += ', error="invalid_token"'
            return Problem(
                type=_urn("unauthorized"), title=_("Unauthorized"), status=401, detail=exc.detail
            ), {"WWW-Authenticate": challenge}
        case Forbidden():
            return Problem(
                type=_urn("forbidden"), title=_("Forbidden"), status=403, detail=exc.detail
            ), {}
        case Conflict():
            return Problem(
                type=_urn("conflict"), title=_("Conflict"), status=409, detail=exc.detail
            ), {}
        case Gone():
            return Problem(type=_urn("gone"), title=_("Gone"), status=410, detail=exc.detail), {}
        case LimitReached():
            return Problem(
                type=_urn("limit-reached"),
                title=_("Too many requests"),
                status=429,
                detail=exc.detail,
            ), {"Retry-After": str(exc.retry_after)}
        case TimeLimitReached():
            return Problem(
                type=_urn("time-limit"), title=_("Time limit"), status=504, detail=exc.detail
            ), {}
        case StoreUnavailable():
            store_detail = _("The graph store cannot be reached right now; try again shortly.")
            return Problem(
                type=_urn("store-unavailable"),
                title=_("Store unavailable"),
                status=503,
                detail=f"{store_detail} {exc.hint}." if exc.hint else store_detail,
            ), {"Retry-After": str(RETRY_AFTER_SECONDS)}
        case StarletteHTTPException():
            phrase = HTTPStatus(exc.status_code).phrase
            detail = exc.detail if isinstance(exc.detail, str) else phrase
            title, detail = i18n.gettext(phrase), i18n.gettext(detail)
            return Problem(title=title, status=exc.status_code, detail=detail), dict(
                exc.headers or {}
            )
    return Problem(
        type=_urn("internal-error"),
        title=_("Internal error"),
        status=500,
        detail=_("Something went wrong on our side; the error is logged."),
    ), {}


def problem_of(exc: Exception, *, where: str = "a report job") -> Problem:
    """The problem document an exception maps to (for errors reported later, as a
    report job's); a 5xx is logged with its cause."""
    problem = _problem(exc)[0]
    log_failure(problem.status, exc, where=where)
    return _shortened(problem)


def log_failure(status: int, exc: BaseException, *, where: str, request_id: str = "-") -> None:
    """Log a 5xx once, with its cause and the request id its problem carries."""
    if status < 500:
        return
    cause = exc.__cause__ or exc
    level = (
        logging.WARNING if isinstance(exc, StoreUnavailable | TimeLimitReached) else logging.ERROR
    )
    _log.log(
        level,
        "%d for %s, request %s: %s",
        status,
        where,
        request_id,
        exc,
        exc_info=cause if level == logging.ERROR or cause is not exc else None,
    )


def shown(value: str, limit: int = SHOWN) -> str:
    """`value` cut to `limit` characters, an ellipsis marking the cut."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _shortened(problem: Problem) -> Problem:
    """The problem with every value it echoes cut to a readable length."""
    problem.detail = shown(problem.detail, _REASON)
    if problem.instance is not None:
        problem.instance = "/".join(shown(part) for part in problem.instance.split("/"))
    if problem.errors:
        problem.errors = [
            e.model_copy(update={"reason": shown(e.reason, _REASON)}) for e in problem.errors
        ]
    if problem.problems:
        problem.problems = [
            p.model_copy(update={"reason": shown(p.reason, _REASON)}) for p in problem.problems
        ]
    return problem


def route_template(scope: Scope) -> str:
    """The template of the route that served the request, or "-" if none did."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return "-"
    if not hasattr(route, "methods"):  # a mount (the static files): what is under it
        return f"{path}/{{path}}"
    return path


def _field_problem(error: Mapping[str, Any]) -> FieldProblem:
    # loc is ("query", "max_hops") or ("body", "ties", 0, "strength"): the field, not where.
    loc = [str(part) for part in error.get("loc", ())]
    where = loc[1:] if len(loc) > 1 and loc[0] in {"query", "path", "body", "header"} else loc
    return FieldProblem(field=".".join(where) or "request", reason=reason(error))


CHECK_FIRST = "graph_mtl.check_first"
"""Scope key: what a route checks in its handler that dependencies check elsewhere
(`api.pending`): run before an invalid parameter's 422, whose answer it may take."""


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    check: Callable[[], object] | None = request.scope.get(CHECK_FIRST)
    if check is not None and isinstance(exc, RequestValidationError):
        try:
            await run_in_threadpool(check)
        except Exception as first:  # answered as it would be from the dependency
            exc = first
    return problem_response(request.scope, exc, allowed=lambda: _allowed(request))


def problem_response(
    scope: Scope, exc: Exception, *, allowed: Callable[[], str] | None = None
) -> JSONResponse:
    """The problem response for an error raised by a request (logged once if a 5xx), in
    the reader's language (also for a 500, answered outside the language middleware)."""
    with i18n.use(of_request(HTTPConnection(scope))):
        problem, headers = _problem(exc)
    request_id = scope.get(REQUEST_ID)
    problem.instance = scope["path"]
    problem.request_id = request_id
    if problem.status == 405 and allowed is not None:
        headers["Allow"] = allowed()
    where = f"{scope['method']} {route_template(scope)}"
    log_failure(problem.status, exc, where=where, request_id=request_id or "-")
    return JSONResponse(
        _shortened(problem).model_dump(mode="json", exclude_none=True),
        status_code=problem.status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def _allowed(request: Request) -> str:
    """Every method the schema lists at this path (several routes may share a path;
    ids never hold `/`, so a path parameter is one segment)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)), request.url.path):
            methods |= {method.upper() for method in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


_DESCRIPTIONS = {
    400: "A body that cannot be parsed.",
    401: "No key, or an unknown or revoked one (send `Authorization: Bearer KEY`).",
    403: "Someone else's position, or a resource you may not touch.",
    404: "An unknown id.",
    409: "The request conflicts with what is stored.",
    410: "It was removed for good (a report that named a person forgotten since).",
    413: "The body is larger than the server takes; it was not read.",
    429: "Too many requests for the key, or report jobs at once; retry after `Retry-After` s.",
    422: "An invalid parameter or field; `errors` names each.",
    503: "The store cannot be reached; try again after `Retry-After` seconds.",
}
_HEADERS = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    429: {"Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."}},
    503: {"Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."}},
}


def problem_responses(
    *codes: int, created: type[BaseModel] | None = None
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses (problem documents), and 201 with
    the `created` model for a write that may create."""
    extra: dict[int | str, dict[str, Any]] = (
        {} if created is None else {201: {"description": "Created", "model": created}}
    )
    if 401 in codes and 429 not in codes:
        codes = (*codes, 429)  # every keyed route answers past the key's rate
    return extra | {
        code: {
            "description": _DESCRIPTIONS.get(code, HTTPStatus(code).phrase),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
            **({"headers": _HEADERS[code]} if code in _HEADERS else {}),
        }
        for code in codes
    }


def install(app: FastAPI) -> None:
    """Route every error through the one handler, and publish the Problem schema."""
    for kind in (
        Exception,
        GraphMtlError,
        RequestValidationError,
        StarletteHTTPException,
    ):
        app.add_exception_handler(kind, _handle)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            for item in schema.get("paths", {}).values():
                for operation in item.values():
                    # A body that cannot even be parsed is a 400 (Starlette's, as a problem).
                    if "requestBody" in operation:
                        operation["responses"].setdefault("400", problem_responses(400)[400])
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (Problem, FieldProblem, FileProblem):
                _publish(model, schemas)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _publish(model: type[BaseModel], schemas: dict[str, Any]) -> None:
    found = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, nested in found.pop("$defs", {}).items():
        schemas.setdefault(name, nested)
    schemas[model.__name__] = found
