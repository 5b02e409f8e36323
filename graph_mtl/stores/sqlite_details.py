"""What explains a search's paths, read by the numbers the search found their people
at (the rows of `people`, which key their ties): the people with their employers in
one statement, their ties, evidence and channels in another, its parts told apart by
a first column and put in order here.

Two statements rather than four: a path's details are a few rows, and each statement
costs more to run than its rows cost to read. Not one: SQLite 3.40 ran the four parts
as one compound several times slower than any three of them (140 against 20 µs)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from graph_mtl.domain.models import Channel, Tie, TieEvidence
from graph_mtl.domain.ports import PathDetails
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.sqlite_parsed import forget, parsed, parsed_customer, parsed_person
from graph_mtl.stores.sqlite_records import among_numbers, json_list

__all__ = ["forget_parsed", "numbered_details"]

_FEW_PAIRS = 8
"""Up to this many ties are read with one `(a = ? AND b = ?)` each (one search of the
primary key each, a statement cached per count); more as a JSON list."""

_PEOPLE, _TIES, _EVIDENCE, _CHANNELS = range(4)

_SQL = (
    "SELECT 0, p.n, p.id, NULL, p.data, c.data FROM people p"
    " LEFT JOIN customers c ON c.id = p.customer_id WHERE p.n IN {people}",
    "SELECT 1, t.a, t.b, t.strength, t.last_contact, t.context FROM ties t"
    " WHERE {ties}"
    " UNION ALL SELECT 2, t.a, t.b, t.origin, t.data, NULL FROM evidence t WHERE {ties}"
    " UNION ALL SELECT 3, NULL, t.id, t.person_id, t.data, NULL FROM channels t"
    " WHERE t.person_id IN {ids}",
)


def forget_parsed() -> None:
    """Drop every record parsed and kept, so that a forgotten person's data is not
    kept: after a forget here, and where a process sees that others wrote (the team
    members `sqlite_access.team` keeps among them)."""
    forget()  # the people and customers here, the records and members the reads keep


_Row = tuple[Any, ...]
"""(part, then five columns whose meaning depends on the part: see `_SQL`)"""


def numbered_details(
    db: sqlite3.Connection, numbered: dict[str, int], pairs: Collection[tuple[str, str]]
) -> PathDetails:
    """`path_details` of people whose numbers the caller knows (a search's path, from
    the index): no look-up of ids. People not found (forgotten since) are left out,
    and so are their ties and channels, as `path_details` leaves them."""
    if not numbered:
        return PathDetails({}, {}, {}, {}, [])
    keys = sorted(
        {
            (min(na, nb), max(na, nb))
            for a, b in pairs
            if (na := numbered.get(a)) is not None and (nb := numbered.get(b)) is not None
        }
    )
    rows = _read(db, numbered, keys)
    read = {
        i: (parsed_person(d), c)
        for kind, _, i, _, d, c in rows
        if kind == _PEOPLE and isinstance(i, str) and d is not None and i in numbered
    }
    people = {i: read[i][0] for i in numbered if i in read}
    ids = {numbered[i]: i for i in people}
    channels = [(i, d) for k, _, i, p, d, _ in rows if k == _CHANNELS and p in people]
    employers = {p.customer_id: data for p, data in read.values() if p.customer_id and data}
    return PathDetails(
        people=people,
        ties={t.pair: t for t in _ties(rows, ids)},
        evidence=_evidence(rows, ids),
        customers={c.id: c for c in [parsed_customer(employers[k]) for k in sorted(employers)]},
        channels=parsed(Channel, [(d,) for _, d in sorted(channels)]),
    )


def _read(
    db: sqlite3.Connection, numbered: dict[str, int], keys: list[tuple[int, int]]
) -> list[_Row]:
    people, by_number = among_numbers(list(numbered.values()))
    ids, by_id = _among_ids(list(numbered))
    by_pair: list[int | str] = []
    if not keys:
        ties = "0"
    elif len(keys) <= _FEW_PAIRS:
        ties = " OR ".join(["(t.a = ? AND t.b = ?)"] * len(keys))
        by_pair = [n for key in keys for n in key]
    else:
        ties = (
            "(t.a, t.b) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')"
            " FROM json_each(?))"
        )
        by_pair = [json.dumps(keys)]
    people_sql, rest_sql = _SQL
    rows: list[_Row] = db.execute(people_sql.format(people=people), by_number).fetchall()
    rest = rest_sql.format(ties=ties, ids=ids)
    return rows + db.execute(rest, [*by_pair, *by_pair, *by_id]).fetchall()


def _among_ids(values: list[str]) -> tuple[str, list[str]]:
    if len(values) <= _FEW_PAIRS + 1:
        return f"({', '.join('?' * len(values))})", values
    return "(SELECT value FROM json_each(?))", [json_list(values)]


def _ties(rows: Iterable[_Row], ids: dict[int, str]) -> list[Tie]:
    """The ties as the store wrote them (graph_mtl/stores/sqlite_ties.py): built
    without validating them again."""
    found = []
    for kind, a, b, strength, last, context in rows:
        if kind != _TIES or a not in ids or b not in ids:
            continue
        found.append(_tie(ids[a], ids[b], strength, last, context))
    return found


def _tie(a: str, b: str, strength: object, last: str | None, context: str | None) -> Tie:
    if not isinstance(strength, float) or not isinstance(context, str):
        raise StoreUnavailable(f"the store holds a damaged tie between {a!r} and {b!r}")
    try:
        contact = date.fromisoformat(last) if last is not None else None
    except ValueError as exc:
        raise StoreUnavailable(f"the store holds a damaged tie between {a!r} and {b!r}") from exc
    source, target = (a, b) if a < b else (b, a)
    return Tie.model_construct(
        source=source, target=target, strength=strength, last_contact=contact, context=context
    )


def _evidence(
    rows: Iterable[_Row], ids: dict[int, str]
) -> dict[tuple[str, str], list[TieEvidence]]:
    """The ties' evidence, in the order of the key of its table (a, b, origin)."""
    ordered = sorted(
        (a, b, origin, data)
        for kind, a, b, origin, data, _ in rows
        if kind == _EVIDENCE and a in ids and b in ids
    )
    found: dict[tuple[str, str], list[TieEvidence]] = {}
    for item in parsed(TieEvidence, [(data,) for *_, data in ordered]):
        found.setdefault(item.pair, []).append(item)
    return found
