"""The write rules at every door: one table of cases, tried through PUT and through
POST /import, with a salesperson's key and with an admin key, on both stores."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ADMIN, ME, TEAMMATE, Backend

PEOPLE = ("id", "name", "customer_id", "title", "roles", "is_salesperson", "email")
TIES = ("source", "target", "strength", "last_contact", "context")
CONTACT = "boyuan-04"
"""A contact of the demo whom several salespeople know."""


@dataclass(frozen=True)
class Case:
    name: str
    people: tuple[dict[str, str], ...] = ()
    ties: tuple[dict[str, str], ...] = ()
    salesperson_may: bool = False
    """What a salesperson's key gets; an admin key may always."""


def _person(ident: str, name: str, *, salesperson: bool) -> dict[str, str]:
    return {"id": ident, "name": name, "is_salesperson": "true" if salesperson else "false"}


def _tie(source: str, target: str) -> dict[str, str]:
    return {"source": source, "target": target, "strength": "0.7", "context": "met at a fair"}


CASES = [
    Case(
        "add a contact",
        people=(_person("new-contact", "New", salesperson=False),),
        salesperson_may=True,
    ),
    Case("demote a teammate", people=(_person(TEAMMATE, "Li", salesperson=False),)),
    Case("make a contact a salesperson", people=(_person("mole", "Mole", salesperson=True),)),
    Case(
        "edit one's own record",
        people=(_person(ME, "Zhang Wei", salesperson=True),),
        salesperson_may=True,
    ),
    Case("demote oneself", people=(_person(ME, "Zhang Wei", salesperson=False),)),
    Case("tie at one's own end", ties=(_tie(ME, CONTACT),), salesperson_may=True),
    Case("tie at a teammate's end", ties=(_tie(CONTACT, TEAMMATE),)),
    Case("tie between two contacts", ties=(_tie(CONTACT, "li-friend"),), salesperson_may=True),
]


