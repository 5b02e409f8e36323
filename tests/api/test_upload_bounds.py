"""Uploads bounded, bad uploads a 422: the LinkedIn and CRM readers open only the
files they use, each read as it goes and stopped at the unpacked bound; a damaged
zip and a cell past csv's 128 KiB are problems naming the file (and the line and
column), never a 500. Nothing here allocates more than a few megabytes: the big
members are zeros or repeated rows that compress to kilobytes."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.bootstrap import open_store
from graph_mtl.errors import ImportRejected
from graph_mtl.ingest.linkedin import read_linkedin
from graph_mtl.settings import Settings
from tests.api.conftest import ADMIN, ME, prepare

LIMIT = 256 * 1024
CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Lan,Xu,https://www.linkedin.com/in/lan-xu,,Northwind,CIO,15 Jan 2023\n"
)
CONTACTS_HEADER = (
    "Record ID,First Name,Last Name,Email,Company Name,Job Title,Contact owner,"
    "Last Activity Date,Lifecycle Stage\n"
)


ADMIN_AUTH: dict[str, str] = {}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(store=str(tmp_path / "graph.db"), max_unpacked_bytes=LIMIT)
    with closing(open_store(settings)) as store:
        keys = prepare(store)
    ADMIN_AUTH["Authorization"] = f"Bearer {keys[ADMIN]}"
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {keys[ME]}"
        yield client


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Bytes read from each zip member, by name: which members were opened, and how far."""
    counted: dict[str, int] = {}
    real_read = zipfile.ZipExtFile.read

    def read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        got = real_read(self, n)
        counted[self.name] = counted.get(self.name, 0) + len(got)
        return got

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counted


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "export.zip") -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/zip"))]


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    found: dict[str, Any] = response.json()
    return found


# -- only the members a reader uses, each under the bound -----------------------------


def test_linkedin_opens_only_the_files_it_reads(client: TestClient, reads: dict[str, int]) -> None:
    """Three 16 MiB members the reader never uses (48 KB zipped) stay packed."""
    big = b"\0" * (16 << 20)
    data = _zip(
        {
            "Connections.csv": CONNECTIONS,
            "Shares.csv": big,
            "Learning.csv": big,
            "Rich_Media.csv": big,
        }
    )
    assert len(data) < 100_000
    response = client.post("/imports/linkedin", files=_upload(data))
    assert response.status_code == 200, response.text
    assert set(reads) == {"Connections.csv"}


def test_a_member_past_the_bound_is_refused_while_read(
    client: TestClient, reads: dict[str, int]
) -> None:
    """Connections.csv unpacks to 16 MiB: refused, from the size the zip gives or once
    the bound (256 KiB) is passed while it is read, having read a megabyte at most."""
    row = "Lan,Xu,https://www.linkedin.com/in/lan-xu,,Northwind,CIO,15 Jan 2023\n"
    rows = CONNECTIONS + row * ((16 << 20) // len(row))
    problem = _problem(
        client.post("/imports/linkedin", files=_upload(_zip({"Connections.csv": rows}))), 422
    )
    assert "262,144" in problem["detail"]
    assert reads.get("Connections.csv", 0) <= LIMIT + (1 << 20)  # refused from its size, or read


def test_crm_opens_only_the_files_it_reads_each_under_the_bound(
    client: TestClient, reads: dict[str, int]
) -> None:
    contacts = CONTACTS_HEADER + "501,Mei,Wang,,Huaxin,Buyer,,,lead\n"
    data = _zip({"contacts.csv": contacts, "deals.csv": b"\0" * (16 << 20)})
    response = client.post(
        "/imports/crm", files=_upload(data), data={"mapping": "hubspot"}, headers=ADMIN_AUTH
    )
    assert response.status_code == 200, response.text
    assert set(reads) == {"contacts.csv"}
    reads.clear()
    contacts += "501,Mei,Wang,,Huaxin,Buyer,,,lead\n" * 500_000  # 17 MB
    response = client.post(
        "/imports/crm",
        files=_upload(_zip({"contacts.csv": contacts})),
        data={"mapping": "hubspot"},
        headers=ADMIN_AUTH,
    )
    assert "262,144" in _problem(response, 422)["detail"]
    assert reads.get("contacts.csv", 0) <= LIMIT + (1 << 20)


def test_the_command_lines_reader_reads_only_what_it_uses(
    tmp_path: Path, reads: dict[str, int]
) -> None:
    export = tmp_path / "export.zip"
    export.write_bytes(_zip({"Connections.csv": CONNECTIONS, "Rich_Media.csv": b"\0" * (16 << 20)}))
    assert [c.id for c in read_linkedin(export).connections] == ["li-lan-xu"]
    assert set(reads) == {"Connections.csv"}


# -- damaged zips ------------------------------------------------------------------------


def _damaged(name: str) -> bytes:
    """A zip whose member's deflate stream is broken in its middle (zlib.error)."""
    lines = [f"p{i},{random.Random(i).random()}\n" for i in range(5000)]
    raw = bytearray(_zip({name: CONNECTIONS + "".join(lines)}))
    for at in range(1000, 1050):
        raw[at] ^= 0x55
    return bytes(raw)


def test_a_damaged_zip_is_422_naming_the_member(client: TestClient) -> None:
    problem = _problem(
        client.post("/import", files=_upload(_damaged("people.csv")), headers=ADMIN_AUTH), 422
    )
    assert problem["errors"][0]["field"] == "files" and "people.csv" in problem["detail"]
    linkedin = client.post("/imports/linkedin", files=_upload(_damaged("Connections.csv")))
    problem = _problem(linkedin, 422)
    assert problem["errors"][0]["field"] == "files" and "Connections.csv" in problem["detail"]
    unreadable = _zip({"Connections.csv": CONNECTIONS})[:-30]  # its directory cut off
    problem = _problem(client.post("/imports/linkedin", files=_upload(unreadable)), 422)
    assert problem["errors"][0]["field"] == "files"


def test_the_command_lines_reader_names_a_damaged_member(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    export.write_bytes(_damaged("Connections.csv"))
    with pytest.raises(ImportRejected) as rejected:
        read_linkedin(export)
    [problem] = rejected.value.problems
    assert problem.file == "Connections.csv" and "damaged" in problem.reason


# -- a cell past csv's field limit ------------------------------------------------


def test_a_long_cell_is_a_problem_naming_file_line_and_column(client: TestClient) -> None:
    long = "x" * (200 * 1024)
    text = CONNECTIONS + f'Mei,Wang,https://www.linkedin.com/in/mei,,Huaxin,"{long}",15 Jan 2023\n'
    files = [("files", ("Connections.csv", text.encode(), "text/csv"))]
    problem = _problem(client.post("/imports/linkedin", files=files), 422)
    [found] = problem["problems"]
    assert (found["file"], found["line"]) == ("Connections.csv", 3)
    assert found["reason"].startswith("Position: a cell is longer than 131,072 characters")
    contacts = CONTACTS_HEADER + f"501,Mei,Wang,{long},Huaxin,Buyer,,,lead\n"
    response = client.post(
        "/imports/crm",
        files=[("files", ("contacts.csv", contacts.encode(), "text/csv"))],
        data={"mapping": "hubspot"},
        headers=ADMIN_AUTH,
    )
    [found] = _problem(response, 422)["problems"]
    assert (found["file"], found["line"]) == ("contacts.csv", 2)
    assert found["reason"].startswith("Email: a cell is longer than 131,072 characters")
