"""The embedded store's SQL for who may do what: introduction requests, API keys
and the team's sharing, as functions over a connection inside the caller's
transaction; and the team as of the last commit, kept between reads (`kept_team`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Any

from graph_mtl.domain.models import ApiKey, IntroRequest, IntroStatus, TeamMember
from graph_mtl.stores.sqlite_db import Database
from graph_mtl.stores.sqlite_parsed import member
from graph_mtl.stores.sqlite_reads import items
from graph_mtl.stores.sqlite_records import as_json, upsert

__all__ = [
    "api_key",
    "api_keys",
    "intros",
    "kept_team",
    "put_api_keys",
    "revoke_api_key",
    "save_intro",
    "set_team_sharing",
    "share",
    "team",
]

_KEY_COLUMNS = ["id", "key_hash", "salesperson_id", "created_on"]


def save_intro(
    db: sqlite3.Connection, intro: IntroRequest, *, expected: IntroStatus | None
) -> bool:
    """Write `intro` if its stored status is `expected` (None: not stored yet)."""
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
            as_json(intro),
        ),
    )
    return True


def intros(
    db: sqlite3.Connection,
    *,
    salesperson_id: str | None,
    via_ids: Collection[str] | None,
    ids: Collection[str] | None,
) -> list[IntroRequest]:
    return items(
        db,
        IntroRequest,
        "intros",
        "requested_on DESC, id",
        salesperson_id=salesperson_id,
        id=None if ids is None else sorted(set(ids)),
        via_id=None if via_ids is None else sorted(set(via_ids)),
    )


def put_api_keys(db: sqlite3.Connection, keys: list[ApiKey]) -> None:
    upsert(db, "api_keys", _KEY_COLUMNS, keys, _key_row)


def api_key(db: sqlite3.Connection, key_hash: str) -> ApiKey | None:
    row = db.execute("SELECT data FROM api_keys WHERE key_hash = ?", (key_hash,)).fetchone()
    return None if row is None else ApiKey.model_validate_json(row[0])


def api_keys(db: sqlite3.Connection, *, salesperson_id: str | None) -> list[ApiKey]:
    return items(db, ApiKey, "api_keys", "created_on, id", salesperson_id=salesperson_id)


def revoke_api_key(db: sqlite3.Connection, key_id: str) -> bool:
    row = db.execute("SELECT data FROM api_keys WHERE id = ?", (key_id,)).fetchone()
    if row is None:
        return False
    key = ApiKey.model_validate_json(row[0])
    if not key.revoked:
        revoked = key.model_copy(update={"revoked": True})
        db.execute("UPDATE api_keys SET data = ? WHERE id = ?", (revoked.model_dump_json(), key_id))
    return True


def kept_team(database: Database) -> list[TeamMember]:
    """`team` as a read beginning now would find it, read again only if something was
    committed since this thread last read it (`Database.kept`)."""
    return list(database.kept("team", team))


def team(db: sqlite3.Connection) -> list[TeamMember]:
    rows = db.execute(
        "SELECT p.id, json_extract(p.data, '$.name'), s.person_id IS NOT NULL FROM people p"
        " LEFT JOIN team_shared s ON s.person_id = p.id"
        " WHERE p.is_salesperson ORDER BY p.id"
    )
    return [member((i, name, bool(shared))) for i, name, shared in rows]


def set_team_sharing(db: sqlite3.Connection, salesperson_id: str, *, shared: bool) -> bool:
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


def share(db: sqlite3.Connection, person_ids: Collection[str]) -> None:
    """Mark those of `person_ids` the store holds as sharing with the team."""
    db.executemany(
        "INSERT OR IGNORE INTO team_shared SELECT id FROM people WHERE id = ?",
        [(i,) for i in person_ids],
    )


def _key_row(key: ApiKey) -> list[Any]:
    return [key.id, key.key_hash, key.salesperson_id, key.created_on.isoformat()]
