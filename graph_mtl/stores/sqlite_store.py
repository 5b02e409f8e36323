"""The embedded store: SQLite as the record, and a memory-mapped array index of
the social graph beside it for search.

- **The record.** One SQLite file (the standard library's `sqlite3`) in WAL
  mode with foreign keys on: any number of processes and threads read and
  write it at once. Every write is one transaction (a whole bundle, or one
  row), committed before the call returns, so an acknowledged write is on
  disk and nothing is half-written. Writers wait for each other up to
  `busy_timeout` seconds, then get StoreUnavailable (the API's 503).
- **The index.** `<file>.index` holds the ties as CSR arrays
  (graph_mtl/stores/social_index.py), memory-mapped at open, so a one-off
  query opens in milliseconds and API workers share one copy. Every write
  that changes the social graph raises the generation in `meta` and lists the
  people whose ties changed in `touched`. Before a search a process compares
  generations (one small query): on a change it reads the changed people's
  rows into an overlay, or, after a bulk load or once the overlay grows past
  `OVERLAY_LIMIT` rows, rebuilds the file (one process at a time, under a
  lock file; the others map the new file when it is there).
- **Searches** run over the arrays (graph_mtl/stores/array_search.py), with
  people as integers; ids are looked up only at the ends.
- **An earlier JSON store** (`graph.json`, format graph-mtl/1) is migrated on
  first open into the `.db` beside it, in one transaction; the JSON file is
  left as it was.

A store without a path lives in a temporary folder removed at close (the
tests' fake).

One module of about 900 lines: it is the whole port over one file, and each
method is a query or two; what is not a query lives beside it (schema, tie
writes, index, searches).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, ValidationError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import PersonColumns
from graph_mtl.domain.models import (
    ApiKey,
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Employment,
    Erasure,
    IntroRequest,
    IntroStatus,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    TeamMember,
    Tie,
    TieEvidence,
    as_person,
)
from graph_mtl.domain.names import company_key, email_key, search_text
from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.domain.ports import Adjacency, EntityKind, Found
from graph_mtl.errors import InvalidInput, StoreUnavailable
from graph_mtl.stores import array_search
from graph_mtl.stores.legacy_json import is_legacy_json, read_legacy_json
from graph_mtl.stores.social_index import (
    CsrArrays,
    Row,
    SocialGraph,
    build_csr,
    read_index,
    write_index,
)
from graph_mtl.stores.sqlite_schema import migrate
from graph_mtl.stores.sqlite_ties import BULK, write_ties

__all__ = ["OVERLAY_LIMIT", "SqliteStore", "database_path"]

_log = logging.getLogger("graph_mtl.store")

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

_LARGE_CACHE = -262_144
"""SQLite's page cache for a large load, in KiB when negative (256 MiB)."""

OVERLAY_LIMIT = 20_000
"""Past this many changed people since the index file was written, rebuild it."""

SHORT_SCAN = 100_000
"""How many rows a text of one or two characters is looked for in beyond the name's
start (the trigram index serves three characters or more)."""

_PEOPLE_SEARCH = {
    "prefix": "SELECT id, data FROM people WHERE search >= :lo AND search < :hi"
    " ORDER BY search LIMIT :limit",
    "prefix_open": "SELECT id, data FROM people WHERE search >= :lo"
    " AND substr(search, 1, length(:q)) = :q ORDER BY search LIMIT :limit",
    "trigram": "SELECT p.id, p.data FROM people_fts f CROSS JOIN people p ON p.n = f.rowid"
    " WHERE people_fts MATCH :match LIMIT :limit",
    "scan": "SELECT id, data FROM (SELECT id, data, search FROM people LIMIT :scan)"
    " WHERE instr(search, :q) LIMIT :limit",
}
_NAMES_SEARCH = {
    "prefix": "SELECT s.id, t.data FROM names_search s JOIN {table} t ON t.id = s.id"
    " WHERE s.kind = :kind AND s.search >= :lo AND s.search < :hi"
    " ORDER BY s.search LIMIT :limit",
    "prefix_open": "SELECT s.id, t.data FROM names_search s JOIN {table} t ON t.id = s.id"
    " WHERE s.kind = :kind AND s.search >= :lo"
    " AND substr(s.search, 1, length(:q)) = :q ORDER BY s.search LIMIT :limit",
    # CROSS JOIN: the trigram index first (SQLite keeps that order), then the rows it names.
    "trigram": "SELECT s.id, t.data FROM names_fts f CROSS JOIN names_search s ON s.n = f.rowid"
    " JOIN {table} t ON t.id = s.id WHERE names_fts MATCH :match AND s.kind = :kind"
    " LIMIT :limit",
    "scan": "SELECT s.id, t.data FROM (SELECT id, search FROM names_search WHERE kind = :kind"
    " LIMIT :scan) s JOIN {table} t ON t.id = s.id WHERE instr(s.search, :q) LIMIT :limit",
}
"""Finding by name: a prefix of the name (a range of the `search` column's index), a
substring of three characters or more (the trigram index), a shorter one (a bounded
scan)."""

