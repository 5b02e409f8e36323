"""Account scoring (P2): which target and potential customers to work first, and why.

Only target and potential customers are accounts. Existing (old) customers have
already bought: their people are channels into their circles (`channels.py`),
not accounts to prospect, so they are never scored here.

For each account:

- its score: a target customer's *validity* (the best `validity_score` over the
  needs of theirs we can meet), a potential customer's *fit* (`fit_score`);
- its needs split by P1: those we can meet, and those we cannot, which are
  listed as unmet and never scored as opportunities; a target with no need we
  can meet has validity 0, with a criterion saying why;
- its committee: its key persons, people there holding a role that cares about
  one of its needs we can meet. A potential customer has often voiced no need yet;
  when it has no recorded need we can meet, its committee is everyone there holding
  a role that cares about *some* need we can meet (whoever could raise one of
  ours), never a role that only cares about needs we cannot meet;
- its warmth: the strength of its best way in, the salesperson's own tie to one of
  its key persons or the strongest warm path (product of tie strengths), within the
  playbook's `priority.max_hops`, to any of them, whichever is stronger; 0 when none
  is reachable. So one more way in, a weak new tie to someone a strong chain already
  reaches, never makes an account colder. The way shown is still the salesperson's
  strongest direct tie when they know a key person (reach out directly: the
  article's P3 → LTC), with the warmer chain named beside it. One bounded search
  from the salesperson serves every account;
- its priority: (score_w * score + warmth_w * warmth) / (score_w + warmth_w),
  both parts shown as criteria. Ranked without a salesperson (what `channels`
  does without --from), the priority is the score alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from graph_mtl.domain.models import (
    Capability,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Role,
)
from graph_mtl.domain.pathfinding import Mode, PathTree, RawPath
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphReader, MarketReader
from graph_mtl.domain.scoring import (
    Criterion,
    Score,
    fit_score,
    meetable,
    validity_score,
    weighted,
)
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services.access import require_salesperson
from graph_mtl.services.answer import Answer
from graph_mtl.services.key_persons import POWER_ORDER, KeyPerson, key_persons_among
from graph_mtl.services.paths import WarmPath, explain, knows_them
from graph_mtl.services.phrases import hops, key_persons, shown

__all__ = [
    "ACCOUNT_STATUSES",
    "AccountNeed",
    "AccountScore",
    "ScoreKind",
    "UnmetNeed",
    "score_accounts",
    "unmet_need",
]

ACCOUNT_STATUSES = (CustomerStatus.TARGET, CustomerStatus.POTENTIAL)
"""The customers that are accounts; existing ones are channels."""

ScoreKind = Literal["validity", "fit"]


class AccountNeed(Answer):
    """A need of the account's that we can meet (P1), with its validity for a target."""

    need_id: str
    name: str
    validity: Score | None
    """How valid the opportunity is (targets only; a potential customer is scored by fit)."""


class UnmetNeed(Answer):
    """A need of the account's outside our capability boundary: never an opportunity."""

    need_id: str
    name: str
    reason: str


class AccountScore(Answer):
    customer_id: str
    name: str
    status: CustomerStatus
    industry: str
    score_kind: ScoreKind
    score: Score
    """Validity for a target (its best need's criteria), fit for a potential customer."""
    best_need: str | None
    """The need whose validity is a target's score; None for potential customers."""
    needs: list[AccountNeed]
    unmet_needs: list[UnmetNeed]
    committee: list[KeyPerson]
    """Its key persons for the needs it is scored on (any need we can meet for a
    potential customer that has voiced none)."""
    warmth: Score | None
    """The strongest warm path's strength; None when ranked without a salesperson."""
    key_person: KeyPerson | None
    """The key person that path reaches."""
    path: WarmPath | None
    priority: Score


def score_accounts(
    store: GraphReader,
    playbook: Playbook,
    source: str | None,
    *,
    status: CustomerStatus | None = None,
    top: int | None = None,
) -> list[AccountScore]:
    """Target and potential customers (or those of one `status`), highest priority
    first, then by id; at most `top` of them.

    `source` is the salesperson whose warm paths give the warmth; None ranks by
    the score alone (warmth, key person and path are then None).
    """
    statuses = _statuses(status)
    if top is not None and top < 1:
        raise InvalidInput("top", _("must be at least 1, got {top}", top=top))
    if source is not None:
        require_salesperson(store, source, field="from")
    customers = [c for s in statuses for c in store.customers(status=s)]
    catalogue = _Catalogue(store)
    by_customer: dict[str, list[CustomerNeed]] = defaultdict(list)
    for cn in store.customer_needs():
        by_customer[cn.customer_id].append(cn)
    staff = store.employees_of([c.id for c in customers], with_roles=True)
    drafts = [_Draft(c, by_customer[c.id], catalogue, staff[c.id], playbook) for c in customers]
    if source is not None:
        _warm_up(store, playbook, source, drafts)
    ranked = sorted(
        (d.result(playbook, with_warmth=source is not None) for d in drafts),
        key=lambda a: (-a.priority.value, a.customer_id),
    )
    return ranked if top is None else ranked[:top]


