"""Names as imports compare them: one company or person written many ways.

Two spellings of a company are the same company when their keys are equal: case,
width, spacing, punctuation and legal suffixes (Inc., LLC, Ltd., Co., GmbH,
有限公司, 股份有限公司 …) aside. A person's name compares with case, width and
spacing aside; an e-mail address with case aside (ASCII case: what SQL's lower() folds).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["company_key", "email_key", "person_key"]

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
