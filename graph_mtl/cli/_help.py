"""How `--help` reads: plain text, one paragraph per option, no type tags.

Typer's rich help puts a type tag beside every parameter (`<bool>`, `<str>`,
`<int>`), moves `[default: 4]` to a line of its own when the column is narrow, and
reads square brackets in a help text as markup (so `[env: GRAPH_MTL_STORE]` vanished).
Every group of the command is a `HelpGroup` with rich help turned off
(`rich_markup_mode=None`: click's plain formatter, each option's help one wrapped
paragraph with its default and `[required]` at its end), and the group gives its
commands' parameters a metavar that names the value instead of its type:
nothing for a flag, the choices for a choice (`strongest|shortest`), `DATE`,
`PATH`, else the option's own name (`--max-hops MAX_HOPS`, as argparse does).
The commands list shows each command's whole first sentence rather than cutting
it at 45 characters.

Help is shown in the current language (`graph_mtl.i18n`): the texts are written in
English in the code, and the formatter looks each one up in the catalogue when it
writes it (headings, each option's help and its `[default: …; required]`, each
command's text). `scripts/catalogue.py` collects the help texts from the commands.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from typer import _click as click  # typer's own click: its Context and Exit
from typer.core import TyperArgument, TyperGroup, TyperOption

from graph_mtl.i18n import N_, gettext

__all__ = ["HELP_WORDS", "HelpGroup", "help_texts"]

HELP_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("required"),
    N_("default: {default}"),
    N_("{heading}:"),
)
"""Click's own words in the help, translated as the formatter writes them."""
_EXTRA = re.compile(r"^(?P<help>.*?)(?:  |^)\[(?P<extra>[^\[\]]*)\]$", re.DOTALL)


def _translated_help(text: str) -> str:
    """An option's help and its `[default: …; required]`, in the current language."""
    found = _EXTRA.match(text)
    if found is None:
        return gettext(text)
    extras = []
    for part in found["extra"].split("; "):
        name, colon, value = part.partition(": ")
        if colon and name == "default":
            extras.append(gettext("default: {default}").format(default=value))
        else:
            extras.append(gettext(part))
    head = gettext(found["help"])
    return f"{head}  [{'; '.join(extras)}]" if head else f"[{'; '.join(extras)}]"


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=f"{gettext('Usage:')} ")

    def write_heading(self, heading: str) -> None:
        line = gettext("{heading}:").format(heading=gettext(heading))
        self.write(f"{'':>{self.current_indent}}{line}\n")

    def write_text(self, text: str) -> None:
        super().write_text(gettext(text))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, _translated_help(help)) for term, help in rows]
        super().write_dl(rows, col_max, col_spacing)


class _Context(click.Context):
    formatter_class = _Formatter


def help_texts(command: Any) -> list[str]:
    """Every help text of `command` and its subcommands, as the formatter looks it up."""
    found = []
    if command.help:
        found.append(inspect.cleandoc(command.help).partition("\f")[0])
    found += [param.help for param in command.params if getattr(param, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        found += help_texts(sub)
    return found


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        described = self.type_descriptor
        if described.is_choice:
            return "|".join(str(getattr(c, "value", c)) for c in described.choices or ())
        if described.is_datetime:
            return "DATE"
        if described.is_path:
            return "PATH"
        longest = max(self.opts, key=len)
        return longest.lstrip("-").replace("-", "_").upper()


def _tidy(command: Any) -> None:
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
            param.metavar = param.metavar or (param.name or "").upper()
        elif type(param) is TyperOption:
            param.__class__ = _Option
    command.rich_markup_mode = None
    command.context_class = _Context


class HelpGroup(TyperGroup):
    """A command group whose help, and its commands', is plain and tag-free."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)
        for command in self.commands.values():
            _tidy(command)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [
            (name, _first_sentence(_cleaned(command.short_help or command.help or "")))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section(N_("Commands")):
                formatter.write_dl(rows)


def _cleaned(text: str) -> str:
    return gettext(inspect.cleandoc(text).partition("\f")[0])


def _first_sentence(text: str) -> str:
    paragraph = text.split("\n\n", 1)[0]
    if "。" in paragraph:  # Chinese: the lines join without spaces
        return "".join(line.strip() for line in paragraph.splitlines()).partition("。")[0] + "。"
    paragraph = " ".join(paragraph.split())
    head, dot, _rest = paragraph.partition(". ")
    return head + "." if dot else paragraph
