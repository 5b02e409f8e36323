"""Usage errors (a missing option, a bad value, an unknown option or command) in the
reader's language.

typer carries its own copy of click, whose messages are English f-strings (no
gettext domain to install a translation into), so they are translated where
they leave the command: the root group runs parsing and the command inside
`usage_in_language()`, which, in a language other than English, turns click's usage
error into one that says the same from its parts (the parameter, the option's
name, pydantic's error type for a bad value) in the catalogue's words. English
errors pass through untouched, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from pydantic import ValidationError
from typer._click._compat import get_text_stderr
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.utils import echo

from graph_mtl import i18n
from graph_mtl.i18n import _
from graph_mtl.validation import reason

__all__ = ["usage_in_language"]

_NO_SUCH_COMMAND = re.compile(
    r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<like>.+)\?)?$"
)
_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.DOTALL)
_NOT_ONE_OF = re.compile(r"^(?P<value>'.*') is not one of (?P<choices>.*)\.$", re.DOTALL)
_NOT_FORMAT = re.compile(r"^(?P<value>'.*') does not match the formats (?P<formats>.*)\.$")
_NOT_VALID = re.compile(r"^Value (?P<value>'.*') is not a valid (?P<kind>\w+)\.$")


@contextmanager
def usage_in_language() -> Iterator[None]:
    """Let a usage error raised inside speak the current language."""
    try:
        yield
    except NoArgsIsHelpError:
        raise  # the help itself, already in the reader's language
    except UsageError as exc:
        if i18n.current() == i18n.DEFAULT:
            raise
        raise _Said(_message(exc), exc.ctx) from exc


class _Said(UsageError):
    """A usage error already in the reader's words; shown as click shows one."""

    def show(self, file: IO[Any] | None = None) -> None:
        if file is None:
            file = get_text_stderr()
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = (
                    _(
                        "Try '{command} {option}' for help.",
                        command=self.ctx.command_path,
                        option=self.ctx.help_option_names[0],
                    )
                    + "\n"
                )
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        echo(_("Error: {message}", message=self.format_message()), file=file, color=color)


def _message(exc: UsageError) -> str:
    match exc:
        case MissingParameter():
            hint = _hint(exc.param_hint, exc.param)
            kind = exc.param_type or (exc.param.param_type_name if exc.param else "")
            if kind == "option":
                return _("Missing option {hint}.", hint=hint)
            if kind == "argument":
                return _("Missing argument {hint}.", hint=hint)
            return _("Missing parameter {hint}.", hint=hint)
        case BadParameter():
            value = _value_reason(exc)
            if exc.param is None and exc.param_hint is None:
                return _("Invalid value: {reason}", reason=value)
            hint = _hint(exc.param_hint, exc.param)
            return _("Invalid value for {hint}: {reason}", hint=hint, reason=value)
        case NoSuchOption():
            said = _("No such option: {name}", name=exc.option_name)
            if exc.possibilities:
                options = _(", ").join(sorted(exc.possibilities))
                said += _(" (Possible options: {options})", options=options)
            return said
        case BadOptionUsage():
            return _option_usage(exc)
    return _plain(exc.message)


def _hint(given: Sequence[str] | str | None, param: Any) -> str:
    if given is None:
        return str(param.get_error_hint()) if param is not None else ""
    return given if isinstance(given, str) else " / ".join(given)


def _value_reason(exc: BadParameter) -> str:
    """Why a value is refused: pydantic's error by its type, typer's own checks by
    their wording, else the message as it is (a graph-mtl check: already ours)."""
    cause = exc.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        error = cause.errors()[0]
        if error.get("type") == "value_error":
            return _plain(str((error.get("ctx") or {}).get("error", "")).strip())
        return reason(error)
    return _plain(exc.message)


def _plain(message: str) -> str:
    """click's and typer's sentences that carry no parts of their own."""
    if message == "Missing command.":
        return _("Missing command.")
    if found := _NO_SUCH_COMMAND.match(message):
        said = _("No such command {name}.", name=found["name"])
        if found["like"]:
            said += _(" Did you mean {commands}?", commands=found["like"])
        return said
    if found := _EXTRA.match(message):
        return _("Got unexpected extra arguments ({args})", args=found["args"])
    if found := _NOT_ONE_OF.match(message):
        return _("{value} is not one of {choices}.", value=found["value"], choices=found["choices"])
    if found := _NOT_FORMAT.match(message):
        return _("{value} is not a date in the form {formats}.", **found.groupdict())
    if found := _NOT_VALID.match(message):
        return _("{value} is not a valid value.", value=found["value"])
    return message


def _option_usage(exc: BadOptionUsage) -> str:
    name = repr(exc.option_name)
    if exc.message.endswith("requires an argument."):
        return _("Option {name} requires an argument.", name=name)
    if found := re.search(r"requires (\d+) arguments\.$", exc.message):
        return _("Option {name} requires {n} arguments.", name=name, n=found[1])
    if exc.message.endswith("does not take a value."):
        return _("Option {name} does not take a value.", name=name)
    return exc.message
