"""The salesperson's weekly loop on the demo, end to end, through the API (on every
store) and through the command line: find the account by its name, see its
committee, ask the suggested connector for an introduction, move it to met, and
see the new direct tie first in the next committee."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_mtl.cli import app
from tests.api.conftest import DEMO, ME, TEAMMATE, Backend

CEO = "huaxin-01"  # 陈国栋, the CEO of 华信制造: three hops from sp-zhang in the demo


def _member(committee: dict[str, Any], ident: str) -> Any:
    members = committee["members"]
    assert isinstance(members, list)
    return next(m for m in members if m["id"] == ident)


def test_the_weekly_loop_over_the_api(client: TestClient, backend: Backend) -> None:
    found = client.get("/search", params={"q": "华信制造"}).json()["matches"]
    assert (found[0]["kind"], found[0]["id"]) == ("customer", "c-huaxin")
    before = client.get("/customers/c-huaxin/committee", params={"need": "n-erp"}).json()
    ceo = _member(before, CEO)
    assert not ceo["known"] and ceo["path"]["hops"] > 1
    connector = ceo["path"]["nodes"][1]

    asked = client.post("/intros", json={"to": CEO, "note": "ERP for their new plant"})
    assert asked.status_code == 201, asked.text
    intro = asked.json()
    assert (intro["status"], intro["to"], intro["via"]) == ("requested", CEO, connector)
    assert client.post("/intros", json={"to": CEO}).status_code == 409  # open already
    assert [i["id"] for i in client.get("/intros").json()["intros"]] == [intro["id"]]
    assert client.get(f"/intros/{intro['id']}").json() == intro
    teammate = backend.auth(TEAMMATE)
    assert client.get(f"/intros/{intro['id']}", headers=teammate).status_code == 404
    assert client.get("/intros", headers=teammate).json()["intros"] == []

    wrong = client.patch(f"/intros/{intro['id']}", json={"status": "met"})
    assert wrong.status_code == 409 and "can move to accepted" in wrong.json()["detail"]
    assert client.patch(f"/intros/{intro['id']}", json={"status": "accepted"}).status_code == 200
    met = client.patch(f"/intros/{intro['id']}", json={"status": "met", "note": "lunch"})
    assert met.status_code == 200 and met.json()["status"] == "met"
    assert client.get("/intros").json()["intros"] == []
    assert [i["status"] for i in client.get("/intros?status=all").json()["intros"]] == ["met"]

    after = client.get("/customers/c-huaxin/committee", params={"need": "n-erp"}).json()
    ceo = _member(after, CEO)
    assert ceo["known"] and ceo["path"]["nodes"] == [ME, CEO]
    assert ceo["path"]["steps"][0]["context"].startswith("introduced by ")
    assert any(d["id"] == CEO and d["is_member"] for d in after["door_openers"])


def test_the_weekly_loop_on_the_command_line(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path / "graph.db")]
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, *store])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("import", str(DEMO))
    (match, *_) = json.loads(run("find", "华信制造", "--json"))["matches"]
    assert match["id"] == "c-huaxin"
    group = json.loads(run("committee", "华信制造", "--from", "张伟", "--need", "n-erp", "--json"))
    ceo = _member(group, CEO)
    assert not ceo["known"]
    intro = json.loads(run("intros", "request", "--from", ME, "--to", "陈国栋", "--json"))
    assert (intro["to"], intro["via"]) == (CEO, ceo["path"]["nodes"][1])
    assert "陈国栋" in run("intros", "list")
    run("intros", "update", intro["id"], "--status", "accepted")
    assert "is now met" in run("intros", "update", intro["id"], "--status", "met")
    shown = run("committee", "c-huaxin", "--from", ME, "--need", "n-erp")
    assert "you know them" in shown and "introduced by" in shown
    group = json.loads(run("committee", "c-huaxin", "--from", ME, "--need", "n-erp", "--json"))
    assert _member(group, CEO)["path"]["nodes"] == [ME, CEO]
    bad = runner.invoke(app, ["intros", "update", intro["id"], "--status", "declined", *store])
    assert bad.exit_code == 1 and "is met" in bad.output


def test_the_pipeline_lists_what_was_recorded(client: TestClient, backend: Backend) -> None:
    body = {"contact": "huaxin-11", "customer": "c-huaxin", "need": "n-erp", "record": True}
    body["fields"] = {"timeline": "Q3 2026"}
    recorded = client.post("/contacts/evaluate", json=body)
    assert recorded.status_code == 200, recorded.text
    (entry,) = client.get("/opportunities").json()["opportunities"]
    assert (entry["id"], entry["recorded_by"]) == (recorded.json()["opportunity_id"], ME)
    assert (entry["customer_name"], entry["details"]) == ("华信制造", {"timeline": "Q3 2026"})
    assert client.get("/opportunities", params={"kind": "lead", "mine": True}).json()[
        "opportunities"
    ] == ([entry] if entry["kind"] == "lead" else [])
    mine = client.get("/opportunities", params={"mine": True}, headers=backend.auth(TEAMMATE))
    assert mine.json()["opportunities"] == []


def test_the_pipeline_on_the_command_line(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path / "graph.db")]
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(DEMO), *store]).exit_code == 0
    assert "Nothing recorded yet" in runner.invoke(app, ["opportunities", *store]).stdout
    evaluate = ["evaluate", "--contact", "huaxin-11", "--customer", "c-huaxin", "--need", "n-erp"]
    assert runner.invoke(app, [*evaluate, "--from", ME, "--record", *store]).exit_code == 0
    shown = runner.invoke(app, ["opportunities", "--customer", "华信制造", *store])
    assert shown.exit_code == 0, shown.output
    assert "1 lead," in shown.stdout or "1 business opportunity," in shown.stdout
    listed = json.loads(
        runner.invoke(app, ["opportunities", "--from", ME, "--json", *store]).stdout
    )
    assert [e["contact"] for e in listed["opportunities"]] == ["huaxin-11"]


def test_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path / "graph.db")]
    result = CliRunner().invoke(app, ["paths", "--from", ME, "--to", CEO, *store])
    assert result.exit_code == 1
    assert "the store is empty: import a bundle (graph-mtl import seed/demo)" in result.output
    CliRunner().invoke(app, ["import", str(DEMO), *store])
    result = CliRunner().invoke(app, ["paths", "--from", "nobody", "--to", CEO, *store])
    assert result.exit_code == 1 and "empty" not in result.output


def test_the_api_answers_as_the_command_line_for_the_same_salesperson(
    client: TestClient, backend: Backend
) -> None:
    """Without `from`: the key's salesperson, as the CLI's `--from` (both read the
    caller's team view; tests/api/test_cli_parity.py compares every route)."""
    store = ["--store", backend.settings.store or ""]
    runner = CliRunner()

    def cli(*args: str) -> dict[str, object]:
        result = runner.invoke(app, [*args, "--from", ME, "--json", *store])
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)
        assert isinstance(found, dict)
        return found

    plan = client.get("/customers/c-boyuan/outreach").json()
    assert plan == cli("outreach", "c-boyuan")
    group = client.get("/customers/c-huaxin/committee", params={"need": "n-erp"}).json()
    assert group == cli("committee", "c-huaxin", "--need", "n-erp")
