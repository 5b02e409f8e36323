"""Dates as LinkedIn exports write them, whatever the year and the file.

A day: `08 Feb 2026` (Connected On), `2025-06-01 14:03:22 UTC` and `2024/02/01
15:02:55 UTC` (messages), `1/29/26, 2:37 PM` (Invitations' Sent At, month first
as LinkedIn's US format writes it), or a plain ISO date. Month names are
English whatever the member's language. A month (Positions' Started On and
Finished On): `Jan 2019`, or a year alone (`2019`). Each format is recognised by
its shape, never by the export's year; anything else is None, for the caller
to report with the file and line.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["DAY_EXAMPLE", "MONTH_EXAMPLE", "day", "month_end", "month_start"]

DAY_EXAMPLE = "15 Jan 2023"
MONTH_EXAMPLE = "Jan 2019"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_FULL = frozenset(
    {"january", "february", "march", "april", "june", "july", "august", "september"}
    | {"october", "november", "december"}
)
_NAMED = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")
_NUMERIC = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?.*)?")
_US = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*[AaPp][Mm])?"
)
_MONTH = re.compile(r"(?:([A-Za-z]{3,9})\.?\s+)?(\d{4})")


def day(text: str) -> date | None:
    """The day `text` names, in any of LinkedIn's forms (see the module), or None."""
    text = text.strip()
    try:
        if m := _NAMED.fullmatch(text):
            month = _month_number(m[2])
            return None if month is None else date(int(m[3]), month, int(m[1]))
        if m := _NUMERIC.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _US.fullmatch(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[1]), int(m[2]))
    except ValueError:  # 31 Feb, month 13
        return None
    return None


def month_start(text: str) -> date | None:
    """The first day of `Jan 2019` (or of `2019`), or None."""
    found = _month(text)
    return None if found is None else date(found[0], found[1] or 1, 1)


def month_end(text: str) -> date | None:
    """The last day of `Jan 2019` (or of `2019`), or None."""
    found = _month(text)
    if found is None:
        return None
    year, month = found[0], found[1] or 12
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _month(text: str) -> tuple[int, int | None] | None:
    m = _MONTH.fullmatch(text.strip())
    if m is None or not 1900 <= int(m[2]) <= 9999:
        return None
    if m[1] is None:
        return int(m[2]), None
    month = _month_number(m[1])
    return None if month is None else (int(m[2]), month)


def _month_number(name: str) -> int | None:
    lowered = name.lower()
    found = _MONTHS.get(lowered[:3])
    if found is None or (len(lowered) > 3 and lowered not in _FULL and lowered != "sept"):
        return None
    return found
