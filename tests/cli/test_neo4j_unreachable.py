"""A Neo4j store that is configured but not there (a port nobody listens on): every
command says so in one line, with how to start it, and exits 1 without a traceback;
the API answers 503 with the same hint as a problem document."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from graph_mtl.cli import app
from graph_mtl.settings import Settings

runner = CliRunner()
FIXTURE = Path(__file__).parents[1] / "fixtures" / "graph-mtl-1.json"


def _free_port() -> int:
    # Bound and released: nothing listens there afterwards.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


URI = f"bolt://127.0.0.1:{_free_port()}"
HINT = (
    "start it with `make neo4j` (scripts/neo4j/start.sh), or use the embedded store "
    "(unset GRAPH_MTL_STORE, or give --store a file path)"
)
LINE = f"error: Neo4j at {URI} is not reachable: {HINT}"

# Every command that opens the store, with arguments it would otherwise accept
# (the store comes from GRAPH_MTL_STORE). `serve` starts a server and answers 503
# (checked below through the app).
COMMANDS: dict[str, list[str]] = {
    "find": ["find", "华信"],
    "paths": ["paths", "--from", "sp-zhang", "--to", "huaxin-01"],
    "committee": ["committee", "c-huaxin", "--from", "sp-zhang"],
    "accounts": ["accounts", "--from", "sp-zhang"],
    "channels": ["channels", "--from", "sp-zhang"],
    "outreach": ["outreach", "c-boyuan", "--from", "sp-zhang"],
    "evaluate": [
        "evaluate",
        *("--contact", "huaxin-11", "--customer", "c-huaxin", "--need", "n-erp"),
        *("--from", "sp-zhang"),
    ],
    "report": ["report", "--from", "sp-zhang", "--out", "-", "--format", "json"],
    "export": ["export", "{tmp}/out"],
    "export-crm": ["export-crm", "--mapping", "hubspot", "--from", "sp-zhang"],
    "import": ["import", "seed/demo"],
    "import-linkedin": ["import-linkedin", "seed/linkedin/sp-zhang", "--salesperson", "sp-zhang"],
    "import-mail": ["import-mail", "seed/mail/sp-zhang.mbox", "--salesperson", "sp-zhang"],
    "import-calendar": [
        *("import-calendar", "seed/calendar/sp-zhang.ics"),
        *("--salesperson", "sp-zhang"),
    ],
    "import-crm": ["import-crm", "seed/crm/hubspot", "--mapping", "hubspot"],
    "changes": ["changes", "--recent", "30d"],
    "forget": ["forget", "huaxin-11"],
    "erasures": ["erasures"],
    "opportunities": ["opportunities"],
    "intros request": ["intros", "request", "--from", "sp-zhang", "--to", "huaxin-01"],
    "intros list": ["intros", "list"],
    "intros update": ["intros", "update", "intro-1", "--status", "met"],
    "keys create": ["keys", "create", "--salesperson", "sp-zhang"],
    "keys list": ["keys", "list"],
    "keys revoke": ["keys", "revoke", "key-1"],
    "team share": ["team", "share", "--salesperson", "sp-zhang"],
    "team closest": ["team", "closest", "c-huaxin", "--from", "sp-zhang"],
    "copy": ["copy", "--from", URI, "--to", "{tmp}/copy.db"],
    "migrate": ["migrate", str(FIXTURE), "--store", URI],
}


def _leaves(command: object, path: tuple[str, ...] = ()) -> list[str]:
    subs = getattr(command, "commands", None)
    if not subs:
        return [" ".join(path)]
    return [leaf for name, sub in subs.items() for leaf in _leaves(sub, (*path, name))]


def test_every_command_is_checked() -> None:
    # bulk-import writes database files with the admin tool and opens no store.
    unchecked = {"serve", "neo4j bulk-import"}
    assert set(_leaves(typer.main.get_command(app))) - set(COMMANDS) == unchecked


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_one_line_with_how_to_start_it(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPH_MTL_STORE", URI)
    monkeypatch.chdir(Path(__file__).parents[2])
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[name]]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [LINE]
    assert "Traceback" not in result.output and result.stdout == ""


def test_the_api_answers_503_with_the_hint() -> None:
    with TestClient(create_app(Settings(store=URI))) as client:
        assert client.get("/health").status_code == 200  # the process lives
        for response in (
            client.get("/ready"),
            client.get("/paths", params={"to": "huaxin-01"}, headers={"Authorization": "Bearer x"}),
        ):
            assert response.status_code == 503
            assert response.headers["content-type"] == "application/problem+json"
            problem = response.json()
            assert problem["type"].endswith("store-unavailable")
            assert f"Neo4j is not reachable: {HINT}." in problem["detail"]
            assert URI not in problem["detail"]  # the server's address stays private
            assert response.headers["Retry-After"] == "5"
