"""The embedded store's own promises: it persists, a failed write leaves nothing,
an earlier JSON store migrates whole, and the search index follows every change,
whichever store object (or process) made it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import ApiKey, Person, Tie, TieEvidence
from graph_mtl.errors import StoreUnavailable
from graph_mtl.services.access import authenticate
from graph_mtl.stores import sqlite_index, sqlite_records, sqlite_ties, sqlite_wal
from graph_mtl.stores.social_index import read_index
from graph_mtl.stores.sqlite_schema import SCHEMA_VERSION
from graph_mtl.stores.sqlite_store import SqliteStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEGACY = FIXTURES / "graph-mtl-1.json"
"""Written by the JSON store of graph-mtl 0.1 (the sample bundle, two keys, one opt-in)."""


def as_written_by_0_1(bundle: Bundle) -> Bundle:
    """The sample bundle without what graph-mtl 0.1 could not hold (tie evidence, employments)."""
    return replace(bundle, evidence=[], employments=[])


def people(*ids: str) -> list[Person]:
    return [Person(id=i, name=i.upper()) for i in ids]


def test_a_reopened_store_holds_the_same_graph(tmp_path: Path, sample_bundle: Bundle) -> None:
    path = tmp_path / "deep" / "graph.db"
    SqliteStore(path).load(sample_bundle)
    assert SqliteStore(path).export().canonical() == sample_bundle.canonical()


def test_a_load_failing_part_way_writes_nothing(
    tmp_path: Path, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(sample_bundle)
    real = sqlite_records.upsert

    def fail_at_reach(db: sqlite3.Connection, table: str, *args: object, **kw: object) -> None:
        if table == "reach":
            raise KeyboardInterrupt  # the people and ties before it were written already
        real(db, table, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite_records, "upsert", fail_at_reach)
    more = Bundle(
        people=people("new"),
        ties=[Tie(source="new", target="sp", strength=0.5)],
        reach=sample_bundle.reach,
    )
    with pytest.raises(KeyboardInterrupt):
        store.load(more)
    monkeypatch.undo()
    assert store.people(["new"]) == {}
    assert SqliteStore(tmp_path / "graph.db").export().canonical() == sample_bundle.canonical()
    assert [p.nodes for p in store.best_paths("sp", "a1", k=3, max_hops=4)]  # still searchable


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    path.write_text("not a database, just text that is long enough to have a header", "utf-8")
    with pytest.raises(StoreUnavailable, match="cannot open"):
        SqliteStore(path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreUnavailable, match="newer graph-mtl"):
        SqliteStore(path)


def test_evidence_written_before_schema_8_reads_with_no_direction(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    path = tmp_path / "graph.db"
    undirected = [e.model_copy(update={"sent": 0, "received": 0}) for e in sample_bundle.evidence]
    sample_bundle = replace(sample_bundle, evidence=undirected)
    SqliteStore(path).load(sample_bundle)
    with sqlite3.connect(path) as db:  # as schema 7 wrote it: no sent, received or meetings
        db.execute(
            "UPDATE evidence SET data = json_remove(data, '$.sent', '$.received', '$.meetings')"
        )
        db.execute("PRAGMA user_version = 7")
    store = SqliteStore(path)
    assert store.export().canonical().evidence == sample_bundle.canonical().evidence
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        kept = {
            json.loads(d)["origin"]: json.loads(d)
            for (d,) in db.execute("SELECT data FROM evidence")
        }
    assert kept["LinkedIn"]["contacts"] == 4
    assert all(item["sent"] == item["received"] == item["meetings"] == 0 for item in kept.values())
    store.load(Bundle(evidence=[TieEvidence(source="sp", target="o1", origin="LinkedIn", sent=2)]))
    assert store.evidence([("sp", "o1")])[("o1", "sp")][1].sent == 2


# -- the earlier JSON format -----------------------------------------------------


def test_a_json_store_is_migrated_on_first_open(tmp_path: Path, sample_bundle: Bundle) -> None:
    legacy = tmp_path / "graph.json"
    shutil.copy(LEGACY, legacy)
    store = SqliteStore(legacy)  # the path users have in their settings today
    assert store.path == tmp_path / "graph.db"
    assert store.export().canonical() == as_written_by_0_1(sample_bundle).canonical()
    keys = {k.id: k for k in store.api_keys()}
    assert set(keys) == {"key-live", "key-old"}
    assert keys["key-old"].revoked and not keys["key-live"].revoked
    caller = authenticate(store, "gmtl_live-key-for-the-migration-test")
    assert caller is not None and caller.key_id == "key-live"
    assert authenticate(store, "gmtl_revoked-key-for-the-migration-test") is None
    assert [(m.id, m.shared) for m in store.team()] == [("sp", True)]
    assert legacy.read_bytes() == LEGACY.read_bytes(), "the JSON file is left as it was"
    # Once migrated, the database is the store: a second open migrates nothing again.
    store.delete_person("a3")
    assert "a3" not in SqliteStore(legacy).people(["a3"])


def test_the_default_db_takes_over_a_json_store_beside_it(tmp_path: Path) -> None:
    shutil.copy(LEGACY, tmp_path / "graph.json")
    store = SqliteStore(tmp_path / "graph.db")
    assert len(store.export().people) == 6


def test_migrate_from_says_what_it_moved(tmp_path: Path) -> None:
    counts = SqliteStore(tmp_path / "other.db").migrate_from(LEGACY)
    assert counts["people"] == 6 and counts["ties"] == 6 and counts["api_keys"] == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a platform without fork")
def test_a_forked_child_reads_on_a_connection_of_its_own(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(sample_bundle)
    parents = store._database.connection()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child reports through the pipe)
        try:
            own = store._database.connection() is not parents
            found = [p.nodes for p in store.best_paths("sp", "a3", k=1, max_hops=4)]
            os.write(write, json.dumps([own, found]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        own, found = json.loads(pipe.read())
    os.waitpid(child, 0)
    assert own and found == [["sp", "o1", "a3"]]
    assert store._database.connection() is parents  # the parent's is still its own


# -- the search index ----------------------------------------------------------------


def test_the_index_follows_writes_made_through_another_store_object(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    writer.load(sample_bundle)
    before = reader.best_paths("sp", "a3", k=1, max_hops=4)
    assert [p.nodes for p in before] == [("sp", "o1", "a3")]
    # One tie: the reader's next search sees it, from an overlay, without a rebuild.
    writer.load(Bundle(ties=[Tie(source="sp", target="a3", strength=0.95)]))
    generation = reader.graph().generation
    assert [p.nodes for p in reader.best_paths("sp", "a3", k=1, max_hops=4)] == [("sp", "a3")]
    assert reader.graph().overlay, "a small change is an overlay on the same file"
    assert read_index(reader.index_path).generation < generation  # type: ignore[union-attr]
    # A deletion cuts the person's ties out of every row.
    writer.delete_person("o1")
    assert sorted(reader.adjacency(["sp"])["sp"]) == [("a2", 0.3), ("a3", 0.95), ("peer", 0.9)]
    assert reader.paths_from("sp", max_hops=4).path_to("o1") is None


def test_a_search_call_is_one_statement_and_sees_the_writes_before_it(
    tmp_path: Path, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_wal, "_open", {})  # room for this test's store
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    writer.load(sample_bundle)
    reader.best_paths("sp", "a3", k=1, max_hops=4)  # maps the index
    statements: list[str] = []
    reader._database.connection().set_trace_callback(statements.append)
    found = reader.best_paths("sp", "a3", k=1, max_hops=4)
    assert [p.nodes for p in found] == [("sp", "o1", "a3")]
    # The index check alone: the ends' and the path's ids are the index's.
    assert len(statements) == 1 and "FROM meta" in statements[0], statements
    # Nothing committed since that check: not even it (the WAL index's mark is as then).
    reader.best_paths("sp", "a3", k=1, max_hops=4)
    assert len(statements) == 1, statements
    key = ApiKey(id="k", salesperson_id="sp", key_hash="0" * 64, created_on=date.today())
    writer.save_api_key(key)  # a commit that leaves the graph as it was
    reader.best_paths("sp", "a3", k=1, max_hops=4)  # a commit: the generation is read
    assert len(statements) == 2, statements
    writer.load(Bundle(ties=[Tie(source="sp", target="a3", strength=0.95)]))
    assert [p.nodes for p in reader.best_paths("sp", "a3", k=1, max_hops=4)] == [("sp", "a3")]
    writer.delete_person("a3")
    assert reader.best_paths("sp", "a3", k=1, max_hops=4) == []


def _in_another_process(path: Path, statement: str) -> None:
    """`statement` on `store`, the store at `path` opened in a process of its own."""
    code = (
        "import sys; from pathlib import Path; from graph_mtl.domain.bundle import Bundle;"
        " from graph_mtl.domain.models import Tie;"
        " from graph_mtl.stores.sqlite_store import SqliteStore;"
        f" store = SqliteStore(Path(sys.argv[1])); {statement}"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=120)


def test_a_search_sees_a_write_another_process_committed_before_it(
    tmp_path: Path, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_wal, "_open", {})  # room for this test's store
    path = tmp_path / "graph.db"
    reader = SqliteStore(path)
    reader.load(sample_bundle)
    for _ in range(2):  # maps the index, then checks it without a statement
        found = reader.best_paths("sp", "a3", k=1, max_hops=4)
        assert [p.nodes for p in found] == [("sp", "o1", "a3")]
    tie = "Tie(source='sp', target='a3', strength=0.95)"
    _in_another_process(path, f"store.load(Bundle(ties=[{tie}]))")
    assert [p.nodes for p in reader.best_paths("sp", "a3", k=1, max_hops=4)] == [("sp", "a3")]
    _in_another_process(path, "store.delete_person('a3')")
    assert reader.best_paths("sp", "a3", k=1, max_hops=4) == []


def test_a_snapshot_reads_one_state_and_the_next_sees_every_write(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    writer.load(sample_bundle)
    with reader.snapshot():
        before = reader.best_paths("sp", "a3", k=1, max_hops=4)
        writer.load(Bundle(ties=[Tie(source="sp", target="a3", strength=0.95)]))
        # Inside the block: the search and the record as they were when it began.
        assert reader.best_paths("sp", "a3", k=1, max_hops=4) == before
        assert reader.ties([("sp", "a3")]) == {}
        with reader.snapshot():  # nested: part of the outer one
            assert reader.ties([("sp", "a3")]) == {}
    with reader.snapshot():
        assert [p.nodes for p in reader.best_paths("sp", "a3", k=1, max_hops=4)] == [("sp", "a3")]
        assert list(reader.ties([("sp", "a3")])) == [("a3", "sp")]
    # A write the index was not patched for yet when a block begins: brought up to
    # date before it reads (here a forget, which rewrites the index file).
    writer.delete_person("o1")
    with reader.snapshot():
        assert reader.paths_from("sp", max_hops=4).path_to("o1") is None
        assert reader.people(["o1"]) == {}


def test_a_bulk_load_rewrites_the_index_file_and_others_map_it(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    writer.load(sample_bundle)
    reader.graph()
    many = [f"m{i}" for i in range(sqlite_ties.BULK + 1)]
    writer.load(
        Bundle(
            people=people(*many),
            ties=[Tie(source="sp", target=m, strength=0.5) for m in many],
        )
    )
    on_disk = read_index(writer.index_path)
    assert on_disk is not None and on_disk.generation == writer.graph().generation
    graph = reader.graph()
    assert graph.base.generation == on_disk.generation and not graph.overlay
    assert len(reader.adjacency(["sp"])["sp"]) == 3 + len(many)


def test_a_reader_following_writes_one_by_one_has_the_overlay_of_a_fresh_reader(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    writer.load(sample_bundle)
    reader.graph()
    writes = [
        Bundle(ties=[Tie(source="sp", target="a3", strength=0.95)]),
        Bundle(ties=[Tie(source="sp", target="a3", strength=0.2)]),
        Bundle(people=people("x"), ties=[Tie(source="x", target="a1", strength=0.5)]),
    ]
    for bundle in writes:
        writer.load(bundle)
        followed = reader.graph()  # reads again only the people this write touched
        fresh = SqliteStore(path).graph()
        assert followed.overlay and followed.overlay == fresh.overlay
        assert followed.generation == fresh.generation
    assert dict(reader.adjacency(["sp"])["sp"])["a3"] == 0.2


def test_past_the_overlay_limit_the_index_is_rebuilt(
    tmp_path: Path, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_index, "OVERLAY_LIMIT", 3)
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    writer.load(sample_bundle)
    first = reader.graph().base.generation
    for i in range(3):
        writer.load(
            Bundle(people=people(f"x{i}"), ties=[Tie(source="sp", target=f"x{i}", strength=0.5)])
        )
    graph = reader.graph()
    assert graph.base.generation > first and not graph.overlay
    assert {"x0", "x1", "x2"} <= {other for other, _ in reader.adjacency(["sp"])["sp"]}


def test_an_index_file_from_elsewhere_is_not_trusted(tmp_path: Path, sample_bundle: Bundle) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(sample_bundle)
    store.graph()
    store.index_path.write_bytes(b"GMTLCSR1" + b"\0" * 10)  # cut short
    fresh = SqliteStore(tmp_path / "graph.db")
    assert [p.nodes for p in fresh.best_paths("sp", "a1", k=1, max_hops=4)] == [
        ("sp", "peer", "a1")
    ]


def test_a_store_whose_file_went_away_is_unavailable_until_it_is_back(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    folder = tmp_path / "data"
    store = SqliteStore(folder / "graph.db")
    store.load(sample_bundle)
    folder.rename(tmp_path / "away")
    with pytest.raises(StoreUnavailable, match="gone"):
        store.people(["sp"])
    with pytest.raises(StoreUnavailable):
        store.load(Bundle(people=people("late")))
    (tmp_path / "away").rename(folder)
    store.load(Bundle(people=people("late")))
    assert set(SqliteStore(folder / "graph.db").people(["sp", "late"])) == {"sp", "late"}


def test_ties_keep_their_dates_and_texts(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    tie = Tie(source="b", target="a", strength=1.0, last_contact=date(2024, 2, 29), context="é\n,")
    store.load(Bundle(people=people("a", "b"), ties=[tie]))
    assert store.ties([("b", "a")]) == {
        ("a", "b"): Tie(
            source="a", target="b", strength=1.0, last_contact=date(2024, 2, 29), context="é\n,"
        )
    }


def test_graph_mtl_migrate_copies_a_json_store(tmp_path: Path, sample_bundle: Bundle) -> None:
    from typer.testing import CliRunner

    from graph_mtl.cli import app

    legacy = tmp_path / "old.json"
    shutil.copy(LEGACY, legacy)
    result = CliRunner().invoke(app, ["migrate", str(legacy), "--store", str(tmp_path / "new.db")])
    assert result.exit_code == 0, result.output
    assert "6 people" in result.stdout and "2 api keys" in result.stdout
    store = SqliteStore(tmp_path / "new.db")
    assert store.export().canonical() == as_written_by_0_1(sample_bundle).canonical()
    assert len(store.api_keys()) == 2
