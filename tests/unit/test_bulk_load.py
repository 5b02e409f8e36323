"""A large load of the embedded store writes its rows through one statement per
table (graph_mtl/stores/sqlite_bulk.py): what name search finds afterwards is what
a plain scan of the stored texts finds, and what the same items written a few at
a time give; a load that fails leaves nothing of itself."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import PersonColumns
from graph_mtl.domain.models import Customer, CustomerStatus, Person, Tie
from graph_mtl.domain.names import person_search_text
from graph_mtl.errors import InvalidInput
from graph_mtl.stores import sqlite_bulk, sqlite_records, sqlite_ties
from graph_mtl.stores.sqlite_store import SqliteStore

BULK = 300
"""A large load, for these tests (the store's own threshold is larger)."""


@pytest.fixture(autouse=True)
def _small_bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_records, "BULK", BULK)


_SURNAMES = "张王李赵陈刘杨黄吴周徐孙"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"
_LATIN = ["Kim", "Lee", "José", "Müller", "Anna", "Berg", "Ólafur", "Smith", "Zoë", "O'Neil"]
_TITLES = ["CFO", "总经理", "IT Manager", "Ingénieur", "", "采购经理"]


def _people(rng: random.Random, count: int, start: int = 0) -> list[Person]:
    people = []
    for i in range(start, start + count):
        if rng.random() < 0.5:
            name = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))
        else:
            name = f"{rng.choice(_LATIN)} {rng.choice(_LATIN)}"
        email = f"u{i}@x{i % 7}.example" if rng.random() < 0.6 else ""
        people.append(Person(id=f"p{i}", name=name, title=rng.choice(_TITLES), email=email))
    return people


def _customers(rng: random.Random, count: int) -> list[Customer]:
    return [
        Customer(
            id=f"c{i}",
            name=f"{rng.choice(_SURNAMES)}{rng.choice(_GIVEN)} {rng.choice(_LATIN)} Ltd",
            status=CustomerStatus.TARGET,
        )
        for i in range(count)
    ]


def _texts(rng: random.Random, store: SqliteStore, count: int) -> list[str]:
    with sqlite3.connect(store.path) as db:
        stored = [s for (s,) in db.execute("SELECT search FROM people")]
    texts = []
    for _ in range(count):
        source = rng.choice(stored).replace("\n", " ")
        at = rng.randrange(len(source))
        texts.append(source[at : at + rng.randint(1, 5)].strip() or "a")
    return texts


def _plain_scan(store: SqliteStore, text: str) -> list[str]:
    with sqlite3.connect(store.path) as db:
        return sorted(
            i for (i,) in db.execute("SELECT id FROM people WHERE instr(search, ?)", (text,))
        )


def _integrity(store: SqliteStore) -> None:
    with sqlite3.connect(store.path) as db:
        for table in ("people_fts", "names_fts"):
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


