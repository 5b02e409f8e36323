"""The `graph-mtl` command end to end on the demo bundle, through typer's runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.services.paths import warm_paths
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path(__file__).parents[2] / "seed" / "demo"
runner = CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    result = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported" in result.output
    return path


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def _registered(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command (a group is anything with `commands`)."""
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if hasattr(command, "commands"):
            found += _registered(command, (*prefix, name))
    return found


COMMANDS = _registered(typer.main.get_command(app))


def test_the_commands_the_readme_names_are_registered() -> None:
    names = {" ".join(c) for c in COMMANDS}
    for expected in ("import", "report", "serve", "keys create", "team share", "forget"):
        assert expected in names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    found: Any = typer.main.get_command(app)
    for part in command:
        found = found.commands[part]
    # Every command opens a store the same way; `copy` names two, and `neo4j
    # bulk-import` writes a stopped server's database files.
    if not hasattr(found, "commands") and command not in (("copy",), ("neo4j", "bulk-import")):
        assert "--store" in result.output


def test_paths_json_matches_the_service(store_path: Path) -> None:
    target = _some_key_person(store_path)
    data = _json(
        [
            "paths",
            "--from",
            "sp-zhang",
            "--to",
            target,
            "--k",
            "3",
            "--json",
            "--store",
            str(store_path),
        ]
    )
    expected = warm_paths(SqliteStore(store_path), "sp-zhang", target, k=3)
    paths = data["paths"]
    assert isinstance(paths, list) and paths
    assert [p["nodes"] for p in paths] == [p.nodes for p in expected]
    for path in paths:
        assert path["nodes"][0] == "sp-zhang" and path["nodes"][-1] == target
        assert path["hops"] == len(path["steps"]) == len(path["nodes"]) - 1
        assert all(step["reasons"] for step in path["steps"])


def test_no_path_is_an_empty_answer(store_path: Path) -> None:
    adjacency = SqliteStore(store_path).adjacency(["sp-zhang"])["sp-zhang"]
    far = next(p for p in _people(store_path) if p not in {o for o, _ in adjacency} | {"sp-zhang"})
    data = _json(
        [
            "paths",
            "--from",
            "sp-zhang",
            "--to",
            far,
            "--max-hops",
            "1",
            "--json",
            "--store",
            str(store_path),
        ]
    )
    assert data == {"paths": []}


def test_unknown_ids_exit_non_zero_with_a_message(store_path: Path) -> None:
    result = runner.invoke(
        app, ["paths", "--from", "sp-zhang", "--to", "nobody", "--store", str(store_path)]
    )
    assert result.exit_code == 1
    assert "unknown person 'nobody'" in result.output
    result = runner.invoke(
        app, ["committee", "no-such-customer", "--from", "sp-zhang", "--store", str(store_path)]
    )
    assert result.exit_code == 1
    assert "unknown customer" in result.output


def test_a_bad_bundle_lists_every_problem_and_writes_nothing(
    store_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(DEMO, bad)
    ties = (bad / "ties.csv").read_text(encoding="utf-8").splitlines()
    ties[1] = ties[1].replace(ties[1].split(",")[2], "1.5", 1)
    ties[2] = "sp-zhang,nobody-at-all,0.5,,"
    (bad / "ties.csv").write_text("\n".join(ties) + "\n", encoding="utf-8")
    before = store_path.read_bytes()
    result = runner.invoke(app, ["import", str(bad), "--store", str(store_path)])
    assert result.exit_code == 1
    assert "ties.csv:2:" in result.output and "ties.csv:3:" in result.output
    assert "nothing was written" in result.output
    assert store_path.read_bytes() == before


def test_committee_lists_key_persons_with_their_paths(store_path: Path) -> None:
    data = _json(
        ["committee", "c-huaxin", "--from", "sp-zhang", "--json", "--store", str(store_path)]
    )
    assert data["customer"] == "c-huaxin"
    members = data["members"]
    assert isinstance(members, list) and len(members) >= 5
    employees = {p.id for p in SqliteStore(store_path).employees("c-huaxin")}
    assert all(m["id"] in employees for m in members)
    assert any(m["path"] is not None for m in members)


def test_tables_for_people(store_path: Path) -> None:
    target = _some_key_person(store_path)
    result = runner.invoke(
        app, ["paths", "--from", "sp-zhang", "--to", target, "--store", str(store_path)]
    )
    assert result.exit_code == 0
    assert "Path 1" in result.output and "strength" in result.output


def _people(store_path: Path) -> list[str]:
    return sorted(p.id for p in SqliteStore(store_path).export().people)


def _some_key_person(store_path: Path) -> str:
    data = _json(
        ["committee", "c-huaxin", "--from", "sp-zhang", "--json", "--store", str(store_path)]
    )
    members = data["members"]
    assert isinstance(members, list)
    found: str = next(m["id"] for m in members if m["path"] is not None and m["path"]["hops"] > 1)
    return found


def test_the_store_comes_from_the_environment(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GRAPH_MTL_STORE", str(store_path))
    data = _json(["committee", "c-huaxin", "--from", "sp-zhang", "--json"])
    assert data["customer"] == "c-huaxin"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GRAPH_MTL_STORE")
    result = runner.invoke(app, ["import", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".graph-mtl" / "graph.db").exists(), "the default store is under the cwd"
