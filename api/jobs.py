"""Report jobs: a referral-chain report (graph_mtl.services.report) built in a
background thread, kept in memory for its owner to fetch as JSON or rendered.

Jobs live as long as the process and at most `MAX_JOBS` of them (the oldest
finished ones go first). A job is its owner's: another caller asking for it
gets 404, as for a job that does not exist. At most `per_caller` jobs run at
once for one caller and `in_all` for everyone: past either, a new one is
refused (429 with Retry-After) rather than queued behind the others. A job
that runs past `time_limit` seconds is stopped between two customers and fails
with a 504 problem (a report writes nothing, so nothing is left half-done).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.problems import Problem, problem_of
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, MAX_HOPS_LIMIT, MAX_K, Mode
from graph_mtl.errors import LimitReached, NotFound, TimeLimitReached
from graph_mtl.services.report import Progress, Report, ReportStatus

__all__ = ["MAX_JOBS", "ReportIn", "ReportJob", "ReportJobs"]

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
    ) -> None:
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="graph-mtl-report")
        self.per_caller = per_caller
        self.in_all = in_all
        self.time_limit = time_limit
        self._jobs: OrderedDict[str, tuple[str | None, ReportJob]] = OrderedDict()
        self._lock = threading.Lock()

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
        with self._lock:
            running = [o for o, j in self._jobs.values() if j.status == "running"]
            if running.count(owner) >= self.per_caller:
                raise LimitReached(
                    f"You have {self.per_caller} reports running: fetch them, then start more.",
                    retry_after=RETRY_AFTER,
                )
            if len(running) >= self.in_all:
                raise LimitReached(
                    f"{self.in_all} reports are running on this server; try again shortly.",
                    retry_after=RETRY_AFTER,
                )
            self._jobs[job.id] = (owner, job)
            self._forget_old()
        self._executor.submit(self._run, job.id, build)
        return job

    def get(self, owner: str | None, job_id: str) -> ReportJob:
        with self._lock:
            found = self._jobs.get(job_id)
        if found is None or found[0] != owner:
            raise NotFound("report", job_id)
        return found[1]

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str, build: Callable[[Progress], Report]) -> None:
        deadline = time.monotonic() + self.time_limit

        def on_time(done: int, total: int) -> None:
            if time.monotonic() > deadline:
                raise TimeLimitReached(
                    f"The report ran past its time limit of {self.time_limit:g} s "
                    f"({done} of {total} customers done): ask for fewer customers, "
                    "a lower k or fewer hops.",
                    seconds=self.time_limit,
                )

        try:
            update = {"status": "done", "report": build(on_time)}
        except Exception as exc:  # reported to the job's owner as a problem document
            update = {"status": "failed", "error": problem_of(exc)}
        update["finished"] = datetime.now(UTC)
        with self._lock:
            if job_id in self._jobs:
                owner, job = self._jobs[job_id]
                self._jobs[job_id] = (owner, job.model_copy(update=update))

    def _forget_old(self) -> None:
        finished = [i for i, (_, job) in self._jobs.items() if job.status != "running"]
        for job_id in finished[: max(0, len(self._jobs) - MAX_JOBS)]:
            del self._jobs[job_id]
