"""`graph-mtl committee` and `graph-mtl outreach` on the demo bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import graph_mtl.cli.committee
import graph_mtl.cli.outreach  # noqa: F401
from graph_mtl.cli import app
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path(__file__).parents[2] / "seed" / "demo"
runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "graph.db"
    result = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _json(store_path: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_help_for_both_commands() -> None:
    for command in ("committee", "outreach"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "--store" in result.output and "--json" in result.output
    assert "--playbook" in runner.invoke(app, ["outreach", "--help"]).output


def test_committee_json_on_the_demo(store_path: Path) -> None:
    data = _json(store_path, "committee", "c-huaxin", "--from", "sp-zhang")
    assert data["customer"] == "c-huaxin"
    members = {m["id"]: m for m in data["members"]}
    assert {f"huaxin-0{i}" for i in range(1, 8)} <= set(members)
    for member in members.values():
        assert {"id", "role", "power", "path"} <= set(member)
    assert members["huaxin-02"]["path"] is None and members["huaxin-06"]["path"] is None
    assert members["huaxin-01"]["path"]["names"][0] == "张伟"
    reached = [m for m in members.values() if m["path"] is not None]
    assert data["coverage"] == pytest.approx(len(reached) / len(members))
    gaps = {g["id"]: [c["channel_id"] for c in g["channels"]] for g in data["gaps"]}
    assert set(gaps) == {"huaxin-02", "huaxin-06"}
    assert gaps["huaxin-02"][0] == "ch-ex-qian" and gaps["huaxin-06"][0] == "ch-peer-ma"
    neighbours = {o for o, _ in SqliteStore(store_path).adjacency(["sp-zhang"])["sp-zhang"]}
    assert data["door_openers"] and all(d["id"] in neighbours for d in data["door_openers"])
    covered = sorted(m for d in data["door_openers"] for m in d["covers"])
    assert covered == sorted(m["id"] for m in reached)


def test_a_known_key_person_is_their_own_door_opener(store_path: Path) -> None:
    data = _json(store_path, "committee", "c-boyuan", "--from", "sp-zhang", "--need", "n-erp")
    assert data["need"] == "n-erp" and data["coverage"] == 1.0
    assert [(d["id"], d["is_member"]) for d in data["door_openers"]] == [("boyuan-04", True)]


def test_committee_tables(store_path: Path) -> None:
    result = runner.invoke(
        app, ["committee", "c-huaxin", "--from", "sp-zhang", "--store", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    for text in ("Key persons at", "coverage", "Door openers", "Gaps", "greedy"):
        assert text in result.output


def test_committee_unknown_need_exits_1(store_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "committee",
            "c-huaxin",
            "--from",
            "sp-zhang",
            "--need",
            "n-x",
            "--store",
            str(store_path),
        ],
    )
    assert result.exit_code == 1 and "unknown need 'n-x'" in result.output


def test_outreach_json_on_the_demo(store_path: Path) -> None:
    data = _json(store_path, "outreach", "c-boyuan", "--from", "sp-zhang")
    assert data["strategy"] == "show_ability" and data["status"] == "target"
    people = {p["id"]: p for p in data["people"]}
    assert people["boyuan-04"]["direct"] is True and people["boyuan-04"]["introduction"] is None
    others = [p for p in people.values() if not p["direct"]]
    assert others and all(p["introduction"] and p["ask"] for p in others)
    assert all("云ERP套件" in p["message"] for p in people.values())

    huaxin = _json(store_path, "outreach", "c-huaxin", "--from", "sp-zhang")
    assert "n-hardware" in [n["need_id"] for n in huaxin["not_opportunities"]]
    gaps = {p["id"]: p for p in huaxin["people"] if p["path"] is None}
    assert set(gaps) == {"huaxin-02", "huaxin-06"}
    assert all(p["channels"] and p["introduction"] is None for p in gaps.values())

    potential = _json(store_path, "outreach", "c-haida", "--from", "sp-zhang")
    assert potential["strategy"] == "unexpected_insight"
    assert all(p["insight"] and p["insight"] in p["message"] for p in potential["people"])


def test_outreach_panels(store_path: Path) -> None:
    result = runner.invoke(
        app, ["outreach", "c-boyuan", "--from", "sp-zhang", "--store", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    for text in ("Outreach plan", "You know", "introduction request to", "show ability"):
        assert text in result.output


def test_outreach_with_a_bad_playbook_exits_1(store_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "playbook.toml"
    bad.write_text('[messages]\ntarget = "Show {customer} {nonsense}"\n', encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "outreach",
            "c-boyuan",
            "--from",
            "sp-zhang",
            "--playbook",
            str(bad),
            "--store",
            str(store_path),
        ],
    )
    assert result.exit_code == 1
    assert "messages.target" in result.output and "{nonsense}" in result.output


def test_outreach_max_hops_defaults_to_the_playbook(store_path: Path, tmp_path: Path) -> None:
    tight = tmp_path / "playbook.toml"
    tight.write_text("[priority]\nmax_hops = 2\n", encoding="utf-8")
    data = _json(store_path, "outreach", "c-huaxin", "--from", "sp-zhang", "--playbook", str(tight))
    assert data["max_hops"] == 2
    assert all(p["path"] is None or p["path"]["hops"] <= 2 for p in data["people"])
    wider = _json(store_path, "outreach", "c-huaxin", "--from", "sp-zhang", "--max-hops", "3")
    assert wider["max_hops"] == 3
