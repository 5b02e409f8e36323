"""Schemathesis against /openapi.json with a valid key, in process (ASGI), on the
demo: for every operation, positive and negative data, no server error and no
response that breaks the published schema (status, content type, body, headers).

Hypothesis drives each operation's strategy directly: schemathesis's own pytest
loader (`from_fixture`) does not run under pytest 9.
"""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from api.app import create_app
from graph_mtl.bootstrap import open_store
from graph_mtl.settings import Settings
from tests.api.conftest import ME, prepare

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 15}

# The operations, from the app's schema (the same whatever the store), each with
# the modes it can take: no invalid data can be made for one without any input.
OPERATIONS = [
    pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode}")
    for path, item in create_app(demo=True).openapi()["paths"].items()
    for method, spec in item.items()
    for mode in EXAMPLES
    if mode is GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody")
]


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str]:
    """The schema as the running app serves it, and a live key for sp-zhang."""
    store_settings = Settings(
        store=str(tmp_path_factory.mktemp("fuzz") / "graph.db"), rate_limit="1000000/minute"
    )
    with closing(open_store(store_settings)) as store:
        keys = prepare(store)
    app = create_app(store_settings)
    return schemathesis.openapi.from_asgi("/openapi.json", app), keys[ME]


def test_every_operation_is_covered() -> None:
    assert len({(method, path) for method, path, _ in (p.values for p in OPERATIONS)}) >= 14


@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS)
def test_api_keeps_its_schema(
    keyed: tuple[Any, str], method: str, path: str, mode: GenerationMode
) -> None:
    schema, key = keyed
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {key}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
