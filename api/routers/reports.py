"""Referral-chain reports: POST starts a job, GET fetches it (JSON) or renders it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import CallerDep, Rules, Seen, Store, TieOptions
from api.jobs import ReportIn, ReportJob, ReportJobs
from api.problems import problem_responses
from graph_mtl.errors import Conflict
from graph_mtl.i18n import _
from graph_mtl.reports import ReportFormat, render
from graph_mtl.services.report import Progress, Report, build_report

__all__ = ["router"]

router = APIRouter(prefix="/reports", tags=["reports"])

_MEDIA = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.CSV: "text/csv; charset=utf-8",
    ReportFormat.MD: "text/markdown; charset=utf-8",
    ReportFormat.JSON: "application/json",
}
_TEXT: dict[str, Any] = {"schema": {"type": "string"}}
_REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
"""An HTML report is one page with its own inline style: nothing else loads or runs."""


def _jobs(request: Request) -> ReportJobs:
    jobs: ReportJobs = request.app.state.reports
    return jobs


@router.post(
    "",
    status_code=202,
    response_model=ReportJob,
    responses=problem_responses(401, 403, 413, 422, 429, 503),
)
def start_report(
    request: Request,
    response: Response,
    store: Store,
    caller: CallerDep,
    playbook: Rules,
    body: ReportIn,
) -> ReportJob:
    """Start building a report (202); fetch it from the `Location` given."""
    seen = Seen.of(store, caller, body.source)
    source, view = seen.source, seen.view
    searched = TieOptions(body.inferred, body.since, body.recent).applied(view, playbook)

    def build(progress: Progress) -> Report:
        return build_report(
            searched,
            playbook,
            source,
            customers=body.customers,
            status=body.status,
            need_id=body.need,
            mode=body.mode,
            max_hops=body.max_hops,
            k=body.k,
            limit=body.limit,
            top=body.top,
            progress=progress,
        )

    sharing = list(view.teammates)  # the opt-ins the view was made with
    job = _jobs(request).start(caller.salesperson_id, source, build, shared_by=sharing)
    response.headers["Location"] = f"/reports/{job.id}"
    return job


_RENDERED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The job (no `format`), or the report rendered in `format`.",
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/ReportJob"},
                        {"$ref": "#/components/schemas/Report"},
                    ]
                }
            },
            "text/html": _TEXT,
            "text/csv": _TEXT,
            "text/markdown": _TEXT,
        },
    }
}


@router.get(
    "/{report_id}",
    response_model=None,
    responses=_RENDERED | problem_responses(401, 404, 409, 410, 422, 503),
)
def get_report(
    request: Request,
    store: Store,
    caller: CallerDep,
    report_id: Annotated[str, Path(min_length=1, max_length=100)],
    format: Annotated[
        ReportFormat | None, Query(description="html, csv, md or json: the report itself.")
    ] = None,
) -> ReportJob | Response:
    """A report job: running, done (with the report) or failed (with the problem);
    with `format`, the finished report rendered (409 until it is done). A report
    built with a teammate's shared network is shown only while they still share
    (409 once they opt out: start it again)."""
    job = _jobs(request).get(caller.salesperson_id, report_id)
    if set(job.shared_by) - {m.id for m in store.team() if m.shared}:
        raise Conflict(
            _(
                "Report {id} was built while a teammate shared their network, and "
                "they no longer do: start the report again.",
                id=report_id,
            )
        )
    if format is None:
        return job
    if job.report is None:
        raise Conflict(
            _(
                "Report {id} is {status}: only a finished one renders.",
                id=report_id,
                status=job.status,
            )
        )
    headers = {"Content-Security-Policy": _REPORT_POLICY} if format is ReportFormat.HTML else {}
    return Response(render(job.report, format), media_type=_MEDIA[format], headers=headers)
