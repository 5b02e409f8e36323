"""The embedded store: SQLite as the record, and a memory-mapped array index of
the social graph beside it for search. `SqliteStore` composes the parts, each
in a module of its own job:

- connections and transactions (`sqlite_db.py`): one SQLite file in WAL mode,
  any number of processes and threads reading and writing it at once; every
  write is one transaction, committed before the call returns, so an
  acknowledged write is on disk and nothing is half-written;
- the record's SQL (`sqlite_records.py`, `sqlite_access.py`, tie writes in
  `sqlite_ties.py`, the schema in `sqlite_schema.py`);
- the search index's life (`sqlite_index.py`: build, map, check, patch,
  rebuild) and the searches over it with person ids (`sqlite_paths.py`);
- name search (`sqlite_search.py`).

An earlier JSON store (`graph.json`, format graph-mtl/1) is migrated on first
open into the `.db` beside it, in one transaction; the JSON file is left as it
was. A store without a path lives in a temporary folder removed at close (the
tests' fake).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from pathlib import Path

from graph_mtl.domain.bundle import Bundle
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
)
from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.domain.ports import (
    NO_DETAILS,
    Adjacency,
    EntityKind,
    ExplainedPaths,
    Found,
    PathDetails,
    path_parts,
)
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import sqlite_access as access
from graph_mtl.stores import sqlite_details, sqlite_paths, sqlite_search
from graph_mtl.stores import sqlite_reads as reads
from graph_mtl.stores import sqlite_records as records
from graph_mtl.stores.legacy_json import is_legacy_json, read_legacy_json
from graph_mtl.stores.social_index import SocialGraph
from graph_mtl.stores.sqlite_db import Database, database_path
from graph_mtl.stores.sqlite_index import OVERLAY_LIMIT, IndexKeeper, Rebuild
from graph_mtl.stores.sqlite_paths import IdTree
from graph_mtl.stores.sqlite_ties import BULK
from graph_mtl.stores.view import explained_by_parts

__all__ = ["OVERLAY_LIMIT", "SqliteStore", "database_path"]

_log = logging.getLogger("graph_mtl.store")


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
        self._database = Database(self.path, busy_timeout=busy_timeout)
        self._index = IndexKeeper(self._database, self.index_path)
        self._id_map = records.IdMap(self._database)
        self._pinned = threading.local()
        """This thread's graph while it is inside `snapshot` (checked at its start)."""
        legacy = path if path.suffix == ".json" else self.path.with_suffix(".json")
        with self._database.translated("open"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            self._database.connection(create=True)
        self._index.sweep()
        if legacy != self.path and is_legacy_json(legacy) and (new or self._holds_nothing()):
            self.migrate_from(legacy)

    def _holds_nothing(self) -> bool:
        """No person, key or erasure yet: a migration that failed left nothing behind."""
        with self._database.read() as db:
            (empty,) = db.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM api_keys)"
                " AND NOT EXISTS (SELECT 1 FROM erasures)"
            ).fetchone()
        return bool(empty)

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        large = len(bundle.ties) > BULK or len(bundle.people) > BULK
        with self._database.write(large=large) as db:
            due = self._load_in(db, bundle)
            if large:
                sqlite_search.compact(db)
        if due is not None:
            self._index.rebuild(due.prebuilt)

    def _load_in(self, db: sqlite3.Connection, bundle: Bundle) -> Rebuild | None:
        """`load` inside the caller's transaction: whether (and from what) the index
        must be rebuilt once it is committed."""
        alone = not records.has_ties(db)
        written = records.load(db, bundle)
        return self._index.wrote(db, written, alone=alone)

    def export(self) -> Bundle:
        with self._database.read() as db:
            return reads.export(db)

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        with self._database.write() as db:
            changed = records.forget(db, person_id, erasure)
            if changed is None:
                return False
            self._index.touch(db, changed, bulk=False)
        sqlite_details.forget_parsed()  # the records parsed and kept, theirs among them
        # The index file (their row and id, no names) is rewritten without them; then
        # the WAL, which held every version of their rows, is emptied.
        self._index.rebuild()
        if not self._database.checkpoint():
            _log.warning("the WAL of %s could not be emptied after a forget", self.path)
        return True

    def erasures(self) -> list[Erasure]:
        with self._database.read() as db:
            return reads.items(db, Erasure, "erasures", "erased_on")

    def migrate_from(self, legacy: Path) -> dict[str, int]:
        """Copy an earlier JSON store into this one, in one transaction; the JSON file
        is left as it was. How many items of each kind."""
        found = read_legacy_json(legacy)
        bundle = found.bundle
        large = len(bundle.ties) > BULK or len(bundle.people) > BULK
        with self._database.write(large=large) as db:
            due = self._load_in(db, bundle)
            access.put_api_keys(db, found.api_keys)
            access.share(db, found.team_shared)
        if due is not None:
            self._index.rebuild(due.prebuilt)
        _log.info("migrated %s into %s", legacy, self.path)
        return {**found.bundle.counts(), "api_keys": len(found.api_keys)}

    # -- reads -------------------------------------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        if not ids:
            return set()
        with self._database.read() as db:
            return reads.existing(db, kind, ids)

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._database.read() as db:
            return reads.people(db, wanted)

    def employees(self, customer_id: str) -> list[Person]:
        with self._database.read() as db:
            return reads.employees(db, customer_id)

    def employees_of(
        self, customer_ids: Collection[str], *, with_roles: bool = False
    ) -> dict[str, list[Person]]:
        found: dict[str, list[Person]] = {c: [] for c in customer_ids}
        if not found:
            return found
        with self._database.read() as db:
            for customer_id, person in reads.employees_of(db, found, with_roles=with_roles):
                found[customer_id].append(person)
        return found

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        if ids is not None and not ids:
            return []
        with self._database.read() as db:
            return reads.items(
                db,
                Customer,
                "customers",
                "id",
                status=None if status is None else str(status),
                id=ids,
            )

    def customer(self, customer_id: str) -> Customer | None:
        with self._database.read() as db:
            return reads.customer(db, customer_id)

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        with self._searching() as (graph, id_map):
            return sqlite_paths.adjacency(graph, id_map, person_ids)

    def tied_only_to(self, person_ids: Collection[str], others: Collection[str]) -> set[str]:
        with self._searching() as (graph, id_map):
            return sqlite_paths.tied_only_to(graph, id_map, person_ids, others)

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        with self._database.read() as db:
            return {tie.pair: tie for tie in reads.ties(db, pairs)}

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        found: dict[tuple[str, str], list[TieEvidence]] = {}
        with self._database.read() as db:
            for item in reads.evidence(db, pairs):
                found.setdefault(item.pair, []).append(item)
        return found

    def path_details(
        self, person_ids: Collection[str], pairs: Collection[tuple[str, str]]
    ) -> PathDetails:
        wanted = list(dict.fromkeys(person_ids))
        if not wanted and not pairs:
            return PathDetails({}, {}, {}, {}, [])
        with self._database.read() as db:
            return reads.path_details(db, wanted, pairs)

    def employments(
        self,
        *,
        person_ids: Collection[str] | None = None,
        refs: Collection[str] | None = None,
        company_keys: Collection[str] | None = None,
        changed_since: date | None = None,
    ) -> list[Employment]:
        with self._database.read() as db:
            return reads.employments(
                db,
                person_ids=person_ids,
                refs=refs,
                company_keys=company_keys,
                changed_since=changed_since,
            )

    def people_by_email(self, emails: Collection[str]) -> dict[str, list[str]]:
        with self._database.read() as db:
            return reads.people_by_email(db, emails)

    def search(self, text: str, *, limit: int) -> Found:
        with self._database.read() as db:
            return sqlite_search.search(db, text, limit=limit)

    def needs(self) -> list[Need]:
        with self._database.read() as db:
            return reads.items(db, Need, "needs", "id")

    def roles(self) -> list[Role]:
        with self._database.read() as db:
            return reads.items(db, Role, "roles", "id")

    def capabilities(self) -> list[Capability]:
        with self._database.read() as db:
            return reads.items(db, Capability, "capabilities", "id")

    def channels(
        self, *, person_ids: Collection[str] | None = None, ids: Collection[str] | None = None
    ) -> list[Channel]:
        with self._database.read() as db:
            return reads.items(db, Channel, "channels", "id", person_id=person_ids, id=ids)

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        with self._database.read() as db:
            return reads.items(db, Reach, "reach", "channel_id, target_id", target_id=target_ids)

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]:
        with self._database.read() as db:
            return reads.items(
                db, CustomerNeed, "customer_needs", "customer_id, need_id", customer_id=customer_id
            )

    def opportunities(self) -> list[Opportunity]:
        with self._database.read() as db:
            return reads.items(db, Opportunity, "opportunities", "id")

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
        with self._searching() as (graph, id_map):
            return sqlite_paths.best_paths(
                graph, id_map, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
            )

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> IdTree:
        graph = self.graph()
        id_map = sqlite_paths.IndexIdMap(graph, self._id_map)
        return sqlite_paths.paths_from(
            graph, id_map, source, max_hops=max_hops, mode=mode, blocked=blocked
        )

    def explained_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> ExplainedPaths:
        """In one snapshot: the ends and the search in the index, the paths' people
        and ties then read by the numbers the search found them at."""
        if source == target:
            return explained_by_parts(
                self, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
            )
        with self.snapshot():
            graph = self._pinned.graph  # the snapshot's
            id_map = sqlite_paths.IndexIdMap(graph, self._id_map)
            paths, numbered = sqlite_paths.numbered_paths(
                graph, id_map, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
            )
            ends = set(id_map.numbers([source, target])) if not paths else {source, target}
            if not paths:
                return ExplainedPaths(ends, [], NO_DETAILS)
            with self._database.read() as db:
                return ExplainedPaths(
                    ends, paths, sqlite_details.numbered_details(db, numbered, path_parts(paths)[1])
                )

    # -- access --------------------------------------------------------------
    def save_intro(
        self, intro: IntroRequest, *, expected: IntroStatus | None, also: Bundle | None = None
    ) -> bool:
        with self._database.write() as db:
            if not access.save_intro(db, intro, expected=expected):
                return False
            due = self._load_in(db, also) if also is not None else None
        if due is not None:
            self._index.rebuild()
        return True

    def intros(
        self,
        *,
        salesperson_id: str | None = None,
        via_ids: Collection[str] | None = None,
        ids: Collection[str] | None = None,
    ) -> list[IntroRequest]:
        with self._database.read() as db:
            return access.intros(db, salesperson_id=salesperson_id, via_ids=via_ids, ids=ids)

    def save_api_key(self, key: ApiKey) -> None:
        with self._database.write() as db:
            db.execute("DELETE FROM api_keys WHERE id = ?", (key.id,))
            access.put_api_keys(db, [key])

    def api_key(self, key_hash: str) -> ApiKey | None:
        with self._database.read() as db:
            return access.api_key(db, key_hash)

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        with self._database.read() as db:
            return access.api_keys(db, salesperson_id=salesperson_id)

    def revoke_api_key(self, key_id: str) -> bool:
        with self._database.write() as db:
            return access.revoke_api_key(db, key_id)

    def team(self) -> list[TeamMember]:
        return access.kept_team(self._database)  # read again only after a commit

    def set_team_sharing(self, salesperson_id: str, *, shared: bool) -> bool:
        with self._database.write() as db:
            return access.set_team_sharing(db, salesperson_id, shared=shared)

    # -- life cycle --------------------------------------------------------
    def ping(self) -> None:
        if not self.path.exists():
            raise StoreUnavailable(f"the store file {self.path} is gone")
        with self._database.read() as db:
            db.execute("SELECT 1").fetchone()

    def close(self) -> None:
        """Close this thread's connection (graph_mtl/stores/sqlite_db.py); later calls
        open a new one."""
        self._database.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def graph(self) -> SocialGraph:
        """The social graph as it is now: the index, brought up to date if the data
        changed since this process last looked (inside `snapshot`: as it was at its
        start)."""
        pinned: SocialGraph | None = getattr(self._pinned, "graph", None)
        return pinned if pinned is not None else self._index.graph()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction for the reads inside, with the store file and the
        index looked at once, at its start: an answer's id look-ups, search and
        explanation pay for one check instead of one per call. When the index is not
        that of the transaction's snapshot it is brought up to date first, outside any
        transaction (that may rebuild it, a write); a write committed in between is
        then in what the block reads and not in its index, as when the calls ran one
        after another (`explain` leaves out a path through someone since forgotten).
        The next block sees every write committed before it."""
        if getattr(self._pinned, "graph", None) is not None:
            yield
            return
        with self._fresh_read() as (graph, _):
            self._pinned.graph = graph
            try:
                yield
            finally:
                self._pinned.graph = None

    def _searching(self) -> contextlib.AbstractContextManager[tuple[SocialGraph, records.IdMap]]:
        """The graph and id look-ups of one search call (the index's ids, the database
        asked about the others): `_search_graph`'s, no transaction (held in a plain
        `nullcontext`: this runs before every search), or if the index is not up to
        date, one read for bringing it up to date and every look-up."""
        graph = self._search_graph()
        if graph is not None:
            return contextlib.nullcontext((graph, sqlite_paths.IndexIdMap(graph, self._id_map)))
        return self._fresh_searching()

    @contextlib.contextmanager
    def _fresh_searching(self) -> Iterator[tuple[SocialGraph, records.IdMap]]:
        with self._fresh_read() as (graph, db):
            yield graph, sqlite_paths.IndexIdMap(graph, records.HeldIdMap(db))

    @contextlib.contextmanager
    def _fresh_read(self) -> Iterator[tuple[SocialGraph, sqlite3.Connection]]:
        """One read transaction and the index of its snapshot. When the index is not
        that of the read's snapshot, it is brought up to date first, outside any read
        (that may rebuild it, a write), and a new read opens after it."""
        with self._database.read() as db:
            graph = self._index.current(db)  # usually: the index is that of this read
            if graph is not None:
                yield graph, db
                return
        graph = self._index.graph()
        sqlite_details.forget_parsed()  # others wrote since: a forget, maybe
        with self._database.read() as db:
            # A statement now: the read's snapshot starts here (a search may read none).
            graph = self._index.current(db) or graph
            yield graph, db

    def _search_graph(self) -> SocialGraph | None:
        """The graph of a search call when no read is needed for it: inside `snapshot`,
        its graph; else the index, if it is that of the database now (`current_now`).
        None: `_searching` brings it up to date."""
        pinned: SocialGraph | None = getattr(self._pinned, "graph", None)
        return pinned if pinned is not None else self._index.current_now()

    @property
    def id_map(self) -> records.IdMap:
        """Person ids and their rows in `graph()` (for searches run elsewhere on it)."""
        return self._id_map
