"""Which customers a report covers and the committees of each, read once up front."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph_mtl.domain.models import (
    Customer,
    CustomerStatus,
    Need,
    Person,
    Role,
)
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphReader, MarketReader
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import _, gettext
from graph_mtl.services.accounts import (
    AccountScore,
    UnmetNeed,
    score_accounts,
    unmet_need,
)
from graph_mtl.services.key_persons import KeyPerson, key_persons_among
from graph_mtl.services.report.model import ANY_NEED, ReportStatus

__all__ = ["Account", "Catalogue", "Plan", "PlannedCommittee", "select_accounts"]

# -- which customers, which committees ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Account:
    customer: Customer
    score: AccountScore | None


def select_accounts(
    store: GraphReader,
    playbook: Playbook,
    source: str,
    customers: Sequence[str] | None,
    status: ReportStatus,
) -> tuple[list[Account], list[Account]]:
    """The accounts in priority order, and the existing customers named (by id)."""
    if customers is None:
        if status not in ("target", "potential", "all"):
            raise InvalidInput(
                "status", _("must be target, potential or all, got {status!r}", status=status)
            )
        wanted = None if status == "all" else CustomerStatus(status)
        scored = score_accounts(store, playbook, source, status=wanted)
        found = {c.id: c for c in store.customers(ids=[a.customer_id for a in scored])}
        return [Account(found[a.customer_id], a) for a in scored], []
    ids = list(dict.fromkeys(customers))
    found = {c.id: c for c in store.customers(ids=ids)}
    for ident in ids:
        if ident not in found:
            raise NotFound("customer", ident)
    statuses = {c.status for c in found.values()} - {CustomerStatus.EXISTING}
    scored = (
        score_accounts(
            store, playbook, source, status=next(iter(statuses)) if len(statuses) == 1 else None
        )
        if statuses
        else []
    )
    accounts = [Account(found[a.customer_id], a) for a in scored if a.customer_id in found]
    existing = [
        Account(found[i], None) for i in sorted(found) if found[i].status is CustomerStatus.EXISTING
    ]
    return accounts, existing


@dataclass(frozen=True, slots=True)
class PlannedCommittee:
    need_id: str | None
    need_name: str
    needs: tuple[str, ...]
    members: tuple[KeyPerson, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    account: Account
    committees: tuple[PlannedCommittee, ...]
    unmet: tuple[UnmetNeed, ...]
    notes: tuple[str, ...]


class Catalogue:
    """Needs, roles and every customer's needs, read once for the whole report."""

    def __init__(self, store: MarketReader, need_id: str | None) -> None:
        self.needs: dict[str, Need] = {n.id: n for n in store.needs()}
        self.roles: dict[str, Role] = {r.id: r for r in store.roles()}
        self.meetable = tuple(sorted(i for i, n in self.needs.items() if n.can_meet))
        self.need_id = need_id
        if need_id is not None:
            need = self.needs.get(need_id)
            if need is None:
                raise NotFound("need", need_id)
            if not need.can_meet:
                raise InvalidInput(
                    "need",
                    _(
                        "{need!r} is outside our capability boundary (P1): never an opportunity",
                        need=need_id,
                    ),
                )
        self.recorded: dict[str, list[str]] = {}
        if need_id is None:
            for cn in store.customer_needs():
                self.recorded.setdefault(cn.customer_id, []).append(cn.need_id)

    def plan(self, account: Account, employees: Sequence[Person]) -> Plan:
        customer = account.customer
        notes: list[str] = []
        if self.need_id is not None:
            about: list[tuple[str | None, tuple[str, ...]]] = [(self.need_id, (self.need_id,))]
            unmet: list[UnmetNeed] = []
        else:
            recorded = sorted(set(self.recorded.get(customer.id, ())))
            met = [n for n in recorded if n in self.meetable]
            unmet = [self._unmet(n) for n in recorded if n not in self.meetable]
            about = [(n, (n,)) for n in met]
            if not met and customer.status is CustomerStatus.POTENTIAL and self.meetable:
                about = [(None, self.meetable)]
                notes.append(
                    _("no need of ours recorded: the committee is everyone who could raise one")
                )
            elif not met:
                notes.append(
                    _("every recorded need is outside our capability boundary (P1)")
                    if unmet
                    else _("no need recorded: no committee")
                )
        committees = tuple(
            PlannedCommittee(
                need_id=n,
                need_name=self.needs[n].name if n is not None else gettext(ANY_NEED),
                needs=needs,
                members=tuple(key_persons_among(employees, self.roles, needs)),
            )
            for n, needs in about
        )
        return Plan(account, committees, tuple(unmet), tuple(notes))

    def _unmet(self, need_id: str) -> UnmetNeed:
        return unmet_need(need_id, self.needs.get(need_id))