@pytest.fixture(params=[False, True], ids=["indexes-kept", "indexes-rebuilt"])
def rebuilt(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param:
        monkeypatch.setattr(sqlite_records, "_REINDEX_PEOPLE", BULK + 1)
    return bool(request.param)


def test_a_bulk_load_finds_what_a_plain_scan_and_small_writes_find(
    tmp_path: Path, rebuilt: bool
) -> None:
    rng = random.Random(26)
    first, customers = _people(rng, BULK + 500), _customers(rng, BULK + 100)
    # The second load renames some people (the update triggers) and adds others.
    renamed = [p.model_copy(update={"name": p.name + " Jr"}) for p in first[: BULK // 2]]
    second = renamed + _people(rng, BULK, start=len(first))
    ties = [Tie(source=f"p{i}", target=f"p{i + 1}", strength=0.5) for i in range(BULK + 10)]

    bulk = SqliteStore(tmp_path / "bulk.db")
    bulk.load(Bundle(people=first, customers=customers, ties=ties))
    bulk.load(Bundle(people=second))
    small = SqliteStore(tmp_path / "small.db")
    for items in (first, second):
        for at in range(0, len(items), 100):
            small.load(Bundle(people=items[at : at + 100]))
    small.load(Bundle(customers=customers[:200]))
    small.load(Bundle(customers=customers[200:]))

    _integrity(bulk)
    _integrity(small)
    for text in _texts(rng, bulk, 80):
        expected = _plain_scan(bulk, text)
        assert _plain_scan(small, text) == expected, text
        found = bulk.search(text, limit=len(expected) + 10)
        assert [p.id for p in found.people] == expected, text
        assert found == small.search(text, limit=len(expected) + 10), text
    for text in ("ltd", "张", "kim", "c1"):
        assert bulk.search(text, limit=50).customers == small.search(text, limit=50).customers
    bulk.close()
    small.close()


def test_a_failed_bulk_load_leaves_nothing(tmp_path: Path) -> None:
    rng = random.Random(3)
    store = SqliteStore(tmp_path / "graph.db")
    store.load(Bundle(people=_people(rng, 10)))
    before = store.search("p", limit=100)
    people = _people(rng, BULK + 10, start=100)
    broken = [Tie(source="p100", target="nobody", strength=0.5)]
    with pytest.raises(InvalidInput):
        store.load(Bundle(people=people, ties=broken))
    assert store.search("p", limit=100) == before
    assert store.people(["p100"]) == {}
    with sqlite3.connect(store.path) as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_schema")}
    assert {"people_by_search", "people_fts_insert", "people_by_email"} <= names
    _integrity(store)
    store.close()


def test_a_failed_first_bulk_load_leaves_nothing(tmp_path: Path) -> None:
    """Into an empty store, where the trigram index is built beside the load."""
    rng = random.Random(4)
    store = SqliteStore(tmp_path / "graph.db")
    people = _people(rng, BULK + 10, start=100)
    broken = [Tie(source="p100", target="nobody", strength=0.5)]
    with pytest.raises(InvalidInput):
        store.load(Bundle(people=people, ties=broken))
    assert store.people(["p100"]) == {}
    with sqlite3.connect(store.path) as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_schema")}
        (indexed,) = db.execute("SELECT count(*) FROM people_fts_docsize").fetchone()
    assert {"people_by_search", "people_fts_insert", "people_by_email"} <= names
    assert indexed == 0
    store.load(Bundle(people=people))
    assert [p.id for p in store.search("p100", limit=5).people] == ["p100"]
    _integrity(store)
    store.close()


def test_a_first_bulk_load_removes_the_scratch_a_killed_load_left(tmp_path: Path) -> None:
    """The trigram index is built in a folder beside the database: a load killed
    while building it leaves the folder, which the next such load removes."""
    rng = random.Random(6)
    store = SqliteStore(tmp_path / "graph.db")
    stale = tmp_path / "graph.db.fts-killed00"
    stale.mkdir()
    (stale / "fts.db").write_bytes(b"half written")
    store.load(Bundle(people=_people(rng, BULK + 10)))
    assert not [p for p in tmp_path.iterdir() if ".fts-" in p.name]
    assert [p.id for p in store.search("p7", limit=5).people][:1] == ["p7"]
    store.close()


def test_a_bulk_loads_search_texts_are_those_of_single_writes() -> None:
    rng = random.Random(5)
    people = [
        *_people(rng, 400),
        Person(id="q1", name="張偉", title="總經理", email="Zhang@X.example"),
        Person(id="q2", name="Ｚｏë  Berg", title=""),
    ]
    columns = PersonColumns(
        id=[p.id for p in people],
        name=[p.name for p in people],
        customer_id=[p.customer_id for p in people],
        title=[p.title for p in people],
        roles=[p.roles for p in people],
        is_salesperson=bytearray(p.is_salesperson for p in people),
        email=[p.email for p in people],
    )
    texts: list[str] = []
    rows = list(sqlite_records._person_rows(columns, texts))
    expected = [person_search_text(p.name, p.id, p.title, p.email) for p in people]
    assert [row[4] for row in rows] == texts == expected


@pytest.mark.parametrize("width", [2, 5])
def test_many_rows_writes_what_a_statement_for_each_row_writes(width: int) -> None:
    """Around the rows a statement holds (and a chunk's), with repeated keys: the
    later row wins, as row by row."""
    rng = random.Random(width)
    per = 999 // width
    for count in (0, 1, per - 1, per, per + 1, 2 * per + 3, 100_003):
        rows = [
            (rng.randrange(count // 3 + 1), *(rng.random() for _ in range(width - 1)))
            for _ in range(count)
        ]
        found = []
        for write in ("many", "columns", "template", "single"):
            db = sqlite3.connect(":memory:")
            values = ", ".join(f"v{i}" for i in range(1, width))
            db.execute(f"CREATE TABLE t (k INTEGER PRIMARY KEY, {values})")
            tail = " ON CONFLICT (k) DO UPDATE SET v1 = excluded.v1"
            marks = ", ".join("?" * width)
            if write == "many":
                sqlite_bulk.many_rows(db, "INSERT INTO t", width, iter(rows), tail)
            elif write == "columns":
                columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * width
                sqlite_bulk.many_columns(db, "INSERT INTO t", columns, tail)
            elif write == "template":  # each row through an expression: the same values
                template = f"(?, {', '.join(['? + 0'] * (width - 1))})"
                sqlite_bulk.many_rows(db, "INSERT INTO t", width, iter(rows), tail, row=template)
            else:
                db.executemany(f"INSERT INTO t VALUES ({marks}){tail}", rows)
            found.append(db.execute("SELECT * FROM t ORDER BY k").fetchall())
        assert found[0] == found[1] == found[2] == found[3]
        assert len(found[0]) == len({row[0] for row in rows})


@given(st.lists(st.integers(0, 2**63 - 1) | st.integers(0, 20), max_size=300), st.booleans())
def test_stable_order_is_numpys_stable_argsort(keys: list[int], small: bool) -> None:
    """Packed into 64 bits when key and place fit together, numpy's otherwise."""
    key = np.array([k % 50 if small else k for k in keys], dtype=np.int64)
    assert sqlite_ties.stable_order(key).tolist() == np.argsort(key, kind="stable").tolist()
