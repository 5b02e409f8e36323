"""How a draft addresses someone: their name in the order their script writes it,
and the form the playbook chooses for how the salesperson knows them.

A Chinese name is written family name first, without a space: 林志远, 欧阳明. A name
stored split the Latin way ("志远 林", "林 志远") is put back together here, so a draft
never greets "志远 林". A Latin name keeps its order ("Jo Park"). The familiar form
calls a Chinese person by the given name (志远; a one-character given name is too
curt alone, so 赵敏 stays 赵敏) and a Latin one by the first name; the formal form by
the family name and an honorific taken from the job title (林总, 周经理), or the whole
name where the title gives none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph_mtl.domain.surnames import family_and_given, is_surname

__all__ = ["Address", "address", "chinese_name", "split_name"]

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def chinese_name(name: str) -> str:
    """A Chinese name family name first, without a space: "志远 林" and "林 志远" →
    林志远; any other name as it is (stripped)."""
    parts = name.split()
    if len(parts) != 2 or not all(_HAN.fullmatch(p[0]) for p in parts):
        return name.strip()
    first, last = parts
    if is_surname(last) and not is_surname(first):
        return last + first
    return first + last


def split_name(name: str) -> tuple[str, str]:
    """(family name, given name) of a Chinese name; ("", first name) of a Latin one
    (its first word), or (last word, first word) when it has two words or more."""
    name = chinese_name(name)
    if _HAN.match(name):
        return family_and_given(name)
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], words[0]


@dataclass(frozen=True)
class Address:
    """The words a draft uses for someone."""

    name: str
    """Their whole name in its right order (林志远, Jo Park)."""
    addressed: str
    """What the greeting calls them: 志远, 林总, Jo."""
    familiar: bool


def address(
    name: str,
    *,
    title: str = "",
    familiar: bool,
    honorifics: Mapping[str, str] | Sequence[tuple[str, str]] = (),
) -> Address:
    """`honorifics`: job-title pattern → honorific, first match wins (总经理 → 总);
    used for a formal Chinese address only."""
    whole = chinese_name(name)
    surname, given = split_name(whole)
    chinese = bool(_HAN.match(whole))
    if familiar:
        called = given if not chinese or len(given) >= 2 else whole
    else:
        pairs = honorifics.items() if isinstance(honorifics, Mapping) else honorifics
        honorific = next((h for p, h in pairs if _holds(title, p)), "")
        called = surname + honorific if chinese and honorific else whole
    return Address(name=whole, addressed=called or whole, familiar=familiar)


def _holds(title: str, pattern: str) -> bool:
    if pattern.isascii():
        return re.search(rf"(?<![A-Za-z]){re.escape(pattern)}(?![A-Za-z])", title, re.I) is not None
    return pattern in title
