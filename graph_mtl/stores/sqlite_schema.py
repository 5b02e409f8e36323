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
its index is stale and bring it up to date. It also holds the database's
identity (`store_id`, schema 6): a random number drawn when the database is
created (or first opened by a graph-mtl that knows it), which the index file
records, so that an index is never used for another database at the same path.

Finding by name (schema 5) reads `search`: each person's, customer's and
channel's fields folded by `search_text` (graph_mtl/domain/names.py), written
with the row. Two indexes serve it: the column's own B-tree (a prefix of the
name) and an FTS5 table with the trigram tokenizer (any substring of three
characters or more), kept by triggers in the row's transaction. Customers and
channels, whose tables have no integer row id, share `names_search` for it.
The trigram tokenizer needs SQLite 3.34 or later built with FTS5
(`require_trigram`). Schema 6 writes the text again as it now folds: traditional
Chinese as simplified, with the pinyin of Chinese names (`search_text`). Schema 8
writes the employments' company keys again as they now fold (traditional as
simplified).
"""

from __future__ import annotations

import sqlite3

from graph_mtl.domain.names import company_key, person_search_text, search_text

__all__ = ["SCHEMA_VERSION", "migrate", "require_trigram"]

SCHEMA_VERSION = 9

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

_NAMES = "json_extract(data, '$.name'), id"
_NAME_TRIGGERS = "".join(
    f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN"
    f" INSERT INTO names_search (kind, id, search) VALUES ('{kind}', new.id, new.search)"
    " ON CONFLICT (kind, id) DO UPDATE SET search = excluded.search; END;\n"
    f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF search ON {table} BEGIN"
    f" UPDATE names_search SET search = new.search WHERE kind = '{kind}' AND id = new.id; END;\n"
    f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN"
    f" DELETE FROM names_search WHERE kind = '{kind}' AND id = old.id; END;\n"
    for table, kind in (("customers", "customer"), ("channels", "channel"))
)
_V5 = f"""
ALTER TABLE people ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE people SET search = search_text({_NAMES},
    json_extract(data, '$.title'), json_extract(data, '$.email'));
UPDATE customers SET search = search_text({_NAMES});
UPDATE channels SET search = search_text({_NAMES});
CREATE INDEX people_by_search ON people (search);
CREATE VIRTUAL TABLE people_fts USING fts5(
    search, content = 'people', content_rowid = 'n', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO people_fts (people_fts) VALUES ('rebuild');
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN INSERT INTO people_fts (rowid, search) VALUES (new.n, new.search); END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN INSERT INTO people_fts (people_fts, rowid, search) VALUES ('delete', old.n, old.search); END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF search ON people BEGIN INSERT INTO people_fts (people_fts, rowid, search) VALUES ('delete', old.n, old.search); INSERT INTO people_fts (rowid, search) VALUES (new.n, new.search); END;
CREATE TABLE names_search (
    n INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    search TEXT NOT NULL,
    UNIQUE (kind, id)
);
CREATE INDEX names_by_search ON names_search (kind, search);
INSERT INTO names_search (kind, id, search) SELECT 'customer', id, search FROM customers;
INSERT INTO names_search (kind, id, search) SELECT 'channel', id, search FROM channels;
CREATE VIRTUAL TABLE names_fts USING fts5(
    search, content = 'names_search', content_rowid = 'n', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO names_fts (names_fts) VALUES ('rebuild');
CREATE TRIGGER names_fts_insert AFTER INSERT ON names_search BEGIN INSERT INTO names_fts (rowid, search) VALUES (new.n, new.search); END;
CREATE TRIGGER names_fts_delete AFTER DELETE ON names_search BEGIN INSERT INTO names_fts (names_fts, rowid, search) VALUES ('delete', old.n, old.search); END;
CREATE TRIGGER names_fts_update AFTER UPDATE OF search ON names_search BEGIN INSERT INTO names_fts (names_fts, rowid, search) VALUES ('delete', old.n, old.search); INSERT INTO names_fts (rowid, search) VALUES (new.n, new.search); END;
{_NAME_TRIGGERS}"""
"""Finding by name through indexes: the folded text of each row, a prefix index on
it and a trigram index (an INSERT OR REPLACE deletes without delete triggers, so
the insert triggers upsert)."""

_V6 = """
INSERT INTO meta VALUES ('store_id', random());
"""
"""The database's identity, for its search index file to name."""

_V7 = f"""
UPDATE people SET search = person_search_text({_NAMES},
    json_extract(data, '$.title'), json_extract(data, '$.email'));
UPDATE customers SET search = search_text({_NAMES});
UPDATE channels SET search = search_text({_NAMES})
"""
"""Finding Chinese names as Chinese users type them: the search texts again, with
traditional characters folded to simplified and the pinyin of Chinese names (the
triggers bring the trigram indexes and `names_search` along)."""

_V8 = """
UPDATE evidence SET data = json_insert(data, '$.sent', 0, '$.received', 0, '$.meetings', 0)
"""
"""Evidence by direction: the messages a tie's source sent and received and the
meetings, beside contacts of no known direction, kept in `data` like the rest.
Evidence written before holds none (its messages stay undirected `contacts`); the
version also keeps an older graph-mtl, which would read the new fields as damage,
from opening the file."""

_V9 = """
UPDATE employments SET company_key = company_key(company)
WHERE company_key != company_key(company)
"""
"""A company's key folds traditional characters to simplified (華信製造 is 华信制造):
the employments' keys again."""

_MIGRATIONS = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7, 8: _V8, 9: _V9}
"""Each entry takes the schema from the version before it (0: an empty file)."""


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the database up to SCHEMA_VERSION, each step in its own transaction;
    the version it had before (0 for a new file). A newer file is refused."""
    require_trigram()
    found: int = connection.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise ValueError(
            f"the store was written by a newer graph-mtl (schema {found}, this one knows "
            f"up to {SCHEMA_VERSION})"
        )
    connection.create_function("search_text", -1, search_text, deterministic=True)
    connection.create_function("person_search_text", 4, person_search_text, deterministic=True)
    connection.create_function("company_key", 1, company_key, deterministic=True)
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


def require_trigram() -> None:
    """Refuse an SQLite without FTS5's trigram tokenizer (3.34 or later, FTS5 built in)."""
    if sqlite3.sqlite_version_info < (3, 34, 0):
        raise ValueError(
            f"the embedded store needs SQLite 3.34 or later (FTS5 with the trigram "
            f"tokenizer, for finding by name); this Python has SQLite {sqlite3.sqlite_version}"
        )
    if _fts5_missing():
        raise ValueError(
            f"the embedded store needs SQLite built with FTS5 (for finding by name); "
            f"this Python's SQLite {sqlite3.sqlite_version} has none"
        )


_checked: list[bool] = []


def _fts5_missing() -> bool:
    if not _checked:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram')")
            _checked.append(False)
        except sqlite3.OperationalError:
            _checked.append(True)
        finally:
            probe.close()
    return _checked[0]
