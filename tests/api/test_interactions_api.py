"""POST /imports/mail and /imports/calendar: a salesperson's own mailbox and
calendar, answering as the commands do with --json."""

from __future__ import annotations

import io
import zipfile
from contextlib import closing
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import ADMIN, ME, TEAMMATE, Backend
from tests.mail_samples import ics, mbox

ALIASES = {"alias": ["zhang@our.example", "wei.zhang@gmail.example"]}


def _mbox(tmp_path: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    data = mbox(tmp_path / "box.mbox").read_bytes()
    return [("files", ("All mail Including Spam and Trash.mbox", data, "application/mbox"))]


def test_a_salesperson_imports_their_own_mail(
    client: TestClient, backend: Backend, tmp_path: Path
) -> None:
    done = client.post("/imports/mail", files=_mbox(tmp_path), data=ALIASES)
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["salesperson"], body["messages"], body["counted"]) == (ME, 11, 6)
    assert body["one_way"] == 1 and body["correspondents"] == 2
    with closing(backend.open()) as store:
        assert "mail-lan@globex.example" in dict(store.adjacency([ME])[ME])
    again = client.post("/imports/mail", files=_mbox(tmp_path), data=ALIASES)
    assert again.json()["new_people"] == 0


def test_only_an_admin_imports_a_teammates_mail(
    client: TestClient, backend: Backend, tmp_path: Path
) -> None:
    theirs = client.post(
        "/imports/mail", files=_mbox(tmp_path), data={**ALIASES, "salesperson": TEAMMATE}
    )
    assert theirs.status_code == 403


def test_a_bad_mailbox_is_422_naming_the_file_and_line(
    client: TestClient, backend: Backend, tmp_path: Path
) -> None:
    files = [("files", ("notes.mbox", b"Dear diary,\n", "application/mbox"))]
    response = client.post("/imports/mail", files=files, data=ALIASES)
    assert response.status_code == 422, response.text
    assert response.json()["problems"] == [
        {"file": "notes.mbox", "line": 1, "reason": "not an mbox file"}
    ]
    odd = [("files", ("notes.txt", b"x", "text/plain"))]
    assert client.post("/imports/mail", files=odd, data=ALIASES).status_code == 422


def test_a_calendar_export_zip_imports(
    client: TestClient, backend: Backend, tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(ics(tmp_path / "cal.ics"), "zhang@our.example.ics")
    files = [("files", ("calendar.zip", buffer.getvalue(), "application/zip"))]
    done = client.post("/imports/calendar", files=files, data=ALIASES, headers=backend.auth(ADMIN))
    assert done.status_code == 200, done.text
    assert (done.json()["meetings"], done.json()["cancelled"]) == (4, 1)
