"""Wording every answer shares: counts with their nouns, large numbers, names in
the playbook's language, and the name a message greets someone by.

The demo's names are written "中文 English" (role "财务总监 Finance director",
capability "云ERP套件 Cloud ERP suite"); `in_language` keeps the half a message
in that language needs, and leaves any other name as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from graph_mtl import i18n

__all__ = [
    "Language",
    "count",
    "for_reader",
    "greeting_name",
    "in_language",
    "joined",
    "number",
]

Language = Literal["en", "zh"]

_IRREGULAR = {"person": "people", "key person": "key persons", "company": "companies"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def number(value: float) -> str:
    """A whole number with thousands separators: 1800000 → "1,800,000"."""
    return f"{value:,.0f}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 hop", "2 hops", "1,200 customers"; `plural` for a noun that is not `noun + s`."""
    if n == 1:
        return f"1 {noun}"
    many = (
        plural or _IRREGULAR.get(noun) or (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")
    )
    return f"{number(n)} {many}"


def in_language(name: str, language: Language) -> str:
    """The Chinese half of a bilingual name for "zh", the English half for "en";
    a name in one language only is kept whole."""
    for at, char in enumerate(name):
        if char != " ":
            continue
        head, tail = name[:at], name[at + 1 :].strip()
        if _CJK.search(head) and tail and not _CJK.search(tail):
            return head if language == "zh" else tail
    return name


def for_reader(name: str) -> str:
    """A bilingual name ("总经理 CEO / General manager") as it is displayed: the half
    in the current reader's language (graph_mtl.i18n); the stored name is unchanged."""
    return in_language(name, "zh" if i18n.current() == "zh_CN" else "en")


def greeting_name(name: str) -> str:
    """What a short message calls someone: a Latin name's first word ("Jo Park" →
    "Jo"); a Chinese name whole (张伟)."""
    if _CJK.search(name):
        return name.strip()
    first = name.strip().split(" ", 1)[0].rstrip(",")
    return first or name.strip()


def joined(items: Sequence[str], language: Language) -> str:
    """A list in running text: "A, B and C"; "A、B和C"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if language == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]
