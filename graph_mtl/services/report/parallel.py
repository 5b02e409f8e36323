"""The work per customer, in this process or spread over worker processes forked from it."""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from graph_mtl.domain.models import Channel
from graph_mtl.domain.pathfinding import PathTree
from graph_mtl.domain.playbook import CommitteeSeats
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.i18n import _, current, gettext, use
from graph_mtl.services.committee import (
    GREEDY_NOTE,
    Committee,
    committee_of,
)
from graph_mtl.services.paths import WarmPath, explain
from graph_mtl.services.report.model import (
    CustomerSection,
    KeyPersonChain,
    NeedCommittee,
    Progress,
    ReportOptions,
)
from graph_mtl.services.report.plan import Plan, PlannedCommittee

__all__ = ["Job", "run"]

_PARALLEL_FROM = 32
"""Fewer customers than this are not worth forking workers for."""


# -- the work per customer, over worker processes ---------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    store: IntroGraph
    source: str
    options: ReportOptions
    tree: PathTree
    plans: Sequence[Plan]
    seats: Mapping[str, CommitteeSeats]
    """The playbook's committee seats per need (plain data: a worker may pickle it)."""
    channels: Mapping[str, Channel]
    """Every channel by id, built once for all the committees."""

    def section(self, index: int) -> CustomerSection:
        plan = self.plans[index]
        account = plan.account
        committees = [self._committee(account.customer.id, c) for c in plan.committees]
        members = sum(len(c.members) for c in committees)
        reached = sum(c.reached for c in committees)
        score = account.score
        notes = list(plan.notes)
        if score is None:
            notes.insert(0, _("an existing customer: its people are channels, it is not scored"))
        return CustomerSection(
            customer_id=account.customer.id,
            name=account.customer.name,
            status=account.customer.status,
            industry=account.customer.industry,
            priority=score.priority if score else None,
            score_kind=score.score_kind if score else None,
            score=score.score if score else None,
            unmet_needs=list(plan.unmet),
            committees=committees,
            key_persons=members,
            reached=reached,
            coverage=reached / members if members else 0.0,
            notes=notes,
        )

    def _committee(self, customer_id: str, planned: PlannedCommittee) -> NeedCommittee:
        o = self.options
        found = committee_of(
            self.store,
            customer_id,
            self.source,
            planned.members,
            needs=planned.needs,
            need_id=planned.need_id,
            mode=o.mode,
            max_hops=o.max_hops,
            tree=self.tree,
            # Seats are declared per need: a committee of any need has none (as
            # `committee` of a customer without a recorded need has none).
            seats=self.seats if planned.need_id is not None else None,
            channels_by_id=self.channels,
        )
        more = self._more_chains(found) if o.k > 1 else {}
        return _need_committee(planned, found, more)

    def _more_chains(self, found: Committee) -> dict[str, list[WarmPath]]:
        """The k - 1 next best chains to each reached member (one bounded search each)."""
        o = self.options
        raw = {
            m.id: [
                p
                for p in self.store.best_paths(
                    self.source, m.id, k=o.k, max_hops=o.max_hops, mode=o.mode
                )
                if p.nodes != tuple(m.path.nodes)
            ][: o.k - 1]
            for m in found.members
            if m.path is not None and m.path.hops > 0
        }
        flat = [p for paths in raw.values() for p in paths]
        explained = iter(explain(self.store, flat))
        return {member: [next(explained) for _ in paths] for member, paths in raw.items()}


def _need_committee(
    planned: PlannedCommittee, found: Committee, more: dict[str, list[WarmPath]]
) -> NeedCommittee:
    opener_of = {m: d.id for d in found.door_openers for m in d.covers}
    channels = {g.id: g.channels for g in found.gaps}
    return NeedCommittee(
        need_id=planned.need_id,
        need_name=planned.need_name,
        members=[
            KeyPersonChain(
                **m.key_person_fields(),
                chain=m.path,
                known=m.known,
                more_chains=more.get(m.id, []),
                door_opener=opener_of.get(m.id),
                channels=channels.get(m.id, []),
            )
            for m in found.members
        ],
        reached=found.reached,
        coverage=found.coverage,
        door_openers=found.door_openers,
        vacant_seats=found.vacant_seats,
        seat_coverage=found.seat_coverage,
        required_seats=found.required_seats,
        required_seats_covered=found.required_seats_covered,
        company_channels=found.company_channels,
        # Said once for the whole report instead.
        notes=[n for n in found.notes if n != gettext(GREEDY_NOTE)],
    )


_SHARED: Job | None = None
"""The job a forked worker inherits (set only while the workers run)."""


def _work(indices: list[int], language: str) -> list[tuple[int, CustomerSection]]:
    """Sections built in the caller's language, whatever the worker's context holds."""
    assert _SHARED is not None, "a report worker runs only in a process forked by run"
    with use(language):
        return [(i, _SHARED.section(i)) for i in indices]


def run(job: Job, workers: int, progress: Progress | None) -> list[CustomerSection]:
    total = len(job.plans)
    report = progress or (lambda done, total: None)
    report(0, total)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers == 1 or total < _PARALLEL_FROM or not forkable:
        sections = []
        for i in range(total):
            sections.append(job.section(i))
            report(i + 1, total)
        return sections
    global _SHARED
    _SHARED = job
    found: list[CustomerSection | None] = [None] * total
    done = 0
    # Frozen objects are left alone by the workers' garbage collector, which would
    # otherwise write to (and so copy) every page of the store they inherit.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            language = current()
            futures = [pool.submit(_work, chunk, language) for chunk in _chunks(job, workers)]
            for future in as_completed(futures):
                for i, section in future.result():
                    found[i] = section
                    done += 1
                report(done, total)
    finally:
        gc.unfreeze()
        _SHARED = None
    return [s for s in found if s is not None]


def _chunks(job: Job, workers: int) -> list[list[int]]:
    """The customers in chunks, costliest first, so that no worker is left with a
    heavy account at the end. The cost is one door-opener search per member the
    salesperson reaches, and they gather in the accounts of highest priority (the
    warm ones), so chunks in report order would put all of them at the start.
    Where each section goes is kept, so the report is the same in any order."""
    cost = [
        1 + sum(m.id in job.tree for c in plan.committees for m in c.members) for plan in job.plans
    ]
    budget = max(1, sum(cost) // (workers * 32))
    chunks: list[list[int]] = []
    spent = budget
    for i in sorted(range(len(cost)), key=lambda i: (-cost[i], i)):
        if spent + cost[i] > budget:
            chunks.append([])
            spent = 0
        chunks[-1].append(i)
        spent += cost[i]
    return chunks
