"""graph-mtl's own pages: /app (search), /app/people/{id} (warm paths to a person),
/app/customers/{id} (the account map).

Each address answers the same small page; its script (api/static/app.js) reads the
address, calls the JSON API with the key the browser keeps for the session, and
draws with the vendored Cytoscape.js. Nothing is fetched from outside: the
Content-Security-Policy allows this server only.

The page speaks the reader's language from the same message catalogue as the rest
of graph-mtl: /app/messages answers, as JSON, the messages its script marks with
`t()` / `tn()` in one language (`?lang=`, else the request's negotiated one); the
page's `<html lang>` and its configuration name the language the server chose
(`?lang=`, `Accept-Language`, GRAPH_MTL_LANGUAGE, the playbook), which the tab's
own pick overrides.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from api.schemas import id_path
from graph_mtl import i18n

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
    language = i18n.current()  # chosen for this request by api.language
    config = {
        "demo": bool(request.app.state.demo),
        "from": request.app.state.demo_from,
        "lang": i18n.html_lang(language),
    }
    # `</` cannot end the script element the configuration sits in.
    text = json.dumps(config).replace("</", "<\\/")
    shell = _shell().replace("{{config}}", text).replace("{{lang}}", i18n.html_lang(language))
    return HTMLResponse(
        shell,
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


@router.get("/team/{target_id}")
def team_page(
    request: Request, target_id: str = id_path("The account's or the person's id.")
) -> HTMLResponse:
    return _page(request)


# A string literal as app.js writes its messages: double quotes, JSON escapes.
_LITERAL = r'"(?:[^"\\\n]|\\.)*"'
_MARKED = re.compile(rf"\b(tn?)\(\s*({_LITERAL})(?:\s*,\s*({_LITERAL}))?")


@cache
def page_messages() -> tuple[tuple[str, ...], ...]:
    """The messages api/static/app.js marks: `(id,)` for `t()`, `(singular, plural)`
    for `tn()` (scripts/catalogue.py extracts the same with Babel)."""
    script = files("api").joinpath("static/app.js").read_text(encoding="utf-8")
    found: dict[tuple[str, ...], None] = {}
    for kind, first, second in _MARKED.findall(script):
        ids = (json.loads(first),) if kind == "t" else (json.loads(first), json.loads(second))
        found[ids] = None
    return tuple(found)


@router.get("/messages")
def messages(lang: str | None = None) -> JSONResponse:
    """The page's messages in one language: `messages` maps each id to its text;
    `plurals` maps a counted message's singular to its forms for one and for many
    (both languages' rules: English one/other, Chinese one form for every count)."""
    language = i18n.current()  # `?lang=` first, as for every request
    catalogue = i18n.translator(language)
    texts: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for ids in page_messages():
        if len(ids) == 1:
            texts[ids[0]] = catalogue.gettext(ids[0])
        else:
            plurals[ids[0]] = [catalogue.ngettext(ids[0], ids[1], n) for n in (1, 2)]
    body: dict[str, Any] = {
        "lang": i18n.html_lang(language),
        "messages": texts,
        "plurals": plurals,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-cache"})
