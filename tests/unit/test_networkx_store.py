"""The embedded store's own promises: it persists, and a crash mid-write loses nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.networkx_store import NetworkxStore


def test_a_reopened_store_holds_the_same_graph(tmp_path: Path, sample_bundle: Bundle) -> None:
    path = tmp_path / "deep" / "graph.json"
    NetworkxStore(path).load(sample_bundle)
    assert NetworkxStore(path).export().canonical() == sample_bundle.canonical()


def test_the_file_is_created_on_first_write_only(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = NetworkxStore(path)
    store.people(["x"])
    assert not path.exists()
    store.load(Bundle(people=[Person(id="x", name="X")]))
    assert path.exists()


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_crash_mid_write_leaves_the_old_graph(
    tmp_path: Path, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "graph.json"
    store = NetworkxStore(path)
    store.load(sample_bundle)
    before = path.read_bytes()

    def crash(*args: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(StoreUnavailable, match="disk gone"):
        store.load(Bundle(people=[Person(id="new", name="New")]))
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert store.people(["new"]) == {}, "the failed write is not kept in memory either"
    assert NetworkxStore(path).export().canonical() == sample_bundle.canonical()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"], "no temporary file is left"


def test_an_interrupted_write_is_not_kept(
    tmp_path: Path, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    store = NetworkxStore(path)
    store.load(sample_bundle)
    real_dump = json.dump

    def interrupted(obj: object, fp: object, **kwargs: object) -> None:
        real_dump({"half": "written"}, fp)
        raise KeyboardInterrupt

    monkeypatch.setattr(json, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.load(Bundle(people=[Person(id="new", name="New")]))
    monkeypatch.undo()
    assert NetworkxStore(path).export().canonical() == sample_bundle.canonical()


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"not": "ours"}', encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="not a graph-mtl store file"):
        NetworkxStore(path)
    path.write_text("{broken", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="cannot read"):
        NetworkxStore(path)
