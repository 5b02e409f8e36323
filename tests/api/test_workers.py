"""`serve --workers 3` acts as one server: any worker answers any report job, a
key's rate is one count across workers, a restart keeps finished jobs, and a
worker that is slow to answer the supervisor's health ping is not killed.

Real processes: the server runs as `graph-mtl serve` in its own process tree.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from graph_mtl.bootstrap import open_store
from graph_mtl.settings import Settings
from tests.api.conftest import ME, prepare
from tests.serving import serving

pytestmark = pytest.mark.slow
WORKERS = 3


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store with the demo and sp-zhang's key (the key returned)."""
    folder = tmp_path_factory.mktemp("workers")
    store = folder / "graph.db"
    with closing(open_store(Settings(store=str(store)))) as graph:
        keys = prepare(graph)
    return store, keys[ME]


def _workers(base: str) -> list[int]:
    """The worker processes of the server at `base`: the children of the process
    started with its port (leaving out multiprocessing's resource tracker)."""
    port = base.rsplit(":", 1)[1]
    procs = {int(p.name): p for p in Path("/proc").iterdir() if p.name.isdigit()}
    parent = [pid for pid, p in procs.items() if _cmdline(p)[-2:] == ["--port", port]]
    assert len(parent) == 1, parent
    children = [
        pid
        for pid, p in procs.items()
        if _ppid(p) == parent[0] and "resource_tracker" not in " ".join(_cmdline(p))
    ]
    return sorted(children)


def _cmdline(proc: Path) -> list[str]:
    try:
        return (proc / "cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


def _ppid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_any_worker_answers_any_report_job_and_a_restart_keeps_it(
    keyed: tuple[Path, str], tmp_path: Path
) -> None:
    store, key = keyed
    auth = {"Authorization": f"Bearer {key}"}
    args = ["--store", str(store), "--workers", str(WORKERS)]
    env = {"GRAPH_MTL_RATE_LIMIT": "100000/minute"}
    with serving(args, tmp_path / "serve.log", env=env) as base:
        assert len(_workers(base)) == WORKERS
        started = httpx.post(f"{base}/reports", json={"top": 3}, headers=auth, timeout=30)
        assert started.status_code == 202
        where = started.headers["Location"]
        deadline = time.monotonic() + 60
        answers = []
        while time.monotonic() < deadline:
            # a fresh connection each time: the kernel spreads them over the workers
            answers.append(httpx.get(f"{base}{where}", headers=auth, timeout=30))
            if len(answers) >= 60 and answers[-1].json()["status"] == "done":
                break
        assert [a.status_code for a in answers] == [200] * len(answers)
        assert answers[-1].json()["status"] == "done"
        report = httpx.get(f"{base}{where}?format=json", headers=auth, timeout=30).json()
    with serving(args, tmp_path / "again.log", env=env) as base:
        again = httpx.get(f"{base}{where}?format=json", headers=auth, timeout=30)
        assert again.status_code == 200
        assert again.json() == report


def test_one_key_gets_its_rate_across_workers(keyed: tuple[Path, str], tmp_path: Path) -> None:
    store, key = keyed
    auth = {"Authorization": f"Bearer {key}"}
    args = ["--store", str(store), "--workers", str(WORKERS)]
    # a fresh state file, so that no earlier test's counts are in it
    env = {"GRAPH_MTL_RATE_LIMIT": "50/hour", "GRAPH_MTL_SERVER_STATE": str(tmp_path / "s.db")}
    with serving(args, tmp_path / "serve.log", env=env) as base:
        codes = []
        for _ in range(150):
            with httpx.Client(base_url=base, timeout=30) as fresh:
                codes.append(fresh.get("/team", headers=auth).status_code)
    assert codes.count(200) == 50
    assert codes.count(429) == 100


def test_a_worker_slow_to_answer_the_health_ping_is_not_killed(
    keyed: tuple[Path, str], tmp_path: Path
) -> None:
    """A stopped process answers no ping at all: the harshest case of a busy one.
    uvicorn's own supervisor killed a worker after 5 s of silence."""
    store, key = keyed
    args = ["--store", str(store), "--workers", "2"]
    with serving(args, tmp_path / "serve.log") as base:
        pids = _workers(base)
        assert len(pids) == 2
        frozen = pids[0]
        os.kill(frozen, signal.SIGSTOP)
        try:
            time.sleep(9)
        finally:
            with contextlib.suppress(ProcessLookupError):  # killed: the assertion says so
                os.kill(frozen, signal.SIGCONT)
        time.sleep(1)
        assert _workers(base) == pids, "the supervisor killed the silent worker"
        auth = {"Authorization": f"Bearer {key}"}
        for _ in range(20):
            assert httpx.get(f"{base}/team", headers=auth, timeout=30).status_code == 200
