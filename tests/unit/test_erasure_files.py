"""Forgetting leaves no copy in the embedded store's files: after a forget, no file
of the store's folder (the database, its WAL and shared memory, the search index,
the server's state) holds the person's id, name or e-mail in any form a search
keeps, byte for byte."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    IntroRequest,
    Opportunity,
    OpportunityKind,
    Person,
    Reach,
    Tie,
)
from graph_mtl.domain.names import search_key
from graph_mtl.services.access import COMMAND_LINE, forget
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.samples import make_sample_bundle

TODAY = date(2026, 12, 2)
GONE = Person(
    id="forget-me-7",
    name="Ingrid Vanterpool",
    customer_id="acme",
    title="CIO",
    email="ingrid.v@example.org",
)


def traces(person: Person) -> list[bytes]:
    """The person as bytes a file could hold them in."""
    texts = {
        person.id,
        person.name,
        person.email,
        search_key(person.name),
        search_key(person.email),
    }
    return sorted(t.encode("utf-8") for t in texts if t)


def files_holding(folder: Path, person: Person) -> dict[str, list[bytes]]:
    """Each file of `folder` that holds a trace of `person`, with the traces."""
    found: dict[str, list[bytes]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            held = [t for t in traces(person) if t in data]
            if held:
                found[path.name] = held
    return found


def gone_bundle(person: Person = GONE) -> Bundle:
    """The person, with ties, a channel, reach, an opportunity, and words others
    wrote about them."""
    return Bundle(
        people=[person],
        ties=[
            Tie(source="sp", target=person.id, strength=0.9, context="met at CIO club"),
            Tie(source=person.id, target="a1", strength=0.8),
            Tie(
                source="sp",
                target="a1",
                strength=0.5,
                context=f"introduced by {person.name} <{person.email}>",
            ),
        ],
        channels=[
            Channel(
                id="ch-ingrid",
                name=f"{person.name}'s referrals",
                kind=ChannelKind.OLD_CUSTOMER,
                audience=Audience.TARGET,
                person_id=person.id,
            )
        ],
        reach=[Reach(channel_id="ch-ingrid", target_id="acme", strength=0.6)],
        opportunities=[
            Opportunity(
                id="opp-a1",
                contact_id="a1",
                customer_id="acme",
                need_id="erp",
                kind=OpportunityKind.LEAD,
                quality=0.5,
                recorded_on=TODAY,
                details={"source": f"{person.name} <{person.email}>"},
            )
        ],
    )


def _fillers(prefix: str, count: int) -> Bundle:
    return Bundle(
        people=[
            Person(id=f"{prefix}{i}", name=f"Filler {prefix} {i}", email=f"{prefix}{i}@example.com")
            for i in range(count)
        ]
    )


def _fts_blocks(db: sqlite3.Connection, *, rebuilt: bool) -> list[bytes]:
    """The people trigram index's segments, as stored or rebuilt from the rows."""
    copy = sqlite3.connect(":memory:")
    db.backup(copy)
    if rebuilt:
        copy.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
        copy.execute("INSERT INTO people_fts (people_fts) VALUES ('optimize')")
    return sorted(b for (b,) in copy.execute("SELECT block FROM people_fts_data WHERE id > 10"))


def test_no_file_of_the_store_holds_a_forgotten_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As where SQLite is built without SQLITE_SECURE_DELETE (this build has it on).
    connect = sqlite3.connect

    def plain(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db: sqlite3.Connection = connect(*args, **kwargs)
        db.execute("PRAGMA secure_delete = OFF")
        return db

    monkeypatch.setattr(sqlite3, "connect", plain)
    store = SqliteStore(tmp_path / "graph.db")
    store.load(make_sample_bundle())
    store.load(_fillers("f", 2000))  # real B-tree pages around the person's rows
    store.load(gone_bundle())
    store.load(_fillers("g", 2000))
    for title in ("CTO", "CEO", "Chief Information Officer"):  # older versions of the row
        store.load(Bundle(people=[GONE.model_copy(update={"title": title})]))
    store.search(search_key(GONE.name), limit=5)
    store.graph()  # the index file, written with the person's row
    store.save_intro(
        IntroRequest(
            id="intro-1",
            salesperson_id="sp",
            target_id="a2",
            via_id="a1",
            requested_on=TODAY,
            note=f"a1 knows a2 through {GONE.name}",
        ),
        expected=None,
    )
    assert files_holding(tmp_path, GONE), "the test looks where the person is"
    reader = threading.Thread(target=store.people, args=([GONE.id],))
    reader.start()  # a thread's connection, left open as a server's workers leave theirs
    reader.join()
    forget(store, COMMAND_LINE, GONE.id, today=TODAY)
    assert files_holding(tmp_path, GONE) == {}  # while the store is open
    store.close()
    assert files_holding(tmp_path, GONE) == {}
    with contextlib.closing(connect(tmp_path / "graph.db")) as db:
        assert _fts_blocks(db, rebuilt=False) == _fts_blocks(db, rebuilt=True)


def test_the_words_others_wrote_are_scrubbed(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(make_sample_bundle())
    store.load(gone_bundle())
    forget(store, COMMAND_LINE, GONE.id, today=TODAY)
    [tie] = store.ties([("a1", "sp")]).values()
    assert tie.context == "introduced by [forgotten] <[forgotten]>"
    [opportunity] = [o for o in store.opportunities() if o.id == "opp-a1"]
    assert opportunity.details == {"source": "[forgotten] <[forgotten]>"}
