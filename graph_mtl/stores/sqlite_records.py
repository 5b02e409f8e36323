"""The embedded store's record: the SQL that writes and reads the graph's rows, as
functions over a connection inside the caller's transaction, and the conversions
between rows and domain models.

Every item is kept whole as JSON in a `data` column, beside the columns its
queries look it up by (graph_mtl/stores/sqlite_schema.py). People are also
numbered (`people.n`): the number is their row in the search index and the
key of their ties.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import nullcontext
from json.encoder import encode_basestring
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import PersonColumns
from graph_mtl.domain.forgetting import Mentions, mentions_of
from graph_mtl.domain.models import (
    Employment,
    Erasure,
    IntroRequest,
    Opportunity,
    Person,
    Tie,
    TieEvidence,
    as_person,
)
from graph_mtl.domain.names import (
    PersonSearchTexts,
    company_key,
    person_search_text,
    search_text,
)
from graph_mtl.errors import InvalidInput, StoreUnavailable
from graph_mtl.stores import sqlite_bulk as bulk
from graph_mtl.stores.sqlite_db import Database
from graph_mtl.stores.sqlite_ties import BULK, WrittenTies, write_ties

__all__ = [
    "HeldIdMap",
    "IdMap",
    "among_numbers",
    "as_json",
    "forget",
    "has_ties",
    "ids",
    "json_list",
    "load",
    "models",
    "numbers",
    "person",
    "tie",
    "top_number",
    "upsert",
]

_M = TypeVar("_M", bound=BaseModel)

_FORGET = (
    "DELETE FROM reach WHERE target_id = :id"
    " OR channel_id IN (SELECT id FROM channels WHERE person_id = :id)",
    "DELETE FROM channels WHERE person_id = :id",
    "DELETE FROM opportunities WHERE json_extract(data, '$.contact_id') = :id",
    "DELETE FROM api_keys WHERE salesperson_id = :id",
    "DELETE FROM intros WHERE salesperson_id = :id OR target_id = :id OR via_id = :id",
    "DELETE FROM people WHERE n = :n",  # their ties and opt-in go with them (cascade)
)
"""Everything that names a person, in the order it is deleted when they are forgotten."""

_PersonRow = tuple[str, str | None, int, str, str]

_PEOPLE_INTO = "INSERT INTO people (id, customer_id, is_salesperson, data, search)"
_PEOPLE_ON_CONFLICT = (
    " ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,"
    " is_salesperson = excluded.is_salesperson, data = excluded.data,"
    " search = excluded.search"
)
_PEOPLE_UPSERT = _PEOPLE_INTO + " {rows}" + _PEOPLE_ON_CONFLICT

_REINDEX_PEOPLE = 200_000
"""From this many people on, `people`'s secondary indexes are built again after the
rows rather than kept up to date row by row."""


# -- people and their numbers ----------------------------------------------


class IdMap:
    """Person ids and their numbers (their rows in the search index), each lookup
    in a read of its own."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def numbers(self, person_ids: Iterable[str]) -> dict[str, int]:
        """The numbers of the people among `person_ids`."""
        with self._database.read() as db:
            return numbers(db, person_ids)

    def ids(self, person_numbers: Iterable[int]) -> dict[int, str]:
        """The ids of the people among `person_numbers`."""
        with self._database.read() as db:
            return ids(db, person_numbers)


