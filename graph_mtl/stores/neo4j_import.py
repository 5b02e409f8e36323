"""Loads of any size into Neo4j, all or nothing, without one huge transaction.

A load larger than one batch is staged: an `:ImportBatch` marker is created, the
rows that add new items are written in transactions of `batch_rows` rows, each
node and relationship carrying the import's id in `_import`, and every read
leaves out what names a marker that still exists. The rows that change items
the graph already held wait, and are written in the one transaction that also
deletes the marker, so the whole import becomes visible at once. A failure
deletes what the import wrote (in batches too) and then its marker; an import
whose process died leaves a marker that the next store to start removes, with
its rows, once the marker is old or its process is gone.

Rows judged new are CREATEd, not MERGEd, so two writers could both add one item:
- One staged import at a time: a marker is unique (schema_import_single), and a
  second import waits up to `wait` seconds for the first to end, then answers
  LimitReached ("another import is running").
- A write outside any import (a small load, an intro's bundle) MERGEs and marks what
  it wrote with `_written`; its transaction ends within WRITE_SECONDS. A node it adds
  makes the import's CREATE fail on the node's uniqueness constraint: that batch is
  sent again without the rows now found, which wait for the end. A tie, evidence or
  employment it adds is merged away by the transaction that makes the import
  visible (merge_import_duplicates), which looks only at marks made since the
  import began, less WRITE_SECONDS. Such a write that comes later sets both copies
  (a MERGE sets every copy it matches) and keeps the import's `_import`, by which
  the merge tells the copies apart. Neo4j locks a relationship's end nodes to create
  it, so a write still open when the import's batch comes makes that batch, and the
  import's end, wait for it.
"""

from __future__ import annotations

import functools
import os
import socket
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from neo4j.exceptions import ConstraintError, TransientError

from graph_mtl.errors import LimitReached, StoreUnavailable
from graph_mtl.i18n import _
from graph_mtl.stores.neo4j_errors import OUT_OF_MEMORY

__all__ = [
    "STALE_SECONDS",
    "WAIT_SECONDS",
    "WRITE_SECONDS",
    "Batches",
    "Guard",
    "Stager",
    "drop",
    "reclaim",
    "retried",
    "rows_in",
    "staged_load",
]

STALE_SECONDS = 900
"""An import whose marker has not been touched for this long is abandoned."""

WAIT_SECONDS = 30.0
"""How long an import waits for another one to end before it gives up."""

WRITE_SECONDS = 600.0
"""The transaction timeout of a write outside an import (the store sets it)."""

_TRIES = 5
"""Attempts at one staged transaction (a deadlock with another writer, or a node that
a write outside the import added meanwhile, makes it try again)."""

Rows = list[dict[str, Any]]
Batches = list[tuple[str, Rows]]
Guard = Sequence[tuple[str, dict[str, Any]]]
"""Statements run first in a transaction; the last must write (answer `written` > 0)
for the transaction to commit."""


class Stager(Protocol):
    """What a staged load needs of the store: a guarded write transaction, a
    read, and a statement the server commits itself."""

    def _transaction(self, batches: Batches, *, guard: Guard = ()) -> bool: ...

    def _run(self, name: str, *, write: bool, **parameters: Any) -> list[Any]: ...

    def _auto_commit(self, name: str, **parameters: Any) -> None: ...


def _top(row: dict[str, Any]) -> dict[str, Any]:
    return row


def _inner(row: dict[str, Any]) -> dict[str, Any]:
    inner: dict[str, Any] = row["props"]
    return inner


