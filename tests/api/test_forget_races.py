"""A read racing an erasure answers without the person, or 404, never 500: a real
server process answers `/paths` from several client threads while this process
forgets, one after another, people those paths run through and people they lead to."""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.services.access import COMMAND_LINE, forget
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.api.conftest import ME, prepare
from tests.serving import serving

PAIRS = 30


def _chains() -> Bundle:
    """For each i: ME - via-i - to-i, and a weaker second way to-i over via-i-b."""
    people, ties = [], []
    for i in range(PAIRS):
        people += [
            Person(id=f"via-{i}", name=f"Via {i}", email=f"via{i}@example.org"),
            Person(id=f"via-{i}-b", name=f"Other via {i}"),
            Person(id=f"to-{i}", name=f"Target {i}"),
        ]
        ties += [
            Tie(source=ME, target=f"via-{i}", strength=0.9),
            Tie(source=f"via-{i}", target=f"to-{i}", strength=0.9, context=f"via {i}"),
            Tie(source=ME, target=f"via-{i}-b", strength=0.4),
            Tie(source=f"via-{i}-b", target=f"to-{i}", strength=0.4),
            Tie(source=f"via-{i}", target=f"via-{i}-b", strength=0.3),
        ]
    return Bundle(people=people, ties=ties)


@pytest.mark.slow
def test_reads_racing_forgets_never_answer_500(tmp_path: Path) -> None:
    from datetime import date

    path = tmp_path / "graph.db"
    with closing(SqliteStore(path)) as store:
        keys = prepare(store)
        store.load(_chains())
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    stop = threading.Event()

    def ask(base: str, offset: int) -> None:
        headers = {"Authorization": f"Bearer {keys[ME]}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            i = offset
            while not stop.is_set():
                try:
                    found = client.get("/paths", params={"to": f"to-{i % PAIRS}", "k": 3})
                except httpx.TransportError as exc:
                    errors.append(repr(exc))
                    continue
                statuses[found.status_code] += 1
                if found.status_code >= 500:
                    errors.append(found.text)
                i += 1

    env = {"GRAPH_MTL_RATE_LIMIT": "100000/minute"}
    with serving(["--store", str(path)], tmp_path / "serve.log", env=env) as base:
        askers = [threading.Thread(target=ask, args=(base, n * 7)) for n in range(4)]
        for thread in askers:
            thread.start()
        try:
            with closing(SqliteStore(path)) as store:
                deadline = time.monotonic() + 20
                for i in range(PAIRS):
                    if time.monotonic() > deadline:
                        break
                    forget(store, COMMAND_LINE, f"via-{i}", today=date(2026, 12, 2))
                    if i % 2:
                        forget(store, COMMAND_LINE, f"to-{i}", today=date(2026, 12, 2))
                    time.sleep(0.15)
        finally:
            stop.set()
            for thread in askers:
                thread.join(timeout=60)
    assert sum(statuses.values()) > 100, (statuses, errors[:3])
    assert errors == [], (statuses, errors[:3], (tmp_path / "serve.log").read_text()[-3000:])
    assert set(statuses) <= {200, 404}, statuses
