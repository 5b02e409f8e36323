"""One person from many sources: the records of an import matched to the people
the store already holds, merged, with each source's employment kept.

A record (a LinkedIn connection, a CRM contact) is the person already known
under, in this order: the same source key (profile URL, CRM record) or id; the
same e-mail address; the same name (case and spacing aside) at the same employer
(the customer the company matched, else the company's name as `company_key`
reads it). A Chinese name is the same name however its parts are ordered and
spaced (林志远, 志远 林, 林 志远), in traditional or simplified characters, and,
when no written form matches, in pinyin ("Lin Zhiyuan", "Zhiyuan Lin"). A rule
that finds two people decides nothing, and a record nobody matches is a new
person. A re-import writes a name that an earlier version stored given name
first ("志远 林") as its script writes it (林志远).

Each source keeps its own employments (`Employment`: which import, which
company, since when): that is the person's provenance. When a source shows a
person at a new company, their employment there ends today and a new one
starts: a job change, and the person's customer follows (they leave the old
account's committees). When two sources disagree on where a person works
now, both employments stay, the person's customer is left as it was, and the
disagreement is reported: never silently overwritten. Merging fills only what
the person lacked (title, e-mail, customer, roles: given roles win).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from graph_mtl.domain.models import MAX_IDENT, Customer, CustomerStatus, Employment, Person
from graph_mtl.domain.names import company_key, email_key, is_cjk, pinyin_forms, written_forms
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphReader, PeopleReader
from graph_mtl.services.answer import Answer

__all__ = ["Companies", "Conflict", "JobChange", "Merged", "Record", "merge_records"]

_K = TypeVar("_K")


@dataclass(frozen=True, slots=True)
class Record:
    """One person as one source shows them."""

    id: str
    """The id they get when nobody matches."""
    name: str
    email: str = ""
    company: str = ""
    title: str = ""
    ref: str = ""
    """Their key at the source ("" when it has none)."""


class Conflict(Answer):
    """Two sources that disagree on where a person works now: both are kept."""

    person_id: str
    name: str
    company: str
    origin: str
    other_company: str
    other_origin: str


class JobChange(Answer):
    """A source that showed a person at a new company: the old employment ended."""

    person_id: str
    name: str
    left: str
    joined: str


class Companies:
    """The customers an import's companies match: by `company_key` of the name, or
    by the domain of a contact's e-mail address. With `create`, a company that
    matches none becomes a new customer of that status."""

    def __init__(
        self, customers: Iterable[Customer], *, prefix: str, create: CustomerStatus | None
    ) -> None:
        self._prefix = prefix
        self._create = create
        self._by_key: dict[str, str] = {}
        self._by_domain: dict[str, str] = {}
        for c in customers:
            self._by_key.setdefault(company_key(c.name), c.id)
            if c.domain:
                self._by_domain.setdefault(c.domain.strip().lower(), c.id)
        self.created: dict[str, Customer] = {}
        self.unmatched: Counter[str] = Counter()
        self.matched = 0

    def match(
        self, company: str, email: str = "", *, status: CustomerStatus | None = None
    ) -> str | None:
        """The customer of a record's company (counted as matched, created, or unmatched)."""
        key = company_key(company)
        domain = email.rpartition("@")[2].strip().lower() if "@" in email else ""
        found = self._by_key.get(key) if key else None
        found = found or self._by_domain.get(domain)
        if found is None and key in self.created:
            found = self.created[key].id
        if found is None and key and self._create is not None:
            self.created[key] = Customer(
                id=f"{self._prefix}-co-{key}"[:MAX_IDENT],
                name=company,
                status=status or self._create,
            )
            found = self.created[key].id
        if found is not None:
            self.matched += 1
        elif company:
            self.unmatched[company] += 1
        return found


@dataclass(slots=True)
class Merged:
    """What merging an import's records gave: people and employments to write, and the
    person each record became (in the records' order)."""

    ids: list[str] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    employments: dict[tuple[str, str, str], Employment] = field(default_factory=dict)
    new: set[str] = field(default_factory=set)
    merged: int = 0
    """Records matched to a person of another id (another source's, by key, e-mail or name)."""
    conflicts: list[Conflict] = field(default_factory=list)
    job_changes: list[JobChange] = field(default_factory=list)