def _statuses(status: CustomerStatus | None) -> tuple[CustomerStatus, ...]:
    if status is None:
        return ACCOUNT_STATUSES
    if status not in ACCOUNT_STATUSES:
        raise InvalidInput(
            "status",
            _(
                "{status} customers are channels, not accounts (see `graph-mtl channels`)",
                status=shown(status),
            ),
        )
    return (status,)


class _Catalogue:
    """What every account is judged against, read once: needs, roles, capabilities."""

    def __init__(self, store: MarketReader) -> None:
        self.needs: dict[str, Need] = {n.id: n for n in store.needs()}
        self.roles: dict[str, Role] = {r.id: r for r in store.roles()}
        self.capabilities: list[Capability] = store.capabilities()
        self.meetable: frozenset[str] = frozenset(i for i, n in self.needs.items() if n.can_meet)


class _Draft:
    """One account while it is being scored: everything but the warmth is known."""

    def __init__(
        self,
        customer: Customer,
        customer_needs: Sequence[CustomerNeed],
        catalogue: _Catalogue,
        employees: Sequence[Person],
        playbook: Playbook,
    ) -> None:
        self.customer = customer
        self.is_target = customer.status is CustomerStatus.TARGET
        ordered = sorted(customer_needs, key=lambda cn: cn.need_id)
        met = [cn for cn in ordered if meetable(catalogue.needs.get(cn.need_id))]
        self.unmet = [
            unmet_need(cn.need_id, catalogue.needs.get(cn.need_id))
            for cn in ordered
            if not meetable(catalogue.needs.get(cn.need_id))
        ]
        self.needs = [
            AccountNeed(
                need_id=cn.need_id,
                name=catalogue.needs[cn.need_id].name,
                validity=(
                    validity_score(cn, catalogue.capabilities, playbook.validity)
                    if self.is_target
                    else None
                ),
            )
            for cn in met
        ]
        self.kind, self.score, self.best_need = self._score(playbook)
        # A potential customer that has voiced none of our needs: anyone who could.
        about = {cn.need_id for cn in met}
        if not about and not self.is_target:
            about = set(catalogue.meetable)
        self.committee = key_persons_among(employees, catalogue.roles, about)
        self.warmth = 0.0
        self.key_person: KeyPerson | None = None
        self.raw: RawPath | None = None
        self.path: WarmPath | None = None
        self.warmer: RawPath | None = None
        """A chain stronger than the direct tie shown, which then gives the warmth."""
        self.warmer_path: WarmPath | None = None

    def _score(self, playbook: Playbook) -> tuple[ScoreKind, Score, str | None]:
        if not self.is_target:
            return "fit", fit_score(self.customer, playbook.fit), None
        scored = [(n.need_id, n.validity) for n in self.needs if n.validity is not None]
        if not scored:
            why = (
                _("every need recorded is one we cannot meet (P1): no opportunity")
                if self.unmet
                else _("no need recorded: no opportunity yet")
            )
            nothing = Criterion(name="no_opportunity", weight=1.0, score=0.0, reason=why)
            return "validity", weighted([nothing]), None
        need_id, best = min(scored, key=lambda pair: (-pair[1].value, pair[0]))
        return "validity", best, need_id

    def choose(
        self, paths: Mapping[str, RawPath], source: str, first_hops: Mapping[str, float]
    ) -> None:
        """The way in shown: the key person the salesperson knows directly with the
        strongest tie, else the one with the strongest path (then fewer hops, more
        power, id). The warmth: the strongest of every way in, direct or not."""
        direct = [
            (RawPath((source, kp.id), (first_hops[kp.id],)), kp)
            for kp in self.committee
            if kp.id in first_hops
        ]
        reached = [(raw, kp) for kp in self.committee if (raw := paths.get(kp.id)) is not None]
        if not direct and not reached:
            return
        self.raw, self.key_person = _best(direct or reached)
        strongest, _kp = _best(direct + reached)
        self.warmth = max(self.raw.strength, strongest.strength)
        if strongest.strength > self.raw.strength:
            self.warmer = strongest

    def warmth_score(self, max_hops: int) -> Score:
        if self.key_person is not None and self.path is not None and self.path.hops == 1:
            who = _("{name} ({role})", name=self.key_person.name, role=self.key_person.role_name)
            reason = _(
                "{knows_them}, a direct tie of strength {strength:.3f}",
                knows_them=knows_them(self.path, who),
                strength=self.path.strength,
            )
            if self.warmer_path is not None:
                reason += _(
                    "; a warmer way in: {chain}, strength {strength:.3f} over {hops}",
                    chain=" > ".join(self.warmer_path.names),
                    strength=self.warmth,
                    hops=hops(self.warmer_path.hops),
                )
        elif self.key_person is not None and self.path is not None:
            who = _("{name} ({role})", name=self.key_person.name, role=self.key_person.role_name)
            reason = _(
                "strongest warm path to {who}: {chain}, strength {strength:.3f} over {hops}",
                who=who,
                chain=" > ".join(self.path.names),
                strength=self.warmth,
                hops=hops(self.path.hops),
            )
        elif not self.committee:
            reason = _("no key person recorded for a need we can meet")
        else:
            reason = _(
                "no warm path to any of its {key_persons} within {hops}",
                key_persons=key_persons(len(self.committee)),
                hops=hops(max_hops),
            )
        return weighted([Criterion(name="warm_path", weight=1.0, score=self.warmth, reason=reason)])

    def result(self, playbook: Playbook, *, with_warmth: bool) -> AccountScore:
        about = (
            _(
                "{kind} {score:.2f} (best need {need})",
                kind=shown(self.kind),
                score=self.score.value,
                need=self.best_need,
            )
            if self.best_need
            else _("{kind} {score:.2f}", kind=shown(self.kind), score=self.score.value)
        )
        warmth = self.warmth_score(playbook.priority.max_hops) if with_warmth else None
        if warmth is None:
            parts = [
                Criterion(
                    name=self.kind,
                    weight=1.0,
                    score=self.score.value,
                    reason=_("{about}; no salesperson given, so no warmth", about=about),
                )
            ]
        else:
            parts = [
                Criterion(
                    name=self.kind,
                    weight=playbook.priority.score,
                    score=self.score.value,
                    reason=about,
                ),
                Criterion(
                    name="warmth",
                    weight=playbook.priority.warmth,
                    score=warmth.value,
                    reason=warmth.criteria[0].reason,
                ),
            ]
        c = self.customer
        return AccountScore(
            customer_id=c.id,
            name=c.name,
            status=c.status,
            industry=c.industry,
            score_kind=self.kind,
            score=self.score,
            best_need=self.best_need,
            needs=self.needs,
            unmet_needs=self.unmet,
            committee=self.committee,
            warmth=warmth,
            key_person=self.key_person,
            path=self.path,
            priority=weighted(parts),
        )