def _no_ends(row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return ()


@dataclass(frozen=True)
class _Kind:
    """How a staged load treats the rows of one upsert statement."""

    parameter: str
    """Its list in read_existing_keys, its count in read_kind_counts."""
    key: Callable[[dict[str, Any]], Any]
    """A row's key: the id, or the tuple of ids, that names its item (all text)."""
    target: Callable[[dict[str, Any]], dict[str, Any]]
    """The map of a row that becomes the item's properties (where `_import` goes)."""
    label: str = ""
    """The label of the node a row makes, whose id is the key (node kinds only)."""
    ends: Callable[[dict[str, Any]], tuple[tuple[str, str], ...]] = _no_ends
    """(label, id) of the nodes a row's item hangs off: when one of them is new in
    this import, the item cannot be in the graph yet."""
    create: str = ""
    """The statement that CREATEs rows known to be new (else the upsert MERGEs them)."""
    packed: Callable[[dict[str, Any]], Any] | None = None
    """A row as `create` takes it, when not the row itself."""


def _tie_list(row: dict[str, Any]) -> list[Any]:
    props = row["props"]
    return [
        row["source"],
        row["target"],
        props["strength"],
        props["last_contact"],
        props["context"],
        props["_import"],
    ]


def _people(*ids: str) -> tuple[tuple[str, str], ...]:
    return tuple(("Person", i) for i in ids)


_KINDS: dict[str, _Kind] = {
    "upsert_needs": _Kind("needs", lambda r: r["id"], _top, "Need"),
    "upsert_roles": _Kind("roles", lambda r: r["props"]["id"], _inner, "Role"),
    "upsert_customers": _Kind("customers", lambda r: r["id"], _top, "Customer"),
    "upsert_customer_needs": _Kind(
        "customer_needs",
        lambda r: (r["customer_id"], r["need_id"]),
        _top,
        ends=lambda r: (("Customer", r["customer_id"]),),
    ),
    "upsert_capabilities": _Kind("capabilities", lambda r: r["id"], _top, "Capability"),
    "upsert_people": _Kind(
        "people", lambda r: r["props"]["id"], _inner, "Person", create="create_people"
    ),
    "upsert_ties": _Kind(
        "ties",
        lambda r: (r["source"], r["target"]),
        _inner,
        ends=lambda r: _people(r["source"], r["target"]),
        create="create_ties",
        packed=_tie_list,
    ),
    "upsert_channels": _Kind("channels", lambda r: r["id"], _top, "Channel"),
    "upsert_reach": _Kind(
        "reach",
        lambda r: (r["channel_id"], r["target_id"]),
        _top,
        ends=lambda r: (("Channel", r["channel_id"]),),
    ),
    "upsert_opportunities": _Kind("opportunities", lambda r: r["id"], _top, "Opportunity"),
    "upsert_evidence": _Kind(
        "evidence",
        lambda r: (r["source"], r["target"], r["origin"]),
        _inner,
        ends=lambda r: _people(r["source"], r["target"]),
        create="create_evidence",
    ),
    "upsert_employments": _Kind(
        "employments",
        lambda r: (r["person_id"], r["origin"], r["company"]),
        _top,
        ends=lambda r: _people(r["person_id"]),
        create="create_employments",
    ),
}


def staged_load(
    store: Stager, batches: Batches, *, batch_rows: int, wait: float = WAIT_SECONDS
) -> None:
    """Write `batches` (upsert statement, rows; in order) as one staged import."""
    import_id = uuid.uuid4().hex
    _begin(store, import_id, wait)
    try:
        waiting = _stage(store, import_id, batches, batch_rows)
        guard = (
            ("merge_import_duplicates", {"id": import_id, "slack_ms": int(WRITE_SECONDS * 1000)}),
            ("finish_import", {"id": import_id}),
        )
        if not retried(lambda: store._transaction(waiting, guard=guard)):
            raise _Abandoned(import_id)
    except BaseException:
        drop(store, import_id)
        raise


def _begin(store: Stager, import_id: str, wait: float) -> None:
    """Create the import's marker once no other import holds one (at most `wait` s)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            store._run(
                "begin_import", write=True, id=import_id, host=socket.gethostname(), pid=os.getpid()
            )
            return
        except StoreUnavailable as exc:
            if not isinstance(exc.__cause__, ConstraintError):
                raise
        if reclaim(store):  # the other import had died
            continue
        if time.monotonic() >= deadline:
            raise LimitReached(
                _("another import is running: try again once it has finished"),
                retry_after=int(WAIT_SECONDS),
            )
        time.sleep(0.2)


def retried(attempt: Callable[[], bool]) -> bool:
    """`attempt` (one transaction), again after a deadlock or another transient error."""
    for tries in range(_TRIES):
        try:
            return attempt()
        except StoreUnavailable as exc:
            cause = exc.__cause__
            if not isinstance(cause, TransientError) or tries == _TRIES - 1:
                raise
            if cause.code == OUT_OF_MEMORY:  # final for a batch of this size
                raise
        time.sleep(0.05 * (tries + 1))
    raise AssertionError("unreachable")


def _stage(store: Stager, import_id: str, batches: Batches, batch_rows: int) -> Batches:
    """Write the rows that add items; return those that change items, to wait.

    Which rows add items is known without asking the graph when it holds no item
    of their kind, or when an end of the item is a node this import made; only
    the other rows are looked up, one read per batch through the indexes. The
    rows known to be new are CREATEd (MERGE would look for each again).
    """
    waiting: Batches = []
    touch = (("touch_import", {"id": import_id}),)
    held = dict(store._run("read_kind_counts", write=False)[0])
    made: dict[str, set[Hashable]] = {}  # per label, the ids of the nodes this import made
    for name, rows in batches:
        kind = _KINDS[name]
        seen: set[int] = set()  # hashes of the keys written; a collision only makes a row wait
        later: Rows = []
        for start in range(0, len(rows), batch_rows):
            chunk = rows[start : start + batch_rows]
            keys = [kind.key(r) for r in chunk]
            found = _existing(store, kind, chunk, keys, made) if held[kind.parameter] else set()
            new: list[tuple[int, dict[str, Any]]] = []
            wait: list[tuple[int, dict[str, Any]]] = []
            for at, (row, key) in enumerate(zip(chunk, keys, strict=True)):
                if key in found or hash(key) in seen:  # a repeat changes what is there
                    wait.append((at, row))
                    continue
                seen.add(hash(key))
                kind.target(row)["_import"] = import_id
                new.append((at, row))
            new.sort(key=lambda pair: kind.key(pair[1]))  # every writer locks ends in one order
            wait += _create(store, import_id, name, new, touch)
            later += [row for _, row in sorted(wait, key=lambda pair: pair[0])]
            if kind.label:
                made.setdefault(kind.label, set()).update(
                    kind.key(row) for row in chunk if "_import" in kind.target(row)
                )
        if later:
            waiting.append((name, later))
    return waiting


def _create(
    store: Stager,
    import_id: str,
    name: str,
    new: list[tuple[int, dict[str, Any]]],
    touch: Guard,
) -> list[tuple[int, dict[str, Any]]]:
    """Write the (position, row) pairs judged new in one transaction; those that a write
    outside the import added meanwhile (a node's uniqueness constraint refuses them)
    come back, without their `_import`, to wait for the end."""
    kind = _KINDS[name]
    moved: list[tuple[int, dict[str, Any]]] = []
    for tries in range(_TRIES):
        rows = [row for _, row in new]
        try:
            sent = [kind.packed(r) for r in rows] if kind.packed else rows
            batch = [(kind.create or name, sent)]
            if rows and not retried(functools.partial(store._transaction, batch, guard=touch)):
                raise _Abandoned(import_id)
            return moved
        except StoreUnavailable as exc:
            if not isinstance(exc.__cause__, ConstraintError) or tries == _TRIES - 1:
                raise
        keys = [kind.key(row) for row in rows]
        found = _existing(store, kind, rows, keys, {})
        for pair in new:
            if kind.key(pair[1]) in found:
                del kind.target(pair[1])["_import"]
                moved.append(pair)
        new = [pair for pair in new if "_import" in kind.target(pair[1])]
    raise AssertionError("unreachable")


def _existing(
    store: Stager,
    kind: _Kind,
    chunk: Rows,
    keys: list[Hashable],
    made: dict[str, set[Hashable]],
) -> set[Hashable]:
    """Which of the keys the graph holds, asking only about rows no end of which is new."""
    doubtful = [
        key
        for row, key in zip(chunk, keys, strict=True)
        if not any(i in made.get(label, ()) for label, i in kind.ends(row))
    ]
    if not doubtful:
        return set()
    lists: dict[str, list[Any]] = {k.parameter: [] for k in _KINDS.values()}
    lists[kind.parameter] = [list(k) if isinstance(k, tuple) else k for k in doubtful]
    records = store._run("read_existing_keys", write=False, **lists)
    return {tuple(f) if isinstance(f, list) else f for f in (r["found"] for r in records)}


def drop(store: Stager, import_id: str) -> None:
    """Delete what an import wrote, then its marker (each in batches the server commits)."""
    store._auto_commit("drop_import_nodes", id=import_id)
    store._auto_commit("drop_import_relationships", id=import_id)
    store._run("drop_import", write=True, id=import_id)


def reclaim(store: Stager, *, stale_seconds: int = STALE_SECONDS) -> list[str]:
    """Remove the imports whose process died (on this host) or fell silent; their ids."""
    host = socket.gethostname()
    dropped = []
    for r in store._run("read_imports", write=False, stale_seconds=stale_seconds):
        dead = r["host"] == host and not _alive(r["pid"])
        if dead or r["stale"]:
            drop(store, r["id"])
            dropped.append(r["id"])
    return dropped


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _Abandoned(import_id: str) -> StoreUnavailable:  # noqa: N802 (raised like a class)
    """The import's marker disappeared: another store removed it as abandoned."""
    return StoreUnavailable(f"the import {import_id} was removed as abandoned while it ran")


def rows_in(batches: Iterable[tuple[str, Rows]]) -> int:
    return sum(len(rows) for _, rows in batches)