def merge_records(
    store: GraphReader,
    records: Sequence[Record],
    *,
    origin: str,
    companies: Companies,
    playbook: Playbook,
    today: date,
    statuses: Sequence[CustomerStatus | None] = (),
) -> Merged:
    """Match `records` (from the import `origin`) to the store's people and merge them
    (see the module docstring). `statuses`, by record, is the status a customer
    created for the record's company gets."""
    customers = [
        companies.match(r.company, r.email, status=statuses[i] if statuses else None)
        for i, r in enumerate(records)
    ]
    found = _matches(store, records, customers)
    known = store.people({i for i in found if i is not None})
    history: dict[str, list[Employment]] = {}
    for e in store.employments(person_ids=list(known)):
        history.setdefault(e.person_id, []).append(e)
    role_ids = {r.id for r in store.roles()}
    result = Merged()
    named = {c for c in customers if c} | {p.customer_id for p in known.values() if p.customer_id}
    names = {c.id: c.name for c in store.customers(ids=named)}
    names |= {c.id: c.name for c in companies.created.values()}
    for record, customer, match in zip(records, customers, found, strict=True):
        ident = match or record.id
        result.ids.append(ident)
        titled = tuple(r for r in playbook.roles_for_title(record.title) if r in role_ids)
        incoming = Person(
            id=ident,
            name=record.name,
            customer_id=customer,
            title=record.title,
            email=record.email,
            roles=titled,
        )
        old = result.people.get(ident) or known.get(ident)
        if old is None:
            result.new.add(ident)
        elif ident != record.id:
            result.merged += 1
        person = _filled(old, incoming)
        if record.company:
            jobs = {_key(e): e for e in history.get(ident, [])}
            person, written = _employed(
                person, old, record, customer, list(jobs.values()), origin, today, names, result
            )
            for job in written:
                jobs[_key(job)] = result.employments[_key(job)] = job
            history[ident] = list(jobs.values())
        result.people[ident] = person
    return result


def _matches(
    store: PeopleReader, records: Sequence[Record], customers: Sequence[str | None]
) -> list[str | None]:
    """The person each record is, by the module's rules, or None."""
    by_id = set(store.people({r.id for r in records}))
    by_ref = _unique(
        (e.ref, e.person_id) for e in store.employments(refs={r.ref for r in records if r.ref})
    )
    by_email = {
        email: ids[0]
        for email, ids in store.people_by_email({r.email for r in records if r.email}).items()
        if len(ids) == 1
    }
    by_name = _Names()
    for employer, ps in store.employees_of({c for c in customers if c}).items():
        for p in ps:
            by_name.add(p.name, employer, p.id)
    keys = {company_key(r.company) for r, c in zip(records, customers, strict=True) if r.company}
    jobs = store.employments(company_keys=keys) if keys else []
    holders = store.people({e.person_id for e in jobs})
    for e in jobs:
        if e.person_id in holders:
            by_name.add(holders[e.person_id].name, company_key(e.company), e.person_id)
    found: list[str | None] = []
    for record, customer in zip(records, customers, strict=True):
        candidates = [
            record.ref and by_ref.get(record.ref),
            record.id if record.id in by_id else None,
            record.email and by_email.get(email_key(record.email)),
            customer and by_name.find(record.name, customer),
            record.company and by_name.find(record.name, company_key(record.company)),
        ]
        found.append(next((c for c in candidates if c), None))
    return found


