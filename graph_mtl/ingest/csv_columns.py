"""people.csv and ties.csv read straight into columns: millions of rows, few
bytes each (graph_mtl/domain/columns.py), for graph_mtl/ingest/csv_bundle.py.

A row is checked here by the same rules the model applies; one that fails any
of them, or is unusual in any way (a date not seen before, say), is handed
back to the generic reader, whose `_validate` gives the reason or, for a good
row, the model, which then comes back through `add`. Repeated keys are judged
as the generic reader judges them: the same data collapses to the first row,
other data is a problem on the later row. References are checked once per
distinct id, and only the rows naming an unknown one are looked at again.

Each `read` is one loop with everything it touches in locals: it runs once
per row, ten million times for a large network.
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from graph_mtl.domain.columns import PersonColumns, TieColumns
from graph_mtl.domain.models import BANNED_IN_IDS, MAX_IDENT, Person, Tie, ident_problem
from graph_mtl.ingest import csv_cells

__all__ = ["ColumnRows", "PeopleRows", "TieRows"]

Records = Iterator[tuple[int, list[str] | csv.Error]]
Other = Callable[[int, list[str] | csv.Error], None]
Problem = Callable[[int, str], None]

_MAX_ID = MAX_IDENT


class ColumnRows:
    """What the generic reader asks of a columnar file."""

    data: PersonColumns | TieColumns
    lines: array[int]

    def read(self, records: Records, other: Other) -> None:
        raise NotImplementedError

    def add(self, line: int, item: Any) -> None:
        raise NotImplementedError

    def finish(self, problem: Problem) -> None:
        """Judge repeated keys, once every row is in."""

    def defined(self) -> set[str] | None:
        """The ids this file defines (None: it defines no kind of item)."""
        return None

    def references(self) -> dict[str, set[str]]:
        """Every distinct id each referring column names."""
        raise NotImplementedError

    def naming(self, column: str, unknown: set[str]) -> Iterator[tuple[int, str]]:
        """(line, id) of every row whose `column` names one of `unknown`."""
        raise NotImplementedError


def _positions(header: list[str], columns: tuple[str, ...]) -> list[int | None]:
    where = {name: i for i, name in enumerate(header)}
    return [where.get(c) for c in columns]


class PeopleRows(ColumnRows):
    data: PersonColumns

    def __init__(self, header: list[str], problem: Problem) -> None:
        self.at = _positions(
            header, ("id", "name", "customer_id", "title", "roles", "is_salesperson", "email")
        )
        self.width = len(header)
        self.data = PersonColumns()
        self.lines = array("i")
        self._problem = problem
        self._seen: dict[str, int] = {}
        self._shared: dict[Any, Any] = {}  # one object for each repeated value
        self._roles: dict[str, tuple[str, ...] | None] = {"": ()}

    def read(self, records: Records, other: Other) -> None:
        i_id, i_name, i_customer, i_title, i_roles, i_sales, i_email = self.at
        assert i_id is not None and i_name is not None
        width, shared, roles_of = self.width, self._shared, self._roles
        banned = BANNED_IN_IDS.search
        for line, record in records:
            if type(record) is not list or len(record) != width:
                other(line, record)
                continue
            ident, name = record[i_id], record[i_name]
            customer = record[i_customer] if i_customer is not None else ""
            roles = roles_of.get(record[i_roles]) if i_roles is not None else ()
            flag = record[i_sales].strip().lower() if i_sales is not None else ""
            if (
                not ident
                or not name
                or roles is None
                or len(ident) > _MAX_ID
                or len(customer) > _MAX_ID
                or ident != ident.strip()
                or customer != customer.strip()
                or banned(ident)
                or banned(customer)
                or flag not in ("", "true", "false")
            ):
                if roles is None and i_roles is not None:
                    self._learn_roles(record[i_roles])
                other(line, record)
                continue
            title = record[i_title] if i_title is not None else ""
            self._take(
                line,
                ident,
                name,
                shared.setdefault(customer, customer) or None,
                shared.setdefault(title, title),
                roles,
                flag == "true",
                record[i_email] if i_email is not None else "",
            )

    def _learn_roles(self, cell: str) -> None:
        """Role lists repeat: each is split and checked once (None: send to the model)."""
        found = csv_cells.items(cell) or ()
        ok = all(len(r) <= _MAX_ID and ident_problem(r) is None for r in found)
        self._roles[cell] = self._shared.setdefault(found, found) if ok else None

    def add(self, line: int, item: Any) -> None:
        p: Person = item
        self._take(line, p.id, p.name, p.customer_id, p.title, p.roles, p.is_salesperson, p.email)

    def _take(
        self,
        line: int,
        ident: str,
        name: str,
        customer: str | None,
        title: str,
        roles: tuple[str, ...],
        salesperson: bool,
        email: str,
    ) -> None:
        d = self.data
        first = self._seen.get(ident)
        if first is not None:
            if (name, customer, title, roles, salesperson, email) != (
                d.name[first],
                d.customer_id[first],
                d.title[first],
                d.roles[first],
                bool(d.is_salesperson[first]),
                d.email[first],
            ):
                self._problem(
                    line,
                    f"id: {ident!r} already given on line {self.lines[first]} with other data",
                )
            return
        self._seen[ident] = len(d.id)
        d.id.append(ident)
        d.name.append(name)
        d.customer_id.append(customer)
        d.title.append(title)
        d.roles.append(roles)
        d.is_salesperson.append(salesperson)
        d.email.append(email)
        self.lines.append(line)

    def defined(self) -> set[str]:
        return set(self._seen)

    def references(self) -> dict[str, set[str]]:
        customers = {c for c in self.data.customer_id if c is not None}
        roles = {r for group in set(self.data.roles) for r in group}
        return {"customer_id": customers, "roles": roles}

    def naming(self, column: str, unknown: set[str]) -> Iterator[tuple[int, str]]:
        if not unknown:
            return
        if column == "customer_id":
            for row, customer in enumerate(self.data.customer_id):
                if customer in unknown:
                    yield self.lines[row], customer
            return
        for row, roles in enumerate(self.data.roles):
            for role in roles:
                if role in unknown:
                    yield self.lines[row], role


class TieRows(ColumnRows):
    data: TieColumns

    def __init__(self, header: list[str], problem: Problem) -> None:
        self.at = _positions(header, ("source", "target", "strength", "last_contact", "context"))
        self.width = len(header)
        self.data = TieColumns()
        self.lines = array("i")
        self._ids: dict[str, int] = {}
        self._contexts: dict[str, int] = {}
        self._days: dict[str, int] = {"": 0}

    def read(self, records: Records, other: Other) -> None:
        i_source, i_target, i_strength, i_last, i_context = self.at
        assert i_source is not None and i_target is not None and i_strength is not None
        width = self.width
        ids, contexts, days = self._ids, self._contexts, self._days
        c = self.data
        sources, targets, strengths = c.source.append, c.target.append, c.strength.append
        lasts, texts, lines = c.last_contact.append, c.context.append, self.lines.append
        decimal = csv_cells.DECIMAL.fullmatch
        banned = BANNED_IN_IDS.search
        for line, record in records:
            if type(record) is not list or len(record) != width:
                other(line, record)
                continue
            source, target = record[i_source], record[i_target]
            written = record[i_strength].strip()
            # Dates are few and repeat: a new one goes through the model, then is known.
            day = days.get(record[i_last].strip() if i_last is not None else "")
            if (
                day is None
                or not source
                or not target
                or source == target
                or len(source) > _MAX_ID
                or len(target) > _MAX_ID
                or source != source.strip()
                or target != target.strip()
                or not decimal(written)
            ):
                other(line, record)
                continue
            strength = float(written)
            if not 0.0 < strength <= 1.0:
                other(line, record)
                continue
            a, b = ids.get(source), ids.get(target)
            if (a is None and banned(source)) or (b is None and banned(target)):
                other(line, record)  # checked once per id: the first time it is seen
                continue
            if a is None:
                a = ids[source] = len(ids)
            if b is None:
                b = ids[target] = len(ids)
            context = record[i_context] if i_context is not None else ""
            k = contexts.get(context)
            if k is None:
                k = contexts[context] = len(contexts)
            sources(a)
            targets(b)
            strengths(strength)
            lasts(day)
            texts(k)
            lines(line)

    def add(self, line: int, item: Any) -> None:
        tie: Tie = item
        day = tie.last_contact.toordinal() if tie.last_contact else 0
        if tie.last_contact:
            self._days.setdefault(tie.last_contact.isoformat(), day)
        c = self.data
        for ident in (tie.source, tie.target):
            self._ids.setdefault(ident, len(self._ids))
        c.source.append(self._ids[tie.source])
        c.target.append(self._ids[tie.target])
        c.strength.append(tie.strength)
        c.last_contact.append(day)
        c.context.append(self._contexts.setdefault(tie.context, len(self._contexts)))
        self.lines.append(line)

    def extend(self, more: TieRows) -> None:
        """Append the rows another reader took from a later part of the same file."""
        c, other = self.data, more.data
        ids = np.array([self._ids.setdefault(i, len(self._ids)) for i in more._ids], np.int32)
        texts = [self._contexts.setdefault(t, len(self._contexts)) for t in more._contexts]
        contexts = np.array(texts, dtype=np.int32)
        for written, day in more._days.items():
            self._days.setdefault(written, day)
        if len(other):
            c.source.frombytes(ids[np.frombuffer(other.source, dtype=np.int32)].tobytes())
            c.target.frombytes(ids[np.frombuffer(other.target, dtype=np.int32)].tobytes())
            c.context.frombytes(contexts[np.frombuffer(other.context, dtype=np.int32)].tobytes())
        c.strength.extend(other.strength)
        c.last_contact.extend(other.last_contact)
        self.lines.extend(more.lines)

    def finish(self, problem: Problem) -> None:
        self.data.ids = list(self._ids)
        self.data.contexts = list(self._contexts)
        kept = _first_of_each_pair(self.data, self.lines, problem)
        if kept is not None:
            self.data = self.data.keep(kept)
            self.lines = array("i", (self.lines[i] for i in kept))

    def references(self) -> dict[str, set[str]]:
        ids = set(self.data.ids)
        return {"source": ids, "target": ids}

    def naming(self, column: str, unknown: set[str]) -> Iterator[tuple[int, str]]:
        c = self.data
        bad = {i for i, ident in enumerate(c.ids) if ident in unknown}
        if not bad:
            return
        ends = c.source if column == "source" else c.target
        for row, end in enumerate(ends):
            if end in bad:
                yield self.lines[row], c.ids[end]


def _first_of_each_pair(c: TieColumns, lines: array[int], problem: Problem) -> list[int] | None:
    """The rows to keep once repeated pairs (in either direction) are judged; None
    when no pair repeats. Pairs are compared as integers: each id's rank in
    sorted order, so the smaller id comes first as in `Tie.pair`."""
    if not len(c):
        return None
    # Most files repeat no pair: that is found from the ends' numbers as they are,
    # with an unstable sort (SIMD, and no ranks of the ids to find first).
    source = np.frombuffer(c.source, dtype=np.int32).astype(np.int64)
    target = np.frombuffer(c.target, dtype=np.int32)
    pairs = np.minimum(source, target) * len(c.ids) + np.maximum(source, target)
    pairs.sort()
    if not np.any(pairs[1:] == pairs[:-1]):
        return None
    del source, target, pairs
    rank = np.empty(len(c.ids), dtype=np.int64)
    # sorted() of the positions: a third of numpy's argsort of an object array.
    rank[sorted(range(len(c.ids)), key=c.ids.__getitem__)] = np.arange(len(c.ids))
    a = rank[np.frombuffer(c.source, dtype=np.int32)]
    b = rank[np.frombuffer(c.target, dtype=np.int32)]
    key = np.minimum(a, b) * len(c.ids) + np.maximum(a, b)
    order = np.argsort(key, kind="stable")
    repeated = np.flatnonzero(key[order][1:] == key[order][:-1]) + 1
    if not len(repeated):
        return None
    drop = set()
    first_of: dict[int, int] = {}
    for position in repeated.tolist():
        row = int(order[position])
        first = first_of.setdefault(int(key[row]), int(order[position - 1]))
        drop.add(row)
        if (c.strength[first], c.last_contact[first], c.context[first]) != (
            c.strength[row],
            c.last_contact[row],
            c.context[row],
        ):
            shown = " and ".join(
                repr(p) for p in sorted((c.ids[c.source[row]], c.ids[c.target[row]]))
            )
            problem(
                lines[row],
                f"source, target: {shown} already given on line {lines[first]} with other data",
            )
    return [i for i in range(len(c)) if i not in drop]
