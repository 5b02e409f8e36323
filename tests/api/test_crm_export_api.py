"""GET /exports/crm: the file `graph-mtl export-crm` writes, for the caller's own
position, on every store; a bad mapping or someone else's position is a problem."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_mtl.cli import app
from tests.api.conftest import ME, TEAMMATE, Backend

runner = CliRunner()


def test_the_file_is_the_commands(client: TestClient, backend: Backend) -> None:
    response = client.get("/exports/crm", params={"mapping": "salesforce"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    args = ["export-crm", "--mapping", "salesforce", "--from", ME]
    done = runner.invoke(app, [*args, "--store", backend.settings.store or ""])
    assert done.exit_code == 0, done.output
    assert response.text.replace("\r\n", "\n") == done.stdout.replace("\r\n", "\n")
    assert response.text.startswith("Contact ID,Email,Graph_MTL_Best_Connector__c,")


def test_problems(client: TestClient) -> None:
    bad = client.get("/exports/crm", params={"mapping": "pipedrive"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    other = client.get("/exports/crm", params={"mapping": "hubspot", "from": TEAMMATE})
    assert other.status_code == 403
