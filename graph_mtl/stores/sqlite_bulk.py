"""Large writes into the embedded store, inside the caller's transaction.

Rows of a large load are first put into a temporary table, then written with one
INSERT ... SELECT. The name-search triggers (graph_mtl/stores/sqlite_schema.py)
stay as they are and fire for each row as before, but inside that one statement:
FTS5 keeps what the rows add in memory until the statement ends, instead of
writing a segment for every row written by a statement of its own (which an
`executemany` is, row by row). A large load then builds the trigram indexes
about as fast as filling them once after the rows, and what the triggers write is
exactly what they write for a single write.

Rows go to SQLite many to a statement (`many_rows`: 199 ties, say, in one
INSERT ... VALUES; `many_columns` for rows held as columns): binding a
statement's values costs about half of running the statement once for each row,
which at ten million ties is most of what Python adds to SQLite's own work. The
values bound are plain ints, floats and strings: a None or a bool goes through
the sqlite3 module's adapter look-up first (a NULL is written as '' through
NULLIF, a flag as 0 or 1).

A table's secondary indexes are dropped before a very large load and built again
after it (one sort each instead of a million inserts in no order).

A first large load of people (into an empty table) does not run the trigram
trigger at all, so its rows are not staged but written straight in: FTS5's
trigram tokenizer is most of such a load's time, so the index is built by a
thread into a scratch file while the rest of the load is written
(`TrigramBuild`), and copied in before the transaction commits. The
scratch file is in a folder beside the database (`graph.db.fts-XXXXXXXX`); one
left by a load that was killed is removed by the next such load (which holds the
store's write lock, so no other load can be using it).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

__all__ = [
    "TrigramBuild",
    "indexes_rebuilt",
    "many_columns",
    "many_rows",
    "staged",
    "trigger_dropped",
]

_VALUES = 999
"""Values bound to one statement by `many_rows` at most (an older SQLite's limit)."""

_CHUNK = 100_000
"""Rows `many_rows` holds flattened at a time."""


def many_rows(
    db: sqlite3.Connection,
    insert: str,
    width: int,
    rows: Iterable[Sequence[Any]],
    tail: str = "",
    *,
    row: str = "",
) -> None:
    """Run `insert` (an INSERT ... VALUES, without its rows) then `tail` (an ON
    CONFLICT clause, say) for `rows` of `width` values, as many rows to a statement
    as fit: binding a statement's values costs about half of executing the
    statement once for each row. Rows are written in order, so a key repeated
    later wins as with a statement for each row. `row` is one row's values (`width`
    marks, some inside an expression); one `?` each by default."""
    rows = iter(rows)
    while flat := [value for row_ in islice(rows, _CHUNK) for value in row_]:
        _run_flat(db, insert, width, flat, tail, row)


def many_columns(
    db: sqlite3.Connection,
    insert: str,
    columns: Sequence[list[Any]],
    tail: str = "",
    *,
    row: str = "",
) -> None:
    """`many_rows` for rows given as columns of equal length: the values are laid
    out a column at a time (a slice assignment each), not a row at a time."""
    width = len(columns)
    flat: list[Any] = [None] * (width * len(columns[0]))
    for k, column in enumerate(columns):
        flat[k::width] = column
    if flat:
        _run_flat(db, insert, width, flat, tail, row)


def _run_flat(
    db: sqlite3.Connection, insert: str, width: int, flat: list[Any], tail: str, row: str
) -> None:
    """Write the rows laid end to end in `flat`, as many to a statement as fit."""
    row = row or f"({', '.join('?' * width)})"
    per = _VALUES // width
    step = per * width
    whole = len(flat) - len(flat) % step
    if whole:
        block = f"{insert} VALUES " + ", ".join([row] * per) + tail
        db.executemany(block, (flat[i : i + step] for i in range(0, whole, step)))
    if whole < len(flat):
        single = f"{insert} VALUES {row}{tail}"
        db.executemany(single, zip(*[iter(flat[whole:])] * width, strict=True))


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
    db.execute("DROP TABLE IF EXISTS temp.staged_rows")
    db.execute(f"CREATE TEMP TABLE staged_rows ({names})")
    try:
        many_rows(db, "INSERT INTO temp.staged_rows", len(columns), rows)
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


@contextmanager
def trigger_dropped(db: sqlite3.Connection, name: str) -> Iterator[None]:
    """Trigger `name` dropped for the block and made again after it (all inside the
    caller's transaction: a failure rolls the drop back with the rest)."""
    (sql,) = db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (name,)).fetchone()
    db.execute(f'DROP TRIGGER "{name}"')
    yield
    db.execute(sql)