_TABLES: dict[EntityKind, str] = {
    "person": "people",
    "customer": "customers",
    "need": "needs",
    "role": "roles",
    "capability": "capabilities",
    "channel": "channels",
}


def database_path(path: Path) -> Path:
    """The SQLite file for a store path: `graph.json` (the earlier format) names the
    `graph.db` beside it."""
    return path.with_suffix(".db") if path.suffix == ".json" else path


class SqliteStore:
    """A `GraphStore` in one SQLite file, with its search index beside it."""

    def __init__(self, path: Path | None = None, *, busy_timeout: float = 30.0) -> None:
        self._scratch: str | None = None
        if path is None:
            self._scratch = tempfile.mkdtemp(prefix="graph-mtl-")
            weakref.finalize(self, shutil.rmtree, self._scratch, True)
            path = Path(self._scratch) / "graph.db"
        self.path = database_path(path)
        self.index_path = self.path.with_name(self.path.name + ".index")
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._graph: SocialGraph | None = None
        self._index_signature: tuple[int, int, int] | None = None
        legacy = path if path.suffix == ".json" else self.path.with_suffix(".json")
        with self._translated("open"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            self._db(create=True)
        if new and legacy != self.path and is_legacy_json(legacy):
            self.migrate_from(legacy)

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        large = len(bundle.ties) > BULK or len(bundle.people) > BULK
        with self._write(large=large) as db:
            bulk, prebuilt = self._load_in(db, bundle)
        if bulk:
            self._rebuild(prebuilt)

    def _load_in(self, db: sqlite3.Connection, bundle: Bundle) -> tuple[bool, CsrArrays | None]:
        """`load` inside the caller's transaction: whether the index must be rebuilt
        afterwards, and the index already built from the bundle, if it could be."""
        prebuilt = None
        (empty,) = db.execute("SELECT NOT EXISTS (SELECT 1 FROM ties)").fetchone()
        self._put_people(db, bundle.people)
        written = write_ties(
            db, bundle.ties, self._all_numbers if len(bundle.ties) > BULK else self._numbers
        )
        changed = written.people
        _upsert(
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
            _upsert(db, table, ["id"], items, lambda i: [i.id])
        _upsert(
            db,
            "channels",
            ["id", "person_id", "search"],
            bundle.channels,
            lambda c: [c.id, c.person_id, search_text(c.name, c.id)],
        )
        _upsert(
            db,
            "customer_needs",
            ["customer_id", "need_id"],
            bundle.customer_needs,
            lambda c: [c.customer_id, c.need_id],
        )
        _upsert(
            db,
            "reach",
            ["channel_id", "target_id"],
            bundle.reach,
            lambda r: [r.channel_id, r.target_id],
        )
        self._put_evidence(db, bundle.evidence)
        self._put_employments(db, bundle.employments)
        bulk = changed is None
        if bulk or changed:
            generation = self._touch(db, changed or (), bulk=bulk)
        if bulk and empty and written.ends is not None:
            # Nothing was there before: the index is these ties, no need to read them back.
            (top,) = db.execute("SELECT coalesce(max(n), 0) FROM people").fetchone()
            prebuilt = build_csr(*written.ends, nodes=top + 1, generation=generation)
        return bulk, prebuilt

    def export(self) -> Bundle:
        with self._read() as db:
            people = [_person(d) for (d,) in db.execute("SELECT data FROM people ORDER BY id")]
            ties = [
                _tie(*row)
                for row in db.execute(
                    "SELECT pa.id, pb.id, t.strength, t.last_contact, t.context FROM ties t"
                    " JOIN people pa ON pa.n = t.a JOIN people pb ON pb.n = t.b"
                )
            ]
            return Bundle(
                people=people,
                ties=ties,
                customers=_all(db, Customer, "customers", "id"),
                needs=_all(db, Need, "needs", "id"),
                roles=_all(db, Role, "roles", "id"),
                customer_needs=_all(db, CustomerNeed, "customer_needs", "customer_id, need_id"),
                capabilities=_all(db, Capability, "capabilities", "id"),
                channels=_all(db, Channel, "channels", "id"),
                reach=_all(db, Reach, "reach", "channel_id, target_id"),
                opportunities=_all(db, Opportunity, "opportunities", "id"),
                evidence=_all(db, TieEvidence, "evidence", "a, b, origin"),
                employments=_all(db, Employment, "employments", "n, origin, company"),
            )

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        with self._write() as db:
            found = db.execute("SELECT n FROM people WHERE id = ?", (person_id,)).fetchone()
            if found is None:
                return False
            (n,) = found
            neighbours = [
                m
                for (m,) in db.execute(
                    "SELECT b FROM ties WHERE a = ?1 UNION SELECT a FROM ties WHERE b = ?1", (n,)
                )
            ]
            for statement in _FORGET:
                db.execute(statement, {"id": person_id, "n": n})
            if erasure is not None:
                db.execute(
                    "INSERT INTO erasures VALUES (?, ?, ?)",
                    (erasure.digest, erasure.erased_on.isoformat(), _json(erasure)),
                )
            self._touch(db, [n, *neighbours], bulk=False)
        return True

    def erasures(self) -> list[Erasure]:
        with self._read() as db:
            return _models(Erasure, db.execute("SELECT data FROM erasures ORDER BY erased_on"))

    def migrate_from(self, legacy: Path) -> dict[str, int]:
        """Copy an earlier JSON store into this one, in one transaction; the JSON file
        is left as it was. How many items of each kind."""
        found = read_legacy_json(legacy)
        self.load(found.bundle)
        with self._write() as db:
            _upsert(db, "api_keys", _KEY_COLUMNS, found.api_keys, _key_row)
            db.executemany(
                "INSERT OR IGNORE INTO team_shared SELECT id FROM people WHERE id = ?",
                [(i,) for i in found.team_shared],
            )
        _log.info("migrated %s into %s", legacy, self.path)
        return {**found.bundle.counts(), "api_keys": len(found.api_keys)}

    # -- reads -------------------------------------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        if not ids:
            return set()
        with self._read() as db:
            rows = db.execute(
                f"SELECT id FROM {_TABLES[kind]} WHERE id IN (SELECT value FROM json_each(?))",
                (_json_list(ids),),
            )
            return {i for (i,) in rows}

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._read() as db:
            rows = db.execute(
                "SELECT id, data FROM people WHERE id IN (SELECT value FROM json_each(?))",
                (_json_list(wanted),),
            )
            found = {i: _person(d) for i, d in rows}
        return {i: found[i] for i in wanted if i in found}

    def employees(self, customer_id: str) -> list[Person]:
        with self._read() as db:
            rows = db.execute(
                "SELECT data FROM people WHERE customer_id = ? ORDER BY id", (customer_id,)
            )
            return [_person(d) for (d,) in rows]

    def employees_of(self, customer_ids: Collection[str]) -> dict[str, list[Person]]:
        found: dict[str, list[Person]] = {c: [] for c in customer_ids}
        if not found:
            return found
        with self._read() as db:
            rows = db.execute(
                "SELECT customer_id, data FROM people"
                " WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, id",
                (_json_list(found),),
            )
            for customer_id, data in rows:
                found[customer_id].append(_person(data))
        return found

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        where, params = [], []
        if status is not None:
            where.append("status = ?")
            params.append(str(status))
        if ids is not None:
            if not ids:
                return []
            where.append("id IN (SELECT value FROM json_each(?))")
            params.append(_json_list(ids))
        sql = "SELECT data FROM customers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as db:
            return _models(Customer, db.execute(sql + " ORDER BY id", params))

    def customer(self, customer_id: str) -> Customer | None:
        with self._read() as db:
            row = db.execute("SELECT data FROM customers WHERE id = ?", (customer_id,)).fetchone()
        return None if row is None else Customer.model_validate_json(row[0])

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        graph = self.graph()
        numbers = self._numbers(person_ids)
        rows = {i: graph.row(n) for i, n in numbers.items()}
        ids = self._ids({m for neighbours, _ in rows.values() for m in neighbours})
        return {
            i: [(ids[m], s) for m, s in zip(neighbours, strengths, strict=True)]
            for i, (neighbours, strengths) in rows.items()
        }

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        numbers = self._numbers({p for pair in pairs for p in pair})
        keys = {
            (min(na, nb), max(na, nb))
            for a, b in pairs
            if (na := numbers.get(a)) is not None and (nb := numbers.get(b)) is not None
        }
        if not keys:
            return {}
        with self._read() as db:
            rows = db.execute(
                "SELECT pa.id, pb.id, t.strength, t.last_contact, t.context"
                " FROM json_each(?) j"
                " JOIN ties t ON t.a = json_extract(j.value, '$[0]')"
                " AND t.b = json_extract(j.value, '$[1]')"
                " JOIN people pa ON pa.n = t.a JOIN people pb ON pb.n = t.b",
                (json.dumps(sorted(keys)),),
            )
            found = [_tie(*row) for row in rows]
        return {tie.pair: tie for tie in found}

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        numbers = self._numbers({p for pair in pairs for p in pair})
        keys = {
            (min(na, nb), max(na, nb))
            for a, b in pairs
            if (na := numbers.get(a)) is not None and (nb := numbers.get(b)) is not None
        }
        found: dict[tuple[str, str], list[TieEvidence]] = {}
        if not keys:
            return found
        with self._read() as db:
            rows = db.execute(
                "SELECT e.data FROM json_each(?) j JOIN evidence e"
                " ON e.a = json_extract(j.value, '$[0]') AND e.b = json_extract(j.value, '$[1]')"
                " ORDER BY e.a, e.b, e.origin",
                (json.dumps(sorted(keys)),),
            )
            for item in _models(TieEvidence, rows):
                found.setdefault(item.pair, []).append(item)
        return found

    def employments(
        self,
        *,
        person_ids: Collection[str] | None = None,
        refs: Collection[str] | None = None,
        company_keys: Collection[str] | None = None,
        changed_since: date | None = None,
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
                params.append(_json_list(values))
        if changed_since is not None:
            where.append("(e.since >= ? OR e.until >= ?)")
            params += [changed_since.isoformat()] * 2
        sql = "SELECT e.data FROM employments e JOIN people p ON p.n = e.n"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as db:
            return _models(
                Employment, db.execute(sql + " ORDER BY p.id, e.origin, e.company", params)
            )

    def people_by_email(self, emails: Collection[str]) -> dict[str, list[str]]:
        wanted = sorted({email_key(e) for e in emails if e.strip()})
        found: dict[str, list[str]] = {}
        if not wanted:
            return found
        with self._read() as db:
            rows = db.execute(
                "SELECT lower(json_extract(data, '$.email')) AS email, id FROM people"
                " WHERE json_extract(data, '$.email') != ''"
                " AND lower(json_extract(data, '$.email')) IN (SELECT value FROM json_each(?))"
                " ORDER BY email, id",
                (_json_list(wanted),),
            )
            for email, ident in rows:
                found.setdefault(email, []).append(ident)
        return found

    def search(self, text: str, *, limit: int) -> Found:
        # The indexes that serve each length: graph_mtl/services/search.py.
        bounds = _prefix_bounds(text)
        with self._read() as db:
            people = _found(db, _PEOPLE_SEARCH, text, bounds, limit)
            found_people = [_person(d) for d in people.values()]
            customers, channels = (
                _models(
                    model,
                    ((d,) for d in _found(db, _NAMES_SEARCH, text, bounds, limit, kind).values()),
                )
                for model, kind in ((Customer, "customer"), (Channel, "channel"))
            )
            at = [c.id for c in customers]  # type: ignore[attr-defined]
            employees = [
                _person(d)
                for (d,) in db.execute(
                    "SELECT data FROM people WHERE customer_id IN (SELECT value FROM json_each(?))"
                    " ORDER BY customer_id, id LIMIT ?",
                    (_json_list(at), limit),
                )
            ]
        return Found(
            found_people,
            customers,  # type: ignore[arg-type]
            channels,  # type: ignore[arg-type]
            employees,
        )

    def needs(self) -> list[Need]:
        with self._read() as db:
            return _all(db, Need, "needs", "id")

    def roles(self) -> list[Role]:
        with self._read() as db:
            return _all(db, Role, "roles", "id")

    def capabilities(self) -> list[Capability]:
        with self._read() as db:
            return _all(db, Capability, "capabilities", "id")

    def channels(self, *, person_ids: Collection[str] | None = None) -> list[Channel]:
        with self._read() as db:
            if person_ids is None:
                return _all(db, Channel, "channels", "id")
            rows = db.execute(
                "SELECT data FROM channels WHERE person_id IN (SELECT value FROM json_each(?))"
                " ORDER BY id",
                (_json_list(person_ids),),
            )
            return _models(Channel, rows)

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        with self._read() as db:
            if target_ids is None:
                return _all(db, Reach, "reach", "channel_id, target_id")
            rows = db.execute(
                "SELECT data FROM reach WHERE target_id IN (SELECT value FROM json_each(?))"
                " ORDER BY channel_id, target_id",
                (_json_list(target_ids),),
            )
            return _models(Reach, rows)

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]:
        with self._read() as db:
            if customer_id is None:
                return _all(db, CustomerNeed, "customer_needs", "customer_id, need_id")
            rows = db.execute(
                "SELECT data FROM customer_needs WHERE customer_id = ? ORDER BY need_id",
                (customer_id,),
            )
            return _models(CustomerNeed, rows)

    def opportunities(self) -> list[Opportunity]:
        with self._read() as db:
            return _all(db, Opportunity, "opportunities", "id")

    # -- searches ----------------------------------------------------------
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
        if source == target:
            return [RawPath((source,), ())] if self.people([source]) else []
        graph = self.graph()
        numbers = self._numbers([source, target, *blocked])
        if source not in numbers or target not in numbers:
            return []
        found = array_search.k_best_paths(
            graph,
            numbers[source],
            numbers[target],
            k=k,
            max_hops=max_hops,
            mode=mode,
            blocked={numbers[b] for b in blocked if b in numbers},
        )
        ids = self._ids({n for path in found for n in path.nodes})
        return [RawPath(tuple(ids[n] for n in p.nodes), p.strengths) for p in found]

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> _IdTree:
        graph = self.graph()
        numbers = self._numbers([source, *blocked])
        start = numbers.get(source)
        if start is None:
            return _IdTree(self, None)
        tree = array_search.paths_from(
            graph,
            start,
            max_hops=max_hops,
            mode=mode,
            blocked={numbers[b] for b in blocked if b in numbers},
        )
        return _IdTree(self, tree)

    # -- access --------------------------------------------------------------
    def save_intro(
        self, intro: IntroRequest, *, expected: IntroStatus | None, also: Bundle | None = None
    ) -> bool:
        with self._write() as db:
            row = db.execute("SELECT status FROM intros WHERE id = ?", (intro.id,)).fetchone()
            if (row[0] if row else None) != expected:  # a StrEnum equals its text
                return False
            db.execute(
                "INSERT OR REPLACE INTO intros VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    intro.id,
                    intro.salesperson_id,
                    intro.target_id,
                    intro.via_id,
                    intro.status,
                    intro.requested_on.isoformat(),
                    _json(intro),
                ),
            )
            bulk, _ = self._load_in(db, also) if also is not None else (False, None)
        if bulk:
            self._rebuild()
        return True

    def intros(
        self,
        *,
        salesperson_id: str | None = None,
        via_ids: Collection[str] | None = None,
        ids: Collection[str] | None = None,
    ) -> list[IntroRequest]:
        where, params = [], []
        for column, wanted in (
            ("salesperson_id", salesperson_id),
            ("id", ids),
            ("via_id", via_ids),
        ):
            if wanted is None:
                continue
            where.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(_json_list([wanted] if isinstance(wanted, str) else sorted(set(wanted))))
        sql = "SELECT data FROM intros" + (" WHERE " + " AND ".join(where) if where else "")
        with self._read() as db:
            return _models(
                IntroRequest, db.execute(sql + " ORDER BY requested_on DESC, id", params)
            )

    def save_api_key(self, key: ApiKey) -> None:
        with self._write() as db:
            db.execute("DELETE FROM api_keys WHERE id = ?", (key.id,))
            _upsert(db, "api_keys", _KEY_COLUMNS, [key], _key_row)

    def api_key(self, key_hash: str) -> ApiKey | None:
        with self._read() as db:
            row = db.execute("SELECT data FROM api_keys WHERE key_hash = ?", (key_hash,)).fetchone()
        return None if row is None else ApiKey.model_validate_json(row[0])

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        sql = "SELECT data FROM api_keys"
        params: list[str] = []
        if salesperson_id is not None:
            sql += " WHERE salesperson_id = ?"
            params.append(salesperson_id)
        with self._read() as db:
            return _models(ApiKey, db.execute(sql + " ORDER BY created_on, id", params))

    def revoke_api_key(self, key_id: str) -> bool:
        with self._write() as db:
            row = db.execute("SELECT data FROM api_keys WHERE id = ?", (key_id,)).fetchone()
            if row is None:
                return False
            key = ApiKey.model_validate_json(row[0])
            if not key.revoked:
                revoked = key.model_copy(update={"revoked": True})
                db.execute(
                    "UPDATE api_keys SET data = ? WHERE id = ?", (revoked.model_dump_json(), key_id)
                )
        return True

    def team(self) -> list[TeamMember]:
        with self._read() as db:
            rows = db.execute(
                "SELECT p.id, json_extract(p.data, '$.name'), s.person_id IS NOT NULL FROM people p"
                " LEFT JOIN team_shared s ON s.person_id = p.id"
                " WHERE p.is_salesperson ORDER BY p.id"
            )
            return [TeamMember(id=i, name=name, shared=bool(shared)) for i, name, shared in rows]

    def set_team_sharing(self, salesperson_id: str, *, shared: bool) -> bool:
        with self._write() as db:
            found = db.execute(
                "SELECT 1 FROM people WHERE id = ? AND is_salesperson", (salesperson_id,)
            ).fetchone()
            if found is None:
                return False
            if shared:
                db.execute("INSERT OR IGNORE INTO team_shared VALUES (?)", (salesperson_id,))
            else:
                db.execute("DELETE FROM team_shared WHERE person_id = ?", (salesperson_id,))
        return True

    # -- life cycle --------------------------------------------------------
    def ping(self) -> None:
        if not self.path.exists():
            raise StoreUnavailable(f"the store file {self.path} is gone")
        with self._read() as db:
            db.execute("SELECT 1").fetchone()

    def close(self) -> None:
        """Close this thread's connection. Another thread's closes with that thread (or
        when it is collected): closing it from here while it runs a statement would
        pull SQLite's handle out from under it. Later calls open a new one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
            self._local.connection = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    # -- the search index ----------------------------------------------------
    def graph(self) -> SocialGraph:
        """The social graph as it is now: the index, brought up to date if the data
        changed since this process last looked."""
        with self._read() as db:
            generation, _ = _generations(db)
        graph = self._graph
        if graph is not None and graph.generation == generation:
            return graph
        with self._lock:
            graph = self._graph
            if graph is None or graph.generation != generation:
                graph = self._graph = self._fresh_graph(graph)
            return graph

    def _fresh_graph(self, old: SocialGraph | None) -> SocialGraph:
        with self._read() as db:
            # The snapshot starts with this read. A rebuild renames its file into
            # place before it drops the `touched` rows the file covers, so the file
            # seen below is at least as new as any rows missing from the snapshot.
            generation, bulk = _generations(db)
            base = self._mapped(old.base if old is not None else None)
            if base is not None and bulk <= base.generation <= generation:
                changed = [
                    n
                    for (n,) in db.execute(
                        "SELECT DISTINCT n FROM touched WHERE generation > ?", (base.generation,)
                    )
                ]
                if len(changed) <= OVERLAY_LIMIT:
                    overlay = _rows(db, changed)
                    return SocialGraph(base, overlay, generation=max(generation, base.generation))
        return self._rebuild()

    def _mapped(self, base: CsrArrays | None) -> CsrArrays | None:
        """`base`, or the index file when another process has written a newer one."""
        try:
            found = os.stat(self.index_path)
        except OSError:
            return base
        signature = (found.st_ino, found.st_mtime_ns, found.st_size)
        if base is not None and signature == self._index_signature:
            return base
        fresh = read_index(self.index_path)
        if fresh is None or (base is not None and fresh.generation < base.generation):
            return base
        self._index_signature = signature
        return fresh

    def _rebuild(self, prebuilt: CsrArrays | None = None) -> SocialGraph:
        """Write the index file from the database (or `prebuilt`, if it is of the
        current generation), one process at a time."""
        try:
            with _file_lock(self.index_path.with_name(self.index_path.name + ".lock")):
                with self._read() as db:
                    generation, _ = _generations(db)
                    found = self._mapped(None)
                    if found is None or found.generation != generation:
                        fresh = prebuilt if prebuilt and prebuilt.generation == generation else None
                        write_index(self.index_path, fresh or _build(db, generation))
                        found = self._mapped(None)
                if found is None:
                    raise OSError(f"{self.index_path} cannot be read back")
                with self._write() as db:
                    db.execute("DELETE FROM touched WHERE generation <= ?", (found.generation,))
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot write the search index {self.index_path}: {exc}"
            ) from exc
        graph = SocialGraph(found, {}, generation=found.generation)
        self._graph = graph
        return graph

    # -- internals ---------------------------------------------------------
    def _db(self, *, create: bool = False) -> sqlite3.Connection:
        """This thread's connection (a forked child makes its own). The file is looked
        at each time: moved away or replaced, the store is unavailable (or opened
        anew once a database is there again), never served from a stale handle."""
        try:
            found = os.stat(self.path)
            identity = (found.st_dev, found.st_ino)
        except FileNotFoundError:
            if not create:
                raise StoreUnavailable(f"the store file {self.path} is gone") from None
            identity = None
        except OSError as exc:
            raise StoreUnavailable(f"the store file {self.path} cannot be reached: {exc}") from exc
        local = self._local
        connection: sqlite3.Connection | None = getattr(local, "connection", None)
        if connection is not None and local.pid == os.getpid():
            if local.identity == identity:
                return connection
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        connection = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        migrate(connection)
        found = os.stat(self.path)
        local.connection, local.pid = connection, os.getpid()
        local.identity = (found.st_dev, found.st_ino)
        return connection

    @contextlib.contextmanager
    def _translated(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot {doing} the store {self.path}: {exc}") from exc
        except ValueError as exc:  # a newer schema
            raise StoreUnavailable(f"cannot {doing} the store {self.path}: {exc}") from exc

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for the statements inside."""
        with self._translated("read"):
            db = self._db()
            if db.in_transaction:  # nested in a write or a read: already in one
                yield db
                return
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    @contextlib.contextmanager
    def _write(self, *, large: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A `large` one (a big load) runs with a bigger page cache and without
        SQLite's foreign-key checks: every tie's ends were just looked up in
        `people` inside the same transaction, so the checks would only repeat
        two lookups per tie.
        """
        with self._translated("write"):
            db = self._db()
            if large:
                db.execute("PRAGMA foreign_keys = OFF")
                db.execute(f"PRAGMA cache_size = {_LARGE_CACHE}")
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            finally:
                if large:
                    db.execute("PRAGMA foreign_keys = ON")
                    db.execute("PRAGMA cache_size = -2000")

    def _touch(self, db: sqlite3.Connection, people: Iterable[int], *, bulk: bool) -> int:
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        (generation,) = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        if bulk:
            db.execute("UPDATE meta SET value = ? WHERE key = 'bulk_generation'", (generation,))
        else:
            db.executemany(
                "INSERT INTO touched VALUES (?, ?)", [(generation, n) for n in set(people)]
            )
        return int(generation)

    def _put_people(self, db: sqlite3.Connection, people: Sequence[Person]) -> None:
        if isinstance(people, PersonColumns):
            rows: Iterable[tuple[str, str | None, bool, str, str]] = _person_rows(people)
        else:
            rows = [
                (p.id, p.customer_id, p.is_salesperson, _json(p), _person_search(p)) for p in people
            ]
        db.executemany(
            "INSERT INTO people (id, customer_id, is_salesperson, data, search)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,"
            " is_salesperson = excluded.is_salesperson, data = excluded.data,"
            " search = excluded.search",
            rows,
        )

    def _put_evidence(self, db: sqlite3.Connection, items: Sequence[TieEvidence]) -> None:
        if not items:
            return
        numbers = self._numbers({p for e in items for p in e.pair})
        rows = []
        for item in items:
            a, b = (_known(numbers, p, "evidence") for p in item.pair)
            rows.append((min(a, b), max(a, b), item.origin, _json(item)))
        db.executemany("INSERT OR REPLACE INTO evidence VALUES (?, ?, ?, ?)", rows)

    def _put_employments(self, db: sqlite3.Connection, items: Sequence[Employment]) -> None:
        if not items:
            return
        numbers = self._numbers({e.person_id for e in items})
        db.executemany(
            "INSERT OR REPLACE INTO employments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    _known(numbers, e.person_id, "employments"),
                    e.origin,
                    e.company,
                    company_key(e.company),
                    e.ref,
                    e.since.isoformat(),
                    None if e.until is None else e.until.isoformat(),
                    _json(e),
                )
                for e in items
            ],
        )

    def _all_numbers(self, ids: Iterable[str]) -> dict[str, int]:
        """Every person's index row (cheaper than asking for most of them by id)."""
        with self._read() as db:
            return dict(db.execute("SELECT id, n FROM people").fetchall())

    def _numbers(self, ids: Iterable[str]) -> dict[str, int]:
        """The index rows of the people among `ids`."""
        wanted = list(set(ids))
        if not wanted:
            return {}
        with self._read() as db:
            rows = db.execute(
                "SELECT id, n FROM people WHERE id IN (SELECT value FROM json_each(?))",
                (_json_list(wanted),),
            )
            return dict(rows.fetchall())

    def _ids(self, numbers: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(numbers))
        if not wanted:
            return {}
        with self._read() as db:
            rows = db.execute(
                "SELECT n, id FROM people WHERE n IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted),),
            )
            return dict(rows.fetchall())


class _IdTree:
    """A bounded tree from the array search, read with person ids."""

    def __init__(self, store: SqliteStore, tree: array_search.IntTree | None) -> None:
        self._store = store
        self._tree = tree

    def __contains__(self, person_id: object) -> bool:
        if self._tree is None or not isinstance(person_id, str):
            return False
        n = self._store._numbers([person_id]).get(person_id)
        return n is not None and n in self._tree

    def path_to(self, target: str) -> RawPath | None:
        if self._tree is None:
            return None
        n = self._store._numbers([target]).get(target)
        found = None if n is None else self._tree.path_to(n)
        if found is None:
            return None
        ids = self._store._ids(found.nodes)
        return RawPath(tuple(ids[m] for m in found.nodes), found.strengths)


_KEY_COLUMNS = ["id", "key_hash", "salesperson_id", "created_on"]


def _key_row(key: ApiKey) -> list[Any]:
    return [key.id, key.key_hash, key.salesperson_id, key.created_on.isoformat()]


def _upsert(
    db: sqlite3.Connection,
    table: str,
    columns: list[str],
    items: Sequence[_M],
    keys: Any,
) -> None:
    """Insert items whole, replacing the rows with the same key."""
    if not items:
        return
    names = ", ".join([*columns, "data"])
    marks = ", ".join("?" * (len(columns) + 1))
    db.executemany(
        f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})",
        [(*keys(item), _json(item)) for item in items],
    )


