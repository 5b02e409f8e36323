"""pydantic's reasons for a value it refuses, in the reader's language: the API's
422 for a request's own validation (each error's field and reason), and the
command line's bad option values (typer checks them with pydantic).

In English the reason is pydantic's own message, unchanged; in another language
it is the catalogue's message for the error's `type` (pydantic's ids, stable
across its versions), filled with the values of the error's `ctx` (a bound, a
length, the choices). A type not listed here keeps pydantic's English message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from graph_mtl import i18n
from graph_mtl.i18n import _, ngettext

__all__ = ["reason"]

_QUOTED = re.compile(r"'[^']*'")


def _choices(ctx: Mapping[str, Any]) -> str:
    """pydantic's "'a', 'b' or 'c'" as a list in the reader's words."""
    expected = str(ctx.get("expected", ""))
    found = _QUOTED.findall(expected)
    return _(", ").join(found) if found else expected


def _n(ctx: Mapping[str, Any], key: str) -> int:
    value = ctx.get(key, 0)
    return value if isinstance(value, int) else 0


_REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda c: _("Field required"),
    "extra_forbidden": lambda c: _("Extra inputs are not permitted"),
    "greater_than": lambda c: _("Input should be greater than {gt}", gt=c.get("gt")),
    "greater_than_equal": lambda c: _(
        "Input should be greater than or equal to {ge}", ge=c.get("ge")
    ),
    "less_than": lambda c: _("Input should be less than {lt}", lt=c.get("lt")),
    "less_than_equal": lambda c: _("Input should be less than or equal to {le}", le=c.get("le")),
    "multiple_of": lambda c: _(
        "Input should be a multiple of {multiple_of}", multiple_of=c.get("multiple_of")
    ),
    "finite_number": lambda c: _("Input should be a finite number"),
    "string_too_short": lambda c: ngettext(
        "String should have at least {min_length} character",
        "String should have at least {min_length} characters",
        _n(c, "min_length"),
        min_length=_n(c, "min_length"),
    ),
    "string_too_long": lambda c: ngettext(
        "String should have at most {max_length} character",
        "String should have at most {max_length} characters",
        _n(c, "max_length"),
        max_length=_n(c, "max_length"),
    ),
    "too_short": lambda c: ngettext(
        "should have at least {min_length} item",
        "should have at least {min_length} items",
        _n(c, "min_length"),
        min_length=_n(c, "min_length"),
    ),
    "too_long": lambda c: ngettext(
        "should have at most {max_length} item",
        "should have at most {max_length} items",
        _n(c, "max_length"),
        max_length=_n(c, "max_length"),
    ),
    "string_pattern_mismatch": lambda c: _(
        "String should match pattern '{pattern}'", pattern=c.get("pattern")
    ),
    "string_type": lambda c: _("Input should be a valid string"),
    "string_unicode": lambda c: _("Input should be a valid string"),
    "enum": lambda c: _("Input should be one of {choices}", choices=_choices(c)),
    "literal_error": lambda c: _("Input should be one of {choices}", choices=_choices(c)),
    "int_type": lambda c: _("Input should be a valid integer"),
    "int_parsing": lambda c: _("Input should be a valid integer"),
    "int_parsing_size": lambda c: _("Input should be a valid integer"),
    "int_from_float": lambda c: _("Input should be a valid integer"),
    "float_type": lambda c: _("Input should be a valid number"),
    "float_parsing": lambda c: _("Input should be a valid number"),
    "bool_type": lambda c: _("Input should be a valid boolean"),
    "bool_parsing": lambda c: _("Input should be a valid boolean"),
    "list_type": lambda c: _("Input should be a valid list"),
    "dict_type": lambda c: _("Input should be a valid object"),
    "model_type": lambda c: _("Input should be a valid object"),
    "model_attributes_type": lambda c: _("Input should be a valid object"),
    "date_type": lambda c: _("Input should be a valid date (YYYY-MM-DD)"),
    "date_parsing": lambda c: _("Input should be a valid date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": lambda c: _("Input should be a valid date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": lambda c: _("Input should be a valid date (YYYY-MM-DD)"),
    "datetime_type": lambda c: _("Input should be a valid date and time"),
    "datetime_parsing": lambda c: _("Input should be a valid date and time"),
    "json_invalid": lambda c: _("Invalid JSON"),
    "json_type": lambda c: _("Invalid JSON"),
    "value_error": lambda c: _("Value error, {error}", error=c.get("error", "")),
    "assertion_error": lambda c: _("Value error, {error}", error=c.get("error", "")),
}


def reason(error: Mapping[str, Any]) -> str:
    """One validation error's reason: pydantic's message in English, the catalogue's
    for its type in another language (pydantic's message for a type not listed)."""
    message = str(error.get("msg", ""))
    if i18n.current() == i18n.DEFAULT:
        return message
    said = _REASONS.get(str(error.get("type", "")))
    if said is None:
        return message
    try:
        return said(error.get("ctx") or {})
    except (KeyError, ValueError, IndexError):
        return message
