"""Text the API takes, checked before any handler runs (one app-wide dependency):
no NUL character in a path parameter, a query parameter, a JSON body's string
or a form field (no name or id holds one, and a store's text search cannot take
it), and a path and query that are UTF-8 once percent-decoded (else two byte
strings would name one id). Either is a 422 naming the field.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

from fastapi import Request

from api.problems import shown
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _

__all__ = ["plain_text"]

_NUL = "\x00"


async def plain_text(request: Request) -> None:
    _check_path(request)
    _check_query(request.scope.get("query_string", b""))
    if (request.headers.get("content-type") or "").startswith("application/json"):
        await _check_json(request)
    form = getattr(request, "_form", None)  # only a form the route itself has read
    if form is not None:
        for key, value in form.multi_items():
            if isinstance(value, str) and _NUL in value:
                raise InvalidInput(shown(key), _("cannot hold a NUL character"))


def _plain(raw: bytes) -> bool:
    """Whether `raw` is ASCII without a NUL or a percent sign: then it decodes to
    itself, which holds no NUL and is UTF-8 (most paths and queries: nothing to do)."""
    return raw.isascii() and b"%" not in raw and b"\x00" not in raw


def _check_path(request: Request) -> None:
    params = request.path_params
    for name, value in params.items():
        if isinstance(value, str) and _NUL in value:
            raise InvalidInput(name, _("cannot hold a NUL character"))
    raw = request.scope.get("raw_path") or request.scope["path"].encode()
    if _plain(raw):
        return
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        # Starlette decoded the bad bytes to U+FFFD: the parameter holding one.
        named = [n for n, v in params.items() if isinstance(v, str) and "\ufffd" in v]
        raise InvalidInput(
            named[0] if named else "path", _("is not UTF-8 once percent-decoded")
        ) from None


def _check_query(query: bytes) -> None:
    if _plain(query):
        return
    for pair in query.split(b"&"):
        key, _sep, value = pair.partition(b"=")
        name = unquote(key.replace(b"+", b" ").decode("latin-1"), errors="replace")
        for part in (key, value):
            decoded = unquote_to_bytes(part.replace(b"+", b" "))
            if b"\x00" in decoded:
                raise InvalidInput(shown(name), _("cannot hold a NUL character"))
            try:
                decoded.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput(shown(name), _("is not UTF-8 once percent-decoded")) from None


async def _check_json(request: Request) -> None:
    body = await request.body()  # already read by the route, and kept
    if b"\\u0000" not in body:
        return  # a NUL in JSON text is written \u0000 (a raw one is invalid JSON)
    try:
        field = _nul_at(json.loads(body), [])
    except (ValueError, RecursionError):
        return  # the route's own validation says why
    if field is not None:
        raise InvalidInput(shown(field) or "body", _("cannot hold a NUL character"))


def _nul_at(value: Any, where: list[str]) -> str | None:
    """The field (`ties.0.context`) of the first string holding a NUL, or None."""
    if isinstance(value, str):
        return ".".join(where) if _NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if _NUL in key:
                return ".".join([*where, key])
            if (found := _nul_at(item, [*where, key])) is not None:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            if (found := _nul_at(item, [*where, str(i)])) is not None:
                return found
    return None