def _person_rows(c: PersonColumns) -> Iterator[tuple[str, str | None, bool, str, str]]:
    """The people's rows straight from the columns: the JSON a `Person` dumps, without
    making the million models first."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for i, ident in enumerate(c.id):
        customer, salesperson = c.customer_id[i], bool(c.is_salesperson[i])
        data = {
            "id": ident,
            "name": c.name[i],
            "customer_id": customer,
            "title": c.title[i],
            "roles": c.roles[i],
            "is_salesperson": salesperson,
            "email": c.email[i],
        }
        search = search_text(c.name[i], ident, c.title[i], c.email[i])
        yield ident, customer, salesperson, dumps(data), search


def _person_search(p: Person) -> str:
    return search_text(p.name, p.id, p.title, p.email)


def _known(numbers: dict[str, int], person: str, field: str) -> int:
    if person not in numbers:
        raise InvalidInput(field, f"unknown person {person!r}")
    return numbers[person]


def _json(model: BaseModel) -> str:
    return model.model_dump_json()


def _json_list(ids: Iterable[str]) -> str:
    return json.dumps(list(ids), ensure_ascii=False)


def _person(data: str) -> Person:
    return as_person(Person.model_validate_json(data))


def _tie(a: str, b: str, strength: float, last: str | None, context: str) -> Tie:
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


def _models(model: type[_M], rows: Iterable[tuple[str]]) -> list[_M]:
    try:
        return [model.model_validate_json(d) for (d,) in rows]
    except ValidationError as exc:
        raise StoreUnavailable(f"the store holds a damaged {model.__name__}: {exc}") from exc


def _all(db: sqlite3.Connection, model: type[_M], table: str, order: str) -> list[_M]:
    return _models(model, db.execute(f"SELECT data FROM {table} ORDER BY {order}"))


def _generations(db: sqlite3.Connection) -> tuple[int, int]:
    values = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return values["generation"], values["bulk_generation"]


def _rows(db: sqlite3.Connection, people: Sequence[int]) -> dict[int, Row]:
    """The whole neighbour list of each person, from the database."""
    found: dict[int, list[tuple[int, float]]] = {n: [] for n in people}
    if people:
        for n, m, s in db.execute(
            "SELECT j.value, t.b, t.strength FROM json_each(?1) j JOIN ties t ON t.a = j.value"
            " UNION ALL"
            " SELECT j.value, t.a, t.strength FROM json_each(?1) j JOIN ties t ON t.b = j.value",
            (json.dumps(list(people)),),
        ):
            found[n].append((m, s))
    return {
        n: ([m for m, _ in row], [s for _, s in row])
        for n, row in ((n, sorted(row)) for n, row in found.items())
    }


def _build(db: sqlite3.Connection, generation: int) -> CsrArrays:
    (top,) = db.execute("SELECT coalesce(max(n), 0) FROM people").fetchone()
    a_parts, b_parts, s_parts = [], [], []
    cursor = db.execute("SELECT a, b, strength FROM ties")
    while chunk := cursor.fetchmany(500_000):
        block = np.array(chunk, dtype=np.float64)
        a_parts.append(block[:, 0].astype(np.int64))
        b_parts.append(block[:, 1].astype(np.int64))
        s_parts.append(block[:, 2])
    empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return build_csr(
        np.concatenate(a_parts) if a_parts else empty_i,
        np.concatenate(b_parts) if b_parts else empty_i,
        np.concatenate(s_parts) if s_parts else empty_f,
        nodes=top + 1,
        generation=generation,
    )


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (where the platform has flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: the rename keeps readers safe, work may be done twice
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _prefix_bounds(text: str) -> tuple[str, str | None]:
    """The range of texts that start with `text` (None: no upper end)."""
    last = ord(text[-1])
    if last >= 0x10FFFF:
        return text, None
    after = 0xE000 if 0xD800 <= last + 1 <= 0xDFFF else last + 1
    return text, text[:-1] + chr(after)


def _found(
    db: sqlite3.Connection,
    statements: dict[str, str],
    text: str,
    bounds: tuple[str, str | None],
    limit: int,
    kind: str = "person",
) -> dict[str, str]:
    """The rows whose search text contains `text`, at most `limit`, those whose name
    starts with it first; by id, in id order."""
    table = {"customer": "customers", "channel": "channels"}.get(kind, "people")
    params = {
        "q": text,
        "lo": bounds[0],
        "hi": bounds[1],
        "limit": limit,
        "kind": kind,
        "scan": SHORT_SCAN,
        "match": '"' + text.replace('"', '""') + '"',
    }
    found: dict[str, str] = {}
    rest = "trigram" if len(text) >= 3 else "scan"
    for step in ("prefix" if bounds[1] is not None else "prefix_open", rest):
        for ident, data in db.execute(statements[step].format(table=table), params):
            found.setdefault(ident, data)
        if len(found) >= limit:
            break
        params["limit"] = limit + len(found)  # the rest may repeat what the prefix found
    return {i: found[i] for i in sorted(list(found)[:limit])}
