"""Who a LinkedIn export's rows name: a member's id from their profile URL, else
their e-mail, else their name and company (stable across exports of every
year), and the keys names are matched by across the export's files."""

from __future__ import annotations

import functools
import hashlib
from urllib.parse import unquote, urlsplit

from graph_mtl.domain.models import ident_problem

__all__ = ["name_keys", "person_id", "slug"]


def person_id(url: str, email: str, name: str, company: str) -> str:
    """A stable id: from the profile URL, else the e-mail, else name and company."""
    found = slug(url)
    if found:
        return f"li-{found}"
    if email.strip():
        candidate = f"mail-{email.strip().lower()}"
        if ident_problem(candidate) is None:
            return candidate
    key = f"{name.strip().lower()}\x1f{company.strip().lower()}".encode()
    return f"li-name-{hashlib.sha256(key).hexdigest()[:16]}"


@functools.lru_cache(maxsize=1 << 16)
def slug(url: str) -> str:
    """The member's part of a profile URL: https://www.linkedin.com/in/jane-doe-1a2b/ →
    jane-doe-1a2b; "" for anything else (a company page, a sponsor, nothing)."""
    parts = [unquote(p) for p in urlsplit(url.strip()).path.split("/") if p]
    if len(parts) >= 2 and parts[0].lower() == "in":
        found = parts[1].strip().lower()
        if found and ident_problem(f"li-{found}") is None:
            return found
    return ""


def name_keys(*parts: str) -> set[str]:
    """The keys a member's name is matched by between files: its parts in either
    order, case and spacing aside ("Jane Doe" and "doe  jane"; 陈国栋 and 国栋 陈)."""
    words = [w for p in parts for w in p.casefold().split()]
    if not words:
        return set()
    return {"".join(words), "".join(reversed(words))}
