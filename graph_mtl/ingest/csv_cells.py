"""The cells of the canonical CSV bundle: each parser returns the value to
validate, or None for "not given", and raises `CellError` with the reason."""

from __future__ import annotations

import math
import re
from datetime import date

from graph_mtl.domain.models import ident_problem

__all__ = [
    "DECIMAL",
    "ISO_DATE",
    "CellError",
    "boolean",
    "choice",
    "date_cell",
    "ident",
    "integer",
    "items",
    "listed_ident",
    "number",
    "text",
]


class CellError(ValueError):
    pass


def ident(cell: str) -> str | None:
    problem = ident_problem(cell)
    if problem is not None:
        raise CellError(problem)
    return cell or None


def listed_ident(cell: str) -> str | None:
    found = ident(cell)
    if found is not None and ";" in found:
        raise CellError("cannot hold ';', which separates list items")
    return found


def text(cell: str) -> str | None:
    return cell or None


def items(cell: str) -> tuple[str, ...] | None:
    return tuple(item.strip() for item in cell.split(";") if item.strip()) or None


def choice(cell: str) -> str | None:
    return cell.strip() or None


def boolean(cell: str) -> bool | None:
    word = cell.strip().lower()
    if word and word not in ("true", "false"):
        raise CellError("must be true or false")
    return word == "true" if word else None


DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def number(cell: str) -> float | None:
    written = cell.strip()
    if not written:
        return None
    # float() alone would take 'nan', 'inf', '1_000' and non-ASCII digits.
    if not DECIMAL.fullmatch(written):
        raise CellError("must be a decimal number such as 1200 or 0.75")
    value = float(written)
    if not math.isfinite(value):
        raise CellError("is too large")
    return value


def integer(cell: str) -> int | None:
    written = cell.strip()
    if written and not _INTEGER.fullmatch(written):
        raise CellError("must be a whole number")
    return int(written) if written else None


def date_cell(cell: str) -> date | None:
    written = cell.strip()
    if not written:
        return None
    # date.fromisoformat alone would also take 20240131 and 2024-W05-3.
    if not ISO_DATE.fullmatch(written):
        raise CellError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(written)
    except ValueError as exc:
        raise CellError(f"is not a real date ({exc})") from exc
