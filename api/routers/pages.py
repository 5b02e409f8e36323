"""graph-mtl's own pages: /app (search), /app/people/{id} (warm paths to a person),
/app/customers/{id} (the account map).

Each address answers the same small page; its script (api/static/app.js) reads the
address, calls the JSON API with the key the browser keeps for the session, and
draws with the vendored Cytoscape.js. Nothing is fetched from outside: the
Content-Security-Policy allows this server only.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.schemas import id_path

__all__ = ["router"]

router = APIRouter(prefix="/app", include_in_schema=False)

# The hash is of the one <style> element Cytoscape.js adds to the page.
_POLICY = (
    "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; "
    "img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@cache
def _shell() -> str:
    return files("api").joinpath("templates/app.html").read_text(encoding="utf-8")


def _page(request: Request) -> HTMLResponse:
    config = {"demo": bool(request.app.state.demo), "from": request.app.state.demo_from}
    # `</` cannot end the script element the configuration sits in.
    text = json.dumps(config).replace("</", "<\\/")
    return HTMLResponse(
        _shell().replace("{{config}}", text),
        headers={"Content-Security-Policy": _POLICY, "Cache-Control": "no-store"},
    )


@router.get("")
def search_page(request: Request) -> HTMLResponse:
    return _page(request)


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: str = id_path("The person's id.")) -> HTMLResponse:
    return _page(request)


@router.get("/customers/{customer_id}")
def customer_page(
    request: Request, customer_id: str = id_path("The customer's id.")
) -> HTMLResponse:
    return _page(request)