def _csv(columns: tuple[str, ...], rows: tuple[dict[str, str], ...]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _by_import(client: TestClient, case: Case, headers: dict[str, str]) -> Any:
    return client.post("/import", files=_files(case), headers=headers)


def _files(case: Case, *more: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    parts = [("people.csv", _csv(PEOPLE, case.people)), ("ties.csv", _csv(TIES, case.ties))]
    return [("files", (name, data, "text/csv")) for name, data in [*parts, *more]]


def _by_put(client: TestClient, case: Case, headers: dict[str, str]) -> Any:
    response = None
    for p in case.people:
        body = {"name": p["name"], "is_salesperson": p["is_salesperson"] == "true"}
        response = client.put(f"/people/{p['id']}", json=body, headers=headers)
    for t in case.ties:
        body = {"strength": float(t["strength"]), "context": t["context"]}
        response = client.put(f"/ties/{t['source']}/{t['target']}", json=body, headers=headers)
    return response


DOORS: dict[str, Callable[[TestClient, Case, dict[str, str]], Any]] = {
    "PUT": _by_put,
    "POST /import": _by_import,
}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_salespersons_key_writes_only_what_the_rules_allow(
    client: TestClient, backend: Backend, case: Case, door: str
) -> None:
    with closing(backend.open()) as store:
        before = store.export().canonical()
    response = DOORS[door](client, case, backend.auth(ME))
    if case.salesperson_may:
        assert response.status_code in (200, 201), response.text
        return
    assert response.status_code == 403, response.text
    assert response.json()["type"].endswith(":forbidden")
    with closing(backend.open()) as store:
        assert store.export().canonical() == before, "a refused write changed nothing"


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_admin_key_writes_all_of_it(
    client: TestClient, backend: Backend, case: Case, door: str
) -> None:
    response = DOORS[door](client, case, backend.auth(ADMIN))
    assert response.status_code in (200, 201), response.text


def test_a_demoted_salespersons_keys_stay_revoked(client: TestClient, backend: Backend) -> None:
    case = CASES[1]  # demote a teammate
    assert _by_import(client, case, backend.auth(ADMIN)).status_code == 200
    assert client.get("/team", headers=backend.auth(TEAMMATE)).status_code == 401
    promote = Case("promote again", people=(_person(TEAMMATE, "Li", salesperson=True),))
    assert _by_import(client, promote, backend.auth(ADMIN)).status_code == 200
    assert client.get("/team", headers=backend.auth(TEAMMATE)).status_code == 401


def test_a_salesperson_cannot_import_the_teams_catalogue(
    client: TestClient, backend: Backend
) -> None:
    files = _files(Case("none"), ("needs.csv", b"id,name,description,can_meet\nn-x,X,,true\n"))
    response = client.post("/import", files=files, headers=backend.auth(ME))
    assert response.status_code == 403 and "needs" in response.json()["detail"]
    assert client.post("/import", files=files, headers=backend.auth(ADMIN)).status_code == 200


def test_only_an_admin_forgets_a_salesperson_or_a_contact_the_team_knows(
    client: TestClient, backend: Backend
) -> None:
    assert client.delete(f"/people/{TEAMMATE}", headers=backend.auth(ME)).status_code == 403
    assert client.delete(f"/people/{CONTACT}", headers=backend.auth(ME)).status_code == 403
    # A contact whose only tie is with the caller is theirs to forget.
    _by_put(client, CASES[0], backend.auth(ME))
    mine = Case("mine", ties=(_tie(ME, "new-contact"),))
    _by_put(client, mine, backend.auth(ME))
    assert client.delete("/people/new-contact", headers=backend.auth(ME)).status_code == 204
    assert client.delete(f"/people/{TEAMMATE}", headers=backend.auth(ADMIN)).status_code == 204
    assert client.get("/team", headers=backend.auth(TEAMMATE)).status_code == 401
    # Re-importing the same id does not bring the old key back.
    promote = Case("again", people=(_person(TEAMMATE, "Li", salesperson=True),))
    assert _by_import(client, promote, backend.auth(ADMIN)).status_code == 200
    assert client.get("/team", headers=backend.auth(TEAMMATE)).status_code == 401


EMPLOYMENTS = ("person_id", "origin", "company", "customer_id", "title", "ref", "since", "until")


def _job(person: str, origin: str) -> dict[str, str]:
    return {"person_id": person, "origin": origin, "company": "Northwind", "since": "2026-01-05"}


@pytest.mark.parametrize(
    ("job", "salesperson_may"),
    [
        (_job(TEAMMATE, "HubSpot"), False),
        (_job(ME, f"LinkedIn ({ME})"), True),
        (_job(ME, "HubSpot"), False),
        (_job(CONTACT, f"LinkedIn ({TEAMMATE})"), False),
        (_job(CONTACT, f"LinkedIn ({ME})"), True),
        (_job(CONTACT, "HubSpot"), True),
    ],
    ids=[
        "a teammate's job",
        "one's own job, from one's own LinkedIn positions",
        "one's own job, from a team source",
        "a record of a teammate's network",
        "a record of one's own network",
        "a team source's record",
    ],
)
def test_employments_in_an_import_pass_the_write_rules(
    client: TestClient, backend: Backend, job: dict[str, str], salesperson_may: bool
) -> None:
    """No employment for a salesperson but their own positions from their own source
    (LinkedIn's Positions.csv), none in another salesperson's own source."""
    files = _files(Case("none"), ("employments.csv", _csv(EMPLOYMENTS, (job,))))
    with closing(backend.open()) as store:
        before = store.export().canonical()
    response = client.post("/import", files=files, headers=backend.auth(ME))
    if salesperson_may:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["type"].endswith(":forbidden")
        with closing(backend.open()) as store:
            assert store.export().canonical() == before, "a refused write changed nothing"
    assert client.post("/import", files=files, headers=backend.auth(ADMIN)).status_code == 200


def test_a_salesperson_cannot_overwrite_a_teammates_linkedin_record(
    client: TestClient, backend: Backend
) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    row = "Lan,Xu,https://www.linkedin.com/in/lan-xu,,华信制造有限公司,CIO,15 Jan 2023\n"
    linkedin = [("files", ("Connections.csv", (header + row).encode(), "text/csv"))]
    imported = client.post("/imports/linkedin", files=linkedin, headers=backend.auth(TEAMMATE))
    assert imported.status_code == 200, imported.text
    with closing(backend.open()) as store:
        (record,) = store.employments(person_ids=["li-lan-xu"])
        before = store.export().canonical()
    rewritten = {
        **_job("li-lan-xu", record.origin),
        "company": record.company,
        "title": "Intern",
        "since": str(record.since),
        "until": str(record.since),
    }
    files = _files(Case("none"), ("employments.csv", _csv(EMPLOYMENTS, (rewritten,))))
    response = client.post("/import", files=files, headers=backend.auth(ME))
    assert response.status_code == 403, response.text
    with closing(backend.open()) as store:
        assert store.export().canonical() == before
