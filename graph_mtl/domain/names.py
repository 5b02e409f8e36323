"""Names as imports compare them: one company or person written many ways.

Two spellings of a company are the same company when their keys are equal: case,
width, spacing, punctuation and legal suffixes (Inc., LLC, Ltd., Co., GmbH,
有限公司, 股份有限公司 …) aside. A person's name compares with case, width and
spacing aside; an e-mail address with case aside (ASCII case: what SQL's lower() folds).

Finding by name (`search_key`) folds further: accents aside as well, so "José
Müller" is found by "jose muller"; the stores keep each item's text folded so and
the query is folded the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "SEARCH_SEPARATOR",
    "company_key",
    "email_key",
    "person_key",
    "search_key",
    "search_text",
]

_LEGAL = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|"
    r"\b(?:inc|incorporated|llc|ltd|limited|co|corp|corporation|company|gmbh|ag|sa|plc|bv)\b)",
)


@lru_cache(maxsize=1 << 16)  # an import meets each company's spelling many times
def company_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _LEGAL.sub(" ", text)
    return re.sub(r"[\W_]+", "", text)


def person_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def email_key(email: str) -> str:
    return email.strip().lower()


def search_key(text: str) -> str:
    """`text` as a name search compares it: compatibility forms (full width) as
    their plain letters, accents dropped, case folded, spacing collapsed; Chinese
    is left as it is."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", bare.casefold()).split())


SEARCH_SEPARATOR = "\n"
"""Between the fields of a search text: `search_key` never leaves one in a query,
so no match spans two fields."""


def search_text(*fields: str | None) -> str:
    """What a store keeps to find an item by: its fields, each `search_key`ed, the
    first (the name) leading, so that a prefix of the text is a prefix of the name."""
    return SEARCH_SEPARATOR.join(search_key(f or "") for f in fields)
