"""Many processes on one embedded store at once, for real: writers of single ties,
CSV imports, erasures, key revocations and team opt-outs, with readers searching
all along. Afterwards every acknowledged write is checked, and a store object
opened before it all (a long-running API process, say) sees exactly the final
graph in its search index, without being reopened."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.ingest.export import write_bundle_folder
from graph_mtl.services.access import COMMAND_LINE, authenticate, issue_key, revoke_key, set_sharing
from graph_mtl.services.imports import import_bundle
from graph_mtl.stores.sqlite_store import SqliteStore

BASE = 300
SALES = 4
WRITERS = 3
WRITES = 120


def _base() -> Bundle:
    rng = random.Random(1)
    people = [Person(id=f"s{i}", name=f"S{i}", is_salesperson=True) for i in range(SALES)]
    people += [Person(id=f"p{i}", name=f"P{i}") for i in range(BASE)]
    people += [Person(id=f"d{i}", name=f"D{i}", email=f"d{i}@example.com") for i in range(30)]
    pairs = {(f"p{i}", f"p{rng.randrange(BASE)}") for i in range(BASE) for _ in range(4)}
    ties = [Tie(source=a, target=b, strength=0.5) for a, b in pairs if a != b]
    ties += [Tie(source=f"s{i}", target=f"p{i}", strength=0.9) for i in range(SALES)]
    ties += [Tie(source=f"d{i}", target=f"p{i}", strength=0.7) for i in range(30)]
    return Bundle(people=people, ties=ties)


# -- what each process does (top-level functions, so that spawned processes find them) --


def _writer(path: str, which: int) -> list[tuple[str, str, float]]:
    store, rng = SqliteStore(Path(path)), random.Random(which)
    acked = []
    for n in range(WRITES):
        a = f"p{which * 90 + n % 90}"
        b = f"p{(which * 90 + n * 7 + 1) % BASE}"
        if a == b:
            continue
        strength = round(rng.uniform(0.05, 1.0), 3)
        store.load(Bundle(ties=[Tie(source=a, target=b, strength=strength)]))
        acked.append((a, b, strength))
    return acked


def _importer(path: str, folders: list[str]) -> list[str]:
    store, imported = SqliteStore(Path(path)), []
    for folder in folders:
        import_bundle(store, Path(folder))
        imported += [f"{Path(folder).name}-{i}" for i in range(150)]
    return imported


def _eraser(path: str) -> list[str]:
    store = SqliteStore(Path(path))
    gone = []
    for i in range(30):
        assert store.delete_person(f"d{i}")
        gone.append(f"d{i}")
        time.sleep(0.01)
    return gone


def _revoker(path: str, key_ids: list[str]) -> list[str]:
    store = SqliteStore(Path(path))
    for key_id in key_ids:
        revoke_key(store, key_id)
        time.sleep(0.02)
    return key_ids


def _sharer(path: str) -> dict[str, bool]:
    store, final = SqliteStore(Path(path)), {}
    for round_ in range(10):
        for i in range(1, SALES):
            shared = (round_ + i) % 2 == 0
            set_sharing(store, COMMAND_LINE, f"s{i}", shared=shared)
            final[f"s{i}"] = shared
    return final


def _reader(path: str, seconds: float) -> int:
    store, rng = SqliteStore(Path(path)), random.Random(7)
    searches = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        target = f"p{rng.randrange(BASE)}"
        for path_ in store.best_paths("s0", target, k=2, max_hops=4):
            assert path_.nodes[0] == "s0" and path_.nodes[-1] == target
            assert len(set(path_.nodes)) == len(path_.nodes) and path_.hops <= 4
        tree = store.paths_from("s1", max_hops=3)
        assert tree.path_to("s1") is not None
        searches += 1
    return searches


def _adjacency_from_the_record(store: SqliteStore) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {p.id: [] for p in store.export().people}
    for tie in store.export().ties:
        out[tie.source].append((tie.target, tie.strength))
        out[tie.target].append((tie.source, tie.strength))
    return {i: sorted(row) for i, row in out.items()}


@pytest.mark.slow
def test_every_acknowledged_write_survives_many_processes(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store = SqliteStore(path)
    store.load(_base())
    keys = [issue_key(store, "s0", today=date(2026, 12, 1)).record.id for _ in range(12)]
    kept = issue_key(store, "s0", today=date(2026, 12, 1))
    folders = []
    for name in ("imp-a", "imp-b", "imp-c"):
        folder = tmp_path / name
        people = [Person(id=f"{name}-{i}", name=f"{name} {i}") for i in range(150)]
        ties = [
            Tie(source=f"{name}-{i}", target=f"p{(i * 13) % BASE}", strength=0.4)
            for i in range(150)
        ]
        write_bundle_folder(Bundle(people=people, ties=ties), folder)
        folders.append(str(folder))
    early = SqliteStore(path)  # opened before everything, like a running API process
    assert early.best_paths("s0", "d0", k=1, max_hops=4)

    jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [
        *((_writer, (str(path), i)) for i in range(WRITERS)),
        (_importer, (str(path), folders)),
        (_eraser, (str(path),)),
        (_revoker, (str(path), keys)),
        (_sharer, (str(path),)),
        (_reader, (str(path), 6.0)),
        (_reader, (str(path), 6.0)),
    ]
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(fn, *args) for fn, args in jobs]
        results = [f.result(timeout=240) for f in futures]
    imported, gone, revoked, sharing, *reads = results[WRITERS:]
    acked = [w for r in results[:WRITERS] for w in r]

    after = SqliteStore(path)
    last: dict[tuple[str, str], float] = {}
    for a, b, strength in acked:
        last[(min(a, b), max(a, b))] = strength
    assert len(last) > 100
    stored = after.ties(list(last))
    assert {pair: t.strength for pair, t in stored.items()} == last
    assert set(after.people(imported)) == set(imported) and len(imported) == 450
    assert after.people(gone) == {} and len(gone) == 30
    assert {k.id for k in after.api_keys() if k.revoked} == set(revoked)
    assert authenticate(after, kept.key) is not None
    assert {m.id: m.shared for m in after.team() if m.id != "s0"} == sharing
    assert all(n > 0 for n in reads), "the readers searched all along"

    # The store object opened before it all sees the final graph, index included.
    record = _adjacency_from_the_record(after)
    seen = early.adjacency(list(record))
    assert {i: sorted(row) for i, row in seen.items()} == record
    assert early.best_paths("s0", "d0", k=1, max_hops=4) == []
    assert early.paths_from("s0", max_hops=4).path_to("d0") is None
