"""The FastAPI app: `create_app(settings)` wires the store, the playbook, the
routers and the one error handler.

The store is opened at start-up (`graph_mtl.bootstrap.open_store`) and closed
at shutdown. `demo=True` serves the demo bundle from memory without keys:
every caller may ask from any salesperson's position, and the team-network
rule still applies from there. It is for loopback only (`graph-mtl serve
--demo` refuses any other host).
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from api import problems
from api.edge import RequestContext
from api.inputs import plain_text
from api.jobs import ReportJobs
from api.language import RequestLanguage
from api.limits import BodyLimit, BodyTimeLimit, DemoGuard, RateLimit, RequestTimeLimit
from api.routers import ROUTERS
from api.shared import SharedState, state_path
from api.state import StoreHolder
from graph_mtl import bootstrap
from graph_mtl.domain.ports import GraphStore
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.imports import import_bundle
from graph_mtl.settings import Settings, get_settings

__all__ = [
    "DEMO_FOLDER",
    "app_from_environment",
    "create_app",
    "demo_store",
    "first_salesperson",
]

DEMO_FOLDER = Path("seed") / "demo"

_DESCRIPTION = """\
Warm-introduction paths, committees, account priorities, channel rankings,
outreach plans and contact evaluations over the personal MTL graph: the same
answers, in the same JSON, as the `graph-mtl` command's `--json`.

Send `Authorization: Bearer KEY` (a key from `graph-mtl keys create --salesperson ID`).
You ask from your own position only: `from` is yours, or left out. Teammates' ties
carry your paths only where they opted in to the team network (`PUT /team/members/{id}`).
Every error is an RFC 9457 problem document (`application/problem+json`); every
response carries an `X-Request-ID`, which a problem repeats as `request_id`.
`/health` says the process lives, `/ready` that its store reads and writes.

graph-mtl's own page, over this same API, is at `/app`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    demo: bool = False,
    store_factory: Callable[[], GraphStore] | None = None,
) -> FastAPI:
    """The app over the store the settings name (or `store_factory`'s, or the demo's)."""
    bootstrap.wire()
    settings = settings or get_settings()
    if store_factory is not None:
        factory = store_factory
    elif demo:
        factory = demo_store
    else:

        def factory() -> GraphStore:
            return bootstrap.open_store(settings)

    playbook = load_playbook(settings.playbook)  # a bad playbook stops the start, loudly

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder = StoreHolder(factory)
        holder.open()
        app.state.graph = holder
        # What the workers share (report jobs, rate counts): beside the store, unless
        # the store is a scratch one (the demo's, or a caller's own factory) and no
        # file is named: then a scratch file of this process's.
        scratch = None
        if settings.server_state is None and (demo or store_factory is not None):
            scratch = tempfile.mkdtemp(prefix="graph-mtl-server-")
            shared = SharedState(Path(scratch) / "server.db")
        else:
            shared = SharedState(state_path(settings))
        app.state.rate_limit = RateLimit(settings.rate_limit, shared)
        app.state.reports = ReportJobs(
            per_caller=settings.max_jobs_per_key,
            in_all=settings.max_jobs,
            time_limit=settings.job_seconds,
            state=shared,
        )
        try:
            yield
        finally:
            app.state.reports.shutdown()
            holder.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    app = FastAPI(
        title="graph-mtl",
        version="0.1.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # api/routers/docs.py serves them from the package, offline
        redoc_url=None,
        dependencies=[Depends(plain_text)],
    )
    app.state.playbook = playbook
    app.state.demo = demo
    app.state.demo_from = first_salesperson(_demo_folder()) if demo else None
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(RequestLanguage)
    app.add_middleware(RequestTimeLimit, seconds=settings.request_seconds)
    app.add_middleware(
        BodyLimit, max_body=settings.max_body_bytes, max_upload=settings.max_upload_bytes
    )
    app.add_middleware(
        BodyTimeLimit, seconds=settings.body_timeout, min_rate=settings.body_min_rate
    )
    if demo:
        app.add_middleware(DemoGuard, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(RequestContext)  # the outermost: every response has its id
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("api", "static")]), name="static")
    return app


def app_from_environment() -> FastAPI:
    """The app for one of several worker processes (`graph-mtl serve --workers N`):
    settings from the environment, demo mode from GRAPH_MTL_DEMO."""
    from api.server import HeadTimeout

    settings = get_settings()
    HeadTimeout.header_timeout = settings.header_timeout  # this worker's connections
    return create_app(settings, demo=os.environ.get("GRAPH_MTL_DEMO") == "1")


def demo_store() -> GraphStore:
    """The demo bundle in a scratch embedded store."""
    store = bootstrap.open_scratch_store()
    import_bundle(store, _demo_folder())
    return store


def first_salesperson(folder: Path) -> str | None:
    """The bundle's first salesperson: whom the demo's page asks as, unless told."""
    with (folder / "people.csv").open(encoding="utf-8", newline="") as f:
        return next(
            (row["id"] for row in csv.DictReader(f) if row["is_salesperson"] == "true"), None
        )


def _demo_folder() -> Path:
    # ./seed/demo (the Docker image's working directory), else next to the sources.
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        if (base / DEMO_FOLDER / "people.csv").is_file():
            return base / DEMO_FOLDER
    raise FileNotFoundError(f"no {DEMO_FOLDER} here or next to graph-mtl's sources")


logging.getLogger("graph_mtl.api").addHandler(logging.NullHandler())
