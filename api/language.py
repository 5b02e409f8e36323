"""The language of a request: the page's `?lang=`, then `Accept-Language`, then
GRAPH_MTL_LANGUAGE, then the playbook's `language` (English without any).

`RequestLanguage` makes it the current language (`graph_mtl.i18n`) while the
request is handled, so what services and the problem handler say is in it; the
response names it in `Content-Language`.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_mtl import i18n

__all__ = ["RequestLanguage", "of_request"]


def of_request(request: HTTPConnection) -> i18n.Language:
    state = request.app.state
    settings = getattr(state, "settings", None)
    playbook = getattr(state, "playbook", None)
    return i18n.choose(
        request.query_params.get("lang"),
        i18n.negotiate(request.headers.get("accept-language")),
        getattr(settings, "language", None),
        getattr(playbook, "language", None),
    )


class RequestLanguage:
    """Each HTTP request handled in its reader's language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = of_request(HTTPConnection(scope))

        async def named(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-language" for name, _ in headers):
                    headers.append((b"content-language", i18n.html_lang(language).encode()))
                message = {**message, "headers": headers}
            await send(message)

        with i18n.use(language):
            await self.app(scope, receive, named)