def unmet_need(need_id: str, need: Need | None) -> UnmetNeed:
    """A recorded need that is never an opportunity: unknown, or one we cannot meet (P1)."""
    if need is None:
        return UnmetNeed(need_id=need_id, name=need_id, reason=_("not a need we know of"))
    return UnmetNeed(
        need_id=need_id,
        name=need.name,
        reason=_("outside our capability boundary (P1): never an opportunity"),
    )


def _warm_up(store: GraphReader, playbook: Playbook, source: str, drafts: list[_Draft]) -> None:
    """One bounded search from the salesperson, then the best key person of each
    account, and one `explain` for all the chosen paths."""
    tree = store.paths_from(source, max_hops=playbook.priority.max_hops, mode=Mode.STRONGEST)
    first_hops = dict(store.adjacency([source]).get(source, ()))
    reached = _paths_to(tree, {kp.id for d in drafts for kp in d.committee})
    for draft in drafts:
        draft.choose(reached, source, first_hops)
    raw = [r for d in drafts for r in (d.raw, d.warmer) if r is not None]
    explained = {tuple(p.nodes): p for p in explain(store, raw)}
    for draft in drafts:
        if draft.raw is not None:
            draft.path = explained.get(tuple(draft.raw.nodes))
        if draft.warmer is not None:
            draft.warmer_path = explained.get(tuple(draft.warmer.nodes))


def _paths_to(tree: PathTree, targets: Collection[str]) -> dict[str, RawPath]:
    """The paths of `tree` to those of `targets` it reaches: in one batch where the
    tree reads them so (the embedded store's), else one by one."""
    batch = getattr(tree, "paths_to", None)
    if batch is not None:
        found: dict[str, RawPath] = batch(targets)
        return found
    return {t: p for t in sorted(targets) if (p := tree.path_to(t)) is not None}


def _best(found: Sequence[tuple[RawPath, KeyPerson]]) -> tuple[RawPath, KeyPerson]:
    """The strongest path, then fewer hops, more power, id."""
    return min(
        found,
        key=lambda pair: (
            -pair[0].strength,
            pair[0].hops,
            POWER_ORDER.index(pair[1].power),
            pair[1].id,
        ),
    )
