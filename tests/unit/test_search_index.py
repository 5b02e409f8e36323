"""The folding that name search compares by, and the embedded store's search index:
an older file gets it on open, and an SQLite without FTS5's trigram tokenizer is
refused with a message that says so."""

from __future__ import annotations

import sqlite3
import unicodedata
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.names import SEARCH_SEPARATOR, search_key
from graph_mtl.errors import StoreUnavailable
from graph_mtl.services.search import find
from graph_mtl.stores import sqlite_schema
from graph_mtl.stores.sqlite_store import SqliteStore


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Jos\u00e9 M\u00fcller", "jose muller"),
        ("Jose\u0301  MU\u0308LLER ", "jose muller"),  # decomposed accents
        ("\uff2b\uff49\uff4d\u3000\uff2c\uff45\uff45", "kim lee"),  # full width
        ("\u9648\u56fd\u680b", "\u9648\u56fd\u680b"),  # Chinese as it is
        ("Stra\u00dfe", "strasse"),
        ("\u2163 \ufb01", "iv fi"),
    ],
)
def test_search_key_examples(text: str, folded: str) -> None:
    assert search_key(text) == folded


@given(st.text())
def test_search_key_is_a_fold(text: str) -> None:
    folded = search_key(text)
    assert search_key(folded) == folded
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", folded))
    assert folded == " ".join(folded.split()) and SEARCH_SEPARATOR not in folded
    assert folded.casefold() == folded


def test_an_older_store_gets_its_search_index_on_open(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    db = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 5):
        db.executescript(sqlite_schema._MIGRATIONS[version])
    db.execute("PRAGMA user_version = 4")
    db.execute(
        "INSERT INTO people (id, customer_id, is_salesperson, data) VALUES ('p-1', 'c-1', 0,"
        ' \'{"id": "p-1", "name": "Jos\u00e9 M\u00fcller", "customer_id": "c-1"}\')'
    )
    db.execute(
        "INSERT INTO customers VALUES ('c-1', 'target',"
        ' \'{"id": "c-1", "name": "\u534e\u4fe1\u5236\u9020", "status": "target"}\')'
    )
    db.close()
    store = SqliteStore(path)
    assert [m.id for m in find(store, "jose").matches] == ["p-1"]
    assert [(m.id, m.score) for m in find(store, "\u534e\u4fe1\u5236").matches] == [
        ("c-1", 0.8),
        ("p-1", 0.2),
    ]
    store.close()


def test_an_sqlite_without_trigram_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))  # read by sqlite_schema
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(StoreUnavailable, match=r"SQLite 3\.34 or later.*3\.31\.1"):
        SqliteStore(tmp_path / "graph.db")


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_search_key_of_ascii_takes_the_short_way_to_the_same_fold(text: str) -> None:
    assert search_key(text) == " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def test_a_shorter_limit_is_the_start_of_the_longer_answer() -> None:
    # Only the best `limit` candidates become matches: the cut must not change them.
    from tests.samples import make_sample_bundle

    with closing(SqliteStore()) as store:
        store.load(make_sample_bundle())
        for text in ("a", "e", "n", "an", "li", "zw"):
            whole = find(store, text, limit=200).matches
            for limit in (1, 2, 5, 20):
                assert find(store, text, limit=limit).matches == whole[:limit]


def test_compacting_the_trigram_indexes_changes_no_answer() -> None:
    from graph_mtl.stores import sqlite_search
    from tests.samples import make_sample_bundle

    with closing(SqliteStore()) as store:
        store.load(make_sample_bundle())
        texts = ("an", "ang", "\u674e", "acme", "@", "zhang")
        before = [find(store, t, limit=200) for t in texts]
        with store._database.write() as db:
            sqlite_search.compact(db)
        assert [find(store, t, limit=200) for t in texts] == before


def test_an_older_store_gets_its_company_keys_folded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    db = sqlite3.connect(path, isolation_level=None)
    sqlite_schema.migrate(db)
    db.execute("PRAGMA user_version = 7")
    db.execute(
        "INSERT INTO people (id, is_salesperson, data) VALUES ('p-1', 0,"
        ' \'{"id": "p-1", "name": "Jo"}\')'
    )
    db.execute(  # as schema 7 keyed it: traditional characters kept
        "INSERT INTO employments VALUES (1, 'HubSpot', '\u83ef\u4fe1\u88fd\u9020',"
        " '\u83ef\u4fe1\u88fd\u9020', '', '2025-01-01', NULL,"
        ' \'{"person_id": "p-1", "origin": "HubSpot", "company": "\u83ef\u4fe1\u88fd\u9020",'
        ' "since": "2025-01-01"}\')'
    )
    db.close()
    with closing(SqliteStore(path)) as store:
        found = store.employments(company_keys=["\u534e\u4fe1\u5236\u9020"])
        assert [e.company for e in found] == ["\u83ef\u4fe1\u88fd\u9020"]
