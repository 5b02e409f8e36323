"""Large writes into the embedded store, inside the caller's transaction.

Rows of a large load are first put into a temporary table, then written with one
INSERT ... SELECT. The name-search triggers (graph_mtl/stores/sqlite_schema.py)
stay as they are and fire for each row as before, but inside that one statement:
FTS5 keeps what the rows add in memory until the statement ends, instead of
writing a segment for every row written by a statement of its own (which an
`executemany` is, row by row). A large load then builds the trigram indexes
about as fast as filling them once after the rows, and what the triggers write is
exactly what they write for a single write.

A table's secondary indexes are dropped before a very large load and built again
after it (one sort each instead of a million inserts in no order).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["indexes_rebuilt", "staged"]


def staged(
    db: sqlite3.Connection,
    insert: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """Run `insert` (which names `{rows}` where its rows come from: a SELECT over
    the staging table, in the order given) for `rows` of `columns`, in one
    statement."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    db.execute("DROP TABLE IF EXISTS temp.staged_rows")
    db.execute(f"CREATE TEMP TABLE staged_rows ({names})")
    try:
        db.executemany(f"INSERT INTO temp.staged_rows VALUES ({marks})", rows)
        # WHERE true: SQLite would otherwise read the ON of an upsert as a join's.
        db.execute(
            insert.format(rows=f"SELECT {names} FROM temp.staged_rows WHERE true ORDER BY rowid")
        )
    finally:
        db.execute("DROP TABLE temp.staged_rows")


@contextmanager
def indexes_rebuilt(db: sqlite3.Connection, table: str) -> Iterator[None]:
    """`table`'s secondary indexes dropped for the block and built again after it
    (the primary key's and UNIQUE constraints' stay: SQLite keeps those itself)."""
    found = db.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL ORDER BY name",
        (table,),
    ).fetchall()
    for name, _ in found:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in found:
        db.execute(sql)
