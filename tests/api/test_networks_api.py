"""POST /imports/linkedin: a salesperson's own export, under the same rules as every
other write, answering as `graph-mtl import-linkedin --json` does."""

from __future__ import annotations

import io
import zipfile
from contextlib import closing
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import ADMIN, ME, TEAMMATE, Backend

EXPORT = Path(__file__).parents[2] / "seed" / "linkedin" / "sp-zhang"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(EXPORT.glob("*.csv")):
            archive.write(path, path.name)
    return buffer.getvalue()


def _files() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", ("Basic_LinkedInDataExport_12-02-2026.zip", _zip(), "application/zip"))]


def test_a_salesperson_imports_their_own_export(client: TestClient, backend: Backend) -> None:
    dry = client.post("/imports/linkedin", files=_files(), data={"dry_run": "true"})
    assert dry.status_code == 200, dry.text
    assert dry.json()["dry_run"] is True and dry.json()["connections"] == 3
    with closing(backend.open()) as store:
        assert store.people(["li-daniel-park-nw"]) == {}
    done = client.post("/imports/linkedin", files=_files())
    assert done.status_code == 200, done.text
    assert done.json()["salesperson"] == ME and done.json()["new_people"] == 3
    with closing(backend.open()) as store:
        neighbours = dict(store.adjacency([ME])[ME])
        assert "li-daniel-park-nw" in neighbours


def test_only_an_admin_imports_a_teammates_network(client: TestClient, backend: Backend) -> None:
    theirs = client.post("/imports/linkedin", files=_files(), data={"salesperson": TEAMMATE})
    assert theirs.status_code == 403
    admin = client.post(
        "/imports/linkedin",
        files=_files(),
        data={"salesperson": TEAMMATE},
        headers=backend.auth(ADMIN),
    )
    assert admin.status_code == 200 and admin.json()["salesperson"] == TEAMMATE


def test_a_bad_export_is_422_naming_the_file_and_line(client: TestClient, backend: Backend) -> None:
    text = (
        (EXPORT / "Connections.csv").read_text(encoding="utf-8-sig").replace("14 Mar 2022", "soon")
    )
    files = [("files", ("Connections.csv", text.encode(), "text/csv"))]
    response = client.post("/imports/linkedin", files=files)
    assert response.status_code == 422, response.text
    problems = response.json()["problems"]
    assert problems[0]["file"] == "Connections.csv" and problems[0]["line"] == 5
    with closing(backend.open()) as store:
        assert store.people(["li-zhou-fang-by"]) == {}


def test_an_admin_imports_the_teams_crm(client: TestClient, backend: Backend) -> None:
    contacts = (
        "Record ID,First Name,Last Name,Email,Company Name,Job Title,Contact owner,"
        "Last Activity Date,Lifecycle Stage\n"
        "501,Mei,Wang,mei@huaxin.example.cn,华信制造,采购经理,张伟,2026-11-30 10:00,opportunity\n"
        "502,Tom,Wu,,博远物流,IT经理,李娜,,lead\n"
    ).encode()
    files = [("files", ("hubspot-crm-exports-all-contacts-2026-12-02.csv", contacts, "text/csv"))]
    refused = client.post("/imports/crm", files=files, data={"mapping": "hubspot"})
    assert refused.status_code == 403  # sp-zhang's key, and 李娜 (sp-li) owns a contact
    done = client.post(
        "/imports/crm", files=files, data={"mapping": "hubspot"}, headers=backend.auth(ADMIN)
    )
    assert done.status_code == 200, done.text
    assert done.json()["owned"] == 2 and done.json()["matched_companies"] == 2
    with closing(backend.open()) as store:
        mei = store.people(["hubspot-501"])["hubspot-501"]
        assert mei.customer_id == "c-huaxin"
        assert ("hubspot-501", ME) in store.ties([("hubspot-501", ME)])


def test_searches_take_inferred_and_recent_ties(client: TestClient) -> None:
    plain = client.get("/paths", params={"to": "huaxin-20", "max_hops": 3})
    inferred = client.get("/paths", params={"to": "huaxin-20", "max_hops": 3, "inferred": True})
    assert plain.status_code == inferred.status_code == 200, inferred.text
    assert (
        plain.json()["paths"]
        and inferred.json()["paths"][0]["strength"] >= (plain.json()["paths"][0]["strength"])
    )
    future = client.get("/paths", params={"to": "huaxin-20", "since": "2099-01-01"})
    assert future.status_code == 200 and future.json() == {"paths": []}
    for url in ("/paths", "/customers/c-huaxin/committee", "/customers/c-huaxin/outreach"):
        wrong = client.get(url, params={"to": "huaxin-20", "recent": "soon"})
        assert wrong.status_code == 422, (url, wrong.text)
        assert wrong.json()["errors"][0]["field"] == "recent"
    report = client.post("/reports", json={"recent": "6m", "since": "2026-01-01"})
    assert report.status_code == 422 and report.json()["errors"][0]["field"] == "recent"
    group = client.get("/customers/c-huaxin/committee", params={"inferred": True, "recent": "1y"})
    assert group.status_code == 200, group.text


def test_changes_list_job_changes_since_a_day(client: TestClient) -> None:
    today = date.today().isoformat()
    assert client.get("/changes", params={"since": today}).json()["changes"] == []
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    for company in ("华信制造有限公司", '"Northwind Retail, Inc."'):
        row = f"Lan,Xu,https://www.linkedin.com/in/lan-xu,,{company},CIO,15 Jan 2023\n"
        files = [("files", ("Connections.csv", (header + row).encode(), "text/csv"))]
        assert client.post("/imports/linkedin", files=files).status_code == 200
    found = client.get("/changes", params={"since": today})
    assert found.status_code == 200, found.text
    moves = [(c["kind"], c["customer_id"], c["person_id"]) for c in found.json()["changes"]]
    assert sorted(moves) == [
        ("joined", "c-northwind", "li-lan-xu"),
        ("left", "c-huaxin", "li-lan-xu"),
    ]
    assert client.get("/changes").status_code == 422
