"""Stored forms brought up to date on first use: a node's `search` text and an
employment's `company_key` are folded by rules that may change between versions
(traditional Chinese as simplified, the pinyin of Chinese names). Each carries the
form it was written with; older ones are written again, a batch at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j

from graph_mtl.domain.names import company_key, person_search_text, search_text

__all__ = ["KEY_FORM", "SEARCH_FORM", "refresh_forms"]

SEARCH_FORM = 2
"""How the `search` property is folded (2: traditional Chinese as simplified, with
the pinyin of Chinese names)."""
KEY_FORM = 2
"""How an employment's `company_key` is folded (2: traditional Chinese as simplified)."""
_BATCH = 5_000

Read = Callable[..., list[neo4j.Record]]
Write = Callable[..., list[neo4j.Record]]


def refresh_forms(read: Read, write: Write) -> None:
    """Writes again every `search` and `company_key` of an older form."""
    while rows := read("read_unsearchable", form=SEARCH_FORM, limit=_BATCH):
        write("set_search", form=SEARCH_FORM, rows=[_search(r) for r in rows])
    while rows := read("read_unkeyed_employments", form=KEY_FORM, limit=_BATCH):
        keys = [{"node": r["node"], "key": company_key(r["company"])} for r in rows]
        write("set_company_keys", form=KEY_FORM, rows=keys)


def _search(r: neo4j.Record) -> dict[str, Any]:
    text = (
        person_search_text(r["name"], r["id"], r["title"], r["email"])
        if r["person"]
        else search_text(r["name"], r["id"])
    )
    return {"node": r["node"], "search": text}