class _Names:
    """People by their names at an employer (a customer id or a `company_key`): by
    each written form (`written_forms`: 林志远, 志远 林 and 林 志远 alike) and, apart,
    by pinyin (`pinyin_forms`) for a Chinese name and by its own letters for a
    Latin one, so that "Lin Zhiyuan" meets 林志远 and two Chinese names that only
    sound alike do not meet."""

    def __init__(self) -> None:
        self._written: dict[tuple[str, str], set[str]] = {}
        self._spoken: dict[tuple[bool, str, str], set[str]] = {}

    def add(self, name: str, employer: str, ident: str) -> None:
        for form in written_forms(name):
            self._written.setdefault((form, employer), set()).add(ident)
        chinese = is_cjk(name)
        for form in pinyin_forms(name):
            self._spoken.setdefault((chinese, form, employer), set()).add(ident)

    def find(self, name: str, employer: str) -> str | None:
        """The one person of that name there: by a written form, else by pinyin
        across scripts; None for nobody or several (an ambiguous name decides nothing)."""
        found: set[str] = set()
        for form in written_forms(name):
            found |= self._written.get((form, employer), set())
        if not found:
            other = not is_cjk(name)
            for form in pinyin_forms(name):
                found |= self._spoken.get((other, form, employer), set())
        return next(iter(found)) if len(found) == 1 else None


def _rewritten(old: str, new: str) -> bool:
    """Whether `new` is `old` as its script writes it: a CJK name an earlier version
    stored in two parts, given name first ("志远 林"), now written whole (林志远)."""
    return (
        old != new
        and " " in old.strip()
        and " " not in new
        and is_cjk(new)
        and bool(written_forms(old) & written_forms(new))
    )


def _unique(pairs: Iterable[tuple[_K, str]]) -> dict[_K, str]:
    """Keys that name exactly one person."""
    seen: dict[_K, set[str]] = {}
    for key, ident in pairs:
        seen.setdefault(key, set()).add(ident)
    return {key: next(iter(ids)) for key, ids in seen.items() if len(ids) == 1}


def _filled(old: Person | None, new: Person) -> Person:
    """The person as imported; one already known keeps what it has (its roles, given
    on purpose, above all) and gains only what it lacked, and a name an earlier
    version wrote the wrong way round is written as its script writes it."""
    if old is None:
        return new
    return old.model_copy(
        update={
            "name": new.name if _rewritten(old.name, new.name) else old.name,
            "title": old.title or new.title,
            "email": old.email or new.email,
            "customer_id": old.customer_id or new.customer_id,
            "roles": old.roles or new.roles,
        }
    )


def _employed(
    person: Person,
    old: Person | None,
    record: Record,
    customer: str | None,
    jobs: list[Employment],
    origin: str,
    today: date,
    names: dict[str, str],
    result: Merged,
) -> tuple[Person, list[Employment]]:
    """This source's employment of `person` at the record's company (the same one
    again, a job change, or a new source), with the employments it ends; reports
    where another source, or the graph itself, says otherwise."""
    key = company_key(record.company)
    own = [e for e in jobs if e.until is None and e.origin == origin]
    same = next((e for e in own if company_key(e.company) == key), None)
    job = Employment(
        person_id=person.id,
        origin=origin,
        company=record.company,
        customer_id=customer,
        title=record.title,
        ref=record.ref or (same.ref if same else ""),
        since=same.since if same else today,
    )
    written = [job]
    if same is None and own:  # this source saw them elsewhere before: they moved
        written += [left.model_copy(update={"until": today}) for left in own]
        result.job_changes.append(
            JobChange(
                person_id=person.id,
                name=person.name,
                left=", ".join(sorted(e.company for e in own)),
                joined=record.company,
            )
        )
        if old is None or old.customer_id in {None, *(e.customer_id for e in own)}:
            person = person.model_copy(update={"customer_id": customer, "title": record.title})
    others = [
        (e.company, e.origin)
        for e in jobs
        if e.until is None and e.origin != origin and company_key(e.company) != key
    ]
    if not others and person.customer_id and person.customer_id != customer:
        others = [(names.get(person.customer_id, person.customer_id), "the graph")]
    result.conflicts += [
        Conflict(
            person_id=person.id,
            name=person.name,
            company=record.company,
            origin=origin,
            other_company=company,
            other_origin=other,
        )
        for company, other in others
    ]
    return person, written


def _key(e: Employment) -> tuple[str, str, str]:
    return (e.person_id, e.origin, e.company)
