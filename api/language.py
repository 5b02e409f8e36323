"""The language of a request: the page's `?lang=`, then `Accept-Language`, then
GRAPH_MTL_LANGUAGE, then the playbook's `language` (English without any).

`RequestLanguage` makes it the current language (`graph_mtl.i18n`) while the
request is handled, so what services and the problem handler say is in it; the
response names it in `Content-Language`.
"""

from __future__ import annotations

from starlette.datastructures import QueryParams
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_mtl import i18n

__all__ = ["RequestLanguage", "of_request"]


def of_request(request: HTTPConnection) -> i18n.Language:
    return _of_scope(request.scope)


def _of_scope(scope: Scope) -> i18n.Language:
    # Read from the scope as HTTPConnection would, without parsing a query string
    # that cannot hold `lang` or building the headers' mapping.
    query: bytes = scope.get("query_string", b"")
    lang = QueryParams(query).get("lang") if b"lang" in query else None
    accept = next(
        (v.decode("latin-1") for k, v in scope["headers"] if k == b"accept-language"), None
    )
    state = scope["app"].state
    return i18n.choose(
        lang,
        i18n.negotiate(accept),
        getattr(getattr(state, "settings", None), "language", None),
        getattr(getattr(state, "playbook", None), "language", None),
    )


class RequestLanguage:
    """Each HTTP request handled in its reader's language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = _of_scope(scope)

        async def named(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-language" for name, _ in headers):
                    headers.append((b"content-language", i18n.html_lang(language).encode()))
                message = {**message, "headers": headers}
            await send(message)

        with i18n.use(language):
            await self.app(scope, receive, named)