class HeldIdMap(IdMap):
    """An `IdMap` reading through one connection already in a read (a search's
    look-ups then share its snapshot, and pay for no transaction of their own)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def numbers(self, person_ids: Iterable[str]) -> dict[str, int]:
        return numbers(self._db, person_ids)

    def ids(self, person_numbers: Iterable[int]) -> dict[int, str]:
        return ids(self._db, person_numbers)


_FEW = 12
"""Up to this many people are looked up with one `?` each (a search's ends and its
path's people): cheaper than sending them as JSON, and a few statements to cache."""
_MARKS = [", ".join("?" * size) for size in range(_FEW + 1)]


def among_numbers(values: Collection[int]) -> tuple[str, list[int | str]]:
    """An `IN` clause's right side for `values` and its parameters: one `?` each for
    a few (a statement cached per size), else one JSON list."""
    if len(values) <= _FEW:
        return f"({_MARKS[len(values)]})", list(values)
    return "(SELECT value FROM json_each(?))", [json.dumps(list(values))]


def numbers(db: sqlite3.Connection, person_ids: Iterable[str]) -> dict[str, int]:
    """The numbers of the people among `person_ids`."""
    wanted = list(set(person_ids))
    if not wanted:
        return {}
    if len(wanted) <= _FEW:
        rows = db.execute(f"SELECT id, n FROM people WHERE id IN ({_MARKS[len(wanted)]})", wanted)
    else:
        rows = db.execute(
            "SELECT id, n FROM people WHERE id IN (SELECT value FROM json_each(?))",
            (json_list(wanted),),
        )
    return dict(rows.fetchall())


def ids(db: sqlite3.Connection, person_numbers: Iterable[int]) -> dict[int, str]:
    """The ids of the people among `person_numbers`."""
    wanted = sorted(set(person_numbers))
    if not wanted:
        return {}
    if len(wanted) <= _FEW:
        rows = db.execute(f"SELECT n, id FROM people WHERE n IN ({_MARKS[len(wanted)]})", wanted)
    else:
        rows = db.execute(
            "SELECT n, id FROM people WHERE n IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted),),
        )
    return dict(rows.fetchall())


def _all_numbers(db: sqlite3.Connection) -> dict[str, int]:
    """Every person's number (cheaper than asking for most of them by id)."""
    return dict(db.execute("SELECT id, n FROM people"))


# -- writes ------------------------------------------------------------------


def load(db: sqlite3.Connection, bundle: Bundle) -> WrittenTies:
    """Upsert every item of `bundle`; which ties were written, for the index."""
    trigrams, numbered = _put_people(db, bundle.people)
    # Handed over in a list: a million numbers are let go of once the ties have them.
    held, numbered = ([] if numbered is None else [numbered]), None
    try:
        written = _load_rest(db, bundle, held)
        if trigrams is not None:
            trigrams.finish(db)
    except BaseException:
        if trigrams is not None:
            trigrams.abandon()
        raise
    return written


def _load_rest(db: sqlite3.Connection, bundle: Bundle, held: list[dict[str, int]]) -> WrittenTies:
    """Everything but the people; `held` holds every person's number if known (taken
    out of it by the ties, which keep it no longer than they need it)."""
    if held:
        written = write_ties(db, bundle.ties, lambda _: held.pop())
    elif len(bundle.ties) > BULK:
        written = write_ties(db, bundle.ties, lambda _: _all_numbers(db))
    else:
        written = write_ties(db, bundle.ties, lambda wanted: numbers(db, wanted))
    upsert(
        db,
        "customers",
        ["id", "status", "search"],
        bundle.customers,
        lambda c: [c.id, c.status, search_text(c.name, c.id)],
    )
    for table, items in (
        ("needs", bundle.needs),
        ("roles", bundle.roles),
        ("capabilities", bundle.capabilities),
        ("opportunities", bundle.opportunities),
    ):
        upsert(db, table, ["id"], items, _id_key)
    upsert(
        db,
        "channels",
        ["id", "person_id", "search"],
        bundle.channels,
        lambda c: [c.id, c.person_id, search_text(c.name, c.id)],
    )
    upsert(
        db,
        "customer_needs",
        ["customer_id", "need_id"],
        bundle.customer_needs,
        lambda c: [c.customer_id, c.need_id],
    )
    upsert(
        db,
        "reach",
        ["channel_id", "target_id"],
        bundle.reach,
        lambda r: [r.channel_id, r.target_id],
    )
    _put_evidence(db, bundle.evidence)
    _put_employments(db, bundle.employments)
    return written


def has_ties(db: sqlite3.Connection) -> bool:
    (found,) = db.execute("SELECT EXISTS (SELECT 1 FROM ties)").fetchone()
    return bool(found)


def top_number(db: sqlite3.Connection) -> int:
    """The highest person number given so far (0 for none)."""
    (top,) = db.execute("SELECT coalesce(max(n), 0) FROM people").fetchone()
    return int(top)


def forget(db: sqlite3.Connection, person_id: str, erasure: Erasure | None) -> list[int] | None:
    """Delete the person and everything naming them, take their name and e-mail out
    of what others wrote (graph_mtl/domain/forgetting.py), and log `erasure` if
    given: the numbers of the people whose ties changed, None if there was no such
    person. The trigram indexes are merged afterwards, so that no segment keeps the
    deleted text (FTS5 only marks a deleted row until its segment is merged)."""
    found = db.execute("SELECT n, data FROM people WHERE id = ?", (person_id,)).fetchone()
    if found is None:
        return None
    n, data = found
    neighbours = [
        m
        for (m,) in db.execute(
            "SELECT b FROM ties WHERE a = ?1 UNION SELECT a FROM ties WHERE b = ?1", (n,)
        )
    ]
    for statement in _FORGET:
        db.execute(statement, {"id": person_id, "n": n})
    _scrub(db, mentions_of(person(data)))
    for table in ("people_fts", "names_fts"):
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    if erasure is not None:
        db.execute(
            "INSERT INTO erasures VALUES (?, ?, ?)",
            (erasure.digest, erasure.erased_on.isoformat(), as_json(erasure)),
        )
    return [n, *neighbours]


def _scrub(db: sqlite3.Connection, mentions: Mentions) -> None:
    """Replace the mentions in the free-text fields others wrote: tie contexts,
    opportunities' details, introduction requests' notes."""
    if not mentions:
        return
    probes = mentions.probes()
    where = " OR ".join(["{0} LIKE ? ESCAPE '\\'"] * len(probes))
    patterns = ["%" + _like_escaped(p) + "%" for p in probes]
    ties = db.execute(
        f"SELECT a, b, context FROM ties WHERE {where.format('context')}", patterns
    ).fetchall()
    for a, b, context in ties:
        db.execute(
            "UPDATE ties SET context = ? WHERE a = ? AND b = ?",
            (mentions.scrubbed(context), a, b),
        )
    _rewrite(db, "opportunities", where, patterns, Opportunity, mentions.opportunity)
    _rewrite(db, "intros", where, patterns, IntroRequest, mentions.intro)


def _rewrite(
    db: sqlite3.Connection,
    table: str,
    where: str,
    patterns: list[str],
    model: type[_M],
    scrub: Callable[[_M], _M],
) -> None:
    """Rewrite the items of `table` whose JSON may hold a mention, scrubbed."""
    rows = db.execute(f"SELECT id, data FROM {table} WHERE {where.format('data')}", patterns)
    for ident, text in rows.fetchall():
        item = model.model_validate_json(text)
        clean = scrub(item)
        if clean != item:
            db.execute(f"UPDATE {table} SET data = ? WHERE id = ?", (as_json(clean), ident))


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def upsert(
    db: sqlite3.Connection,
    table: str,
    columns: list[str],
    items: Sequence[_M],
    keys: Callable[[_M], list[Any]],
) -> None:
    """Insert items whole, replacing the rows with the same key."""
    if not items:
        return
    names = ", ".join([*columns, "data"])
    marks = ", ".join("?" * (len(columns) + 1))
    rows = [(*keys(item), as_json(item)) for item in items]
    if len(rows) > BULK:  # the search triggers run in one statement (sqlite_bulk.py)
        bulk.staged(
            db, f"INSERT OR REPLACE INTO {table} ({names}) {{rows}}", [*columns, "data"], rows
        )
        return
    db.executemany(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", rows)


def _put_people(
    db: sqlite3.Connection, people: Sequence[Person]
) -> tuple[bulk.TrigramBuild | None, dict[str, int] | None]:
    """Upsert `people`. For a first large load, the trigram index being built
    beside the rest of the load (to be finished in the same transaction), and
    every person's number (they are all in `people`, numbered in its order)."""
    texts: list[str] = []
    if isinstance(people, PersonColumns):
        rows: Iterable[_PersonRow] = _person_rows(people, texts)
    else:
        rows = [
            (p.id, p.customer_id, p.is_salesperson, as_json(p), _person_search(p)) for p in people
        ]
        texts = [row[4] for row in rows]
    if len(people) <= BULK:
        db.executemany(_PEOPLE_UPSERT.format(rows="VALUES (?, ?, ?, ?, ?)"), rows)
        return None, None
    columns = ("id", "customer_id", "is_salesperson", "data", "search")
    reindexed = bulk.indexes_rebuilt(db, "people") if len(people) >= _REINDEX_PEOPLE else None
    if db.execute("SELECT EXISTS (SELECT 1 FROM people)").fetchone()[0]:
        # The search triggers run in one statement (sqlite_bulk.py).
        with reindexed or nullcontext():
            bulk.staged(db, _PEOPLE_UPSERT, columns, rows)
        return None, None
    # Into an empty table: the trigram index is built beside the rest of the load
    # (most of a first import's time is spent on it) instead of row by row. With
    # no trigger to run, the rows need no staging: they go straight in.
    with bulk.trigger_dropped(db, "people_fts_insert"), reindexed or nullcontext():
        bulk.many_rows(db, _PEOPLE_INTO, len(columns), rows, _PEOPLE_ON_CONFLICT)
    low, high, count = db.execute("SELECT min(n), max(n), count(*) FROM people").fetchone()
    if count != len(texts) or high - low + 1 != count:  # not numbered in order: read back
        db.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
        return None, None
    ids = people.id if isinstance(people, PersonColumns) else [p.id for p in people]
    numbered = dict(zip(ids, range(low, high + 1), strict=True))
    return bulk.TrigramBuild(db, "people_fts", low, texts), numbered


def _put_evidence(db: sqlite3.Connection, items: Sequence[TieEvidence]) -> None:
    if not items:
        return
    found = numbers(db, {p for e in items for p in e.pair})
    rows = []
    for item in items:
        a, b = (_known(found, p, "evidence") for p in item.pair)
        rows.append((min(a, b), max(a, b), item.origin, as_json(item)))
    db.executemany("INSERT OR REPLACE INTO evidence VALUES (?, ?, ?, ?)", rows)


def _put_employments(db: sqlite3.Connection, items: Sequence[Employment]) -> None:
    if not items:
        return
    found = numbers(db, {e.person_id for e in items})
    db.executemany(
        "INSERT OR REPLACE INTO employments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                _known(found, e.person_id, "employments"),
                e.origin,
                e.company,
                company_key(e.company),
                e.ref,
                e.since.isoformat(),
                None if e.until is None else e.until.isoformat(),
                as_json(e),
            )
            for e in items
        ],
    )