class TrigramBuild:
    """An FTS5 table (external content, empty) filled beside a large load: a thread
    builds the same index into a scratch file, in statements that hold no Python
    lock, while the caller goes on writing other rows; `finish` copies the index's
    tables in. The index is what inserting the rows one by one would build, merged
    into one segment (`optimize`, as after any large load)."""

    _SHADOWS = ("data", "idx", "docsize")

    def __init__(self, db: sqlite3.Connection, table: str, first: int, texts: list[str]) -> None:
        (self._sql,) = db.execute(
            "SELECT sql FROM sqlite_schema WHERE name = ?", (table,)
        ).fetchone()
        self._table = table
        self._folder = _scratch_folder(db)
        self._path = os.path.join(self._folder, "fts.db")
        self._failed: BaseException | None = None
        # One JSON text: the thread reads it inside SQLite, row by row, lock-free.
        self._thread = threading.Thread(
            target=self._build, args=(first, json.dumps(texts, ensure_ascii=False)), daemon=True
        )
        self._thread.start()

    def _build(self, first: int, texts: str) -> None:
        try:
            scratch = sqlite3.connect(self._path, isolation_level=None)
            try:
                scratch.execute("PRAGMA journal_mode = OFF")
                scratch.execute("PRAGMA synchronous = OFF")
                scratch.execute(self._sql)
                t = self._table
                scratch.execute("BEGIN")
                scratch.execute(
                    f"INSERT INTO {t} (rowid, search) SELECT ? + key, value FROM json_each(?)",
                    (first, texts),
                )
                scratch.execute(f"INSERT INTO {t} ({t}) VALUES ('optimize')")
                scratch.execute("COMMIT")
            finally:
                scratch.close()
        except BaseException as exc:  # raised again by `finish`, in the caller's thread
            self._failed = exc

    def finish(self, db: sqlite3.Connection) -> None:
        """Wait for the build and copy it into `db`'s (still empty) index."""
        try:
            self._thread.join()
            if self._failed is not None:
                raise self._failed
            # Read through a connection of its own: an attached file could not be
            # detached before the caller's transaction ends.
            built = sqlite3.connect(self._path)
            try:
                for shadow in self._SHADOWS:
                    name = f"{self._table}_{shadow}"
                    rows = built.execute(f"SELECT * FROM {name}")
                    db.execute(f"DELETE FROM {name}")
                    many_rows(db, f"INSERT INTO {name}", len(rows.description), rows)
            finally:
                built.close()
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)

    def abandon(self) -> None:
        """Wait for the thread and drop its file (the load failed)."""
        self._thread.join()
        shutil.rmtree(self._folder, ignore_errors=True)


def _scratch_folder(db: sqlite3.Connection) -> str:
    """A new folder beside `db`'s file (in the system's temporary folder for an
    in-memory database), the folders earlier loads left there removed first."""
    main = next(row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main")
    if not main:
        return tempfile.mkdtemp(prefix="graph-mtl-fts-")
    prefix = f"{main}.fts-"
    for stale in glob.glob(glob.escape(prefix) + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    folder, name = os.path.split(prefix)
    return tempfile.mkdtemp(prefix=name, dir=folder)
