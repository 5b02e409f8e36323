"""The embedded store's reads of the graph: the SQL that reads the record's rows
into domain models, as functions over a connection inside the caller's read (or
write)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import date
from typing import TypeVar

from pydantic import BaseModel

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    Employment,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.names import email_key
from graph_mtl.domain.ports import EntityKind, PathDetails
from graph_mtl.stores.sqlite_parsed import parsed, parsed_customer, parsed_person
from graph_mtl.stores.sqlite_records import json_list, models, numbers, person, tie

__all__ = [
    "customer",
    "employees",
    "employees_of",
    "employments",
    "evidence",
    "existing",
    "export",
    "items",
    "path_details",
    "people",
    "people_by_email",
    "ties",
]

_M = TypeVar("_M", bound=BaseModel)

TABLES: dict[EntityKind, str] = {
    "person": "people",
    "customer": "customers",
    "need": "needs",
    "role": "roles",
    "capability": "capabilities",
    "channel": "channels",
}


def export(db: sqlite3.Connection) -> Bundle:
    """Everything the record holds of the graph, in key order."""
    everyone = [person(d) for (d,) in db.execute("SELECT data FROM people ORDER BY id")]
    every_tie = [
        tie(*row)
        for row in db.execute(
            "SELECT pa.id, pb.id, t.strength, t.last_contact, t.context FROM ties t"
            " JOIN people pa ON pa.n = t.a JOIN people pb ON pb.n = t.b"
        )
    ]
    return Bundle(
        people=everyone,
        ties=every_tie,
        customers=items(db, Customer, "customers", "id"),
        needs=items(db, Need, "needs", "id"),
        roles=items(db, Role, "roles", "id"),
        customer_needs=items(db, CustomerNeed, "customer_needs", "customer_id, need_id"),
        capabilities=items(db, Capability, "capabilities", "id"),
        channels=items(db, Channel, "channels", "id"),
        reach=items(db, Reach, "reach", "channel_id, target_id"),
        opportunities=items(db, Opportunity, "opportunities", "id"),
        evidence=items(db, TieEvidence, "evidence", "a, b, origin"),
        employments=items(db, Employment, "employments", "n, origin, company"),
    )


def existing(db: sqlite3.Connection, kind: EntityKind, wanted: Collection[str]) -> set[str]:
    rows = db.execute(
        f"SELECT id FROM {TABLES[kind]} WHERE id IN (SELECT value FROM json_each(?))",
        (json_list(wanted),),
    )
    return {i for (i,) in rows}


def people(db: sqlite3.Connection, wanted: list[str]) -> dict[str, Person]:
    rows = db.execute(
        "SELECT id, data FROM people WHERE id IN (SELECT value FROM json_each(?))",
        (json_list(wanted),),
    )
    found = {i: person(d) for i, d in rows}
    return {i: found[i] for i in wanted if i in found}


def customer(db: sqlite3.Connection, customer_id: str) -> Customer | None:
    row = db.execute("SELECT data FROM customers WHERE id = ?", (customer_id,)).fetchone()
    return None if row is None else parsed_customer(row[0])


def employees(db: sqlite3.Connection, customer_id: str) -> list[Person]:
    rows = db.execute("SELECT data FROM people WHERE customer_id = ? ORDER BY id", (customer_id,))
    return [parsed_person(d) for (d,) in rows]


def employees_of(
    db: sqlite3.Connection,
    customer_ids: Collection[str],
    *,
    limit: int = -1,
    with_roles: bool = False,
) -> list[tuple[str, Person]]:
    """(customer id, person) of the customers' people (`with_roles`: those holding a
    role), by customer then person id. The roles are looked at in SQLite: reading
    every person into Python to drop nine in ten cost seconds at a million people."""
    rows = db.execute(
        "SELECT customer_id, data FROM people"
        " WHERE customer_id IN (SELECT value FROM json_each(?))"
        " AND (NOT ? OR json_array_length(data, '$.roles') > 0)"
        " ORDER BY customer_id, id LIMIT ?",
        (json_list(customer_ids), with_roles, limit),
    )
    return [(customer_id, person(data)) for customer_id, data in rows]


def ties(db: sqlite3.Connection, pairs: Collection[tuple[str, str]]) -> list[Tie]:
    return _ties(db, _pair_keys(db, pairs))


def _ties(db: sqlite3.Connection, keys: list[tuple[int, int]]) -> list[Tie]:
    if not keys:
        return []
    rows = db.execute(
        "SELECT pa.id, pb.id, t.strength, t.last_contact, t.context"
        " FROM json_each(?) j"
        " JOIN ties t ON t.a = json_extract(j.value, '$[0]')"
        " AND t.b = json_extract(j.value, '$[1]')"
        " JOIN people pa ON pa.n = t.a JOIN people pb ON pb.n = t.b",
        (json.dumps(keys),),
    )
    return [tie(*row) for row in rows]


def evidence(db: sqlite3.Connection, pairs: Collection[tuple[str, str]]) -> list[TieEvidence]:
    return _evidence(db, _pair_keys(db, pairs))


def _evidence(db: sqlite3.Connection, keys: list[tuple[int, int]]) -> list[TieEvidence]:
    if not keys:
        return []
    rows = db.execute(
        "SELECT e.data FROM json_each(?) j JOIN evidence e"
        " ON e.a = json_extract(j.value, '$[0]') AND e.b = json_extract(j.value, '$[1]')"
        " ORDER BY e.a, e.b, e.origin",
        (json.dumps(keys),),
    )
    return parsed(TieEvidence, rows)


def _pair_keys(
    db: sqlite3.Connection,
    pairs: Collection[tuple[str, str]],
    found: dict[str, int] | None = None,
) -> list[tuple[int, int]]:
    """The pairs of people both known, as (smaller, larger) numbers, sorted (`found`:
    the numbers of their people, when the caller has read them)."""
    if found is None:
        found = numbers(db, {p for pair in pairs for p in pair})
    return sorted(
        {
            (min(na, nb), max(na, nb))
            for a, b in pairs
            if (na := found.get(a)) is not None and (nb := found.get(b)) is not None
        }
    )


def path_details(
    db: sqlite3.Connection, wanted: list[str], pairs: Collection[tuple[str, str]]
) -> PathDetails:
    """`PathDetails` in one read: the people (with their numbers, which key the ties),
    the ties and their evidence, the people's employers and the channels they are."""
    asked = set(wanted)
    ends = {p for pair in pairs for p in pair} - asked
    rows = db.execute(
        "SELECT id, n, data FROM people WHERE id IN (SELECT value FROM json_each(?))",
        (json_list([*wanted, *ends]),),
    ).fetchall()
    found = {i: n for i, n, _ in rows}
    read = {i: parsed_person(d) for i, _, d in rows if i in asked}
    people = {i: read[i] for i in wanted if i in read}
    keys = _pair_keys(db, pairs, found)
    evidence: dict[tuple[str, str], list[TieEvidence]] = {}
    for item in _evidence(db, keys):
        evidence.setdefault(item.pair, []).append(item)
    employers = sorted({p.customer_id for p in people.values() if p.customer_id})
    return PathDetails(
        people=people,
        ties={t.pair: t for t in _ties(db, keys)},
        evidence=evidence,
        customers={c.id: c for c in items(db, Customer, "customers", "id", id=employers)}
        if employers
        else {},
        channels=items(db, Channel, "channels", "id", person_id=wanted) if wanted else [],
    )


