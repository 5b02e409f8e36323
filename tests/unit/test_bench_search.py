"""The name-search benchmark runs end to end on a small bundle, and the index finds
all that its plain scan (the store's old search) finds for the same folded text,
and more: "mull" finds "Müller" too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.bench_search import KINDS, PLAIN_SCAN, main, sample_queries
from graph_mtl.domain.names import search_key
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle


def test_the_bench_runs_on_a_small_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--sizes", "400", "--queries", "2", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert all(kind in out for kind in KINDS) and "scan/indexed" in out


def test_the_plain_scan_and_the_index_agree_on_generated_people(tmp_path: Path) -> None:
    write_bundle(tmp_path, people=400, seed=3)
    bundle = read_bundle(tmp_path)
    store = SqliteStore()
    store.load(bundle)
    db = store._database.connection()
    for kind, queries in sample_queries(bundle, 5, seed=3).items():
        for q in queries:
            k = search_key(q)  # also trims: "is " is "is"
            scanned = db.execute(PLAIN_SCAN[0], {"q": k, "limit": 1000}).fetchall()
            found = store.search(k, limit=1000)
            old = {json.loads(d)["id"] for (d,) in scanned}
            assert old <= {p.id for p in found.people}, (kind, q)  # and accents aside
    store.close()
