"""Words people read, in their language: one message catalogue, English and
Simplified Chinese (gettext, through Babel's tools).

The catalogues are `graph_mtl/locale/<language>/LC_MESSAGES/graph_mtl.po`; the
compiled `.mo` beside each is committed (a test checks it matches its `.po`), so
the package and the wheel need no build step and the run time only the standard
library's `gettext`. A message's id is its English text, with `{named}` values:

    _("unknown {kind} {ident!r}", kind="person", ident="p-1")
    ngettext("{n} hop", "{n} hops", hops, n=hops)      # Chinese has one form
    N_("Print JSON for programs.")                     # marked; translated when shown

The pattern (STYLE 11). Services, reports and the CLI mark their sentences with
`_()` / `ngettext()` and never choose a language: the edge does, once per call,
with `use(language)` (a context variable, as Django's `translation.override`) —
the CLI from `--lang`, GRAPH_MTL_LANGUAGE or the playbook's `language`; the API
per request from `?lang=`, `Accept-Language`, GRAPH_MTL_LANGUAGE or the
playbook's. So a service's sentence is built from its message id and values in
the reader's language, on the edge's say, without a translator threaded through
every signature. Texts fixed at import time (help texts, headings) are marked
with `N_()` and translated with `gettext()` where they are shown. Ids, JSON keys
and enum values are never translated. Data that is stored (a tie's context, a
record's origin) is not translated either: it is written once, for every reader.

Language tags are normalised: "zh", "zh-CN", "zh_Hans", "zh-Hans-CN" → "zh_CN";
"en", "en-US" → "en"; anything else is not one of ours (English is the default).
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Final, Literal

__all__ = [
    "DEFAULT",
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "Language",
    "_",
    "activate",
    "choose",
    "current",
    "gettext",
    "html_lang",
    "negotiate",
    "ngettext",
    "normalize",
    "translator",
    "use",
]

Language = Literal["en", "zh_CN"]
LANGUAGES: Final[tuple[Language, ...]] = ("en", "zh_CN")
DEFAULT: Final[Language] = "en"
DOMAIN: Final = "graph_mtl"

_current: ContextVar[Language] = ContextVar("graph_mtl_language", default=DEFAULT)


@lru_cache(maxsize=256)  # asked on every request, for the same few tags
def normalize(tag: str | None) -> Language | None:
    """One of our languages for a tag ("zh-Hans-CN" → "zh_CN"), or None."""
    if not tag:
        return None
    parts = re.split(r"[-_.@]", tag.strip().lower())
    if parts[0] == "en":
        return "en"
    if parts[0] == "zh" and not {"tw", "hk", "mo", "hant"} & set(parts[1:]):
        return "zh_CN"
    return None


def choose(*candidates: str | None) -> Language:
    """The first candidate that is one of our languages (most specific first), else
    English."""
    for candidate in candidates:
        found = normalize(candidate)
        if found is not None:
            return found
    return DEFAULT


def negotiate(accept_language: str | None) -> Language | None:
    """The language an `Accept-Language` header prefers among ours, or None."""
    if not accept_language:
        return None
    ranked: list[tuple[float, int, Language]] = []
    for at, item in enumerate(accept_language.split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        found = normalize(tag)
        if found is not None and quality > 0:
            ranked.append((-quality, at, found))
    return min(ranked)[2] if ranked else None


def html_lang(language: Language) -> str:
    """The BCP 47 tag for `<html lang>` and `Content-Language`."""
    return "zh-CN" if language == "zh_CN" else "en"


@cache
def translator(language: Language) -> _gettext.NullTranslations:
    """The compiled catalogue of `language` (English for an unknown one)."""
    found = normalize(language) or DEFAULT
    mo = files("graph_mtl").joinpath(f"locale/{found}/LC_MESSAGES/{DOMAIN}.mo")
    with mo.open("rb") as stream:
        return _gettext.GNUTranslations(stream)


def current() -> Language:
    """The language the edge chose for this call."""
    return _current.get()


def activate(language: str | None) -> None:
    """Make `language` the current one for the rest of this context (the CLI's
    `--lang`); `use` is the scoped form."""
    _current.set(choose(language))


@contextmanager
def use(language: str | None) -> Iterator[Language]:
    """Render in `language` inside the block."""
    token = _current.set(choose(language))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for a marker
    """Mark `message` for the catalogue without translating it (yet)."""
    return message


def gettext(message: str) -> str:
    """`message` (an id marked with `N_`) in the current language."""
    return translator(_current.get()).gettext(message) if message else message


def _(message: str, /, **values: Any) -> str:
    """`message` in the current language, its `{named}` values filled in."""
    text = translator(_current.get()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of a counted message for `n`, in the current language; the
    values are filled in (`n` among them when the message names it)."""
    text = translator(_current.get()).ngettext(singular, plural, n)
    return text.format(**({"n": n} | values))
