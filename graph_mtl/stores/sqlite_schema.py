"""The embedded store's tables, and the migrations that bring an older file up to date.

One table per kind of item. People carry a number (`n`, never reused) besides
their id: ties are keyed by the ordered pair of numbers, so the search index
(graph_mtl/stores/social_index.py) reads them as integers, and a tie cannot
outlive either of its people (foreign keys, ON DELETE CASCADE). Items whose
fields no query filters on are kept whole as JSON in `data`; the columns
beside it are the keys and the filters, each with its index.

`meta` holds the schema version and the graph's generation: a counter raised by
every write that changes the social graph, with `touched` listing the people
whose ties changed at each generation, so that another process can tell that
its index is stale and bring it up to date.
"""

from __future__ import annotations

import sqlite3

__all__ = ["SCHEMA_VERSION", "migrate"]

SCHEMA_VERSION = 4

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('generation', 0), ('bulk_generation', 0);

CREATE TABLE people (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT,
    is_salesperson INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX people_by_customer ON people (customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX people_salespeople ON people (id) WHERE is_salesperson;

CREATE TABLE ties (
    a INTEGER NOT NULL REFERENCES people (n) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES people (n) ON DELETE CASCADE,
    strength REAL NOT NULL,
    last_contact TEXT,
    context TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX ties_by_b ON ties (b);

CREATE TABLE customers (id TEXT PRIMARY KEY, status TEXT NOT NULL, data TEXT NOT NULL)
    WITHOUT ROWID;
CREATE INDEX customers_by_status ON customers (status, id);
CREATE TABLE needs (id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE roles (id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE capabilities (id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE channels (id TEXT PRIMARY KEY, person_id TEXT, data TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX channels_by_person ON channels (person_id) WHERE person_id IS NOT NULL;
CREATE TABLE customer_needs (
    customer_id TEXT NOT NULL,
    need_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (customer_id, need_id)
) WITHOUT ROWID;
CREATE TABLE reach (
    channel_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (channel_id, target_id)
) WITHOUT ROWID;
CREATE INDEX reach_by_target ON reach (target_id);
CREATE TABLE opportunities (id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    salesperson_id TEXT NOT NULL,
    created_on TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX api_keys_by_salesperson ON api_keys (salesperson_id);
CREATE TABLE team_shared (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE touched (generation INTEGER NOT NULL, n INTEGER NOT NULL);
CREATE INDEX touched_by_generation ON touched (generation);
"""

_V2 = """
CREATE INDEX opportunities_by_contact ON opportunities (json_extract(data, '$.contact_id'));
CREATE TABLE erasures (
    digest TEXT PRIMARY KEY,
    erased_on TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
"""
"""Erasure that erases: opportunities found by their contact, and the erasure log."""

_V3 = """
CREATE TABLE evidence (
    a INTEGER NOT NULL REFERENCES people (n) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES people (n) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (a, b, origin),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX evidence_by_b ON evidence (b);
CREATE TABLE employments (
    n INTEGER NOT NULL REFERENCES people (n) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    company TEXT NOT NULL,
    company_key TEXT NOT NULL,
    ref TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (n, origin, company)
) WITHOUT ROWID;
CREATE INDEX employments_by_ref ON employments (ref) WHERE ref != '';
CREATE INDEX employments_by_company ON employments (company_key);
CREATE INDEX employments_by_since ON employments (since);
CREATE INDEX employments_by_until ON employments (until) WHERE until IS NOT NULL;
CREATE INDEX people_by_email ON people (lower(json_extract(data, '$.email')))
    WHERE json_extract(data, '$.email') != '';
"""
"""Imported networks: a tie's evidence by source, people's employments by source
(provenance and job changes), people found by e-mail."""

_V4 = """
CREATE TABLE intros (
    id TEXT PRIMARY KEY,
    salesperson_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    via_id TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_on TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX intros_by_salesperson ON intros (salesperson_id, requested_on);
CREATE INDEX intros_by_target ON intros (target_id);
CREATE INDEX intros_by_via ON intros (via_id);
"""
"""Introduction requests, found by whoever they name (forgetting one of them deletes them)."""

_MIGRATIONS = {1: _V1, 2: _V2, 3: _V3, 4: _V4}
"""Each entry takes the schema from the version before it (0: an empty file)."""


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the database up to SCHEMA_VERSION, each step in its own transaction;
    the version it had before (0 for a new file). A newer file is refused."""
    found: int = connection.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise ValueError(
            f"the store was written by a newer graph-mtl (schema {found}, this one knows "
            f"up to {SCHEMA_VERSION})"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if connection.execute("PRAGMA user_version").fetchone()[0] >= version:
                connection.execute("ROLLBACK")
                continue
            for statement in _MIGRATIONS[version].split(";\n"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return found
