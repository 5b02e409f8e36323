"""Batch referral-chain reports: for every account of a salesperson (or a list),
its priority, the committee of each of its needs, the best chain of
introductions to every member or the channels that reach them instead, the
door openers, the seats the playbook declares for the need's committee that nobody
at the account is known to hold and the coverage by required seats; and across
the report the introducers in the most chains, the channels that close the most
gaps, and totals.

`build_report` is a pure function of the store returning a `Report` model;
`graph_mtl.reports` renders one as HTML, CSV, JSON or Markdown.

How it stays fast on a large graph:

- one `paths_from` from the salesperson gives every member's best chain; every
  committee shares it (`committee_of(..., tree=...)`), so no committee searches the
  whole graph again;
- the catalogue, the customers' needs, the key persons of every committee and the
  channel reach towards all of them are read once, up front; the committees then
  read the reach from that batch instead of asking the store each time;
- what remains per committee is bounded by the hop limit (the door-opener searches
  from each reachable member), and the customers are spread over worker
  processes forked from this one (they inherit the store and the search, nothing
  is copied up front); results come back in input order, so a report does not
  depend on the number of workers.

Which needs a committee is about: `need_id` if given, else every recorded need of
the customer that we can meet (P1: needs we cannot meet are listed as unmet,
never as committees). A potential customer that has voiced none of our needs gets
one committee of everyone there who could raise one (as account scoring does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph_mtl.domain.models import Person
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode, check_limits
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services.access import require_salesperson
from graph_mtl.services.report.ahead import Ahead
from graph_mtl.services.report.collector import fewer_collections
from graph_mtl.services.report.model import (
    ANY_NEED,
    CustomerSection,
    GapChannel,
    Introducer,
    KeyPersonChain,
    NeedCommittee,
    Progress,
    Report,
    ReportOptions,
    ReportStatus,
    Totals,
)
from graph_mtl.services.report.parallel import Job, run
from graph_mtl.services.report.plan import Catalogue, Plan, select_accounts
from graph_mtl.services.report.prefetch import Prefetched, Staffed
from graph_mtl.services.report.summary import assemble

__all__ = [
    "ANY_NEED",
    "CustomerSection",
    "GapChannel",
    "Introducer",
    "KeyPersonChain",
    "NeedCommittee",
    "PlannedReport",
    "Progress",
    "Report",
    "ReportOptions",
    "ReportStatus",
    "Totals",
    "build_report",
    "finish_report",
    "plan_report",
]


def build_report(
    store: IntroGraph,
    playbook: Playbook,
    source: str,
    *,
    customers: Sequence[str] | None = None,
    status: ReportStatus = "target",
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    k: int = 1,
    limit: int | None = None,
    top: int = 20,
    workers: int = 1,
    progress: Progress | None = None,
) -> Report:
    """The referral-chain report of salesperson `source` over the accounts of
    `status` (or the `customers` named), highest priority first, at most `limit`.

    Priorities come from `score_accounts` (the playbook's warmth, strongest
    paths within its own hop limit); chains follow `mode` and `max_hops`.
    `progress` hears (customers done, customers in all) as the work advances.

    `workers` > 1 forks that many worker processes, where the platform has fork
    and the calling process runs no other thread (forking one that does is
    unsafe); otherwise the work runs here. Pass it only for a store that
    survives a fork (the embedded one, not a driver's connections).
    """
    _check(max_hops=max_hops, k=k, limit=limit, top=top, workers=workers)
    planned = plan_report(
        store,
        playbook,
        source,
        customers=customers,
        status=status,
        need_id=need_id,
        mode=mode,
        max_hops=max_hops,
        k=k,
        limit=limit,
        top=top,
    )
    return finish_report(store, playbook, planned, workers=workers, progress=progress)


@dataclass(frozen=True, slots=True)
class PlannedReport:
    """A report's accounts and committees, before any chain is looked for."""

    person: Person
    options: ReportOptions
    plans: list[Plan]
    staff: dict[str, list[Person]]


@fewer_collections()  # a report's objects hold few cycles (report/collector.py)
def plan_report(
    store: IntroGraph,
    playbook: Playbook,
    source: str,
    *,
    customers: Sequence[str] | None = None,
    status: ReportStatus = "target",
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    k: int = 1,
    limit: int | None = None,
    top: int = 20,
) -> PlannedReport:
    """The first half of `build_report`: which accounts, in which order, and the
    committees of each (the accounts' priorities need one search)."""
    person = require_salesperson(store, source, field="from")
    catalogue = Catalogue(store, need_id)
    store = Staffed(store)  # the accounts' scores read every account's role holders
    accounts, existing = select_accounts(store, playbook, source, customers, status)
    chosen = (accounts + existing)[:limit] if limit is not None else accounts + existing
    options = ReportOptions(
        source=source,
        customers=list(dict.fromkeys(customers)) if customers is not None else None,
        status=None if customers is not None else status,
        need=need_id,
        mode=mode,
        max_hops=max_hops,
        k=k,
        limit=limit,
        top=top,
    )
    # Only role holders: a committee is made of them, and a seat is held by one.
    staff = store.employees_of([c.customer.id for c in chosen], with_roles=True)
    plans = [catalogue.plan(c, staff[c.customer.id]) for c in chosen]
    return PlannedReport(person, options, plans, staff)


def finish_report(
    store: IntroGraph,
    playbook: Playbook,
    planned: PlannedReport,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> Report:
    """The second half of `build_report`: every committee's chains, then the report."""
    options = planned.options
    source = options.source
    with fewer_collections():
        prefetched = Prefetched(store, planned.plans, planned.staff)
        view = Ahead(prefetched, options, planned.plans, planned.staff)
        prefetched.remember(view.shown)
        channels = {c.id: c for c in prefetched.channels()}
        seats = dict(playbook.committees)
        job = Job(view, source, options, view.tree, planned.plans, seats, channels)
        sections = run(job, workers, progress)
        return assemble(planned.person, options, sections)


def _check(*, max_hops: int, k: int, limit: int | None, top: int, workers: int) -> None:
    check_limits(max_hops=max_hops, k=k)
    for name, value in (("limit", limit), ("top", top), ("workers", workers)):
        if value is not None and value < 1:
            raise InvalidInput(name, _("must be at least 1, got {value}", value=value))
