"""Which ties a search may use, when the salesperson asks for more or for fewer than
the recorded ones: `--inferred` adds a tie between every two people who work at
the same customer (weak, the playbook's `[evidence] inferred`, explained as
"inferred: both work at X"), and between a salesperson and the people who work
or worked at one of their own former employers with them (their LinkedIn
positions: "inferred: both worked at X", graph_mtl/services/former_colleagues.py);
`--since` keeps only the recorded ties whose last
contact is that recent, as the reader may know it: a teammate's tie in the team
view has no date its viewer may see (`TeamView.sees_contact_dates`), so it is
never recent. A person who left a customer (a job change) is no longer anyone's
inferred colleague there.

Both are a view of the store (`TieRules`): the searches then run here, with the
rules of graph_mtl/domain/pathfinding.py over this view's neighbours, rather
than in the store's own index, so they are slower than the plain ones.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta

from graph_mtl.domain.models import Tie, TieEvidence
from graph_mtl.domain.pathfinding import (
    Mode,
    PathTree,
    RawPath,
    k_best_paths,
    paths_from,
)
from graph_mtl.domain.ports import Adjacency, GraphStore
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services.former_colleagues import former_colleagues
from graph_mtl.stores.view import StoreView, last_contact_seen

__all__ = ["TieRules", "recent_since", "with_tie_rules"]


def with_tie_rules(
    store: GraphStore, *, inferred: bool, since: date | None, strength: float
) -> GraphStore:
    """`store` as the search options ask for it (itself when they ask for nothing)."""
    if not inferred and since is None:
        return store
    return TieRules(store, inferred=inferred, since=since, strength=strength)


class TieRules(StoreView[GraphStore]):
    def __init__(
        self, store: GraphStore, *, inferred: bool, since: date | None, strength: float
    ) -> None:
        super().__init__(store)
        self.inferred = inferred
        self.since = since
        self.strength = strength

    # -- the social graph, as asked -------------------------------------------
    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        found = {i: list(ties) for i, ties in self.store.adjacency(person_ids).items()}
        if self.since is not None:
            recent = set(self._recent([(i, o) for i, ties in found.items() for o, _ in ties]))
            found = {
                i: [(o, s) for o, s in ties if _pair(i, o) in recent] for i, ties in found.items()
            }
        if self.inferred:
            for person, colleagues in self._colleagues(person_ids).items():
                known = {o for o, _ in found.get(person, [])}
                extra = [(c, self.strength) for c in colleagues if c not in known]
                if extra:
                    found.setdefault(person, []).extend(extra)
        return found

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        recorded = self._recorded(pairs)
        return recorded | self._inferred(pairs, recorded) if self.inferred else recorded

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        """The evidence of the recorded ties shown (an inferred tie has none)."""
        found = self.store.evidence(pairs)
        shown = self._recorded(list(found)) if found else {}
        return {p: e for p, e in found.items() if p in shown}

    def best_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> list[RawPath]:
        return k_best_paths(
            self.adjacency, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
        )

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        return paths_from(self.adjacency, source, max_hops=max_hops, mode=mode, blocked=blocked)

    # -- internals -----------------------------------------------------------
    def _recorded(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        recorded = self.store.ties(pairs)
        if self.since is not None:
            recorded = {p: t for p, t in recorded.items() if self._is_recent(t)}
        return recorded

    def _inferred(
        self, pairs: Collection[tuple[str, str]], recorded: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], Tie]:
        """A weak tie for each pair not recorded whose two people work at one customer,
        or a salesperson and a former colleague; its context says so in the reader's
        words (it is never stored)."""
        missing = {_pair(a, b) for a, b in pairs} - set(recorded)
        people = self.store.people({p for pair in missing for p in pair})
        employers = {p.customer_id for p in people.values() if p.customer_id}
        names = {c.id: c.name for c in self.store.customers(ids=employers)}
        found = {}
        sellers = {i for i, p in people.items() if p.is_salesperson}
        for seller, former in former_colleagues(self.store, sellers).items():
            for colleague in former:
                pair = _pair(seller, colleague.person_id)
                if pair in missing and pair not in found:
                    found[pair] = Tie(
                        source=pair[0],
                        target=pair[1],
                        strength=self.strength,
                        context=_(
                            "inferred: both worked at {employer}", employer=colleague.company
                        ),
                    )
        for a, b in sorted(missing):
            if (a, b) in found:
                continue
            pa, pb = people.get(a), people.get(b)
            if pa and pb and pa.customer_id and pa.customer_id == pb.customer_id:
                employer = names.get(pa.customer_id, pa.customer_id)
                found[(a, b)] = Tie(
                    source=a,
                    target=b,
                    strength=self.strength,
                    context=_("inferred: both work at {employer}", employer=employer),
                )
        return found

    def _is_recent(self, tie: Tie) -> bool:
        """Whether the tie's last contact, on the day the reader may know it, is
        on or after `since`. The store below says which day that is: a tie whose date
        the reader may not see (a teammate's, in the team view) is never recent."""
        if self.since is None:
            return True
        day = last_contact_seen(self.store, tie)
        return day is not None and day >= self.since

    def _recent(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [p for p, t in self.store.ties(pairs).items() if self._is_recent(t)]

    def _colleagues(self, person_ids: Collection[str]) -> dict[str, list[str]]:
        """Each person's colleagues: the other people at their customer (not salespeople)."""
        people = self.store.people(person_ids)
        employers = {p.customer_id for p in people.values() if p.customer_id}
        staff = self.store.employees_of(employers)
        found = {
            p.id: [c.id for c in staff[p.customer_id] if c.id != p.id and not c.is_salesperson]
            for p in people.values()
            if p.customer_id and not p.is_salesperson
        }
        sellers = {i for i, p in people.items() if p.is_salesperson}
        for seller, former in former_colleagues(self.store, sellers).items():
            found[seller] = list(dict.fromkeys(c.person_id for c in former))
        return found


def recent_since(*, since: date | None, recent: str | None, today: date) -> date | None:
    """The first day a tie's last contact may be on, from `since` (a date) or `recent`
    ("6m", "2w", "30d", "1y": that long before `today`); None when neither is given."""
    if recent is None:
        return since
    if since is not None:
        raise InvalidInput("recent", _("give --since or --recent, not both"))
    match = re.fullmatch(r"\s*(\d{1,4})\s*([dwmy])\s*", recent.lower())
    if match is None:
        raise InvalidInput(
            "recent", _("{recent!r} is not a span such as 30d, 2w, 6m or 1y", recent=recent)
        )
    n, unit = int(match[1]), match[2]
    days = n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
    return today - timedelta(days=days)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
