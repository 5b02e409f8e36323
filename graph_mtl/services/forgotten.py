"""Imports that would bring a forgotten person back: they are skipped, and listed.

A person is the one an erasure forgot when their id, one of their e-mail
addresses or one of their source keys (a LinkedIn profile's `li-<slug>`, a CRM
record's key) hashes, with that erasure's salt, to what it kept
(`access.Forgotten`). Someone the store holds again (an admin brought them back)
is not skipped. An admin (or the command line) may import them anyway with
`include_forgotten`; a salesperson's key may not.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Protocol

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import PersonColumns, TieColumns
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.ports import ErasureLog, PeopleReader
from graph_mtl.errors import Forbidden
from graph_mtl.i18n import _
from graph_mtl.services.access import Caller, Forgotten
from graph_mtl.services.answer import Answer

__all__ = ["Handles", "SkippedPerson", "check_override", "skipped", "without_forgotten"]


class SkippedPerson(Answer):
    """A person an import held whom the store was asked to forget: not imported."""

    id: str
    name: str
    erased_on: date
    """The day they asked to be forgotten."""


class Handles(Answer):
    """What an import knows one person by."""

    id: str
    name: str
    emails: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


class _Store(ErasureLog, PeopleReader, Protocol):
    """The erasure log, and who the store holds."""


def check_override(caller: Caller, include_forgotten: bool) -> None:
    """Only an admin key (or the command line) imports forgotten people anyway."""
    if include_forgotten and not caller.unrestricted:
        raise Forbidden(
            _("Only an admin key imports people who asked to be forgotten (include_forgotten).")
        )


def skipped(
    store: _Store, people: Sequence[Handles], *, include_forgotten: bool = False
) -> list[SkippedPerson]:
    """Those of `people` an import must skip: each forgotten and not held again."""
    if include_forgotten or not people:
        return []
    forgotten = Forgotten.of(store)
    if not forgotten:
        return []
    found: dict[str, SkippedPerson] = {}
    for p in people:
        erasure = forgotten.erasure(p.id, emails=p.emails, refs=p.refs)
        if erasure is not None and p.id not in found:
            found[p.id] = SkippedPerson(id=p.id, name=p.name, erased_on=erasure.erased_on)
    held = store.existing("person", list(found)) if found else set()
    return [s for s in found.values() if s.id not in held]


def without_forgotten(
    store: _Store, bundle: Bundle, *, include_forgotten: bool = False
) -> tuple[Bundle, list[SkippedPerson]]:
    """`bundle` without the forgotten people it holds and everything naming them."""
    if include_forgotten or not bundle.people or not Forgotten.of(store):
        return bundle, []  # nothing to look for: no handles made (a million at 1M people)
    refs: dict[str, list[str]] = {}
    for e in bundle.employments:
        if e.ref:
            refs.setdefault(e.person_id, []).append(e.ref)
    people = _handles(bundle.people, refs)
    gone = skipped(store, people, include_forgotten=include_forgotten)
    if not gone:
        return bundle, []
    ids = {s.id for s in gone}
    reach_channels = {c.id for c in bundle.channels if c.person_id in ids}
    kept = Bundle(
        people=_people_without(bundle.people, ids),
        ties=_ties_without(bundle.ties, ids),
        customers=bundle.customers,
        needs=bundle.needs,
        roles=bundle.roles,
        customer_needs=bundle.customer_needs,
        capabilities=bundle.capabilities,
        channels=[c for c in bundle.channels if c.person_id not in ids],
        reach=[
            r for r in bundle.reach if r.target_id not in ids and r.channel_id not in reach_channels
        ],
        opportunities=[o for o in bundle.opportunities if o.contact_id not in ids],
        evidence=[e for e in bundle.evidence if not ids & set(e.pair)],
        employments=[e for e in bundle.employments if e.person_id not in ids],
    )
    return kept, sorted(gone, key=lambda s: s.id)


def _handles(people: Sequence[Person], refs: dict[str, list[str]]) -> list[Handles]:
    rows: Iterable[tuple[str, str, str]]
    if isinstance(people, PersonColumns):
        rows = zip(people.id, people.name, people.email, strict=True)
    else:
        rows = ((p.id, p.name, p.email) for p in people)
    return [
        Handles(id=i, name=n, emails=(e,) if e else (), refs=tuple(refs.get(i, ())))
        for i, n, e in rows
    ]


def _people_without(people: Sequence[Person], ids: Collection[str]) -> Sequence[Person]:
    if not isinstance(people, PersonColumns):
        return [p for p in people if p.id not in ids]
    rows = [i for i, ident in enumerate(people.id) if ident not in ids]
    return PersonColumns(
        id=[people.id[i] for i in rows],
        name=[people.name[i] for i in rows],
        customer_id=[people.customer_id[i] for i in rows],
        title=[people.title[i] for i in rows],
        roles=[people.roles[i] for i in rows],
        is_salesperson=bytearray(people.is_salesperson[i] for i in rows),
        email=[people.email[i] for i in rows],
    )


def _ties_without(ties: Sequence[Tie], ids: Collection[str]) -> Sequence[Tie]:
    if not isinstance(ties, TieColumns):
        return [t for t in ties if t.source not in ids and t.target not in ids]
    # The kept ties, their ends renumbered over the ids that stay (a store looks up
    # every id the columns list).
    renumbered: dict[int, int] = {}
    kept_ids: list[str] = []
    for n, ident in enumerate(ties.ids):
        if ident not in ids:
            renumbered[n] = len(kept_ids)
            kept_ids.append(ident)
    rows = [
        i
        for i, (a, b) in enumerate(zip(ties.source, ties.target, strict=True))
        if a in renumbered and b in renumbered
    ]
    kept = ties.keep(rows)
    return TieColumns(
        ids=kept_ids,
        source=array("i", (renumbered[a] for a in kept.source)),
        target=array("i", (renumbered[b] for b in kept.target)),
        strength=kept.strength,
        last_contact=kept.last_contact,
        context=kept.context,
        contexts=kept.contexts,
    )
