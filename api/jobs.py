"""Report jobs: a referral-chain report (graph_mtl.services.report) built in a
background thread of the worker that was asked, kept in the workers' shared
state (`api/shared.py`) for its owner to fetch, as JSON or rendered, from any
worker, and across restarts.

At most `MAX_JOBS` finished jobs are kept (the oldest go first). A job is its
owner's: another caller asking for it gets 404, as for a job that does not
exist. At most `per_caller` jobs run at once for one caller and `in_all` for
everyone, counted over every worker: past either, a new one is refused (429
with Retry-After) rather than queued behind the others. A job that runs past
`time_limit` seconds is stopped between two customers and fails with a 504
problem (a report writes nothing, so nothing is left half-done). A job whose
worker died before it finished fails too, when next seen.

When a person is forgotten, the jobs whose report names them (id, name or
e-mail) are discarded, and so are the jobs still running (they may have read the
person before the forget): a tombstone row, holding nothing of the report, stays
so that their owner's `GET` answers 410 Gone rather than 404.
"""

from __future__ import annotations

import contextvars
import logging
import os
import secrets
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.problems import Problem, problem_of
from api.shared import SharedState, pid_alive
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, MAX_HOPS_LIMIT, MAX_K, Mode
from graph_mtl.errors import Gone, LimitReached, NotFound, StoreUnavailable, TimeLimitReached
from graph_mtl.i18n import _
from graph_mtl.services.report import Progress, Report, ReportStatus

__all__ = ["MAX_JOBS", "ReportIn", "ReportJob", "ReportJobs", "discard_mentioning"]

MAX_JOBS = 100
RETRY_AFTER = 10
"""Seconds a caller refused for too many jobs is told to wait."""

_log = logging.getLogger("graph_mtl.api")


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: str | None = Field(default=None, alias="from", min_length=1, max_length=200)
    """Your salesperson id (the default), or any in demo mode."""
    customers: list[str] | None = Field(default=None, max_length=1000)
    """These customers (any status); default: the accounts of `status`."""
    status: ReportStatus = "target"
    need: str | None = Field(default=None, min_length=1, max_length=200)
    mode: Mode = Mode.STRONGEST
    max_hops: int = Field(default=DEFAULT_MAX_HOPS, ge=1, le=MAX_HOPS_LIMIT, strict=True)
    k: int = Field(default=1, ge=1, le=MAX_K, strict=True)
    limit: int | None = Field(default=None, ge=1, strict=True)
    top: int = Field(default=20, ge=1, le=1000, strict=True)
    inferred: bool = False
    """Let chains use weak ties inferred from a shared employer."""
    since: date | None = None
    """Only ties with contact on or after this day."""
    recent: str | None = Field(default=None, max_length=8)
    """Only ties with contact this recent: 30d, 2w, 6m, 1y."""


class ReportJob(BaseModel):
    id: str
    status: Literal["running", "done", "failed"]
    source: str
    created: datetime
    finished: datetime | None = None
    error: Problem | None = None
    """Why it failed (the problem document the request would have had)."""
    report: Report | None = None
    shared_by: list[str] = Field(default_factory=list)
    """The teammates whose shared networks the report could use: it is shown only
    while every one of them still shares."""


