"""One id rule at every door: what the CSV import refuses, the API refuses too, so
nothing can be written that cannot be read, addressed or deleted."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.models import IDENT_PATTERN, ident_problem
from tests.api.conftest import ADMIN, Backend

LOOKALIKES = [" sp-zhang", "sp-zhang ", "sp-\u202ezhang", "sp-\u200fzhang", "sp\x00zhang", "a\nb"]


@pytest.mark.parametrize("ident", LOOKALIKES, ids=repr)
def test_an_id_the_import_refuses_is_refused_by_the_api(
    client: TestClient, backend: Backend, ident: str
) -> None:
    assert ident_problem(ident) is not None
    response = client.put(f"/people/{quote(ident, safe='')}", json={"name": "Lookalike"})
    assert response.status_code == 422, response.text
    response = client.put("/people/p-ok", json={"name": "Ok", "roles": [ident]})
    assert response.status_code == 422, response.text
    people = f'id,name,customer_id,title,roles,is_salesperson,email\n"{ident}",L,,,,false,\n'
    files = [
        ("files", ("people.csv", people.encode(), "text/csv")),
        ("files", ("ties.csv", b"source,target,strength,last_contact,context\n", "text/csv")),
    ]
    rejected = client.post("/import", files=files, headers=backend.auth(ADMIN))
    assert rejected.status_code == 422
    assert rejected.json()["problems"][0]["file"] == "people.csv"


def test_an_id_with_a_slash_cannot_be_imported(client: TestClient, backend: Backend) -> None:
    files = [
        ("files", ("people.csv", b"id,name\na/b,Slash\n", "text/csv")),
        ("files", ("ties.csv", b"source,target,strength\n", "text/csv")),
    ]
    rejected = client.post("/import", files=files, headers=backend.auth(ADMIN))
    assert rejected.status_code == 422 and "'/'" in rejected.json()["problems"][0]["reason"]


@given(st.text(max_size=6))
def test_the_schemas_pattern_is_the_id_rule(value: str) -> None:
    matches = re.fullmatch(IDENT_PATTERN, value) is not None
    assert matches == (bool(value) and ident_problem(value) is None)