def employments(
    db: sqlite3.Connection,
    *,
    person_ids: Collection[str] | None,
    refs: Collection[str] | None,
    company_keys: Collection[str] | None,
    changed_since: date | None,
) -> list[Employment]:
    where, params = [], []
    for column, values in (
        ("p.id", person_ids),
        ("e.ref", refs),
        ("e.company_key", company_keys),
    ):
        if values is not None:
            if not values:
                return []
            where.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json_list(values))
    if changed_since is not None:
        where.append("(e.since >= ? OR e.until >= ?)")
        params += [changed_since.isoformat()] * 2
    sql = "SELECT e.data FROM employments e JOIN people p ON p.n = e.n"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return models(Employment, db.execute(sql + " ORDER BY p.id, e.origin, e.company", params))


def people_by_email(db: sqlite3.Connection, emails: Collection[str]) -> dict[str, list[str]]:
    wanted = sorted({email_key(e) for e in emails if e.strip()})
    found: dict[str, list[str]] = {}
    if not wanted:
        return found
    rows = db.execute(
        "SELECT lower(json_extract(data, '$.email')) AS email, id FROM people"
        " WHERE json_extract(data, '$.email') != ''"
        " AND lower(json_extract(data, '$.email')) IN (SELECT value FROM json_each(?))"
        " ORDER BY email, id",
        (json_list(wanted),),
    )
    for email, ident in rows:
        found.setdefault(email, []).append(ident)
    return found


def items(
    db: sqlite3.Connection,
    model: type[_M],
    table: str,
    order: str,
    **where: str | Collection[str] | None,
) -> list[_M]:
    """The items of `table` in `order`: all of them, or those whose column (each
    keyword) is the text given or one of the texts given (None: any)."""
    clauses, params = [], []
    for column, wanted in where.items():
        if wanted is None:
            continue
        if isinstance(wanted, str):
            clauses.append(f"{column} = ?")
            params.append(wanted)
        else:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json_list(wanted))
    sql = f"SELECT data FROM {table}" + (" WHERE " + " AND ".join(clauses) if clauses else "")
    rows = db.execute(f"{sql} ORDER BY {order}", params)
    return parsed(model, rows) if model in _KEPT else models(model, rows)


_KEPT: frozenset[type[BaseModel]] = frozenset(
    {Need, Role, CustomerNeed, Capability, Channel, Reach, Customer}
)
"""The records `items` keeps parsed by their text (`sqlite_parsed.parsed`), as a
path's evidence is kept: each read again by every committee (and every path's
explanation), all frozen with immutable fields."""