class ReportJobs:
    def __init__(
        self,
        *,
        workers: int = 2,
        per_caller: int = 2,
        in_all: int = 8,
        time_limit: float = 300.0,
        state: SharedState | None = None,
    ) -> None:
        """`state` None: jobs kept in a scratch file of this object's own (one process)."""
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="graph-mtl-report")
        self.per_caller = per_caller
        self.in_all = in_all
        self.time_limit = time_limit
        self._scratch: str | None = None
        if state is None:
            self._scratch = tempfile.mkdtemp(prefix="graph-mtl-jobs-")
            state = SharedState(Path(self._scratch) / "server.db")
        self.state = state

    def start(
        self,
        owner: str | None,
        source: str,
        build: Callable[[Progress], Report],
        *,
        shared_by: Collection[str] = (),
    ) -> ReportJob:
        """Start `build`, which reports its progress to the callback it is given
        (which stops it, by raising, once the job is past its time limit)."""
        job = ReportJob(
            id=f"rep-{secrets.token_hex(8)}",
            status="running",
            source=source,
            created=datetime.now(UTC),
            shared_by=sorted(shared_by),
        )
        with self.state.transaction() as db:
            self._fail_orphans(db)
            mine, everyone = db.execute(
                "SELECT count(*) FILTER (WHERE owner = ?), count(*) FROM jobs"
                " WHERE status = 'running'",
                (owner or "",),
            ).fetchone()
            if mine >= self.per_caller:
                raise LimitReached(
                    _(
                        "You have {n} reports running: fetch them, then start more.",
                        n=self.per_caller,
                    ),
                    retry_after=RETRY_AFTER,
                )
            if everyone >= self.in_all:
                raise LimitReached(
                    _(
                        "{n} reports are running on this server; try again shortly.",
                        n=self.in_all,
                    ),
                    retry_after=RETRY_AFTER,
                )
            db.execute(
                "INSERT INTO jobs (id, owner, pid, status, created, body) VALUES (?, ?, ?, ?, ?, ?)",
                (job.id, owner or "", os.getpid(), job.status, job.created.isoformat(), _json(job)),
            )
            db.execute(
                "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status != 'running'"
                " ORDER BY created DESC LIMIT -1 OFFSET ?)",
                (MAX_JOBS,),
            )
        # The build runs in the caller's context: its language (`graph_mtl.i18n`) among it.
        self._executor.submit(contextvars.copy_context().run, self._run, job.id, build)
        return job

    def get(self, owner: str | None, job_id: str) -> ReportJob:
        with self.state.transaction() as db:
            self._fail_orphans(db)
            row = db.execute(
                "SELECT body FROM jobs WHERE id = ? AND owner = ?", (job_id, owner or "")
            ).fetchone()
        if row is None:
            raise NotFound("report", job_id)
        if row[0] == _GONE:
            raise Gone(
                _(
                    "Report {id} named a person who has since asked to be forgotten, and "
                    "was discarded: start the report again.",
                    id=job_id,
                )
            )
        return ReportJob.model_validate_json(row[0])

    def discard_mentioning(self, texts: Iterable[str]) -> int:
        """Discard the jobs that name a forgotten person (`discard_mentioning`)."""
        return discard_mentioning(self.state, texts)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.state.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _run(self, job_id: str, build: Callable[[Progress], Report]) -> None:
        deadline = time.monotonic() + self.time_limit

        def on_time(done: int, total: int) -> None:
            if time.monotonic() > deadline:
                raise TimeLimitReached(
                    _(
                        "The report ran past its time limit of {seconds} s "
                        "({done} of {total} customers done): ask for fewer customers, "
                        "a lower k or fewer hops.",
                        seconds=format(self.time_limit, "g"),
                        done=done,
                        total=total,
                    ),
                    seconds=self.time_limit,
                )

        try:
            update = {"status": "done", "report": build(on_time)}
        except Exception as exc:  # reported to the job's owner as a problem document
            update = {"status": "failed", "error": problem_of(exc)}
        update["finished"] = datetime.now(UTC)
        self._finish(job_id, update)

    def _finish(self, job_id: str, update: dict[str, object]) -> None:
        with self.state.transaction() as db:
            row = db.execute("SELECT body FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or row[0] == _GONE:  # dropped or discarded meanwhile
                return
            done = ReportJob.model_validate_json(row[0]).model_copy(update=update)
            db.execute(
                "UPDATE jobs SET status = ?, body = ? WHERE id = ?",
                (done.status, _json(done), job_id),
            )

    def _fail_orphans(self, db: sqlite3.Connection) -> None:
        """Fail the running jobs whose worker process is gone (killed or restarted)."""
        running = db.execute("SELECT id, pid, body FROM jobs WHERE status = 'running'").fetchall()
        for job_id, pid, body in running:
            if pid_alive(pid):
                continue
            gone = StoreUnavailable(
                _(
                    "The server process building this report stopped before it finished: "
                    "start the report again."
                )
            )
            failed = ReportJob.model_validate_json(body).model_copy(
                update={
                    "status": "failed",
                    "error": problem_of(gone),
                    "finished": datetime.now(UTC),
                }
            )
            db.execute(
                "UPDATE jobs SET status = 'failed', body = ? WHERE id = ?", (_json(failed), job_id)
            )


_GONE = "gone"
"""The body of a discarded job's tombstone."""


def discard_mentioning(state: SharedState, texts: Iterable[str]) -> int:
    """Discard every job whose body holds one of `texts` (a forgotten person's id,
    name and e-mail, as JSON spells them), and every job still running; a tombstone
    stays for each. The file is then checkpointed, so that its WAL keeps no copy.
    How many were discarded."""
    needles = sorted({t for t in texts if t})
    if not needles:
        return 0
    found = " OR ".join(["instr(body, ?) > 0"] * len(needles))
    with state.transaction() as db:
        cursor = db.execute(
            f"UPDATE jobs SET status = 'failed', body = ? WHERE body != ?"
            f" AND (status = 'running' OR {found})",
            (_GONE, _GONE, *needles),
        )
        discarded = cursor.rowcount
    if discarded and not state.checkpoint():
        _log.warning("the WAL of %s could not be emptied after a forget", state.path)
    return discarded


def _json(job: ReportJob) -> str:
    return job.model_dump_json()