def _person_rows(c: PersonColumns, texts: list[str]) -> Iterator[_PersonRow]:
    """The people's rows straight from the columns: the JSON a `Person` dumps, without
    making the million models first. Each search text is also added to `texts`."""
    # The JSON written out directly: a third of the time of a dict dumped
    # (json's own string encoder, so each text is escaped as `json.dumps` does).
    text = encode_basestring
    fold = PersonSearchTexts()
    for i, ident in enumerate(c.id):
        # The flag as an int: a bool bound to a statement goes through the sqlite3
        # module's adapter look-up, an int does not.
        customer, salesperson = c.customer_id[i], c.is_salesperson[i]
        data = (
            f'{{"id":{text(ident)},"name":{text(c.name[i])},'
            f'"customer_id":{"null" if customer is None else text(customer)},'
            f'"title":{text(c.title[i])},"roles":[{",".join(map(text, c.roles[i]))}],'
            f'"is_salesperson":{"true" if salesperson else "false"},'
            f'"email":{text(c.email[i])}}}'
        )
        search = fold(c.name[i], ident, c.title[i], c.email[i])
        texts.append(search)
        yield ident, customer, salesperson, data, search


def _id_key(item: Any) -> list[Any]:
    return [item.id]


def _person_search(p: Person) -> str:
    return person_search_text(p.name, p.id, p.title, p.email)


def _known(found: dict[str, int], person: str, field: str) -> int:
    if person not in found:
        raise InvalidInput(field, f"unknown person {person!r}")
    return found[person]


# -- rows and models ---------------------------------------------------------


def as_json(model: BaseModel) -> str:
    return model.model_dump_json()


def json_list(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def person(data: str) -> Person:
    return as_person(Person.model_validate_json(data))


def models(model: type[_M], rows: Iterable[tuple[str]]) -> list[_M]:
    try:
        return [model.model_validate_json(d) for (d,) in rows]
    except ValidationError as exc:
        raise StoreUnavailable(f"the store holds a damaged {model.__name__}: {exc}") from exc


def tie(a: str, b: str, strength: float, last: str | None, context: str) -> Tie:
    source, target = (a, b) if a < b else (b, a)
    return Tie.model_validate(
        {
            "source": source,
            "target": target,
            "strength": strength,
            "last_contact": last,
            "context": context,
        }
    )
