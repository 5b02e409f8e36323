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
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from graph_mtl.errors import StoreUnavailable

__all__ = [
    "STALE_SECONDS",
    "Batches",
    "Guard",
    "Stager",
    "drop",
    "reclaim",
    "rows_in",
    "staged_load",
]

STALE_SECONDS = 900
"""An import whose marker has not been touched for this long is abandoned."""

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


# Per upsert statement: its parameter in read_existing_keys, a row's key there,
# and the map of the row that becomes the item's properties (where `_import` goes).
_KEYS: dict[str, tuple[str, Callable[[dict[str, Any]], Any], Callable[..., dict[str, Any]]]] = {
    "upsert_needs": ("needs", lambda r: r["id"], _top),
    "upsert_roles": ("roles", lambda r: r["props"]["id"], _inner),
    "upsert_customers": ("customers", lambda r: r["id"], _top),
    "upsert_customer_needs": ("customer_needs", lambda r: [r["customer_id"], r["need_id"]], _top),
    "upsert_capabilities": ("capabilities", lambda r: r["id"], _top),
    "upsert_people": ("people", lambda r: r["props"]["id"], _inner),
    "upsert_ties": ("ties", lambda r: [r["source"], r["target"]], _inner),
    "upsert_channels": ("channels", lambda r: r["id"], _top),
    "upsert_reach": ("reach", lambda r: [r["channel_id"], r["target_id"]], _top),
    "upsert_opportunities": ("opportunities", lambda r: r["id"], _top),
    "upsert_evidence": ("evidence", lambda r: [r["source"], r["target"], r["origin"]], _inner),
    "upsert_employments": (
        "employments",
        lambda r: [r["person_id"], r["origin"], r["company"]],
        _top,
    ),
}


def staged_load(store: Stager, batches: Batches, *, batch_rows: int) -> None:
    """Write `batches` (upsert statement, rows; in order) as one staged import."""
    import_id = uuid.uuid4().hex
    store._run("begin_import", write=True, id=import_id, host=socket.gethostname(), pid=os.getpid())
    try:
        waiting = _stage(store, import_id, batches, batch_rows)
        guard = (("finish_import", {"id": import_id}),)
        if not store._transaction(waiting, guard=guard):
            raise _Abandoned(import_id)
    except BaseException:
        drop(store, import_id)
        raise


def _stage(store: Stager, import_id: str, batches: Batches, batch_rows: int) -> Batches:
    """Write the rows that add items; return those that change items, to wait."""
    waiting: Batches = []
    touch = (("touch_import", {"id": import_id}),)
    for name, rows in batches:
        parameter, key_of, target = _KEYS[name]
        later: Rows = []
        for start in range(0, len(rows), batch_rows):
            chunk = rows[start : start + batch_rows]
            keys = [key_of(r) for r in chunk]
            found = _existing(store, parameter, keys)
            new: Rows = []
            seen: set[str] = set()
            for row, key in zip(chunk, keys, strict=True):
                text = repr(key)
                if text in found or text in seen:  # a repeat changes what this import added
                    later.append(row)
                else:
                    seen.add(text)
                    target(row)["_import"] = import_id
                    new.append(row)
            if new and not store._transaction([(name, new)], guard=touch):
                raise _Abandoned(import_id)
        if later:
            waiting.append((name, later))
    return waiting


def _existing(store: Stager, parameter: str, keys: list[Any]) -> set[str]:
    lists: dict[str, list[Any]] = {p: [] for p, _, _ in _KEYS.values()}
    lists[parameter] = keys
    return {repr(r["found"]) for r in store._run("read_existing_keys", write=False, **lists)}


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
