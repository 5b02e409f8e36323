"""A salesperson's own employers (their LinkedIn Positions.csv), and the people
who worked there with them: former colleagues, offered as *inferred* ties
(graph_mtl/services/tie_rules.py, off unless a search asks for them).

Each position is an employment of the salesperson from their own source
(`LinkedIn (sp-zhang)`), dated by the months Positions.csv gives: `since` its
first day, `until` the last day of the month it ended (None while current).
Several positions at one company make one employment, from the first start to
the last end.

Whether two people overlapped there is checked as far as the store knows. A
contact's employment dates are when imports saw them there: they may have
started earlier, and no source says when. So the one overlap that can be ruled
out is a contact whose employment there ended before the salesperson started;
everyone else who is or was there (by an employment at a company of the same
name, or as a current employee of the customer it matched) counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from graph_mtl.domain.models import Employment
from graph_mtl.domain.names import company_key
from graph_mtl.domain.ports import PeopleReader
from graph_mtl.ingest.linkedin_owner import Position
from graph_mtl.services.access import origin_owner, private_origin

__all__ = ["FormerColleague", "former_colleagues", "own_employments"]


def own_employments(
    store: PeopleReader, salesperson_id: str, positions: Iterable[Position]
) -> dict[tuple[str, str, str], Employment]:
    """The salesperson's employments from their positions, by (person, origin, company)."""
    origin = private_origin(salesperson_id)
    customers = {company_key(c.name): c.id for c in store.customers()}
    found: dict[tuple[str, str, str], Employment] = {}
    by_key: dict[str, tuple[str, str, str]] = {}
    for p in sorted(positions, key=lambda p: (p.started, p.line)):
        key = company_key(p.company) or p.company
        if key in by_key:  # another position at the same company: one employment
            was = found[by_key[key]]
            until = None if was.until is None or p.finished is None else max(was.until, p.finished)
            found[by_key[key]] = was.model_copy(update={"until": until, "title": p.title})
            continue
        by_key[key] = (salesperson_id, origin, p.company)
        found[by_key[key]] = Employment(
            person_id=salesperson_id,
            origin=origin,
            company=p.company,
            customer_id=customers.get(company_key(p.company)),
            title=p.title,
            since=p.started,
            until=p.finished,
        )
    return found


@dataclass(frozen=True, slots=True)
class FormerColleague:
    person_id: str
    company: str
    """As the salesperson's position names it."""


def former_colleagues(
    store: PeopleReader, salesperson_ids: Collection[str]
) -> dict[str, list[FormerColleague]]:
    """By salesperson, the people who work or worked at one of their own employers
    with them (see the module for how overlap is judged), salespeople aside."""
    jobs = [
        e
        for e in store.employments(person_ids=salesperson_ids)
        if origin_owner(e.origin) == e.person_id
    ]
    if not jobs:
        return {}
    keys = {company_key(j.company) for j in jobs}
    others = store.employments(company_keys=keys)
    current = store.employees_of({j.customer_id for j in jobs if j.customer_id})
    people = store.people({e.person_id for e in others})
    found: dict[str, list[FormerColleague]] = {}
    for job in jobs:
        key, seen = company_key(job.company), set()
        there = [
            e for e in others if company_key(e.company) == key and e.person_id != job.person_id
        ]
        for e in there:
            person = people.get(e.person_id)
            if person is None or person.is_salesperson or not _may_overlap(job, e.until):
                continue
            seen.add(e.person_id)
        for person in current.get(job.customer_id or "", []):
            if not person.is_salesperson and person.id != job.person_id:
                seen.add(person.id)
        found.setdefault(job.person_id, []).extend(
            FormerColleague(p, job.company) for p in sorted(seen)
        )
    return found


def _may_overlap(job: Employment, left: date | None) -> bool:
    """Whether someone who left the company on `left` (None: still there) may have
    been there while the salesperson was."""
    return left is None or left >= job.since
