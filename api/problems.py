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
503 and 500 details are fixed sentences, and the cause goes to the log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

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

__all__ = [
    "MAX_LISTED",
    "PROBLEM_JSON",
    "RETRY_AFTER_SECONDS",
    "FieldProblem",
    "FileProblem",
    "Problem",
    "install",
    "problem_of",
    "problem_responses",
]

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 5
"""What a 503 tells clients to wait before trying again."""

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


MAX_LISTED = 100
"""A rejection lists at most this many errors or problems, and counts them all."""


_STORE_DETAIL = "The graph store cannot be reached right now; try again shortly."
_INTERNAL_DETAIL = "Something went wrong on our side; the error is logged."


def _urn(name: str) -> str:
    return f"urn:graph-mtl:problem:{name}"


def _problem(exc: Exception) -> tuple[Problem, dict[str, str]]:
    """The problem document and the extra headers for an exception."""
    match exc:
        case NotFound():
            return Problem(
                type=_urn("not-found"), title="Not found", status=404, detail=str(exc)
            ), {}
        case ImportRejected():
            problems = [
                FileProblem(file=p.file, line=p.line, reason=p.reason)
                for p in exc.problems[:MAX_LISTED]
            ]
            detail = f"The bundle was {exc.reason}; nothing was written."
            return Problem(
                type=_urn("import-rejected"),
                title="Bundle rejected",
                status=422,
                detail=detail,
                problems=problems,
                count=len(exc.problems),
            ), {}
        case InvalidInput():
            return Problem(
                type=_urn("invalid-input"),
                title="Invalid input",
                status=422,
                detail=f"{exc.field}: {exc.reason}",
                errors=[FieldProblem(field=exc.field, reason=exc.reason)],
            ), {}
        case RequestValidationError():
            found = exc.errors()
            errors = [_field_problem(e) for e in found[:MAX_LISTED]]
            detail = "; ".join(f"{e.field}: {e.reason}" for e in errors[:5]) or "invalid request"
            if len(found) > 5:
                detail += f"; and {len(found) - 5} more"
            return Problem(
                type=_urn("invalid-request"),
                title="Invalid request",
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
                type=_urn("unauthorized"), title="Unauthorized", status=401, detail=exc.detail
            ), {"WWW-Authenticate": challenge}
        case Forbidden():
            return Problem(
                type=_urn("forbidden"), title="Forbidden", status=403, detail=exc.detail
            ), {}
        case Conflict():
            return Problem(
                type=_urn("conflict"), title="Conflict", status=409, detail=exc.detail
            ), {}
        case Gone():
            return Problem(type=_urn("gone"), title="Gone", status=410, detail=exc.detail), {}
        case LimitReached():
            return Problem(
                type=_urn("limit-reached"),
                title="Too many requests",
                status=429,
                detail=exc.detail,
            ), {"Retry-After": str(exc.retry_after)}
        case TimeLimitReached():
            return Problem(
                type=_urn("time-limit"), title="Time limit", status=504, detail=exc.detail
            ), {}
        case StoreUnavailable():
            _log.warning("store unavailable: %s", exc, exc_info=exc.__cause__ or exc)
            return Problem(
                type=_urn("store-unavailable"),
                title="Store unavailable",
                status=503,
                detail=f"{_STORE_DETAIL} {exc.hint}." if exc.hint else _STORE_DETAIL,
            ), {"Retry-After": str(RETRY_AFTER_SECONDS)}
        case GraphMtlError():
            _log.error("unexpected graph-mtl error", exc_info=exc)
        case StarletteHTTPException():
            phrase = HTTPStatus(exc.status_code).phrase
            detail = exc.detail if isinstance(exc.detail, str) else phrase
            return Problem(title=phrase, status=exc.status_code, detail=detail), dict(
                exc.headers or {}
            )
        case _:
            _log.error("unhandled error", exc_info=exc)
    return Problem(
        type=_urn("internal-error"), title="Internal error", status=500, detail=_INTERNAL_DETAIL
    ), {}


def problem_of(exc: Exception) -> Problem:
    """The problem document an exception maps to (for errors reported later, as a
    report job's)."""
    return _problem(exc)[0]


def _field_problem(error: Mapping[str, Any]) -> FieldProblem:
    # loc is ("query", "max_hops") or ("body", "ties", 0, "strength"): the field, not where.
    loc = [str(part) for part in error.get("loc", ())]
    where = loc[1:] if len(loc) > 1 and loc[0] in {"query", "path", "body", "header"} else loc
    return FieldProblem(field=".".join(where) or "request", reason=str(error.get("msg", "")))


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    problem, headers = _problem(exc)
    problem.instance = request.url.path
    if problem.status == 405:
        headers["Allow"] = _allowed(request)
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
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
