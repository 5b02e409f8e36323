"""Finding people, customers and channels by name in the embedded store: a prefix
of the name (a range of the `search` column's B-tree index), a substring of three
characters or more (the FTS5 trigram indexes), a field starting with two Latin
letters (the trigram indexes, the separator before it the third character), a
shorter one (a bounded scan).
Which index serves which text: graph_mtl/services/search.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from graph_mtl.domain.models import Channel, Customer
from graph_mtl.domain.names import SEARCH_SEPARATOR
from graph_mtl.domain.ports import Found
from graph_mtl.stores.sqlite_reads import employees_of
from graph_mtl.stores.sqlite_records import models, person

__all__ = ["SHORT_SCAN", "compact", "search"]

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
    # The scan reads the index on (kind, search), which holds the row number but not
    # the id: only the rows that match are looked up.
    "scan": "SELECT s.id, t.data FROM (SELECT n, search FROM names_search WHERE kind = :kind"
    " LIMIT :scan) f CROSS JOIN names_search s ON s.n = f.n JOIN {table} t ON t.id = s.id"
    " WHERE instr(f.search, :q) LIMIT :limit",
}


def search(db: sqlite3.Connection, text: str, *, limit: int) -> Found:
    """What contains the folded `text`, at most `limit` of each kind (the store
    port's `search`)."""
    bounds = _prefix_bounds(text)
    people = _found(db, _PEOPLE_SEARCH, text, bounds, limit)
    customers = models(Customer, _data(_found(db, _NAMES_SEARCH, text, bounds, limit, "customer")))
    channels = models(Channel, _data(_found(db, _NAMES_SEARCH, text, bounds, limit, "channel")))
    employees = employees_of(db, [c.id for c in customers], limit=limit)
    return Found(
        [person(d) for d in people.values()],
        customers,
        channels,
        [p for _, p in employees],
    )


def compact(db: sqlite3.Connection) -> None:
    """Merge each trigram index into one segment, after a large load (which leaves
    it in many): a search then reads one list per trigram, not one per segment
    (at 1M people, about half the time of a pinyin search)."""
    for table in ("people_fts", "names_fts"):
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def _data(found: dict[str, str]) -> Iterable[tuple[str]]:
    return ((d,) for d in found.values())


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
        "match": _phrase(text),
    }
    found: dict[str, str] = {}
    first = "prefix" if bounds[1] is not None else "prefix_open"
    if len(text) >= 3:
        steps = [first, "trigram"]
    elif len(text) == 2 and text.isascii():
        # A field that starts with two letters (the initials of a Chinese name's
        # pinyin, "zw") is three characters with the separator before it: the
        # trigram index serves it; the scan the rest.
        steps = [first, "field_start", "scan"]
    else:
        steps = [first, "scan"]
    for step in steps:
        if step == "field_start":
            step, params["match"] = "trigram", _phrase(SEARCH_SEPARATOR + text)
        for ident, data in db.execute(statements[step].format(table=table), params):
            found.setdefault(ident, data)
        if len(found) >= limit:
            break
        params["limit"] = limit + len(found)  # the rest may repeat what the prefix found
    return {i: found[i] for i in sorted(list(found)[:limit])}


def _phrase(text: str) -> str:
    """`text` as an FTS5 phrase: every character as it is."""
    return '"' + text.replace('"', '""') + '"'
